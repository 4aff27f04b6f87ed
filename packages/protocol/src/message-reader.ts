/**
 * MessageReader: incremental framing of the frontend byte stream.
 *
 * Socket chunks arrive at arbitrary boundaries: one chunk may hold many messages or a sliver of
 * one. The reader queues chunks and cuts frames out of them without concatenating: a frame that
 * sits inside one chunk is returned as a view (no copy, the common case); a frame that spans
 * chunks is copied once into a buffer of exactly its size, allocated only after its length has
 * been checked.
 *
 * Frames (all integers big-endian):
 *
 * Startup phase (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest):
 * | OFFSET | SIZE    | DESCRIPTION                                            |
 * |--------|---------|--------------------------------------------------------|
 * | 0      | 4       | length N, including itself; 8 <= N <= 10,000           |
 * | 4      | N - 4   | body: protocol version or request code, then payload   |
 *
 * Every later message:
 * | OFFSET | SIZE    | DESCRIPTION                                            |
 * |--------|---------|--------------------------------------------------------|
 * | 0      | 1       | type byte ('Q', 'P', 'X', …)                           |
 * | 1      | 4       | length N, including itself but not the type byte       |
 * | 5      | N - 4   | body                                                   |
 *
 * Limits follow PostgreSQL's SocketBackend: the type byte is checked before anything else is
 * read; messages that are always short (Sync, Flush, Terminate, Describe, Execute, Close) may
 * be at most 10,000 bytes; the others at most `maxMessageSize`. Violations lose the framing,
 * so they are FATAL 08P01 and the connection must close; after a throw the reader is unusable.
 *
 * @see https://www.postgresql.org/docs/15/protocol-overview.html#PROTOCOL-MESSAGE-CONCEPTS
 */
import { DbError } from '@rustydb/common';
import { FrontendMessage } from './frontend-message.js';

/** PostgreSQL's MAX_STARTUP_PACKET_LENGTH. */
export const MAX_STARTUP_PACKET_LENGTH = 10_000;
/** PostgreSQL's PQ_SMALL_MESSAGE_LIMIT, for message types that never carry much. */
const SMALL_MESSAGE_LIMIT = 10_000;
/** PostgreSQL's PG_MAX_AUTH_TOKEN_LENGTH: the largest PasswordMessage / SASL response. */
const AUTH_MESSAGE_LIMIT = 65_535;
/** Default for `maxMessageSize`: 64 MiB (PostgreSQL allows 1 GiB; we are more careful). */
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

/**
 * The frontend message types valid after startup, and their size class: `small` messages never
 * carry much, `auth` ones ('p': PasswordMessage, SASLInitialResponse, SASLResponse) are bounded
 * as PostgreSQL bounds them. Which types a phase accepts is the connection's business ('p' only
 * while authenticating).
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
/** A frontend message type's length class: the limit its length word is checked against. */
const UNKNOWN = 0;
const SMALL = 1;
const LARGE = 2;
const AUTH = 3;

/**
 * The length class of each frontend message type, indexed by the type byte (UNKNOWN: not a
 * frontend message). A byte table, not a Map: every message is checked, twice.
 */
const FRONTEND_TYPES = new Uint8Array(256);
for (const [t, size] of [
  ['Q', LARGE], // Query
  ['P', LARGE], // Parse
  ['B', LARGE], // Bind
  ['F', LARGE], // FunctionCall
  ['d', LARGE], // CopyData
  ['c', LARGE], // CopyDone
  ['f', LARGE], // CopyFail
  ['D', SMALL], // Describe
  ['E', SMALL], // Execute
  ['C', SMALL], // Close
  ['H', SMALL], // Flush
  ['S', SMALL], // Sync
  ['X', SMALL], // Terminate
  ['p', AUTH], // PasswordMessage, SASLInitialResponse, SASLResponse
] as const) {
  FRONTEND_TYPES[t.charCodeAt(0)] = size;
}

export interface MessageReaderOptions {
  /** Largest regular message accepted, in bytes including the length word. Default 64 MiB. */
  readonly maxMessageSize?: number;
}

const EMPTY = Buffer.alloc(0);

const fatal = (message: string): DbError => new DbError('08P01', message, { severity: 'FATAL' });

/**
 * Cuts frontend messages out of socket chunks. Synchronous. Starts in the startup phase (frames
 * without a type byte); the connection switches `startupPhase` off once the StartupMessage is
 * accepted. Owns the chunks pushed to it (the caller must not modify them afterwards).
 */
export class MessageReader {
  /** True while frames have no type byte (before and during startup negotiation). */
  startupPhase = true;
  private readonly maxMessageSize: number;
  private readonly message = new FrontendMessage();
  /**
   * Chunks not yet fully consumed: `queue[head, tail)`, `queue[head]` read from `offset`. NB: the
   * array is reused (never emptied or replaced): nearly every read empties the queue.
   */
  private readonly queue: Buffer[] = [];
  private head = 0;
  private tail = 0;
  private offset = 0;
  private buffered = 0;
  /** A header split across chunks, gathered here. */
  private readonly header = Buffer.alloc(5);
  private headerFilled = 0;
  /** A body split across chunks: its type, its buffer, how much is filled. */
  private partialType = 0;
  private partial: Buffer | null = null;
  private partialFilled = 0;
  /** The chunk pushed with `pushBorrowed`, until `returnBorrowed`. */
  private borrowed: Buffer | undefined;

