/**
 * MessageWriter: backend messages encoded into ONE reused, growable buffer.
 *
 * Every message is written in place: the type byte, a length placeholder, the fields, then the
 * length is patched. Strings are encoded straight into the buffer (no intermediate Buffer), so
 * the DataRow path allocates nothing but the strings `formatText` returns. `flush()` hands the
 * bytes to the sink as one copy (the socket keeps a reference to what it is given), or, to a sink
 * that can say what it still holds (a plain TCP socket), as a view of the buffer itself: the
 * buffer is kept for the next messages only if the socket wrote the view to the kernel at once,
 * and is replaced when the socket kept it queued. The connection flushes when a result passes
 * `FLUSH_THRESHOLD` and at every ReadyForQuery, so a client sees a result no later than the
 * ReadyForQuery that ends it, and a big result streams in ~64 KiB writes.
 *
 * Every backend message (all integers big-endian):
 * | OFFSET | SIZE  | DESCRIPTION                                                  |
 * |--------|-------|--------------------------------------------------------------|
 * | 0      | 1     | type byte                                                    |
 * | 1      | 4     | length N of what follows, including these 4 bytes            |
 * | 5      | N - 4 | fields as documented on each method                         |
 * The exceptions are the single unframed bytes answering an SSLRequest or GSSENCRequest: 'N'
 * (refused) and 'S' (accepted: the TLS handshake follows).
 *
 * The authentication requests are all type 'R'; after the length comes an Int32 code:
 * | CODE | MESSAGE                            | AFTER THE CODE                                    |
 * |------|------------------------------------|---------------------------------------------------|
 * | 0    | AuthenticationOk                   | nothing                                           |
 * | 3    | AuthenticationCleartextPassword    | nothing                                           |
 * | 5    | AuthenticationMD5Password          | Byte4 salt                                        |
 * | 10   | AuthenticationSASL                 | (String mechanism)*, then one NUL ending the list |
 * | 11   | AuthenticationSASLContinue         | Byte n: the mechanism's challenge                 |
 * | 12   | AuthenticationSASLFinal            | Byte n: the mechanism's outcome data              |
 *
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
import {
  type DateTimeStyle,
  type DbError,
  domainBaseType,
  formatText,
  InternalError,
  type SqlType,
  type TimeZone,
  typeLength,
  typeOid,
  type Value,
} from '@rustydb/common';
import { binarySizeBound, writeBinary } from './binary-format.js';
import type { CopyFormat, FieldDescription, FormatCode, TransactionStatus } from './session.js';

/** Where flushed bytes go: a socket, or a test double. `write` returns false under backpressure. */
export interface MessageSink {
  write(chunk: Buffer): boolean;
  /**
   * Optional: the bytes the sink still holds from its writes (a net.Socket's `writableLength`:
   * 0 once the kernel took them), or undefined when it cannot say (TLS). With it, `flush()`
   * writes a view of the reused buffer instead of a copy.
   */
  heldBytes?(): number | undefined;
}

/** Flush once this many bytes are pending. */
export const FLUSH_THRESHOLD = 64 * 1024;
const INITIAL_CAPACITY = 16 * 1024;
/** Longest string `cstring` and `lengthPrefixedText` copy in JS before asking Buffer.write. */
const SHORT_CSTRING = 64;
/** After flushing, a buffer grown past this (a huge row) is dropped so its memory is freed. */
const RETAINED_CAPACITY = 1024 * 1024;

/**
 * Encodes backend messages. Synchronous; every method appends one message. Policy-free: the
 * connection decides when to `flush()`. `dataRow` throws InternalError on misuse (a width that
 * does not match the RowDescription) and passes on what `formatText` throws; either way nothing
 * of that row is left in the buffer.
 */
export class MessageWriter {
  private buf = Buffer.allocUnsafe(INITIAL_CAPACITY);
  private pos = 0;
  /** Where the current message's length word is. */
  private lengthAt = 0;
  /** Where the message begun and not yet ended starts; -1 when none is (`discardUnfinished`). */
  private openAt = -1;
  /** The fields of the last RowDescription and its encoded message (see `rowDescription`). */
  private describedFields: readonly FieldDescription[] | undefined;
  private describedBytes: Buffer = Buffer.alloc(0);
  /** `view()`'s last view of `buf`. */
  private lastView: Buffer | undefined;

  constructor(private readonly sink: MessageSink) {}

  /** Bytes waiting for `flush()`. */
  get pendingBytes(): number {
    return this.pos;
  }

