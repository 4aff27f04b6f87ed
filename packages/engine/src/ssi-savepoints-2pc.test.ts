/**
 * SSI together with savepoints and two-phase commit: a write made inside a savepoint (a sub-xid)
 * belongs to its top-level transaction's SSI state, and PREPARE TRANSACTION is the commit point
 * where the dangerous-structure check runs, as in PostgreSQL.
 */
import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { maxPreparedTransactions: 4 });
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const outcome = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return err.code;
  }
};

/** Two serializable sessions that each read both rows of `table`, then each update a different one. */
async function writeSkew(table: string, secondWrite: (s: EmbeddedSession) => Promise<void>) {
  await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, v int)`);
  await db.query(`INSERT INTO ${table} VALUES (1, 10), (2, 20)`);
  const s1 = db.connect();
  const s2 = db.connect();
  await s1.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  await s2.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  await s1.query(`SELECT sum(v) FROM ${table}`);
  await s2.query(`SELECT sum(v) FROM ${table}`);
  await s1.query(`UPDATE ${table} SET v = 0 WHERE id = 1`);
  await secondWrite(s2);
  return { s1, s2 };
}

describe('SSI with savepoints and 2PC', () => {
  it('maps a version written inside a savepoint to its transaction (conflict out at read)', async () => {
    // G1c with T2's write in a savepoint: each reads the row the other updated, so the only
    // edges are found at read time from the versions' xmax, which is T2's sub-xid.
    await db.query('CREATE TABLE sk1 (id int PRIMARY KEY, v int)');
    await db.query('INSERT INTO sk1 VALUES (1, 10), (2, 20)');
    const s1 = db.connect();
    const s2 = db.connect();
    await s1.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await s2.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
    await s1.query('UPDATE sk1 SET v = 11 WHERE id = 1');
    await s2.query('SAVEPOINT a');
    await s2.query('UPDATE sk1 SET v = 22 WHERE id = 2');
    await s2.query('RELEASE a');
    expect((await s1.query('SELECT v FROM sk1 WHERE id = 2')).rows).toEqual([[20]]);
    expect((await s2.query('SELECT v FROM sk1 WHERE id = 1')).rows).toEqual([[10]]);
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('COMMIT'))).toBe('40001');
    expect((await db.query('SELECT v FROM sk1 ORDER BY id')).rows).toEqual([[11], [20]]);
    await s1.close();
    await s2.close();
  });

  it('refuses PREPARE TRANSACTION of the pivot with 40001 and rolls it back', async () => {
    const { s1, s2 } = await writeSkew('sk2', async (s2) => {
      await s2.query('UPDATE sk2 SET v = 0 WHERE id = 2');
    });
    expect(await outcome(s1.query("PREPARE TRANSACTION 'ssi-a'"))).toBe('ok');
    expect(await outcome(s2.query("PREPARE TRANSACTION 'ssi-b'"))).toBe('40001');
    expect((await db.query('SELECT gid FROM pg_prepared_xacts')).rows).toEqual([['ssi-a']]);
    expect(await outcome(db.query("COMMIT PREPARED 'ssi-a'"))).toBe('ok');
    expect((await db.query('SELECT v FROM sk2 ORDER BY id')).rows).toEqual([[0], [20]]);
    await s1.close();
    await s2.close();
  });
});
