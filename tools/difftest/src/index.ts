/**
 * @rustydb/difftest — differential tests: the same SQL on a real PostgreSQL 15 and on RustyDB,
 * compared statement by statement.
 *
 * What it owns:
 *   - the corpus: plain SQL files in `corpus/*.sql`, statements ending with `;` at a line end,
 *     `--` comments naming what each block tests (corpus-file.ts);
 *   - the runner: a throwaway PostgreSQL 15 (`startReferencePostgres()` of @rustydb/slt) and a
 *     RustyDB server from the built bundle (rustydb-server.ts), one session on each per file, a
 *     fresh schema per file, each statement to both servers (runner.ts, diff-connection.ts);
 *   - the comparison rule (compare-outcomes.ts, order-sensitivity.ts): same outcome kind, same
 *     CommandComplete tag, same column names and type OIDs, same rows as text (in order only
 *     under a top-level ORDER BY, as multisets otherwise), same SQLSTATE for errors (message
 *     texts are notes, not differences);
 *   - the known-differences list, a ratchet (known-differences.ts), and the `rustydb-difftest`
 *     CLI (cli.ts).
 *
 * Invariants:
 *   - Values are compared as the servers' text; the driver never parses a value.
 *   - Each server sees exactly the file's statements, in order, on one session.
 *   - A run never hangs: every statement has a timeout, after which the session is dropped.
 */

// Corpus
export {
  type CorpusFile,
  type CorpusStatement,
  corpusDir,
  listCorpusFiles,
  loadCorpusFile,
  parseCorpusFile,
} from './corpus-file.js';

// Comparison
export { type Comparison, compareOutcomes, describe } from './compare-outcomes.js';
export { hasTopLevelOrderBy } from './order-sensitivity.js';

// Running
export {
  type ConnectionOptions,
  DiffConnection,
  type ResultColumn,
  type StatementOutcome,
} from './diff-connection.js';
export { type RustyDbServer, serverBundle, startRustyDbServer } from './rustydb-server.js';
export {
  type FileResult,
  formatDifference,
  formatTally,
  type RunOptions,
  runCorpusFile,
  type StatementResult,
  schemaName,
  type Tally,
  tally,
} from './runner.js';

// Known differences
export {
  type KnownDifferences,
  knownDifferencesFile,
  loadKnownDifferences,
  parseKnownDifferences,
  statementKey,
} from './known-differences.js';
