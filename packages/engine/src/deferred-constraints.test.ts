/**
 * Deferrable constraints end to end in the engine (executor deferred-constraints.ts): checks at
 * COMMIT and PREPARE TRANSACTION against the rows as other sessions left them, ROLLBACK TO,
 * SET CONSTRAINTS with kept plans, a crash in the middle of a deferred transaction, and what a
 * big deferred load queues. The statement-by-statement behaviour against PostgreSQL is difftest
 * corpus 48-deferrable-constraints.sql.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
const open: Database[] = [];

async function openDb(): Promise<Database> {
  const db = await openTestDatabase(dir, { autovacuum: false, maxPreparedTransactions: 2 });
  open.push(db);
  return db;
}

beforeEach(async () => {
  dir = makeTempDir();
  const db = await openDb();
  await db.query(`CREATE TABLE p (id int PRIMARY KEY);
    CREATE TABLE c (id int PRIMARY KEY, pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED);
    CREATE TABLE u (id int UNIQUE DEFERRABLE INITIALLY DEFERRED, v int);
    INSERT INTO p VALUES (1)`);
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  removeDir(dir);
});

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

describe('deferred foreign keys with two sessions', () => {
  it('the check at COMMIT sees a parent another session committed after the child was written', async () => {
    const db = open[0]!;
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('INSERT INTO c VALUES (1, 7)');
    await s2.query('INSERT INTO p VALUES (7)');
    await s1.query('COMMIT');
    expect(await rows(db, 'SELECT * FROM c')).toEqual([[1, 7]]);
    await s1.close();
    await s2.close();
  });

  it('a parent another session has not committed does not count, and the failed COMMIT leaves no row', async () => {
    const db = open[0]!;
    const s1 = db.connect();
    const s2 = db.connect();
    await s2.query('BEGIN');
    await s2.query('INSERT INTO p VALUES (8)');
    await s1.query('BEGIN');
    await s1.query('INSERT INTO c VALUES (2, 8)');
    await expect(s1.query('COMMIT')).rejects.toMatchObject({ code: '23503' });
    // The block is over: the next statement runs in a transaction of its own.
    expect((await s1.query('SELECT count(*) FROM c')).rows).toEqual([[0n]]);
    await s2.query('COMMIT');
    await s1.close();
    await s2.close();
  });

  it("a deferred unique key counts another session's uncommitted duplicate at COMMIT (PostgreSQL would wait)", async () => {
    const db = open[0]!;
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN');
    await s1.query('INSERT INTO u VALUES (5, 1)');
    await s2.query('BEGIN');
    await s2.query('INSERT INTO u VALUES (5, 2)');
    await expect(s2.query('COMMIT')).rejects.toMatchObject({ code: '23505' });
    await s1.query('COMMIT');
    expect(await rows(db, 'SELECT * FROM u')).toEqual([[5, 1]]);
    await s1.close();
    await s2.close();
  });
});

describe('deferred checks and the end of the transaction', () => {
  it('PREPARE TRANSACTION runs the checks first: a failure prepares nothing', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO c VALUES (3, 99)');
    await expect(s.query("PREPARE TRANSACTION 'g1'")).rejects.toMatchObject({ code: '23503' });
    expect(await rows(db, 'SELECT gid FROM pg_prepared_xacts')).toEqual([]);
    await s.query('BEGIN');
    await s.query('INSERT INTO c VALUES (3, 1)');
    await s.query("PREPARE TRANSACTION 'g2'");
    await s.query("COMMIT PREPARED 'g2'");
    expect(await rows(db, 'SELECT * FROM c')).toEqual([[3, 1]]);
    await s.close();
  });

  it('ROLLBACK TO forgets the checks queued since the savepoint, and a failed subtransaction its own', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('SAVEPOINT a');
    await s.query('INSERT INTO c VALUES (4, 40)');
    await s.query('ROLLBACK TO a');
    await s.query('SAVEPOINT b');
    await s.query('INSERT INTO c VALUES (5, 50)');
    await expect(s.query('SELECT 1 / 0')).rejects.toMatchObject({ code: '22012' });
    await s.query('ROLLBACK TO b');
    await s.query('INSERT INTO c VALUES (6, 1)');
    await s.query('COMMIT');
    expect(await rows(db, 'SELECT * FROM c')).toEqual([[6, 1]]);
    await s.close();
  });

  it('ROLLBACK TO runs again a check that passed since the savepoint, under the state it restores', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO c VALUES (10, 77)');
    await s.query('SAVEPOINT a');
    await s.query('INSERT INTO p VALUES (77)');
    await s.query('SET CONSTRAINTS ALL IMMEDIATE');
    await s.query('ROLLBACK TO a');
    // Deferred again: this row is not checked at the end of its statement.
    await s.query('INSERT INTO c VALUES (11, 78)');
    await s.query('INSERT INTO p VALUES (78)');
    await expect(s.query('COMMIT')).rejects.toMatchObject({
      code: '23503',
      fields: { detail: 'Key (pid)=(77) is not present in table "p".' },
    });
    await s.close();
  });

  it('SET CONSTRAINTS applies to a cached INSERT whose operator tree is reused', async () => {
    const db = open[0]!;
    const s = db.connect();
    const insert = 'INSERT INTO u VALUES ($1, $2)';
    await s.query('BEGIN');
    // A table without foreign keys keeps its writer (reusable-dml.ts): deferred, then immediate.
    for (let i = 0; i < 3; i++) await s.query(insert, [1, i]);
    await s.query('DELETE FROM u WHERE v > 0');
    await s.query('SET CONSTRAINTS u_id_key IMMEDIATE');
    await expect(s.query(insert, [1, 3])).rejects.toMatchObject({ code: '23505' });
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await s.query(insert, [2, 0]);
    await s.query(insert, [2, 1]);
    await expect(s.query('COMMIT')).rejects.toMatchObject({ code: '23505' });
    expect(await rows(db, 'SELECT count(*) FROM u')).toEqual([[0n]]);
    await s.close();
  });

  it('a deferred foreign key checks the newest version of a row this transaction inserted and updated', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO c VALUES (40, 400)');
    // The key is unchanged, yet the row must still be checked (its first version is dead now).
    await s.query('UPDATE c SET pid = pid WHERE id = 40');
    await expect(s.query('COMMIT')).rejects.toMatchObject({ code: '23503' });
    await s.close();
  });

  it('a deferred unique check follows its row through HOT updates made before COMMIT', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO u VALUES (1, 1), (1, 2)');
    // v is not indexed: both updates are HOT, the queued tids now hold dead versions.
    await s.query('UPDATE u SET v = v + 10');
    await expect(s.query('COMMIT')).rejects.toMatchObject({ code: '23505' });
    await s.query('BEGIN');
    await s.query('INSERT INTO u VALUES (2, 1), (2, 2)');
    await s.query('UPDATE u SET v = v + 10');
    await s.query('DELETE FROM u WHERE v = 12');
    await s.query('COMMIT');
    expect(await rows(db, 'SELECT * FROM u')).toEqual([[2, 11]]);
    await s.close();
  });

  it('SET CONSTRAINTS works inside a DO block', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO c VALUES (50, 500)');
    await expect(s.query('DO $$ BEGIN SET CONSTRAINTS c_pid_fkey IMMEDIATE; END $$')).rejects.toMatchObject({
      code: '23503',
    });
    await s.query('ROLLBACK');
    await s.close();
  });

  it('a crash in the middle of a deferred transaction leaves nothing of it', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('INSERT INTO c SELECT g, 1000 + g FROM generate_series(1, 500) g');
    await s.query('INSERT INTO u SELECT g % 10, g FROM generate_series(1, 100) g');
    await db.checkpoint();
    crash(db);
    open.splice(open.indexOf(db), 1);
    const again = await openDb();
    expect(await rows(again, 'SELECT count(*) FROM c')).toEqual([[0n]]);
    expect(await rows(again, 'SELECT count(*) FROM u')).toEqual([[0n]]);
    await again.query('INSERT INTO u VALUES (1, 1)');
    await expect(again.query('INSERT INTO c VALUES (1, 1000)')).rejects.toMatchObject({ code: '23503' });
  });

  it('a big deferred load queues one small event per row, not the rows', async () => {
    const db = open[0]!;
    const s = db.connect();
    await s.query('BEGIN');
    await s.query('CREATE TABLE wide (id int, pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED, pad text)');
    await s.query("INSERT INTO wide SELECT g, 1, repeat('x', 1000) FROM generate_series(1, 20000) g");
    const before = process.memoryUsage().heapUsed;
    await s.query("INSERT INTO wide SELECT g, 1, repeat('x', 1000) FROM generate_series(1, 20000) g");
    const grown = process.memoryUsage().heapUsed - before;
    // 20,000 rows of ~1 kB: copies would hold 20 MB; the events take 40 bytes each (~1 MB with
    // the queue's doubling). A generous bound that copies of the rows cannot meet.
    expect(grown).toBeLessThan(10 * 1024 * 1024);
    await s.query('INSERT INTO wide VALUES (0, 2)');
    await expect(s.query('COMMIT')).rejects.toMatchObject({ code: '23503' });
    await s.close();
  });
});
