/**
 * CopyInQueue: the CopyInStream a session reads during COPY FROM STDIN, fed by the connection
 * with the payloads of CopyData messages as they arrive.
 *
 * FLOW CONTROL: the queue holds at most `QUEUE_LIMIT` bytes. While it is full the connection
 * stops taking messages out of its reader, the reader's backlog grows past its limit and the
 * socket is paused, so a client streaming a huge COPY is slowed to the session's pace instead of
 * filling memory. `read()` calls `onSpace` when it frees room, and the connection resumes.
 */
import { DbError, protocolViolation } from '@rustydb/common';
import type { FrontendMessage } from './frontend-message.js';
import type { CopyInStream } from './session.js';

/** Bytes of CopyData the queue holds before the connection stops reading. */
export const QUEUE_LIMIT = 256 * 1024;

type Waiter = { resolve: (chunk: Uint8Array | undefined) => void; reject: (err: DbError) => void };

/** Sync apart from `read()`; owned by one connection. */
export class CopyInQueue implements CopyInStream {
  private readonly chunks: Uint8Array[] = [];
  private head = 0;
  private queued = 0;
  private done = false;
  private failure: DbError | undefined;
  private waiter: Waiter | undefined;

  constructor(private readonly onSpace: () => void) {}

  /** True once CopyDone, CopyFail or an error ended the client's side. */
  get ended(): boolean {
    return this.done || this.failure !== undefined;
  }

  /** True while the connection should hand it more messages. */
  get wantsMore(): boolean {
    return !this.ended && this.queued < QUEUE_LIMIT;
  }

  /**
   * A message that arrived in copy-in mode: CopyData is queued, CopyDone ends the data, CopyFail
   * fails the COPY with 57014; Flush and Sync are ignored (as PostgreSQL does during copy-in);
   * anything else fails it with 08P01 and is dropped.
   */
  onMessage(msg: FrontendMessage): void {
    switch (msg.type) {
      case 0x64: // CopyData: queued past this call, so copied when the socket reuses its buffer
        this.push(msg.keep(msg.remaining));
        return;
      case 0x63: // CopyDone
        this.end();
        return;
      case 0x66: // CopyFail
        this.fail(new DbError('57014', `COPY from stdin failed: ${msg.cstring()}`));
        return;
      case 0x48: // Flush
      case 0x53: // Sync
        return;
      default:
        this.fail(
          protocolViolation(
            `unexpected message type 0x${msg.type.toString(16).toUpperCase().padStart(2, '0')} during COPY from stdin`,
          ),
        );
    }
  }

  /** A CopyData payload (kept as given: the caller must not reuse it). */
  push(chunk: Uint8Array): void {
    if (this.ended) return;
    const w = this.waiter;
    if (w !== undefined) {
      this.waiter = undefined;
      w.resolve(chunk);
      return;
    }
    this.chunks.push(chunk);
    this.queued += chunk.length;
  }

  /**
   * The next CopyData payload if one is already queued, else undefined (whether or not more will
   * come: `read` tells). Synchronous: lets the session take the chunks that arrived together in
   * one go (COPY FROM loads them in one WAL batch).
   */
  takeQueued(): Uint8Array | undefined {
    if (this.failure !== undefined || this.head >= this.chunks.length) return undefined;
    const wasFull = this.queued >= QUEUE_LIMIT;
    const chunk = this.chunks[this.head++];
    this.queued -= chunk.length;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    }
    if (wasFull && this.queued < QUEUE_LIMIT) this.onSpace();
    return chunk;
  }

  /** CopyDone: the reader gets what is queued, then undefined. */
  end(): void {
    if (this.ended) return;
    this.done = true;
    if (this.waiter !== undefined && this.head === this.chunks.length) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(undefined);
    }
  }

  /** CopyFail, a protocol violation or a lost client: the next read rejects with `err`. */
  fail(err: DbError): void {
    if (this.ended) return;
    this.failure = err;
    this.chunks.length = 0;
    this.head = 0;
    this.queued = 0;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }

  read(): Promise<Uint8Array | undefined> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const chunk = this.takeQueued();
    if (chunk !== undefined) return Promise.resolve(chunk);
    if (this.done) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }
}
