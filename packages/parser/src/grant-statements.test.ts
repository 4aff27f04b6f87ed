import { describe, expect, test } from 'vitest';
import type { GrantRoleStmt, GrantStmt } from './ast/index.js';
import { parse } from './index.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('GRANT / REVOKE privileges', () => {
  test('privileges, columns, several tables, PUBLIC, grant option, GRANTED BY', () => {
    const s = one(
      'GRANT SELECT, INSERT (a, "B") ON TABLE t, s.u TO alice, PUBLIC WITH GRANT OPTION GRANTED BY bob',
    ) as GrantStmt;
    expect(s.kind).toBe('grant');
    expect(s.isGrant).toBe(true);
    expect(s.privileges?.map((p) => [p.name, p.columns])).toEqual([
      ['select', undefined],
      ['insert', ['a', 'B']],
    ]);
    expect(s.target).toMatchObject({
      kind: 'table',
      names: [{ name: 't' }, { schema: 's', name: 'u' }],
    });
    expect(s.grantees.map((g) => (g.kind === 'name' ? g.name : g.kind))).toEqual(['alice', 'public']);
    expect(s.grantOption).toBe(true);
    expect(s.grantedBy).toMatchObject({ kind: 'name', name: 'bob' });
  });

  test('ALL [PRIVILEGES], ALL TABLES IN SCHEMA, schema, database, sequence targets', () => {
    expect((one('GRANT ALL PRIVILEGES ON t TO a') as GrantStmt).privileges).toBeUndefined();
    expect((one('GRANT ALL ON ALL TABLES IN SCHEMA public, s TO a') as GrantStmt).target).toEqual({
      kind: 'allTablesInSchema',
      names: ['public', 's'],
    });
    expect((one('GRANT USAGE, CREATE ON SCHEMA s TO b') as GrantStmt).target).toEqual({
      kind: 'schema',
      names: ['s'],
    });
    const db = one('GRANT CONNECT, TEMP ON DATABASE d TO b') as GrantStmt;
    expect(db.target).toEqual({ kind: 'database', names: ['d'] });
    expect(db.privileges?.map((p) => p.name)).toEqual(['connect', 'temporary']);
    expect((one('GRANT USAGE ON SEQUENCE q TO b') as GrantStmt).target.kind).toBe('sequence');
  });

  test('routine targets: FUNCTION, PROCEDURE, ROUTINE with or without argument types, ALL … IN SCHEMA', () => {
    const f = one('GRANT EXECUTE ON FUNCTION f(int, text), s.g TO a') as GrantStmt;
    expect(f.target).toMatchObject({
      kind: 'function',
      functions: [
        { name: 'f', args: [{ type: { name: 'int4' } }, { type: { name: 'text' } }] },
        { schema: 's', name: 'g' },
      ],
    });
    expect(f.target).not.toHaveProperty('routineKind');
    expect((one('REVOKE ALL ON PROCEDURE p() FROM PUBLIC') as GrantStmt).target).toMatchObject({
      kind: 'function',
      routineKind: 'procedure',
      functions: [{ name: 'p', args: [] }],
    });
    expect((one('GRANT EXECUTE ON ROUTINE r TO a') as GrantStmt).target).toMatchObject({
      routineKind: 'routine',
    });
    expect((one('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA s TO a') as GrantStmt).target).toEqual({
      kind: 'allFunctionsInSchema',
      names: ['s'],
    });
    expect((one('GRANT EXECUTE ON ALL PROCEDURES IN SCHEMA s TO a') as GrantStmt).target).toEqual({
      kind: 'allFunctionsInSchema',
      routineKind: 'procedure',
      names: ['s'],
    });
    expect((one('GRANT EXECUTE ON ALL ROUTINES IN SCHEMA s, t TO a') as GrantStmt).target).toEqual({
      kind: 'allFunctionsInSchema',
      routineKind: 'routine',
      names: ['s', 't'],
    });
    // A table named function, procedure or routine is still a table.
    expect((one('GRANT SELECT ON TABLE function TO a') as GrantStmt).target.kind).toBe('table');
  });

  test('REVOKE GRANT OPTION FOR … CASCADE', () => {
    const s = one('REVOKE GRANT OPTION FOR SELECT ON t FROM alice CASCADE') as GrantStmt;
    expect([s.isGrant, s.grantOption, s.cascade]).toEqual([false, true, true]);
    expect((one('REVOKE ALL ON t FROM PUBLIC RESTRICT') as GrantStmt).cascade).toBe(false);
  });

  test('misplaced words are syntax errors', () => {
    expect(() => one('GRANT ALL PRIVILEGE ON t TO a')).toThrow(/syntax error at or near "PRIVILEGE"/);
    expect(() => one('GRANT EXECUTE ON ALL FUNCTION IN SCHEMA s TO a')).toThrow(
      /syntax error at or near "FUNCTION"/,
    );
    expect(() => one('GRANT SELECT ON t TO a GRANTER BY b')).toThrow(/syntax error at or near "GRANTER"/);
  });

  test('REVOKE is an unreserved keyword', () => {
    expect(one('SELECT 1 AS revoke').kind).toBe('select');
  });
});

describe('GRANT / REVOKE role, ALTER … OWNER TO', () => {
  test('membership with ADMIN OPTION and GRANTED BY', () => {
    const g = one('GRANT alice, bob TO carol WITH ADMIN OPTION GRANTED BY CURRENT_USER') as GrantRoleStmt;
    expect(g.roles.map((r) => (r.kind === 'name' ? r.name : r.kind))).toEqual(['alice', 'bob']);
    expect(g.members.map((r) => (r.kind === 'name' ? r.name : r.kind))).toEqual(['carol']);
    expect(g.adminOption).toBe(true);
    expect(g.grantedBy?.kind).toBe('current_user');
    const r = one('REVOKE ADMIN OPTION FOR alice FROM carol CASCADE') as GrantRoleStmt;
    expect([r.isGrant, r.adminOption, r.cascade]).toEqual([false, true, true]);
  });

  test('OWNER TO for each object kind', () => {
    expect(one('ALTER TABLE IF EXISTS s.t OWNER TO alice')).toMatchObject({
      kind: 'alterOwner',
      objectKind: 'table',
      ifExists: true,
      name: { schema: 's', name: 't' },
      owner: { kind: 'name', name: 'alice' },
    });
    expect(one('ALTER SCHEMA s OWNER TO CURRENT_USER')).toMatchObject({ objectKind: 'schema' });
    expect(() => one('ALTER TABLE t OWNERS TO a')).toThrow(/syntax error/);
  });
});

describe('ALTER DEFAULT PRIVILEGES', () => {
  test('FOR ROLE, IN SCHEMA, GRANT and REVOKE on an object type', () => {
    expect(
      one('ALTER DEFAULT PRIVILEGES FOR ROLE a IN SCHEMA s, t GRANT SELECT ON TABLES TO b'),
    ).toMatchObject({
      kind: 'alterDefaultPrivileges',
      roles: [{ kind: 'name', name: 'a' }],
      schemas: ['s', 't'],
      isGrant: true,
      objectType: 'tables',
      grantees: [{ kind: 'name', name: 'b' }],
    });
    expect(
      one('ALTER DEFAULT PRIVILEGES REVOKE GRANT OPTION FOR ALL ON SEQUENCES FROM PUBLIC CASCADE'),
    ).toMatchObject({
      isGrant: false,
      privileges: undefined,
      objectType: 'sequences',
      grantOption: true,
      cascade: true,
    });
    expect(() => one('ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON ROUTINES TO b')).toThrow(
      /syntax error at or near "ROUTINES"/,
    );
  });
});
