import type { TableDef } from '@rustydb/catalog';
import { DbError, decodeRow, formatTid, sqlType, type Tid, type Value } from '@rustydb/common';
import { encodeKey } from '@rustydb/index';
import { describe, expect, it } from 'vitest';
import type { Database, DatabaseOptions } from './database.js';
import { crash, firstToFinish, useTestDatabases } from './test-database.js';
import { emptyVacuumStats, vacuumTablePages, vacuumVerdict } from './vacuum.js';

const databases = useTestDatabases({ autovacuum: false });
const openDb = (options?: DatabaseOptions): Promise<Database> => databases.open(options);

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

const table = (db: Database, name: string): TableDef => db.catalog.reader().table(name)!;

/** Every version in the table's store: tid → its header and data. */
function versions(db: Database, name: string) {
  const out = new Map<string, { xmin: number; xmax: number; data: Uint8Array }>();
  const cursor = db.catalog.store(table(db, name)).scan();
  for (let v = cursor.next(); v; v = cursor.next()) {
    out.set(formatTid(v.tid), { xmin: v.xmin, xmax: v.xmax, data: v.data.slice() });
  }
  cursor.close();
  return out;
}

/**
 * Checks every index of the table against its store: each entry leads to a HOT chain (a version,
 * or a pruned root's redirect) whose newest member's key is the entry's (no entry points at a
 * freed or reused slot), and each chain has one entry per index (heap-only versions none).
 * Returns the number of entries per index.
 */
function checkIndexes(db: Database, name: string): number[] {
  const def = table(db, name);
  const store = db.catalog.store(def);
  const heap = versions(db, name);
  const roots = new Set<string>();
  for (const tid of heap.keys()) {
    const [page, slot] = tid.slice(1, -1).split(',').map(Number) as [number, number];
    const root = store.hotRoot?.({ page, slot }) ?? { page, slot };
    roots.add(formatTid(root));
  }
  const types = def.columns.map((c) => c.type);
  const row = new Array<Value>(types.length).fill(null);
  return def.indexes.map((ix) => {
    const slots = ix.columns.map((a) => def.columns.findIndex((c) => c.attnum === a));
    const seen = new Set<string>();
    const cursor = db.catalog.index(ix).scan(undefined, false, { includeKilled: true });
    for (let e = cursor.next(); e; e = cursor.next()) {
      const tid = formatTid(e.tid);
      let v = store.fetch(e.tid);
      expect(v, `${ix.name} entry points at ${tid}, which holds nothing`).toBeDefined();
      for (let n = v ? store.fetch(v.ctid) : undefined; n && n.xmin === v!.xmax && (n.flags ?? 0) & 2; ) {
        v = n;
        n = store.fetch(v.ctid);
      }
      decodeRow(v!.data, types, row);
      const key = encodeKey(
        slots.map((s) => row[s]!),
        slots.map((s) => types[s]!),
        ix.descending,
      );
      expect(Buffer.from(key).equals(Buffer.from(e.key)), `${ix.name} entry at ${tid} has a stale key`).toBe(
        true,
      );
      expect(seen.has(tid), `${ix.name} has two entries for ${tid}`).toBe(false);
      seen.add(tid);
    }
    cursor.close();
    expect(seen.size, `${ix.name} misses entries`).toBe(roots.size);
    return seen.size;
  });
}

const rows = async (db: Database, sql: string): Promise<unknown[][]> => (await db.query(sql)).rows;

