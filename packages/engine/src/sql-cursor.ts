/**
 * SqlCursor: a cursor made by DECLARE, moved by FETCH and MOVE (PostgreSQL's portal of strategy
 * PORTAL_ONE_SELECT, as pquery.c's DoPortalRunFetch and PortalRunSelect drive it).
 *
 * POSITION. As PostgreSQL: `pos` counts the rows up to and including the current one (0 before
 * the first), `atStart` / `atEnd` say the cursor is before the first row / past the last. Every
 * direction (NEXT, PRIOR, ABSOLUTE, RELATIVE, FORWARD n, BACKWARD n, ALL) reduces to a rewind and
 * forward or backward runs of `runSelect`, in the same steps DoPortalRunFetch takes, so counts and
 * edge positions match PostgreSQL's.
 *
 * ROWS. The query streams from a RowCursor (row-cursor.ts: the operator tree stays open between
 * fetches, yielding to the event loop as an ordinary SELECT does). A NO SCROLL cursor hands rows
 * straight from the executor's batches to the client and keeps none. A SCROLL cursor copies each
 * row it reads into `rows` (the executor reuses its batch arrays on its next `next()`) and serves
 * backward moves and re-reads from there, reading ahead from the executor only past its end.
 * WITH HOLD: at COMMIT the rest of the result is read into `rows` (`materialize`) and the
 * executor's state goes with the transaction.
 *
 * SNAPSHOT. Each read runs with the snapshot and command id of the DECLARE (`Transaction.
 * readAsOf`): the cursor sees neither later commits (READ COMMITTED takes a new snapshot per
 * statement) nor the transaction's own later changes — PostgreSQL's behaviour, INSENSITIVE or not.
 * The snapshot is pinned in the vacuum horizon until the transaction ends.
 *
 * Backward movement needs SCROLL: a cursor declared without it is refused (55000) even where
 * PostgreSQL's planner would have allowed it for a plan that can run backwards (a deprecated
 * PostgreSQL behaviour).
 */
import { DbError, type Row, yieldToEventLoop } from '@rustydb/common';
import type { FetchDirection } from '@rustydb/parser';
import type { FieldDescription } from '@rustydb/protocol';
import type { Snapshot, Transaction } from '@rustydb/txn';
import type { RowCursor, RowSink } from './row-cursor.js';

/** FETCH ALL's count (PostgreSQL's FETCH_ALL). */
const ALL = Number.POSITIVE_INFINITY;

/** Rows sent from `rows` between two yields to the event loop (a held cursor's FETCH ALL). */
const ROWS_PER_YIELD = 4096;

/** What DECLARE said of the cursor (pg_cursors shows it). */
export interface CursorOptions {
  /** The DECLARE statement's text. */
  readonly statement: string;
  readonly scroll: boolean;
  readonly hold: boolean;
  readonly binary: boolean;
  /** When it was declared (a pg timestamptz: microseconds since 2000-01-01). */
  readonly creationTime: bigint;
}

/**
 * Where the cursor's query reads: the DECLARE's transaction as of its snapshot and command.
 * `open` starts the executor: at the first read, as PostgreSQL runs no row before the first
 * FETCH (a sort's error surfaces there, not at DECLARE).
 */
export interface CursorSource {
  readonly open: () => RowCursor;
  readonly tx: Transaction;
  readonly snapshot: Snapshot;
  readonly cid: Transaction['cid'];
}

export class SqlCursor {
  #pos = 0;
  #atStart = true;
  #atEnd = false;
  /** Rows kept (copies): row number `#first + i` is `#rows[i]`. */
  #rows: Row[] = [];
  #first = 1;
  /** The executor's rows not read yet; undefined once all were read (or materialized). */
  #source: CursorSource | undefined;
  /** The executor, once the first read opened it. */
  #executor: RowCursor | undefined;
  /** It outlives the transaction that declared it (WITH HOLD, after that transaction committed). */
  #held = false;
  /**
   * A FETCH or MOVE failed (PostgreSQL's PORTAL_FAILED): its position is unknown, so it cannot
   * be read again — only closed (seen after ROLLBACK TO, which keeps cursors declared earlier).
   */
  #failed = false;

  constructor(
    readonly name: string,
    readonly options: CursorOptions,
    /** The result columns, in the cursor's format (BINARY: binary). */
    readonly fields: readonly FieldDescription[],
    source: CursorSource,
  ) {
    this.#source = source;
  }

