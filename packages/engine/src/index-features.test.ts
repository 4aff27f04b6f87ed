/**
 * Index features end to end over SQL, checked against PostgreSQL 15's behaviour: expression
 * indexes, partial indexes (implication by the query's WHERE; uniqueness among covered rows),
 * INCLUDE columns, REINDEX (errors, rollback, crash after commit), and what DROP COLUMN, VACUUM
 * and a restart do to them. Plans are read from EXPLAIN (COSTS OFF) after ANALYZE.
 */
import type { DbError } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  s = db.connect();
  await s.query('CREATE TABLE t (id int PRIMARY KEY, name text, a int, b int)');
  await s.query("INSERT INTO t SELECT g, 'Name' || g, g % 100, g FROM generate_series(1, 10000) g");
});

afterEach(async () => {
  await s?.close();
  await db?.close();
  removeDir(dir);
});

const rows = async (sql: string) => (await s.query(sql)).rows;
const plan = async (sql: string) => (await rows(`EXPLAIN (COSTS OFF) ${sql}`)).map((r) => String(r[0]));
const failure = async (sql: string): Promise<[string, string, string?]> => {
  const e = (await s.query(sql).then(
    () => undefined,
    (err: unknown) => err,
  )) as DbError | undefined;
  if (!e) throw new Error(`expected ${sql} to fail`);
  return e.fields.detail === undefined ? [e.code, e.message] : [e.code, e.message, e.fields.detail];
};
/** The entries an index holds, read from its storage. */
const entries = (name: string): number => {
  const found = db.catalog.reader().relation(name);
  if (found?.kind !== 'index') throw new Error(`no index ${name}`);
  const index = db.catalog.index(db.catalog.reader().indexByOid(found.def.oid)!.def);
  const cursor = index.scan(undefined, false, { includeKilled: true });
  let n = 0;
  while (cursor.next()) n++;
  cursor.close();
  return n;
};
const indexNames = () =>
  db.catalog
    .reader()
    .tableByOid(db.catalog.reader().relation('t')!.def.oid)!
    .indexes.map((i) => i.name)
    .sort();

describe('expression indexes', () => {
  beforeEach(async () => {
    await s.query('CREATE INDEX ON t (lower(name))');
    await s.query('CREATE INDEX ON t ((a + b))');
    await s.query('ANALYZE t');
  });

  it('are named as PostgreSQL names them and used for WHERE on the same expression', async () => {
    expect(indexNames()).toEqual(['t_expr_idx', 't_lower_idx', 't_pkey']);
    expect(await plan("SELECT id FROM t WHERE lower(name) = 'name77'")).toEqual([
      'Index Scan using t_lower_idx on t',
      "  Index Cond: (lower(name) = 'name77'::text)",
    ]);
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'name77'")).toEqual([[77]]);
    expect(await plan('SELECT id FROM t WHERE a + b = 200')).toEqual([
      'Index Scan using t_expr_idx on t',
      '  Index Cond: ((a + b) = 200)',
    ]);
    expect(await rows('SELECT id FROM t WHERE a + b = 200 ORDER BY id')).toEqual([[150], [200]]);
    // Another expression is not the indexed one.
    expect((await plan("SELECT id FROM t WHERE upper(name) = 'NAME77'"))[0]).toBe('Seq Scan on t');
  });

  it('are kept in step by INSERT, UPDATE and DELETE, and enforce UNIQUE on the expression', async () => {
    await s.query("UPDATE t SET name = 'ZZZ' WHERE id = 77");
    await s.query('DELETE FROM t WHERE id = 78');
    await s.query("INSERT INTO t VALUES (20000, 'Hello', 1, 1)");
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'zzz'")).toEqual([[77]]);
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'name77'")).toEqual([]);
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'name78'")).toEqual([]);
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'hello'")).toEqual([[20000]]);
    await s.query('CREATE UNIQUE INDEX t_lname ON t (lower(name))');
    expect(await failure("INSERT INTO t VALUES (20001, 'HELLO', 1, 1)")).toEqual([
      '23505',
      'duplicate key value violates unique constraint "t_lname"',
      'Key (lower(name))=(hello) already exists.',
    ]);
    await s.query('CREATE TABLE u (a int, b int)');
    await s.query('INSERT INTO u VALUES (1, 2), (2, 2), (0, 3)');
    expect(await failure('CREATE UNIQUE INDEX ON u ((a + b))')).toEqual([
      '23505',
      'could not create unique index "u_expr_idx"',
      'Key ((a + b))=(3) is duplicated.',
    ]);
  });

  it('rejects what PostgreSQL rejects', async () => {
    expect(await failure('CREATE INDEX ON t (random())')).toEqual([
      '42P17',
      'functions in index expression must be marked IMMUTABLE',
    ]);
    expect(await failure('CREATE INDEX ON t (now())')).toEqual([
      '42P17',
      'functions in index expression must be marked IMMUTABLE',
    ]);
    expect(await failure('CREATE INDEX ON t (sum(a))')).toEqual([
      '42803',
      'aggregate functions are not allowed in index expressions',
    ]);
    expect((await failure('CREATE INDEX ON t (lower(a))'))[0]).toBe('42883');
  });

  it('go with a column their expression reads (DROP COLUMN)', async () => {
    await s.query('ALTER TABLE t DROP COLUMN name');
    expect(indexNames()).toEqual(['t_expr_idx', 't_pkey']);
  });
});

