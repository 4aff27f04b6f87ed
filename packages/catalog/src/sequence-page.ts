/**
 * A sequence's state: one page (page 0 of the sequence's own file) in the buffer pool, changed
 * outside transactions as PostgreSQL's sequences are (a rolled-back nextval still consumes its
 * value) and WAL-logged so no value is ever handed out twice, even after a crash.
 *
 * | OFFSET | SIZE | DESCRIPTION                                                           |
 * |--------|------|-----------------------------------------------------------------------|
 * | 0      | 16   | common page header; kind = SEQUENCE_PAGE_KIND                         |
 * | 16     | 8    | last_value (int64, LE): the last value handed out (or the start)      |
 * | 24     | 4    | log_cnt (uint32, LE): values still covered by the last WAL record     |
 * | 28     | 1    | is_called: 0 until the first nextval (then last_value is not yet used)|
 *
 * LOGGING AHEAD (PostgreSQL's SEQ_LOG_VALS). A nextval that finds no logged values left logs the
 * state 32 values ahead, then keeps the true state in the page unlogged and hands out the next
 * 32 values without logging. After a crash, redo restores the logged-ahead state, so the values
 * handed out since are skipped, never repeated. The first nextval after a checkpoint always logs:
 * the checkpoint may have written the true state to disk, and redo starts after it.
 *
 * Every record is a full page image (the page's LSN is cleared before logging, so the page logger
 * sees a "first change since the checkpoint"): redo applies images unconditionally, so a logged
 * state always wins over an older true state the page may have reached disk with.
 *
 * DURABILITY. The record must be durable before a value it covers is used by a committed
 * transaction: the caller's transaction gets an xid whenever the record is not yet flushed, so
 * its commit flushes the WAL through it (PostgreSQL assigns an xid for the same reason).
 *
 */
import {
  DbError,
  type FileId,
  PAGE_KIND_OFFSET,
  PAGE_SIZE,
  PageKind,
  readPageLsn,
  type TxnId,
  writePageLsn,
} from '@rustydb/common';
import type { StoreContext } from '@rustydb/storage';

/** Page kind of a sequence page. */
export const SEQUENCE_PAGE_KIND = PageKind.Sequence;
/** Values logged ahead per WAL record (PostgreSQL's SEQ_LOG_VALS). */
export const SEQ_LOG_VALS = 32;

const LAST_VALUE = 16;
const LOG_CNT = 24;
const IS_CALLED = 28;
/** Bytes of the page that carry data; the rest is zero (the image's hole). */
const USED = 29;

/** A sequence's parameters, as nextval needs them. */
export interface SequenceBounds {
  readonly name: string;
  readonly file: FileId;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly cycle: boolean;
}

/** The state a page holds. */
export interface SequenceState {
  readonly lastValue: bigint;
  readonly logCnt: number;
  readonly isCalled: boolean;
}

/** What the page functions need of a transaction: an xid to make the record flush at commit. */
export interface SequenceTransaction {
  readonly xid: TxnId;
  assignXid(): TxnId;
}

function read(page: Uint8Array): SequenceState {
  const dv = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
  return {
    lastValue: dv.getBigInt64(LAST_VALUE, true),
    logCnt: dv.getUint32(LOG_CNT, true),
    isCalled: page[IS_CALLED] === 1,
  };
}

function write(page: Uint8Array, s: SequenceState): void {
  const dv = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
  dv.setUint16(PAGE_KIND_OFFSET, SEQUENCE_PAGE_KIND, true);
  dv.setBigInt64(LAST_VALUE, s.lastValue, true);
  dv.setUint32(LOG_CNT, s.logCnt, true);
  page[IS_CALLED] = s.isCalled ? 1 : 0;
}

/**
 * Logs `page` as a full image (wal's page-change image encoding: hole offset, hole length, the
 * bytes before the hole; the page has nothing after it) and stamps the record's LSN.
 */
function logImage(ctx: StoreContext, file: FileId, page: Uint8Array, xid: TxnId): void {
  const data = new Uint8Array(4 + USED);
  const dv = new DataView(data.buffer);
  dv.setUint16(0, USED, true);
  dv.setUint16(2, PAGE_SIZE - USED, true);
  data.set(page.subarray(0, USED), 4);
  // Bytes 0..12 (LSN, checksum) are ignored by redo, which stamps its own LSN.
  data.fill(0, 4, 16);
  const end = ctx.wal.append({ kind: 'pages', changes: [{ file, page: 0, image: true, data }] }, xid);
  writePageLsn(page, end);
}

