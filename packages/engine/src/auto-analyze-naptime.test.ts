import { describe, expect, it } from 'vitest';
import type { AutoAnalyzeTick } from './auto-analyze.js';
import type { Database } from './database.js';
import { useTestDatabases } from './test-database.js';

// Auto-analyze re-reads a busy table at most once per naptime (PostgreSQL's autovacuum_naptime).
const databases = useTestDatabases();

/** Ticks until `t` was analyzed (true) or 20 ticks passed without that (false). */
async function analyzes(d: Database, t: string): Promise<boolean> {
  for (let i = 0; i < 20; i++) {
    const tick: AutoAnalyzeTick = await d.runAutoAnalyzeOnce();
    if (tick.table === `public.${t}` && tick.finished) return true;
  }
  return false;
}

describe('auto-analyze naptime', () => {
  it.each([
    [undefined, false, 2000],
    [0, true, 4000],
  ])(
    'naptimeMs %s: a table changed again right after its analyze is re-analyzed: %s',
    async (naptimeMs, again, rows) => {
      const db = await databases.open({
        autovacuum: false,
        // The timer stays out of the way: the test drives the ticks.
        autoanalyze: { intervalMs: 3_600_000, ...(naptimeMs === undefined ? {} : { naptimeMs }) },
      });
      await db.query('CREATE TABLE busy (v int)');
      await db.query('INSERT INTO busy SELECT g FROM generate_series(1, 2000) g');
      expect(await analyzes(db, 'busy')).toBe(true);
      // 2,000 more changes: far over 50 + 10% of 2,000.
      await db.query('INSERT INTO busy SELECT g FROM generate_series(1, 2000) g');
      expect(await analyzes(db, 'busy')).toBe(again);
      const table = db.catalog.reader().table('busy')!;
      expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(rows);
    },
  );
});

describe('auto-analyze and open transactions', () => {
  it('leaves a table alone while an open transaction writes it (a bulk load), and analyzes it after the commit', async () => {
    const db = await databases.open({ autovacuum: false, autoanalyze: { intervalMs: 3_600_000 } });
    await db.query('CREATE TABLE loading (v int)');
    const loader = db.connect();
    await loader.query('BEGIN');
    await loader.query('INSERT INTO loading SELECT g FROM generate_series(1, 3000) g');
    // 3,000 changes counted, but none committed: PostgreSQL's analyze would not count them yet.
    for (let i = 0; i < 5; i++) expect((await db.runAutoAnalyzeOnce()).table).not.toBe('public.loading');
    await loader.query('COMMIT');
    expect(await analyzes(db, 'loading')).toBe(true);
    const table = db.catalog.reader().table('loading')!;
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(3000);
    await loader.close();
  });
});

describe('auto-analyze after a manual ANALYZE', () => {
  it('counts changes from the manual ANALYZE, as PostgreSQL resets n_mod_since_analyze', async () => {
    const db = await databases.open({
      autovacuum: false,
      autoanalyze: { intervalMs: 3_600_000, naptimeMs: 0 },
    });
    await db.query('CREATE TABLE loaded (v int)');
    // Auto-analyze sees the table while it is empty (its baseline: nothing), then a load.
    await db.runAutoAnalyzeOnce();
    await db.query('INSERT INTO loaded SELECT g FROM generate_series(1, 3000) g');
    await db.query('ANALYZE loaded');
    for (let i = 0; i < 5; i++) expect((await db.runAutoAnalyzeOnce()).table).not.toBe('public.loaded');
    // 3,000 more changes after it: far over 50 + 10% of 3,000.
    await db.query('INSERT INTO loaded SELECT g FROM generate_series(1, 3000) g');
    expect(await analyzes(db, 'loaded')).toBe(true);
  });
});

describe('auto-analyze and a manual ANALYZE during its pass', () => {
  it('gives the pass up: the manual statistics stay, and the table is not read again', async () => {
    const db = await databases.open({ autovacuum: false, autoanalyze: { intervalMs: 3_600_000 } });
    await db.query('CREATE TABLE big (v int)');
    await db.query('INSERT INTO big SELECT g FROM generate_series(1, 10000) g');
    // A zero budget stops after 1,023 versions: the pass is under way.
    expect(await db.runAutoAnalyzeOnce(0)).toEqual({ table: 'public.big', versions: 1023, finished: false });
    await db.query('ANALYZE big');
    const oid = db.catalog.reader().table('big')!.oid;
    const manual = db.catalog.reader().statistics(oid);
    for (let i = 0; i < 5; i++)
      expect(await db.runAutoAnalyzeOnce()).toEqual({ versions: 0, finished: false });
    expect(db.catalog.reader().statistics(oid)).toBe(manual);
    const counts = await db.query(
      "SELECT analyze_count, autoanalyze_count FROM pg_stat_user_tables WHERE relname = 'big'",
    );
    expect(counts.rows).toEqual([[1n, 0n]]);
  });
});

