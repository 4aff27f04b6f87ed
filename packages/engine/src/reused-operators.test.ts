/**
 * A cached plan run again reuses its operator tree (executor reusable-plan.ts): parameters,
 * the session's TimeZone, a failed execution, TRUNCATE's new storage and two sessions must all
 * give the results a fresh tree would.
 */
import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  await db.query(
    'CREATE TABLE r (id int PRIMARY KEY, name text NOT NULL, amount int NOT NULL, at timestamptz)',
  );
  await db.query(
    "INSERT INTO r SELECT g, 'n' || g, g * 7 % 100, '2026-01-01 12:00+00'::timestamptz FROM generate_series(1, 500) g",
  );
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

describe('reused operator trees', () => {
  it('reads each execution’s parameters', async () => {
    const s = db.connect();
    for (let i = 1; i <= 300; i++) {
      const r = await s.query('SELECT name, amount FROM r WHERE id = $1', [i]);
      expect(r.rows).toEqual([[`n${i}`, (i * 7) % 100]]);
    }
    expect((await s.query('SELECT name FROM r WHERE id = $1', [9999])).rows).toEqual([]);
    for (let i = 1; i <= 50; i++) {
      const r = await s.query('SELECT id FROM r WHERE id > $1 AND amount < $2 ORDER BY id LIMIT 3', [
        i * 5,
        50,
      ]);
      const want: number[] = [];
      for (let k = i * 5 + 1; k <= 500 && want.length < 3; k++) if ((k * 7) % 100 < 50) want.push(k);
      expect(r.rows.map((x) => x[0])).toEqual(want);
    }
    await s.close();
  });

  it('follows a TimeZone change between executions', async () => {
    const s = db.connect();
    const q = 'SELECT (at + $2::interval)::text FROM r WHERE id = $1';
    await s.query("SET TimeZone = 'UTC'");
    expect((await s.query(q, [1, '1 hour'])).rows).toEqual([['2026-01-01 13:00:00+00']]);
    expect((await s.query(q, [2, '1 hour'])).rows).toEqual([['2026-01-01 13:00:00+00']]);
    await s.query("SET TimeZone = 'Asia/Tokyo'");
    expect((await s.query(q, [1, '2 hours'])).rows).toEqual([['2026-01-01 23:00:00+09']]);
    await s.close();
  });

  it('gives now() each transaction’s start and statement_timestamp() each statement’s', async () => {
    const s = db.connect();
    const q = 'SELECT now(), statement_timestamp(), CURRENT_TIMESTAMP FROM r WHERE id = $1';
    const times = async () => (await s.query(q, [1])).rows[0] as [bigint, bigint, bigint];
    const sleep = () => new Promise((resolve) => setTimeout(resolve, 3));
    await s.query('BEGIN');
    const [now1, stmt1, current1] = await times();
    await sleep();
    const [now2, stmt2] = await times();
    await s.query('COMMIT');
    expect(current1).toBe(now1);
    expect(now2).toBe(now1);
    expect(stmt2 > stmt1).toBe(true);
    await sleep();
    const [now3] = await times();
    expect(now3 > now1).toBe(true);
    // A cached INSERT writes each autocommit transaction's own now().
    await s.query('CREATE TABLE stamps (id int, at timestamptz)');
    for (let i = 1; i <= 3; i++) {
      await s.query('INSERT INTO stamps VALUES ($1, CURRENT_TIMESTAMP)', [i]);
      await sleep();
    }
    const at = (await s.query('SELECT at FROM stamps ORDER BY id')).rows.map((x) => x[0] as bigint);
    expect(at[0]! < at[1]! && at[1]! < at[2]!).toBe(true);
    await s.close();
  });

  it('runs correctly after an execution that failed', async () => {
    const s = db.connect();
    const q = 'SELECT amount / $2 FROM r WHERE id = $1';
    expect((await s.query(q, [10, 2])).rows).toEqual([[35]]);
    let err: unknown;
    try {
      await s.query(q, [10, 0]);
    } catch (e) {
      err = e;
    }
    expect(err instanceof DbError && err.code).toBe('22012');
    expect((await s.query(q, [11, 1])).rows).toEqual([[77]]);
    await s.close();
  });

  it('sees the rows of two sessions’ transactions and storage replaced by TRUNCATE', async () => {
    await db.query('CREATE TABLE t2 (id int PRIMARY KEY, v int)');
    await db.query('INSERT INTO t2 VALUES (1, 10), (2, 20)');
    const a = db.connect();
    const b = db.connect();
    const q = 'SELECT v FROM t2 WHERE id = $1';
    expect((await a.query(q, [1])).rows).toEqual([[10]]);
    await b.query('BEGIN');
    await b.query('UPDATE t2 SET v = 11 WHERE id = 1');
    expect((await b.query(q, [1])).rows).toEqual([[11]]);
    expect((await a.query(q, [1])).rows).toEqual([[10]]);
    await b.query('COMMIT');
    expect((await a.query(q, [1])).rows).toEqual([[11]]);
    await a.query('TRUNCATE t2');
    expect((await a.query(q, [1])).rows).toEqual([]);
    await a.query('INSERT INTO t2 VALUES (1, 12)');
    expect((await b.query(q, [1])).rows).toEqual([[12]]);
    await a.close();
    await b.close();
  });
});