for (const method of ['heap', 'memory']) {
  describe(`VACUUM (${method})`, () => {
    it('removes dead versions and their entries in btree, hash and lsm indexes', async () => {
      const db = await openDb();
      await db.query(`CREATE TABLE t (id int PRIMARY KEY, v text, n int) USING ${method}`);
      await db.query('CREATE INDEX t_v ON t USING hash (v)');
      await db.query('CREATE INDEX t_n ON t USING lsm (n)');
      await db.query("INSERT INTO t SELECT g, 'v' || g, 0 FROM generate_series(1, 1000) g");
      await db.query("UPDATE t SET v = v || 'x', n = n + 1 WHERE id <= 600");
      await db.query('DELETE FROM t WHERE id > 900');
      const before = versions(db, 't').size;
      expect(before).toBe(1600);
      const result = await db.query('VACUUM t');
      expect(result.command).toBe('VACUUM');
      expect(versions(db, 't').size).toBe(900);
      expect(checkIndexes(db, 't')).toEqual([900, 900, 900]);
      await db.query('SET enable_seqscan = off');
      expect(await rows(db, "SELECT id, v FROM t WHERE v = 'v7x'")).toEqual([[7, 'v7x']]);
      expect(await rows(db, 'SELECT count(*) FROM t WHERE n = 1')).toEqual([[600n]]);
      expect(await rows(db, "SELECT id FROM t WHERE v = 'v7'")).toEqual([]);
      expect(await rows(db, 'SELECT v, n FROM t WHERE id = 650')).toEqual([['v650', 0]]);
      expect(await rows(db, 'SELECT count(*) FROM t WHERE id > 900')).toEqual([[0n]]);
      expect(await rows(db, 'SELECT count(*), sum(n) FROM t')).toEqual([[900n, 600n]]);
    });

    it('never lets a stale index entry reach a reused slot', async () => {
      const db = await openDb();
      await db.query(`CREATE TABLE t (id int PRIMARY KEY, v text) USING ${method}`);
      await db.query('CREATE INDEX t_v ON t (v)');
      await db.query("INSERT INTO t VALUES (1, 'gone'), (2, 'stays')");
      const tidOf = (id: number): string =>
        [...versions(db, 't')].find(
          ([, v]) => v.xmax === 0 && v.data.length > 0 && decodeId(v.data) === id,
        )![0];
      const gone = tidOf(1);
      await db.query('DELETE FROM t WHERE id = 1');
      await db.query('VACUUM t');
      await db.query("INSERT INTO t VALUES (3, 'new')");
      // The freed slot came back for the new row …
      expect(tidOf(3)).toBe(gone);
      // … and neither index leads to it under the old key.
      checkIndexes(db, 't');
      const probe = (ix: number, key: Uint8Array): Tid[] => {
        const cursor = db.catalog.index(table(db, 't').indexes[ix]!).scan({
          lower: { key, inclusive: true },
          upper: { key, inclusive: true },
        });
        const out: Tid[] = [];
        for (let e = cursor.next(); e; e = cursor.next()) out.push({ ...e.tid });
        cursor.close();
        return out;
      };
      const def = table(db, 't');
      expect(probe(0, encodeKey([1], [def.columns[0]!.type]))).toEqual([]);
      expect(probe(1, encodeKey(['gone'], [def.columns[1]!.type]))).toEqual([]);
      await db.query('SET enable_seqscan = off');
      expect(await rows(db, "SELECT * FROM t WHERE v = 'gone'")).toEqual([]);
      expect(await rows(db, 'SELECT * FROM t WHERE id = 1')).toEqual([]);
      expect(await rows(db, 'SELECT * FROM t WHERE id = 3')).toEqual([[3, 'new']]);
    });

    it('keeps the versions a running REPEATABLE READ snapshot can still see', async () => {
      const db = await openDb();
      await db.query(`CREATE TABLE t (id int PRIMARY KEY, v int) USING ${method}`);
      await db.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g');
      const reader = db.connect();
      await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      expect((await reader.query('SELECT sum(v) FROM t')).rows).toEqual([[0n]]);
      await db.query('UPDATE t SET v = 1');
      await db.query('UPDATE t SET v = 2');
      const verbose = await db.query('VACUUM VERBOSE t');
      // The first update replaced what the snapshot sees; the second replaced versions it never
      // saw, but the horizon is one number (the snapshot's xmin): both wait, as in PostgreSQL.
      expect(verbose.notices[1]!.message).toMatch(
        /tuples: 0 removed, 300 remain, 200 are dead but not yet removable/,
      );
      expect((await reader.query('SELECT sum(v), count(*) FROM t')).rows).toEqual([[0n, 100n]]);
      await reader.query('SET enable_seqscan = off');
      expect((await reader.query('SELECT v FROM t WHERE id = 42')).rows).toEqual([[0]]);
      await reader.query('COMMIT');
      await reader.close();
      const after = await db.query('VACUUM VERBOSE t');
      expect(after.notices[1]!.message).toMatch(/tuples: 200 removed, 100 remain, 0 are dead/);
      expect(await rows(db, 'SELECT sum(v), count(*) FROM t')).toEqual([[200n, 100n]]);
      checkIndexes(db, 't');
    });

    it('removes versions of aborted inserts', async () => {
      const db = await openDb();
      await db.query(`CREATE TABLE t (id int PRIMARY KEY) USING ${method}`);
      const s = db.connect();
      await s.query('BEGIN');
      await s.query('INSERT INTO t SELECT g FROM generate_series(1, 50) g');
      await s.query('ROLLBACK');
      await s.close();
      await db.query('INSERT INTO t VALUES (7)');
      await db.query('VACUUM');
      expect(versions(db, 't').size).toBe(1);
      expect(checkIndexes(db, 't')).toEqual([1]);
    });
  });
}

