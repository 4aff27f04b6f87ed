/**
 * Runs the real `rustydb-server` binary (apps/server/dist/main.js, built by the test target's
 * dependency on build) as a child process on a free loopback port, for end-to-end tests that
 * connect real clients and kill the process with SIGKILL.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataDir(prefix = 'rustydb-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export class ServerProcess {
  private child: ChildProcess | undefined;
  private output = '';
  private exited: Promise<number | null> = Promise.resolve(null);

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly extraArgs: readonly string[],
    /** Added to the server's environment (e.g. RUSTYDB_PASSWORD). */
    private readonly env: Readonly<Record<string, string>> = {},
    /** Merged into `clientConfig()`: how the readiness check and `connect()` log in (password, ssl). */
    private readonly client: pg.ClientConfig = {},
  ) {}

  /**
   * Starts a server on a fresh data directory (or `dataDir`) and waits until it accepts queries.
   * `env` is added to the server's environment; `client` is merged into `clientConfig()`.
   */
  static async start(
    options: {
      dataDir?: string;
      args?: readonly string[];
      env?: Readonly<Record<string, string>>;
      client?: pg.ClientConfig;
    } = {},
  ): Promise<ServerProcess> {
    const server = new ServerProcess(
      options.dataDir ?? tempDataDir(),
      await freePort(),
      options.args ?? [],
      options.env,
      options.client,
    );
    await server.launch();
    return server;
  }

  get logs(): string {
    return this.output;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  clientConfig(): pg.ClientConfig {
    return {
      host: '127.0.0.1',
      port: this.port,
      user: 'rustydb',
      database: 'rustydb',
      connectionTimeoutMillis: 10_000,
      ...this.client,
    };
  }

  async connect(): Promise<pg.Client> {
    const client = new pg.Client(this.clientConfig());
    await client.connect();
    return client;
  }

  /** Logs in as `user` with `password`; rejects with the server's error (the client ended). */
  async login(user: string, password: string): Promise<pg.Client> {
    const client = new pg.Client({ ...this.clientConfig(), user, password });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return client;
  }

  /** Runs SQL through psql (-X -A -t: unaligned, tuples only) and returns its standard output. */
  psql(sql: string, extra: readonly string[] = []): Promise<string> {
    const args = [
      '-X',
      '-A',
      '-t',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
    ];
    args.push('-U', 'rustydb', '-d', 'rustydb', ...extra, '-c', sql);
    return new Promise((resolve, reject) => {
      execFile(
        'psql',
        args,
        { env: { ...process.env, PGCONNECT_TIMEOUT: '10' }, maxBuffer: 64 << 20 },
        (err, stdout, stderr) => {
          if (err) reject(new Error(`psql failed: ${stderr || err.message}`));
          else resolve(stdout);
        },
      );
    });
  }

  /** SIGKILL: no shutdown, no final checkpoint — what a crash or power cut looks like to the data. */
  async kill9(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM and wait for a clean exit. */
  async stop(): Promise<number | null> {
    this.child?.kill('SIGTERM');
    return this.exited;
  }

  /** Starts the server again on the same data directory and port (after kill9 or stop). */
  async restart(): Promise<void> {
    await this.launch();
  }

  /** Stops the server if running and removes its data directory. */
  async destroy(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) await this.kill9();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = [MAIN, '--data-dir', this.dataDir, '--port', String(this.port), '--log-level', 'info'];
    const child = spawn(process.execPath, [...args, ...this.extraArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...this.env },
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => this.append(d));
    child.stderr?.on('data', (d: Buffer) => this.append(d));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await this.waitUntilReady(child);
  }

  private append(chunk: Buffer): void {
    this.output += chunk.toString();
    if (this.output.length > 1 << 20) this.output = this.output.slice(-(1 << 19));
  }

  private async waitUntilReady(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${this.output}`);
      const client = new pg.Client({ ...this.clientConfig(), connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline)
          throw new Error(`server not ready: ${(err as Error).message}\n${this.output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}

/**
 * Starts one server (`ServerProcess.start(options)`, quiet log) before the calling `describe`'s
 * tests and destroys it after them. Read `.server` inside tests (it is set by beforeAll).
 */
export function useServer(
  options: Parameters<typeof ServerProcess.start>[0] = { args: ['--log-level', 'warn'] },
): { readonly server: ServerProcess } {
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    server = await ServerProcess.start(options);
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });
  return {
    get server() {
      return server!;
    },
  };
}

/**
 * `useServer` and two node-postgres connections to it, `a` and `b` (for tests of one session
 * waiting on another), opened before the calling `describe`'s tests and closed after them.
 */
export function useTwoClients(): {
  readonly server: ServerProcess;
  readonly a: pg.Client;
  readonly b: pg.Client;
} {
  const started = useServer();
  let a: pg.Client | undefined;
  let b: pg.Client | undefined;
  beforeAll(async () => {
    a = await started.server.connect();
    b = await started.server.connect();
  }, 120_000);
  afterAll(async () => {
    await a?.end().catch(() => undefined);
    await b?.end().catch(() => undefined);
  });
  return {
    get server() {
      return started.server;
    },
    get a() {
      return a!;
    },
    get b() {
      return b!;
    },
  };
}
