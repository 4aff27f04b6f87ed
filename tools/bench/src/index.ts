/**
 * @rustydb/bench — the benchmark harness (`rustydb-bench`, `npm run bench`).
 *
 * What it owns:
 *   - the suites, each comparing RustyDB with a reference in the same run: pgbench against the
 *     RustyDB server and a durable PostgreSQL 15 (pgbench-suite.ts); the embedded engine against
 *     SQLite (embedded-suite.ts); point selects through node-postgres (wire-suite.ts); index scans
 *     against forced sequential scans (optimizer-suite.ts);
 *   - starting the systems under test: the built `rustydb-server` on a temp directory
 *     (rustydb-server.ts) beside `startReferencePostgres({ durable: true })` from @rustydb/slt
 *     (wire-systems.ts), and their peak memory from /proc (process-memory.ts);
 *   - reading pgbench's report (pgbench-output.ts) and printing Markdown tables
 *     (format-table.ts, suite-report.ts) headed by the run's circumstances (run-header.ts).
 *
 * Invariants:
 *   - Both systems run with durable commits (RustyDB fsync on; PostgreSQL fsync,
 *     synchronous_commit, full_page_writes on; SQLite synchronous=FULL), in the same process
 *     session, one workload on each back to back, so noise hits both; figures are also printed as
 *     ratios (RustyDB / other, above 1 means RustyDB is faster).
 *   - A failing workload is a table cell (`FAILED: …`), never the end of the run: the harness
 *     measures an engine still being built.
 *   - Every result is checked (row counts, join counts), so a fast wrong answer is a failure.
 */

// Options and scale
export {
  type BenchOptions,
  type BenchScale,
  FULL_SCALE,
  parseBenchArgs,
  QUICK_SCALE,
  SUITES,
  type SuiteName,
  USAGE,
} from './bench-options.js';

// Suites
export { type EmbeddedResult, type EmbeddedScale, runEmbeddedSuite } from './embedded-suite.js';
export {
  formatFailure,
  formatKib,
  formatRate,
  formatRatio,
  formatTable,
  type Table,
} from './format-table.js';
// Measuring and reporting
export {
  attempt,
  isMeasurement,
  type Limits,
  type Measurement,
  measureOnce,
  measureRepeated,
  type Outcome,
} from './measure.js';
export { type JoinResult, type LookupResult, runOptimizerSuite } from './optimizer-suite.js';
export { type PgbenchResult, parsePgbenchOutput, summarizePgbenchError } from './pgbench-output.js';
export { type PgbenchOutcome, type PgbenchRow, pgbenchTable, runPgbenchSuite } from './pgbench-suite.js';
export {
  MemorySampler,
  processTree,
  readPeakRss,
  readPss,
  readRss,
  resetPeakRss,
} from './process-memory.js';
export { describeRun } from './run-header.js';
// Systems under test
export {
  DEFAULT_SERVER_PATH,
  ensureServerBuilt,
  type RustyDbServer,
  startRustyDbServer,
} from './rustydb-server.js';
export { formatSuiteReport, type SuiteReport } from './suite-report.js';
export { runWireSuite, type WireResult } from './wire-suite.js';
export { startWireSystems, type WireSystems, type WireTarget } from './wire-systems.js';