/** The int4 in the first column of a stored row (tests only). */
function decodeId(data: Uint8Array): number {
  const row: Value[] = [null, null];
  decodeRow(data, [sqlType('int4'), sqlType('text')], row);
  return row[0] as number;
}

describe('vacuum internals', () => {
  it('judges versions by PostgreSQL’s rule against the horizon', () => {
    const status = (xid: number) => (xid === 5 ? 'aborted' : xid === 9 ? 'in-progress' : 'committed');
    const v = (xmin: number, xmax: number) => ({ xmin, xmax, cmin: 0, cmax: 0 }) as never;
    const judge = (xmin: number, xmax: number) => vacuumVerdict(v(xmin, xmax), 8 as never, status as never);
    expect(judge(5, 0)).toBe('dead'); // inserter aborted
    expect(judge(9, 0)).toBe('live'); // inserter running
    expect(judge(3, 0)).toBe('live');
    expect(judge(3, 5)).toBe('live'); // deleter aborted
    expect(judge(3, 9)).toBe('live'); // deleter running
    expect(judge(3, 7)).toBe('dead'); // deleter committed below the horizon
    expect(judge(3, 8)).toBe('recently-dead'); // … at or above it
  });

  it('finds through an index scan an entry whose key lookup misses, and skips unindexed versions', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g");
    // Dead versions made before CREATE INDEX have entries in it too (populate-index.ts).
    await db.query("UPDATE t SET v = v || '!' WHERE id <= 10");
    await db.query('CREATE INDEX t_v ON t (v)');
    await db.query('DELETE FROM t WHERE id = 50');
    const def = table(db, 't');
    const text = def.columns[1]!.type;
    const tid50 = [...versions(db, 't')].find(([, v]) => v.xmax !== 0 && decodeId(v.data) === 50)![0];
    const [page, slot] = tid50.slice(1, -1).split(',').map(Number) as [number, number];
    // Row 50's entry in t_v under a key its row does not give: only a scan can find it.
    const ix = db.catalog.index(def.indexes[1]!);
    expect(ix.delete(encodeKey(['v50'], [text]), { page, slot })).toBe(true);
    ix.insert(encodeKey(['elsewhere'], [text]), { page, slot });
    const stats = emptyVacuumStats();
    const result = vacuumTablePages(db, def, 0, Number.POSITIVE_INFINITY, stats);
    expect(result!.nextPage).toBe(-1);
    expect(stats).toMatchObject({ removed: 11, kept: 99, recentlyDead: 0, entriesFoundByScan: 1 });
    expect(checkIndexes(db, 't')).toEqual([99, 99]);
  });
});

