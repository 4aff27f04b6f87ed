import { describe, expect, it } from 'vitest';
import { parseFast } from './fast-parse.js';
import { parse, parseWithAntlr } from './parse.js';

const rows = (n: number, row: (i: number) => string, sep = ', '): string =>
  Array.from({ length: n }, (_, i) => row(i)).join(sep);

const TYPES = [
  'int',
  'INTEGER',
  'int2',
  'int4',
  'int8',
  'smallint',
  'bigint',
  'real',
  'float',
  'float4',
  'float8',
  'boolean',
  'bool',
  'numeric',
  'decimal',
  'text',
  'varchar',
  'date',
  'timestamp',
  'timestamptz',
  'bytea',
  'uuid',
  'json',
  'jsonb',
];

/** Statements the fast path must build, exactly as ANTLR does. */
const handled: string[] = [
  // The embedded bench's load and every shape of the repeated-values tests that is constant-only.
  'CREATE TABLE items (id integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL, amount integer NOT NULL)',
  'CREATE TABLE groups (grp integer PRIMARY KEY, label text NOT NULL, weight integer NOT NULL)',
  'BEGIN',
  'COMMIT',
  'begin;',
  '  COMMIT ;  ',
  'END;',
  'end',
  'ROLLBACK',
  'abort ;',
  `INSERT INTO items VALUES ${rows(50, (i) => `(${i}, ${i % 7}, 'name-${i}', ${(i * 7) % 1000})`)}`,
  `INSERT INTO items VALUES ${rows(1000, (i) => `(${i}, ${i % 100}, 'name-${i}', ${(i * 7) % 1000})`)}`,
  `insert into t (a, b) values ${rows(5, (i) => `(${i}.5, 'it''s ${i}')`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(-${i}, -${i}.25, 1e${i}, NULL, true)`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `('${i}'::int, 'x${i}'::varchar)`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, ${3_000_000_000 + i}, ${i + 1}00000000000000000000)`)};`,
  `INSERT INTO t VALUES\n${rows(5, (i) => `( ${i} ,  'x'\n )`, ',\n')}`,
  `INSERT INTO t VALUES ${rows(8, (i) => `(${i}, $1, 'q${i}', $${i + 2})`)}`,
  'INSERT INTO items VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)',
  "INSERT INTO t VALUES (0, -1, 'name-0', NULL), ($1, true, 1.5, 'a''b'::text)",
  'insert into s.t (a, "B") values (1e3, -2.5)',
  'insert into t values (2147483648, 99999999999999999999, -0, .5, 5., 1E+3, - 1, 007, 1.5e-3, 1.e2, .5E7)',
  'InSeRt InTo "My Table"("x""y", z)VALUES(TRUE,False,NuLL,$12)',
  "INSERT INTO t VALUES (1::int::text, $1::int8, 'x'::text::varchar, NULL::bool)",
  "INSERT INTO t VALUES ('', '''', 'a\\b', 'тест', '  ')",
  'INSERT INTO groups VALUES (1), (2)',
  "INSERT INTO t VALUES (-.5, -0.0, -1e-5, - 2, 1 :: int, TRUE::int, 'x' ::text)",
  "INSERT INTO t VALUES ($1), ($2::text), (-3), ('--not a comment'), ('/* nor this */')",
  'INSERT INTO data (name, action, key) VALUES (1, 2, 3)',
  '\n\tINSERT INTO t VALUES (1)\r\n',
  'INSERT INTO public.t VALUES (1);',
  `INSERT INTO t VALUES (${TYPES.map((t) => `'1'::${t}`).join(', ')})`,
  `CREATE TABLE t (${TYPES.map((t, i) => `c${i} ${t}`).join(', ')})`,
  'create table if not exists s.t (a int4 null unique, b bool not null primary key, c text unique not null)',
  'CREATE TABLE "T" ("a b" int, name text, data text, key int)',
  'create table t(a int)',
];

