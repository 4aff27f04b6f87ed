/**
 * sys_authid: the bootstrap superuser, transactional CREATE / ALTER / RENAME / DROP ROLE, the
 * conflicts between live transactions, and persistence across a reopen of the catalog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { silentLogger } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, type StoreContext } from '@rustydb/storage';
import { type Transaction, TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';
import { BOOTSTRAP_SUPERUSER_OID, DEFAULT_ROLE_ATTRIBUTES } from './role-store.js';

describe('sys_authid', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'rustydb-roles-'));
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

  it('starts with the bootstrap superuser, OID 10, every attribute and no password', () => {
    const roles = catalog.roles();
    expect(roles.map((r) => r.name)).toEqual(['admin']);
    const admin = roles[0]!;
    expect(admin.oid).toBe(BOOTSTRAP_SUPERUSER_OID);
    expect(admin).toMatchObject({ superuser: true, canLogin: true, createRole: true, password: null });
  });

  it('creates, alters, renames and drops roles transactionally', async () => {
    const tx = txns.begin();
    const r = catalog.createRole(tx, 'alice', {
      ...DEFAULT_ROLE_ATTRIBUTES,
      canLogin: true,
      password: 'md5x',
    });
    expect(r.oid).toBeGreaterThanOrEqual(16384);
    expect(catalog.role('alice', tx)?.canLogin).toBe(true);
    expect(catalog.role('alice')).toBeUndefined();
    expect(() => catalog.createRole(tx, 'alice', DEFAULT_ROLE_ATTRIBUTES)).toThrow(
      'role "alice" already exists',
    );
    await commit(tx);
    expect(catalog.role('alice')?.password).toBe('md5x');

    const alter = txns.begin();
    catalog.alterRole(alter, 'alice', { password: null, connectionLimit: 3 });
    catalog.alterRole(alter, 'alice', {}, 'bob');
    expect(catalog.role('alice', alter)).toBeUndefined();
    expect(catalog.role('bob', alter)).toMatchObject({ oid: r.oid, password: null, connectionLimit: 3 });
    expect(catalog.role('alice')?.password).toBe('md5x');
    abort(alter);
    expect(catalog.role('alice')?.password).toBe('md5x');
    expect(catalog.role('bob')).toBeUndefined();

    const drop = txns.begin();
    catalog.dropRole(drop, 'alice');
    expect(() => catalog.dropRole(drop, 'alice')).toThrow('role "alice" does not exist');
    await commit(drop);
    expect(catalog.roles().map((x) => x.name)).toEqual(['admin']);
  });

  it('refuses a name another live transaction created, and a role another one is changing', async () => {
    const a = txns.begin();
    const b = txns.begin();
    catalog.createRole(a, 'carol', DEFAULT_ROLE_ATTRIBUTES);
    expect(() => catalog.createRole(b, 'carol', DEFAULT_ROLE_ATTRIBUTES)).toThrow(
      expect.objectContaining({ code: '42710' }),
    );
    await commit(a);
    const c = txns.begin();
    const d = txns.begin();
    catalog.alterRole(c, 'carol', { canLogin: true });
    expect(() => catalog.alterRole(d, 'carol', { superuser: true })).toThrow(
      expect.objectContaining({ code: '55P03' }),
    );
    await commit(c);
    abort(d);
    expect(catalog.role('carol')?.canLogin).toBe(true);
  });

  it('keeps committed roles across a reopen', async () => {
    const tx = txns.begin();
    catalog.createRole(tx, 'dave', { ...DEFAULT_ROLE_ATTRIBUTES, validUntil: 123n });
    await commit(tx);
    catalog = open(false);
    expect(catalog.roles().map((r) => r.name)).toEqual(['admin', 'dave']);
    expect(catalog.role('dave')?.validUntil).toBe(123n);
  });
});