  /**
   * Hands the pending bytes to the sink as one fresh Buffer. Returns the sink's answer: false
   * means the sink is congested and the caller should wait for it to drain.
   */
  flush(): boolean {
    if (this.pos === 0) return true;
    const sink = this.sink;
    if (sink.heldBytes?.() === undefined) return sink.write(this.takeCopy());
    const out = this.view(this.pos);
    this.pos = 0;
    const accepted = sink.write(out);
    // Still held (queued behind a slow client, or partly written): the socket owns this buffer
    // now, so later messages go to a new one.
    if (sink.heldBytes() !== 0) this.replaceBuffer(Math.min(this.buf.length, RETAINED_CAPACITY));
    else if (this.buf.length > RETAINED_CAPACITY) this.replaceBuffer(INITIAL_CAPACITY);
    return accepted;
  }

  /** The pending bytes as a fresh Buffer (the sink may keep it). */
  private takeCopy(): Buffer {
    const out = Buffer.allocUnsafe(this.pos);
    this.buf.copy(out, 0, 0, this.pos);
    this.pos = 0;
    if (this.buf.length > RETAINED_CAPACITY) this.replaceBuffer(INITIAL_CAPACITY);
    return out;
  }

  /**
   * The first `n` bytes of the buffer as a view, the last one reused when `n` repeats: a client
   * that runs one statement over and over gets answers of one size.
   */
  private view(n: number): Buffer {
    let v = this.lastView;
    if (v === undefined || v.length !== n) {
      v = this.buf.subarray(0, n);
      this.lastView = v;
    }
    return v;
  }

  private replaceBuffer(capacity: number): void {
    this.buf = Buffer.allocUnsafe(capacity);
    this.lastView = undefined;
  }

  /** Drops pending bytes (the connection is gone). */
  discard(): void {
    this.pos = 0;
  }

  /** The single byte 'N' that refuses an SSLRequest or GSSENCRequest (no framing). */
  encryptionRefused(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0x4e;
  }

  /** The single byte 'S' that accepts an SSLRequest: the client starts the TLS handshake next. */
  sslAccepted(): void {
    this.ensure(1);
    this.buf[this.pos++] = 0x53;
  }

  /** AuthenticationOk 'R': Int32 0. */
  authenticationOk(): void {
    this.begin(0x52);
    this.int32(0);
    this.end();
  }

  /** AuthenticationCleartextPassword 'R': Int32 3. The client answers with a PasswordMessage. */
  authenticationCleartextPassword(): void {
    this.begin(0x52);
    this.int32(3);
    this.end();
  }

  /** AuthenticationMD5Password 'R': Int32 5, Byte4 salt (`salt` must be 4 bytes; it is copied). */
  authenticationMd5Password(salt: Uint8Array): void {
    if (salt.length !== 4) throw new InternalError(`md5 salt of ${salt.length} bytes`);
    this.begin(0x52);
    this.int32(5);
    this.bytes(salt);
    this.end();
  }

  /** AuthenticationSASL 'R': Int32 10, String per mechanism, then a NUL ending the list. */
  authenticationSasl(mechanisms: readonly string[]): void {
    this.begin(0x52);
    this.int32(10);
    for (const m of mechanisms) this.cstring(m);
    this.ensure(1);
    this.buf[this.pos++] = 0;
    this.end();
  }

  /** AuthenticationSASLContinue 'R': Int32 11, then `data` (copied) to the end of the message. */
  authenticationSaslContinue(data: Uint8Array): void {
    this.begin(0x52);
    this.int32(11);
    this.bytes(data);
    this.end();
  }

  /** AuthenticationSASLFinal 'R': Int32 12, then `data` (copied) to the end of the message. */
  authenticationSaslFinal(data: Uint8Array): void {
    this.begin(0x52);
    this.int32(12);
    this.bytes(data);
    this.end();
  }

  /** NegotiateProtocolVersion 'v': Int32 newest minor (0), Int32 count, String option names. */
  negotiateProtocolVersion(newestMinor: number, unsupportedOptions: readonly string[]): void {
    this.begin(0x76);
    this.int32(newestMinor);
    this.int32(unsupportedOptions.length);
    for (const name of unsupportedOptions) this.cstring(name);
    this.end();
  }

  /** ParameterStatus 'S': String name, String value. */
  parameterStatus(name: string, value: string): void {
    this.begin(0x53);
    this.cstring(name);
    this.cstring(value);
    this.end();
  }

  /** NotificationResponse 'A': Int32 process id of the notifying session, String channel, String payload. */
  notificationResponse(processId: number, channel: string, payload: string): void {
    this.begin(0x41);
    this.int32(processId);
    this.cstring(channel);
    this.cstring(payload);
    this.end();
  }

  /** BackendKeyData 'K': Int32 process id, Int32 secret key. */
  backendKeyData(processId: number, secretKey: number): void {
    this.begin(0x4b);
    this.int32(processId);
    this.int32(secretKey);
    this.end();
  }

