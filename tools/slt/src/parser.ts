/**
 * sqllogictest file parser.
 *
 * A file is a sequence of records separated by blank lines (a line of only whitespace is blank).
 * Lines starting with `#` are comments and vanish wherever they are, even inside a record, exactly
 * as in SQLite's `sqllogictest.c` (its `nextLine()` skips them), so line numbers still count them.
 *
 * ```
 * skipif mysql            ┐ zero or more conditions guarding the record
 * onlyif postgresql       ┘
 * query II rowsort label  ← header: types, sort mode, optional label   (record line = this line)
 * SELECT a, b FROM t      ← SQL, one or more lines
 * ----                    ← separator (absent: the query must return no rows)
 * 1                       ← expected values, one per line, or `N values hashing to <md5>`
 * 2
 * ```
 *
 * Record headers:
 *   `statement ok` | `statement error [pgcode XXXXX] [regex]` (pgcode/regex: CockroachDB's extension)
 *   `query <types> [options] [label]`, options `nosort|rowsort|valuesort|colnames`, comma- or
 *      space-separated (CockroachDB writes `rowsort,colnames`); with `colnames` the first line after
 *      `----` holds the column names separated by whitespace
 *   `hash-threshold N`, `halt`
 * On header lines (not SQL, not regexes) a token starting with `#` begins a trailing comment.
 *
 * The parser knows nothing about engines: conditions are kept on the record and the runner
 * decides. Each record carries the 1-based line number of its header, which is how records are
 * named in reports and in `postgresql-agreed.json`.
 */

/** The ways a query result is put in order before comparison. */
export type SortMode = 'nosort' | 'rowsort' | 'valuesort';

/** A `skipif <engine>` or `onlyif <engine>` line guarding the record after it. */
export interface Condition {
  readonly kind: 'skipif' | 'onlyif';
  /** Engine name as written (compared case-insensitively, as sqllogictest does). */
  readonly engine: string;
}

/** What a statement must do: succeed, or fail (optionally with this SQLSTATE / message regex). */
export type StatementExpectation =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error'; readonly pgcode?: string; readonly pattern?: string };

/** What a query must return: the formatted values in order, or their count and md5. */
export type QueryExpectation =
  | { readonly kind: 'values'; readonly values: readonly string[] }
  | { readonly kind: 'hash'; readonly count: number; readonly hash: string };

/** `statement ok|error` with its SQL. */
export interface StatementRecord {
  readonly kind: 'statement';
  readonly line: number;
  readonly conditions: readonly Condition[];
  readonly sql: string;
  readonly expect: StatementExpectation;
}

/** `query <types> <sortmode> [label]` with its SQL and expected result. */
export interface QueryRecord {
  readonly kind: 'query';
  readonly line: number;
  readonly conditions: readonly Condition[];
  readonly sql: string;
  /** One letter per column: `I` integer, `R` real, `T` text. */
  readonly types: string;
  readonly sortMode: SortMode;
  /** Queries sharing a label must produce the same result hash. */
  readonly label?: string;
  /** Expected column names, when the header has the `colnames` option. */
  readonly columnNames?: readonly string[];
  readonly expected: QueryExpectation;
}

/** `hash-threshold N`: results with more than N values are compared by hash (0: never). */
export interface HashThresholdRecord {
  readonly kind: 'hash-threshold';
  readonly line: number;
  readonly conditions: readonly Condition[];
  readonly threshold: number;
}

/** `halt`: stop running the file here. */
export interface HaltRecord {
  readonly kind: 'halt';
  readonly line: number;
  readonly conditions: readonly Condition[];
}

/** One record of a sqllogictest file, tagged by `kind`. */
export type SltRecord = StatementRecord | QueryRecord | HashThresholdRecord | HaltRecord;

/** A malformed file: names the line. */
export class SltParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'SltParseError';
  }
}

const HASH_LINE = /^(\d+) values hashing to ([0-9a-f]{32})$/;
const SORT_MODES: ReadonlySet<string> = new Set(['nosort', 'rowsort', 'valuesort']);

interface Line {
  readonly no: number;
  readonly text: string;
}

/**
 * Parses the text of a sqllogictest file into records, in file order. Synchronous.
 * Throws `SltParseError` on an unknown record type or a malformed header.
 */
export function parseSlt(text: string): SltRecord[] {
  const records: SltRecord[] = [];
  for (const group of splitRecords(text)) records.push(parseRecord(group));
  return records;
}

/** Splits into groups of consecutive non-blank, non-comment lines, keeping line numbers. */
function splitRecords(text: string): Line[][] {
  const groups: Line[][] = [];
  let current: Line[] = [];
  const raw = text.split('\n');
  // A trailing newline does not start another line.
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') {
      if (current.length > 0) groups.push(current);
      current = [];
      continue;
    }
    if (line.startsWith('#')) continue;
    current.push({ no: i + 1, text: line });
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Header tokens up to a trailing `#` comment. */
function headerTokens(text: string): string[] {
  const tokens = text.trim().split(/\s+/);
  const comment = tokens.findIndex((t) => t.startsWith('#'));
  return comment === -1 ? tokens : tokens.slice(0, comment);
}

