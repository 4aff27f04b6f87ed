/**
 * Privileges in the catalog: the ACL algebra (acl.ts), sys_acl and sys_auth_members written
 * transactionally (rolled back with their transaction, kept across a reopen, removed with a
 * dropped object or role) and PrivilegeContext's answers over them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { silentLogger, sqlType } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, type StoreContext } from '@rustydb/storage';
import { type Transaction, TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aclGrant, aclRevoke, defaultAcl, formatAcl, Privilege, PUBLIC_ROLE } from './acl.js';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';
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
  let dir: string;
  let wal: Wal;
  let txns: TxnManager;
  let catalog: Catalog;
  let context: StoreContext;

  const open = (create: boolean) => {
    const options = {
      context,
      oids: new OidCounter(wal),
      status: (x: Parameters<TxnManager['status']>[0]) => txns.status(x),
      tableStores: new Map([['heap', heapMethod]]),
      indexMethods: new Map([['btree', btreeMethod]]),
      bootstrapSuperuser: 'admin',
    };
    return create ? Catalog.create(options) : Catalog.open(options);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rustydb-acl-'));
    wal = Wal.open(dir, { fsync: false });
    txns = TxnManager.open(dir, wal);
    const device = new MemoryPageDevice();
    context = { pool: new BufferPool({ device, frames: 64, wal }), wal, logger: silentLogger() };
    catalog = open(true);
  });

  afterEach(() => {
    wal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function commit(tx: Transaction): Promise<void> {
    await tx.commit();
    catalog.commitTransaction(tx);
  }

  function abort(tx: Transaction): void {
    tx.abort();
    catalog.abortTransaction(tx);
  }

  async function setup() {
    const tx = txns.begin();
    const alice = catalog.createRole(tx, 'alice', DEFAULT_ROLE_ATTRIBUTES);
    const bob = catalog.createRole(tx, 'bob', DEFAULT_ROLE_ATTRIBUTES);
    const t = catalog.createTable(tx, { name: 't', columns: [{ name: 'a', type: sqlType('int4') }] });
    await commit(tx);
    return { alice: alice.oid, bob: bob.oid, t: t.oid };
  }

  it('a GRANT is visible to its transaction at once, to others at commit, and undone by ROLLBACK', async () => {
    const { alice, t } = await setup();
    const ctxOf = (tx?: Transaction) => privilegesFor(catalog.reader(tx));
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    expect(ctxOf().has(10, t, 'table', R)).toBe(true);

    const tx = txns.begin();
    const acl = aclGrant(defaultAcl('table', 10), [alice], 10, R, false);
    catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: 10, acl }, 't');
    expect(ctxOf(tx).has(alice, t, 'table', R)).toBe(true);
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    abort(tx);
    expect(ctxOf().has(alice, t, 'table', R)).toBe(false);
    expect(catalog.objectPrivileges(t)).toBeUndefined();

    const tx2 = txns.begin();
    catalog.setObjectPrivileges(tx2, { object: t, kind: 'table', owner: alice, acl: null }, 't');
    await commit(tx2);
    expect(ctxOf().isOwner(alice, t, 'table')).toBe(true);
    expect(ctxOf().has(alice, t, 'table', Privilege.DELETE)).toBe(true);
  });

  it('membership gives the role its privileges through INHERIT; both survive a reopen', async () => {
    const { alice, bob, t } = await setup();
    const tx = txns.begin();
    const acl = aclGrant(defaultAcl('table', 10), [alice], 10, R, false);
    catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: 10, acl }, 't');
    catalog.setMembership(tx, { role: alice, member: bob, grantor: 10, admin: false });
    await commit(tx);
    catalog = open(false);
    const ctx = privilegesFor(catalog.reader());
    expect(ctx.has(bob, t, 'table', R)).toBe(true);
    expect(ctx.has(bob, t, 'table', Privilege.INSERT)).toBe(false);
    expect(catalog.memberships()).toEqual([{ role: alice, member: bob, grantor: 10, admin: false }]);

    const noinherit = txns.begin();
    catalog.alterRole(noinherit, 'bob', { inherit: false });
    expect(privilegesFor(catalog.reader(noinherit)).has(bob, t, 'table', R)).toBe(false);
    expect(privilegesFor(catalog.reader(noinherit)).isMemberOf(bob, alice)).toBe(true);
    abort(noinherit);
  });

  it('dropping the object removes its row; dropping a role removes its memberships', async () => {
    const { alice, bob, t } = await setup();
    const tx = txns.begin();
    catalog.setObjectPrivileges(tx, { object: t, kind: 'table', owner: alice, acl: null }, 't');
    catalog.setMembership(tx, { role: alice, member: bob, grantor: 10, admin: false });
    await commit(tx);
    const drop = txns.begin();
    catalog.dropTable(drop, t as never);
    catalog.dropRole(drop, 'bob');
    expect(catalog.objectPrivileges(t, drop)).toBeUndefined();
    expect(catalog.memberships(drop)).toEqual([]);
    abort(drop);
    expect(catalog.objectPrivileges(t)?.owner).toBe(alice);
    expect(catalog.memberships()).toHaveLength(1);
  });
});
