#!/usr/bin/env node
/**
 * `rustydb-slt`: runs sqllogictest files against a PostgreSQL-protocol server and scores them.
 *
 *   rustydb-slt [--host H] [--port P] [--user U] [--database D] [--password W]
 *               [--reference-postgres] [--engine NAME] [--timeout MS]
 *               [--agreed FILE | --only-agreed] [--report FILE] [--write-failures FILE]
 *               [--ratchet FILE] [--quiet] [paths...]
 *
 * Paths default to the corpus (`<conformance>/slt`); directories recurse into `*.test`/`*.slt`.
 * `--only-agreed` scores only the records in the corpus's `postgresql-agreed.json`; `--agreed FILE`
 * does the same with another list. `--reference-postgres` starts a throwaway PostgreSQL 15 and
 * runs against it (checks the corpus and the runner). Exit status: 0, or 1 when the ratchet is
 * not met, 2 on bad usage or when nothing could run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConnectionOptions } from './connection.js';
import { collectTestFiles, corpusKey, sltCorpusDir } from './corpus.js';
import { type ReferencePostgres, startReferencePostgres } from './reference-postgres.js';
import { runSltFiles } from './runner.js';
import {
  type AgreedList,
  checkRatchet,
  failureList,
  formatFileLine,
  formatTotalLine,
  loadAgreedList,
  loadRatchet,
  reportJson,
  scoreResults,
} from './score.js';

const USAGE = `usage: rustydb-slt [--host H] [--port P] [--user U] [--database D] [--password W]
                   [--reference-postgres] [--engine NAME] [--timeout MS]
                   [--agreed FILE | --only-agreed] [--report FILE] [--write-failures FILE]
                   [--ratchet FILE] [--quiet] [paths...]`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: process.env.PGHOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.PGPORT ?? '5432' },
      user: { type: 'string', default: process.env.PGUSER ?? 'postgres' },
      database: { type: 'string', default: process.env.PGDATABASE ?? 'postgres' },
      password: { type: 'string', default: process.env.PGPASSWORD },
      'reference-postgres': { type: 'boolean', default: false },
      engine: { type: 'string', default: 'postgresql' },
      timeout: { type: 'string', default: '10000' },
      agreed: { type: 'string' },
      'only-agreed': { type: 'boolean', default: false },
      report: { type: 'string' },
      'write-failures': { type: 'string' },
      ratchet: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  const timeoutMs = Number(values.timeout);
  if (!Number.isInteger(port) || !Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    console.error(USAGE);
    return 2;
  }
  const corpusDir = sltCorpusDir();
  const files = collectTestFiles(positionals.length > 0 ? positionals : [corpusDir]);
  if (files.length === 0) {
    console.error('no .test or .slt files found');
    return 2;
  }
  const agreedPath =
    values.agreed ?? (values['only-agreed'] ? join(corpusDir, 'postgresql-agreed.json') : undefined);
  const agreed: AgreedList | undefined = agreedPath !== undefined ? loadAgreedList(agreedPath) : undefined;
  const ratchet = values.ratchet !== undefined ? loadRatchet(values.ratchet) : undefined;

  let reference: ReferencePostgres | undefined;
  let connection: ConnectionOptions = {
    host: values.host,
    port,
    user: values.user,
    database: values.database,
    ...(values.password !== undefined ? { password: values.password } : {}),
  };
  if (values['reference-postgres']) {
    reference = await startReferencePostgres();
    connection = {
      host: reference.host,
      port: reference.port,
      user: reference.user,
      database: reference.database,
    };
  }
  const keyOf = (path: string) => corpusKey(path, corpusDir);
  const started = performance.now();
  let results: Awaited<ReturnType<typeof runSltFiles>>;
  try {
    results = await runSltFiles(files, { connection, engine: values.engine, timeoutMs }, (file) => {
      if (values.quiet) return;
      const one = scoreResults([file], keyOf, agreed).files[0];
      console.log(formatFileLine(one));
    });
  } finally {
    await reference?.stop();
  }
  const score = scoreResults(results, keyOf, agreed);
  console.log(`${formatTotalLine(score)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (values.report !== undefined)
    writeFileSync(values.report, `${JSON.stringify(reportJson(score), null, 2)}\n`);
  if (values['write-failures'] !== undefined) writeFileSync(values['write-failures'], failureList(score));
  if (results.every((r) => r.error !== undefined)) {
    console.error('no file could run (see the errors above)');
    return 2;
  }
  if (ratchet !== undefined) {
    const problems = checkRatchet(score, ratchet);
    for (const p of problems) console.error(`ratchet: ${p}`);
    if (problems.length > 0) return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  },
);
