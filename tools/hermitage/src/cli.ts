#!/usr/bin/env node
/**
 * `rustydb-hermitage`: runs the hermitage isolation cases against a PostgreSQL-protocol server
 * and compares every case at every level with PostgreSQL 15's event sequence.
 *
 *   rustydb-hermitage [--host H] [--port P] [--user U] [--database D] [--password W]
 *                     [--reference-postgres] [--case NAME]... [--level LEVEL]...
 *                     [--cases FILE] [--expected FILE] [--report FILE]
 *                     [--allow-failures FILE] [--write-failures FILE] [--quiet]
 *
 * Prints `PASS|FAIL <case> @ <level>` per run (with a diff for failures), then
 * `hermitage: N passed, M failed`. Exit status: 0; 1 when a run failed that the allow list does
 * not name, or a listed run passed (the list must shrink); 2 on bad usage.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { loadCases, loadExpected } from './cases.js';
import { runCase } from './runner.js';
import type { ServerOptions } from './session.js';
import {
  type CaseVerdict,
  formatTotal,
  formatVerdict,
  judge,
  loadAllowList,
  nowPassing,
  reportJson,
} from './verdict.js';

const USAGE = `usage: rustydb-hermitage [--host H] [--port P] [--user U] [--database D] [--password W]
                         [--reference-postgres] [--case NAME]... [--level LEVEL]...
                         [--cases FILE] [--expected FILE] [--report FILE]
                         [--allow-failures FILE] [--write-failures FILE] [--quiet]`;

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: process.env.PGHOST ?? '127.0.0.1' },
      port: { type: 'string', default: process.env.PGPORT ?? '5432' },
      user: { type: 'string', default: process.env.PGUSER ?? 'postgres' },
      database: { type: 'string', default: process.env.PGDATABASE ?? 'postgres' },
      password: { type: 'string', default: process.env.PGPASSWORD },
      'reference-postgres': { type: 'boolean', default: false },
      case: { type: 'string', multiple: true },
      level: { type: 'string', multiple: true },
      cases: { type: 'string' },
      expected: { type: 'string' },
      report: { type: 'string' },
      'allow-failures': { type: 'string' },
      'write-failures': { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port)) {
    console.error(USAGE);
    return 2;
  }
  const corpus = loadCases(values.cases);
  const expected = loadExpected(values.expected);
  const allowList =
    values['allow-failures'] !== undefined ? loadAllowList(values['allow-failures']) : new Set<string>();
  const unknown = [
    ...(values.case ?? []).filter((name) => !corpus.cases.some((c) => c.name === name)),
    ...(values.level ?? []).filter((level) => !corpus.levels.includes(level)),
  ];
  if (unknown.length > 0) {
    console.error(`no such case or level: ${unknown.map((u) => JSON.stringify(u)).join(', ')}`);
    return 2;
  }
  const cases = corpus.cases.filter((c) => values.case === undefined || values.case.includes(c.name));
  const levels = corpus.levels.filter((l) => values.level === undefined || values.level.includes(l));

  let reference: ReferencePostgres | undefined;
  let server: ServerOptions = {
    host: values.host,
    port,
    user: values.user,
    database: values.database,
    ...(values.password !== undefined ? { password: values.password } : {}),
  };
  const verdicts: CaseVerdict[] = [];
  const started = performance.now();
  try {
    if (values['reference-postgres']) {
      reference = await startReferencePostgres();
      server = reference;
    }
    for (const c of cases) {
      for (const level of levels) {
        const verdict = judge(await runCase(server, corpus.setup, c, level), expected, allowList);
        verdicts.push(verdict);
        if (!values.quiet || !(verdict.passed || verdict.allowed)) {
          for (const line of formatVerdict(verdict)) console.log(line);
        }
      }
    }
  } finally {
    await reference?.stop();
  }
  console.log(`ran ${verdicts.length} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  console.log(formatTotal(verdicts));
  if (values.report !== undefined) {
    writeFileSync(values.report, `${JSON.stringify(reportJson(verdicts), null, 2)}\n`);
  }
  const failing = verdicts.filter((v) => !v.passed).map((v) => v.run.key);
  if (values['write-failures'] !== undefined) {
    writeFileSync(values['write-failures'], failing.map((key) => `${key}\n`).join(''));
  }
  const stale = nowPassing(verdicts, allowList);
  for (const key of stale) console.error(`now passes, remove it from the allow list: ${key}`);
  const unexpected = verdicts.filter((v) => !v.passed && !v.allowed);
  return unexpected.length > 0 || stale.length > 0 ? 1 : 0;
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
