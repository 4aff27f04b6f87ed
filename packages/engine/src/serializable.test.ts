/**
 * SERIALIZABLE end to end through sessions: SSI catches write skew and phantoms through an index,
 * stays quiet for disjoint keys, rolls back a COMMIT it refuses, and DEFERRABLE waits for a safe
 * snapshot. Every expected outcome (statement and reason code) was checked against PostgreSQL 15
 * with the same interleaving, except the disjoint-key cases, where PostgreSQL's page-granular
 * btree locks can give a false positive that our key-range locks avoid.
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
  db = await openTestDatabase(dir);
  await db.query('CREATE TABLE doctors (name text PRIMARY KEY, on_call boolean, shift int)');
  await db.query('CREATE TABLE acc (id int PRIMARY KEY, bal int)');
  await db.query('INSERT INTO acc SELECT g, 100 FROM generate_series(1, 2000) g');
  await db.query('ANALYZE acc');
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

/** 'ok', or the SQLSTATE and the SSI reason code of the failure. */
const outcome = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return `${err.code} ${err.fields.detail ?? err.message}`;
  }
};

async function serializable(): Promise<EmbeddedSession> {
  const s = db.connect();
  await s.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
  return s;
}

const AT_COMMIT = '40001 Reason code: Canceled on identification as a pivot, during commit attempt.';

describe('SERIALIZABLE', () => {
  it('prevents write skew: two doctors going off call (the second COMMIT fails and rolls back)', async () => {
    await db.query("INSERT INTO doctors VALUES ('alice', true, 1), ('bob', true, 1), ('carol', true, 2)");
    const s1 = await serializable();
    const s2 = await serializable();
    const onCall = 'SELECT count(*) FROM doctors WHERE on_call AND shift = 1';
    expect((await s1.query(onCall)).rows).toEqual([[2n]]);
    expect((await s2.query(onCall)).rows).toEqual([[2n]]);
    await s1.query("UPDATE doctors SET on_call = false WHERE name = 'alice'");
    await s2.query("UPDATE doctors SET on_call = false WHERE name = 'bob'");
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('COMMIT'))).toBe(AT_COMMIT);
    expect(s2.transactionStatus()).toBe('I');
    expect((await db.query('SELECT name FROM doctors WHERE on_call ORDER BY name')).rows).toEqual([
      ['bob'],
      ['carol'],
    ]);
    await s1.close();
    await s2.close();
  });

  it('sees a phantom inserted into a range another transaction read through an index', async () => {
    const plan = (
      await db.query('EXPLAIN SELECT count(*) FROM acc WHERE id BETWEEN 2001 AND 2010')
    ).rows.join('\n');
    expect(plan).toMatch(/Index (Only )?Scan/);
    const s1 = await serializable();
    const s2 = await serializable();
    expect((await s1.query('SELECT count(*) FROM acc WHERE id BETWEEN 2001 AND 2010')).rows).toEqual([[0n]]);
    expect((await s2.query('SELECT count(*) FROM acc WHERE id BETWEEN 3001 AND 3010')).rows).toEqual([[0n]]);
    await s1.query('INSERT INTO acc VALUES (3005, 1)');
    await s2.query('INSERT INTO acc VALUES (2005, 1)');
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('COMMIT'))).toBe(AT_COMMIT);
    await db.query('DELETE FROM acc WHERE id > 2000');
  });

  it('reports the SSI conflict a unique violation would hide', async () => {
    const s1 = await serializable();
    const s2 = await serializable();
    await s1.query('SELECT count(*) FROM acc WHERE id = 5000');
    await s2.query('SELECT count(*) FROM acc WHERE id = 5000');
    await s1.query('INSERT INTO acc VALUES (5000, 1)');
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('INSERT INTO acc VALUES (5000, 2)'))).toBe(
      '40001 Reason code: Canceled on identification as a pivot, during write.',
    );
    await s2.query('ROLLBACK');
    await db.query('DELETE FROM acc WHERE id > 2000');
  });

  it('makes TRUNCATE conflict with the SIREAD locks on the table', async () => {
    await db.query('CREATE TABLE tr (id int PRIMARY KEY)');
    await db.query('INSERT INTO tr VALUES (1)');
    const s2 = await serializable();
    await s2.query('SELECT * FROM doctors');
    const s1 = await serializable();
    await s1.query('SELECT * FROM tr');
    await s1.query("INSERT INTO doctors VALUES ('dave', false, 3)");
    await s1.query('COMMIT');
    expect(await outcome(s2.query('TRUNCATE tr'))).toBe(
      '40001 Reason code: Canceled on identification as a pivot, during write.',
    );
    await s2.query('ROLLBACK');
    await db.query('DROP TABLE tr');
    await s1.close();
    await s2.close();
  });

  it('lets transactions reading and updating different primary keys both commit', async () => {
    expect((await db.query('EXPLAIN SELECT bal FROM acc WHERE id = 10')).rows.join('\n')).toMatch(
      /Index Scan/,
    );
    const s1 = await serializable();
    const s2 = await serializable();
    await s1.query('SELECT bal FROM acc WHERE id = 10');
    await s2.query('SELECT bal FROM acc WHERE id = 20');
    await s1.query('UPDATE acc SET bal = bal - 1 WHERE id = 10');
    await s2.query('UPDATE acc SET bal = bal - 1 WHERE id = 20');
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('COMMIT'))).toBe('ok');
  });

  it('lets inserts outside the ranges others read through an index commit', async () => {
    const s1 = await serializable();
    const s2 = await serializable();
    await s1.query('SELECT count(*) FROM acc WHERE id BETWEEN 1500 AND 1510');
    await s2.query('SELECT count(*) FROM acc WHERE id BETWEEN 10 AND 20');
    await s1.query('INSERT INTO acc VALUES (5000, 1)');
    await s2.query('INSERT INTO acc VALUES (2005, 1)');
    expect(await outcome(s1.query('COMMIT'))).toBe('ok');
    expect(await outcome(s2.query('COMMIT'))).toBe('ok');
    await db.query('DELETE FROM acc WHERE id > 2000');
  });

  it('READ ONLY DEFERRABLE waits for a safe snapshot before its first statement', async () => {
    const writer = await serializable();
    await writer.query('UPDATE acc SET bal = 7 WHERE id = 1');
    const reader = db.connect();
    await reader.query('BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY DEFERRABLE');
    let answered = false;
    const read = reader.query('SELECT bal FROM acc WHERE id = 1').then((r) => {
      answered = true;
      return r.rows;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    await writer.query('COMMIT');
    // The safe snapshot is the one taken before the writer committed.
    expect(await read).toEqual([[100]]);
    await reader.query('COMMIT');
    await writer.close();
    await reader.close();
  });

  it('takes DEFERRABLE from default_transaction_deferrable', async () => {
    const writer = await serializable();
    await writer.query('UPDATE acc SET bal = 8 WHERE id = 2');
    const reader = db.connect();
    await reader.query("SET default_transaction_isolation = 'serializable'");
    await reader.query('SET default_transaction_read_only = on');
    await reader.query('SET default_transaction_deferrable = on');
    let answered = false;
    const read = reader.query('SELECT bal FROM acc WHERE id = 2').then((r) => {
      answered = true;
      return r.rows;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    await writer.query('COMMIT');
    expect(await read).toEqual([[100]]);
    await writer.close();
    await reader.close();
  });
});
