/**
 * rustydb: the RustyDB command-line tool.
 *
 *   rustydb sql           SQL shell over the PostgreSQL wire protocol (sql-shell.ts)
 *   rustydb init          new data directory (commands/init.ts)
 *   rustydb query         SQL on the embedded engine, no server (commands/query.ts)
 *   rustydb inspect wal   WAL records of a data directory (commands/inspect-wal.ts)
 *   rustydb inspect page  one page of a relation file (commands/inspect-page.ts)
 *
 * Exit codes: 0 success, 1 failure (an SQL error, an unusable directory, a lost connection),
 * 2 usage error (message and usage on stderr).
 */
import { DbError } from '@rustydb/common';
import { type CliCommand, parseCliArgs, UsageError } from './cli-args.js';
import { CommandError } from './command-error.js';
import { initDataDirectory } from './commands/init.js';
import { inspectPage } from './commands/inspect-page.js';
import { inspectWal } from './commands/inspect-wal.js';
import { runEmbeddedQuery } from './commands/query.js';
import { formatErrorReport } from './format-result.js';
import { runSqlCommand } from './sql-shell.js';

async function run(command: CliCommand): Promise<number> {
  const { stdout, stderr } = process;
  switch (command.kind) {
    case 'help':
      stdout.write(command.text);
      return 0;
    case 'sql':
      return runSqlCommand(command, { stdin: process.stdin, stdout, stderr });
    case 'init':
      await initDataDirectory(command.dataDir, stdout);
      return 0;
    case 'query':
      return (await runEmbeddedQuery(command, stdout, stderr)) ? 0 : 1;
    case 'inspect-wal':
      inspectWal(command, stdout);
      return 0;
    case 'inspect-page':
      inspectPage(command, stdout);
      return 0;
  }
}

async function main(): Promise<void> {
  // `rustydb … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  let command: CliCommand;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`rustydb: ${err.message}\n\n${err.usage}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await run(command);
  } catch (err) {
    process.exitCode = 1;
    if (err instanceof CommandError) process.stderr.write(`rustydb: error: ${err.message}\n`);
    else if (err instanceof DbError)
      process.stderr.write(formatErrorReport({ severity: err.severity, message: err.message }));
    else throw err;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`rustydb: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
