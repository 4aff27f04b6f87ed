/**
 * Reading pgbench 15's report. A run prints (on stdout):
 *
 *   transaction type: <builtin: select only>
 *   scaling factor: 1
 *   query mode: prepared
 *   number of clients: 4
 *   number of threads: 1
 *   maximum number of tries: 1
 *   duration: 5 s
 *   number of transactions actually processed: 81234
 *   number of failed transactions: 0 (0.000%)
 *   latency average = 0.246 ms
 *   initial connection time = 7.021 ms
 *   tps = 16246.814211 (without initial connection time)
 *
 * and, when clients abort (a statement fails), "client N script 0 aborted in command …" lines on
 * stderr, exit status 2, and "pgbench: error: Run was aborted; the above results are incomplete."
 * (on stderr too). The figures of an aborted run are not comparable, so callers treat a nonzero
 * exit as a failure whatever it printed.
 */

/** The numbers of one pgbench run. */
export interface PgbenchResult {
  /** Transactions per second, without initial connection time. */
  readonly tps: number;
  /** "number of transactions actually processed". */
  readonly transactions: number;
  /** "number of failed transactions" (serialization/deadlock failures pgbench counted, not aborts). */
  readonly failed: number;
  /** "latency average", in ms; undefined when pgbench did not print it. */
  readonly latencyMs: number | undefined;
  /** The run was cut short ("Run was aborted"). */
  readonly aborted: boolean;
}

/**
 * Parses pgbench's report from its stdout (and notices an abort on either stream). Sync; never
 * throws.
 * @returns undefined when there is no `tps =` line (pgbench failed before or instead of running).
 */
export function parsePgbenchOutput(stdout: string, stderr = ''): PgbenchResult | undefined {
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  if (tps === null) return undefined;
  const processed = /^number of transactions actually processed: (\d+)/m.exec(stdout);
  const failed = /^number of failed transactions: (\d+)/m.exec(stdout);
  const latency = /^latency average = ([\d.]+) ms/m.exec(stdout);
  return {
    tps: Number(tps[1]),
    transactions: processed ? Number(processed[1]) : 0,
    failed: failed ? Number(failed[1]) : 0,
    latencyMs: latency ? Number(latency[1]) : undefined,
    aborted: /Run was aborted/.test(stdout) || /Run was aborted/.test(stderr),
  };
}

/**
 * The part of pgbench's stderr worth a table cell. Sync; never throws. Drops pgbench's progress
 * chatter, the errors it ignores (VACUUM/TRUNCATE before a run: "(ignoring this error and
 * continuing anyway)"), query context (`LINE 1:` and the caret), hints and details, and repeats
 * (every client aborts with the same error). When clients aborted, the first abort says it all:
 * `aborted in command 9: ERROR: …`; otherwise the first `maxLines` remaining lines.
 */
export function summarizePgbenchError(stderr: string, maxLines = 2): string {
  const kept: string[] = [];
  for (const raw of stderr.split('\n')) {
    const line = raw.replace(/^starting vacuum\.\.\.(end\.)?/, '').trim();
    if (/^pgbench: detail: \(ignoring this error and continuing anyway\)/.test(line)) {
      kept.pop();
      continue;
    }
    if (line === '' || NOISE.some((n) => n.test(line))) continue;
    kept.push(
      line
        .replace(/^pgbench: error: /, '')
        .replace(/^query failed: /, '')
        .replace(/^client \d+ script \d+ aborted in command (\d+) query \d+: /, 'aborted in command $1: ')
        .replace(/\s+/g, ' '),
    );
  }
  const distinct = [...new Set(kept)];
  const abort = distinct.find((l) => l.startsWith('aborted in command'));
  const chosen = abort !== undefined ? [abort] : distinct.slice(0, maxLines);
  return chosen.length > 0 ? chosen.join(' / ') : '(no error output)';
}

/** Lines that never explain a failure: progress messages, query context, hints and details. */
const NOISE: readonly RegExp[] = [
  /^dropping old tables/,
  /^creating tables/,
  /^generating data/,
  /^\d+ of \d+ tuples \(\d+%\) done/,
  /^vacuuming/,
  /^creating primary keys/,
  /^done in /,
  /^end\.$/,
  /^NOTICE: /,
  /^LINE \d+: /,
  /^\^$/,
  /^pgbench: (warning|hint|detail): /,
  /^pgbench: error: Run was aborted/,
];
