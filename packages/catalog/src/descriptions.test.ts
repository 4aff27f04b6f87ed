/**
 * sys_description: COMMENT ON's transactional storage, its removal with the commented object,
 * and persistence across a reopen of the catalog.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { type Oid, silentLogger, sqlType } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, type StoreContext } from '@rustydb/storage';
import { type Transaction, TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';

const int4 = sqlType('int4');

describe('sys_description', () => {
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
    };
    return create ? Catalog.create(options) : Catalog.open(options);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rustydb-descriptions-'));
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

  async function createTable(name = 't'): Promise<Oid> {
    const tx = txns.begin();
    const t = catalog.createTable(tx, {
      name,
      columns: [
        { name: 'a', type: int4 },
        { name: 'b', type: int4 },
      ],
    });
    await commit(tx);
    return t.oid;
  }

  it('is visible to its transaction at once, to others after commit, and replaced or removed', async () => {
    const oid = await createTable();
    const tx = txns.begin();
    catalog.setDescription(tx, oid, 0, 'the table', 't');
    catalog.setDescription(tx, oid, 2, 'column b', 't');
    expect(catalog.reader(tx).description(oid, 0)).toBe('the table');
    expect(catalog.reader(tx).description(oid, 2)).toBe('column b');
    expect(catalog.reader().description(oid, 0)).toBeUndefined();
    await commit(tx);
    expect(catalog.reader().description(oid, 0)).toBe('the table');
    expect(catalog.reader().description(oid, 1)).toBeUndefined();

    const tx2 = txns.begin();
    catalog.setDescription(tx2, oid, 0, 'renamed', 't');
    catalog.setDescription(tx2, oid, 2, '', 't'); // IS '' removes, as PostgreSQL
    expect(catalog.reader(tx2).description(oid, 0)).toBe('renamed');
    expect(catalog.reader(tx2).description(oid, 2)).toBeUndefined();
    await commit(tx2);
    expect(catalog.reader().description(oid, 0)).toBe('renamed');
    expect(catalog.reader().description(oid, 2)).toBeUndefined();

    const tx3 = txns.begin();
    catalog.setDescription(tx3, oid, 0, null, 't');
    await commit(tx3);
    expect(catalog.reader().description(oid, 0)).toBeUndefined();
  });

  it('forgets an aborted COMMENT and survives a reopen', async () => {
    const oid = await createTable();
    const tx = txns.begin();
    catalog.setDescription(tx, oid, 0, 'kept', 't');
    await commit(tx);
    const tx2 = txns.begin();
    catalog.setDescription(tx2, oid, 0, 'aborted', 't');
    tx2.abort();
    catalog.abortTransaction(tx2);
    expect(catalog.reader().description(oid, 0)).toBe('kept');
    catalog = open(false);
    expect(catalog.reader().description(oid, 0)).toBe('kept');
  });

  it('goes with a dropped table or column, and comes back when the drop aborts', async () => {
    const oid = await createTable();
    const other = await createTable('u');
    const tx = txns.begin();
    catalog.setDescription(tx, oid, 0, 'table', 't');
    catalog.setDescription(tx, oid, 1, 'a', 't');
    catalog.setDescription(tx, oid, 2, 'b', 't');
    catalog.setDescription(tx, other, 0, 'other', 'u');
    await commit(tx);

    const drop = txns.begin();
    catalog.dropColumn(drop, oid, 'a');
    expect(catalog.reader(drop).description(oid, 1)).toBeUndefined();
    expect(catalog.reader(drop).description(oid, 2)).toBe('b');
    catalog.dropTable(drop, oid);
    expect(catalog.reader(drop).description(oid, 0)).toBeUndefined();
    expect(catalog.reader(drop).description(oid, 2)).toBeUndefined();
    drop.abort();
    catalog.abortTransaction(drop);
    expect(catalog.reader().description(oid, 1)).toBe('a');
    expect(catalog.reader().description(oid, 0)).toBe('table');

    const drop2 = txns.begin();
    catalog.dropTable(drop2, oid);
    await commit(drop2);
    expect(catalog.reader().description(oid, 0)).toBeUndefined();
    expect(catalog.reader().description(oid, 2)).toBeUndefined();
    expect(catalog.reader().description(other, 0)).toBe('other');
  });

  it('raises 55P03 when another live transaction is changing the same comment', async () => {
    const oid = await createTable();
    const tx = txns.begin();
    catalog.setDescription(tx, oid, 0, 'first', 't');
    await commit(tx);
    const a = txns.begin();
    const b = txns.begin();
    catalog.setDescription(a, oid, 0, 'by a', 't');
    expect(() => catalog.setDescription(b, oid, 0, 'by b', 't')).toThrow(
      expect.objectContaining({ code: '55P03' }),
    );
    await commit(a);
    b.abort();
    catalog.abortTransaction(b);
    expect(catalog.reader().description(oid, 0)).toBe('by a');
  });
});
