import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('CREATE TYPE … AS ENUM / ALTER TYPE / DROP TYPE', () => {
  it('parses the label list, empty included, and a qualified name', () => {
    expect(one("CREATE TYPE s.mood AS ENUM ('sad', 'ok', 'happy')")).toMatchObject({
      kind: 'createEnum',
      name: { schema: 's', name: 'mood' },
      labels: ['sad', 'ok', 'happy'],
    });
    expect(one('create type e as enum ()')).toMatchObject({ kind: 'createEnum', labels: [] });
  });

  it('parses a composite type: its columns with their types, none included', () => {
    expect(one('CREATE TYPE s.pair AS (a int, b varchar(3)[])')).toMatchObject({
      kind: 'createCompositeType',
      name: { schema: 's', name: 'pair' },
      columns: [
        { name: 'a', type: { name: 'int4' } },
        { name: 'b', type: { name: 'varchar', modifiers: [3], arrayBounds: [-1] } },
      ],
    });
    expect(one('create type e as ()')).toMatchObject({ kind: 'createCompositeType', columns: [] });
  });

  it('rejects other type kinds at the word', () => {
    expect(() => one("CREATE TYPE t AS domain ('a')")).toThrow(/syntax error at or near "domain"/);
  });

  it('refuses CREATE TYPE … AS RANGE with 0A000', () => {
    expect(() => one('CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi)')).toThrow(
      expect.objectContaining({ code: '0A000', message: 'user-defined range types are not supported' }),
    );
  });

  it('parses ADD VALUE with IF NOT EXISTS and BEFORE / AFTER, and the renames', () => {
    expect(one("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok'")).toMatchObject({
      kind: 'alterType',
      action: { kind: 'addValue', label: 'meh', ifNotExists: true, neighbor: { label: 'ok', after: false } },
    });
    expect(one("ALTER TYPE mood ADD VALUE 'x' AFTER 'ok'")).toMatchObject({
      action: { kind: 'addValue', ifNotExists: false, neighbor: { after: true } },
    });
    expect(one("ALTER TYPE mood ADD VALUE 'x'")).toMatchObject({ action: { neighbor: undefined } });
    expect(() => one("ALTER TYPE mood ADD VALUE 'x' behind 'y'")).toThrow(/syntax error/);
    expect(one("ALTER TYPE mood RENAME VALUE 'a' TO 'b'")).toMatchObject({
      action: { kind: 'renameValue', from: 'a', to: 'b' },
    });
    expect(one('ALTER TYPE mood RENAME TO Feeling')).toMatchObject({
      action: { kind: 'renameType', to: 'feeling' },
    });
  });

  it('parses OWNER TO and SET SCHEMA, and refuses another word before TO', () => {
    expect(one('ALTER TYPE s.mood OWNER TO CURRENT_USER')).toMatchObject({
      name: { schema: 's', name: 'mood' },
      action: { kind: 'owner', role: { kind: 'current_user' } },
    });
    expect(one('ALTER TYPE mood OWNER TO app')).toMatchObject({
      action: { kind: 'owner', role: { name: 'app' } },
    });
    expect(one('ALTER TYPE mood SET SCHEMA Other')).toMatchObject({
      action: { kind: 'setSchema', schema: 'other' },
    });
    expect(() => one('ALTER TYPE mood OWNERS TO app')).toThrow(/syntax error at or near "OWNERS"/);
  });

  it('parses DROP TYPE with several names and CASCADE', () => {
    expect(one('DROP TYPE IF EXISTS a, s.b CASCADE')).toMatchObject({
      kind: 'drop',
      objectType: 'type',
      ifExists: true,
      behavior: 'cascade',
      names: [{ name: 'a' }, { schema: 's', name: 'b' }],
    });
  });

  it('keeps type, value and enum usable as column names', () => {
    expect(one('SELECT type, value, enum FROM t')).toMatchObject({ kind: 'select' });
  });
});
