/**
 * The embedded API's results: a session used from JavaScript collects each statement's output
 * into a plain `QueryResult` instead of writing protocol messages.
 */
import {
  type DateTimeStyle,
  type DbError,
  DEFAULT_DATE_TIME_STYLE,
  resourceLimitError,
  type SqlType,
  type TimeZone,
  UTC,
  type Value,
} from '@rustydb/common';
import type { FieldDescription, QueryOutput } from '@rustydb/protocol';
import type { EngineSession } from './session.js';

/** The result of one statement, as `Database.query` / `EmbeddedSession.query` return it. */
export interface QueryResult {
  /** The command tag exactly as PostgreSQL sends it: `SELECT 3`, `INSERT 0 5`, `CREATE TABLE`. */
  command: string;
  /** Rows returned or affected (the tag's count), 0 for commands without one. */
  rowCount: number;
  fields: { name: string; type: SqlType }[];
  /** Rows as arrays of values in `fields` order (copies: the caller owns them). */
  rows: Value[][];
  /** NOTICEs and WARNINGs raised while the query ran (every statement of it). */
  notices: DbError[];
  /** The session's TimeZone when the statement ran: `formatText(v, type, timeZone)` prints a
   *  value as PostgreSQL's text output would (timestamptz depends on it). */
  timeZone: TimeZone;
  /** The session's DateStyle and IntervalStyle when the statement ran (`formatText`'s `style`). */
  dateTimeStyle: DateTimeStyle;
}

/** A QueryOutput that keeps the last statement's result. Sync; one per query call. */
export class ResultCollector implements QueryOutput {
  #fields: { name: string; type: SqlType }[] = [];
  #rows: Value[][] = [];
  #timeZone: TimeZone = UTC;
  #dateTimeStyle: DateTimeStyle = DEFAULT_DATE_TIME_STYLE;
  readonly notices: DbError[] = [];
  result: QueryResult | undefined;

  rowDescription(
    fields: readonly FieldDescription[],
    timeZone?: TimeZone,
    _extraFloatDigits?: number,
    dateTimeStyle?: DateTimeStyle,
  ): void {
    this.#fields = fields.map((f) => ({ name: f.name, type: f.type }));
    this.#timeZone = timeZone ?? UTC;
    this.#dateTimeStyle = dateTimeStyle ?? DEFAULT_DATE_TIME_STYLE;
    this.#rows = [];
  }

  dataRow(values: readonly Value[]): void {
    this.#rows.push(values.slice());
  }

  commandComplete(tag: string): void {
    this.result = {
      command: tag,
      rowCount: tagCount(tag),
      fields: this.#fields,
      rows: this.#rows,
      notices: this.notices,
      timeZone: this.#timeZone,
      dateTimeStyle: this.#dateTimeStyle,
    };
    this.#fields = [];
    this.#rows = [];
  }

  emptyQuery(): void {
    this.result = emptyResult(this.notices);
  }

  notice(notice: DbError): void {
    this.notices.push(notice);
  }
}

/** What `query` resolves with: the last statement's result, or an empty one. */
const resultOf = (out: ResultCollector): QueryResult => out.result ?? emptyResult(out.notices);

/** A result without rows or fields (an empty query). */
function emptyResult(notices: DbError[]): QueryResult {
  return {
    command: '',
    rowCount: 0,
    fields: [],
    rows: [],
    notices,
    timeZone: UTC,
    dateTimeStyle: DEFAULT_DATE_TIME_STYLE,
  };
}

/** The count at the end of a command tag (`SELECT 3`, `INSERT 0 5`), 0 without one. */
function tagCount(tag: string): number {
  // As /\s(\d+)$/ without a regex match per statement: the digits after the last space.
  const space = tag.lastIndexOf(' ');
  if (space < 0 || space === tag.length - 1) return 0;
  for (let i = space + 1; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
  }
  return Number(tag.slice(space + 1));
}

/**
 * A session for embedded use: `query` runs SQL text (one or more statements; parameters `$1…`
 * from `params`), and a transaction opened with BEGIN spans calls until COMMIT or ROLLBACK.
 * Calls must not overlap (await each one). `close()` rolls back what is open.
 */
export class EmbeddedSession {
  constructor(readonly session: EngineSession) {}

  /**
   * Runs `sql`. Async. Resolves with the last statement's result; rejects with the DbError that
   * stopped it (statements before it in the same text keep their effects only inside an
   * explicit transaction block, as PostgreSQL).
   */
  query(sql: string, params: readonly Value[] = []): Promise<QueryResult> {
    const out = new ResultCollector();
    let run: Promise<void> | undefined;
    try {
      run = this.session.run(sql, params, out);
    } catch (err) {
      return Promise.reject(resourceLimitError(err) ?? err);
    }
    // A statement that ran synchronously (a point lookup, an autocommit UPDATE whose commit
    // flushed synchronously) resolves without an async frame and its awaits.
    if (run === undefined) return Promise.resolve(resultOf(out));
    return run.then(
      () => resultOf(out),
      (err: unknown) => Promise.reject(resourceLimitError(err) ?? err),
    );
  }

  /** 'I' idle, 'T' in a transaction block, 'E' in a failed block. */
  transactionStatus(): 'I' | 'T' | 'E' {
    return this.session.transactionStatus();
  }

  /** Rolls back an open transaction and ends the session. Async; idempotent. */
  close(): Promise<void> {
    return this.session.close();
  }
}
