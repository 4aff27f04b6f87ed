/**
 * Runs the real `rustydb-server` (apps/server/dist/main.js, the bundle users run) as a child
 * process on a free loopback port with a temp data directory, in the spirit of the server's e2e
 * support (apps/server/test/support/server-process.ts). The server keeps its default durability:
 * fsync on.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** The repository root: this file is tools/bench/src/*.ts in tests and tools/bench/dist/cli.js built. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The server bundle `npx nx run @rustydb/server:build` writes. */
export const DEFAULT_SERVER_PATH = join(REPO_ROOT, 'apps/server/dist/main.js');

/** A running server: where to connect and how to stop it. */
export interface RustyDbServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The server process (node), whose /proc entry holds its memory figures. */
  readonly pid: number;
  readonly dataDir: string;
  /** The server's log (the last MiB or so). */
  logs(): string;
  /** SIGTERM, wait for the clean exit (SIGKILL after 30 s), remove the data directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds the server bundle with Nx when `serverPath` is the default and the file is missing.
 * Async. @throws Error with the build's output when the build fails.
 */
export async function ensureServerBuilt(serverPath = DEFAULT_SERVER_PATH): Promise<void> {
  if (existsSync(serverPath)) return;
  if (serverPath !== DEFAULT_SERVER_PATH) throw new Error(`no server bundle at ${serverPath}`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      'npx',
      ['nx', 'run', '@rustydb/server:build', '--outputStyle=static'],
      { cwd: REPO_ROOT, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`server build failed: ${err.message}\n${stdout}${stderr}`));
        else resolve();
      },
    );
  });
}

/**
 * Starts `node <serverPath> --data-dir <temp> --port <free>` and resolves once a client can
 * connect (60 s at most). Async. @throws Error with the server's output when it exits or never
 * accepts connections; the data directory is removed then.
 */
export async function startRustyDbServer(serverPath = DEFAULT_SERVER_PATH): Promise<RustyDbServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rustydb-bench-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [serverPath, '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 1 << 20) output = output.slice(-(1 << 19));
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const server: RustyDbServer = {
    host: '127.0.0.1',
    port,
    user: 'rustydb',
    database: 'rustydb',
    pid: child.pid ?? -1,
    dataDir,
    logs: () => output,
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child, exited);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await waitUntilReady(server, child, () => output);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return server;
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

async function waitUntilReady(server: RustyDbServer, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`rustydb-server exited with ${child.exitCode}:\n${output()}`);
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: server.user,
      database: server.database,
      connectionTimeoutMillis: 2_000,
    });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(`rustydb-server not ready after 60 s: ${(err as Error).message}\n${output()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A free 127.0.0.1 port (another process may take it before the server binds: rare, and fatal). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
