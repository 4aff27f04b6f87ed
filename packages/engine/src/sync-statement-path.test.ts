/**
 * The synchronous statement path: a point lookup by Execute or by a cached simple query, and
 * Sync's commit of a transaction that wrote nothing, finish without a promise (the protocol
 * then answers without microtask hops); whatever has to wait still returns a promise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import type { EngineSession } from './session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let e: EmbeddedSession;
let s: EngineSession;

beforeAll(async () => {
  dir = makeTempDir();
  // No background vacuum or analyze: a statistics commit between two statements would send the
  // next one down the planning path, which these tests do not mean to measure.
  db = await openTestDatabase(dir, { autovacuum: false, autoanalyze: false });
  e = db.connect();
  s = e.session;
  await e.query('CREATE TABLE acc (aid int PRIMARY KEY, bal int)');
  await e.query('INSERT INTO acc SELECT g, g * 10 FROM generate_series(1, 5000) g');
  // Three rows: a scan of `acc` runs long enough (cold, under load) to reach the end of its
  // time slice and yield (executor operator.ts), which would make the result a promise.
  await e.query('CREATE TABLE few AS SELECT aid FROM acc WHERE aid <= 3');
});

afterAll(async () => {
  await e.close();
  await db.close();
  removeDir(dir);
});

describe('Execute and Sync of a point lookup', () => {
  it('returns the row, the tag and "not suspended" without a promise, and Sync commits at once', () => {
    s.prepare('pt', 'SELECT bal FROM acc WHERE aid = $1', []);
    for (const aid of [7, 4999, 7]) {
      s.bind('', 'pt', [aid], []);
      const out = new ResultCollector();
      const run = s.execute('', 0, out);
      expect(run).toBe(false);
      expect([out.result?.command, out.result?.rows]).toEqual(['SELECT 1', [[aid * 10]]]);
      expect(s.sync(false)).toBeUndefined();
      expect(s.transactionStatus()).toBe('I');
    }
  });

  it('suspends at the row limit and continues, synchronously', () => {
    s.prepare('few', 'SELECT aid FROM few ORDER BY aid', []);
    s.bind('', 'few', [], []);
    const first = new ResultCollector();
    expect(s.execute('', 2, first)).toBe(true);
    expect(first.result).toBeUndefined(); // suspended: no CommandComplete
    const rest = new ResultCollector();
    expect(s.execute('', 2, rest)).toBe(false);
    expect([rest.result?.command, rest.result?.rows]).toEqual(['SELECT 1', [[3]]]);
    expect(s.sync(false)).toBeUndefined();
  });

  it('returns a promise once a long result must yield to the event loop, with every row', async () => {
    s.prepare('all', 'SELECT aid FROM acc', []);
    s.bind('', 'all', [], []);
    const out = new ResultCollector();
    const run = s.execute('', 0, out);
    expect(run).toBeInstanceOf(Promise);
    expect(await run).toBe(false);
    expect([out.result?.command, out.result?.rows.length]).toEqual(['SELECT 5000', 5000]);
    expect(s.sync(false)).toBeUndefined();
  });

  it('throws a failure at once; after Sync the next lookup runs synchronously again', () => {
    s.prepare('div', 'SELECT 1 / (bal - $1) FROM acc WHERE aid = 1', []);
    s.bind('', 'div', [10], []);
    expect(() => s.execute('', 0, new ResultCollector())).toThrow(/division by zero/);
    expect(s.sync(true)).toBeUndefined();
    expect(s.transactionStatus()).toBe('I');
    s.bind('', 'pt', [2], []);
    const out = new ResultCollector();
    expect(s.execute('', 0, out)).toBe(false);
    expect(out.result?.rows).toEqual([[20]]);
    expect(s.sync(false)).toBeUndefined();
  });

  it("Sync after a write commits it: at once when the sole writer's flush is synchronous", async () => {
    s.prepare('upd', 'UPDATE acc SET bal = bal + 1 WHERE aid = $1', []);
    s.bind('', 'upd', [1], []);
    expect(await s.execute('', 0, new ResultCollector())).toBe(false);
    // The sole writer flushes synchronously (Wal.flushCommit), unless a stale event loop forces
    // one asynchronous round (LoopWatch): either way the commit is done once Sync returns/settles.
    await s.sync(false);
    expect(s.transactionStatus()).toBe('I');
    expect((await e.query('SELECT bal FROM acc WHERE aid = 1')).rows).toEqual([[11]]);
  });
});

describe('a cached simple query', () => {
  it('runs synchronously once its plan is cached, and takes its relation lock', () => {
    const sql = (aid: number) => `SELECT bal FROM acc WHERE aid = ${aid}`;
    // The first run parses, plans and learns the shape (async); later texts of the shape hit.
    return (async () => {
      await s.simpleQuery(sql(2), new ResultCollector());
      const out = new ResultCollector();
      expect(s.simpleQuery(sql(3), out)).toBeUndefined();
      expect([out.result?.command, out.result?.rows]).toEqual(['SELECT 1', [[30]]]);
      expect(s.transactionStatus()).toBe('I');
      // Another session's ACCESS EXCLUSIVE lock makes it wait: a promise, finished after COMMIT.
      const other = db.connect();
      await other.query('BEGIN');
      await other.query('LOCK TABLE acc IN ACCESS EXCLUSIVE MODE');
      const waiting = new ResultCollector();
      const run = s.simpleQuery(sql(4), waiting);
      expect(run).toBeInstanceOf(Promise);
      await other.query('COMMIT');
      await run;
      expect(waiting.result?.rows).toEqual([[40]]);
      await other.close();
    })();
  });

  it('runs a cached autocommit UPDATE and its commit synchronously, as the embedded query does', async () => {
    const sql = 'UPDATE acc SET bal = bal + 1 WHERE aid = $1';
    await e.query(sql, [4011]); // parsed, planned and learnt
    // Let the loop watch's heartbeat run first: on a loaded machine a stale heartbeat would send
    // the commit through the asynchronous flush (loop-watch.ts), which is not what this tests.
    await new Promise((r) => setTimeout(r, 30));
    const out = new ResultCollector();
    expect(s.run(sql, [4012], out)).toBeUndefined();
    expect(out.result?.command).toBe('UPDATE 1');
    expect(s.transactionStatus()).toBe('I');
    expect((await e.query(sql, [4013])).command).toBe('UPDATE 1');
    const { rows } = await e.query('SELECT aid, bal FROM acc WHERE aid IN (4011, 4012, 4013) ORDER BY aid');
    expect(rows).toEqual([
      [4011, 40111],
      [4012, 40121],
      [4013, 40131],
    ]);
  });

  it('throws a synchronous failure and leaves the session usable', async () => {
    // The first text of the shape is parsed and planned (1 / -10 = 0); the second hits the cache.
    const first = new ResultCollector();
    await s.simpleQuery('SELECT 1 / (bal - 20) FROM acc WHERE aid = 1', first);
    expect(first.result?.rows).toEqual([[0]]);
    expect(() =>
      s.simpleQuery('SELECT 1 / (bal - 20) FROM acc WHERE aid = 2', new ResultCollector()),
    ).toThrow(/division by zero/);
    expect(s.transactionStatus()).toBe('I');
    const out = new ResultCollector();
    expect(s.simpleQuery('SELECT bal FROM acc WHERE aid = 5', out)).toBeUndefined();
    expect(out.result?.rows).toEqual([[50]]);
  });
});

describe('relation locks of an extended-protocol portal', () => {
  it('holds ACCESS SHARE on what it reads until the transaction ends, as PostgreSQL', async () => {
    await e.query('CREATE TABLE locked_t (a int); INSERT INTO locked_t VALUES (1), (2)');
    s.prepare('lk', 'SELECT a FROM locked_t ORDER BY a', []);
    await s.simpleQuery('BEGIN', new ResultCollector());
    s.bind('', 'lk', [], []);
    expect(await s.execute('', 1, new ResultCollector())).toBe(true);
    const other = db.connect();
    await other.query("SET lock_timeout = '50ms'");
    await expect(other.query('DROP TABLE locked_t')).rejects.toMatchObject({ code: '55P03' });
    await s.simpleQuery('COMMIT', new ResultCollector());
    await other.query('DROP TABLE locked_t');
    await other.close();
  });
});

describe('a cached UPDATE … RETURNING', () => {
  it('waits for a row lock as any UPDATE does (it never takes the synchronous query path)', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await e.query('UPDATE acc SET bal = bal + 0 WHERE aid = 11 RETURNING bal')).rows).toEqual([
        [110],
      ]);
    }
    const holder = db.connect();
    await holder.query('BEGIN');
    await holder.query('UPDATE acc SET bal = bal WHERE aid = 11');
    await e.query("SET lock_timeout = '50ms'");
    await expect(e.query('UPDATE acc SET bal = bal + 0 WHERE aid = 11 RETURNING bal')).rejects.toMatchObject({
      code: '55P03',
    });
    await holder.query('ROLLBACK');
    await e.query('RESET lock_timeout');
    expect((await e.query('UPDATE acc SET bal = bal + 0 WHERE aid = 11 RETURNING bal')).rows).toEqual([
      [110],
    ]);
    await holder.close();
  });
});
