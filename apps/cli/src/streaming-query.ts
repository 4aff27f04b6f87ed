/**
 * StreamingQuery: one simple-protocol Query message through node-postgres, reporting each
 * statement's result as soon as its CommandComplete arrives.
 *
 * Why not `client.query(text)`: for a multi-statement message it returns results only when all
 * succeeded (an error discards the results before it, which psql prints), and it keeps only the
 * first word of a command tag (`CREATE`, not `CREATE TABLE`). node-postgres routes the backend's
 * messages to the active query's `handle*` methods, so this subclass takes them over for the
 * result messages and leaves error and ReadyForQuery handling (the 'error'/'end' events) to
 * pg.Query.
 *
 * Values are requested in text format (the simple protocol always sends text) and passed through
 * a type parser that returns the raw string, so every value prints as the server formatted it.
 */
import pg from 'pg';
import type { StatementResult } from './format-result.js';
import { alignmentForType, type TableColumn } from './format-table.js';

/** The RowDescription and DataRow shapes node-postgres hands to a query. */
interface RowDescriptionMessage {
  readonly fields: readonly { readonly name: string; readonly dataTypeID: number }[];
}
interface DataRowMessage {
  readonly fields: readonly (string | null)[];
}

/** Every type parses to its text form: what the server sent is what we print. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

export class StreamingQuery extends pg.Query {
  // NB: private (#) fields only: pg.Query's own properties (`rows`, `text`, `types`, …) steer it,
  // and a `rows` field of ours would switch it to the extended protocol with a row limit.
  #columns: TableColumn[] | undefined;
  #rows: (string | null)[][] = [];
  readonly #onResult: (result: StatementResult) => void;

  /** `onResult` is called once per statement, in order; synchronously from the socket reader. */
  constructor(text: string, onResult: (result: StatementResult) => void) {
    super({ text, types: RAW_TEXT });
    this.#onResult = onResult;
  }

  handleRowDescription(msg: RowDescriptionMessage): void {
    this.#columns = msg.fields.map((f) => ({ name: f.name, align: alignmentForType(f.dataTypeID) }));
    this.#rows = [];
  }

  handleDataRow(msg: DataRowMessage): void {
    const parse = RAW_TEXT.getTypeParser();
    this.#rows.push(msg.fields.map((v) => (v === null ? null : parse(v))));
  }

  handleCommandComplete(msg: { readonly text: string }): void {
    this.emitResult(msg.text);
  }

  handleEmptyQuery(): void {
    this.emitResult('');
  }

  private emitResult(tag: string): void {
    const result: StatementResult =
      this.#columns === undefined ? { tag, rows: [] } : { tag, columns: this.#columns, rows: this.#rows };
    this.#columns = undefined;
    this.#rows = [];
    this.#onResult(result);
  }
}

/**
 * Sends `text` as one Query message and resolves once the server is ready again. Results reach
 * `onResult` statement by statement. Async. @throws the server's error (a pg DatabaseError) or
 * a connection error; results of statements before the failing one have been reported.
 */
export function runSimpleQuery(
  client: pg.Client,
  text: string,
  onResult: (result: StatementResult) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const query = new StreamingQuery(text, onResult);
    query.on('end', () => resolve());
    query.on('error', reject);
    client.query(query);
  });
}
