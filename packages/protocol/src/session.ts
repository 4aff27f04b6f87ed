/**
 * The protocol's view of the database: a Backend that opens Sessions. `protocol` owns the bytes
 * on the wire and the connection state machine; it never imports the engine. The engine
 * implements these interfaces (and tests implement them with doubles).
 */
import type { DateTimeStyle, DbError, SqlType, TimeZone, Value } from '@rustydb/common';

/** Startup packet parameters (user, database, application_name, options, …). */
export type StartupParameters = Readonly<Record<string, string>>;

/** How a parameter or result column travels: 0 text, 1 binary (binary-format.ts). */
export type FormatCode = 0 | 1;

/** One column of a RowDescription. */
export interface FieldDescription {
  readonly name: string;
  readonly type: SqlType;
  /** OID of the source table and its attribute number, or 0 when not a plain column. */
  readonly tableOid: number;
  readonly columnAttnum: number;
  /** How DataRows carry this column: text (0, the default) or binary (1, chosen in Bind). */
  readonly format?: FormatCode;
}

/** What Describe of a prepared statement answers: ParameterDescription, then RowDescription or NoData. */
export interface StatementDescription {
  /** Every parameter's type, given in Parse or inferred (`$1` alone infers text). */
  readonly paramTypes: readonly SqlType[];
  /** The result columns (all text format: formats are chosen later, in Bind), or undefined for NoData. */
  readonly fields: readonly FieldDescription[] | undefined;
}

/** The format of a COPY's data, for CopyInResponse / CopyOutResponse. */
export interface CopyFormat {
  /** 0 textual (text or CSV), 1 binary. */
  readonly format: FormatCode;
  /** One per column; all equal to `format` (PostgreSQL has no mixed COPY formats). */
  readonly columnFormats: readonly FormatCode[];
}

/**
 * The data a client sends during COPY FROM STDIN (CopyData messages), one payload at a time.
 * At most one `read()` may be pending.
 */
export interface CopyInStream {
  /**
   * The next CopyData payload (the caller may keep it; it is never reused), or undefined after
   * CopyDone. Rejects with 57014 `COPY from stdin failed: <message>` on CopyFail, 08P01 when the
   * client sends another message type, 08006 when the client is gone.
   */
  read(): Promise<Uint8Array | undefined>;
  /**
   * Optional: the next CopyData payload if one has already arrived, else undefined (the end and
   * errors are `read`'s to report). Synchronous.
   */
  takeQueued?(): Uint8Array | undefined;
}

/** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
export type TransactionStatus = 'I' | 'T' | 'E';

/**
 * Where a session writes the results of a query. Calls arrive in protocol order for each
 * statement: `rowDescription`, `dataRow`*, `commandComplete` — or `emptyQuery`, or `error`.
 * A NOTICE may come at any point.
 */
export interface QueryOutput {
  /**
   * `timeZone`: the session's TimeZone when the statement ran; timestamptz values in the rows
   * that follow are printed in it (UTC when absent). `extraFloatDigits`: the session's
   * extra_float_digits for float4/float8 text output (1, PostgreSQL's default, when absent).
   * `dateTimeStyle`: the session's DateStyle and IntervalStyle for date/time and interval text
   * output (ISO and postgres when absent).
   */
  rowDescription(
    fields: readonly FieldDescription[],
    timeZone?: TimeZone,
    extraFloatDigits?: number,
    dateTimeStyle?: DateTimeStyle,
  ): void;
  /** One row; `values` is only valid during the call (the caller may reuse the array). */
  dataRow(values: readonly Value[]): void;
  /** The tag exactly as PostgreSQL writes it: `SELECT 3`, `INSERT 0 1`, `CREATE TABLE`. */
  commandComplete(tag: string): void;
  emptyQuery(): void;
  notice(notice: DbError): void;
  /**
   * Flow control for long results. Returns undefined while the client keeps up, else a promise
   * that resolves once it has drained what was sent — or rejects with FATAL 08006 `connection to
   * client lost` if it went away, so the statement stops. A session producing many rows should
   * `const wait = out.backpressure?.(); if (wait) await wait;` between row batches; without it
   * a slow client makes the server buffer the whole result.
   */
  backpressure?(): Promise<void> | undefined;
  /**
   * COPY FROM STDIN: sends CopyInResponse and returns the client's data. Absent where no client
   * can send data (the embedded API): COPY FROM STDIN is then an error. Call at most once per
   * statement, and read the stream to its end (or until it rejects) before finishing.
   */
  copyIn?(format: CopyFormat): CopyInStream;
  /**
   * COPY TO STDOUT: `copyOut` sends CopyOutResponse, `copyData` one CopyData (a row's line,
   * newline included), `copyDone` CopyDone; then the statement ends with `commandComplete('COPY
   * n')` as usual. Absent together with `copyIn`.
   */
  copyOut?(format: CopyFormat): void;
  copyData?(data: string): void;
  copyDone?(): void;
}