  /** ReadyForQuery 'Z': Byte1 status ('I', 'T' or 'E'). */
  readyForQuery(status: TransactionStatus): void {
    this.begin(0x5a);
    this.ensure(1);
    this.buf[this.pos++] = status.charCodeAt(0);
    this.end();
  }

  /**
   * RowDescription 'T': Int16 count, then per field: String name, Int32 table OID, Int16
   * attribute number, Int32 type OID, Int16 typlen, Int32 typmod, Int16 format (0 text, 1 binary).
   * A prepared statement describes the same (immutable) fields array at every Describe, so the
   * bytes of the last one are kept and copied when the same array comes again.
   */
  rowDescription(fields: readonly FieldDescription[]): void {
    if (fields === this.describedFields) {
      this.bytes(this.describedBytes);
      return;
    }
    const start = this.pos;
    this.begin(0x54);
    this.int16(fields.length);
    for (const f of fields) {
      this.cstring(f.name);
      this.int32(f.tableOid);
      this.int16(f.columnAttnum);
      // A domain's column is described as its base type, as PostgreSQL's printtup.c does.
      this.int32(typeOid(f.type.domain === undefined ? f.type : domainBaseType(f.type)));
      this.int16(typeLength(f.type));
      this.int32(f.type.typmod);
      this.int16(f.format ?? 0);
    }
    this.end();
    this.describedFields = fields;
    this.describedBytes = Buffer.from(this.buf.subarray(start, this.pos));
  }

  /** ParameterDescription 't': Int16 count, then Int32 type OID per parameter. */
  parameterDescription(types: readonly SqlType[]): void {
    this.begin(0x74);
    this.int16(types.length);
    for (const t of types) this.int32(typeOid(t));
    this.end();
  }

  /** NoData 'n': the statement or portal returns no rows. */
  noData(): void {
    this.empty(0x6e);
  }

  /** ParseComplete '1'. */
  parseComplete(): void {
    this.empty(0x31);
  }

  /** BindComplete '2'. */
  bindComplete(): void {
    this.empty(0x32);
  }

  /** CloseComplete '3'. */
  closeComplete(): void {
    this.empty(0x33);
  }

  /** PortalSuspended 's': Execute stopped at its row limit. */
  portalSuspended(): void {
    this.empty(0x73);
  }

  /**
   * CopyInResponse 'G' / CopyOutResponse 'H': Int8 overall format (0 textual, 1 binary), Int16
   * column count, Int16 format per column.
   */
  copyResponse(direction: 'in' | 'out', format: CopyFormat): void {
    this.begin(direction === 'in' ? 0x47 : 0x48);
    this.ensure(1);
    this.buf[this.pos++] = format.format;
    this.int16(format.columnFormats.length);
    for (const f of format.columnFormats) this.int16(f);
    this.end();
  }

  /** CopyData 'd': the bytes of `data` (UTF-8), written straight into the buffer. */
  copyData(data: string): void {
    this.begin(0x64);
    this.ensure(data.length * 3);
    this.pos += this.buf.write(data, this.pos, 'utf8');
    this.end();
  }

  /** CopyDone 'c'. */
  copyDone(): void {
    this.empty(0x63);
  }

