/**
 * Savepoints across sessions (what other transactions see of a transaction's sub-xids) and
 * two-phase commit end to end: statements, errors, pg_prepared_xacts, crash and restart.
 * Single-session savepoint semantics are in testdata/savepoints.slt.
 */
import type { DbError, Oid, Value } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string | undefined;
const opened: Database[] = [];

async function openDb(options: { maxPreparedTransactions?: number } = {}): Promise<Database> {
  dir ??= makeTempDir();
  const db = await openTestDatabase(dir, { autovacuum: false, ...options });
  opened.push(db);
  return db;
}

async function crashAndReopen(db: Database, options = { maxPreparedTransactions: 5 }): Promise<Database> {
  crash(db);
  opened.splice(opened.indexOf(db), 1);
  return openDb(options);
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
  if (dir) removeDir(dir);
  dir = undefined;
});

const values = async (s: EmbeddedSession | Database, sql: string) =>
  (await s.query(sql)).rows.map((r) => r[0]);

async function failure(p: Promise<unknown>): Promise<DbError> {
  try {
    await p;
  } catch (err) {
    return err as DbError;
  }
  throw new Error('expected an error');
}

describe('subtransactions seen from other sessions', () => {
  it('hides a running transaction’s sub-xid writes and shows the live ones once it commits', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int PRIMARY KEY)');
    const a = db.connect();
    const b = db.connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    await a.query('SAVEPOINT s1');
    await a.query('INSERT INTO t VALUES (2)');
    await a.query('SAVEPOINT s2');
    await a.query('INSERT INTO t VALUES (3)');
    await a.query('ROLLBACK TO s2');
    await a.query('RELEASE s1');
    await a.query('SAVEPOINT s3');
    await a.query('INSERT INTO t VALUES (4)');
    expect(await values(b, 'SELECT a FROM t')).toEqual([]);
    expect(await values(a, 'SELECT a FROM t ORDER BY a')).toEqual([1, 2, 4]);
    // Three xids so far: the top-level one and the sub-xids of s1 and s3 (s2's was aborted).
    expect(db.txns.activeTransactions()).toBeGreaterThan(0);
    await a.query('COMMIT');
    expect(await values(b, 'SELECT a FROM t ORDER BY a')).toEqual([1, 2, 4]);
    // A key the rolled-back subtransaction inserted is free.
    await b.query('INSERT INTO t VALUES (3)');
    await a.close();
    await b.close();
  });

  it('reports transaction status T, E and back to T across a failed statement and ROLLBACK TO', async () => {
    const db = await openDb();
    const s = db.connect();
    expect(s.session.transactionStatus()).toBe('I');
    await s.query('BEGIN');
    await s.query('SAVEPOINT x');
    expect(s.session.transactionStatus()).toBe('T');
    expect((await failure(s.query('SELECT 1/0'))).code).toBe('22012');
    expect(s.session.transactionStatus()).toBe('E');
    expect((await s.query('ROLLBACK TO x')).command).toBe('ROLLBACK');
    expect(s.session.transactionStatus()).toBe('T');
    expect((await s.query('COMMIT')).command).toBe('COMMIT');
    expect(s.session.transactionStatus()).toBe('I');
    await s.close();
  });

  it('aborts the failing subtransaction at the error: its keys are free before ROLLBACK TO', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int PRIMARY KEY)');
    const a = db.connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    await a.query('SAVEPOINT s');
    await a.query('INSERT INTO t VALUES (7)');
    expect((await failure(a.query('SELECT 1/0'))).code).toBe('22012');
    await db.query('INSERT INTO t VALUES (7)');
    await a.query('ROLLBACK TO s');
    await a.query('COMMIT');
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([1, 7]);
    await a.close();
  });

  it('rolls COMMENT ON back to the savepoint', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    await db.query(`COMMENT ON TABLE t IS 'before'`);
    const oid = db.catalog.reader().relation('t')!.def.oid as Oid;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SAVEPOINT c');
    await s.query(`COMMENT ON TABLE t IS 'after'`);
    await s.query('ROLLBACK TO c');
    await s.query('COMMIT');
    expect(db.catalog.reader().description(oid, 0)).toBe('before');
    await s.close();
  });

  it('keeps the rows a rolled-back subtransaction deleted, for other sessions too', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t VALUES (1), (2)');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SAVEPOINT d');
    await s.query('DELETE FROM t');
    await s.query('ROLLBACK TO d');
    await s.query('UPDATE t SET a = a + 10 WHERE a = 1');
    await s.query('COMMIT');
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([2, 11]);
    await s.close();
  });
});

/** Collects the rows of a suspended Execute too (no CommandComplete then). */
class Rows extends ResultCollector {
  readonly got: Value[][] = [];
  override dataRow(values: readonly Value[]): void {
    this.got.push(values.slice());
    super.dataRow(values);
  }
}