/** One asynchronous notification (NOTIFY): what NotificationResponse carries. */
export interface Notification {
  /** The process id (BackendKeyData) of the session that notified. */
  readonly processId: number;
  readonly channel: string;
  readonly payload: string;
}

/** The session settings a value's text input reads (`Session.textInput`). */
export interface TextInputSettings {
  readonly timeZone: TimeZone;
  readonly dateTimeStyle: DateTimeStyle;
}

export interface Session {
  /** BackendKeyData. */
  readonly processId: number;
  readonly secretKey: number;
  /** The ParameterStatus values to send after authentication. */
  parameterStatuses(): Readonly<Record<string, string>>;
  /**
   * Runs the text of one Query message: every statement in it, with PostgreSQL's rules for an
   * implicit transaction around a multi-statement message. Results stream to `out`. Rejects
   * with the DbError that stopped the message (the rest of it is skipped); `protocol` sends it
   * as ErrorResponse and then ReadyForQuery. A session that ran the whole message without
   * waiting may return undefined instead of a promise (and then throw instead of rejecting).
   */
  simpleQuery(sql: string, out: QueryOutput): Promise<void> | undefined;

  /*
   * THE EXTENDED QUERY PROTOCOL. Prepared statements (Parse) live until closed or the session
   * ends; portals (Bind) until closed or their transaction ends. The name '' is the unnamed
   * statement or portal, silently replaced by the next Parse or Bind. Every call between two
   * Syncs belongs to one pipeline, which runs in one implicit transaction unless a transaction
   * block is open (PostgreSQL's rule): `sync()` commits it. After an error the protocol skips
   * messages until Sync and passes `afterError`, so the session aborts what the pipeline did.
   * Errors are DbErrors; the protocol sends them as ErrorResponse.
   */

