/**
 * Privileges in the catalog: the ACL algebra (acl.ts), sys_acl and sys_auth_members written
 * transactionally (rolled back with their transaction, kept across a reopen, removed with a
 * dropped object or role) and PrivilegeContext's answers over them.
 */
import { sqlType } from '@rustydb/common';
import type { Transaction } from '@rustydb/txn';
import { describe, expect, it } from 'vitest';
import { aclGrant, aclRevoke, defaultAcl, formatAcl, Privilege, PUBLIC_ROLE } from './acl.js';
import { useCatalogTestBed } from './catalog-test-bed.js';
import { PREDEFINED_MEMBERSHIPS, ROLE_PG_READ_ALL_DATA, ROLE_PG_WRITE_ALL_DATA } from './predefined-roles.js';
import { privilegesFor } from './privileges.js';
import { DEFAULT_ROLE_ATTRIBUTES } from './role-store.js';

const names: Record<number, string> = { 10: 'admin', 20: 'alice', 30: 'bob', 40: 'carol' };
const name = (oid: number) => names[oid] ?? String(oid);
const R = Privilege.SELECT;

describe('ACL algebra', () => {
  it('grants append items after the default and merge bits per (grantee, grantor)', () => {
    let acl = aclGrant(defaultAcl('table', 10), [20], 10, R, true);
    acl = aclGrant(acl, [30, PUBLIC_ROLE], 10, Privilege.INSERT | Privilege.UPDATE, false);
    acl = aclGrant(acl, [20], 10, Privilege.DELETE, false);
    expect(formatAcl(acl, name)).toBe('{admin=arwdDxt/admin,alice=r*d/admin,bob=aw/admin,=aw/admin}');
    expect(formatAcl(defaultAcl('database', 10), name)).toBe('{=Tc/admin,admin=CTc/admin}');
    expect(formatAcl(defaultAcl('function', 10), name)).toBe('{=X/admin,admin=X/admin}');
  });

  it('revoking a grant option used by others needs CASCADE (2BP01) and then revokes their grants', () => {
    let acl = aclGrant(defaultAcl('table', 10), [20], 10, R, true);
    acl = aclGrant(acl, [40], 20, R, false);
    expect(() => aclRevoke(acl, [20], 10, R, true, false, 10)).toThrow(
      expect.objectContaining({ code: '2BP01', message: 'dependent privileges exist' }),
    );
    const after = aclRevoke(acl, [20], 10, R, true, true, 10);
    expect(formatAcl(after, name)).toBe('{admin=arwdDxt/admin,alice=r/admin}');
    expect(formatAcl(aclRevoke(after, [20], 10, R, false, false, 10), name)).toBe('{admin=arwdDxt/admin}');
  });
});

