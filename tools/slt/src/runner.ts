/**
 * Runs sqllogictest files against a server over the PostgreSQL wire protocol.
 *
 * Invariants:
 *   - A file's records run strictly in file order, one at a time, on one session: later records
 *     depend on earlier statements.
 *   - Every statement/query record gets exactly one result: `pass`, `fail` (with a reason), or
 *     `skip` (only when a `skipif`/`onlyif` excludes it for the engine). Once the session is lost
 *     (server crash, hung statement) every remaining record of the file is a `fail`, never a skip.
 *     Records after a `halt` get no result at all: sqllogictest does not run them either.
 *   - Each file starts from an empty database. The runner does not read catalogs (the target may
 *     not have them): it remembers the tables and views the file's own SQL created
 *     (`CREATE [TEMP] TABLE|VIEW name`) and drops them, views first, newest first, when the file
 *     ends. Names it could not drop (the server was down) are retried before the next file.
 *
 * Comparison follows `sqllogictest.c`: results are formatted (format.ts), sorted per the record's
 * sort mode, then compared as a list of values, or as `N values hashing to <md5>` when there are
 * more values than the file's hash threshold (8 until a `hash-threshold` record says otherwise; 0
 * disables hashing). Stricter than sqllogictest.c in two ways: the number of values must match
 * (it compares only as many as the expectation lists) and a labeled hash must agree with earlier
 * queries of the same label also when the result is small.
 */
import { readFileSync } from 'node:fs';
import { type ConnectionOptions, type ExecOutcome, SltConnection } from './connection.js';
import { formatRows, hashLine, hashValues, sortValues } from './format.js';
import { appliesTo, parseSlt, type QueryRecord, type SltRecord, type StatementRecord } from './parser.js';

/** The outcome of one statement or query record. */
export interface RecordResult {
  /** 1-based line of the record's `statement`/`query` header. */
  readonly line: number;
  readonly kind: 'statement' | 'query';
  readonly outcome: 'pass' | 'fail' | 'skip';
  /** Why it failed (expected vs got, or the error); absent on pass. */
  readonly reason?: string;
}

/** Everything that happened while running one file. */
export interface FileResult {
  /** The path the file was run from, as given. */
  readonly path: string;
  readonly records: readonly RecordResult[];
  /** Set when the file could not be parsed or no session could be opened: nothing ran. */
  readonly error?: string;
  /** Set when the session was lost midway; records from `line` on failed because of it. */
  readonly lost?: { readonly line: number; readonly reason: string };
  /** Tables/views that could not be dropped afterwards, with the error. */
  readonly cleanupErrors: readonly string[];
  readonly durationMs: number;
}

/** How to run. */
export interface RunOptions {
  readonly connection: ConnectionOptions;
  /** Name matched by `skipif`/`onlyif`. Default `postgresql`, the dialect RustyDB speaks. */
  readonly engine?: string;
  /** Per-statement (and connect) timeout in milliseconds. Default 10 000. */
  readonly timeoutMs?: number;
}

/** sqllogictest.c's DEFAULT_HASH_THRESHOLD. */
const DEFAULT_HASH_THRESHOLD = 8;
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_ENGINE = 'postgresql';
const REASON_MAX = 300;