describe('partial indexes', () => {
  beforeEach(async () => {
    await s.query('CREATE INDEX t_part ON t (b) WHERE a > 90');
    await s.query('CREATE INDEX t_flag ON t (id) WHERE name IS NOT NULL AND b < 100');
    await s.query('ANALYZE t');
  });

  it('hold only the rows their predicate accepts', () => {
    expect(entries('t_part')).toBe(900);
    expect(entries('t_flag')).toBe(99);
  });

  it('are used only when the WHERE implies the predicate', async () => {
    // The same conjunct: PostgreSQL drops it from the Filter, as here.
    expect(await plan('SELECT id FROM t WHERE b = 5095 AND a > 90')).toEqual([
      'Index Scan using t_part on t',
      '  Index Cond: (b = 5095)',
    ]);
    // Range containment: a > 95 implies a > 90; a = 97 implies a > 90.
    expect(await plan('SELECT id FROM t WHERE b = 5095 AND a > 95')).toEqual([
      'Index Scan using t_part on t',
      '  Index Cond: (b = 5095)',
      '  Filter: (a > 95)',
    ]);
    expect((await plan('SELECT id FROM t WHERE b = 5097 AND a = 97'))[0]).toBe(
      'Index Scan using t_part on t',
    );
    // a > 50 does not imply a > 90; a >= 90 neither.
    expect((await plan('SELECT id FROM t WHERE b = 5095 AND a > 50'))[0]).toBe('Seq Scan on t');
    expect((await plan('SELECT id FROM t WHERE b = 5095 AND a >= 90'))[0]).toBe('Seq Scan on t');
    // IS NOT NULL is implied by a comparison; b < 50 implies b < 100 (PostgreSQL picks t_flag too).
    expect(await plan("SELECT id FROM t WHERE id = 7 AND name > 'A' AND b < 50")).toEqual([
      'Index Scan using t_flag on t',
      '  Index Cond: (id = 7)',
      "  Filter: ((name > 'A'::text) AND (b < 50))",
    ]);
    expect(await rows('SELECT id FROM t WHERE b = 5095 AND a > 90')).toEqual([[5095]]);
    expect(await rows('SELECT count(*) FROM t WHERE b > 5000 AND b < 5100 AND a > 95')).toEqual([[4n]]);
    // Without b < 100 in the WHERE, t_flag cannot answer.
    expect((await plan("SELECT id FROM t WHERE id = 7 AND name > 'A'"))[0]).toBe(
      'Index Scan using t_pkey on t',
    );
  });

  it('enforce uniqueness only among the rows they cover', async () => {
    await s.query('CREATE UNIQUE INDEX t_upart ON t (a) WHERE b > 9990');
    expect(await failure("INSERT INTO t VALUES (20002, 'x', 95, 9999)")).toEqual([
      '23505',
      'duplicate key value violates unique constraint "t_upart"',
      'Key (a)=(95) already exists.',
    ]);
    await s.query("INSERT INTO t VALUES (20003, 'x', 95, 5)");
    // A partial unique index is no arbiter for ON CONFLICT (a) (PostgreSQL infers none either).
    expect(await failure('INSERT INTO t VALUES (20004, null, 95, 9999) ON CONFLICT (a) DO NOTHING')).toEqual([
      '42P10',
      'there is no unique or exclusion constraint matching the ON CONFLICT specification',
    ]);
    expect(await failure('CREATE UNIQUE INDEX ON t (a) WHERE b > 9000')).toEqual([
      '23505',
      'could not create unique index "t_a_idx"',
      'Key (a)=(1) is duplicated.',
    ]);
  });

  it('reject a predicate PostgreSQL rejects', async () => {
    expect(await failure('CREATE INDEX ON t (a) WHERE a')).toEqual([
      '42804',
      'argument of WHERE must be type boolean, not type integer',
    ]);
    expect(await failure('CREATE INDEX ON t (a) WHERE random() > 0.5')).toEqual([
      '42P17',
      'functions in index predicate must be marked IMMUTABLE',
    ]);
    expect((await failure('CREATE INDEX ON t (a) WHERE a > (SELECT 1)')).slice(0, 2)).toEqual([
      '0A000',
      'cannot use subquery in index predicate',
    ]);
  });

  it('lose the entries of dead versions to VACUUM', async () => {
    await s.query('DELETE FROM t WHERE b > 9000');
    await s.query('VACUUM t');
    expect(entries('t_part')).toBe(810);
    expect(await rows('SELECT count(*) FROM t WHERE b > 5000 AND a > 90')).toEqual([[360n]]);
  });
});

