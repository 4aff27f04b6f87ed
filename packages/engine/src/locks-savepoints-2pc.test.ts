/**
 * Row and table locks together with savepoints and prepared transactions: a row written inside a
 * savepoint is waited for until ROLLBACK TO releases it; a prepared transaction keeps every lock
 * its session held (row changes, LOCK TABLE) until COMMIT/ROLLBACK PREPARED from another session,
 * also after a restart.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outcome, pending } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false, maxPreparedTransactions: 4 });
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

beforeEach(async () => {
  await db.query('DROP TABLE IF EXISTS t');
  await db.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
  await db.query('INSERT INTO t VALUES (1, 10), (2, 20)');
});

describe('locks and savepoints', () => {
  it('a waiter on a row a savepoint updated goes on at ROLLBACK TO', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SAVEPOINT a');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    const waiting = s2.query('UPDATE t SET v = v + 100 WHERE id = 1');
    expect(await pending(waiting)).toBe(true);
    await s1.query('ROLLBACK TO a');
    expect(await outcome(waiting)).toBe('ok');
    await s1.query('COMMIT');
    expect((await db.query('SELECT v FROM t WHERE id = 1')).rows).toEqual([[110]]);
    await s1.close();
    await s2.close();
  });
});

describe('table locks and savepoints', () => {
  it('ROLLBACK TO releases the locks taken since the savepoint, not those held before it', async () => {
    await db.query('DROP TABLE IF EXISTS lu; CREATE TABLE lu (id int)');
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query("SET lock_timeout = '100ms'");
    await s1.query('BEGIN');
    await s1.query('LOCK TABLE lu IN ACCESS EXCLUSIVE MODE');
    await s1.query('SAVEPOINT s');
    await s1.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    await s1.query('LOCK TABLE lu IN ACCESS EXCLUSIVE MODE');
    expect(await outcome(s2.query('SELECT count(*) FROM t'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    await s1.query('ROLLBACK TO s');
    // As PostgreSQL 15: t is free again; lu, locked before the savepoint too, stays locked.
    expect(await outcome(s2.query('SELECT count(*) FROM t'))).toBe('ok');
    expect(await outcome(s2.query('SELECT count(*) FROM lu'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    await s1.query('COMMIT');
    expect(await outcome(s2.query('SELECT count(*) FROM lu'))).toBe('ok');
    await s1.close();
    await s2.close();
  });

  it('an error inside a savepoint releases its locks at once, as PostgreSQL aborts the subtransaction', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query("SET lock_timeout = '100ms'");
    await s1.query('BEGIN');
    await s1.query('SAVEPOINT s');
    await s1.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    expect(await outcome(s1.query('SELECT 1 / 0'))).toBe('22012 division by zero');
    expect(await outcome(s2.query('SELECT count(*) FROM t'))).toBe('ok');
    await s1.query('ROLLBACK');
    await s1.close();
    await s2.close();
  });
});

describe('locks of a prepared transaction', () => {
  it('keeps its row lock: an UPDATE waits for COMMIT PREPARED, then re-checks (READ COMMITTED)', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 11 WHERE id = 1');
    await s1.query("PREPARE TRANSACTION 'p1'");
    // The session is free again and its next transaction ends without releasing p1's locks.
    await s1.query('SELECT 1');
    const waiting = s2.query('UPDATE t SET v = v + 100 WHERE id = 1');
    expect(await pending(waiting)).toBe(true);
    await db.query("COMMIT PREPARED 'p1'");
    expect(await outcome(waiting)).toBe('ok');
    expect((await db.query('SELECT v FROM t WHERE id = 1')).rows).toEqual([[111]]);
    await s1.close();
    await s2.close();
  });

  it('keeps a LOCK TABLE until ROLLBACK PREPARED', async () => {
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('LOCK TABLE t IN ACCESS EXCLUSIVE MODE');
    await s1.query("PREPARE TRANSACTION 'p2'");
    await s1.query('SELECT 1');
    const reading = s2.query('SELECT count(*) FROM t');
    expect(await pending(reading)).toBe(true);
    await db.query("ROLLBACK PREPARED 'p2'");
    expect(await outcome(reading)).toBe('ok');
    await s1.close();
    await s2.close();
  });

  it('keeps LOCK TABLE and SELECT … FOR UPDATE locks across a restart', async () => {
    await db.query('CREATE TABLE u (id int PRIMARY KEY)');
    await db.query('INSERT INTO u VALUES (1)');
    const s1 = db.connect();
    await s1.query('BEGIN');
    await s1.query('LOCK TABLE u IN ACCESS EXCLUSIVE MODE');
    await s1.query('SELECT * FROM t WHERE id = 1 FOR UPDATE');
    await s1.query("PREPARE TRANSACTION 'p4'");
    await s1.close();
    await db.close();
    db = await openTestDatabase(dir, { autovacuum: false, maxPreparedTransactions: 4 });
    const s2 = db.connect();
    await s2.query("SET lock_timeout = '100ms'");
    expect(await outcome(s2.query('SELECT * FROM u'))).toBe('55P03 canceling statement due to lock timeout');
    expect(await outcome(s2.query('UPDATE t SET v = 0 WHERE id = 1'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    // Row 2 was not locked.
    expect(await outcome(s2.query('UPDATE t SET v = 0 WHERE id = 2'))).toBe('ok');
    await db.query("ROLLBACK PREPARED 'p4'");
    expect(await outcome(s2.query('SELECT * FROM u'))).toBe('ok');
    expect(await outcome(s2.query('UPDATE t SET v = 0 WHERE id = 1'))).toBe('ok');
    await s2.close();
  });

  it('still holds its row after a restart: a writer with lock_timeout gets 55P03', async () => {
    const s1 = db.connect();
    await s1.query('BEGIN');
    await s1.query('UPDATE t SET v = 12 WHERE id = 2');
    await s1.query("PREPARE TRANSACTION 'p3'");
    await s1.close();
    await db.close();
    db = await openTestDatabase(dir, { autovacuum: false, maxPreparedTransactions: 4 });
    const s2 = db.connect();
    await s2.query("SET lock_timeout = '100ms'");
    expect(await outcome(s2.query('UPDATE t SET v = 0 WHERE id = 2'))).toBe(
      '55P03 canceling statement due to lock timeout',
    );
    await db.query("COMMIT PREPARED 'p3'");
    expect((await db.query('SELECT v FROM t WHERE id = 2')).rows).toEqual([[12]]);
    await s2.close();
  });
});