describe('vacuum of versions that died before CREATE INDEX', () => {
  it('finds their entries by key, in bulk-built and one-by-one-built indexes: no index scan', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 6000) g");
    // Non-HOT (the pages are full), and deletes: dead versions on every page of many batches.
    await db.query("UPDATE t SET v = v || '!' WHERE id % 2 = 0");
    await db.query('DELETE FROM t WHERE id % 5 = 0');
    await db.query('CREATE INDEX t_v ON t (v)');
    // A partial index is built entry by entry (populate-index.ts), a plain one in bulk.
    await db.query('CREATE INDEX t_part ON t (v) WHERE id > 0');
    const def = table(db, 't');
    expect(db.catalog.store(def).pageCount()).toBeGreaterThan(32); // more than one batch
    const stats = emptyVacuumStats();
    vacuumTablePages(db, def, 0, Number.POSITIVE_INFINITY, stats);
    expect(stats.removed).toBe(3000 + 1200);
    expect(stats).toMatchObject({ entriesFoundByScan: 0, indexScans: 0 });
    expect(checkIndexes(db, 't')).toEqual([4800, 4800, 4800]);
    await db.query('SET enable_seqscan = off');
    expect(await rows(db, "SELECT id FROM t WHERE v = 'row 8!'")).toEqual([[8]]);
    expect(await rows(db, "SELECT id FROM t WHERE v = 'row 7' AND id > 0")).toEqual([[7]]);
    expect(await rows(db, "SELECT id FROM t WHERE v = 'row 10'")).toEqual([]);
  });

  it('builds a unique index over dead duplicates of a key, and still refuses live ones', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int, k int)');
    await db.query('INSERT INTO t SELECT g, g FROM generate_series(1, 500) g');
    await db.query('UPDATE t SET id = id + 1000 WHERE k <= 100');
    await db.query('DELETE FROM t WHERE k = 7');
    await db.query('INSERT INTO t VALUES (7, 7)');
    await db.query('CREATE UNIQUE INDEX t_k ON t (k)');
    await db.query('CREATE UNIQUE INDEX t_kid ON t (k, (id * 1))');
    await db.query('DROP INDEX t_k');
    await db.query('INSERT INTO t VALUES (9999, 250)');
    expect(await errorOf(db.query('CREATE UNIQUE INDEX t_k2 ON t (k)'))).toBe(
      '23505 could not create unique index "t_k2"',
    );
    expect(await errorOf(db.query('CREATE UNIQUE INDEX t_k3 ON t ((k + 0))'))).toBe(
      '23505 could not create unique index "t_k3"',
    );
  });
});

describe('VACUUM and locks', () => {
  it('waits for an index being built in an open transaction; autovacuum leaves the table alone', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 2000) g");
    await db.query("UPDATE t SET v = v || '!' WHERE id <= 1500");
    const builder = db.connect();
    await builder.query('BEGIN');
    await builder.query('CREATE INDEX t_v ON t (v)');
    // Autovacuum (threshold 50 + 20% of 2000 passed) defers to the SHARE lock.
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
    let vacuumed = false;
    const vacuum = db.query('VACUUM t').then(() => {
      vacuumed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(vacuumed).toBe(false);
    const waiting = await rows(
      db,
      "SELECT mode, granted FROM pg_locks WHERE relation = 't'::regclass AND mode = 'ShareUpdateExclusiveLock'",
    );
    expect(waiting).toEqual([['ShareUpdateExclusiveLock', false]]);
    await builder.query('COMMIT');
    await vacuum;
    expect(checkIndexes(db, 't')).toEqual([2000, 2000]);
    await builder.close();
  });

  it('gives other sessions their turns during a long pass', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query("INSERT INTO t SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
    await db.query('UPDATE t SET v = v');
    const other = db.connect();
    expect(await firstToFinish(db, 'VACUUM t', () => other.query('SELECT 1'))).toBe('other');
    expect(checkIndexes(db, 't')).toEqual([20000]);
    await other.close();
  });

  it('ANALYZE also gives other sessions their turns while it reads a large table', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (id int, v text)');
    await db.query("INSERT INTO t SELECT g, repeat('x', 100) FROM generate_series(1, 60000) g");
    const other = db.connect();
    expect(await firstToFinish(db, 'ANALYZE t', () => other.query('SELECT 1'))).toBe('other');
    expect(await rows(db, "SELECT reltuples::int FROM pg_class WHERE relname = 't'")).toEqual([[60000]]);
    await other.close();
  });

  it('VACUUM ANALYZE analyzes the table (and only the listed columns)', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int, b text)');
    await db.query("INSERT INTO t SELECT g, 'b' || g FROM generate_series(1, 300) g");
    const stats = "SELECT attname FROM pg_stats WHERE tablename = 't' ORDER BY attname";
    expect(await rows(db, stats)).toEqual([]);
    await db.query('VACUUM (ANALYZE) t (a)');
    expect(await rows(db, stats)).toEqual([['a']]);
    await db.query('VACUUM ANALYZE t');
    expect(await rows(db, stats)).toEqual([['a'], ['b']]);
    expect(await rows(db, "SELECT reltuples::int FROM pg_class WHERE relname = 't'")).toEqual([[300]]);
  });
});

