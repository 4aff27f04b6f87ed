import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { DbError, type Oid, silentLogger, sqlType } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, memoryMethod, type StoreContext } from '@rustydb/storage';
import { TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';

const int4 = sqlType('int4');
const text = sqlType('text');

let dir: string;
let wal: Wal;
let txns: TxnManager;
let catalog: Catalog;
let ctx: StoreContext;
let device: MemoryPageDevice;

function open(create: boolean): Catalog {
  const options = {
    context: ctx,
    oids: new OidCounter(wal),
    status: (x: Parameters<TxnManager['status']>[0]) => txns.status(x),
    tableStores: new Map([
      ['heap', heapMethod],
      ['memory', memoryMethod],
    ]),
    indexMethods: new Map([['btree', btreeMethod]]),
  };
  return create ? Catalog.create(options) : Catalog.open(options);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rustydb-catalog-'));
  wal = Wal.open(dir, { fsync: false });
  txns = TxnManager.open(dir, wal);
  device = new MemoryPageDevice();
  ctx = { pool: new BufferPool({ device, frames: 64, wal }), wal, logger: silentLogger() };
  catalog = open(true);
});

afterEach(() => {
  wal.close();
  rmSync(dir, { recursive: true, force: true });
});

async function commit(tx: ReturnType<TxnManager['begin']>) {
  await tx.commit();
  catalog.commitTransaction(tx);
}

function abort(tx: ReturnType<TxnManager['begin']>) {
  tx.abort();
  catalog.abortTransaction(tx);
}

const tableSpec = (name: string) => ({
  name,
  columns: [
    { name: 'a', type: int4 },
    { name: 'b', type: text, notNull: true, defaultSql: "'x'::text" },
  ],
  primaryKey: { columns: ['a'] },
  unique: [{ columns: ['b'] }],
});

