/**
 * The protocol's view of the database: a Backend that opens Sessions. `protocol` owns the bytes
 * on the wire and the connection state machine; it never imports the engine. The engine
 * implements these interfaces (and tests implement them with doubles).
 */
import type { DbError, SqlType, Value } from '@rustydb/common';

/** Startup packet parameters (user, database, application_name, options, …). */
export type StartupParameters = Readonly<Record<string, string>>;

/** One column of a RowDescription. */
export interface FieldDescription {
  readonly name: string;
  readonly type: SqlType;
  /** OID of the source table and its attribute number, or 0 when not a plain column. */
  readonly tableOid: number;
  readonly columnAttnum: number;
}

/** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
export type TransactionStatus = 'I' | 'T' | 'E';

/**
 * Where a session writes the results of a query. Calls arrive in protocol order for each
 * statement: `rowDescription`, `dataRow`*, `commandComplete` — or `emptyQuery`, or `error`.
 * A NOTICE may come at any point.
 */
export interface QueryOutput {
  rowDescription(fields: readonly FieldDescription[]): void;
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
   * as ErrorResponse and then ReadyForQuery.
   */
  simpleQuery(sql: string, out: QueryOutput): Promise<void>;
  transactionStatus(): TransactionStatus;
  /**
   * The connection ended (Terminate or socket closed): roll back and release everything. Called
   * exactly once, and never while `simpleQuery` is pending: a client that disconnects mid-query
   * gets `Backend.cancel` for that query first, and `close` once it has settled.
   */
  close(): Promise<void>;
}

export interface Backend {
  /**
   * Opens a session for a startup packet. Rejects with a DbError (e.g. 3D000 unknown database,
   * 28000 unknown role) that is sent as a FATAL ErrorResponse.
   */
  startSession(params: StartupParameters, peer: { address: string; port: number }): Promise<Session>;
  /** A CancelRequest arrived: cancel the statement running in that session, if the key matches. */
  cancel(processId: number, secretKey: number): void;
}
