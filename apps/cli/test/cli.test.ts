/**
 * End to end: runs the bundled binary (dist/cli.js, built by the test target's dependency on
 * build) as a child process — `init`, `query` and `inspect` on a temporary data directory, and
 * `sql` against a real rustydb-server (apps/server/dist/main.js).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../../server/test/support/server-process.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function rustydb(args: readonly string[], input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const SETUP =
  "CREATE TABLE t (id int PRIMARY KEY, name text, amount numeric(8,2)); INSERT INTO t VALUES (1, 'one', 1.5), (22, NULL, -3)";
const SELECT = 'SELECT id, name, amount FROM t ORDER BY id';
const SELECT_OUTPUT = ` id | name | amount 
----+------+--------
  1 | one  |   1.50
 22 |      |  -3.00
(2 rows)

`;

describe('rustydb on a data directory (embedded engine)', () => {
  let root: string;
  let dir: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'rustydb-cli-'));
    dir = join(root, 'db');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prints usage with exit code 2 for a bad command line', async () => {
    const none = await rustydb([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^rustydb: no command given\n\nrustydb: the RustyDB command-line tool/);
    const bad = await rustydb(['query', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown option '--bogus'");
    const help = await rustydb(['inspect', '--help']);
    expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('rustydb inspect wal')]);
  });

  it('init creates a database and refuses an existing or non-empty directory', async () => {
    const init = await rustydb(['init', '--data-dir', dir]);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain('initialized a new rustydb database');
    const again = await rustydb(['init', '--data-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds a rustydb database/);
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    const nonEmpty = await rustydb(['init', '--data-dir', other]);
    expect(nonEmpty.code).toBe(1);
    expect(nonEmpty.stderr).toMatch(/exists but is not empty/);
  });

  it('query runs SQL in-process and prints like psql', async () => {
    const setup = await rustydb(['query', '--data-dir', dir, '-c', SETUP]);
    expect(setup).toEqual({ code: 0, stdout: 'CREATE TABLE\nINSERT 0 2\n', stderr: '' });
    const select = await rustydb(['query', '--data-dir', dir, '-c', SELECT]);
    expect(select).toEqual({ code: 0, stdout: SELECT_OUTPUT, stderr: '' });
  });

  it('query reports SQL errors like psql, with exit code 1', async () => {
    const dup = await rustydb(['query', '--data-dir', dir, '-c', "INSERT INTO t VALUES (1, 'dup', 0)"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toBe(
      'ERROR:  duplicate key value violates unique constraint "t_pkey"\nDETAIL:  Key (id)=(1) already exists.\n',
    );
    const syntax = await rustydb(['query', '--data-dir', dir, '-c', 'SELECT 1; SELEC 2']);
    expect(syntax.stderr).toBe(
      'ERROR:  syntax error at or near "SELEC"\nLINE 1: SELECT 1; SELEC 2\n                  ^\n',
    );
    const missing = await rustydb(['query', '--data-dir', join(root, 'nope'), '-c', 'SELECT 1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/does not exist/);
  });

  it('inspect wal lists the records, from the start or from an LSN', async () => {
    const wal = await rustydb(['inspect', 'wal', '--data-dir', dir]);
    expect(wal.code).toBe(0);
    const lines = wal.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^0\/18 {2}xid=0 {2}file-create file=1$/);
    expect(wal.stdout).toMatch(/xid=\d+ {2}commit xid=\d+ time=/);
    expect(wal.stdout).toMatch(/ {2}pages \d+:0 (image|delta)/);
    expect(lines.at(-1)).toMatch(/^\(\d+ records; end of WAL at 0\/[0-9A-F]+\)$/);
    const second = lines[1]!.split(' ')[0]!;
    const from = await rustydb(['inspect', 'wal', '--data-dir', dir, '--from', second]);
    expect(from.stdout.split('\n')[0]).toBe(lines[1]);
    expect(from.stdout.split('\n')).toHaveLength(lines.length);
  });

  it('inspect page decodes a heap page and reports a page past the end', async () => {
    const page = await rustydb(['inspect', 'page', '--data-dir', dir, '--file', '16384', '--page', '0']);
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^page 0: heap lsn=\d+ lower=\d+ upper=\d+ slots=2\n {2}\(0,1\) xmin=\d+/);
    const past = await rustydb(['inspect', 'page', '--data-dir', dir, '--file', '16384', '--page', '7']);
    expect([past.code, past.stderr]).toEqual([
      1,
      'rustydb: error: page 7 is past the end of "base/16384" (1 pages)\n',
    ]);
  });
});

describe('rustydb sql against rustydb-server', () => {
  let server: ServerProcess;
  let conn: string[];
  beforeAll(async () => {
    server = await ServerProcess.start();
    conn = ['--port', String(server.port)];
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('-c runs a multi-statement message and prints every result', async () => {
    const setup = await rustydb(['sql', ...conn, '-c', SETUP]);
    expect(setup).toEqual({ code: 0, stdout: 'CREATE TABLE\nINSERT 0 2\n', stderr: '' });
    const select = await rustydb(['sql', ...conn, '-c', SELECT]);
    expect(select).toEqual({ code: 0, stdout: SELECT_OUTPUT, stderr: '' });
  });

  it('piped stdin runs statement by statement and stops at the first error', async () => {
    const script = `BEGIN;\nUPDATE t SET name = 'uno;' WHERE id = 1;\nCOMMIT;\n${SELECT};\nSELECT 1/0;\nSELECT 'never';\n`;
    const run = await rustydb(['sql', ...conn], script);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`BEGIN\nUPDATE 1\nCOMMIT\n${SELECT_OUTPUT.replace('one ', 'uno;')}`);
    expect(run.stderr).toBe('ERROR:  division by zero\n');
  });

  it('reports a connection failure with exit code 1', async () => {
    const run = await rustydb(['sql', '--port', '1', '-c', 'SELECT 1']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^rustydb: error: connection to server at "127.0.0.1", port 1 failed: /);
  });

  it('inspect refuses the directory of a running server unless forced', async () => {
    const refused = await rustydb(['inspect', 'wal', '--data-dir', server.dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`is in use by process .*${server.pid}`));
    const forced = await rustydb(['inspect', 'wal', '--data-dir', server.dataDir, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/records; end of WAL at/);
    const query = await rustydb(['query', '--data-dir', server.dataDir, '-c', 'SELECT 1']);
    expect(query.code).toBe(1);
  });
});
