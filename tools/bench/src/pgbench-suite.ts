/**
 * The pgbench suite: PostgreSQL's own benchmark client against RustyDB and the reference
 * PostgreSQL in the same run. `pgbench -i -s <scale>` loads both, then every combination of
 * workload (select-only `-S`, the default TPC-B-like), query mode (`-M simple`, `-M prepared`)
 * and client count (`-c N -j 1 -T <secs>`) runs on RustyDB and at once on PostgreSQL, so the
 * two see the same machine noise. Each workload and mode starts with an unmeasured warm-up run
 * on both (pgbenchRunPlan).
 *
 * A step that fails on RustyDB (pgbench's `-i` needs COPY, TRUNCATE, ALTER TABLE … ADD PRIMARY
 * KEY, WITH (fillfactor) and timestamp) shows pgbench's first error lines in its cell and the
 * suite carries on. When `-i` fails on RustyDB, the same tables are loaded with plain SQL
 * (pgbench-fallback-load.ts, its own row in the table) so the runs still measure the engine; only
 * when that fails too are RustyDB's runs skipped, saying so.
 */
import { execFile } from 'node:child_process';
import type { BenchScale } from './bench-options.js';
import { formatFailure, formatRate, formatRatio } from './format-table.js';
import { errorText, median } from './measure.js';
import { loadPgbenchTables } from './pgbench-fallback-load.js';
import { type PgbenchResult, parsePgbenchOutput, summarizePgbenchError } from './pgbench-output.js';
import type { SuiteReport } from './suite-report.js';
import { startWireSystems, type WireTarget } from './wire-systems.js';

/**
 * One pgbench invocation's outcome: its numbers, the reason there are none, or why it was not
 * attempted (the system's `pgbench -i` failed).
 */
export type PgbenchOutcome =
  | { readonly result: PgbenchResult }
  | { readonly error: string }
  | { readonly skipped: string };

export interface PgbenchRow {
  readonly workload: string;
  readonly clients: number | undefined;
  readonly mode: string;
  /** With several rounds, the round of median tps (or the first failure). */
  readonly rustydb: PgbenchOutcome;
  readonly postgres: PgbenchOutcome | undefined;
  /** With several rounds (`--rounds`): each round's ratio RustyDB / PostgreSQL, in run order. */
  readonly roundRatios?: readonly number[];
}

/** The workloads: label and the pgbench options selecting the script. */
const WORKLOADS: readonly { readonly label: string; readonly args: readonly string[] }[] = [
  { label: 'select-only (-S)', args: ['-S'] },
  { label: 'tpcb-like', args: [] },
];
const MODES = ['simple', 'prepared'] as const;

/**
 * Seconds of the unmeasured run that starts each workload and mode on both servers, so that
 * neither is measured cold: RustyDB's JIT has not compiled that protocol path yet, and either
 * server's caches may still hold the previous workload's pages.
 */
export const WARM_UP_SECONDS = 1;

/** One pgbench run of the suite: a measured row, or the warm-up before a workload and mode. */
export interface PgbenchStep {
  readonly workload: string;
  readonly mode: string;
  readonly clients: number;
  readonly warmUp: boolean;
  /** pgbench's arguments (connection and database aside). */
  readonly args: readonly string[];
}

/**
 * The suite's runs in order, each made on RustyDB and then on PostgreSQL: per workload and
 * mode, a warm-up at one client, then every client count. Sync.
 */
export function pgbenchRunPlan(scale: Pick<BenchScale, 'pgbenchSeconds' | 'pgbenchClients'>): PgbenchStep[] {
  const steps: PgbenchStep[] = [];
  for (const workload of WORKLOADS) {
    for (const mode of MODES) {
      const step = (clients: number, seconds: number, warmUp: boolean): PgbenchStep => ({
        workload: workload.label,
        mode,
        clients,
        warmUp,
        args: [...workload.args, '-M', mode, '-c', String(clients), '-j', '1', '-T', String(seconds)],
      });
      steps.push(step(1, WARM_UP_SECONDS, true));
      for (const clients of scale.pgbenchClients) steps.push(step(clients, scale.pgbenchSeconds, false));
    }
  }
  return steps;
}

/** pgbench_accounts rows per scale unit. */
const ACCOUNTS_PER_SCALE = 100_000;

/**
 * Runs the suite. Async. Rejects only when pgbench is missing or RustyDB's server cannot start;
 * everything pgbench reports, good or bad, lands in the table.
 */