  /**
   * Parse: prepares `sql` (at most one statement) as `name`. `paramTypeOids[i]` is the type of
   * `$i+1`, 0 to infer it. Sync. @throws DbError 42P05 `prepared statement "x" already exists`
   * (a named one), 42601 syntax errors and `cannot insert multiple commands into a prepared
   * statement`, binder errors (42P01, 42703, 42P18 …).
   */
  prepare(name: string, sql: string, paramTypeOids: readonly number[]): void;
  /** Describe 'S'. Sync. @throws DbError 26000 `prepared statement "x" does not exist`. */
  describeStatement(name: string): StatementDescription;
  /**
   * Bind: creates portal `portal` over prepared statement `statement` with parameter values
   * already decoded to the statement's parameter types (see `StatementDescription.paramTypes`).
   * `resultFormats`: none (all text), one (for every column) or one per column. Sync.
   * @throws DbError 26000 (no such statement), 42P03 `portal "x" already exists`, 08P01 on a
   *   wrong number of result formats, 0A000 for binary results of a type without a binary form.
   */
  bind(
    portal: string,
    statement: string,
    params: readonly Value[],
    resultFormats: readonly FormatCode[],
  ): void;
  /**
   * Describe 'P': the portal's result columns with their formats, or undefined for NoData. Sync.
   * @throws DbError 34000 `portal "x" does not exist`.
   */
  describePortal(portal: string): readonly FieldDescription[] | undefined;
  /**
   * Execute: runs the portal, sending at most `maxRows` rows (0: all) to `out`, which takes them
   * as for a simple query (`rowDescription` only announces the columns' types and formats: the
   * protocol does not send it, Describe does). Resolves true when the row limit stopped it (the
   * protocol sends PortalSuspended; the next Execute continues), false when it completed. Async,
   * or sync: a session that finished the Execute without waiting may return the boolean itself
   * (no promise, no microtask: the common point lookup), and may then throw instead of rejecting.
   * @throws DbError 34000 (no such portal), and every error a statement can raise.
   */
  execute(portal: string, maxRows: number, out: QueryOutput): Promise<boolean> | boolean;
  /** Close 'S': drops the statement (a missing name is not an error). Sync. */
  closeStatement(name: string): void;
  /** Close 'P': drops the portal (a missing name is not an error). Sync. */
  closePortal(name: string): void;
  /**
   * Sync: ends the pipeline — commits its implicit transaction, or with `afterError` aborts it
   * (an open transaction block becomes failed, status 'E'). Async (commit awaits the WAL flush).
   * Rejects with the DbError of a failed commit (the protocol sends it, then ReadyForQuery).
   * Returns undefined instead of a promise when it is already done (nothing to commit, or a
   * commit that wrote nothing and so awaits no flush); it may then throw instead of rejecting.
   */
  sync(afterError: boolean): Promise<void> | undefined;
  /**
   * What reading a text-format Bind parameter depends on: the session's TimeZone (timestamptz
   * without an offset) and DateStyle / IntervalStyle (`01/02/03`). Optional: UTC and ISO, MDY.
   */
  textInput?(): TextInputSettings;
  /**
   * ParameterStatus values that changed since the last call (a SET of a reported setting such as
   * application_name), sent by the protocol before ReadyForQuery. Optional.
   */
  changedParameterStatuses?(): Readonly<Record<string, string>> | undefined;

  transactionStatus(): TransactionStatus;
  /*
   * ASYNCHRONOUS NOTIFICATIONS (LISTEN / NOTIFY), optional. The protocol calls
   * `onNotification` once after the session opens; the session calls the listener whenever a
   * notification is queued for it. The protocol sends what `takeNotifications` returns as
   * NotificationResponse messages when the session is idle outside a transaction block: before
   * ReadyForQuery, or at once when the listener fires while nothing runs.
   */
  onNotification?(listener: () => void): void;
  /** The queued notifications, oldest first (the queue is emptied). Sync. */
  takeNotifications?(): readonly Notification[];
  /**
   * pg_terminate_backend, optional: the protocol calls `onTerminate` once after the session
   * opens; the session calls the listener when an administrator ends it. The protocol then does
   * as at server shutdown: cancels a running query, sends FATAL 57P01 `terminating connection due
   * to administrator command` and closes the connection.
   */
  onTerminate?(listener: () => void): void;
  /**
   * The connection ended (Terminate or socket closed): roll back and release everything. Called
   * exactly once, and never while `simpleQuery` is pending: a client that disconnects mid-query
   * gets `Backend.cancel` for that query first, and `close` once it has settled. `ending`: how
   * (pg_stat_database's sessions_abandoned, _fatal and _killed); absent: a Terminate message.
   */
  close(ending?: SessionEnding): Promise<void>;
}

/**
 * How a connection ended, as pg_stat_database tells them apart: 'normal' (the client's
 * Terminate), 'lost' (the client went away without one), 'fatal' (the server sent a FATAL error),
 * 'killed' (pg_terminate_backend or server shutdown: FATAL 57P01).
 */
export type SessionEnding = 'normal' | 'lost' | 'fatal' | 'killed';

export interface Backend {
  /**
   * Opens a session for a startup packet. Rejects with a DbError (e.g. 3D000 unknown database,
   * 28000 unknown role) that is sent as a FATAL ErrorResponse.
   */
  startSession(params: StartupParameters, peer: { address: string; port: number }): Promise<Session>;
  /** A CancelRequest arrived: cancel the statement running in that session, if the key matches. */
  cancel(processId: number, secretKey: number): void;
}