describe('auto-analyze tick budget', () => {
  it('spreads the sampling and the statistics of a big table across ticks of bounded work', async () => {
    const db = await databases.open({ autovacuum: false, autoanalyze: { intervalMs: 3_600_000 } });
    await db.query('CREATE TABLE big (v int)');
    await db.query('INSERT INTO big SELECT g FROM generate_series(1, 10000) g');
    // A zero budget stops at the first clock check (after 1,023 versions).
    const first = await db.runAutoAnalyzeOnce(0);
    expect(first).toEqual({ table: 'public.big', versions: 1023, finished: false });
    let ticks = 1;
    for (let tick = first; !tick.finished; ticks++) tick = await db.runAutoAnalyzeOnce(0);
    // Ten ticks of sampling (1,023 versions each), then one per column of statistics.
    expect(ticks).toBe(11);
    const table = db.catalog.reader().table('big')!;
    expect(db.catalog.reader().statistics(table.oid)?.relTuples).toBe(10000);
  });
});

describe('auto-analyze resumes its scan', () => {
  it('each tick starts after the last version the previous one read, not by re-reading them', async () => {
    const db = await databases.open({ autovacuum: false, autoanalyze: { intervalMs: 3_600_000 } });
    await db.query('CREATE TABLE big (v int)');
    await db.query('INSERT INTO big SELECT g FROM generate_series(1, 10000) g');
    const store = db.catalog.store(db.catalog.reader().table('big')!);
    const scan = store.scan.bind(store);
    let returned = 0;
    store.scan = (isDead, after) => {
      const cursor = scan(isDead, after);
      return {
        next: () => {
          const v = cursor.next();
          if (v !== undefined) returned++;
          return v;
        },
        close: () => cursor.close(),
      };
    };
    let ticks = 0;
    for (let tick = await db.runAutoAnalyzeOnce(0); !tick.finished; ticks++)
      tick = await db.runAutoAnalyzeOnce(0);
    expect(ticks).toBe(10);
    // Each version once, plus the one each cut-short tick looked at and left for the next.
    expect(returned).toBeLessThanOrEqual(10000 + ticks);
    expect(db.catalog.reader().statistics(db.catalog.reader().table('big')!.oid)?.relTuples).toBe(10000);
  });
});

describe('auto-analyze counts committed changes only', () => {
  const quiet = { autovacuum: false, autoanalyze: { intervalMs: 3_600_000, naptimeMs: 0 } } as const;

  it('never analyzes after a rolled-back load (an aborted transaction changed nothing)', async () => {
    const db = await databases.open(quiet);
    await db.query('CREATE TABLE undone (v int)');
    const loader = db.connect();
    await loader.query('BEGIN');
    await loader.query('INSERT INTO undone SELECT g FROM generate_series(1, 3000) g');
    await loader.query('ROLLBACK');
    expect(await analyzes(db, 'undone')).toBe(false);
    // Committed changes still count.
    await db.query('INSERT INTO undone SELECT g FROM generate_series(1, 100) g');
    expect(await analyzes(db, 'undone')).toBe(true);
    await loader.close();
  });

  it('does not count the rows of a rolled-back savepoint', async () => {
    const db = await databases.open(quiet);
    await db.query('CREATE TABLE partly (v int)');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO partly SELECT g FROM generate_series(1, 40) g');
    await s.query('SAVEPOINT sp');
    await s.query('INSERT INTO partly SELECT g FROM generate_series(1, 3000) g');
    await s.query('ROLLBACK TO SAVEPOINT sp');
    await s.query('COMMIT');
    // 40 committed changes: under the threshold of 50.
    expect(await analyzes(db, 'partly')).toBe(false);
    await s.query('DELETE FROM partly WHERE v <= 20');
    // 60: over it (a delete counts 1, as in PostgreSQL).
    expect(await analyzes(db, 'partly')).toBe(true);
    // A released savepoint's rows are the transaction's: they count when it commits.
    await s.query('BEGIN');
    await s.query('SAVEPOINT sp');
    await s.query('INSERT INTO partly SELECT g FROM generate_series(1, 100) g');
    await s.query('RELEASE SAVEPOINT sp');
    await s.query('COMMIT');
    expect(await analyzes(db, 'partly')).toBe(true);
    await s.close();
  });

  it('counts an update as one change', async () => {
    const db = await databases.open(quiet);
    await db.query('CREATE TABLE upd (id int PRIMARY KEY, v int)');
    await db.query('INSERT INTO upd SELECT g, g FROM generate_series(1, 1000) g');
    expect(await analyzes(db, 'upd')).toBe(true);
    // 140 updates (HOT and not): 1 each, under 50 + 10% of 1,000.
    await db.query('UPDATE upd SET v = v + 1 WHERE id <= 100');
    await db.query('UPDATE upd SET id = id + 10000 WHERE id > 960');
    expect(await analyzes(db, 'upd')).toBe(false);
    await db.query('UPDATE upd SET v = v + 1 WHERE id <= 20');
    expect(await analyzes(db, 'upd')).toBe(true);
  });

  it("resets the count on a manual ANALYZE even if its transaction rolls back, as PostgreSQL 15's report", async () => {
    const db = await databases.open(quiet);
    await db.query('CREATE TABLE redo (v int)');
    await db.query('INSERT INTO redo SELECT g FROM generate_series(1, 3000) g');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('ANALYZE redo');
    await s.query('ROLLBACK');
    const table = db.catalog.reader().table('redo')!;
    // The statistics rolled back; the change count did not (PostgreSQL: n_mod_since_analyze 0).
    expect(db.catalog.reader().statistics(table.oid)).toBeUndefined();
    expect(await analyzes(db, 'redo')).toBe(false);
    await s.close();
  });
});
