/**
 * @rustydb/slt — the sqllogictest runner and the reference PostgreSQL.
 *
 * What it owns:
 *   - reading sqllogictest files (SQLite's format plus CockroachDB's `statement error pgcode` and
 *     `colnames` extensions) into records: parser.ts;
 *   - running them over the PostgreSQL wire protocol, one file per session, records strictly in
 *     order, formatting results exactly as sqllogictest's ODBC adapter does: runner.ts,
 *     connection.ts, format.ts;
 *   - scoring runs against the corpus's list of records PostgreSQL 15 agrees with, reports and the
 *     CI ratchet: score.ts, corpus.ts, and the `rustydb-slt` CLI (cli.ts);
 *   - starting a throwaway PostgreSQL 15, the oracle that other tools (differential tests,
 *     benchmarks) reuse: reference-postgres.ts.
 *
 * Invariants:
 *   - A record is reported as skipped only when `skipif`/`onlyif` excludes it for the engine; a
 *     lost session fails every remaining record of its file.
 *   - Every file starts from an empty database; the runner never reads the target's catalogs.
 *   - Values are formatted from the server's text output, never from driver-parsed values.
 */

// Files and records
export {
  appliesTo,
  type Condition,
  type HaltRecord,
  type HashThresholdRecord,
  parseSlt,
  type QueryExpectation,
  type QueryRecord,
  SltParseError,
  type SltRecord,
  type SortMode,
  type StatementExpectation,
  type StatementRecord,
} from './parser.js';

// Result formatting
export {
  type ColumnType,
  formatReal,
  formatRows,
  formatValue,
  hashLine,
  hashValues,
  sortValues,
} from './format.js';

// Running
export {
  type ConnectionOptions,
  type ExecOutcome,
  SltConnection,
  type TextResult,
} from './connection.js';
export {
  type CreatedRelation,
  createdRelations,
  type FileResult,
  type RecordResult,
  type RunOptions,
  runSltFile,
  runSltFiles,
} from './runner.js';

// Corpus and scoring
export { collectTestFiles, conformanceDir, corpusKey, sltCorpusDir } from './corpus.js';
export {
  type AgreedList,
  checkRatchet,
  type Failure,
  type FileScore,
  failureList,
  formatFileLine,
  formatTotalLine,
  loadAgreedList,
  loadRatchet,
  type Ratchet,
  reportJson,
  type Score,
  scoreResults,
} from './score.js';

// Reference PostgreSQL
export {
  type ReferencePostgres,
  type ReferencePostgresOptions,
  startReferencePostgres,
} from './reference-postgres.js';
