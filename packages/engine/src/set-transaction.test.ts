/**
 * SET TRANSACTION and SET SESSION CHARACTERISTICS AS TRANSACTION, with PostgreSQL 15's rules and
 * messages (each expectation was checked against PostgreSQL 15.18).
 */
import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outcome } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  await db.query('CREATE TABLE st (id int PRIMARY KEY, v int)');
  await db.query('INSERT INTO st VALUES (1, 10)');
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const show = async (s: { query(sql: string): Promise<{ rows: unknown[][] }> }, name: string) =>
  (await s.query(`SHOW ${name}`)).rows[0]![0];

describe('SET TRANSACTION', () => {
  it('warns and does nothing outside a transaction block', async () => {
    const s = db.connect();
    const r = await s.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
    expect(r.command).toBe('SET');
    expect(r.notices.map((n) => [n.code, n.severity, n.message])).toEqual([
      ['25P01', 'WARNING', 'SET TRANSACTION can only be used in transaction blocks'],
    ]);
    expect(await show(s, 'transaction_isolation')).toBe('read committed');
    await s.close();
  });

  it('sets the level before the first query, and the level takes effect (a snapshot per transaction)', async () => {
    const s1 = db.connect();
    await s1.query('BEGIN');
    await s1.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    expect(await show(s1, 'transaction_isolation')).toBe('repeatable read');
    expect((await s1.query('SELECT v FROM st')).rows).toEqual([[10]]);
    await db.query('UPDATE st SET v = 11');
    // REPEATABLE READ: still the first snapshot's row (READ COMMITTED would see 11).
    expect((await s1.query('SELECT v FROM st')).rows).toEqual([[10]]);
    await s1.query('COMMIT');
    await s1.close();
  });

  it('refuses changes after the first query and inside savepoints with 25001', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE');
    await s.query('SELECT 1');
    expect(await outcome(s.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ'))).toBe(
      '25001 SET TRANSACTION ISOLATION LEVEL must be called before any query',
    );
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await s.query('SELECT 1');
    // Unchanged level: no error, as PostgreSQL.
    expect(await outcome(s.query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED'))).toBe('ok');
    expect(await outcome(s.query('SET TRANSACTION READ ONLY'))).toBe('ok');
    expect(await show(s, 'transaction_read_only')).toBe('on');
    expect(await outcome(s.query('SET TRANSACTION READ WRITE'))).toBe(
      '25001 transaction read-write mode must be set before any query',
    );
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await s.query('SAVEPOINT a');
    expect(await outcome(s.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE'))).toBe(
      '25001 SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction',
    );
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await s.query('SAVEPOINT a');
    expect(await outcome(s.query('SET TRANSACTION DEFERRABLE'))).toBe(
      '25001 SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction',
    );
    await s.query('ROLLBACK');
    await s.close();
  });

  it('makes a transaction read-only: writes fail with 25006', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SET TRANSACTION READ ONLY');
    const err = await s.query('UPDATE st SET v = 0').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).code).toBe('25006');
    await s.query('ROLLBACK');
    await s.close();
  });

  it('shows READ UNCOMMITTED as written; applies to a multi-statement message as PostgreSQL', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED');
    expect(await show(s, 'transaction_isolation')).toBe('read uncommitted');
    await s.query('ROLLBACK');
    // A multi-statement message is an implicit block: SET TRANSACTION applies to it, no WARNING.
    const r = await s.query('SET TRANSACTION ISOLATION LEVEL SERIALIZABLE; SHOW transaction_isolation');
    expect([r.rows, r.notices]).toEqual([[['serializable']], []]);
    // BEGIN's modes after a query of the same message come too late, as in PostgreSQL.
    expect(
      await outcome(s.query('SELECT 1; BEGIN ISOLATION LEVEL SERIALIZABLE; SHOW transaction_isolation')),
    ).toBe('25001 SET TRANSACTION ISOLATION LEVEL must be called before any query');
    expect(s.transactionStatus()).toBe('I');
    await s.close();
  });

  it('SET SESSION CHARACTERISTICS AS TRANSACTION sets the defaults of later transactions', async () => {
    const s = db.connect();
    await s.query('SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    expect(await show(s, 'default_transaction_isolation')).toBe('repeatable read');
    expect(await show(s, 'default_transaction_read_only')).toBe('on');
    await s.query('BEGIN');
    expect(await show(s, 'transaction_isolation')).toBe('repeatable read');
    await s.query('ROLLBACK');
    await s.close();
  });
});
