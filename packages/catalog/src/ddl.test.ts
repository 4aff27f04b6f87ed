import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { DbError, encodeRow, type Oid, silentLogger, sqlType, type TxnId } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, memoryMethod, type StoreContext } from '@rustydb/storage';
import { TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';
import { SYSTEM_FILES } from './system-tables.js';

const int4 = sqlType('int4');
const text = sqlType('text');

let dir: string;
let wal: Wal;
let txns: TxnManager;
let catalog: Catalog;
let ctx: StoreContext;

function open(create: boolean): Catalog {
  const options = {
    context: ctx,
    oids: new OidCounter(wal),
    status: (x: TxnId) => txns.status(x),
    tableStores: new Map([
      ['heap', heapMethod],
      ['memory', memoryMethod],
    ]),
    indexMethods: new Map([['btree', btreeMethod]]),
  };
  return create ? Catalog.create(options) : Catalog.open(options);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rustydb-catalog-ddl-'));
  wal = Wal.open(dir, { fsync: false });
  txns = TxnManager.open(dir, wal);
  ctx = {
    pool: new BufferPool({ device: new MemoryPageDevice(), frames: 64, wal }),
    wal,
    logger: silentLogger(),
  };
  catalog = open(true);
});

afterEach(() => {
  wal.close();
  rmSync(dir, { recursive: true, force: true });
});

type Tx = ReturnType<TxnManager['begin']>;

async function commit(tx: Tx) {
  await tx.commit();
  catalog.commitTransaction(tx);
}

function abort(tx: Tx) {
  tx.abort();
  catalog.abortTransaction(tx);
}

/** Runs `f` in a transaction that commits. */
async function committed<T>(f: (tx: Tx) => T): Promise<T> {
  const tx = txns.begin();
  const out = f(tx);
  await commit(tx);
  return out;
}

/** Runs `f` in a transaction that rolls back; returns what `f` saw. */
function rolledBack<T>(f: (tx: Tx) => T): T {
  const tx = txns.begin();
  const out = f(tx);
  abort(tx);
  return out;
}

const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

const parentSpec = {
  name: 'p',
  columns: [
    { name: 'id', type: int4 },
    { name: 'v', type: text },
  ],
  primaryKey: { columns: ['id'] },
};

