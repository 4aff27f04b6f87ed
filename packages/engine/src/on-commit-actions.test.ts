import type { Value } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, queryError, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false, maxPreparedTransactions: 2 });
  s = db.connect();
});

afterEach(async () => {
  await db.close();
  removeDir(dir);
});

const values = async (sql: string): Promise<Value[]> => (await s.query(sql)).rows.map((r) => r[0]);
const exists = async (name: string): Promise<boolean> =>
  (await values(`SELECT count(*) FROM pg_class WHERE relname = '${name}'`))[0] === 1n;

describe('ON COMMIT DELETE ROWS', () => {
  it('empties the table at each commit, in a block and in autocommit', async () => {
    await s.query('CREATE TEMP TABLE t (x int PRIMARY KEY) ON COMMIT DELETE ROWS');
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1), (2)');
    expect(await values('SELECT count(*) FROM t')).toEqual([2n]);
    await s.query('COMMIT');
    expect(await values('SELECT count(*) FROM t')).toEqual([0n]);
    await s.query('INSERT INTO t VALUES (1)');
    expect(await values('SELECT count(*) FROM t')).toEqual([0n]);
    // The index was emptied with it: the key can come back.
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1)');
    expect(await values('SELECT x FROM t WHERE x = 1')).toEqual([1]);
    await s.query('COMMIT');
    expect(await exists('t')).toBe(true);
  });

  it('fills and empties a CREATE TEMP TABLE AS in one autocommit statement', async () => {
    expect((await s.query('CREATE TEMP TABLE t ON COMMIT DELETE ROWS AS SELECT 1 AS x')).command).toBe(
      'SELECT 1',
    );
    expect(await values('SELECT count(*) FROM t')).toEqual([0n]);
  });
});

describe('ON COMMIT DROP', () => {
  it('drops the table when the creating transaction commits', async () => {
    await s.query('BEGIN');
    await s.query('CREATE TEMP TABLE t (x serial) ON COMMIT DROP');
    await s.query('INSERT INTO t DEFAULT VALUES');
    expect(await values('SELECT count(*) FROM t')).toEqual([1n]);
    await s.query('COMMIT');
    expect(await exists('t')).toBe(false);
    expect(await exists('t_x_seq')).toBe(false);
    await s.query('CREATE TEMP TABLE t (x int) ON COMMIT DROP');
    expect(await exists('t')).toBe(false);
  });

  it('cascades to views on the table', async () => {
    await s.query('BEGIN');
    await s.query('CREATE TEMP TABLE t (x int) ON COMMIT DROP');
    await s.query('CREATE TEMP VIEW v AS SELECT x FROM t');
    await s.query('COMMIT');
    expect(await exists('v')).toBe(false);
  });

  it('leaves nothing behind after a rollback', async () => {
    await s.query('BEGIN');
    await s.query('CREATE TEMP TABLE t (x int) ON COMMIT DROP');
    await s.query('ROLLBACK');
    await s.query('CREATE TEMP TABLE t (x int)');
    await s.query('INSERT INTO t VALUES (1)');
    expect(await values('SELECT x FROM t')).toEqual([1]);
  });
});

describe('ON COMMIT on other tables', () => {
  it('keeps PRESERVE ROWS tables as they are', async () => {
    await s.query('CREATE TEMP TABLE t (x int) ON COMMIT PRESERVE ROWS');
    await s.query('INSERT INTO t VALUES (1)');
    expect(await values('SELECT x FROM t')).toEqual([1]);
  });

  it('refuses a table that is not temporary', async () => {
    const message = '42P16 ON COMMIT can only be used on temporary tables';
    expect(await queryError(s, 'CREATE TABLE p (x int) ON COMMIT PRESERVE ROWS')).toBe(message);
    expect(await queryError(s, 'CREATE TABLE p ON COMMIT DROP AS SELECT 1')).toBe(message);
    expect(await queryError(s, 'CREATE TABLE pg_temp.p (x int) ON COMMIT DROP')).toBe('ok');
  });
});

describe('PREPARE TRANSACTION', () => {
  it('refuses a transaction that created an ON COMMIT table, and leaves others alone', async () => {
    await s.query('CREATE TEMP TABLE keep (x int) ON COMMIT DELETE ROWS');
    await s.query('BEGIN');
    await s.query('CREATE TEMP TABLE t (x int) ON COMMIT DROP');
    expect(await queryError(s, "PREPARE TRANSACTION 'p'")).toBe(
      '0A000 cannot PREPARE a transaction that has operated on temporary objects',
    );
    expect(await exists('t')).toBe(false);
    await s.query('CREATE TABLE p (x int)');
    await s.query('BEGIN');
    await s.query('INSERT INTO p VALUES (1)');
    await s.query("PREPARE TRANSACTION 'p'");
    await s.query("COMMIT PREPARED 'p'");
    expect(await values('SELECT count(*) FROM p')).toEqual([1n]);
    expect(await exists('keep')).toBe(true);
  });
});
