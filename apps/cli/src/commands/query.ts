/**
 * `rustydb query`: runs SQL on the embedded engine, in this process, and prints it exactly as
 * `rustydb sql -c` would print the same SQL sent to a server: the text goes to the session's
 * `simpleQuery` (one Query message's worth, with PostgreSQL's implicit-transaction rules), and
 * an output that plays the client's part turns values into their text form (`formatText`, what
 * the server would put on the wire) and prints each statement's result as it completes.
 */
import { DbError, formatText, type SqlType, typeOid, type Value } from '@rustydb/common';
import { Database } from '@rustydb/engine';
import type { FieldDescription, QueryOutput } from '@rustydb/protocol';
import { type ErrorReport, formatErrorReport, formatStatementResult } from '../format-result.js';
import { alignmentForType, type TableColumn } from '../format-table.js';
import { existingDataDirectory } from './open-existing.js';

/** Options of `runEmbeddedQuery`. */
export interface EmbeddedQueryOptions {
  readonly dataDir: string;
  readonly sql: string;
  readonly bufferPoolPages: number;
}

/**
 * Opens the database, runs the SQL, closes the database. Async. Resolves true when the SQL ran,
 * false when it failed with a DbError (printed to `err`, like the server's ErrorResponse).
 * @throws CommandError if the directory is not a database or is in use.
 */
export async function runEmbeddedQuery(
  options: EmbeddedQueryOptions,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<boolean> {
  // Never beside a live server: two processes writing one WAL would corrupt it.
  const dir = existingDataDirectory(options.dataDir, false);
  const db = await Database.open(dir, { bufferPoolPages: options.bufferPoolPages });
  const session = db.connect();
  try {
    await session.session.simpleQuery(options.sql, new PrintingOutput(out, err));
    return true;
  } catch (e) {
    if (!(e instanceof DbError)) throw e;
    err.write(formatErrorReport(reportOf(e), options.sql));
    return false;
  } finally {
    await session.close();
    await db.close();
  }
}

/** The client's side of a simple query: prints each statement's result as it completes. */
class PrintingOutput implements QueryOutput {
  private types: SqlType[] = [];
  private columns: TableColumn[] | undefined;
  private rows: (string | null)[][] = [];

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly err: NodeJS.WritableStream,
  ) {}

  rowDescription(fields: readonly FieldDescription[]): void {
    this.types = fields.map((f) => f.type);
    this.columns = fields.map((f) => ({ name: f.name, align: alignmentForType(typeOid(f.type)) }));
    this.rows = [];
  }

  dataRow(values: readonly Value[]): void {
    this.rows.push(values.map((v, i) => (v === null ? null : formatText(v, this.types[i]!))));
  }

  commandComplete(tag: string): void {
    this.emit(tag);
  }

  emptyQuery(): void {
    this.emit('');
  }

  notice(notice: DbError): void {
    this.err.write(formatErrorReport(reportOf(notice)));
  }

  private emit(tag: string): void {
    const columns = this.columns;
    this.out.write(
      formatStatementResult(columns === undefined ? { tag, rows: [] } : { tag, columns, rows: this.rows }),
    );
    this.columns = undefined;
    this.rows = [];
  }
}

function reportOf(e: DbError): ErrorReport {
  const f = e.fields;
  return {
    severity: e.severity,
    message: e.message,
    detail: f.detail,
    hint: f.hint,
    position: f.position,
    context: f.where,
  };
}