describe('Catalog', () => {
  it('creates a table with its key indexes and constraints, named as PostgreSQL', async () => {
    const tx = txns.begin();
    const t = catalog.createTable(tx, tableSpec('t'));
    expect(t.schema).toBe('public');
    expect(t.method).toBe('heap');
    expect(t.columns.map((c) => [c.attnum, c.name, c.type.name, c.notNull, c.defaultSql])).toEqual([
      [1, 'a', 'int4', true, undefined],
      [2, 'b', 'text', true, "'x'::text"],
    ]);
    expect(t.indexes.map((i) => [i.name, i.columns, i.unique, i.primary])).toEqual([
      ['t_pkey', [1], true, true],
      ['t_b_key', [2], true, false],
    ]);
    expect(t.constraints.map((c) => [c.name, c.kind, c.index])).toEqual([
      ['t_pkey', 'primary', t.indexes[0]!.oid],
      ['t_b_key', 'unique', t.indexes[1]!.oid],
    ]);
    expect(t.oid).toBeGreaterThanOrEqual(16384);
    expect(t.file).toBe(t.oid);
    await commit(tx);
    expect(catalog.reader().table('t')?.oid).toBe(t.oid);
  });

  it('forgets a CREATE TABLE that rolled back and removes its file', () => {
    const tx = txns.begin();
    const t = catalog.createTable(tx, tableSpec('t'));
    catalog.store(t).insert(tx.xid, tx.cid, new Uint8Array([1]));
    expect(ctx.pool.pageCount(t.file)).toBeGreaterThan(0);
    abort(tx);
    expect(catalog.reader().table('t')).toBeUndefined();
    expect(catalog.reader(txns.begin()).tables()).toEqual([]);
    expect(ctx.pool.pageCount(t.file)).toBe(0);
  });

  it('keeps a table whose DROP rolled back, and drops the file when a DROP commits', async () => {
    const create = txns.begin();
    const t = catalog.createTable(create, tableSpec('t'));
    await commit(create);

    const drop = txns.begin();
    catalog.dropTable(drop, t.oid);
    expect(catalog.reader(drop).table('t')).toBeUndefined();
    expect(catalog.reader().table('t')?.oid).toBe(t.oid);
    abort(drop);
    expect(catalog.reader().table('t')?.indexes).toHaveLength(2);

    const store = catalog.store(catalog.reader().table('t')!);
    const w = txns.begin();
    store.insert(w.assignXid(), w.cid, new Uint8Array([1, 2, 3]));
    await w.commit();
    expect(ctx.pool.pageCount(t.file)).toBe(1);

    const drop2 = txns.begin();
    catalog.dropTable(drop2, t.oid);
    expect(ctx.pool.pageCount(t.file)).toBe(1);
    await commit(drop2);
    expect(catalog.reader().table('t')).toBeUndefined();
    expect(ctx.pool.pageCount(t.file)).toBe(0);
  });

  it('gives each transaction its own view', async () => {
    const t1 = txns.begin();
    const t2 = txns.begin();
    catalog.createTable(t1, tableSpec('one'));
    catalog.createTable(t2, tableSpec('two'));
    expect(
      catalog
        .reader(t1)
        .tables()
        .map((t) => t.name),
    ).toEqual(['one']);
    expect(
      catalog
        .reader(t2)
        .tables()
        .map((t) => t.name),
    ).toEqual(['two']);
    expect(catalog.reader().tables()).toEqual([]);
    await commit(t1);
    expect(
      catalog
        .reader(t2)
        .tables()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['one', 'two']);
    expect(
      catalog
        .reader()
        .tables()
        .map((t) => t.name),
    ).toEqual(['one']);
    abort(t2);
    expect(
      catalog
        .reader()
        .tables()
        .map((t) => t.name),
    ).toEqual(['one']);
  });

  it('refuses a name another live transaction created', () => {
    const t1 = txns.begin();
    const t2 = txns.begin();
    catalog.createTable(t1, tableSpec('t'));
    expect(() => catalog.createTable(t2, tableSpec('t'))).toThrow(/relation "t" already exists/);
    abort(t1);
    expect(catalog.createTable(t2, tableSpec('t')).name).toBe('t');
  });

  it('refuses to drop a relation another live transaction is dropping', async () => {
    const create = txns.begin();
    const t = catalog.createTable(create, tableSpec('t'));
    await commit(create);
    const d1 = txns.begin();
    const d2 = txns.begin();
    catalog.dropTable(d1, t.oid);
    expect(() => catalog.dropTable(d2, t.oid)).toThrow(/could not obtain lock on relation "t"/);
    abort(d1);
    catalog.dropTable(d2, t.oid);
    await commit(d2);
    expect(catalog.reader().tables()).toEqual([]);
  });

  it('raises PostgreSQL errors for bad definitions', () => {
    const tx = txns.begin();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
      }
      return 'ok';
    };
    const col = (name: string) => ({ name, type: int4 });
    expect(code(() => catalog.createTable(tx, { name: 'x', columns: [col('a'), col('a')] }))).toBe(
      '42701 column "a" specified more than once',
    );
    expect(
      code(() => catalog.createTable(tx, { name: 'x', columns: [col('a')], primaryKey: { columns: ['z'] } })),
    ).toBe('42703 column "z" named in key does not exist');
    expect(code(() => catalog.createTable(tx, { name: 'x', method: 'nope', columns: [] }))).toBe(
      '42704 access method "nope" does not exist',
    );
    expect(code(() => catalog.createTable(tx, { name: 'x', schema: 'other', columns: [] }))).toBe(
      '3F000 schema "other" does not exist',
    );
    catalog.createTable(tx, tableSpec('t'));
    expect(code(() => catalog.createTable(tx, { name: 't_pkey', columns: [] }))).toBe(
      '42P07 relation "t_pkey" already exists',
    );
    const pkey = catalog.reader(tx).table('t')!.indexes[0]!;
    expect(code(() => catalog.dropIndex(tx, pkey.oid))).toBe(
      '2BP01 cannot drop index t_pkey because constraint t_pkey on table t requires it',
    );
  });

  it('invents index names with numeric suffixes and keeps one index for a duplicated key', () => {
    const tx = txns.begin();
    const t = catalog.createTable(tx, {
      name: 't',
      columns: [
        { name: 'a', type: int4 },
        { name: 'b', type: int4 },
      ],
      primaryKey: { columns: ['a'] },
      unique: [{ columns: ['a'] }, { columns: ['a', 'b'] }, { name: 'named', columns: ['b'] }],
    });
    expect(t.indexes.map((i) => i.name)).toEqual(['t_pkey', 't_a_b_key', 'named']);
    const i1 = catalog.createIndex(tx, { table: t.oid, columns: [{ name: 'b', descending: true }] });
    const i2 = catalog.createIndex(tx, { table: t.oid, columns: [{ name: 'b' }] });
    expect([i1.name, i1.descending, i2.name]).toEqual(['t_b_idx', [true], 't_b_idx1']);
    catalog.dropIndex(tx, i1.oid);
    expect(catalog.createIndex(tx, { table: t.oid, columns: [{ name: 'b' }] }).name).toBe('t_b_idx');
    expect(
      catalog
        .reader(tx)
        .table('t')!
        .indexes.map((i) => i.name),
    ).toEqual(['t_pkey', 't_a_b_key', 'named', 't_b_idx1', 't_b_idx']);
  });

  it('reads committed definitions back after reopening', async () => {
    const tx = txns.begin();
    const t = catalog.createTable(tx, tableSpec('t'));
    const ix = catalog.createIndex(tx, { table: t.oid as Oid, columns: [{ name: 'b' }], unique: true });
    await commit(tx);
    const reopened = open(false);
    const again = reopened.reader().table('t')!;
    expect(again).toEqual(catalog.reader().table('t'));
    expect(again.indexes.map((i) => i.name)).toContain(ix.name);
  });

  it('empties unlogged tables at startup', async () => {
    const tx = txns.begin();
    const t = catalog.createTable(tx, { ...tableSpec('m'), method: 'memory' });
    catalog.store(t).insert(tx.xid, tx.cid, new Uint8Array([9]));
    await commit(tx);
    expect(catalog.resetUnloggedRelations(false)).toBe(1);
    const cursor = catalog.store(t).scan();
    expect(cursor.next()).toBeUndefined();
    cursor.close();
  });
});
