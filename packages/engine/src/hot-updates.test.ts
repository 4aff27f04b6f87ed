/**
 * Heap-only tuple (HOT) updates end to end: an UPDATE that changes no indexed column adds no
 * index entry, index lookups walk the chain to the version their snapshot sees, pruning leaves a
 * redirect at the root, vacuum removes whole dead chains with their root's entries, and all of
 * it survives a crash.
 */
import type { IndexDef } from '@rustydb/catalog';
import { HEAP_ONLY_TUPLE, type TableStore } from '@rustydb/storage';
import { describe, expect, it } from 'vitest';
import { pending } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { crash, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

type Querier = { query(sql: string): Promise<{ rows: unknown[][] }> };
const rows = async (s: Querier, sql: string): Promise<unknown[][]> => (await s.query(sql)).rows;

const store = (db: Database): TableStore => db.catalog.store(db.catalog.reader().table('t')!);
const index = (db: Database, name: string): IndexDef =>
  db.catalog
    .reader()
    .table('t')!
    .indexes.find((i) => i.name === name)!;
/** Every entry of index `name`, killed ones included. */
function entryCount(db: Database, name: string): number {
  const cursor = db.catalog.index(index(db, name)).scan(undefined, false, { includeKilled: true });
  let n = 0;
  while (cursor.next()) n++;
  cursor.close();
  return n;
}
/** Versions in the heap: all of them, and the heap-only ones. */
function heapVersions(db: Database): { all: number; heapOnly: number } {
  const cursor = store(db).scan();
  let all = 0;
  let heapOnly = 0;
  for (let v = cursor.next(); v; v = cursor.next()) {
    all++;
    if (((v.flags ?? 0) & HEAP_ONLY_TUPLE) !== 0) heapOnly++;
  }
  cursor.close();
  return { all, heapOnly };
}

async function setup(db: Database): Promise<Querier> {
  const s = db.connect();
  await s.query('SET enable_seqscan = off');
  await s.query('CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, w text)');
  await s.query('CREATE INDEX t_w ON t (w)');
  await s.query("INSERT INTO t SELECT g, 0, 'w' || g FROM generate_series(1, 20) g");
  return s;
}

describe('HOT updates', () => {
  it('add no index entries; old and new snapshots each find their version through the index', async () => {
    const db = await databases.open();
    const s = await setup(db);
    const reader = db.connect();
    await reader.query('SET enable_seqscan = off');
    await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    expect(await rows(reader, 'SELECT v FROM t WHERE id = 3')).toEqual([[0]]);
    for (let i = 0; i < 5; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 3');
    expect(entryCount(db, 't_pkey')).toBe(20);
    expect(entryCount(db, 't_w')).toBe(20);
    expect(heapVersions(db)).toEqual({ all: 25, heapOnly: 5 });
    expect(await rows(s, 'SELECT v FROM t WHERE id = 3')).toEqual([[5]]);
    expect(await rows(s, "SELECT id, v FROM t WHERE w = 'w3'")).toEqual([[3, 5]]);
    // The old snapshot walks the same chain and stops at the root's version.
    expect(await rows(reader, 'SELECT v FROM t WHERE id = 3')).toEqual([[0]]);
    expect(await rows(reader, "SELECT id, v FROM t WHERE w = 'w3'")).toEqual([[3, 0]]);
    expect(await rows(reader, 'SELECT count(*) FROM t WHERE id BETWEEN 1 AND 20')).toEqual([[20n]]);
    await reader.query('COMMIT');
    expect(await rows(reader, 'SELECT v FROM t WHERE id = 3')).toEqual([[5]]);
  });

  it('an UPDATE of an indexed column is not HOT: every index gets an entry', async () => {
    const db = await databases.open();
    const s = await setup(db);
    await s.query("UPDATE t SET w = 'x' WHERE id = 4");
    expect(entryCount(db, 't_pkey')).toBe(21);
    expect(entryCount(db, 't_w')).toBe(21);
    expect(heapVersions(db).heapOnly).toBe(0);
    expect(await rows(s, "SELECT id FROM t WHERE w = 'x'")).toEqual([[4]]);
    expect(await rows(s, "SELECT id FROM t WHERE w = 'w4'")).toEqual([]);
    // An expression or partial index's columns count as indexed too.
    await s.query('CREATE INDEX t_v_expr ON t ((v * 2)) WHERE id > 0');
    await s.query('UPDATE t SET v = 7 WHERE id = 5');
    expect(entryCount(db, 't_pkey')).toBe(22);
    expect(await rows(s, 'SELECT id FROM t WHERE v * 2 = 14 AND id > 0')).toEqual([[5]]);
  });

  it('an UPDATE that changes an indexed generated column is not HOT; one that leaves it is', async () => {
    const db = await databases.open();
    const s = await setup(db);
    await s.query('ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (v / 10) STORED');
    await s.query('CREATE INDEX t_g ON t (g)');
    // v 0 → 5: g stays 0, so no indexed value changes (HOT).
    await s.query('UPDATE t SET v = 5 WHERE id = 3');
    expect(entryCount(db, 't_g')).toBe(20);
    expect(heapVersions(db).heapOnly).toBe(1);
    // v 5 → 50: g becomes 5, a new entry in every index.
    await s.query('UPDATE t SET v = 50 WHERE id = 3');
    expect(entryCount(db, 't_g')).toBe(21);
    expect(entryCount(db, 't_pkey')).toBe(21);
    expect(await rows(s, 'SELECT id, g FROM t WHERE g = 5')).toEqual([[3, 5]]);
  });

  it('index lookups prune dead members: the root redirects to the live version', async () => {
    const db = await databases.open();
    const s = await setup(db);
    for (let i = 0; i < 30; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 7');
    expect(await rows(s, 'SELECT v FROM t WHERE id = 7')).toEqual([[30]]);
    // Pruned as lookups met dead members (no vacuum ran): far fewer than 50 versions are left.
    expect(heapVersions(db).all).toBeLessThan(20 + 10);
    const root = store(db).fetch({ page: 0, slot: 7 });
    expect(root).toMatchObject({ xmax: 0 });
    expect(root!.tid).not.toEqual({ page: 0, slot: 7 });
    expect(entryCount(db, 't_pkey')).toBe(20);
    expect(await rows(s, 'SELECT sum(v) FROM t WHERE id BETWEEN 1 AND 20')).toEqual([[30n]]);
  });

  it('VACUUM removes whole dead chains with their entries and keeps every live row', async () => {
    const db = await databases.open();
    const s = await setup(db);
    for (let i = 0; i < 10; i++) await s.query(`UPDATE t SET v = v + 1 WHERE id <= ${1 + (i % 5)}`);
    await s.query('DELETE FROM t WHERE id = 2');
    await s.query('VACUUM t');
    expect(entryCount(db, 't_pkey')).toBe(19);
    expect(entryCount(db, 't_w')).toBe(19);
    expect(heapVersions(db).all).toBe(19);
    expect(await rows(s, 'SELECT id, v FROM t WHERE id <= 5 ORDER BY id')).toEqual([
      [1, 10],
      [3, 6],
      [4, 4],
      [5, 2],
    ]);
    // The freed slots are reused; no entry leads to a new row.
    await s.query("INSERT INTO t SELECT g, 100, 'n' FROM generate_series(21, 60) g");
    expect(await rows(s, 'SELECT count(*), sum(v) FROM t WHERE id BETWEEN 1 AND 60')).toEqual([[59n, 4022n]]);
    expect(await rows(s, "SELECT count(*) FROM t WHERE w = 'n'")).toEqual([[40n]]);
    expect(await rows(s, 'SELECT v FROM t WHERE id = 2')).toEqual([]);
  });

  it('survive a crash: redo replays HOT updates and prunes; lookups return the newest version', async () => {
    let db = await databases.open();
    let s = await setup(db);
    await db.checkpoint();
    for (let i = 0; i < 40; i++) await s.query(`UPDATE t SET v = v + 1 WHERE id = ${1 + (i % 4)}`);
    expect(await rows(s, 'SELECT sum(v) FROM t WHERE id <= 4')).toEqual([[40n]]);
    crash(db);
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    await s.query('SET enable_seqscan = off');
    expect(await rows(s, 'SELECT id, v FROM t WHERE id <= 5 ORDER BY id')).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 0],
    ]);
    expect(await rows(s, "SELECT v FROM t WHERE w = 'w2'")).toEqual([[10]]);
    expect(entryCount(db, 't_pkey')).toBe(20);
    await s.query('UPDATE t SET v = v + 1 WHERE id = 1');
    expect(await rows(s, 'SELECT v FROM t WHERE id = 1')).toEqual([[11]]);
  });

  it('CREATE INDEX over HOT chains indexes each chain once, at its root, with the visible key', async () => {
    const db = await databases.open();
    const s = db.connect();
    await s.query('SET enable_seqscan = off');
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v int NOT NULL, w text)');
    await s.query("INSERT INTO t SELECT g, 0, 'w' || g FROM generate_series(1, 20) g");
    for (let i = 0; i < 3; i++) await s.query(`UPDATE t SET v = v + 1, w = 'u${i}' || id WHERE id <= 5`);
    expect(heapVersions(db).heapOnly).toBe(15);
    await s.query('CREATE INDEX t_w ON t (w)');
    await s.query('CREATE UNIQUE INDEX t_v_id ON t (v, id)');
    expect(entryCount(db, 't_w')).toBe(20);
    expect(entryCount(db, 't_v_id')).toBe(20);
    expect(await rows(s, "SELECT id, v FROM t WHERE w = 'u23'")).toEqual([[3, 3]]);
    expect(await rows(s, "SELECT id FROM t WHERE w = 'u03'")).toEqual([]);
    expect(await rows(s, "SELECT id FROM t WHERE w = 'w3'")).toEqual([]);
    expect(await rows(s, 'SELECT count(*) FROM t WHERE v = 3')).toEqual([[5n]]);
    await s.query('REINDEX TABLE t');
    expect(entryCount(db, 't_w')).toBe(20);
    expect(await rows(s, "SELECT id, v FROM t WHERE w = 'u23'")).toEqual([[3, 3]]);
  });

  it('a unique violation is still detected after HOT updates of the row', async () => {
    const db = await databases.open();
    const s = await setup(db);
    for (let i = 0; i < 5; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 1');
    await rejects(
      s.query("INSERT INTO t VALUES (1, 0, 'dup')"),
      '23505',
      'duplicate key value violates unique constraint "t_pkey"',
    );
    await rejects(
      s.query('UPDATE t SET id = 1 WHERE id = 2'),
      '23505',
      'duplicate key value violates unique constraint "t_pkey"',
    );
    expect(
      await rows(
        s,
        "INSERT INTO t VALUES (1, 0, 'x') ON CONFLICT (id) DO UPDATE SET v = t.v + 100 RETURNING v",
      ),
    ).toEqual([[105]]);
  });

  it('READ COMMITTED: a concurrent UPDATE of a HOT-updated row waits, then updates the newest version', async () => {
    const db = await databases.open();
    const s = await setup(db);
    for (let i = 0; i < 3; i++) await s.query('UPDATE t SET v = v + 1 WHERE id = 9');
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query('SET enable_seqscan = off');
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = v + 1 WHERE id = 9');
    const blocked = s2.query('UPDATE t SET v = v + 100 WHERE id = 9 RETURNING v');
    expect(await pending(blocked)).toBe(true);
    await s1.query('COMMIT');
    expect((await blocked).rows).toEqual([[104]]);
    expect(await rows(s, 'SELECT v FROM t WHERE id = 9')).toEqual([[104]]);
    expect(entryCount(db, 't_pkey')).toBe(20);
  });

  it('random HOT and non-HOT updates, deletes, inserts and vacuums: index and seq scans agree', async () => {
    const db = await databases.open();
    const s = await setup(db);
    const seq = db.connect();
    await seq.query('SET enable_indexscan = off');
    await seq.query('SET enable_bitmapscan = off');
    const reader = db.connect();
    await reader.query('SET enable_seqscan = off');
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let readerOpen = false;
    let readerView: unknown[][] = [];
    for (let step = 0; step < 300; step++) {
      const id = 1 + rnd(30);
      const op = rnd(10);
      if (op < 5) await s.query(`UPDATE t SET v = v + 1 WHERE id = ${id}`);
      else if (op < 7) await s.query(`UPDATE t SET w = 'w${rnd(5)}' WHERE id = ${id}`);
      else if (op === 7) await s.query(`DELETE FROM t WHERE id = ${id}`);
      else if (op === 8)
        await s.query(`INSERT INTO t VALUES (${id}, 0, 'w${rnd(5)}') ON CONFLICT (id) DO NOTHING`);
      else if (rnd(3) === 0) await s.query('VACUUM t');
      if (step % 40 === 10 && !readerOpen) {
        await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
        readerView = await rows(reader, 'SELECT id, v, w FROM t WHERE id > 0 ORDER BY id');
        readerOpen = true;
      } else if (step % 40 === 35 && readerOpen) {
        expect(await rows(reader, 'SELECT id, v, w FROM t WHERE id > 0 ORDER BY id')).toEqual(readerView);
        await reader.query('COMMIT');
        readerOpen = false;
      }
      if (step % 25 === 0 || step === 299) {
        const bySeq = await rows(seq, 'SELECT id, v, w FROM t ORDER BY id');
        expect(await rows(s, 'SELECT id, v, w FROM t WHERE id > 0 ORDER BY id')).toEqual(bySeq);
        for (let k = 0; k < 5; k++) {
          const want = bySeq.filter((r) => r[2] === `w${k}`).map((r) => r[0]);
          const got = (await rows(s, `SELECT id FROM t WHERE w = 'w${k}'`)).map((r) => r[0]);
          expect(got.sort((a, b) => Number(a) - Number(b))).toEqual(want);
        }
      }
    }
    if (readerOpen) await reader.query('COMMIT');
    await s.query('VACUUM t');
    expect(entryCount(db, 't_pkey')).toBe((await rows(seq, 'SELECT id FROM t')).length);
  });

  it('16 interleaved READ COMMITTED sessions of the pgbench script keep the books balanced', async () => {
    const db = await databases.open({ fsync: true, autovacuum: true });
    const s = db.connect();
    await s.query('CREATE TABLE branches (bid int PRIMARY KEY, bbalance int NOT NULL)');
    await s.query('CREATE TABLE tellers (tid int PRIMARY KEY, bid int NOT NULL, tbalance int NOT NULL)');
    await s.query('CREATE TABLE accounts (aid int PRIMARY KEY, abalance int NOT NULL, filler char(84))');
    await s.query('CREATE TABLE history (tid int, aid int, delta int)');
    await s.query('INSERT INTO branches VALUES (1, 0)');
    await s.query('INSERT INTO tellers SELECT g, 1, 0 FROM generate_series(1, 10) g');
    await s.query("INSERT INTO accounts SELECT g, 0, '' FROM generate_series(1, 2000) g");
    let seed = 3;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 1 + (seed % n);
    };
    let missed = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        const c = db.connect();
        for (let i = 0; i < 60; i++) {
          const [aid, tid, delta] = [rnd(2000), rnd(10), rnd(1000) - 500];
          await c.query('BEGIN');
          await c.query('UPDATE accounts SET abalance = abalance + $1 WHERE aid = $2', [delta, aid]);
          const t = await c.query('UPDATE tellers SET tbalance = tbalance + $1 WHERE tid = $2', [delta, tid]);
          const b = await c.query('UPDATE branches SET bbalance = bbalance + $1 WHERE bid = 1', [delta]);
          if (t.rowCount !== 1 || b.rowCount !== 1) missed++;
          await c.query('INSERT INTO history VALUES ($1, $2, $3)', [tid, aid, delta]);
          await c.query('COMMIT');
        }
        await c.close();
      }),
    );
    expect(missed).toBe(0);
    const sums = await rows(
      s,
      'SELECT (SELECT sum(abalance) FROM accounts), (SELECT sum(tbalance) FROM tellers), ' +
        '(SELECT sum(bbalance) FROM branches), (SELECT sum(delta) FROM history)',
    );
    expect(new Set(sums[0]).size).toBe(1);
    await s.query('SET enable_seqscan = off');
    expect(await rows(s, 'SELECT count(*) FROM tellers WHERE tid BETWEEN 1 AND 10')).toEqual([[10n]]);
  });
});