export async function runPgbenchSuite(
  scale: Pick<BenchScale, 'pgbenchScale' | 'pgbenchSeconds' | 'pgbenchClients' | 'pgbenchRounds'>,
  serverPath: string,
  withPostgres: boolean,
): Promise<{ rows: PgbenchRow[]; report: SuiteReport }> {
  const version = await pgbenchVersion();
  const systems = await startWireSystems(serverPath, withPostgres);
  try {
    const rows: PgbenchRow[] = [];
    const initTimeoutMs = 120_000 + scale.pgbenchScale * 120_000;
    const initArgs = ['-i', '-s', String(scale.pgbenchScale)];
    let rustyInit = await timedPgbench(systems.rustydb, initArgs, initTimeoutMs);
    const pgInit = systems.postgres
      ? await timedPgbench(systems.postgres, initArgs, initTimeoutMs)
      : undefined;
    rows.push({
      workload: `init -s ${scale.pgbenchScale} (rows loaded/s)`,
      clients: undefined,
      mode: '',
      rustydb: rustyInit,
      postgres: pgInit,
    });
    if (!('result' in rustyInit)) {
      // pgbench -i cannot run on RustyDB yet: load the same tables with plain SQL so the runs
      // still measure what the engine can do; both rows stay in the table.
      rustyInit = await fallbackLoad(systems.rustydb, scale.pgbenchScale);
      rows.push({
        workload: 'init fallback: plain SQL load (rows/s)',
        clients: undefined,
        mode: '',
        rustydb: rustyInit,
        postgres: undefined,
      });
    }
    const runTimeoutMs = scale.pgbenchSeconds * 1000 + 120_000;
    for (const step of pgbenchRunPlan(scale)) {
      const run = async (target: WireTarget, init: PgbenchOutcome): Promise<PgbenchOutcome> =>
        'result' in init ? runPgbench(target, step.args, runTimeoutMs) : { skipped: 'not run (init failed)' };
      const rounds: PgbenchRound[] = [];
      for (let i = 0; i < (step.warmUp ? 1 : scale.pgbenchRounds); i++) {
        // Every other round PostgreSQL goes first, so neither server always runs second.
        const pgFirst = i % 2 === 1 && systems.postgres !== undefined && pgInit !== undefined;
        const earlyPg = pgFirst ? await run(systems.postgres!, pgInit!) : undefined;
        const rustydb = await run(systems.rustydb, rustyInit);
        const postgres =
          earlyPg ?? (systems.postgres && pgInit ? await run(systems.postgres, pgInit) : undefined);
        rounds.push({ rustydb, postgres });
      }
      if (step.warmUp) continue;
      rows.push({
        workload: step.workload,
        clients: step.clients,
        mode: step.mode,
        ...combineRounds(rounds),
      });
    }
    const notes = [
      `${version}; scale ${scale.pgbenchScale} (${scale.pgbenchScale * ACCOUNTS_PER_SCALE} accounts), -T ${scale.pgbenchSeconds} s per run, -j 1; both servers durable (fsync on); each workload and mode first runs ${WARM_UP_SECONDS} s at one client on both servers, unmeasured (warm-up).`,
      ...(scale.pgbenchRounds > 1
        ? [
            `${scale.pgbenchRounds} rounds per row, RustyDB first in odd rounds and PostgreSQL first in even ones: tps are each server's median, ratio is the median of the rounds' ratios (listed under "rounds").`,
          ]
        : []),
      'Figures are tps without initial connection time; the init row is pgbench_accounts rows / wall-clock seconds of `pgbench -i` (create, load, vacuum, primary keys). ratio = RustyDB / PostgreSQL.',
      ...(rows.some((r) => r.workload.startsWith('init fallback'))
        ? [
            "`pgbench -i` failed on RustyDB, so its runs use the same tables loaded with plain SQL (the 'init fallback' row: CREATE TABLE with inline primary keys, multi-row INSERTs in one transaction); pgbench still drives every run.",
          ]
        : []),
      ...systems.notes(),
    ];
    return { rows, report: { title: 'pgbench', table: pgbenchTable(rows), notes } };
  } finally {
    await systems.stop();
  }
}

/** The two servers' outcomes of one round of a step. */
export interface PgbenchRound {
  readonly rustydb: PgbenchOutcome;
  readonly postgres: PgbenchOutcome | undefined;
}

/**
 * A row's outcomes from its rounds: one round as it is; several give each server's round of
 * median tps (a failure, if any round failed) and every round's ratio. Sync.
 */
export function combineRounds(
  rounds: readonly PgbenchRound[],
): Pick<PgbenchRow, 'rustydb' | 'postgres' | 'roundRatios'> {
  if (rounds.length === 1) return rounds[0]!;
  const ratios: number[] = [];
  for (const r of rounds) {
    const a = tpsOf(r.rustydb);
    const b = tpsOf(r.postgres);
    if (a !== undefined && b !== undefined && b > 0) ratios.push(a / b);
  }
  const rustydb = medianOutcome(rounds.map((r) => r.rustydb))!;
  const postgres = medianOutcome(rounds.map((r) => r.postgres));
  return { rustydb, postgres, roundRatios: ratios };
}