function parseRecord(lines: Line[]): SltRecord {
  const conditions: Condition[] = [];
  let at = 0;
  for (; at < lines.length; at++) {
    const tokens = headerTokens(lines[at].text);
    if (tokens[0] !== 'skipif' && tokens[0] !== 'onlyif') break;
    if (tokens.length < 2) throw new SltParseError(lines[at].no, `${tokens[0]} needs an engine name`);
    conditions.push({ kind: tokens[0], engine: tokens[1] });
  }
  if (at === lines.length) throw new SltParseError(lines[at - 1].no, 'condition without a record');
  const header = lines[at];
  const body = lines.slice(at + 1);
  const tokens = headerTokens(header.text);
  switch (tokens[0]) {
    case 'statement':
      return parseStatement(header, body, conditions);
    case 'query':
      return parseQuery(header, tokens, body, conditions);
    case 'hash-threshold': {
      const threshold = Number(tokens[1]);
      if (!Number.isInteger(threshold) || threshold < 0) {
        throw new SltParseError(header.no, `bad hash-threshold '${tokens[1] ?? ''}'`);
      }
      return { kind: 'hash-threshold', line: header.no, conditions, threshold };
    }
    case 'halt':
      return { kind: 'halt', line: header.no, conditions };
    default:
      throw new SltParseError(header.no, `unknown record type '${tokens[0]}'`);
  }
}

function parseStatement(header: Line, body: Line[], conditions: Condition[]): StatementRecord {
  const match = /^\s*statement\s+(\S+)\s*(.*)$/.exec(header.text);
  const mode = match?.[1];
  const sql = body.map((l) => l.text).join('\n');
  if (sql === '') throw new SltParseError(header.no, 'statement without SQL');
  if (mode === 'ok') return { kind: 'statement', line: header.no, conditions, sql, expect: { kind: 'ok' } };
  if (mode !== 'error') throw new SltParseError(header.no, `statement must be 'ok' or 'error'`);
  const rest = (match?.[2] ?? '').trim();
  const pg = /^pgcode\s+([0-9A-Z]{5})\s*(.*)$/.exec(rest);
  const expect: StatementExpectation = pg
    ? { kind: 'error', pgcode: pg[1], ...(pg[2] !== '' ? { pattern: pg[2] } : {}) }
    : { kind: 'error', ...(rest !== '' ? { pattern: rest } : {}) };
  if (expect.pattern !== undefined) checkPattern(header.no, expect.pattern);
  return { kind: 'statement', line: header.no, conditions, sql, expect };
}

function checkPattern(line: number, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (err) {
    throw new SltParseError(line, `bad error regex: ${(err as Error).message}`);
  }
}

function parseQuery(header: Line, tokens: string[], body: Line[], conditions: Condition[]): QueryRecord {
  const types = tokens[1] ?? '';
  if (!/^[IRT]+$/.test(types)) throw new SltParseError(header.no, `bad query type string '${types}'`);
  let sortMode: SortMode = 'nosort';
  let colnames = false;
  let label: string | undefined;
  for (const token of tokens.slice(2)) {
    const options = token.split(',');
    if (options.every((o) => SORT_MODES.has(o) || o === 'colnames')) {
      for (const o of options) {
        if (o === 'colnames') colnames = true;
        else sortMode = o as SortMode;
      }
    } else if (label === undefined) {
      label = token;
    } else {
      throw new SltParseError(header.no, `unexpected query option '${token}'`);
    }
  }
  const separator = body.findIndex((l) => l.text === '----');
  const sqlLines = separator === -1 ? body : body.slice(0, separator);
  const sql = sqlLines.map((l) => l.text).join('\n');
  if (sql === '') throw new SltParseError(header.no, 'query without SQL');
  let results = separator === -1 ? [] : body.slice(separator + 1).map((l) => l.text);
  let columnNames: string[] | undefined;
  if (colnames) {
    if (results.length === 0) throw new SltParseError(header.no, 'colnames without a column-name line');
    columnNames = results[0].trim().split(/\s+/);
    results = results.slice(1);
  }
  const hashed = results.length === 1 ? HASH_LINE.exec(results[0]) : null;
  const expected: QueryExpectation = hashed
    ? { kind: 'hash', count: Number(hashed[1]), hash: hashed[2] }
    : { kind: 'values', values: results };
  return {
    kind: 'query',
    line: header.no,
    conditions,
    sql,
    types,
    sortMode,
    ...(label !== undefined ? { label } : {}),
    ...(columnNames !== undefined ? { columnNames } : {}),
    expected,
  };
}

/**
 * Whether a record runs on `engine` (case-insensitive, as sqllogictest's `stricmp`): every
 * `skipif` must name another engine and every `onlyif` this one.
 */
export function appliesTo(record: SltRecord, engine: string): boolean {
  const name = engine.toLowerCase();
  for (const c of record.conditions) {
    const match = c.engine.toLowerCase() === name;
    if (c.kind === 'skipif' ? match : !match) return false;
  }
  return true;
}
