/**
 * SpillFile: one temporary file of rows, written once through a buffer, then read back
 * sequentially (as many times as needed). Sorts write their runs to them, hash aggregation and
 * hash joins their partitions. Created by a TempFileSet, which removes it on close.
 *
 * On-disk format: a plain sequence of records, no file header (a temporary file never outlives
 * the process that wrote it; TempFileSet.cleanupStale removes the leftovers of a crash):
 *
 * | OFFSET | SIZE | DESCRIPTION                                                        |
 * |--------|------|--------------------------------------------------------------------|
 * | 0      | 4    | n: length of the encoded row (uint32, little-endian)               |
 * | 4      | n    | the row, row-codec format 1 (@rustydb/common row-codec.ts), encoded |
 * |        |      | with the file's column types                                       |
 * | 4 + n  | …    | the next record                                                    |
 *
 * I/O is synchronous (operators are synchronous iterators) and buffered: rows are copied into
 * a write buffer flushed with one `writeSync` when full, and read back by filling a read buffer
 * with `readSync`; a row larger than the buffer is written directly, and the read buffer grows
 * to hold it. No syscall per row.
 */
import { closeSync, ftruncateSync, readSync, unlinkSync, writeSync } from 'node:fs';
import {
  assert,
  DbError,
  decodeRow,
  isRegType,
  type RowEncoder,
  type SqlType,
  type Value,
} from '@rustydb/common';

/** Default size of a file's write and read buffers. */
export const SPILL_BUFFER_SIZE = 256 * 1024;

const HEADER = 4;

/**
 * Types the row codec cannot store (their values have no storage format), besides the OID alias
 * types (REG_TYPES). Rows with a column of one of these never spill: operators keep them in
 * memory past their budget.
 */
const UNSTORABLE = new Set(['_regtype', 'timetz', 'record', 'void', 'any', 'anyarray', 'anyelement']);

/** Whether rows of `types` can be written to a SpillFile. Synchronous. */
export function isSpillable(types: readonly SqlType[]): boolean {
  for (const t of types) {
    if (UNSTORABLE.has(t.name) || isRegType(t.name)) return false;
    // An enum is stored as its label's OID, which needs the enum (the bare pseudo-type has none).
    if ((t.name === 'anyenum' || t.name === '_anyenum') && t.enum === undefined) return false;
  }
  return true;
}

/**
 * A file-access failure as PostgreSQL reports it: 53100 when the disk is full, else 58030,
 * with the operation and the path in the message.
 */
export function tempFileError(what: string, path: string, err: unknown): DbError {
  const code = (err as NodeJS.ErrnoException).code;
  const reason = code === 'ENOSPC' ? 'No space left on device' : String((err as Error).message ?? err);
  return new DbError(code === 'ENOSPC' ? '53100' : '58030', `could not ${what} file "${path}": ${reason}`);
}

export class SpillFile {
  private buf: Uint8Array | undefined;
  /** Writing: bytes buffered. Reading: end of the valid bytes in `buf`. */
  private bufEnd = 0;
  /** Reading: offset in `buf` of the next record. */
  private bufPos = 0;
  /** Reading: file offset where the next refill reads. */
  private readPos = 0;
  private reading = false;
  private closed = false;
  private size = 0;
  private count = 0;
  private readonly header = new Uint8Array(HEADER);

  /** Use TempFileSet.create. The file descriptor is owned (and closed) by this object. */
  constructor(
    readonly path: string,
    private fd: number,
    readonly types: readonly SqlType[],
    private readonly encoder: RowEncoder,
    private readonly bufferSize: number,
    private readonly onClose: (file: SpillFile) => void,
  ) {}

  /** Bytes written to the file so far (records and their length prefixes). */
  get bytesWritten(): number {
    return this.size + (this.reading ? 0 : this.bufEnd);
  }

  /** Rows written so far. */
  get rowCount(): number {
    return this.count;
  }

  /**
   * Appends `row` (one value per column type, NULLs allowed); the row is only read. Synchronous.
   * Throws 0A000 for a value without a storage format, 53100/58030 on I/O failure.
   */
  write(row: readonly Value[]): void {
    assert(!this.reading && !this.closed, 'SpillFile.write after rewind or close');
    const bytes = this.encoder.encodeView(row, this.types);
    const n = bytes.length;
    if (this.buf === undefined) this.buf = new Uint8Array(this.bufferSize);
    let buf = this.buf;
    if (this.bufEnd + HEADER + n > buf.length) {
      this.flush();
      if (HEADER + n > buf.length) {
        // Larger than the whole buffer: straight to the file, after its length.
        writeLength(this.header, 0, n);
        this.writeAt(this.header, HEADER);
        this.writeAt(bytes, n);
        this.count++;
        return;
      }
      buf = this.buf;
    }
    writeLength(buf, this.bufEnd, n);
    buf.set(bytes, this.bufEnd + HEADER);
    this.bufEnd += HEADER + n;
    this.count++;
  }

