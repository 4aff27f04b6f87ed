/**
 * The real pg_dump (15) against RustyDB: dump/source.sql builds a database in a RustyDB server
 * (schemas, enum, domain, SERIAL and identity columns, a sequence used by a default, primary,
 * unique, deferrable foreign and check constraints, expression, partial, multi-column and INCLUDE
 * indexes, a view, a materialized view, SQL and PL/pgSQL functions, the uuid-ossp extension,
 * comments (tables, columns, schemas, functions, types, domains), owners, table,
 * column and schema grants, data with NULLs, quotes, backslashes, tabs, newlines and non-ASCII).
 * `pg_dump` reads RustyDB's catalogs as it reads PostgreSQL's; the roles come from `pg_dumpall
 * --roles-only`; the plain script is restored with
 * `psql -v ON_ERROR_STOP=1` into a throwaway PostgreSQL 15 and into a fresh RustyDB, and its
 * custom-format archive (`-Fc`) with `pg_restore --exit-on-error` into both as well. Then
 * dump/checks.sql must answer alike on the restored PostgreSQL and on the source and each restored
 * RustyDB (rows, columns, defaults, constraints, indexes, owners, ACLs, comments, sequence
 * states), and dump/writes.sql (defaults, identities and constraints at work) on the restored
 * pairs.
 *
 * Like the corpus test and restore.test.ts, it never skips: CI installs PostgreSQL 15 and its
 * client tools.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorpusFile } from './corpus-file.js';
import { type ConnectionOptions, DiffConnection } from './diff-connection.js';
import { formatDifference, runCorpusFile } from './runner.js';
import { type RustyDbServer, startRustyDbServer } from './rustydb-server.js';

const run = promisify(execFile);
const dumpDir = new URL('../dump/', import.meta.url).pathname;

/** Connection arguments of the PostgreSQL client tools for `s`. */
const connArgs = (s: ConnectionOptions, database = s.database) => [
  '-h',
  s.host,
  '-p',
  String(s.port),
  '-U',
  s.user,
  '-d',
  database,
];

/** Runs a client tool; resolves with its stderr ('' when quiet), or `failed: …` when it fails. */
const tool = (cmd: string, args: string[]) =>
  run(cmd, args, { maxBuffer: 16 << 20 }).then(
    (r) => r.stderr,
    (err: { stderr?: string; message: string }) => `failed: ${err.stderr ?? err.message}`,
  );

const psqlFile = (s: ConnectionOptions, file: string, database?: string) =>
  tool('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...connArgs(s, database), '-f', file]);

async function runSql(s: ConnectionOptions, sql: string, database?: string): Promise<void> {
  const c = await DiffConnection.open({ ...s, database: database ?? s.database }, 10_000);
  try {
    for (const stmt of sql.split(';').filter((x) => x.trim() !== '')) {
      expect(await c.run(stmt)).toMatchObject({ kind: 'result' });
    }
  } finally {
    await c.close();
  }
}

/** The differences of `file` (dump/) run on `pg` and `rusty`, statement by statement. */
async function differences(file: string, pg: ConnectionOptions, rusty: ConnectionOptions) {
  const corpus = parseCorpusFile(file, readFileSync(join(dumpDir, file), 'utf8'));
  const result = await runCorpusFile(corpus, pg, rusty);
  expect(result.statements.length).toBe(corpus.statements.length);
  return result.statements.filter((s) => s.comparison.reasons.length > 0).map((d) => formatDifference(d));
}

describe('pg_dump of a RustyDB database', () => {
  let postgres: ReferencePostgres | undefined;
  const servers: RustyDbServer[] = [];
  let dir: string;

  beforeAll(async () => {
    postgres = await startReferencePostgres();
    for (let i = 0; i < 3; i++)
      servers.push(await startRustyDbServer(process.env.RUSTYDB_SERVER_BUNDLE || undefined));
    dir = mkdtempSync(join(tmpdir(), 'rustydb-dump-'));
  }, 180_000);

  afterAll(async () => {
    for (const s of servers) await s.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores, plain and -Fc, into PostgreSQL 15 and into RustyDB with the same contents', async () => {
    const [source, plainTarget, customTarget] = servers as [RustyDbServer, RustyDbServer, RustyDbServer];
    const pg = postgres!;
    expect(await psqlFile(source, join(dumpDir, 'source.sql'))).toBe('');

    const plain = join(dir, 'dump.sql');
    const { stdout } = await run('pg_dump', connArgs(source), { maxBuffer: 16 << 20 });
    writeFileSync(plain, stdout);
    // Table and schema patterns (pg_dump matches them with `relkind = ANY (array[…])` and `~`).
    const some = await run('pg_dump', ['-s', '-t', 'people', '-t', 'app.*', ...connArgs(source)]);
    expect(some.stdout).toContain('CREATE TABLE public.people');
    expect(some.stdout).toContain('CREATE TABLE app."Odd Names"');
    expect(some.stdout).not.toContain('CREATE TABLE public.orders');
    const custom = join(dir, 'dump.custom');
    expect(await tool('pg_dump', ['-Fc', '-f', custom, ...connArgs(source)])).toBe('');

    // The roles the dump names (owners, grantees) come first, from pg_dumpall --roles-only (RustyDB
    // has one database, so pg_dumpall connects to it with -l). Restoring them reports only the
    // roles a target already has, as with PostgreSQL.
    const rolesFile = join(dir, 'roles.sql');
    const roles = await run('pg_dumpall', [
      '--roles-only',
      '-l',
      source.database,
      ...connArgs(source).slice(0, 6),
    ]);
    writeFileSync(rolesFile, roles.stdout);
    for (const target of [pg, plainTarget, customTarget]) {
      const out = await tool('psql', ['-X', '-q', ...connArgs(target), '-f', rolesFile]);
      const errors = out.split('\n').filter((l) => l.includes('ERROR'));
      expect(
        errors.every((l) => /role "(rustydb|postgres)" already exists/.test(l)),
        out,
      ).toBe(true);
    }
    await runSql(pg, 'CREATE DATABASE dump_plain; CREATE DATABASE dump_custom');

    expect(await psqlFile(pg, plain, 'dump_plain')).toBe('');
    expect(await psqlFile(plainTarget, plain)).toBe('');
    const restore = (s: ConnectionOptions, database?: string) =>
      tool('pg_restore', ['--exit-on-error', ...connArgs(s, database), custom]);
    expect(await restore(pg, 'dump_custom')).toBe('');
    expect(await restore(customTarget)).toBe('');

    const pgPlain = { ...pg, database: 'dump_plain' };
    const pgCustom = { ...pg, database: 'dump_custom' };
    expect(await differences('checks.sql', pgPlain, source)).toEqual([]);
    for (const [pgDb, target] of [
      [pgPlain, plainTarget],
      [pgCustom, customTarget],
    ] as const) {
      expect(await differences('checks.sql', pgDb, target)).toEqual([]);
      expect(await differences('writes.sql', pgDb, target)).toEqual([]);
    }
  }, 180_000);
});
