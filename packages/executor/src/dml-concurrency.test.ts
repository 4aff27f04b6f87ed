/**
 * DML under MVCC with two sessions: write-write conflicts (40001), uniqueness against other
 * transactions' versions, Halloween safety, index scans over old versions, CREATE INDEX fill.
 */
import { DbError } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqlHarness } from './testing/sql-harness.js';

let h: SqlHarness;
beforeEach(async () => {
  h = SqlHarness.create();
  await h.run('create table t (id int primary key, v int)');
  await h.run('insert into t values (1, 10), (2, 20)');
});
afterEach(() => h.close());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof DbError) return err.code;
    throw err;
  }
}

describe('write-write conflicts', () => {
  it('without a lock context (nothing can wait) raises 40001 when another open transaction updated the row', async () => {
    const s1 = h.session();
    const s2 = h.session();
    await s1.run('begin');
    await s2.run('begin');
    await s1.run('update t set v = 11 where id = 1');
    expect(await codeOf(s2.run('update t set v = 12 where id = 1'))).toBe('40001');
    await s1.run('commit');
    expect((await h.run('select v from t where id = 1')).rows).toEqual([[11]]);
  });

  it("READ COMMITTED: a later statement sees the other transaction's committed delete", async () => {
    const s1 = h.session();
    const s2 = h.session();
    await s2.run('begin');
    await s2.run('select 1');
    await s1.run('delete from t where id = 2');
    expect((await s2.run('update t set v = 0 where id = 2')).tag).toBe('UPDATE 0');
    await s2.run('rollback');
  });

  it('updates again after the other transaction rolled back', async () => {
    const s1 = h.session();
    await s1.run('begin');
    await s1.run('update t set v = 99 where id = 1');
    await s1.run('rollback');
    expect((await h.run('update t set v = v + 1 where id = 1 returning v')).rows).toEqual([[11]]);
  });
});

describe('uniqueness', () => {
  it('without a lock context (nothing can wait) treats a key inserted by an open transaction as a duplicate', async () => {
    const s1 = h.session();
    await s1.run('begin');
    await s1.run('insert into t values (3, 30)');
    expect(await codeOf(h.run('insert into t values (3, 31)'))).toBe('23505');
    await s1.run('rollback');
    expect(await codeOf(h.run('insert into t values (3, 31)'))).toBe('ok');
  });

  it('allows reusing a key deleted earlier in the same transaction', async () => {
    await h.run('begin; delete from t where id = 1; insert into t values (1, 100); commit');
    expect((await h.run('select id, v from t order by id')).rows).toEqual([
      [1, 100],
      [2, 20],
    ]);
  });

  it('reports the duplicate key in the detail', async () => {
    const err = await h.run('insert into t values (2, 0)').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbError);
    expect((err as DbError).fields.detail).toBe('Key (id)=(2) already exists.');
    expect((err as DbError).fields.constraint).toBe('t_pkey');
  });
});

describe('versions and indexes', () => {
  it('is Halloween-safe: INSERT … SELECT from the same table doubles it once', async () => {
    await h.run('insert into t select id + 10, v from t');
    expect((await h.run('select count(*) from t')).rows).toEqual([[4n]]);
  });

  it('finds the current version through the index after updates', async () => {
    await h.run('update t set v = v + 1 where id = 1');
    await h.run('update t set v = v + 1 where id = 1');
    expect(h.explain('select v from t where id = 1')[0]).toBe('Index Scan using t_pkey on t');
    expect((await h.run('select v from t where id = 1')).rows).toEqual([[12]]);
    await h.run('update t set id = 5 where id = 1');
    expect((await h.run('select v from t where id = 1')).rows).toEqual([]);
    expect((await h.run('select v from t where id = 5')).rows).toEqual([[12]]);
  });

  it('fills a new index from visible rows and rejects duplicates for a unique one', async () => {
    await h.run('insert into t values (3, 10)');
    await h.run('create index t_v on t (v)');
    expect(h.explain('select id from t where v = 10')[0]).toBe('Index Scan using t_v on t');
    expect((await h.run('select id from t where v = 10 order by id')).rows).toEqual([[1], [3]]);
    const err = await h.run('create unique index t_v_u on t (v)').catch((e: unknown) => e);
    expect((err as DbError).code).toBe('23505');
    expect((err as DbError).message).toBe('could not create unique index "t_v_u"');
    expect((err as DbError).fields.detail).toBe('Key (v)=(10) is duplicated.');
  });

  it('uses range and descending index bounds', async () => {
    await h.run('insert into t select g, g * 10 from generate_series(3, 50) g');
    await h.run('create index t_v_desc on t (v desc)');
    expect((await h.run('select id from t where id > 47 order by id')).rows).toEqual([[48], [49], [50]]);
    expect((await h.run('select id from t where id between 10 and 12 order by id')).rows).toEqual([
      [10],
      [11],
      [12],
    ]);
    expect((await h.run('select id from t where v >= 480 order by id')).rows).toEqual([[48], [49], [50]]);
    expect((await h.run('select id from t where v < 30 order by id')).rows).toEqual([[1], [2]]);
  });

  it('binds parameters, also in index conditions', async () => {
    expect((await h.run('select v from t where id = $1', [2])).rows).toEqual([[20]]);
    expect((await h.run('select $1::int + v from t where id = 1', [5])).rows).toEqual([[15]]);
  });
});
