// Regenerates psql-aligned.json: for each query, the columns (name, type OID) and raw text rows
// a client receives, and the exact bytes psql 15 prints for it in its default aligned format.
// Run against a throwaway PostgreSQL 15:  PGPORT=55439 node testdata/capture-psql.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import pg from 'pg';

const QUERIES = [
  "SELECT * FROM (VALUES (1, 'one'), (22, 'twenty-two'), (-333, NULL)) AS t(n, word)",
  "SELECT 1.5::numeric AS amount, NULL::int AS missing, 'x'::text AS t, 2.25::float8 AS f, true AS b, ''::text AS empty",
  "SELECT E'line1\\nline2 longer' AS note, 42 AS n UNION ALL SELECT 'short', 7",
  "SELECT 42 AS n, E'line1\\nline2 longer' AS note UNION ALL SELECT 7, E'a\\n\\nb' UNION ALL SELECT NULL, NULL",
  'SELECT 1 AS "two\nlines", 2 AS "three\nline\nheader", \'v\' AS x',
  "SELECT 1 AS a, 'x'::text AS b WHERE false",
  "SELECT 1 AS long_column_name, 'x' AS c, 12345678901234::int8 AS big",
  "SELECT 'héllo' AS w, '日本語' AS j, 'x' AS \"日\"",
  "SELECT E'a\\tb' AS tab, E'ab\\tc\\td' AS tabs, E'x\\ry' AS cr, E'\\x01' AS ctl",
  'SELECT',
  "SELECT 'NULL'::text AS s, NULL::text AS n, 0.000::numeric AS z, -1.5e300::float8 AS tiny",
];

const client = new pg.Client({
  host: '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: 'postgres',
  database: 'postgres',
});
await client.connect();
const cases = [];
for (const sql of QUERIES) {
  const res = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v) => v } });
  const psql = execFileSync(
    'psql',
    ['-X', '-h', '127.0.0.1', '-U', 'postgres', '-d', 'postgres', '-c', sql],
    {
      env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
    },
  ).toString();
  cases.push({
    sql,
    columns: res.fields.map((f) => ({ name: f.name, typeOid: f.dataTypeID })),
    rows: res.rows,
    psql,
  });
}
await client.end();
writeFileSync(new URL('./psql-aligned.json', import.meta.url), `${JSON.stringify(cases, null, 2)}\n`);