  get held(): boolean {
    return this.#held;
  }

  /**
   * FETCH (`sink` given) or MOVE (`sink` undefined) in `direction`: the number of rows fetched
   * or moved over, as the command tag counts them. Async.
   * @throws DbError 55000 for a backward move without SCROLL or a cursor an earlier FETCH or
   *   MOVE failed in (`portal "c" cannot be run`), or the executor's error.
   */
  async fetch(direction: FetchDirection, sink: RowSink | undefined): Promise<number> {
    if (this.#failed) throw new DbError('55000', `portal "${this.name}" cannot be run`);
    try {
      return await this.#fetch(direction, sink);
    } catch (err) {
      this.#failed = true;
      throw err;
    }
  }

  async #fetch(direction: FetchDirection, sink: RowSink | undefined): Promise<number> {
    switch (direction.kind) {
      case 'absolute':
        return this.#fetchAbsolute(direction.count, sink);
      case 'relative': {
        const count = direction.count;
        if (count > 0) {
          if (count > 1) await this.#runSelect(true, count - 1, undefined);
          return this.#runSelect(true, 1, sink);
        }
        if (count < 0) {
          if (count < -1) await this.#runSelect(false, -count - 1, undefined);
          return this.#runSelect(false, 1, sink);
        }
        return this.#fetchCount(true, 0, sink); // RELATIVE 0 is FORWARD 0
      }
      default:
        return this.#fetchCount(
          direction.kind === 'forward',
          direction.count === 'all' ? ALL : direction.count,
          sink,
        );
    }
  }

  /** ABSOLUTE n: DoPortalRunFetch's steps (rewind, or move from where the cursor is). */
  async #fetchAbsolute(count: number, sink: RowSink | undefined): Promise<number> {
    if (count > 0) {
      if (count - 1 <= this.#pos / 2) {
        this.#rewind();
        if (count > 1) await this.#runSelect(true, count - 1, undefined);
      } else {
        const pos = this.#atEnd ? this.#pos + 1 : this.#pos;
        if (count <= pos) await this.#runSelect(false, pos - count + 1, undefined);
        else if (count > pos + 1) await this.#runSelect(true, count - pos - 1, undefined);
      }
      return this.#runSelect(true, 1, sink);
    }
    if (count < 0) {
      await this.#runSelect(true, ALL, undefined);
      if (count < -1) await this.#runSelect(false, -count - 1, undefined);
      return this.#runSelect(false, 1, sink);
    }
    this.#rewind();
    return this.#runSelect(true, 0, sink);
  }

  /** FORWARD / BACKWARD `count`; a count of 0 re-fetches the current row, if any. */
  async #fetchCount(forward: boolean, count: number, sink: RowSink | undefined): Promise<number> {
    if (count === 0) {
      const onRow = !this.#atStart && !this.#atEnd;
      if (sink === undefined) return onRow ? 1 : 0; // MOVE 0: would FETCH 0 return a row?
      if (onRow) {
        await this.#runSelect(false, 1, undefined);
        return this.#runSelect(true, 1, sink);
      }
    }
    return this.#runSelect(forward, count, sink);
  }

  /** Back to before the first row. @throws DbError 55000 without SCROLL (unless nothing was read). */
  #rewind(): void {
    if (this.#atStart && !this.#atEnd) return;
    this.#checkScroll();
    this.#pos = 0;
    this.#atStart = true;
    this.#atEnd = false;
  }

  /** PortalRunSelect: up to `count` rows forward or backward from the current position. */
  async #runSelect(forward: boolean, count: number, sink: RowSink | undefined): Promise<number> {
    if (!forward) this.#checkScroll();
    if (count <= 0 || (forward ? this.#atEnd : this.#atStart)) return 0;
    if (forward) {
      const n = await this.#readForward(count, sink);
      if (n > 0) this.#atStart = false;
      if (n < count) this.#atEnd = true;
      this.#pos += n;
      return n;
    }
    // Backward from the current row (from past the end: from the last row), all kept in `rows`.
    const from = this.#atEnd ? this.#pos : this.#pos - 1;
    const n = Math.min(count, from);
    await this.#sendKept(from, n, -1, sink);
    if (n > 0 && this.#atEnd) {
      this.#atEnd = false;
      this.#pos++;
    }
    if (n < count) {
      this.#atStart = true;
      this.#pos = 0;
    } else this.#pos -= n;
    return n;
  }

  #checkScroll(): void {
    if (this.options.scroll) return;
    throw new DbError('55000', 'cursor can only scan forward', {
      hint: 'Declare it with SCROLL option to enable backward scan.',
    });
  }

  /** Rows `pos + 1 …`: the kept ones first, then the executor's. Returns how many. */
  async #readForward(count: number, sink: RowSink | undefined): Promise<number> {
    const next = this.#pos + 1;
    const keptTo = Math.min(this.#first + this.#rows.length - 1, next + count - 1);
    let sent = 0;
    if (keptTo >= next) {
      await this.#sendKept(next, keptTo - next + 1, 1, sink);
      sent = keptTo - next + 1;
    }
    if (sent < count && this.#source !== undefined) sent += await this.#pull(count - sent, sink);
    return sent;
  }

  /**
   * `count` kept rows from row `from` on, in `step` (1: forward, -1: backward) to `sink`,
   * yielding to the event loop (or waiting for the client) every ROWS_PER_YIELD rows.
   */
  async #sendKept(from: number, count: number, step: 1 | -1, sink: RowSink | undefined): Promise<void> {
    if (sink === undefined) return;
    const rows = this.#rows;
    let i = from - this.#first;
    for (let sent = 1; sent <= count; sent++, i += step) {
      sink.dataRow(rows[i]!);
      if (sent % ROWS_PER_YIELD === 0) await (sink.backpressure?.() ?? yieldToEventLoop());
    }
  }

  /**
   * Up to `count` rows (ALL: the rest) from the executor, as of the DECLARE's snapshot, to
   * `sink` — and copied into `rows` for a SCROLL cursor (or when materializing).
   */
  async #pull(count: number, sink: RowSink | undefined, keep = this.options.scroll): Promise<number> {
    const source = this.#source!;
    if (keep && this.#rows.length === 0) this.#first = this.#pos + 1;
    const target = keep || sink !== undefined ? new CursorSink(sink, keep ? this.#rows : undefined) : NO_ROWS;
    const restore = source.tx.readAsOf(source.snapshot, source.cid);
    let sent: number;
    let executor: RowCursor | undefined;
    try {
      executor = this.#executor ??= source.open();
      sent = await executor.fetch(count === ALL ? 0 : count, target);
    } finally {
      restore();
    }
    if (executor.done) {
      this.#source = undefined;
      this.#executor = undefined;
    }
    return sent;
  }

  /** True while the executor still holds rows not read (a WITH HOLD cursor reads them at COMMIT). */
  get pending(): boolean {
    return this.#source !== undefined;
  }

  /**
   * WITH HOLD, at COMMIT: reads the rest of the result into `rows` (rows already passed are not
   * kept unless the cursor can scroll back to them). Async. @throws the executor's error.
   */
  async materialize(): Promise<void> {
    if (this.#source === undefined) return;
    if (!this.options.scroll) {
      this.#rows = [];
      this.#first = this.#pos + 1;
    }
    const pos = this.#pos;
    // Read from the position after the last kept row without moving the cursor.
    this.#pos = this.#first + this.#rows.length - 1;
    try {
      await this.#pull(ALL, undefined, true);
    } finally {
      this.#pos = pos;
    }
  }

  /** The declaring transaction committed: the cursor lives on, on its kept rows. */
  markHeld(): void {
    this.#held = true;
  }

  /** Releases the executor's state (idempotent). Sync. */
  close(): void {
    this.#executor?.close();
    this.#executor = undefined;
    this.#source = undefined;
    this.#rows = [];
  }
}

/** A fetch's destination: the client (or nothing, for MOVE) and the kept rows, if kept. */
class CursorSink implements RowSink {
  constructor(
    private readonly sink: RowSink | undefined,
    private readonly kept: Row[] | undefined,
  ) {}

  dataRow(row: Row): void {
    // The row is the executor's, valid only during this call: keep a copy.
    this.kept?.push(row.slice());
    this.sink?.dataRow(row);
  }

  backpressure(): Promise<void> | undefined {
    return this.sink?.backpressure?.();
  }
}

/** MOVE over a NO SCROLL cursor: rows are counted, not kept. */
const NO_ROWS: RowSink = { dataRow() {} };