describe('transactional DDL', () => {
  it('views: CREATE and DROP roll back; dependencies need CASCADE', async () => {
    const p = await committed((tx) => catalog.createTable(tx, parentSpec));
    const view = {
      name: 'v',
      columns: [{ name: 'id', type: int4 }],
      querySql: 'SELECT id FROM p',
      dependsOn: [p.oid],
    };
    rolledBack((tx) => catalog.createView(tx, view));
    expect(catalog.reader().view('v')).toBeUndefined();
    const v = await committed((tx) => catalog.createView(tx, view));
    expect(catalog.reader().view('v')?.querySql).toBe('SELECT id FROM p');
    await committed((tx) =>
      catalog.createView(tx, { ...view, name: 'w', querySql: 'SELECT id FROM v', dependsOn: [v.oid] }),
    );
    const tx = txns.begin();
    expect(errorOf(() => catalog.dropTable(tx, p.oid))).toBe(
      '2BP01 cannot drop table p because other objects depend on it',
    );
    abort(tx);
    const notice = rolledBack((t) => catalog.dropTable(t, p.oid, true));
    expect(notice).toEqual({
      message: 'drop cascades to 2 other objects',
      detail: 'drop cascades to view v\ndrop cascades to view w',
    });
    expect(catalog.reader().view('w')).toBeDefined();
    await committed((t) => catalog.dropTable(t, p.oid, true));
    expect(catalog.reader().tables()).toEqual([]);
    expect(catalog.reader().views()).toEqual([]);
  });

  it('sequences: CREATE rolls back, nextval does not', async () => {
    rolledBack((tx) => catalog.createSequence(tx, { name: 's', options: {} }));
    expect(catalog.reader().sequence('s')).toBeUndefined();
    const s = await committed((tx) => catalog.createSequence(tx, { name: 's', options: { start: 10n } }));
    const values = rolledBack((tx) => [catalog.nextval(tx, s), catalog.nextval(tx, s)]);
    expect(values).toEqual([10n, 11n]);
    expect(await committed((tx) => catalog.nextval(tx, s))).toBe(12n);
    // RESTART is a new file: rolled back, the old value stays.
    rolledBack((tx) => catalog.restartSequence(tx, s.oid));
    expect(await committed((tx) => catalog.nextval(tx, s))).toBe(13n);
    await committed((tx) => catalog.restartSequence(tx, s.oid, 100n));
    const again = catalog.reader().sequence('s')!;
    expect(await committed((tx) => catalog.nextval(tx, again))).toBe(100n);
  });

  it('sequences: a nextval that logs gives its transaction an xid (its commit flushes the record)', async () => {
    const s = await committed((tx) => catalog.createSequence(tx, { name: 's', options: {} }));
    await wal.flush();
    const tx = txns.begin();
    catalog.nextval(tx, s);
    expect(tx.xid).not.toBe(0);
    await commit(tx);
    const quiet = txns.begin();
    catalog.nextval(quiet, s);
    // Covered by the record the first call logged, which is durable now.
    expect(quiet.xid).toBe(0);
    await commit(quiet);
  });

  it('ALTER TABLE: columns, renames and constraints roll back', async () => {
    const t = await committed((tx) => catalog.createTable(tx, parentSpec));
    const seen = rolledBack((tx) => {
      catalog.addColumn(tx, t.oid, { name: 'w', type: int4 });
      catalog.dropColumn(tx, t.oid, 'v');
      catalog.renameColumn(tx, t.oid, 'id', 'ident');
      catalog.renameRelation(tx, t.oid, 'q');
      catalog.addCheck(tx, t.oid, { sql: 'w > 0', columns: ['w'] });
      return catalog.reader(tx).table('q')!;
    });
    expect(seen.columns.map((c) => [c.attnum, c.name])).toEqual([
      [1, 'ident'],
      [3, 'w'],
    ]);
    expect(seen.storedTypes?.map((x) => x.name)).toEqual(['int4', 'text', 'int4']);
    expect(seen.constraints.map((c) => [c.name, c.kind, c.checkSql])).toEqual([
      ['p_pkey', 'primary', undefined],
      ['q_w_check', 'check', 'w > 0'],
    ]);
    const after = catalog.reader().table('p')!;
    expect(after).toEqual(t);
    expect(after.storedTypes).toBeUndefined();
  });

  it('DROP COLUMN keeps the slot: a column added later gets the next attnum', async () => {
    const t = await committed((tx) => catalog.createTable(tx, parentSpec));
    await committed((tx) => catalog.dropColumn(tx, t.oid, 'v'));
    const c = await committed((tx) => catalog.addColumn(tx, t.oid, { name: 'v', type: int4 }));
    expect(c.attnum).toBe(3);
    const now = catalog.reader().table('p')!;
    expect(now.columns.map((x) => x.name)).toEqual(['id', 'v']);
    expect(now.storedTypes?.map((x) => x.name)).toEqual(['int4', 'text', 'int4']);
    expect(open(false).reader().table('p')).toEqual(now);
  });

  it('a generated column: stored with its expression, dropped with a column it reads (CASCADE only)', async () => {
    const t = await committed((tx) =>
      catalog.createTable(tx, {
        name: 'g',
        columns: [
          { name: 'a', type: int4 },
          { name: 'b', type: int4, defaultSql: 'a * 2', generated: { reads: ['a'] } },
          { name: 'c', type: int4 },
        ],
      }),
    );
    expect(t.columns[1]).toMatchObject({ name: 'b', defaultSql: 'a * 2', generated: 'stored' });
    expect(open(false).reader().table('g')!.columns[1]!.generated).toBe('stored');
    const refused = rolledBack((tx) => {
      try {
        catalog.dropColumn(tx, t.oid, 'a', false);
      } catch (err) {
        return err instanceof DbError ? [err.code, err.message, err.fields.detail] : err;
      }
      return 'dropped';
    });
    expect(refused).toEqual([
      '2BP01',
      'cannot drop column a of table g because other objects depend on it',
      'column b of table g depends on column a of table g',
    ]);
    // The generated column's own dependency rows do not make DROP COLUMN of it or DROP TABLE refuse.
    const notice = await committed((tx) => catalog.dropColumn(tx, t.oid, 'a', true));
    expect(notice?.message).toBe('drop cascades to column b of table g');
    expect(
      catalog
        .reader()
        .table('g')!
        .columns.map((c) => c.name),
    ).toEqual(['c']);
    await committed((tx) => catalog.dropTable(tx, t.oid, false));
  });

  it('TRUNCATE swaps files: rollback keeps the old ones, commit removes them', async () => {
    const t = await committed((tx) => catalog.createTable(tx, parentSpec));
    const w = txns.begin();
    catalog.store(t).insert(w.assignXid(), w.cid, encodeRow([1, 'x'], [int4, text]));
    await commit(w);
    const swapped = rolledBack((tx) => catalog.newRelationFiles(tx, t.oid));
    expect(swapped.file).not.toBe(t.file);
    expect(ctx.pool.pageCount(swapped.file)).toBe(0);
    expect(catalog.reader().table('p')!.file).toBe(t.file);
    expect(ctx.pool.pageCount(t.file)).toBe(1);
    const kept = await committed((tx) => catalog.newRelationFiles(tx, t.oid));
    expect(catalog.reader().table('p')!.file).toBe(kept.file);
    expect(catalog.reader().table('p')!.indexes[0]!.file).not.toBe(t.indexes[0]!.file);
    expect(ctx.pool.pageCount(t.file)).toBe(0);
  });

  it('foreign keys: resolved at CREATE, listed on the referenced table, dropped with CASCADE', async () => {
    const p = await committed((tx) => catalog.createTable(tx, parentSpec));
    const c = await committed((tx) =>
      catalog.createTable(tx, {
        name: 'c',
        columns: [
          { name: 'id', type: int4 },
          { name: 'pid', type: int4 },
        ],
        foreignKeys: [{ columns: ['pid'], refTable: p.oid, refColumns: [], onDelete: 'cascade' }],
      }),
    );
    expect(c.constraints.map((x) => [x.name, x.references])).toEqual([
      ['c_pid_fkey', { table: p.oid, columns: [1], onDelete: 'cascade', onUpdate: 'noAction' }],
    ]);
    expect(
      catalog
        .reader()
        .table('p')!
        .referencedBy?.map((r) => r.constraint.name),
    ).toEqual(['c_pid_fkey']);
    const tx = txns.begin();
    expect(errorOf(() => catalog.dropTable(tx, p.oid))).toBe(
      '2BP01 cannot drop table p because other objects depend on it',
    );
    abort(tx);
    await committed((t) => catalog.dropTable(t, p.oid, true));
    expect(catalog.reader().table('c')!.constraints).toEqual([]);
  });

  it('schemas: CREATE and DROP roll back, and names resolve through the search path', async () => {
    rolledBack((tx) => catalog.createSchema(tx, 's'));
    expect(catalog.reader().schemaExists('s')).toBe(false);
    await committed((tx) => catalog.createSchema(tx, 's'));
    await committed((tx) =>
      catalog.createTable(tx, { schema: 's', name: 't', columns: [{ name: 'a', type: int4 }] }),
    );
    expect(catalog.reader().table('t')).toBeUndefined();
    expect(catalog.reader().table('t', 's')?.schema).toBe('s');
    expect(catalog.reader(undefined, { schemas: ['s', 'public'] }).table('t')?.schema).toBe('s');
    const notice = rolledBack((tx) => catalog.dropSchema(tx, 's', true));
    expect(notice?.message).toBe('drop cascades to table s.t');
    expect(catalog.reader().table('t', 's')).toBeDefined();
  });
});

