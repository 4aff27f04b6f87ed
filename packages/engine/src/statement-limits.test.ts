/**
 * PostgreSQL's fixed limits, with its errors: target list entries (1664, so a RowDescription's
 * 16-bit field count can never overflow), table columns (1600, dropped ones included), index
 * columns (32, INCLUDE ones included) and function arguments (100).
 */
import { describe, expect, it } from 'vitest';
import { rejects, useFileDatabase } from './test-database.js';

const database = useFileDatabase({ autovacuum: false });

const list = (n: number, f: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => f(i + 1)).join(', ');

describe('PostgreSQL limits', () => {
  it('target lists: at most 1664 entries, counted after * expansion', async () => {
    expect((await database().query(`select ${list(1664, () => '1')}`)).fields).toHaveLength(1664);
    await rejects(
      database().query(`select ${list(70_000, () => '1')}`),
      '54011',
      'target lists can have at most 1664 entries',
    );
    await database().query(`create table wide900 (${list(900, (i) => `c${i} int`)})`);
    await rejects(
      database().query('select * from wide900 a, wide900 b'),
      '54011',
      'target lists can have at most 1664 entries',
    );
  });

  it('tables: at most 1600 columns, on CREATE TABLE and ADD COLUMN (dropped columns count)', async () => {
    await rejects(
      database().query(`create table wide1601 (${list(1601, (i) => `c${i} int`)})`),
      '54011',
      'tables can have at most 1600 columns',
    );
    await database().query(`create table wide1600 (${list(1600, (i) => `c${i} int`)})`);
    await database().query('alter table wide1600 drop column c1');
    await rejects(
      database().query('alter table wide1600 add column extra int'),
      '54011',
      'tables can have at most 1600 columns',
    );
  });

  it('indexes: at most 32 columns, keys and INCLUDE together', async () => {
    await database().query(`create table t33 (${list(33, (i) => `c${i} int`)})`);
    const cols = (n: number) => list(n, (i) => `c${i}`);
    await rejects(
      database().query(`create index on t33 (${cols(33)})`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await rejects(
      database().query(`alter table t33 add primary key (${cols(33)})`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await rejects(
      database().query(`create index on t33 (${cols(30)}) include (c31, c32, c33)`),
      '54011',
      'cannot use more than 32 columns in an index',
    );
    await database().query(`create index on t33 (${cols(32)})`);
  });

  it('function calls: at most 100 arguments', async () => {
    expect((await database().query(`select concat(${list(100, () => "'x'")})`)).rows[0][0]).toBe(
      'x'.repeat(100),
    );
    await expect(database().query(`select concat(${list(101, () => "'x'")})`)).rejects.toMatchObject({
      code: '54023',
      message: 'cannot pass more than 100 arguments to a function',
      fields: { position: 8 },
    });
  });

  it('runs a WHERE of 30,000 ORs, as ORMs generate (PostgreSQL flattens the chain; so do we)', async () => {
    await database().query(
      'create table many_or (a int); insert into many_or select g from generate_series(1, 100) g',
    );
    const terms = list(30_000, (i) => `a = ${i}`).replaceAll(', ', ' or ');
    expect((await database().query(`select count(*) from many_or where ${terms}`)).rows).toEqual([[100n]]);
  });
});