describe('sys_acl and sys_auth_members', () => {
  const bed = useCatalogTestBed('acl', { bootstrapSuperuser: 'admin' });

  async function setup() {
    const tx = bed.txns.begin();
    const alice = bed.catalog.createRole(tx, 'alice', DEFAULT_ROLE_ATTRIBUTES);
    const bob = bed.catalog.createRole(tx, 'bob', DEFAULT_ROLE_ATTRIBUTES);
    const t = bed.catalog.createTable(tx, { name: 't', columns: [{ name: 'a', type: sqlType('int4') }] });
    await bed.commit(tx);
    return { alice: alice.oid, bob: bob.oid, t: t.oid };
  }

  it('a GRANT is visible to its transaction at once, to others at commit, and undone by ROLLBACK', async () => {
    const { alice, t } = await setup();
    const ctxOf = (tx?: Transaction) => privilegesFor(bed.catalog.reader(tx));
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    expect(ctxOf().has(10, t, 'table', R)).toBe(true);

    const tx = bed.txns.begin();
    const acl = aclGrant(defaultAcl('table', 10), [alice], 10, R, false);
    bed.catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: 10, acl }, 't');
    expect(ctxOf(tx).has(alice, t, 'table', R)).toBe(true);
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    bed.abort(tx);
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    expect(bed.catalog.objectPrivileges(t)).toBeUndefined();

    const tx2 = bed.txns.begin();
    bed.catalog.setObjectPrivileges(tx2, { object: t, kind: 'table', owner: alice, acl: null }, 't');
    await bed.commit(tx2);
    expect(ctxOf().isOwner(alice, t, 'table')).toBe(true);
    expect(ctxOf().has(alice, t, 'table', Privilege.DELETE)).toBe(true);
  });

  it('membership gives the role its privileges through INHERIT; both survive a reopen', async () => {
    const { alice, bob, t } = await setup();
    const tx = bed.txns.begin();
    const acl = aclGrant(defaultAcl('table', 10), [alice], 10, R, false);
    bed.catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: 10, acl }, 't');
    bed.catalog.setMembership(tx, { role: alice, member: bob, grantor: 10, admin: false });
    await bed.commit(tx);
    bed.reopen();
    const ctx = privilegesFor(bed.catalog.reader());
    expect(ctx.has(bob, t, 'table', R)).toBe(true);
    expect(ctx.has(bob, t, 'table', Privilege.INSERT)).toBe(false);
    expect(bed.catalog.memberships()).toEqual([
      ...PREDEFINED_MEMBERSHIPS,
      { role: alice, member: bob, grantor: 10, admin: false },
    ]);

    const noinherit = bed.txns.begin();
    bed.catalog.alterRole(noinherit, 'bob', { inherit: false });
    expect(privilegesFor(bed.catalog.reader(noinherit)).has(bob, t, 'table', R)).toBe(false);
    expect(privilegesFor(bed.catalog.reader(noinherit)).isMemberOf(bob, alice)).toBe(true);
    bed.abort(noinherit);
  });

  it('dropping the object removes its row; dropping a role removes its memberships', async () => {
    const { alice, bob, t } = await setup();
    const tx = bed.txns.begin();
    bed.catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: alice, acl: null }, 't');
    bed.catalog.setMembership(tx, { role: alice, member: bob, grantor: 10, admin: false });
    await bed.commit(tx);
    const drop = bed.txns.begin();
    bed.catalog.dropTable(drop, t as never);
    bed.catalog.dropRole(drop, 'bob');
    expect(bed.catalog.objectPrivileges(t, drop)).toBeUndefined();
    expect(bed.catalog.memberships(drop)).toEqual(PREDEFINED_MEMBERSHIPS);
    bed.abort(drop);
    expect(bed.catalog.objectPrivileges(t)?.owner).toBe(alice);
    expect(bed.catalog.memberships()).toHaveLength(PREDEFINED_MEMBERSHIPS.length + 1);
  });

  it('pg_read_all_data and pg_write_all_data add their privileges to every relation and schema, never a grant option', async () => {
    const { alice, bob, t } = await setup();
    const tx = bed.txns.begin();
    bed.catalog.setMembership(tx, { role: ROLE_PG_READ_ALL_DATA, member: alice, grantor: 10, admin: false });
    bed.catalog.setMembership(tx, { role: ROLE_PG_WRITE_ALL_DATA, member: bob, grantor: 10, admin: false });
    await bed.commit(tx);
    const ctx = privilegesFor(bed.catalog.reader());
    const W = Privilege.INSERT | Privilege.UPDATE | Privilege.DELETE;
    expect(ctx.mask(alice, t, 'table')).toBe(R);
    expect(ctx.mask(bob, t, 'table')).toBe(W);
    expect(ctx.mask(bob, 1259, 'table')).toBe(R); // pg_class: built in, read by PUBLIC, never written so
    expect(ctx.mask(alice, 2200, 'schema')).toBe(Privilege.USAGE); // public's ACL gives it anyway
    const tx2 = bed.txns.begin();
    bed.catalog.createSchema(tx2, 's');
    const carol = bed.catalog.createRole(tx2, 'carol', DEFAULT_ROLE_ATTRIBUTES).oid;
    await bed.commit(tx2);
    const after = privilegesFor(bed.catalog.reader());
    const s = bed.catalog.reader().schemaOid('s')!;
    expect(after.mask(alice, s, 'schema')).toBe(Privilege.USAGE);
    expect(after.mask(bob, s, 'schema')).toBe(Privilege.USAGE);
    expect(after.mask(carol, s, 'schema')).toBe(0);
    expect(after.mask(carol, t, 'table')).toBe(0);
  });
});
