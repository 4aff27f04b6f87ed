import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ bufferPoolPages: 64 });

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

const SETUP = `CREATE TABLE spans (
  id int PRIMARY KEY, r4 int4range, r8 int8range, rn numrange, rd daterange, rts tsrange, rtz tstzrange,
  ra int4range[])`;
const INSERT = `INSERT INTO spans VALUES
  (1, '[1,5]', '(10,20]', '[1.50,2.5)', '[2024-01-01,2024-01-31]', '["2024-01-01 10:00","2024-01-01 11:00")',
   '[2024-01-01 00:00+00,)', '{"[1,2)",empty,NULL}'),
  (2, 'empty', '(,)', '(,0]', '(,2024-01-01)', 'empty', '(,)', '{}'),
  (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`;
const SELECT = `SELECT id, r4::text, r8::text, rn::text, rd::text, rts::text, rtz::text, ra::text
  FROM spans ORDER BY id`;
const EXPECTED = [
  [
    1,
    '[1,6)',
    '[11,21)',
    '[1.50,2.5)',
    '[2024-01-01,2024-02-01)',
    '["2024-01-01 10:00:00","2024-01-01 11:00:00")',
    '["2024-01-01 00:00:00+00",)',
    '{"[1,2)",empty,NULL}',
  ],
  [2, 'empty', '(,)', '(,0]', '(,2024-01-01)', 'empty', '(,)', '{}'],
  [3, null, null, null, null, null, null, null],
];

describe('range types in tables', () => {
  it('reads stored ranges back identically after a restart, through the table and a btree index', async () => {
    let db = await databases.open();
    await db.query(SETUP);
    await db.query(INSERT);
    await db.query('CREATE UNIQUE INDEX spans_r4 ON spans (r4)');
    await db.query('CREATE INDEX spans_rd ON spans (rd DESC)');
    expect(await rows(db, SELECT)).toEqual(EXPECTED);
    await db.close();
    databases.forget(db);
    db = await databases.open();
    expect(await rows(db, SELECT)).toEqual(EXPECTED);
    await db.query('SET enable_seqscan = off');
    const plan = (await rows(db, "EXPLAIN SELECT id FROM spans WHERE r4 = '[1,5]'"))
      .map((r) => r[0])
      .join('\n');
    expect(plan).toContain('spans_r4');
    expect(await rows(db, "SELECT id, r4::text FROM spans WHERE r4 = '[1,5]'")).toEqual([[1, '[1,6)']]);
    expect(await rows(db, "SELECT id FROM spans WHERE r4 < '[0,1)' ORDER BY id")).toEqual([[2]]);
    expect(await rows(db, 'SELECT rd::text FROM spans WHERE rd IS NOT NULL ORDER BY rd DESC')).toEqual([
      ['[2024-01-01,2024-02-01)'],
      ['(,2024-01-01)'],
    ]);
    await expect(db.query("INSERT INTO spans (id, r4) VALUES (9, '(0,6)')")).rejects.toMatchObject({
      code: '23505',
      fields: expect.objectContaining({ detail: 'Key (r4)=([1,6)) already exists.' }),
    });
  });

  it('recovers ranges from the WAL after a crash', async () => {
    let db = await databases.open();
    await db.query(SETUP);
    await db.query(INSERT);
    crash(db);
    databases.forget(db);
    db = await databases.open();
    expect(await rows(db, SELECT)).toEqual(EXPECTED);
    expect(
      await rows(
        db,
        "SELECT id FROM spans WHERE r4 @> 3 AND rn && numrange(2, 3) AND rd -|- daterange('2024-02-01', null)",
      ),
    ).toEqual([[1]]);
  });

  it('groups and hashes equal ranges together', async () => {
    const db = await databases.open();
    await db.query('CREATE TABLE g (r numrange)');
    await db.query(
      "INSERT INTO g VALUES ('[1.0,2)'), ('[1.00,2.0)'), ('empty'), ('(1,1)'), (NULL), ('[1,2]')",
    );
    await db.query('SET enable_sort = off');
    expect(await rows(db, 'SELECT count(*) FROM g GROUP BY r ORDER BY 1')).toEqual([[1n], [1n], [2n], [2n]]);
    expect(await rows(db, "SELECT count(*) FROM g WHERE r IN (SELECT '[1,2)'::numrange)")).toEqual([[2n]]);
  });

  it('describes the range types in pg_type and pg_range, and refuses CREATE TYPE … AS RANGE', async () => {
    const db = await databases.open();
    expect(
      await rows(
        db,
        "SELECT typname, typtype, typcategory, typinput::text FROM pg_type WHERE typtype = 'r' ORDER BY oid",
      ),
    ).toEqual([
      ['int4range', 'r', 'R', 'range_in'],
      ['numrange', 'r', 'R', 'range_in'],
      ['tsrange', 'r', 'R', 'range_in'],
      ['tstzrange', 'r', 'R', 'range_in'],
      ['daterange', 'r', 'R', 'range_in'],
      ['int8range', 'r', 'R', 'range_in'],
    ]);
    expect(
      await rows(
        db,
        'SELECT rngtypid::regtype::text, rngsubtype::regtype::text, rngcanonical::text FROM pg_range ORDER BY 1',
      ),
    ).toEqual([
      ['daterange', 'date', 'daterange_canonical'],
      ['int4range', 'integer', 'int4range_canonical'],
      ['int8range', 'bigint', 'int8range_canonical'],
      ['numrange', 'numeric', '-'],
      ['tsrange', 'timestamp without time zone', '-'],
      ['tstzrange', 'timestamp with time zone', '-'],
    ]);
    await expect(db.query('CREATE TYPE fr AS RANGE (subtype = float8)')).rejects.toMatchObject({
      code: '0A000',
    });
  });
});
