#!/usr/bin/env node
/**
 * `rustydb-bench`: runs the benchmark suites and prints one Markdown table per suite.
 *
 *   rustydb-bench [--quick] [--only SUITE[,SUITE...]] [--seconds N] [--pgbench-scale N]
 *                 [--clients N,N] [--rows N] [--no-postgres] [--server PATH]
 *
 * Suites run one after another (never concurrently: they would measure each other). A workload
 * that fails prints its error in its cell; a suite that cannot run at all (the server does not
 * start, pgbench is missing) prints why and the run goes on. Exit status: 0, 1 when a suite could
 * not run, 2 on bad usage.
 */
import { type BenchOptions, parseBenchArgs, type SuiteName, USAGE } from './bench-options.js';
import { runEmbeddedSuite } from './embedded-suite.js';
import { runOptimizerSuite } from './optimizer-suite.js';
import { runPgbenchSuite } from './pgbench-suite.js';
import { describeRun } from './run-header.js';
import { DEFAULT_SERVER_PATH, ensureServerBuilt } from './rustydb-server.js';
import { formatSuiteReport, type SuiteReport } from './suite-report.js';
import { runWireSuite } from './wire-suite.js';

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions | 'help';
  try {
    options = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`rustydb-bench: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stdout.write(`# RustyDB benchmarks${options.quick ? ' (--quick)' : ''}\n\n`);
  process.stdout.write(
    `${describeRun(argv)
      .map((l) => `- ${l}`)
      .join('\n')}\n\n`,
  );
  let status = 0;
  for (const suite of options.suites) {
    const started = performance.now();
    process.stderr.write(`rustydb-bench: running ${suite}…\n`);
    try {
      const report = await runSuite(suite, options);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      process.stdout.write(
        `${formatSuiteReport({ ...report, notes: [...report.notes, `suite time: ${seconds} s.`] })}\n`,
      );
    } catch (err) {
      status = 1;
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      process.stdout.write(`## ${suite}\n\nCOULD NOT RUN: ${message}\n\n`);
    }
  }
  return status;
}

async function runSuite(suite: SuiteName, options: BenchOptions): Promise<SuiteReport> {
  const serverPath = options.serverPath ?? DEFAULT_SERVER_PATH;
  switch (suite) {
    case 'pgbench':
      await ensureServerBuilt(serverPath);
      return (await runPgbenchSuite(options.scale, serverPath, options.postgres)).report;
    case 'embedded':
      return (await runEmbeddedSuite(options.scale)).report;
    case 'wire':
      await ensureServerBuilt(serverPath);
      return (await runWireSuite(options.scale, serverPath, options.postgres)).report;
    case 'optimizer':
      return (await runOptimizerSuite(options.scale)).report;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `rustydb-bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