describe('savepoints in the extended query protocol', () => {
  it('closes the portals opened since the savepoint at ROLLBACK TO, and revives a failed pipeline', async () => {
    const db = await openDb();
    await db.query('CREATE TABLE t (a int)');
    await db.query('INSERT INTO t SELECT generate_series(1, 10)');
    const s = db.connect().session;
    const exec = async (sql: string, portal = '', maxRows = 0) => {
      s.prepare('', sql, []);
      s.bind(portal, '', [], []);
      const out = new ResultCollector();
      await s.execute(portal, maxRows, out);
      return out;
    };
    await exec('BEGIN');
    await exec('SELECT a FROM t ORDER BY a', 'before', 2);
    await exec('SAVEPOINT s');
    await exec('SELECT a FROM t ORDER BY a', 'after', 2);
    expect(s.transactionStatus()).toBe('T');
    await exec('ROLLBACK TO s');
    const more = new Rows();
    await s.execute('before', 2, more);
    expect(more.got).toEqual([[3], [4]]);
    // An error (here: the closed portal) fails the block; the pipeline's Sync follows.
    // NB: execute may throw at once or reject; the async wrapper makes both a rejection.
    await expect((async () => s.execute('after', 2, new ResultCollector()))()).rejects.toMatchObject({
      code: '34000',
    });
    await s.sync(true);
    await expect(exec('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    expect(s.transactionStatus()).toBe('E');
    await exec('ROLLBACK TO s');
    expect(s.transactionStatus()).toBe('T');
    await exec('COMMIT');
    await s.sync(false);
    expect(s.transactionStatus()).toBe('I');
    await s.close();
  });
});

describe('two-phase commit', () => {
  it('is disabled by default (max_prepared_transactions = 0)', async () => {
    const db = await openDb();
    expect(await values(db, 'SHOW max_prepared_transactions')).toEqual(['0']);
    const s = db.connect();
    await s.query('BEGIN');
    const err = await failure(s.query(`PREPARE TRANSACTION 'x'`));
    expect([err.code, err.message, err.fields.hint]).toEqual([
      '55000',
      'prepared transactions are disabled',
      'Set max_prepared_transactions to a nonzero value.',
    ]);
    expect(s.session.transactionStatus()).toBe('I');
    await s.close();
  });

  it('prepares, lists, and commits or rolls back from another session', async () => {
    const db = await openDb({ maxPreparedTransactions: 2 });
    expect(await values(db, 'SHOW max_prepared_transactions')).toEqual(['2']);
    await db.query('CREATE TABLE t (a int PRIMARY KEY)');
    await db.query('INSERT INTO t VALUES (100)');
    const a = db.connect();
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (1)');
    await a.query('SAVEPOINT s');
    await a.query('INSERT INTO t VALUES (2)');
    await a.query('DELETE FROM t WHERE a = 100');
    expect((await a.query(`PREPARE TRANSACTION 'g1'`)).command).toBe('PREPARE TRANSACTION');
    expect(a.session.transactionStatus()).toBe('I');
    // Still in progress for everyone, the preparing session included.
    expect(await values(a, 'SELECT a FROM t ORDER BY a')).toEqual([100]);
    const listed = await db.query('SELECT transaction, gid, owner, database FROM pg_prepared_xacts');
    expect(listed.rows.map((r) => r.slice(1))).toEqual([['g1', 'rustydb', 'rustydb']]);
    expect(typeof listed.rows[0]![0]).toBe('number');
    expect(listed.fields.map((f) => f.name)).toEqual(['transaction', 'gid', 'owner', 'database']);
    expect(
      await values(
        db,
        `SELECT count(*) FROM pg_catalog.pg_prepared_xacts p WHERE p.gid = 'g1' AND p.prepared <= now()`,
      ),
    ).toEqual([1n]);
    // 42710: the gid is in use; the transaction is rolled back and the session left idle.
    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (3)');
    const dup = await failure(a.query(`PREPARE TRANSACTION 'g1'`));
    expect([dup.code, dup.message]).toEqual(['42710', 'transaction identifier "g1" is already in use']);
    expect(a.session.transactionStatus()).toBe('I');
    // 25001 inside a block; 42704 for an unknown gid.
    await a.query('BEGIN');
    const inBlock = await failure(a.query(`COMMIT PREPARED 'g1'`));
    expect([inBlock.code, inBlock.message]).toEqual([
      '25001',
      'COMMIT PREPARED cannot run inside a transaction block',
    ]);
    await a.query('ROLLBACK');
    const unknown = await failure(a.query(`ROLLBACK PREPARED 'nope'`));
    expect([unknown.code, unknown.message]).toEqual([
      '42704',
      'prepared transaction with identifier "nope" does not exist',
    ]);
    const b = db.connect();
    expect((await b.query(`COMMIT PREPARED 'g1'`)).command).toBe('COMMIT PREPARED');
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([1, 2]);
    expect((await db.query('SELECT * FROM pg_prepared_xacts')).rows).toEqual([]);

    await a.query('BEGIN');
    await a.query('INSERT INTO t VALUES (5)');
    await a.query(`PREPARE TRANSACTION 'g2'`);
    expect((await b.query(`ROLLBACK PREPARED 'g2'`)).command).toBe('ROLLBACK PREPARED');
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([1, 2]);
    await a.close();
    await b.close();
  });

  it('answers PREPARE outside a block and in a failed one as PostgreSQL', async () => {
    const db = await openDb({ maxPreparedTransactions: 1 });
    const s = db.connect();
    const idle = await s.query(`PREPARE TRANSACTION 'x'`);
    expect(idle.command).toBe('ROLLBACK');
    expect(idle.notices.map((n) => n.code)).toEqual(['25P01']);
    await s.query('BEGIN');
    await failure(s.query('SELECT 1/0'));
    expect((await s.query(`PREPARE TRANSACTION 'x'`)).command).toBe('ROLLBACK');
    expect(s.session.transactionStatus()).toBe('I');
    // The limit: 53400 once max_prepared_transactions are prepared.
    await s.query('BEGIN');
    await s.query(`PREPARE TRANSACTION 'one'`);
    await s.query('BEGIN');
    const full = await failure(s.query(`PREPARE TRANSACTION 'two'`));
    expect([full.code, full.fields.hint]).toEqual([
      '53400',
      'Increase max_prepared_transactions (currently 1).',
    ]);
    await s.query(`ROLLBACK PREPARED 'one'`);
    // Temporary objects cannot be prepared.
    await s.query('CREATE TEMP TABLE tmp (a int)');
    await s.query('BEGIN');
    await s.query('INSERT INTO tmp VALUES (1)');
    const temp = await failure(s.query(`PREPARE TRANSACTION 'temp'`));
    expect([temp.code, temp.message]).toEqual([
      '0A000',
      'cannot PREPARE a transaction that has operated on temporary objects',
    ]);
    expect(await values(s, 'SELECT count(*) FROM tmp')).toEqual([0n]);
    // A read is enough, as in PostgreSQL; a transaction that never touched it prepares.
    await s.query('BEGIN');
    await s.query('SELECT * FROM tmp');
    expect((await failure(s.query(`PREPARE TRANSACTION 'temp'`))).code).toBe('0A000');
    await s.query('BEGIN');
    await s.query('SELECT 1');
    expect((await s.query(`PREPARE TRANSACTION 'plain'`)).command).toBe('PREPARE TRANSACTION');
    await s.query(`ROLLBACK PREPARED 'plain'`);
    await s.close();
  });

  it('keeps a prepared transaction through a crash (WAL only) and commits it after restart', async () => {
    let db = await openDb({ maxPreparedTransactions: 5 });
    await db.query('CREATE TABLE t (a int PRIMARY KEY)');
    await db.query('INSERT INTO t VALUES (1)');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (2)');
    await s.query('SAVEPOINT sp');
    await s.query('INSERT INTO t VALUES (3)');
    await s.query('SAVEPOINT gone');
    await s.query('INSERT INTO t VALUES (4)');
    await s.query('ROLLBACK TO gone');
    await s.query('DELETE FROM t WHERE a = 1');
    await s.query('CREATE TABLE made (x int)');
    await s.query(`PREPARE TRANSACTION 'survivor'`);
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT gid FROM pg_prepared_xacts')).toEqual(['survivor']);
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([1]);
    // Checkpoints (one ran at open) keep it; so does another crash.
    await db.checkpoint();
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT gid FROM pg_prepared_xacts')).toEqual(['survivor']);
    expect((await db.query(`COMMIT PREPARED 'survivor'`)).command).toBe('COMMIT PREPARED');
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([2, 3]);
    expect(await values(db, 'SELECT count(*) FROM made')).toEqual([0n]);
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT a FROM t ORDER BY a')).toEqual([2, 3]);
    expect((await db.query('SELECT * FROM pg_prepared_xacts')).rows).toEqual([]);
  });

  it('rolls a prepared transaction back after a clean restart', async () => {
    let db = await openDb({ maxPreparedTransactions: 5 });
    await db.query('CREATE TABLE t (a int)');
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO t VALUES (1)');
    await s.query(`PREPARE TRANSACTION 'r'`);
    await s.close();
    await db.close();
    opened.splice(opened.indexOf(db), 1);
    db = await openDb({ maxPreparedTransactions: 5 });
    expect(await values(db, 'SELECT gid FROM pg_prepared_xacts')).toEqual(['r']);
    await db.query(`ROLLBACK PREPARED 'r'`);
    db = await crashAndReopen(db);
    expect(await values(db, 'SELECT count(*) FROM t')).toEqual([0n]);
    expect((await db.query('SELECT * FROM pg_prepared_xacts')).rows).toEqual([]);
  });
});