  /**
   * Ends writing (flushing the buffer) and starts reading from the first row; may be called
   * again to read the rows once more. `bufferSize` sets the read buffer (merges of many runs use
   * smaller ones). Synchronous; throws 58030 on I/O failure.
   */
  rewind(bufferSize = this.bufferSize): void {
    assert(!this.closed, 'SpillFile.rewind after close');
    if (!this.reading) {
      this.flush();
      this.reading = true;
      this.buf = undefined;
    }
    if (this.buf === undefined || this.buf.length !== bufferSize) this.buf = new Uint8Array(bufferSize);
    this.bufEnd = 0;
    this.bufPos = 0;
    this.readPos = 0;
  }

  /**
   * Decodes the next row into `out` (out[i] for each column) and returns true, or returns false
   * at the end. Values are fresh (nothing references the file's buffers). Synchronous; throws
   * XX001 on a truncated or corrupt file, 58030 on I/O failure.
   */
  read(out: Value[]): boolean {
    assert(this.reading && !this.closed, 'SpillFile.read before rewind or after close');
    if (this.bufEnd - this.bufPos < HEADER && !this.fill(HEADER)) return false;
    const buf = this.buf!;
    const p = this.bufPos;
    const n = (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)) >>> 0;
    if (this.bufEnd - p < HEADER + n && !this.fill(HEADER + n)) {
      throw new DbError('XX001', `unexpected end of temporary file "${this.path}"`);
    }
    const start = this.bufPos + HEADER;
    decodeRow(this.buf!.subarray(start, start + n), this.types, out);
    this.bufPos = start + n;
    return true;
  }

  /**
   * Closes and deletes the file; idempotent. Synchronous. Throws 58030 if the file cannot be
   * closed or removed (the object is closed either way).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buf = undefined;
    this.onClose(this);
    let failure: DbError | undefined;
    try {
      closeSync(this.fd);
    } catch (err) {
      failure = tempFileError('close', this.path, err);
    }
    try {
      unlinkSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        failure ??= tempFileError('remove', this.path, err);
    }
    if (failure) throw failure;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private flush(): void {
    if (this.bufEnd === 0) return;
    this.writeAt(this.buf!, this.bufEnd);
    this.bufEnd = 0;
  }

  private writeAt(bytes: Uint8Array, length: number): void {
    let done = 0;
    try {
      while (done < length) done += writeSync(this.fd, bytes, done, length - done, this.size + done);
    } catch (err) {
      // Leave no partial record behind: a later read must not see half a row.
      ftruncateSync(this.fd, this.size);
      throw tempFileError('write to', this.path, err);
    }
    this.size += length;
  }

  /**
   * Makes at least `need` bytes available from `bufPos` (moving the unread tail to the front,
   * growing the buffer for a large row). Returns false when the file ends first.
   */
  private fill(need: number): boolean {
    let buf = this.buf!;
    const rest = this.bufEnd - this.bufPos;
    if (rest === 0 && this.readPos >= this.size) return false;
    if (need > buf.length) {
      const bigger = new Uint8Array(need);
      bigger.set(buf.subarray(this.bufPos, this.bufEnd));
      this.buf = buf = bigger;
    } else {
      buf.copyWithin(0, this.bufPos, this.bufEnd);
    }
    this.bufPos = 0;
    this.bufEnd = rest;
    while (this.bufEnd < need && this.readPos < this.size) {
      const want = Math.min(buf.length - this.bufEnd, this.size - this.readPos);
      let got: number;
      try {
        got = readSync(this.fd, buf, this.bufEnd, want, this.readPos);
      } catch (err) {
        throw tempFileError('read from', this.path, err);
      }
      if (got === 0) break;
      this.bufEnd += got;
      this.readPos += got;
    }
    if (this.bufEnd >= need) return true;
    if (this.bufEnd === 0) return false;
    throw new DbError('XX001', `unexpected end of temporary file "${this.path}"`);
  }
}

function writeLength(buf: Uint8Array, at: number, n: number): void {
  buf[at] = n & 0xff;
  buf[at + 1] = (n >>> 8) & 0xff;
  buf[at + 2] = (n >>> 16) & 0xff;
  buf[at + 3] = n >>> 24;
}
