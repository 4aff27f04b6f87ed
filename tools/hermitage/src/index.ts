/**
 * @rustydb/hermitage — isolation conformance: Martin Kleppmann's hermitage interleavings, run
 * over the PostgreSQL wire protocol and compared with what PostgreSQL 15 did.
 *
 * What it owns:
 *   - reading the corpus (`<conformance>/hermitage/cases.json`) and PostgreSQL 15's expected
 *     event sequences: cases.ts;
 *   - running one case at one isolation level on two or three concurrent sessions, recording
 *     each step's outcome, which steps block (no answer within 700 ms) and when they finish, and
 *     the final table: runner.ts, session.ts, in the event grammar of events.ts;
 *   - judging runs line by line, the allow list CI ratchets with, diffs and reports: verdict.ts,
 *     diff-events.ts, and the `rustydb-hermitage` CLI (cli.ts).
 *
 * Invariants:
 *   - A run's events are a pure function of the server's answers and of one timing question per
 *     step ("ended within 700 ms?"); a server that answers quickly and wakes lock waiters
 *     promptly gets the same sequence every run.
 *   - A run never hangs: every case has a deadline, and stuck sessions are dropped at the end.
 *   - Values are compared as the server's text, never as driver-parsed values.
 */

// Corpus
export {
  caseKey,
  type ExpectedEvents,
  type HermitageCase,
  type HermitageCorpus,
  type HermitageStep,
  hermitageDir,
  loadCases,
  loadExpected,
  stepSql,
} from './cases.js';

// Events
export {
  finalEvent,
  finishedEvent,
  formatOutcome,
  formatRows,
  type StepOutcome,
  stepEvent,
} from './events.js';

// Running
export { type CaseRun, type RunOptions, runCase } from './runner.js';
export { HermitageSession, type ServerOptions } from './session.js';

// Verdicts
export { diffEvents } from './diff-events.js';
export {
  type CaseVerdict,
  formatTotal,
  formatVerdict,
  judge,
  loadAllowList,
  nowPassing,
  reportJson,
} from './verdict.js';
