/**
 * A throwaway PostgreSQL 15 cluster: the oracle that differential tests, benchmarks and the
 * sqllogictest runner's own tests compare RustyDB against.
 *
 * `startReferencePostgres()` runs `initdb` into a fresh temp directory, then `pg_ctl start` on a
 * free loopback TCP port with the Unix socket inside that directory, so clusters never collide
 * with each other or with a system PostgreSQL. Durability is switched off (fsync,
 * synchronous_commit, full_page_writes): the cluster lives for one test run. Benchmarks pass
 * `{ durable: true }` to keep PostgreSQL's defaults (all three on), so commit costs compare
 * fairly with an engine that fsyncs. Authentication is
 * `trust` for the `postgres` superuser, and the locale is C so text orders bytewise everywhere.
 *
 * PostgreSQL refuses to run as root, so under root every command runs as the `postgres` user
 * (`runuser -u postgres --`) and the temp directory is handed to that user.
 *
 * NB: `stop()` uses `pg_ctl stop -m immediate` (no checkpoint: the directory is deleted next). A
 * process that dies without calling `stop()` leaves the cluster running; its directory name
 * (`rustydb-pg-*` under the OS temp dir) and `postmaster.pid` identify it.
 */
import { execFile } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Connection details of a running reference cluster, and the way to get rid of it. */
export interface ReferencePostgres {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The cluster's temp directory: `data/` and `server.log` (the server's log) live here. */
  readonly directory: string;
  /** Stops the server (immediate mode) and deletes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Options of `startReferencePostgres`. */
export interface ReferencePostgresOptions {
  /**
   * Keep fsync, synchronous_commit and full_page_writes on (PostgreSQL's defaults) instead of
   * switching them off. Default false: tests want speed, benchmarks want honest commits.
   */
  readonly durable?: boolean;
}

/** Where PostgreSQL 15's binaries live when they are not on PATH (Debian/Ubuntu layout). */
const PG15_BIN = '/usr/lib/postgresql/15/bin';

/**
 * Starts a PostgreSQL 15 cluster in a new temp directory on a free 127.0.0.1 port. Async: resolves
 * once the server accepts connections (`pg_ctl start -w`). Rejects with an Error whose message
 * starts with "PostgreSQL 15 is not installed" when `initdb`/`pg_ctl` cannot be found, or with
 * the server log's tail when initdb or start fails. The caller owns the cluster and must `stop()`.
 */
export async function startReferencePostgres(
  options: ReferencePostgresOptions = {},
): Promise<ReferencePostgres> {
  const bin = await findPostgresBin();
  const asPostgres = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-pg-'));
  let stopped = false;
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    if (asPostgres) {
      const [uid, gid] = await postgresIds();
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const run = (tool: string, args: string[]) => runTool(join(bin, tool), args, asPostgres);
    await run('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    const port = await startOnFreePort(run, data, dir, options.durable ?? false);
    return {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'postgres',
      directory: dir,
      async stop() {
        if (stopped) return;
        stopped = true;
        try {
          await run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
        } finally {
          remove();
        }
      },
    };
  } catch (err) {
    remove();
    throw err;
  }
}

/** Tries a few free ports: another process can take the one we picked before the server binds. */
async function startOnFreePort(
  run: (tool: string, args: string[]) => Promise<string>,
  data: string,
  dir: string,
  durable: boolean,
): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = [
      `-p ${port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dir}`,
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c max_connections=20',
    ].join(' ');
    try {
      await run('pg_ctl', [
        'start',
        '-D',
        data,
        '-w',
        '-t',
        '60',
        '-l',
        join(dir, 'server.log'),
        '-o',
        options,
      ]);
      return port;
    } catch (err) {
      lastError = new Error(`${(err as Error).message}\n${logTail(join(dir, 'server.log'))}`);
    }
  }
  throw lastError;
}

function logTail(path: string): string {
  if (!existsSync(path)) return '(no server log)';
  return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
}

/**
 * The first directory holding PostgreSQL 15's `initdb` and `pg_ctl`: PATH first, then
 * PostgreSQL 15's own directory. Another major version on PATH is passed over: the oracle is 15.
 */
async function findPostgresBin(): Promise<string> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''), PG15_BIN];
  for (const d of dirs) {
    if (!isExecutable(join(d, 'initdb')) || !isExecutable(join(d, 'pg_ctl'))) continue;
    const version = await exec(join(d, 'pg_ctl'), ['--version']);
    if (/\s15\.\d+/.test(version)) return d;
  }
  throw new Error(
    `PostgreSQL 15 is not installed: no initdb and pg_ctl of version 15 on PATH or in ${PG15_BIN}`,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function postgresIds(): Promise<[number, number]> {
  const uid = Number((await exec('id', ['-u', 'postgres'])).trim());
  const gid = Number((await exec('id', ['-g', 'postgres'])).trim());
  if (!Number.isInteger(uid) || !Number.isInteger(gid)) {
    throw new Error('running as root, but there is no postgres user to run PostgreSQL as');
  }
  return [uid, gid];
}

function runTool(path: string, args: string[], asPostgres: boolean): Promise<string> {
  return asPostgres ? exec('runuser', ['-u', 'postgres', '--', path, ...args]) : exec(path, args);
}

function exec(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')} failed: ${err.message}\n${stderr}${stdout}`));
      else resolve(stdout);
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