const CREATE_RELATION =
  /\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:GLOBAL|LOCAL)\s+)?(?:(?:TEMP|TEMPORARY)\s+)?(?:UNLOGGED\s+)?(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/gi;

/** A table or view some file created, to be dropped before the next file runs. */
export interface CreatedRelation {
  readonly kind: 'TABLE' | 'VIEW';
  readonly name: string;
}

/** The tables and views a SQL text creates, in order. Pure. */
export function createdRelations(sql: string): CreatedRelation[] {
  const found: CreatedRelation[] = [];
  for (const m of sql.matchAll(CREATE_RELATION)) {
    found.push({ kind: m[1].toUpperCase() as 'TABLE' | 'VIEW', name: m[2] });
  }
  return found;
}

/**
 * Runs many files one after another, each on its own new session, each from an empty database.
 * Async; never rejects for anything a file or the server does. `onFile` sees each result as soon
 * as its file is done.
 */
export async function runSltFiles(
  paths: readonly string[],
  options: RunOptions,
  onFile?: (result: FileResult) => void,
): Promise<FileResult[]> {
  const results: FileResult[] = [];
  let leftovers: CreatedRelation[] = [];
  for (const path of paths) {
    const run = await runOneFile(path, options, leftovers);
    leftovers = run.leftovers;
    results.push(run.result);
    onFile?.(run.result);
  }
  return results;
}

/**
 * Runs one file on a new session and drops what it created. Async; never rejects for anything
 * the file or the server does (a parse error or refused connection is `FileResult.error`).
 */
export async function runSltFile(path: string, options: RunOptions): Promise<FileResult> {
  return (await runOneFile(path, options, [])).result;
}

async function runOneFile(
  path: string,
  options: RunOptions,
  leftovers: readonly CreatedRelation[],
): Promise<{ result: FileResult; leftovers: CreatedRelation[] }> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const done = (fields: Omit<FileResult, 'path' | 'durationMs'>, left: CreatedRelation[]) => ({
    result: { path, ...fields, durationMs: performance.now() - started },
    leftovers: left,
  });
  let records: SltRecord[];
  try {
    records = parseSlt(readFileSync(path, 'utf8'));
  } catch (err) {
    return done({ records: [], error: `cannot parse: ${(err as Error).message}`, cleanupErrors: [] }, [
      ...leftovers,
    ]);
  }
  let connection: SltConnection;
  try {
    connection = await SltConnection.open(options.connection, timeoutMs);
  } catch (err) {
    return done({ records: [], error: `cannot connect: ${(err as Error).message}`, cleanupErrors: [] }, [
      ...leftovers,
    ]);
  }
  const cleanupErrors: string[] = [];
  // What an earlier file left behind (its server went down before cleanup) goes first.
  let left = await dropRelations(connection, leftovers, cleanupErrors);
  const file = new FileRun(connection, options.engine ?? DEFAULT_ENGINE);
  await file.run(records);
  // Cleanup on a session that survived; otherwise try a fresh one.
  let cleaner = connection;
  if (connection.lost !== undefined) {
    await connection.close();
    cleaner = await SltConnection.open(options.connection, timeoutMs).catch(() => connection);
  }
  left = await dropRelations(cleaner, [...left, ...file.created], cleanupErrors);
  await cleaner.close();
  if (cleaner !== connection) await connection.close();
  const lost = file.lostAt;
  return done({ records: file.results, cleanupErrors, ...(lost ? { lost } : {}) }, left);
}

/**
 * Drops relations views first, newest first, in passes until no progress (one may depend on
 * another). Returns the ones still there; their errors go to `errors` when the session is usable.
 */
async function dropRelations(
  connection: SltConnection,
  relations: readonly CreatedRelation[],
  errors: string[],
): Promise<CreatedRelation[]> {
  const seen = new Set<string>();
  let pending: CreatedRelation[] = [];
  for (const r of [...relations].reverse()) {
    const key = `${r.kind} ${r.name.toLowerCase()}`;
    if (!seen.has(key)) pending.push(r);
    seen.add(key);
  }
  pending.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'VIEW' ? -1 : 1));
  const lastError = new Map<CreatedRelation, string>();
  while (pending.length > 0 && connection.lost === undefined) {
    const next: CreatedRelation[] = [];
    for (const r of pending) {
      const outcome = await connection.execute(`DROP ${r.kind} IF EXISTS ${r.name}`);
      // 42809: the name now belongs to the other kind (a view replaced by a table): that one
      // was created by a later statement and is in the list too, so this entry is done.
      if (outcome.kind === 'ok' || (outcome.kind === 'error' && outcome.code === '42809')) continue;
      next.push(r);
      lastError.set(r, describeOutcome(outcome));
    }
    if (connection.lost !== undefined) return next;
    if (next.length === pending.length) {
      for (const r of next) errors.push(`DROP ${r.kind} ${r.name}: ${lastError.get(r)}`);
      return [];
    }
    pending = next;
  }
  return pending;
}

/** The state of one file's run: its session, hash threshold, labels and created relations. */
class FileRun {
  readonly results: RecordResult[] = [];
  readonly created: CreatedRelation[] = [];
  lostAt: { line: number; reason: string } | undefined;
  private hashThreshold = DEFAULT_HASH_THRESHOLD;
  private readonly labels = new Map<string, string>();

  constructor(
    private readonly connection: SltConnection,
    private readonly engine: string,
  ) {}

  async run(records: readonly SltRecord[]): Promise<void> {
    for (const record of records) {
      const applies = appliesTo(record, this.engine);
      switch (record.kind) {
        case 'hash-threshold':
          if (applies) this.hashThreshold = record.threshold;
          break;
        case 'halt':
          if (applies) return;
          break;
        case 'statement':
        case 'query':
          if (!applies) {
            if (record.kind === 'query') this.rememberSkippedLabel(record);
            this.results.push({ line: record.line, kind: record.kind, outcome: 'skip' });
          } else {
            this.results.push(await this.runRecord(record));
          }
          break;
      }
    }
  }

  private async runRecord(record: StatementRecord | QueryRecord): Promise<RecordResult> {
    if (this.lostAt !== undefined) {
      return fail(record, `not run: session lost at line ${this.lostAt.line} (${this.lostAt.reason})`);
    }
    this.created.push(...createdRelations(record.sql));
    const outcome = await this.connection.execute(record.sql);
    if (outcome.kind === 'lost' || this.connection.lost !== undefined) {
      const reason = outcome.kind === 'lost' ? outcome.reason : this.connection.lost!;
      this.lostAt = { line: record.line, reason };
      return fail(record, `session lost: ${reason}`);
    }
    return record.kind === 'statement' ? checkStatement(record, outcome) : this.checkQuery(record, outcome);
  }

