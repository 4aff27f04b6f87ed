import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('CREATE EXTENSION / DROP EXTENSION', () => {
  it('parses the migration favourite: IF NOT EXISTS and a quoted name', () => {
    expect(one('CREATE EXTENSION IF NOT EXISTS "uuid-ossp"')).toEqual({
      kind: 'createExtension',
      name: 'uuid-ossp',
      ifNotExists: true,
      cascade: false,
      location: 31,
    });
  });

  it('parses WITH SCHEMA, VERSION (a string or a word) and CASCADE, in any order', () => {
    expect(one("create extension e with schema s version '1.1' cascade")).toMatchObject({
      name: 'e',
      ifNotExists: false,
      schema: 's',
      version: '1.1',
      cascade: true,
    });
    expect(one('create extension e cascade version v1 schema public')).toMatchObject({
      schema: 'public',
      version: 'v1',
      cascade: true,
    });
  });

  it('rejects an unknown option at its word, and a repeated one with 42601', () => {
    expect(() => one('create extension e colour blue')).toThrow(/syntax error at or near "colour"/);
    expect(() => one('create extension e schema a schema b')).toThrow(/conflicting or redundant options/);
  });

  it('keeps extension usable as a name', () => {
    expect(one('create table extension (extension int)')).toMatchObject({ kind: 'createTable' });
  });

  it('parses DROP EXTENSION lists with IF EXISTS and a behaviour, names unqualified', () => {
    expect(one('DROP EXTENSION IF EXISTS "uuid-ossp", foo CASCADE')).toMatchObject({
      kind: 'drop',
      objectType: 'extension',
      names: [{ name: 'uuid-ossp' }, { name: 'foo' }],
      ifExists: true,
      behavior: 'cascade',
    });
    expect(() => one('drop extension a.b')).toThrow(/syntax error at or near "\."/);
  });
});
