/**
 * CREATE / ALTER / DROP ROLE and LISTEN / UNLISTEN / NOTIFY: the AST and gram.y's errors.
 */
import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('role statements', () => {
  it('builds CREATE ROLE and CREATE USER with their options', () => {
    expect(
      one("CREATE USER Alice WITH LOGIN NOSUPERUSER CONNECTION LIMIT -1 PASSWORD 'x' VALID UNTIL 'infinity'"),
    ).toEqual({
      kind: 'createRole',
      name: 'alice',
      user: true,
      options: [
        { kind: 'login', value: true, location: 23 },
        { kind: 'superuser', value: false, location: 29 },
        { kind: 'connectionLimit', limit: -1, location: 41 },
        { kind: 'password', password: 'x', location: 61 },
        { kind: 'validUntil', timestamp: 'infinity', location: 74 },
      ],
    });
    expect(one('create role r noinherit createdb')).toMatchObject({ user: false });
  });

  it('builds ALTER ROLE, RENAME TO, ENCRYPTED PASSWORD and PASSWORD NULL', () => {
    expect(one("ALTER USER current_user ENCRYPTED PASSWORD 'SCRAM-SHA-256$x'")).toMatchObject({
      kind: 'alterRole',
      role: { kind: 'current_user' },
      options: [{ kind: 'password', password: 'SCRAM-SHA-256$x' }],
    });
    expect(one('alter role a password null')).toMatchObject({
      options: [{ kind: 'password', password: null }],
    });
    expect(one('alter role a rename to b')).toMatchObject({
      role: { kind: 'name', name: 'a' },
      renameTo: 'b',
    });
    expect(one('alter role a')).toMatchObject({ options: [] });
  });

  it('builds DROP ROLE [IF EXISTS] with several roles', () => {
    expect(one('drop user if exists a, "B"')).toMatchObject({
      kind: 'dropRole',
      ifExists: true,
      roles: [
        { kind: 'name', name: 'a' },
        { kind: 'name', name: 'B' },
      ],
    });
  });

  it('builds REASSIGN OWNED and DROP OWNED', () => {
    expect(one('reassign owned by a, current_user to b')).toMatchObject({
      kind: 'reassignOwned',
      roles: [{ kind: 'name', name: 'a' }, { kind: 'current_user' }],
      newRole: { kind: 'name', name: 'b' },
    });
    expect(one('drop owned by a cascade')).toMatchObject({
      kind: 'dropOwned',
      roles: [{ name: 'a' }],
      cascade: true,
    });
    expect(one('drop owned by a, b restrict')).toMatchObject({
      cascade: false,
      roles: [{ name: 'a' }, { name: 'b' }],
    });
    // REASSIGN stays an unreserved keyword, usable as a name.
    expect(one('select reassign from reassign')).toMatchObject({ kind: 'select' });
  });

  it("raises gram.y's errors", () => {
    expect(() => one('create role current_user')).toThrow(
      expect.objectContaining({ code: '42939', message: 'CURRENT_USER cannot be used as a role name here' }),
    );
    expect(() => one('create role public')).toThrow('role name "public" is reserved');
    expect(() => one('alter role a rename to none')).toThrow('role name "none" is reserved');
    expect(() => one('create role a login superuser foo')).toThrow(
      expect.objectContaining({ code: '42601', message: 'unrecognized role option "foo"' }),
    );
    expect(() => one("create role b password 'x' unencrypted password 'y'")).toThrow(
      expect.objectContaining({ code: '0A000', message: 'UNENCRYPTED PASSWORD is no longer supported' }),
    );
    expect(() => one("create role c password 'x' password 'y'")).toThrow(
      expect.objectContaining({ code: '42601', message: 'conflicting or redundant options' }),
    );
  });
});

describe('LISTEN / UNLISTEN / NOTIFY', () => {
  it('builds each statement', () => {
    expect(one('LISTEN Chan')).toEqual({ kind: 'listen', channel: 'chan' });
    expect(one('unlisten "Chan"')).toEqual({ kind: 'unlisten', channel: 'Chan' });
    expect(one('unlisten *')).toEqual({ kind: 'unlisten' });
    expect(one("notify c, 'hello'")).toEqual({ kind: 'notify', channel: 'c', payload: 'hello' });
    expect(one('notify c')).toEqual({ kind: 'notify', channel: 'c', payload: '' });
  });

  it('keeps the new keywords usable as names', () => {
    expect(one('select 1 as password, 2 valid, 3 listen')).toMatchObject({ kind: 'select' });
    expect(one('create table notify (connection int, until text)')).toMatchObject({ kind: 'createTable' });
  });
});