  private checkQuery(record: QueryRecord, outcome: ExecOutcome): RecordResult {
    if (outcome.kind !== 'ok') return fail(record, describeOutcome(outcome));
    const result = outcome.results[outcome.results.length - 1];
    if (result === undefined) return fail(record, 'no result');
    if (result.columns.length !== record.types.length) {
      return fail(record, `expected ${record.types.length} columns, got ${result.columns.length}`);
    }
    if (record.columnNames !== undefined && result.columns.join(' ') !== record.columnNames.join(' ')) {
      return fail(
        record,
        `expected columns ${record.columnNames.join(' ')}, got ${result.columns.join(' ')}`,
      );
    }
    const values = sortValues(formatRows(result.rows, record.types), record.types.length, record.sortMode);
    if (record.label !== undefined) {
      const hash = hashValues(values);
      const earlier = this.labels.get(record.label);
      if (earlier === undefined) this.labels.set(record.label, hash);
      else if (earlier !== hash) {
        return fail(record, `result does not agree with earlier queries labeled ${record.label}`);
      }
    }
    const reason = compareValues(record, values, this.hashThreshold);
    return reason === undefined ? pass(record) : fail(record, reason);
  }

  /** sqllogictest.c records a skipped labeled query's expected hash for later queries to match. */
  private rememberSkippedLabel(record: QueryRecord): void {
    if (record.label === undefined || this.labels.has(record.label)) return;
    const e = record.expected;
    if (e.kind === 'hash') this.labels.set(record.label, e.hash);
    else if (e.values.length > 0) this.labels.set(record.label, hashValues(e.values));
  }
}

function checkStatement(record: StatementRecord, outcome: ExecOutcome): RecordResult {
  const expect = record.expect;
  if (expect.kind === 'ok')
    return outcome.kind === 'ok' ? pass(record) : fail(record, describeOutcome(outcome));
  if (outcome.kind === 'ok') return fail(record, 'statement succeeded, expected an error');
  if (outcome.kind !== 'error') return fail(record, describeOutcome(outcome));
  if (expect.pgcode !== undefined && outcome.code !== expect.pgcode) {
    return fail(record, `expected SQLSTATE ${expect.pgcode}, got ${outcome.code}: ${outcome.message}`);
  }
  if (expect.pattern !== undefined && !new RegExp(expect.pattern).test(outcome.message)) {
    return fail(
      record,
      `error message ${JSON.stringify(outcome.message)} does not match /${expect.pattern}/`,
    );
  }
  return pass(record);
}

/** Undefined when the values meet the expectation, else what differs. */
function compareValues(record: QueryRecord, values: string[], hashThreshold: number): string | undefined {
  const expected = record.expected;
  if (hashThreshold > 0 && values.length > hashThreshold) {
    const got = hashLine(values);
    if (expected.kind === 'hash') {
      const want = `${expected.count} values hashing to ${expected.hash}`;
      return got === want ? undefined : `expected ${want}, got ${got}`;
    }
    return `expected ${expected.values.length} values, got ${got}`;
  }
  if (expected.kind === 'hash') {
    return `expected ${expected.count} values hashing to ${expected.hash}, got ${values.length} values: ${preview(values)}`;
  }
  const want = expected.values;
  const n = Math.max(want.length, values.length);
  for (let i = 0; i < n; i++) {
    if (want[i] !== values[i]) {
      return `expected ${want.length} values [${preview(want)}], got ${values.length} [${preview(values)}]`;
    }
  }
  return undefined;
}

function preview(values: readonly string[]): string {
  const text = values.join(' ');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeOutcome(outcome: ExecOutcome): string {
  switch (outcome.kind) {
    case 'ok':
      return 'succeeded';
    case 'error':
      return `error ${outcome.code}: ${outcome.message}`;
    case 'timeout':
      return `timed out after ${outcome.timeoutMs} ms`;
    case 'lost':
      return `session lost: ${outcome.reason}`;
  }
}

function pass(record: StatementRecord | QueryRecord): RecordResult {
  return { line: record.line, kind: record.kind, outcome: 'pass' };
}

function fail(record: StatementRecord | QueryRecord, reason: string): RecordResult {
  // One line: reasons end up in `file:line reason` lists.
  const flat = reason.replace(/\s*\n\s*/g, ' ');
  const short = flat.length > REASON_MAX ? `${flat.slice(0, REASON_MAX - 3)}...` : flat;
  return { line: record.line, kind: record.kind, outcome: 'fail', reason: short };
}