  constructor(options: MessageReaderOptions = {}) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Queues a chunk from the socket. Frames are taken out by `next()`. */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.queue[this.tail++] = chunk;
    this.buffered += chunk.length;
  }

  /**
   * Queues a chunk the caller will overwrite (a socket's reused read buffer): messages cut from
   * it are marked not `owned`, and `returnBorrowed()` must be called before the caller reuses
   * it. Meanwhile nothing else may be pushed.
   */
  pushBorrowed(chunk: Buffer): void {
    this.push(chunk);
    if (chunk.length > 0) this.borrowed = chunk;
  }

  /**
   * Gives the borrowed chunk back: its unread bytes (a partial frame, or messages left queued
   * while an async step runs) are copied into a chunk the reader owns. Sync; allocates only when
   * bytes are left, which is rare at a client that waits for each reply.
   */
  returnBorrowed(): void {
    const chunk = this.borrowed;
    if (chunk === undefined) return;
    this.borrowed = undefined;
    // The borrowed chunk was the last one pushed: it is the queue's last entry, if still queued.
    const last = this.tail - 1;
    if (last < this.head || this.queue[last] !== chunk) return;
    const start = last === this.head ? this.offset : 0;
    if (start >= chunk.length) return;
    this.queue[last] = Buffer.from(chunk.subarray(start));
    if (last === this.head) this.offset = 0;
  }

  /** Bytes received but not yet returned as part of a message (for flow control). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * The next complete message, or undefined when more bytes are needed. The returned object is
   * reused: it is valid until the next `next()`/`push()`. Throws FATAL 08P01 DbErrors (`invalid
   * frontend message type N`, `invalid message length`, `invalid length of startup packet`).
   */
  next(): FrontendMessage | undefined {
    if (this.partial !== null) return this.fillPartial();
    const headerSize = this.startupPhase ? 4 : 5;
    const chunk = this.current();
    if (chunk === undefined) return undefined;
    if (!this.startupPhase && this.headerFilled === 0) checkType(chunk[this.offset]);
    let hdr: Buffer;
    let at: number;
    if (this.headerFilled === 0 && chunk.length - this.offset >= headerSize) {
      hdr = chunk;
      at = this.offset;
      this.consume(headerSize);
    } else {
      if (!this.gatherHeader(headerSize)) return undefined;
      hdr = this.header;
      at = 0;
      this.headerFilled = 0;
    }
    const type = this.startupPhase ? 0 : hdr[at];
    const bodyLength = this.checkLength(type, hdr.readInt32BE(at + headerSize - 4)) - 4;
    return this.takeBody(type, bodyLength);
  }

  private checkLength(type: number, length: number): number {
    if (this.startupPhase) {
      if (length < 8 || length > MAX_STARTUP_PACKET_LENGTH) throw fatal('invalid length of startup packet');
      return length;
    }
    const size = FRONTEND_TYPES[type];
    const limit =
      size === SMALL ? SMALL_MESSAGE_LIMIT : size === AUTH ? AUTH_MESSAGE_LIMIT : this.maxMessageSize;
    if (length < 4 || length > limit) throw fatal('invalid message length');
    return length;
  }

  private takeBody(type: number, bodyLength: number): FrontendMessage | undefined {
    // No body (Sync, Flush, Terminate …), often the last bytes of a chunk: nothing to gather.
    if (bodyLength === 0) return this.message.reset(type, EMPTY, 0, 0, true);
    const chunk = this.current();
    const available = chunk === undefined ? 0 : chunk.length - this.offset;
    if (chunk !== undefined && available >= bodyLength) {
      const start = this.offset;
      this.consume(bodyLength);
      return this.message.reset(type, chunk, start, start + bodyLength, chunk !== this.borrowed);
    }
    // NB: the length was checked above, so this allocation is bounded by maxMessageSize.
    this.partialType = type;
    this.partial = Buffer.allocUnsafe(bodyLength);
    this.partialFilled = 0;
    return this.fillPartial();
  }

  private fillPartial(): FrontendMessage | undefined {
    const partial = this.partial!;
    for (let chunk = this.current(); chunk !== undefined; chunk = this.current()) {
      if (this.partialFilled === partial.length) break;
      const n = Math.min(partial.length - this.partialFilled, chunk.length - this.offset);
      chunk.copy(partial, this.partialFilled, this.offset, this.offset + n);
      this.partialFilled += n;
      this.consume(n);
    }
    if (this.partialFilled < partial.length) return undefined;
    this.partial = null;
    return this.message.reset(this.partialType, partial, 0, partial.length, true);
  }

  private gatherHeader(headerSize: number): boolean {
    for (let chunk = this.current(); chunk !== undefined; chunk = this.current()) {
      if (this.headerFilled === headerSize) break;
      const n = Math.min(headerSize - this.headerFilled, chunk.length - this.offset);
      chunk.copy(this.header, this.headerFilled, this.offset, this.offset + n);
      this.headerFilled += n;
      this.consume(n);
    }
    return this.headerFilled === headerSize;
  }

  /** The chunk being read, dropping exhausted ones; undefined when nothing is buffered. */
  private current(): Buffer | undefined {
    while (this.head < this.tail) {
      const chunk = this.queue[this.head];
      if (this.offset < chunk.length) return chunk;
      // Drop the reference, so a consumed socket chunk can be freed.
      this.queue[this.head++] = EMPTY;
      this.offset = 0;
    }
    this.head = 0;
    this.tail = 0;
    return undefined;
  }

  private consume(n: number): void {
    this.offset += n;
    this.buffered -= n;
  }
}

function checkType(type: number): void {
  if (FRONTEND_TYPES[type] === UNKNOWN) throw fatal(`invalid frontend message type ${type}`);
}