/** Creates the sequence's file and its page: `start` not yet called. Logged. Sync. */
export function createSequencePage(ctx: StoreContext, file: FileId, start: bigint): void {
  ctx.wal.append({ kind: 'file-create', file });
  ctx.pool.createFile(file);
  const frame = ctx.pool.pinNew(file);
  try {
    write(frame.page, { lastValue: start, logCnt: 0, isCalled: false });
    logImage(ctx, file, frame.page, 0 as TxnId);
    ctx.pool.markDirty(frame);
  } finally {
    ctx.pool.unpin(frame);
  }
}

/** Removes a sequence's file (after its DROP committed). Logged and flushed first. Sync. */
export function dropSequencePage(ctx: StoreContext, file: FileId): void {
  ctx.wal.append({ kind: 'file-drop', file });
  ctx.wal.flushSync(ctx.wal.insertLsn);
  ctx.pool.dropFile(file);
}

/** The page's current state (for `SELECT * FROM seq` and tests). Sync. */
export function readSequenceState(ctx: StoreContext, file: FileId): SequenceState {
  const frame = ctx.pool.pin(file, 0);
  try {
    return read(frame.page);
  } finally {
    ctx.pool.unpin(frame);
  }
}

/** Runs `fn` on the pinned page; gives `tx` an xid if the page's last record is not yet durable. */
function change(
  ctx: StoreContext,
  file: FileId,
  tx: SequenceTransaction,
  fn: (page: Uint8Array) => void,
): void {
  const frame = ctx.pool.pin(file, 0);
  try {
    fn(frame.page);
    ctx.pool.markDirty(frame);
    if (readPageLsn(frame.page) > ctx.wal.flushedLsn) tx.assignXid();
  } finally {
    ctx.pool.unpin(frame);
  }
}

/**
 * nextval: advances the sequence and returns the new value (PostgreSQL's nextval_internal with a
 * cache of 1). Sync.
 * @throws DbError 2200H when the sequence is exhausted and does not cycle.
 */
export function nextSequenceValue(ctx: StoreContext, seq: SequenceBounds, tx: SequenceTransaction): bigint {
  let result = 0n;
  change(ctx, seq.file, tx, (page) => {
    const s = read(page);
    let next = s.lastValue;
    let fetch = 1;
    let log = s.logCnt;
    let rescnt = 0;
    let logit = false;
    if (!s.isCalled) {
      rescnt = 1;
      fetch = 0;
      result = next;
    }
    if (log < fetch || !s.isCalled || readPageLsn(page) <= ctx.wal.redoLsn) {
      fetch += SEQ_LOG_VALS;
      log = fetch;
      logit = true;
    }
    let last = next;
    while (fetch > 0) {
      const stepped = step(next, seq);
      if (stepped === undefined) {
        if (rescnt > 0) break;
        throw exhausted(seq);
      }
      next = stepped;
      fetch--;
      if (rescnt < 1) {
        log--;
        rescnt++;
        last = next;
        result = next;
      }
    }
    log -= fetch;
    if (logit) {
      write(page, { lastValue: next, logCnt: 0, isCalled: true });
      writePageLsn(page, 0 as never);
      logImage(ctx, seq.file, page, tx.xid);
    }
    write(page, { lastValue: last, logCnt: Math.max(log, 0), isCalled: true });
  });
  return result;
}

/** One increment with wrap-around for CYCLE; undefined at a bound without CYCLE. */
function step(v: bigint, seq: SequenceBounds): bigint | undefined {
  if (seq.increment > 0n) {
    if (v > seq.max - seq.increment) return seq.cycle ? seq.min : undefined;
  } else if (v < seq.min - seq.increment) {
    return seq.cycle ? seq.max : undefined;
  }
  return v + seq.increment;
}

function exhausted(seq: SequenceBounds): DbError {
  return seq.increment > 0n
    ? new DbError('2200H', `nextval: reached maximum value of sequence "${seq.name}" (${seq.max})`)
    : new DbError('2200H', `nextval: reached minimum value of sequence "${seq.name}" (${seq.min})`);
}

/**
 * setval / ALTER SEQUENCE RESTART: sets the state and logs it. `isCalled` false makes the next
 * nextval return `value` itself. Sync.
 * @throws DbError 22003 when `value` is outside [min, max].
 */
export function setSequenceValue(
  ctx: StoreContext,
  seq: SequenceBounds,
  value: bigint,
  isCalled: boolean,
  tx: SequenceTransaction,
): void {
  if (value < seq.min || value > seq.max) {
    throw new DbError(
      '22003',
      `setval: value ${value} is out of bounds for sequence "${seq.name}" (${seq.min}..${seq.max})`,
    );
  }
  change(ctx, seq.file, tx, (page) => {
    write(page, { lastValue: value, logCnt: 0, isCalled });
    writePageLsn(page, 0 as never);
    logImage(ctx, seq.file, page, tx.assignXid());
  });
}
