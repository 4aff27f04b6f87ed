/**
 * Command-line options of `rustydb-bench` and the scale each suite runs at. Parsing is separate
 * from running so it can be tested, and so every default is written down once.
 */
import { parseArgs } from 'node:util';

/** The suites, in the order a full run executes them. */
export const SUITES = ['pgbench', 'embedded', 'wire', 'optimizer'] as const;
export type SuiteName = (typeof SUITES)[number];

/** How big each suite's data and how long each measurement is. */
export interface BenchScale {
  /** `pgbench -i -s <scale>`: 100,000 pgbench_accounts rows per unit. */
  readonly pgbenchScale: number;
  /** `pgbench -T <secs>` for each run. */
  readonly pgbenchSeconds: number;
  /** `pgbench -c <N>` values; each runs with `-j 1`. */
  readonly pgbenchClients: readonly number[];
  /**
   * Measured pgbench runs per row on each server, alternating which server goes first: the
   * row shows the median tps of each and the median of the rounds' ratios.
   */
  readonly pgbenchRounds: number;
  /** Rows of the embedded and wire suites' `items` table (bulk insert, GROUP BY, join). */
  readonly rows: number;
  /** Point selects by primary key (embedded and wire). */
  readonly lookups: number;
  /** Durable autocommit updates (embedded). */
  readonly updates: number;
  /** Rows of the optimizer suite's table. */
  readonly optimizerRows: number;
  /** Upper bound on one repeated measurement, in ms: a slow engine does fewer operations. */
  readonly maxMeasureMs: number;
}

/** The full run: the figures in docs/benchmarks.md that are not marked `--quick`. */
export const FULL_SCALE: BenchScale = {
  pgbenchScale: 10,
  pgbenchSeconds: 20,
  pgbenchClients: [1, 4, 16],
  pgbenchRounds: 1,
  rows: 100_000,
  lookups: 100_000,
  updates: 10_000,
  optimizerRows: 1_000_000,
  maxMeasureMs: 20_000,
};

/** `--quick`: a CI smoke run of a few minutes that still exercises every code path. */
export const QUICK_SCALE: BenchScale = {
  pgbenchScale: 1,
  pgbenchSeconds: 5,
  pgbenchClients: [1, 4, 16],
  pgbenchRounds: 1,
  rows: 20_000,
  lookups: 10_000,
  updates: 200,
  optimizerRows: 100_000,
  maxMeasureMs: 5_000,
};

export interface BenchOptions {
  readonly suites: readonly SuiteName[];
  readonly quick: boolean;
  readonly scale: BenchScale;
  /** Compare with a throwaway PostgreSQL 15 when it is installed (`--no-postgres` turns it off). */
  readonly postgres: boolean;
  /** Path of the built `rustydb-server` bundle; undefined: apps/server/dist/main.js of this repo. */
  readonly serverPath: string | undefined;
}

export const USAGE = `usage: rustydb-bench [--quick] [--only SUITE[,SUITE...]] [--seconds N] [--pgbench-scale N]
                     [--clients N[,N...]] [--rounds N] [--rows N] [--no-postgres] [--server PATH]

  --quick             small scale (CI smoke): pgbench -s 1 -T 5, 20,000 rows, fewer lookups and
                      updates, a 100,000-row optimizer table
  --only SUITE        run only these suites: ${SUITES.join(', ')} (comma-separated or repeated)
  --seconds N         pgbench -T for each run (default 20, quick 5)
  --pgbench-scale N   pgbench -i -s (default 10, quick 1)
  --clients LIST      pgbench client counts (default 1,4,16)
  --rounds N          measured pgbench runs per row on each server, alternating which goes first;
                      the row shows median tps and the median of the rounds' ratios (default 1)
  --rows N            rows of the embedded and wire suites (default 100000, quick 20000)
  --no-postgres       do not start the reference PostgreSQL 15 (RustyDB and SQLite only)
  --server PATH       rustydb-server bundle (default apps/server/dist/main.js, built when missing)
  -h, --help          this text
`;

/**
 * Parses argv (without node and the script). Sync. Returns 'help' for -h/--help.
 * @throws Error with a readable message on an unknown option or a bad value.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      seconds: { type: 'string' },
      'pgbench-scale': { type: 'string' },
      clients: { type: 'string' },
      rounds: { type: 'string' },
      rows: { type: 'string' },
      'no-postgres': { type: 'boolean', default: false },
      server: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  const base = values.quick ? QUICK_SCALE : FULL_SCALE;
  const rows = positiveInteger(values.rows, base.rows, 'rows');
  const scale: BenchScale = {
    ...base,
    pgbenchScale: positiveInteger(values['pgbench-scale'], base.pgbenchScale, 'pgbench-scale'),
    pgbenchSeconds: positiveInteger(values.seconds, base.pgbenchSeconds, 'seconds'),
    pgbenchClients:
      values.clients === undefined
        ? base.pgbenchClients
        : values.clients.split(',').map((c) => positiveInteger(c.trim(), 0, 'clients')),
    pgbenchRounds: positiveInteger(values.rounds, base.pgbenchRounds, 'rounds'),
    rows,
    lookups: values.rows === undefined ? base.lookups : Math.min(base.lookups, rows),
  };
  return {
    suites: parseSuites(values.only),
    quick: values.quick,
    scale,
    postgres: !values['no-postgres'],
    serverPath: values.server,
  };
}

function parseSuites(only: readonly string[] | undefined): SuiteName[] {
  if (only === undefined) return [...SUITES];
  const wanted = new Set(only.flatMap((o) => o.split(',')).map((o) => o.trim()));
  for (const name of wanted) {
    if (!(SUITES as readonly string[]).includes(name)) {
      throw new Error(`unknown suite "${name}": use one of ${SUITES.join(', ')}`);
    }
  }
  // Keep the canonical order whatever order the user gave.
  return SUITES.filter((s) => wanted.has(s));
}

function positiveInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || !Number.isSafeInteger(n)) {
    throw new Error(`invalid --${name} "${text}": expected a positive integer`);
  }
  return n;
}