describe('vacuum and entries the index reclaimed itself', () => {
  it('does not scan the index for entries an insert reclaimed (killed, then reused)', async () => {
    const ROUNDS = 12;
    const db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, n int)');
    await db.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 2000) g');
    // Non-HOT updates (the pages are full): each adds an entry beside the old version's, whose
    // lookup the next update kills; a full leaf then takes over killed cells (btree-simple-delete).
    for (let round = 0; round < ROUNDS; round++) {
      for (let id = 1; id <= 2000; id += 7) await db.query('UPDATE t SET n = n + 1 WHERE id = $1', [id]);
    }
    const def = table(db, 't');
    const stats = emptyVacuumStats();
    vacuumTablePages(db, def, 0, Number.POSITIVE_INFINITY, stats);
    expect(stats.removed).toBeGreaterThan(0);
    expect(stats).toMatchObject({ entriesFoundByScan: 0, indexScans: 0 });
    expect(checkIndexes(db, 't')).toEqual([2000]);
    const rows = await db.query('SELECT count(*)::int AS c, sum(n)::int AS s FROM t');
    expect(rows.rows[0]).toEqual([2000, ROUNDS * 286]);
  });
});

describe('VACUUM statement', () => {
  it('refuses to run inside a transaction block (25001), and other unsupported uses', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    await db.query('CREATE VIEW v AS SELECT 1');
    const s = db.connect();
    await s.query('BEGIN');
    expect(await errorOf(s.query('VACUUM t'))).toBe('25001 VACUUM cannot run inside a transaction block');
    await s.query('ROLLBACK');
    expect(await errorOf(s.query('SELECT 1; VACUUM t'))).toBe(
      '25001 VACUUM cannot run inside a transaction block',
    );
    expect(await errorOf(s.query('VACUUM FULL t'))).toBe('0A000 VACUUM FULL is not supported');
    expect(await errorOf(s.query('VACUUM (foo) t'))).toBe('42601 unrecognized VACUUM option "foo"');
    expect(await errorOf(s.query('VACUUM nope'))).toBe('42P01 relation "nope" does not exist');
    expect(await errorOf(s.query('VACUUM t (a)'))).toBe(
      '0A000 ANALYZE option must be specified when a column list is provided',
    );
    expect(await errorOf(s.query('VACUUM (verbose maybe) t'))).toBe('22023 verbose requires a Boolean value');
    const view = await s.query('VACUUM v');
    expect(view.notices.map((n) => [n.severity, n.message])).toEqual([
      ['WARNING', 'skipping "v" --- cannot vacuum non-tables or special system tables'],
    ]);
    expect((await s.query('VACUUM ANALYZE t')).command).toBe('VACUUM');
    expect((await s.query('VACUUM (ANALYZE, VERBOSE false) t (a)')).notices).toEqual([]);
    expect((await s.query('VACUUM')).command).toBe('VACUUM');
    await s.close();
  });

  it('VERBOSE reports in PostgreSQL 15’s words', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int PRIMARY KEY, b text)');
    await db.query("INSERT INTO t SELECT g, 'x' || g FROM generate_series(1, 1000) g");
    await db.query("UPDATE t SET b = b || 'y' WHERE a <= 300");
    await db.query('DELETE FROM t WHERE a > 900');
    const { notices } = await db.query('VACUUM VERBOSE t');
    expect(notices.map((n) => [n.code, n.severity])).toEqual([
      ['00000', 'INFO'],
      ['00000', 'INFO'],
    ]);
    expect(notices[0]!.message).toBe('vacuuming "rustydb.public.t"');
    const lines = notices[1]!.message.split('\n');
    const pages = db.catalog.store(table(db, 't')).pageCount();
    expect(lines[0]).toBe('finished vacuuming "rustydb.public.t": index scans: 1');
    expect(lines[1]).toMatch(
      new RegExp(`^pages: \\d+ removed, ${pages} remain, \\d+ scanned \\(100\\.00% of total\\)$`),
    );
    expect(lines[2]).toBe('tuples: 400 removed, 900 remain, 0 are dead but not yet removable');
    expect(lines[3]).toMatch(/^removable cutoff: \d+, which was 0 XIDs old when operation ended$/);
    expect(lines[4]).toMatch(
      /^index "t_pkey": pages: \d+ in total, 0 newly deleted, 0 currently deleted, 0 reusable$/,
    );
  });

  it('replays a vacuum after a crash: freed slots, reused slots and indexes come back intact', async () => {
    const db = await openDb({ bufferPoolPages: 32 });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await db.query('CREATE INDEX t_v ON t (v)');
    await db.query("INSERT INTO t SELECT g, 'row ' || g FROM generate_series(1, 3000) g");
    await db.checkpoint();
    await db.query("UPDATE t SET v = v || '!' WHERE id % 3 = 0");
    await db.query('DELETE FROM t WHERE id > 2500');
    await db.query('VACUUM t');
    await db.query("INSERT INTO t SELECT g, 'again ' || g FROM generate_series(2501, 2800) g");
    const before = await rows(db, 'SELECT id, v FROM t ORDER BY id');
    const heapBefore = versions(db, 't');
    crash(db);
    databases.forget(db);
    const again = await openDb({ bufferPoolPages: 32 });
    expect(again.recovery!.records).toBeGreaterThan(0);
    expect(await rows(again, 'SELECT id, v FROM t ORDER BY id')).toEqual(before);
    expect([...versions(again, 't').keys()].sort()).toEqual([...heapBefore.keys()].sort());
    expect(checkIndexes(again, 't')).toEqual([2800, 2800]);
    await again.query('SET enable_seqscan = off');
    expect(await rows(again, "SELECT id FROM t WHERE v = 'row 9!'")).toEqual([[9]]);
    expect(await rows(again, "SELECT id FROM t WHERE v = 'again 2600'")).toEqual([[2600]]);
  });
});