describe('INCLUDE columns', () => {
  it('are stored after the key, named in the index name, and not part of uniqueness', async () => {
    await s.query('CREATE INDEX ON t (a) INCLUDE (b, name)');
    await s.query('CREATE UNIQUE INDEX t_bu ON t (b) INCLUDE (a)');
    await s.query('ANALYZE t');
    expect(indexNames()).toEqual(['t_a_b_name_idx', 't_bu', 't_pkey']);
    expect(await plan('SELECT id FROM t WHERE b = 42')).toEqual([
      'Index Scan using t_bu on t',
      '  Index Cond: (b = 42)',
    ]);
    expect(await rows('SELECT id FROM t WHERE b = 42')).toEqual([[42]]);
    expect(await failure("INSERT INTO t VALUES (20000, 'x', 7, 42)")).toEqual([
      '23505',
      'duplicate key value violates unique constraint "t_bu"',
      'Key (b)=(42) already exists.',
    ]);
    expect(await rows('SELECT count(*) FROM t WHERE a = 7')).toEqual([[100n]]);
  });

  it('are refused by an access method without ordered scans, and must exist', async () => {
    expect(await failure('CREATE INDEX ON t USING hash (a) INCLUDE (b)')).toEqual([
      '0A000',
      'access method "hash" does not support included columns',
    ]);
    expect(await failure('CREATE INDEX ON t (a) INCLUDE (nope)')).toEqual([
      '42703',
      'column "nope" does not exist',
    ]);
  });

  it('take their index with them when dropped', async () => {
    await s.query('CREATE INDEX t_inc ON t (a) INCLUDE (name)');
    await s.query('ALTER TABLE t DROP COLUMN name');
    expect(indexNames()).toEqual(['t_pkey']);
  });
});

describe('REINDEX', () => {
  beforeEach(async () => {
    await s.query('CREATE INDEX t_lower ON t (lower(name)) WHERE a < 10');
    await s.query('CREATE INDEX t_b ON t (b)');
    await s.query('ANALYZE t');
  });

  it('rebuilds into a new file with the same entries, and keeps answering queries', async () => {
    const fileOf = (name: string) => db.catalog.reader().relation(name)!.def;
    const before = (fileOf('t_b') as { file: number }).file;
    await s.query('DELETE FROM t WHERE b <= 10');
    expect(await s.query('REINDEX INDEX t_b')).toMatchObject({ command: 'REINDEX' });
    expect((fileOf('t_b') as { file: number }).file).not.toBe(before);
    // Every version still in the table is indexed (deleted ones too, until VACUUM).
    expect(entries('t_b')).toBe(10000);
    await s.query('REINDEX TABLE t');
    expect(entries('t_lower')).toBe(1000);
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'name1005' AND a < 10")).toEqual([[1005]]);
    expect(await rows('SELECT id FROM t WHERE b = 11')).toEqual([[11]]);
    expect(await rows('SELECT id FROM t WHERE b = 10')).toEqual([]);
  });

  it('is undone by ROLLBACK, and reports PostgreSQL errors', async () => {
    await s.query('BEGIN');
    await s.query('REINDEX TABLE t');
    await s.query('ROLLBACK');
    expect(await rows('SELECT id FROM t WHERE b = 4242')).toEqual([[4242]]);
    expect(await failure('REINDEX INDEX nope')).toEqual(['42P01', 'relation "nope" does not exist']);
    expect(await failure('REINDEX INDEX t')).toEqual(['42809', '"t" is not an index']);
    expect(await failure('REINDEX TABLE t_b')).toEqual([
      '42809',
      '"t_b" is not a table or materialized view',
    ]);
    await s.query('BEGIN READ ONLY');
    expect(await failure('REINDEX TABLE t')).toEqual([
      '25006',
      'cannot execute REINDEX in a read-only transaction',
    ]);
    await s.query('ROLLBACK');
  });

  it('survives a crash after its commit; the definitions survive a restart', async () => {
    await s.query('REINDEX TABLE t');
    crash(db);
    db = await openTestDatabase(dir, { autovacuum: false });
    s = db.connect();
    expect(entries('t_b')).toBe(10000);
    expect(entries('t_lower')).toBe(1000);
    expect((await plan("SELECT id FROM t WHERE lower(name) = 'name3' AND a < 10"))[0]).toBe(
      'Index Scan using t_lower on t',
    );
    expect(await rows("SELECT id FROM t WHERE lower(name) = 'name3' AND a < 10")).toEqual([[3]]);
  });
});

