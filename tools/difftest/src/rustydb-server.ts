/**
 * A throwaway RustyDB server: the built `rustydb-server` bundle (apps/server/dist/main.js) as a
 * child process on a free loopback port with a fresh temp data directory — the same way
 * apps/server's end-to-end tests run it. The differential test's nx target depends on
 * `@rustydb/server:build`, so the bundle is current when the test runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { ConnectionOptions } from './diff-connection.js';

/** The server bundle of this repository, built by `nx run @rustydb/server:build`. */
export const serverBundle: string = new URL('../../../apps/server/dist/main.js', import.meta.url).pathname;

/** A running server and the way to get rid of it. */
export interface RustyDbServer extends ConnectionOptions {
  /** The server's recent stdout and stderr (its log), for failure messages. */
  readonly logs: () => string;
  /** SIGKILL (the data is thrown away next), then deletes the data directory. Async; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `bundle` (default: this repository's server bundle) on a free 127.0.0.1 port and a new
 * temp data directory. Async; resolves once the server accepts a connection. Rejects with an
 * Error naming the build command when the bundle is missing, or with the server's output when it
 * exits or does not become ready within 60 s. The caller owns the server and must `stop()` it.
 */
export async function startRustyDbServer(bundle: string = serverBundle): Promise<RustyDbServer> {
  if (!existsSync(bundle)) {
    throw new Error(`RustyDB server bundle not found at ${bundle}: run npx nx run @rustydb/server:build`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'rustydb-difftest-'));
  const port = await freePort();
  let output = '';
  const child = spawn(
    process.execPath,
    [bundle, '--data-dir', dataDir, '--port', String(port), '--log-level', 'warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 1 << 20) output = output.slice(-(1 << 19));
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const options = { host: '127.0.0.1', port, user: 'rustydb', database: 'rustydb' };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, options, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { ...options, logs: () => output, stop };
}

async function waitUntilReady(
  child: ChildProcess,
  options: ConnectionOptions,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`RustyDB server exited with ${child.exitCode}:\n${logs()}`);
    const client = new pg.Client({ ...options, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch((endErr: Error) => endErr);
      if (Date.now() > deadline) {
        throw new Error(`RustyDB server not ready: ${(err as Error).message}\n${logs()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
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