/** The first outcome that is not a result, else the result of median tps (the lower middle one). */
function medianOutcome(outcomes: readonly (PgbenchOutcome | undefined)[]): PgbenchOutcome | undefined {
  const failed = outcomes.find((o) => o === undefined || !('result' in o));
  if (failed !== undefined || outcomes.length === 0) return failed;
  const sorted = [...outcomes].sort((a, b) => tpsOf(a)! - tpsOf(b)!);
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * The suite's table: workload, clients, mode, both tps and the ratio; with several rounds the
 * ratio is the median of the rounds' ratios, and a last column lists them. Sync.
 */
export function pgbenchTable(rows: readonly PgbenchRow[]) {
  const withRounds = rows.some((r) => r.roundRatios !== undefined);
  return {
    headers: [
      'workload',
      'clients',
      'mode',
      'RustyDB tps',
      'PostgreSQL tps',
      'ratio',
      ...(withRounds ? ['rounds'] : []),
    ],
    rows: rows.map((r) => [
      r.workload,
      r.clients === undefined ? '' : String(r.clients),
      r.mode,
      pgbenchCell(r.rustydb),
      pgbenchCell(r.postgres),
      r.roundRatios === undefined
        ? formatRatio(tpsOf(r.rustydb), tpsOf(r.postgres))
        : r.roundRatios.length === 0
          ? ''
          : formatRatio(median(r.roundRatios), 1),
      ...(withRounds ? [(r.roundRatios ?? []).map((x) => formatRatio(x, 1)).join(' ')] : []),
    ]),
    numeric: [1, 3, 4, 5],
  };
}

/** A tps cell: `1234`, `1234 (5 failed)`, or the failure. Sync. */
export function pgbenchCell(outcome: PgbenchOutcome | undefined): string {
  if (outcome === undefined) return '';
  if ('skipped' in outcome) return outcome.skipped;
  if ('error' in outcome) return formatFailure(outcome.error);
  const { tps, failed } = outcome.result;
  return failed > 0 ? `${formatRate(tps)} (${failed} failed)` : formatRate(tps);
}

const tpsOf = (o: PgbenchOutcome | undefined) =>
  o !== undefined && 'result' in o ? o.result.tps : undefined;

/**
 * Runs one pgbench (a run, with `-T`) against `target`. Async; never rejects. A nonzero exit or
 * a report without `tps =` is an error carrying pgbench's first error lines.
 */
export async function runPgbench(
  target: WireTarget,
  args: readonly string[],
  timeoutMs: number,
): Promise<PgbenchOutcome> {
  const out = await pgbench(target, args, timeoutMs);
  const result = parsePgbenchOutput(out.stdout, out.stderr);
  if (out.failure !== undefined || result === undefined || result.aborted) {
    return { error: failureText(out) };
  }
  return { result };
}

/** `pgbench -i`: success is exit 0; its "tps" is accounts loaded per second of the whole init. */
async function timedPgbench(
  target: WireTarget,
  args: readonly string[],
  timeoutMs: number,
): Promise<PgbenchOutcome> {
  const start = performance.now();
  const out = await pgbench(target, args, timeoutMs);
  const seconds = (performance.now() - start) / 1000;
  if (out.failure !== undefined) return { error: failureText(out) };
  const scale = Number(args[args.indexOf('-s') + 1]);
  const rows = scale * ACCOUNTS_PER_SCALE;
  const result: PgbenchResult = {
    tps: rows / seconds,
    transactions: rows,
    failed: 0,
    latencyMs: undefined,
    aborted: false,
  };
  return { result };
}

/** `loadPgbenchTables` timed like an init. Async; never rejects. */
async function fallbackLoad(target: WireTarget, scale: number): Promise<PgbenchOutcome> {
  const start = performance.now();
  try {
    const rows = await loadPgbenchTables(target, scale);
    const seconds = (performance.now() - start) / 1000;
    return {
      result: { tps: rows / seconds, transactions: rows, failed: 0, latencyMs: undefined, aborted: false },
    };
  } catch (err) {
    return { error: errorText(err) };
  }
}

/** pgbench's own explanation, or the exit status when it gave none. */
function failureText(out: PgbenchOutput): string {
  const summary = summarizePgbenchError(out.stderr);
  return summary === '(no error output)' ? (out.failure ?? 'no tps in the report') : summary;
}

interface PgbenchOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** Why the process failed (exit status, signal, timeout), or undefined when it exited 0. */
  readonly failure: string | undefined;
}

function pgbench(target: WireTarget, args: readonly string[], timeoutMs: number): Promise<PgbenchOutput> {
  const connection = ['-h', target.host, '-p', String(target.port), '-U', target.user];
  return new Promise((resolve) => {
    execFile(
      'pgbench',
      [...connection, ...args, target.database],
      {
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 << 20,
        env: { ...process.env, PGCONNECT_TIMEOUT: '10', PGOPTIONS: '' },
      },
      (err, stdout, stderr) => {
        let failure: string | undefined;
        if (err) {
          const killed = (err as { killed?: boolean }).killed;
          failure = killed ? `pgbench killed after ${timeoutMs / 1000} s` : `pgbench exited with ${err.code}`;
        }
        resolve({ stdout, stderr, failure });
      },
    );
  });
}

/** `pgbench (PostgreSQL) 15.x`. Async. @throws Error when pgbench is not on PATH. */
async function pgbenchVersion(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pgbench', ['--version'], { encoding: 'utf8' }, (err, stdout) => {
      if (err) reject(new Error(`pgbench is not available: ${err.message}`));
      else resolve(stdout.trim());
    });
  });
}