  /**
   * DataRow 'D': Int16 count, then per column Int32 length (-1 for NULL) and the value's text
   * form (`formatText`, with the session's TimeZone, extra_float_digits, DateStyle and
   * IntervalStyle) or, where
   * `formats[i]` is 1, its binary form (binary-format.ts). `types` and `formats` are the
   * RowDescription's, in order; no `formats` means all text.
   */
  dataRow(
    values: readonly Value[],
    types: readonly SqlType[],
    formats?: readonly FormatCode[],
    timeZone?: TimeZone,
    extraFloatDigits = 1,
    dateTimeStyle?: DateTimeStyle,
  ): void {
    if (values.length !== types.length) {
      throw new InternalError(`DataRow has ${values.length} columns, RowDescription ${types.length}`);
    }
    this.begin(0x44);
    this.int16(values.length);
    try {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v === null) this.int32(-1);
        else if (formats !== undefined && formats[i] === 1) this.lengthPrefixedBinary(v, types[i]);
        else this.lengthPrefixedText(formatText(v, types[i], timeZone, extraFloatDigits, dateTimeStyle));
      }
    } catch (err) {
      // A value formatText rejects must not leave half a message in the stream.
      this.discardUnfinished();
      throw err;
    }
    this.end();
  }

  /** CommandComplete 'C': String tag. */
  commandComplete(tag: string): void {
    this.begin(0x43);
    this.cstring(tag);
    this.end();
  }

  /** EmptyQueryResponse 'I': no fields. */
  emptyQueryResponse(): void {
    this.empty(0x49);
  }

  /**
   * ErrorResponse 'E': (Byte1 field code, String value)* then a NUL. The severity is the
   * error's own (ERROR unless it says FATAL or PANIC).
   * @see https://www.postgresql.org/docs/15/protocol-error-fields.html
   */
  errorResponse(err: DbError): void {
    this.begin(0x45);
    this.errorFields(err, err.severity);
    this.end();
  }

  /** NoticeResponse 'N': the same fields as ErrorResponse; severity NOTICE unless set. */
  noticeResponse(notice: DbError): void {
    this.begin(0x4e);
    this.errorFields(notice, notice.fields.severity ?? 'NOTICE');
    this.end();
  }

  private errorFields(err: DbError, severity: string): void {
    const f = err.fields;
    // Field order as PostgreSQL's send_message_to_frontend writes them.
    this.field(0x53, severity); // S: localized severity
    this.field(0x56, severity); // V: severity, never localized
    this.field(0x43, err.code); // C: SQLSTATE
    this.field(0x4d, err.message); // M: message
    this.field(0x44, f.detail); // D
    this.field(0x48, f.hint); // H
    this.field(0x50, f.position === undefined ? undefined : String(f.position)); // P
    this.field(0x70, f.internalPosition === undefined ? undefined : String(f.internalPosition)); // p
    this.field(0x71, f.internalQuery); // q
    this.field(0x57, f.where); // W
    this.field(0x73, f.schema); // s
    this.field(0x74, f.table); // t
    this.field(0x63, f.column); // c
    this.field(0x64, f.dataType); // d
    this.field(0x6e, f.constraint); // n
    this.ensure(1);
    this.buf[this.pos++] = 0;
  }

  private field(code: number, value: string | undefined): void {
    if (value === undefined) return;
    this.ensure(1);
    this.buf[this.pos++] = code;
    this.cstring(value);
  }

  /** A message without fields. */
  private empty(type: number): void {
    this.begin(type);
    this.end();
  }

  private begin(type: number): void {
    this.ensure(5);
    this.openAt = this.pos;
    this.buf[this.pos] = type;
    this.lengthAt = this.pos + 1;
    this.pos += 5;
  }

  private end(): void {
    this.buf.writeInt32BE(this.pos - this.lengthAt, this.lengthAt);
    this.openAt = -1;
  }

  /**
   * Drops the bytes of a message that was begun and not ended (a writer method threw half-way,
   * say on a value it cannot encode), so that what follows, an ErrorResponse, starts on a message
   * boundary instead of inside a corrupt message the client would wait on forever. Sync.
   */
  discardUnfinished(): void {
    if (this.openAt < 0) return;
    this.pos = this.openAt;
    this.openAt = -1;
  }

  private int32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }

  private int16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }

  private bytes(data: Uint8Array): void {
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  /** A String field. NB: C strings end at a NUL, so text after an embedded NUL is dropped. */
  private cstring(s: string): void {
    // A short ASCII string (a command tag, a column name) is copied here: Buffer's write is a
    // call into C++ that costs more than the loop. Anything else takes the general path.
    const n = s.length;
    if (n <= SHORT_CSTRING) {
      this.ensure(n + 1);
      const buf = this.buf;
      const pos = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c === 0 || c >= 0x80) break;
        buf[pos + i] = c;
      }
      if (i === n) {
        buf[pos + n] = 0;
        this.pos = pos + n + 1;
        return;
      }
    }
    const nul = s.indexOf('\0');
    if (nul >= 0) s = s.slice(0, nul);
    this.ensure(s.length * 3 + 1);
    this.pos += this.buf.write(s, this.pos, 'utf8');
    this.buf[this.pos++] = 0;
  }

  private lengthPrefixedBinary(v: Value, type: SqlType): void {
    this.ensure(4 + binarySizeBound(v, type));
    const n = writeBinary(v, type, this.buf, this.pos + 4);
    this.buf.writeInt32BE(n, this.pos);
    this.pos += 4 + n;
  }

  private lengthPrefixedText(s: string): void {
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes (a surrogate pair: 4 for 2 units).
    this.ensure(4 + s.length * 3);
    const len = s.length;
    if (len <= SHORT_CSTRING) {
      // A short ASCII value (a number, a name) copied in a loop: Buffer.write is a call into C++.
      const buf = this.buf;
      const at = this.pos + 4;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === len) {
        buf.writeInt32BE(len, this.pos);
        this.pos = at + len;
        return;
      }
    }
    const n = this.buf.write(s, this.pos + 4, 'utf8');
    this.buf.writeInt32BE(n, this.pos);
    this.pos += 4 + n;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.pos + n) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
    this.lastView = undefined;
  }
}
