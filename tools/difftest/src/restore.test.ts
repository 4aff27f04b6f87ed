/**
 * pg_dump's script of a PostgreSQL 15 database restores into RustyDB: restore/source.sql builds
 * a database on a throwaway PostgreSQL, `pg_dump` writes it out (its SET lines, OWNER TO,
 * identity columns added by ALTER TABLE, COPY data, setval, constraints and indexes added after
 * the data, REFRESH), and `psql -v ON_ERROR_STOP=1` runs the script against the real RustyDB
 * server. Then restore/checks.sql runs on both, statement by statement, as the corpus does: the
 * restored rows, catalog, sequences and constraints must answer as the source's.
 *
 * Like the corpus test, it never skips: CI installs PostgreSQL 15 and its client tools.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorpusFile } from './corpus-file.js';
import { DiffConnection } from './diff-connection.js';
import { formatDifference, runCorpusFile } from './runner.js';
import { type RustyDbServer, startRustyDbServer } from './rustydb-server.js';

const run = promisify(execFile);
const restoreDir = new URL('../restore/', import.meta.url).pathname;

/** psql's connection arguments for a server. */
const psqlArgs = (s: { host: string; port: number; user: string }, database: string) => [
  '-X',
  '-q',
  '-v',
  'ON_ERROR_STOP=1',
  '-h',
  s.host,
  '-p',
  String(s.port),
  '-U',
  s.user,
  '-d',
  database,
];

describe('a pg_dump script of a PostgreSQL 15 database', () => {
  let postgres: ReferencePostgres | undefined;
  let server: RustyDbServer | undefined;
  let dir: string;

  beforeAll(async () => {
    postgres = await startReferencePostgres();
    server = await startRustyDbServer(process.env.RUSTYDB_SERVER_BUNDLE || undefined);
    dir = mkdtempSync(join(tmpdir(), 'rustydb-restore-'));
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores into RustyDB with psql, and the restored database answers as the source', async () => {
    const admin = await DiffConnection.open(postgres!, 10_000);
    expect(await admin.run('CREATE DATABASE restore_src')).toMatchObject({ kind: 'result' });
    await admin.close();
    await run('psql', [...psqlArgs(postgres!, 'restore_src'), '-f', join(restoreDir, 'source.sql')]);
    const dump = join(dir, 'dump.sql');
    const { stdout } = await run(
      'pg_dump',
      ['-h', postgres!.host, '-p', String(postgres!.port), '-U', postgres!.user, 'restore_src'],
      { maxBuffer: 16 << 20 },
    );
    writeFileSync(dump, stdout);
    // The script says OWNER TO the source's role: it must exist, as on any restore target.
    const target = await DiffConnection.open(server!, 10_000);
    if (postgres!.user !== server!.user) {
      expect(await target.run(`CREATE ROLE "${postgres!.user}" SUPERUSER`)).toMatchObject({ kind: 'result' });
    }
    await target.close();
    const restored = await run('psql', [...psqlArgs(server!, server!.database), '-f', dump]).then(
      (r) => r.stderr,
      (err: { stderr?: string; message: string }) => `failed: ${err.stderr ?? err.message}`,
    );
    expect(restored).toBe('');

    const checks = parseCorpusFile(
      'restore-checks.sql',
      readFileSync(join(restoreDir, 'checks.sql'), 'utf8'),
    );
    const result = await runCorpusFile(checks, { ...postgres!, database: 'restore_src' }, server!);
    const differences = result.statements.filter((s) => s.comparison.reasons.length > 0);
    expect(differences.map((d) => formatDifference(d))).toEqual([]);
    expect(result.statements.length).toBe(checks.statements.length);
  }, 120_000);
});