describe('Index Only Scan and the visibility map', () => {
  const analyze = async (sql: string) =>
    (await rows(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`))
      .map((r) => String(r[0]))
      .filter((l) => !l.startsWith('Planning') && !l.startsWith('Execution'));

  beforeEach(async () => {
    await s.query('CREATE TABLE n (k int, v numeric)');
    await s.query('CREATE INDEX t_a_b ON t (a) INCLUDE (b)');
    await s.query('ANALYZE t');
  });

  it('answers from the index when it holds every column read, fetching versions until VACUUM', async () => {
    const q = 'SELECT b FROM t WHERE a = 5';
    // Before VACUUM every entry costs a fetch, and a Seq Scan is cheaper for 1% of the table.
    expect((await plan(q))[0]).toBe('Seq Scan on t');
    await s.query('SET enable_seqscan = off');
    expect(await analyze(q)).toEqual([
      'Index Only Scan using t_a_b on t (actual rows=100 loops=1)',
      '  Index Cond: (a = 5)',
      '  Heap Fetches: 100',
    ]);
    await s.query('RESET enable_seqscan');
    await s.query('VACUUM t');
    // Now the cost model counts no fetches (relallvisible = relpages) and prefers the index.
    expect(await analyze(q)).toEqual([
      'Index Only Scan using t_a_b on t (actual rows=100 loops=1)',
      '  Index Cond: (a = 5)',
      '  Heap Fetches: 0',
    ]);
    expect(await rows('SELECT sum(b) FROM t WHERE a = 5')).toEqual([[495500n]]);
    await s.query('SET enable_indexonlyscan = off');
    expect((await plan(q))[0]).toBe('Seq Scan on t');
    await s.query('RESET enable_indexonlyscan');
    // A change clears its page's bit: those entries are checked against their versions again.
    await s.query('UPDATE t SET b = -b WHERE id = 105');
    await s.query('DELETE FROM t WHERE id = 205');
    const after = await analyze(q);
    expect(after[0]).toBe('Index Only Scan using t_a_b on t (actual rows=99 loops=1)');
    expect(Number(after[2]!.split(': ')[1])).toBeGreaterThan(0);
    expect(Number(after[2]!.split(': ')[1])).toBeLessThan(100);
    expect(await rows('SELECT sum(b) FROM t WHERE a = 5')).toEqual([[495500n - 210n - 205n]]);
    // Aggregates over covered columns, and the primary key alone, qualify too.
    expect((await plan('SELECT count(*) FROM t WHERE id < 100'))[1]).toBe(
      '  ->  Index Only Scan using t_pkey on t',
    );
  });

  it('is not used when a column read is missing from the index or does not decode exactly', async () => {
    expect((await plan('SELECT name FROM t WHERE a = 5'))[0]).not.toMatch(/Index Only/);
    expect((await plan('SELECT b FROM t WHERE a = 5 AND name IS NULL'))[0]).not.toMatch(/Index Only/);
    await s.query('INSERT INTO n SELECT g, g / 10.0 FROM generate_series(1, 5000) g');
    await s.query('CREATE INDEX n_k_v ON n (k) INCLUDE (v)');
    await s.query('ANALYZE n');
    // numeric keys drop their display scale: never answered from the index.
    await s.query('VACUUM n');
    expect((await plan('SELECT v FROM n WHERE k = 7'))[0]).toBe('Index Scan using n_k_v on n');
    expect((await plan('SELECT k FROM n WHERE k = 7'))[0]).toBe('Index Only Scan using n_k_v on n');
  });

  it('starts with an empty visibility map after a restart (safe: every entry is checked)', async () => {
    await s.query('VACUUM t');
    await s.close();
    await db.close();
    db = await openTestDatabase(dir, { autovacuum: false });
    s = db.connect();
    await s.query('SET enable_seqscan = off');
    expect((await analyze('SELECT b FROM t WHERE a = 5'))[2]).toBe('  Heap Fetches: 100');
    await s.query('DELETE FROM t WHERE id = 5');
    expect(await rows('SELECT count(b) FROM t WHERE a = 5')).toEqual([[99n]]);
  });
});
