/**
 * Runs corpus files on PostgreSQL and RustyDB side by side and judges every statement.
 *
 * How a file runs:
 *   1. one new session on each server;
 *   2. a fresh schema named after the file (`difftest_<file>`, dropped first if a previous run
 *      left it) becomes the search_path on both, so files never see each other's tables;
 *   3. each statement goes to both servers at the same time, and the next one only after both
 *      answered: each server sees exactly the file's statements, in order;
 *   4. the sessions close; the schema is left behind only if a session was lost.
 * A lost session on either side makes every later statement of that file a difference.
 */
import { type Comparison, compareOutcomes, describe } from './compare-outcomes.js';
import type { CorpusFile, CorpusStatement } from './corpus-file.js';
import { type ConnectionOptions, DiffConnection, type StatementOutcome } from './diff-connection.js';
import { type KnownDifferences, statementKey } from './known-differences.js';
import { hasTopLevelOrderBy } from './order-sensitivity.js';

/** What one statement did on both servers, and the verdict. */
export interface StatementResult {
  readonly statement: CorpusStatement;
  /** `file:N`, the key of known-differences.txt. */
  readonly key: string;
  readonly ordered: boolean;
  readonly postgres: StatementOutcome;
  readonly rustydb: StatementOutcome;
  readonly comparison: Comparison;
}

/** The results of one file. */
export interface FileResult {
  readonly file: string;
  readonly statements: readonly StatementResult[];
}

/** Options of `runCorpusFile`. */
export interface RunOptions {
  /** Per statement, on each server (default 30000 ms). A timeout loses the session. */
  readonly timeoutMs?: number;
}

/**
 * Runs one file on both servers. Async; rejects only when a session cannot be opened or the
 * file's schema cannot be set up (which would make every statement meaningless).
 */
export async function runCorpusFile(
  file: CorpusFile,
  postgres: ConnectionOptions,
  rustydb: ConnectionOptions,
  options: RunOptions = {},
): Promise<FileResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const sessions = await Promise.all([
    DiffConnection.open(postgres, timeoutMs),
    DiffConnection.open(rustydb, timeoutMs),
  ]);
  const [pg, rdb] = sessions;
  try {
    const schema = schemaName(file.name);
    for (const sql of [
      `DROP SCHEMA IF EXISTS ${schema} CASCADE`,
      `CREATE SCHEMA ${schema}`,
      `SET search_path = ${schema}`,
    ]) {
      for (const [i, session] of sessions.entries()) {
        const outcome = await session.run(sql);
        if (outcome.kind !== 'result') {
          const server = i === 0 ? 'postgres' : 'rustydb';
          throw new Error(`${file.name}: setup "${sql}" failed on ${server}: ${describe(outcome)}`);
        }
      }
    }
    const statements: StatementResult[] = [];
    for (const statement of file.statements) {
      const [pgOutcome, rdbOutcome] = await Promise.all([pg.run(statement.sql), rdb.run(statement.sql)]);
      const ordered = hasTopLevelOrderBy(statement.sql);
      statements.push({
        statement,
        key: statementKey(file.name, statement.index),
        ordered,
        postgres: pgOutcome,
        rustydb: rdbOutcome,
        comparison: compareOutcomes(pgOutcome, rdbOutcome, ordered),
      });
    }
    if (pg.lost === undefined && rdb.lost === undefined) {
      for (const session of sessions) {
        await session.run('ROLLBACK');
        await session.run(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      }
    }
    return { file: file.name, statements };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}

/** The schema a file runs in: `difftest_` and the file name's letters, digits and underscores. */
export function schemaName(file: string): string {
  return `difftest_${file
    .replace(/\.sql$/, '')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .toLowerCase()}`;
}

/** Totals over some statements, judged against the known differences. */
export interface Tally {
  readonly statements: number;
  readonly identical: number;
  readonly different: number;
  /** Differences the known list names. */
  readonly known: number;
  /** Differences the known list does not name: each fails the test. */
  readonly unexplained: readonly StatementResult[];
  /** Known-list keys among these statements that now agree: each fails the test too. */
  readonly stale: readonly string[];
}

/** Counts `results` and sorts the differences into known and unexplained. Pure. */
export function tally(results: readonly StatementResult[], known: KnownDifferences): Tally {
  const unexplained: StatementResult[] = [];
  const stale: string[] = [];
  let identical = 0;
  let knownCount = 0;
  for (const r of results) {
    if (r.comparison.identical) {
      identical++;
      if (known.has(r.key)) stale.push(r.key);
    } else if (known.has(r.key)) {
      knownCount++;
    } else {
      unexplained.push(r);
    }
  }
  return {
    statements: results.length,
    identical,
    different: results.length - identical,
    known: knownCount,
    unexplained,
    stale,
  };
}

/** `difftest[ <file>]: N statements, M identical, K different[ (J known)]`. Pure. */
export function formatTally(t: Tally, file?: string): string {
  const scope = file === undefined ? 'difftest' : `difftest ${file}`;
  const known = t.known > 0 ? ` (${t.known} known)` : '';
  return `${scope}: ${t.statements} statements, ${t.identical} identical, ${t.different} different${known}`;
}

/** A multi-line report of one differing statement: key, label, SQL, and what differs. Pure. */
export function formatDifference(r: StatementResult, knownReason?: string): string {
  const lines = [
    `DIFF ${r.key} (line ${r.statement.line})${knownReason !== undefined ? ` known: ${knownReason}` : ''}`,
  ];
  if (r.statement.label !== '') lines.push(`  -- ${r.statement.label}`);
  lines.push(...r.statement.sql.split('\n').map((l) => `  | ${l}`));
  lines.push(...r.comparison.reasons.map((reason) => `  ${reason}`));
  return lines.join('\n');
}