describe('autovacuum', () => {
  it('vacuums a table once its dead versions pass 50 + 20% of its live ones, a few pages a tick', async () => {
    const db = await openDb({ autovacuum: { intervalMs: 3_600_000, pagesPerTick: 4 } });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, pad text)');
    await db.query("INSERT INTO t SELECT g, repeat('p', 100) FROM generate_series(1, 1000) g");
    await db.query('UPDATE t SET pad = pad WHERE id <= 250');
    // 250 dead <= 50 + 0.2 * 1000: nothing to do.
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
    await db.query('UPDATE t SET pad = pad WHERE id <= 10');
    const pages = db.catalog.store(table(db, 't')).pageCount();
    const ticks = [];
    for (let tick = db.runAutovacuumOnce(); ; tick = db.runAutovacuumOnce()) {
      ticks.push(tick);
      expect(tick.table).toBe('public.t');
      expect(tick.pages).toBeLessThanOrEqual(4);
      if (tick.finished) break;
      // Sessions run between ticks.
      await db.query('SELECT 1');
    }
    expect(ticks.length).toBe(Math.ceil(pages / 4));
    expect(versions(db, 't').size).toBe(1000);
    checkIndexes(db, 't');
    // Counters restart from the pass: below the threshold again.
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
  });

  it('gives up its pass over a table that a manual VACUUM has just vacuumed', async () => {
    const db = await openDb({ autovacuum: { intervalMs: 3_600_000, pagesPerTick: 4 } });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, pad text)');
    await db.query("INSERT INTO t SELECT g, repeat('p', 100) FROM generate_series(1, 1000) g");
    await db.query('DELETE FROM t WHERE id <= 500');
    const first = db.runAutovacuumOnce();
    expect(first).toMatchObject({ table: 'public.t', pages: 4, finished: false });
    await db.query('VACUUM t');
    // The pass is not resumed, and the vacuumed table is under its threshold again.
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
    expect(versions(db, 't').size).toBe(500);
  });

  it("follows the table's autovacuum_enabled and vacuum threshold reloptions", async () => {
    const db = await openDb({ autovacuum: { intervalMs: 3_600_000 } });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = false)');
    await db.query("INSERT INTO t SELECT g, 'p' FROM generate_series(1, 1000) g");
    await db.query('UPDATE t SET pad = pad');
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
    await db.query('ALTER TABLE t SET (autovacuum_enabled = on)');
    expect(db.runAutovacuumOnce().table).toBe('public.t');
    await db.query(
      'CREATE TABLE low (id int) WITH (autovacuum_vacuum_threshold = 5, autovacuum_vacuum_scale_factor = 0)',
    );
    await db.query('INSERT INTO low SELECT g FROM generate_series(1, 100) g');
    await db.query('DELETE FROM low WHERE id <= 6');
    let tick = db.runAutovacuumOnce();
    for (let i = 0; i < 20 && tick.table !== 'public.low'; i++) tick = db.runAutovacuumOnce();
    expect(tick.table).toBe('public.low');
  });

  it('after a restart, weighs dead versions against the analyzed row count, not zero', async () => {
    const first = await openDb({ autovacuum: { intervalMs: 3_600_000 } });
    await first.query('CREATE TABLE t (id int PRIMARY KEY, pad text)');
    await first.query("INSERT INTO t SELECT g, 'p' FROM generate_series(1, 1000) g");
    await first.query('ANALYZE t');
    await first.close();
    databases.forget(first);
    const db = await openDb({ autovacuum: { intervalMs: 3_600_000 } });
    // 100 dead <= 50 + 0.2 * 1000 (pg_class.reltuples): nothing to do, as in PostgreSQL.
    await db.query('UPDATE t SET pad = pad WHERE id <= 100');
    expect(db.runAutovacuumOnce()).toEqual({ pages: 0, finished: false });
    await db.query('UPDATE t SET pad = pad WHERE id <= 200');
    expect(db.runAutovacuumOnce().table).toBe('public.t');
  });

  it('keeps a 10,000-row table within 3× its loaded size over 100,000 row updates', async () => {
    const db = await openDb({ autovacuum: { intervalMs: 3_600_000, pagesPerTick: 1000 } });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, n int, pad text)');
    await db.query("INSERT INTO t SELECT g, 0, repeat('x', 40) FROM generate_series(1, 10000) g");
    const store = db.catalog.store(table(db, 't'));
    const index = db.catalog.index(table(db, 't').indexes[0]!);
    const loaded = store.pageCount();
    const loadedIndex = index.pageCount();
    let maxPages = loaded;
    // 100 statements of 1,000 rows each, with an autovacuum tick after every statement.
    for (let i = 0; i < 100; i++) {
      const from = ((i * 1000) % 10000) + 1;
      await db.query(`UPDATE t SET n = n + 1 WHERE id BETWEEN ${from} AND ${from + 999}`);
      db.runAutovacuumOnce();
      maxPages = Math.max(maxPages, store.pageCount());
    }
    expect(await rows(db, 'SELECT count(*), sum(n) FROM t')).toEqual([[10000n, 100000n]]);
    expect(maxPages).toBeLessThan(3 * loaded);
    expect(index.pageCount()).toBeLessThan(3 * loadedIndex);
  }, 120_000); // 3 s on a quiet machine; a loaded 2-core runner has taken over 30

  it('does not run while off, and its timer ticks on its own when on', async () => {
    const off = await openDb();
    await off.query('CREATE TABLE t (id int PRIMARY KEY)');
    await off.query('INSERT INTO t SELECT g FROM generate_series(1, 100) g');
    await off.query('DELETE FROM t');
    await new Promise((r) => setTimeout(r, 50));
    expect(versions(off, 't').size).toBe(100);
    await off.close();
    databases.forget(off);
    const on = await openDb({ autovacuum: { intervalMs: 10 } });
    await on.query('INSERT INTO t SELECT g FROM generate_series(1, 100) g');
    await on.query('DELETE FROM t');
    for (let i = 0; i < 1000 && versions(on, 't').size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(versions(on, 't').size).toBe(0);
  });

  it('takes its turn after commits when a busy session never lets the timer fire', async () => {
    const db = await openDb({ autovacuum: { intervalMs: 1 } });
    await db.query('CREATE TABLE t (id int PRIMARY KEY)');
    await db.query('INSERT INTO t SELECT g FROM generate_series(1, 100) g');
    let fired = 0;
    const timer = setInterval(() => fired++, 0);
    await db.query('DELETE FROM t');
    // Statement after statement: their commits resolve without the event loop reaching timers.
    for (let i = 0; i < 20 && versions(db, 't').size > 0; i++) await db.query('SELECT 1');
    clearInterval(timer);
    expect(fired).toBe(0);
    expect(versions(db, 't').size).toBe(0);
  });
});
