/**
 * WireQueryOutput: the QueryOutput a session writes results into, encoding each call as the
 * backend message it stands for. It remembers the column types and formats of the last
 * RowDescription so DataRows can be encoded, and asks its transport to flush whenever a result
 * has piled up `FLUSH_THRESHOLD` bytes: big results stream instead of waiting for ReadyForQuery.
 *
 * A connection has two: one for simple queries, which sends RowDescription, and one for Execute,
 * which does not (in the extended protocol only Describe sends it; `rowDescription` then only
 * sets the types and formats the DataRows use).
 */
import type { DateTimeStyle, DbError, SqlType, TimeZone, Value } from '@rustydb/common';
import { FLUSH_THRESHOLD, type MessageWriter } from './message-writer.js';
import type { CopyFormat, CopyInStream, FieldDescription, FormatCode, QueryOutput } from './session.js';

/** What WireQueryOutput needs from its connection. */
export interface OutputTransport {
  /** True once the client is gone: output is dropped. */
  readonly closed: boolean;
  /** Sends what the writer holds. */
  flush(): void;
  /** See `QueryOutput.backpressure`. */
  backpressure(): Promise<void> | undefined;
  /** Sends CopyInResponse and switches the connection to copy-in mode. See `QueryOutput.copyIn`. */
  startCopyIn(format: CopyFormat): CopyInStream;
}

/** Synchronous; one per connection and purpose, reused for every query. */
export class WireQueryOutput implements QueryOutput {
  /** The fields `types` and `formats` were derived from. */
  private fields: readonly FieldDescription[] | undefined;
  private types: readonly SqlType[] = [];
  /** undefined: every column is text (the common case, checked once per row). */
  private formats: readonly FormatCode[] | undefined;
  private timeZone: TimeZone | undefined;
  private extraFloatDigits = 1;
  private dateTimeStyle: DateTimeStyle | undefined;

  constructor(
    private readonly writer: MessageWriter,
    private readonly transport: OutputTransport,
    /** false for Execute's output: RowDescription only comes from Describe. */
    private readonly sendsRowDescription = true,
  ) {}

  rowDescription(
    fields: readonly FieldDescription[],
    timeZone?: TimeZone,
    extraFloatDigits = 1,
    dateTimeStyle?: DateTimeStyle,
  ): void {
    // A prepared statement's portals hand over the same (immutable) fields at every Execute:
    // derive the types and formats once.
    if (fields !== this.fields) {
      this.fields = fields;
      this.types = fields.map((f) => f.type);
      this.formats = fields.some((f) => f.format === 1) ? fields.map((f) => f.format ?? 0) : undefined;
    }
    this.timeZone = timeZone;
    this.extraFloatDigits = extraFloatDigits;
    this.dateTimeStyle = dateTimeStyle;
    if (this.transport.closed || !this.sendsRowDescription) return;
    this.writer.rowDescription(fields);
  }

  dataRow(values: readonly Value[]): void {
    if (this.transport.closed) return;
    this.writer.dataRow(
      values,
      this.types,
      this.formats,
      this.timeZone,
      this.extraFloatDigits,
      this.dateTimeStyle,
    );
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

  copyIn(format: CopyFormat): CopyInStream {
    return this.transport.startCopyIn(format);
  }

  copyOut(format: CopyFormat): void {
    if (this.transport.closed) return;
    this.writer.copyResponse('out', format);
  }

  copyData(data: string): void {
    if (this.transport.closed) return;
    this.writer.copyData(data);
    if (this.writer.pendingBytes >= FLUSH_THRESHOLD) this.transport.flush();
  }

  copyDone(): void {
    if (this.transport.closed) return;
    this.writer.copyDone();
  }
}