describe('data directories written before these relations existed', () => {
  it('open: missing system relations are created and old rows read with defaults', async () => {
    // An old directory: only FileIds 1–4, rows in the old (shorter) layouts.
    const oldCtx = ctx;
    for (const f of [SYSTEM_FILES.namespace, SYSTEM_FILES.sequence, SYSTEM_FILES.depend])
      oldCtx.pool.dropFile(f);
    const rel = heapMethod.open(oldCtx, SYSTEM_FILES.relation);
    const att = heapMethod.open(oldCtx, SYSTEM_FILES.attribute);
    const tx = txns.begin();
    const xid = tx.assignXid();
    rel.insert(
      xid,
      0 as never,
      encodeRow([20000, 'public', 'old', 'r', 'heap', 20000], [int4, text, text, text, text, int4]),
    );
    att.insert(
      xid,
      0 as never,
      encodeRow(
        [20000, 1, 'a', 'int4', -1, false, null],
        [int4, int4, text, text, int4, sqlType('bool'), text],
      ),
    );
    await tx.commit();
    const reopened = open(false);
    const t = reopened.reader().table('old')!;
    expect(t.oid).toBe(20000 as Oid);
    expect(t.columns.map((c) => [c.name, c.notNull, c.identity])).toEqual([['a', false, undefined]]);
    expect(t.storedTypes).toBeUndefined();
    const w = txns.begin();
    reopened.createSchema(w, 'fresh');
    await w.commit();
    reopened.commitTransaction(w);
    expect(reopened.reader().schemaExists('fresh')).toBe(true);
  });
});
