/**
 * The two servers a wire-protocol suite compares, started side by side for one suite: the real
 * `rustydb-server` and, when PostgreSQL 15 is installed and wanted, a throwaway durable
 * PostgreSQL 15 (fsync, synchronous_commit and full_page_writes on, as RustyDB always is). Their
 * memory is watched for the suite's whole life: RustyDB's VmHWM at the end, PostgreSQL's largest
 * PSS sum over postmaster + backends, sampled (see process-memory.ts).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { formatKib } from './format-table.js';
import { MemorySampler, readPeakRss, readPostmasterPid } from './process-memory.js';
import { type RustyDbServer, startRustyDbServer } from './rustydb-server.js';

/** Where a client connects. */
export interface WireTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

/** The running servers of one suite. */
export interface WireSystems {
  readonly rustydb: RustyDbServer;
  /** Undefined when PostgreSQL is not installed or not wanted; `postgresNote` says which. */
  readonly postgres: ReferencePostgres | undefined;
  readonly postgresNote: string | undefined;
  /**
   * Lines for the suite's notes: which server bundle ran (and when it was built), why PostgreSQL
   * is absent if it is, and both systems' peak memory. Call once, before `stop`. Sync.
   */
  notes(): string[];
  /** Stops both servers and removes their directories. Async; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts RustyDB (from `serverPath`) and, if `withPostgres`, PostgreSQL 15. Async.
 * @throws Error when RustyDB does not start (PostgreSQL is stopped again then); a PostgreSQL that
 *   is not installed is not an error, one that fails to start is.
 */
export async function startWireSystems(serverPath: string, withPostgres: boolean): Promise<WireSystems> {
  let postgres: ReferencePostgres | undefined;
  let postgresNote: string | undefined;
  if (!withPostgres) {
    postgresNote = 'PostgreSQL not compared (--no-postgres).';
  } else {
    try {
      postgres = await startReferencePostgres({ durable: true });
    } catch (err) {
      if (!(err as Error).message.startsWith('PostgreSQL 15 is not installed')) throw err;
      postgresNote = `PostgreSQL not compared: ${(err as Error).message}.`;
    }
  }
  let rustydb: RustyDbServer;
  try {
    rustydb = await startRustyDbServer(serverPath);
  } catch (err) {
    await postgres?.stop();
    throw err;
  }
  const sampler = new MemorySampler();
  const postmaster = postgres ? readPostmasterPid(join(postgres.directory, 'data')) : undefined;
  if (postmaster !== undefined) sampler.start(postmaster);
  let stopped = false;
  return {
    rustydb,
    postgres,
    postgresNote,
    notes() {
      const rusty = readPeakRss(rustydb.pid);
      const built = statSync(serverPath).mtime.toISOString();
      const lines = [`RustyDB server: ${serverPath} (built ${built}).`];
      if (postgresNote !== undefined) lines.push(postgresNote);
      lines.push(`RustyDB server peak RSS (VmHWM): ${rusty === undefined ? 'n/a' : formatKib(rusty)}.`);
      if (postgres) {
        const peak = sampler.stop();
        lines.push(
          `PostgreSQL peak memory (largest sum of PSS over postmaster + backends, sampled every 250 ms): ${peak === undefined ? 'n/a' : formatKib(peak)}.`,
        );
      }
      return lines;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      sampler.stop();
      await Promise.all([rustydb.stop(), postgres?.stop()]);
    },
  };
}
