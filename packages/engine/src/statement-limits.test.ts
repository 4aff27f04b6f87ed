/**
 * PostgreSQL's fixed limits, with its errors: target list entries (1664, so a RowDescription's
 * 16-bit field count can never overflow), table columns (1600, dropped ones included), index
 * columns (32, INCLUDE ones included) and function arguments (100).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, rejects, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
});

afterAll(async () => {
  await db?.close();
  removeDir(dir);
});

const list = (n: number, f: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => f(i + 1)).join(', ');

describe('PostgreSQL limits', () => {
  it('target lists: at most 1664 entries, counted after * expansion', async () => {
    expect((await db.query(`select ${list(1664, () => '1')}`)).fields).toHaveLength(1664);
    await rejects(
      db.query(`select ${list(70_000, () => '1')}`),
      '54011',
      'target lists can have at most 1664 entries',
    );
    await db.query(`create table wide900 (${list(900, (i) => `c${i} int`)})`);
    await rejects(
      db.query('select * from wide900 a, wide900 b'),
      '54011',
      'target lists can have at most 1664 entries',
    );
  });

  it('tables: at most 1600 columns, on CREATE TABLE and ADD COLUMN (dropped columns count)', async () => {
    await rejects(
      db.query(`create table wide1601 (${list(1601, (i) => `c${i} int`)})`),
      '54011',
      'tables can have at most 1600 columns',
    );
    await db.query(`create table wide1600 (${list(1600, (i) => `c${i} int`)})`);
    await db.query('alter table wide1600 drop column c1');
    await rejects(
      db.query('alter table wide1600 add column extra int'),
      '54011',
      'tables can have at most 1600 columns',
    );
  });

  it('indexes: at most 32 columns, keys and INCLUDE together', async () => {
    await db.query(`create table t33 (${list(33, (i) => `c${i} int`)})`);
    const cols = (n: number) => list(n, (i) => `c${i}`);
    await rejects(
      db.query(`create index on t33 (${cols(33)})`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await rejects(
      db.query(`alter table t33 add primary key (${cols(33)})`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await rejects(
      db.query(`create index on t33 (${cols(30)}) include (c31, c32, c33)`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await db.query(`create index on t33 (${cols(32)})`);
  });

  it('function calls: at most 100 arguments', async () => {
    expect((await db.query(`select concat(${list(100, () => "'x'")})`)).rows[0][0]).toBe('x'.repeat(100));
    await expect(db.query(`select concat(${list(101, () => "'x'")})`)).rejects.toMatchObject({
      code: '54023',
      message: 'cannot pass more than 100 arguments to a function',
      fields: { position: 8 },
    });
  });
});
