#!/usr/bin/env node
/**
 * `rustydb-difftest`: runs the differential corpus on a throwaway PostgreSQL 15 and on RustyDB,
 * and prints every statement that differs.
 *
 *   rustydb-difftest [--server BUNDLE | --host H --port P [--user U] [--database D] [--password W]]
 *                    [--corpus DIR] [--file NAME]... [--known FILE] [--write-known FILE]
 *                    [--all] [--notes]
 *
 * Prints `DIFF file:N` blocks for differences the known list does not name (all of them with
 * `--all`), a `difftest <file>: …` line per file and the total `difftest: N statements, M
 * identical, K different`. Exit status: 0; 1 when a difference is not in the known list or a
 * listed statement now agrees; 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { corpusDir, listCorpusFiles, loadCorpusFile } from './corpus-file.js';
import type { ConnectionOptions } from './diff-connection.js';
import { type KnownDifferences, knownDifferencesFile, loadKnownDifferences } from './known-differences.js';
import { type RustyDbServer, serverBundle, startRustyDbServer } from './rustydb-server.js';
import { formatDifference, formatTally, runCorpusFile, type StatementResult, tally } from './runner.js';

const USAGE = `usage: rustydb-difftest [--server BUNDLE | --host H --port P [--user U] [--database D] [--password W]]
                        [--corpus DIR] [--file NAME]... [--known FILE] [--write-known FILE]
                        [--all] [--notes]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string', default: serverBundle },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string' },
      user: { type: 'string', default: 'rustydb' },
      database: { type: 'string', default: 'rustydb' },
      password: { type: 'string' },
      corpus: { type: 'string', default: corpusDir },
      file: { type: 'string', multiple: true },
      known: { type: 'string', default: knownDifferencesFile },
      'write-known': { type: 'string' },
      all: { type: 'boolean', default: false },
      notes: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !Number.isInteger(port)) {
    console.error(USAGE);
    return 2;
  }
  const files =
    (values.file ?? []).length > 0
      ? values.file!.map((f) => join(values.corpus, f.endsWith('.sql') ? f : `${f}.sql`))
      : listCorpusFiles(values.corpus);
  const known = loadKnownDifferences(values.known);

  let postgres: ReferencePostgres | undefined;
  let server: RustyDbServer | undefined;
  try {
    postgres = await startReferencePostgres();
    let rustydb: ConnectionOptions;
    if (port !== undefined) {
      rustydb = {
        host: values.host,
        port,
        user: values.user,
        database: values.database,
        password: values.password,
      };
    } else {
      server = await startRustyDbServer(values.server);
      rustydb = server;
    }
    const all: StatementResult[] = [];
    for (const path of files) {
      const result = await runCorpusFile(loadCorpusFile(path), postgres, rustydb);
      all.push(...result.statements);
      for (const r of result.statements) {
        const listed = known.get(r.key);
        if (!r.comparison.identical && (values.all || listed === undefined)) {
          console.log(formatDifference(r, listed));
        }
        if (values.notes) for (const note of r.comparison.notes) console.log(`NOTE ${r.key} ${note}`);
      }
      console.log(formatTally(tally(result.statements, known), result.file));
    }
    return report(all, known, values['write-known']);
  } finally {
    await server?.stop();
    await postgres?.stop();
  }
}

function report(all: readonly StatementResult[], known: KnownDifferences, writeKnown?: string): number {
  const total = tally(all, known);
  for (const key of total.stale) console.log(`STALE ${key} agrees now: remove it from the known list`);
  if (writeKnown !== undefined) {
    const lines = all
      .filter((r) => !r.comparison.identical)
      .map((r) => `${r.key} ${known.get(r.key) ?? r.comparison.reasons[0]}`);
    writeFileSync(writeKnown, `${lines.join('\n')}\n`);
  }
  console.log(formatTally(total));
  return total.unexplained.length > 0 || total.stale.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
