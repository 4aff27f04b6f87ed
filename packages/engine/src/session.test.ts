import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { ResultCollector } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  await db.query('CREATE TABLE t (a int PRIMARY KEY)');
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const errorOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    return err instanceof DbError ? `${err.code} ${err.message}` : String(err);
  }
  return 'ok';
};

describe('session transaction rules', () => {
  it('warns about BEGIN inside a block and COMMIT/ROLLBACK outside one', async () => {
    const s = db.connect();
    expect(s.transactionStatus()).toBe('I');
    await s.query('BEGIN');
    expect(s.transactionStatus()).toBe('T');
    const again = await s.query('BEGIN');
    expect(again.command).toBe('BEGIN');
    expect(again.notices.map((n) => [n.code, n.severity, n.message])).toEqual([
      ['25001', 'WARNING', 'there is already a transaction in progress'],
    ]);
    expect((await s.query('COMMIT')).command).toBe('COMMIT');
    const outside = await s.query('COMMIT');
    expect(outside.command).toBe('COMMIT');
    expect(outside.notices.map((n) => [n.code, n.message])).toEqual([
      ['25P01', 'there is no transaction in progress'],
    ]);
    expect((await s.query('ROLLBACK')).notices.map((n) => n.code)).toEqual(['25P01']);
    await s.close();
  });

  it('ignores commands in a failed block until ROLLBACK or COMMIT (which answers ROLLBACK)', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (100)');
    expect(await errorOf(s.query('INSERT INTO t VALUES (100)'))).toMatch(/^23505 /);
    expect(s.transactionStatus()).toBe('E');
    expect(await errorOf(s.query('SELECT 1'))).toBe(
      '25P02 current transaction is aborted, commands ignored until end of transaction block',
    );
    expect(await errorOf(s.query('SHOW DateStyle'))).toMatch(/^25P02 /);
    expect((await s.query('COMMIT')).command).toBe('ROLLBACK');
    expect(s.transactionStatus()).toBe('I');
    expect((await s.query('SELECT count(*) FROM t WHERE a = 100')).rows).toEqual([[0n]]);
    await s.close();
  });

  it('rejects writes in a read-only transaction', async () => {
    const s = db.connect();
    await s.query('BEGIN READ ONLY');
    expect(await errorOf(s.query('INSERT INTO t VALUES (1)'))).toBe(
      '25006 cannot execute INSERT in a read-only transaction',
    );
    await s.query('ROLLBACK');
    await s.query('START TRANSACTION READ ONLY');
    expect(await errorOf(s.query('CREATE TABLE ro (a int)'))).toBe(
      '25006 cannot execute CREATE TABLE in a read-only transaction',
    );
    await s.close();
  });

  it('runs a multi-statement message as one implicit transaction', async () => {
    expect(
      await errorOf(db.query('INSERT INTO t VALUES (200); INSERT INTO t VALUES (201); SELECT 1/0')),
    ).toBe('22012 division by zero');
    expect((await db.query('SELECT count(*) FROM t WHERE a >= 200')).rows).toEqual([[0n]]);
    const last = await db.query('INSERT INTO t VALUES (200); SELECT a FROM t WHERE a >= 200');
    expect(last.command).toBe('SELECT 1');
    expect(last.rows).toEqual([[200]]);
  });

  it('lets BEGIN inside a message open a block that outlives it', async () => {
    const s = db.connect();
    await s.query('INSERT INTO t VALUES (300); BEGIN; INSERT INTO t VALUES (301)');
    expect(s.transactionStatus()).toBe('T');
    const other = await db.query('SELECT count(*) FROM t WHERE a >= 300');
    expect(other.rows).toEqual([[0n]]);
    await s.query('ROLLBACK');
    expect((await db.query('SELECT count(*) FROM t WHERE a >= 300')).rows).toEqual([[0n]]);
    await s.close();
  });

  it('rolls back a syntax error in a block like any other error', async () => {
    const s = db.connect();
    await s.query('BEGIN');
    expect(await errorOf(s.query('SELEC 1'))).toMatch(/^42601 syntax error at or near "SELEC"/);
    expect(s.transactionStatus()).toBe('E');
    expect((await s.query('ROLLBACK')).command).toBe('ROLLBACK');
    await s.close();
  });

  it('refuses overlapping calls on one session', async () => {
    const s = db.connect();
    const first = s.query('SELECT 1');
    await expect(s.query('SELECT 2')).rejects.toMatchObject({ code: '55000' });
    expect((await first).rows).toEqual([[1]]);
    await s.close();
  });

  it('answers an empty query', async () => {
    const s = db.connect();
    const out = new ResultCollector();
    await s.session.run('  ', [], out);
    expect(out.result?.command).toBe('');
    await s.close();
  });

  it('streams rows with a RowDescription and sends EXPLAIN as QUERY PLAN rows', async () => {
    const r = await db.query('SELECT a, a + 1 AS b FROM t WHERE a = 200');
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([
      ['a', 'int4'],
      ['b', 'int4'],
    ]);
    const plan = await db.query('EXPLAIN SELECT * FROM t');
    expect(plan.fields.map((f) => f.name)).toEqual(['QUERY PLAN']);
    expect(plan.command).toBe('EXPLAIN');
    expect(plan.rows.length).toBeGreaterThan(0);
  });

  it('binds parameters of embedded queries', async () => {
    await db.query('INSERT INTO t VALUES ($1)', [400]);
    expect((await db.query('SELECT a FROM t WHERE a = $1', [400])).rows).toEqual([[400]]);
    // A string parameter is parsed as the type the binder inferred, as with text-format parameters.
    expect((await db.query('SELECT a FROM t WHERE a = $1', ['400'])).rows).toEqual([[400]]);
    await expect(db.query('SELECT a FROM t WHERE a = $1', ['x'])).rejects.toMatchObject({ code: '22P02' });
  });

  it('undoes SET when the transaction aborts and keeps it when it commits', async () => {
    const s = db.connect();
    await s.query('BEGIN; SET application_name = a; ROLLBACK');
    expect((await s.query('SHOW application_name')).rows).toEqual([['']]);
    await s.query('BEGIN; SET application_name = b; COMMIT');
    expect((await s.query('SHOW application_name')).rows).toEqual([['b']]);
    await s.query('BEGIN; SET LOCAL application_name = c');
    expect((await s.query('SHOW application_name')).rows).toEqual([['c']]);
    await s.query('COMMIT');
    expect((await s.query('SHOW application_name')).rows).toEqual([['b']]);
    await s.close();
  });

  it('names unsupported statements in a 0A000 error', async () => {
    expect(await errorOf(db.query('CREATE RECURSIVE VIEW v (n) AS SELECT 1'))).toBe(
      '0A000 CREATE RECURSIVE VIEW is not supported',
    );
  });

  it('cancels a running statement with 57014', async () => {
    const s = db.connect();
    // Rows stream in batches, between which the executor checks for interrupts and yields.
    const running = s.query('SELECT g FROM generate_series(1, 50000000) g');
    setTimeout(() => db.cancel(s.session.processId, s.session.secretKey), 20);
    expect(await errorOf(running)).toBe('57014 canceling statement due to user request');
    expect((await s.query('SELECT 1')).rows).toEqual([[1]]);
    await s.close();
  });
});

describe('Backend', () => {
  it('admits only role and database rustydb', async () => {
    const peer = { address: '127.0.0.1', port: 1 };
    expect(await errorOf(db.startSession({ user: 'bob', database: 'rustydb' }, peer))).toBe(
      '28000 role "bob" does not exist',
    );
    expect(await errorOf(db.startSession({ user: 'rustydb', database: 'x' }, peer))).toBe(
      '3D000 database "x" does not exist',
    );
    const s = await db.startSession({ user: 'rustydb', database: 'rustydb', application_name: 'psql' }, peer);
    const status = s.parameterStatuses();
    expect(status.server_version).toMatch(/^15\./);
    expect(status).toMatchObject({
      server_encoding: 'UTF8',
      client_encoding: 'UTF8',
      DateStyle: 'ISO, MDY',
      integer_datetimes: 'on',
      standard_conforming_strings: 'on',
      TimeZone: 'UTC',
      application_name: 'psql',
    });
    db.cancel(s.processId, s.secretKey + 1);
    await s.close();
  });
});
