import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('CREATE DOMAIN / ALTER DOMAIN / DROP DOMAIN', () => {
  it('parses the base type, COLLATE, DEFAULT and named and unnamed constraints in order', () => {
    expect(
      one(
        "CREATE DOMAIN s.code varchar(3) COLLATE \"C\" DEFAULT 'ab' CONSTRAINT c1 NOT NULL CHECK (VALUE <> 'no')",
      ),
    ).toMatchObject({
      kind: 'createDomain',
      name: { schema: 's', name: 'code' },
      type: { name: 'varchar', modifiers: [3] },
      collation: 'C',
      constraints: [
        { kind: 'columnDefault' },
        { kind: 'notNull', name: 'c1' },
        { kind: 'check', expr: { kind: 'binaryOp', left: { kind: 'columnRef', names: ['value'] } } },
      ],
    });
    expect(one('create domain posint as int')).toMatchObject({ kind: 'createDomain', constraints: [] });
  });

  it('refuses the constraints a domain cannot have, with DefineDomain messages', () => {
    expect(() => one('CREATE DOMAIN d AS int UNIQUE')).toThrow('unique constraints not possible for domains');
    expect(() => one('CREATE DOMAIN d AS int PRIMARY KEY')).toThrow(
      'primary key constraints not possible for domains',
    );
    expect(() => one('CREATE DOMAIN d AS int REFERENCES t')).toThrow(
      'foreign key constraints not possible for domains',
    );
  });

  it('parses every ALTER DOMAIN action', () => {
    const action = (sql: string) => (one(`ALTER DOMAIN d ${sql}`) as { action: unknown }).action;
    expect(action('SET DEFAULT 5')).toMatchObject({ kind: 'setDefault', expr: { kind: 'literal' } });
    expect(action('DROP DEFAULT')).toEqual({ kind: 'dropDefault' });
    expect(action('SET NOT NULL')).toEqual({ kind: 'setNotNull' });
    expect(action('DROP NOT NULL')).toEqual({ kind: 'dropNotNull' });
    expect(action('ADD CONSTRAINT c CHECK (VALUE > 0) NOT VALID')).toMatchObject({
      kind: 'addConstraint',
      constraint: { kind: 'check', name: 'c' },
      notValid: true,
    });
    expect(action('ADD CHECK (VALUE > 0)')).toMatchObject({ kind: 'addConstraint', notValid: false });
    expect(action('DROP CONSTRAINT IF EXISTS c CASCADE')).toEqual({
      kind: 'dropConstraint',
      name: 'c',
      ifExists: true,
      behavior: 'cascade',
    });
    expect(action('VALIDATE CONSTRAINT c')).toEqual({ kind: 'validateConstraint', name: 'c' });
    expect(action('RENAME CONSTRAINT a TO b')).toEqual({ kind: 'renameConstraint', from: 'a', to: 'b' });
    expect(action('RENAME TO e')).toEqual({ kind: 'rename', to: 'e' });
    expect(action('OWNER TO alice')).toMatchObject({
      kind: 'ownerTo',
      role: { kind: 'name', name: 'alice' },
    });
    expect(action('SET SCHEMA s')).toEqual({ kind: 'setSchema', schema: 's' });
    expect(() => one('ALTER DOMAIN d OWNED TO alice')).toThrow(/syntax error/);
  });

  it('parses DROP DOMAIN, and keeps domain and validate usable as names', () => {
    expect(one('DROP DOMAIN IF EXISTS a, s.b CASCADE')).toMatchObject({
      kind: 'drop',
      objectType: 'domain',
      names: [{ name: 'a' }, { schema: 's', name: 'b' }],
      ifExists: true,
      behavior: 'cascade',
    });
    expect(one('SELECT domain, validate FROM t')).toMatchObject({ kind: 'select' });
    expect(one('CREATE TABLE t (domain text, validate int)')).toMatchObject({ kind: 'createTable' });
  });
});
