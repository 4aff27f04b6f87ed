/**
 * What the PL/pgSQL interpreter needs of the session running it (do-statement.ts implements it
 * over the session's transaction block): running SQL, subtransactions, notices, interrupts.
 */
import type { DbError, SqlType, Value } from '@rustydb/common';
import type { Statement } from '@rustydb/parser';

/** The result of one SQL statement: its columns (none for a statement without rows), rows, tag. */
export interface SqlResult {
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
  readonly rows: readonly (readonly Value[])[];
  /** PostgreSQL's SPI_processed: rows returned or changed. */
  readonly rowCount: number;
  /**
   * A CALL's: for each column (the procedure's OUT and INOUT parameters, in order), the index of
   * the call's argument that feeds the parameter (undefined: left to its default) — where
   * PL/pgSQL stores the value back.
   */
  readonly callArguments?: readonly { readonly name: string; readonly arg: number | undefined }[];
}

export interface PlpgsqlHost {
  /**
   * Runs one statement in the DO's (or calling statement's) transaction (a fresh snapshot before it under READ COMMITTED,
   * its effects visible to the next). `$k` is `params[k-1]` of type `paramTypes[k-1]`. Async for
   * a DO; sync (never a promise) for a function's host.
   * @throws DbError as the statement would; 0A000 for transaction control.
   */
  run(
    stmt: Statement,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly SqlType[],
  ): SqlResult | Promise<SqlResult>;
  /**
   * Whether the interpreter may wait for a turn of the event loop between statements (a DO);
   * a function called inside an expression runs to its end synchronously (false).
   */
  readonly canYield: boolean;
  /**
   * Whether `stmt` binds against the catalog as it stands (its column references all name
   * columns): the check behind 42702 for a variable that is also a column. Sync.
   */
  binds(stmt: Statement, sql: string): boolean;
  /** Starts a subtransaction (a block with an EXCEPTION section). Sync. */
  beginSubtransaction(): void;
  /** Ends the innermost one: its changes join the enclosing level. */
  releaseSubtransaction(): void;
  /** Undoes the innermost one and ends it (a caught error). */
  rollbackSubtransaction(): void;
  /**
   * COMMIT (`commit`) or ROLLBACK [AND CHAIN] inside a procedure or DO block: ends the
   * transaction and starts the next (with the same characteristics when `chain`). Undefined
   * where the call is atomic (inside a transaction block, a function or a query): 2D000 then.
   * @throws DbError 2D000 while a subtransaction (EXCEPTION block) is active; the commit's errors.
   */
  readonly endTransaction?: (commit: boolean, chain: boolean) => Promise<void>;
  /** Sends a NOTICE / WARNING / INFO to the client. */
  notice(notice: DbError): void;
  /** Throws 57014 on cancel or statement_timeout. */
  checkInterrupts(): void;
  /** The minimum level of messages sent to the client (client_min_messages). */
  readonly clientMinMessages: string;
}
