import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  await db.query('CREATE TABLE bulk (id int PRIMARY KEY, n int NOT NULL, label text)');
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const values = (from: number, to: number, cell: (i: number) => string): string =>
  Array.from({ length: to - from }, (_, k) => `(${from + k}, ${cell(from + k)}, 'l''${from + k}')`).join(
    ', ',
  );

describe('bulk VALUES through a session (first-row parse on cache misses)', () => {
  it('inserts every row with its own values', async () => {
    const s = db.connect();
    await s.query(`INSERT INTO bulk VALUES ${values(0, 50, (i) => `${-i}`)}`);
    await s.query(`INSERT INTO bulk VALUES ${values(50, 100, (i) => `${-i}`)}`);
    const r = await s.query('SELECT count(*), sum(n), min(label), max(label) FROM bulk');
    expect(r.rows).toEqual([[100n, -4950n, "l'0", "l'99"]]);
    await s.close();
  });

  it('reports a bad literal of a later row at that row (position of the full text)', async () => {
    const s = db.connect();
    const sql = `INSERT INTO bulk VALUES ${values(200, 210, (i) => (i === 207 ? "'x7'" : `'${i}'`))}`;
    let error: DbError | undefined;
    try {
      await s.query(sql);
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      error = err;
    }
    expect(error?.code).toBe('22P02');
    expect(error?.message).toBe('invalid input syntax for type integer: "x7"');
    expect(error?.fields.position).toBe(sql.indexOf("'x7'") + 1);
    const dup = `INSERT INTO bulk VALUES ${values(300, 310, (i) => `${i}`)} RETURNING id`;
    const r = await s.query(dup);
    expect(r.rows.map((row) => row[0])).toEqual(Array.from({ length: 10 }, (_, k) => 300 + k));
    await s.close();
  });
});
