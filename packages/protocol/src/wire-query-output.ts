/**
 * WireQueryOutput: the QueryOutput a session writes results into, encoding each call as the
 * backend message it stands for. It remembers the column types of the last RowDescription so
 * DataRows can be formatted, and asks its transport to flush whenever a result has piled up
 * `FLUSH_THRESHOLD` bytes: big results stream instead of waiting for ReadyForQuery.
 */
import type { DbError, SqlType, Value } from '@rustydb/common';
import { FLUSH_THRESHOLD, type MessageWriter } from './message-writer.js';
import type { FieldDescription, QueryOutput } from './session.js';

/** What WireQueryOutput needs from its connection. */
export interface OutputTransport {
  /** True once the client is gone: output is dropped. */
  readonly closed: boolean;
  /** Sends what the writer holds. */
  flush(): void;
  /** See `QueryOutput.backpressure`. */
  backpressure(): Promise<void> | undefined;
}

/** Synchronous; one per connection, reused for every query. */
export class WireQueryOutput implements QueryOutput {
  private types: readonly SqlType[] = [];

  constructor(
    private readonly writer: MessageWriter,
    private readonly transport: OutputTransport,
  ) {}

  rowDescription(fields: readonly FieldDescription[]): void {
    this.types = fields.map((f) => f.type);
    if (this.transport.closed) return;
    this.writer.rowDescription(fields);
  }

  dataRow(values: readonly Value[]): void {
    if (this.transport.closed) return;
    this.writer.dataRow(values, this.types);
    if (this.writer.pendingBytes >= FLUSH_THRESHOLD) this.transport.flush();
  }

  commandComplete(tag: string): void {
    if (this.transport.closed) return;
    this.writer.commandComplete(tag);
  }

  emptyQuery(): void {
    if (this.transport.closed) return;
    this.writer.emptyQueryResponse();
  }

  notice(notice: DbError): void {
    if (this.transport.closed) return;
    this.writer.noticeResponse(notice);
  }

  backpressure(): Promise<void> | undefined {
    return this.transport.backpressure();
  }
}