/** Statements the fast path must leave to ANTLR. */
const fallbacks: string[] = [
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, upper('x${i}'))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, E'e${i}')`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(CAST('x${i}' AS varchar(${i + 1})))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, (SELECT ${i}))`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(- -${i})`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(-${i}, DEFAULT)`)}`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i} - ${i}, COALESCE(NULL, ${i}))`)}`,
  `insert into t (a, b) values ${rows(5, (i) => `(${i}.5, 'it''s ${i}')`)} returning a, b`,
  `INSERT INTO t VALUES ${rows(6, (i) => `(${i}, 'v${i}')`)} ON CONFLICT (a) DO UPDATE SET b = excluded.b || 'z' RETURNING *`,
  `WITH w AS (SELECT 1) INSERT INTO t SELECT * FROM (VALUES ${rows(5, (i) => `(${i})`)}) v /* c */ RETURNING 'done'`,
  `INSERT INTO t VALUES\n${rows(5, (i) => `( ${i} ,  'x'  -- c\n )`, ',\n')}`,
  'INSERT INTO t SELECT a FROM u WHERE a IN (1, 2, 3, 4, 5)',
  'INSERT INTO t DEFAULT VALUES',
  'INSERT INTO t AS x VALUES (1)',
  'INSERT INTO t VALUES (-1::int)',
  'INSERT INTO t VALUES (1::int[])',
  'INSERT INTO t VALUES (1::varchar(3))',
  'INSERT INTO t VALUES (1::double precision)',
  "INSERT INTO t VALUES ('a'\n'b')",
  "INSERT INTO t VALUES (B'101', X'ff', U&'x', N'x')",
  'INSERT INTO t VALUES ($$x$$)',
  'INSERT INTO t VALUES (1abc)',
  'INSERT INTO t VALUES (1e)',
  'INSERT INTO t VALUES (1..2)',
  'INSERT INTO t VALUES (1)  INSERT INTO t VALUES (2)',
  'INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)',
  'INSERT INTO t VALUES (1);;',
  'INSERT INTO t VALUES ()',
  'INSERT INTO t VALUES (1),',
  'INSERT INTO t VALUES (1) /* c */',
  'INSERT INTO t VALUES (1) -- c',
  "INSERT INTO t VALUES ('unterminated)",
  'INSERT INTO "unterminated VALUES (1)',
  'INSERT INTO "" VALUES (1)',
  `INSERT INTO "${'x'.repeat(64)}" VALUES (1)`,
  `INSERT INTO ${'x'.repeat(64)} VALUES (1)`,
  'INSERT INTO a.b.c VALUES (1)',
  'INSERT INTO select VALUES (1)',
  'INSERT INTO t (select) VALUES (1)',
  'INSERT INTO t VALUES (x)',
  'INSERT INTO t VALUES (1 + 2)',
  'INSERT INTO t VALUES (1 COLLATE "C")',
  'INSERT INTO t VALUES (1::pg_catalog.int4)',
  'INSERT INTO t VALUES (1::"int4")',
  'INSERT INTO t VALUES (1::int4 [])',
  'INSERT INTO t VALUES ($0a)',
  'INSERT INTO t VALUES (ä)',
  // Locations after a surrogate pair: ANTLR counts code points.
  "INSERT INTO t VALUES ('😀', 1), ('x', 2)",
  'INSERT INTO "😀" VALUES (1)',
  'INSERT INTO t VALUES (1)\v',
  'INSERT INTO t VALUES (1)\f',
  'INSERT INTO tä VALUES (1)',
  'INSERT INTO t OVERRIDING SYSTEM VALUE VALUES (1)',
  'CREATE TEMP TABLE t (a int)',
  'CREATE UNLOGGED TABLE t (a int)',
  'CREATE TABLE t (a int, PRIMARY KEY (a))',
  'CREATE TABLE t (a int DEFAULT 1)',
  'CREATE TABLE t (a int CHECK (a > 0))',
  'CREATE TABLE t (a int REFERENCES u)',
  'CREATE TABLE t (a varchar(10))',
  'CREATE TABLE t (a numeric(10, 2))',
  'CREATE TABLE t (a int[])',
  'CREATE TABLE t (a double precision)',
  'CREATE TABLE t (a timestamp with time zone)',
  'CREATE TABLE t (a character varying)',
  'CREATE TABLE t (a int NOT NULL NOT NULL)',
  'CREATE TABLE t (a int NULL NOT NULL)',
  'CREATE TABLE t (a int PRIMARY KEY PRIMARY KEY)',
  'CREATE TABLE t (a int UNIQUE NULLS NOT DISTINCT)',
  'CREATE TABLE t (a int COLLATE "C")',
  'CREATE TABLE t (a int) WITH (fillfactor = 70)',
  'CREATE TABLE t ()',
  'CREATE TABLE t (like u)',
  'CREATE TABLE t (a int,)',
  'CREATE TABLE t (a int',
  'CREATE TABLE t AS SELECT 1',
  'CREATE INDEX i ON t (a)',
  'CREATE TABLE t (int int)',
  'BEGIN TRANSACTION',
  'BEGIN ISOLATION LEVEL SERIALIZABLE',
  'COMMIT AND CHAIN',
  'END WORK',
  'ROLLBACK AND NO CHAIN',
  'ROLLBACK TO SAVEPOINT s',
  "ROLLBACK PREPARED 'g'",
  'ABORT TRANSACTION',
  'BEGIN; COMMIT',
  'SELECT 1',
  '',
  ';',
];

/** [short label, statement] pairs: test names stay readable for thousand-row statements. */
const labelled = (list: string[]): [string, string][] =>
  list.map((sql) => [sql.length > 100 ? `${sql.slice(0, 100)}… (${sql.length} chars)` : sql, sql]);

type Outcome = { ok: unknown } | { error: { code: unknown; message: unknown; position: unknown } };

function outcome(f: () => unknown): Outcome {
  try {
    return { ok: f() };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown; position?: unknown };
    return { error: { code: e.code, message: e.message, position: e.position } };
  }
}

describe('parseFast', () => {
  it.each(labelled(handled))('builds exactly the full parse: %s', (_label, sql) => {
    const fast = parseFast(sql);
    expect(fast).toBeDefined();
    const full = parseWithAntlr(sql);
    expect(fast).toStrictEqual(full);
    // Same keys in the same order (one object shape for the planner's property accesses).
    expect(JSON.stringify(fast)).toBe(JSON.stringify(full));
    expect(parse(sql)).toStrictEqual(full);
  });

  it.each(labelled(fallbacks))('leaves the statement to ANTLR: %s', (_label, sql) => {
    expect(parseFast(sql)).toBeUndefined();
    expect(outcome(() => parse(sql))).toStrictEqual(outcome(() => parseWithAntlr(sql)));
  });

  it('agrees with ANTLR on every prefix of a bulk INSERT and a CREATE TABLE', () => {
    // Truncated statements (unterminated strings, missing parentheses, dangling casts …) must
    // never be taken by the fast path unless ANTLR builds the same thing.
    const texts = [
      "INSERT INTO s.items (id, name) VALUES (1, 'a''b'), (-2.5e3, $1::int), (NULL, TRUE::bool);",
      'CREATE TABLE IF NOT EXISTS items (id integer PRIMARY KEY, name text NOT NULL UNIQUE, x int8 NULL);',
    ];
    for (const text of texts) {
      for (let n = 0; n <= text.length; n++) {
        const sql = text.slice(0, n);
        const fast = parseFast(sql);
        if (fast === undefined) continue;
        expect(JSON.stringify(fast), sql).toBe(JSON.stringify(parseWithAntlr(sql)));
      }
    }
  });
});
