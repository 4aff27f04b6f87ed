/**
 * The write-ahead log: append records, make them durable, read them back.
 *
 * LSN = byte position in the log stream. Segment `s` holds LSNs [s, s + segmentSize) and starts
 * with a header (wal-segment.ts), so the first record is at LSN 24 and 0 means "none".
 *
 * ```
 *   on disk (segment files)          in memory (buf)
 *   ├──────── durable ────────┼─ written ─┼──── buffered ────┤
 *   24                   flushedLsn    bufStart          insertLsn
 * ```
 *
 * Invariants:
 * - `flushedLsn <= bufStart <= insertLsn`; bytes before `bufStart` are in the segment files
 *   (maybe only in the OS cache), bytes from `bufStart` to `insertLsn` only in `buf`.
 * - `insertLsn` is always a record boundary: records are appended whole.
 * - Nothing past `flushedLsn` is acknowledged: a transaction's commit returns only after
 *   `flush(commitLsn)` resolved, and the buffer pool writes a page only after `flushSync(pageLsn)`.
 *
 * Group commit: `flush` writes the whole buffer and starts one fdatasync round; callers that
 * arrive while a round runs wait for it, and if their LSN is not covered, share the next round.
 * N concurrent committers therefore cost about two fdatasyncs, not N.
 *
 * Commit flush policy (`flushCommit`): a committer that no other transaction could share an
 * fdatasync with (the caller says so: no other transaction holds an xid, or every one that does
 * is waiting for a lock and so cannot commit before the event loop turns) and that finds no round
 * running flushes synchronously, on the event loop, instead of through the libuv thread pool.
 * The fdatasync is the same; only the hand-off to and back from a pool thread (about 30 µs on
 * this machine, a quarter of an overwrite-fdatasync) is saved, which is most of what a single
 * embedded session or a single client waits for besides the disk. With other writers around,
 * the commit takes the asynchronous group-commit path as before, so the event loop keeps serving
 * them during the fdatasync and they can join the next round. Durability is the same either way:
 * the commit is acknowledged only once `flushedLsn` covers its record. One exception to the
 * synchronous path: when the owner reports work due (flush-overlap.ts; the engine does when its
 * event loop has not turned for a while), the commit goes through the pool and the work runs
 * during its fdatasync; and while the next segment is being preallocated, commits go through the
 * pool too, so the preparation's I/O completes before the log needs the segment.
 *
 * Write path (fsync on): a synchronous flush (`flushSync`, so also the sole writer's commit)
 * writes the new bytes in ONE positioned write through an `O_DIRECT | O_DSYNC` descriptor
 * (direct-write.ts): durable when it returns, no fdatasync, no page cache; about 15% less wall
 * time per commit on this machine when its disk is quiet. It rewrites the partial page the
 * previous flush ended in, and the first buffered write after it writes whole pages. Where O_DIRECT
 * is unavailable (tmpfs, the probe at open fails, `directWrites: false`), and for flushes that
 * cannot take it (more than a staging buffer of bytes; buffered writes not yet fdatasynced, i.e.
 * write-behind or a running round), the buffered pwrite + fdatasync path runs as before. The
 * asynchronous group-commit round keeps pwrite + fdatasync on purpose: an O_DIRECT write in
 * flight on a pool thread cannot be waited for by a `flushSync` (the buffer pool cannot await),
 * and two writes of the same partial sector in flight at once could reach the disk in either
 * order, the older one overwriting the newer's bytes. With fsync off, writes stay buffered.
 *
 * Segment lifecycle (with fsync on; see docs/storage.md):
 * 1. Created zero-filled to its full size and fdatasynced, the directory fsynced, before any record
 *    goes in: segment 0 when the log is created; each next one in the background once the log is
 *    past the middle of the current one (segment-preallocator.ts), or synchronously if the log
 *    gets there first. A commit's fdatasync then only writes data blocks: appending to a growing
 *    file would also journal its new size and blocks, which made each durable commit about 1.5×
 *    slower here. Zeros never form a valid envelope, so the log still ends where the records do.
 * 2. Written: a header, then records whose CRCs are seeded by the segment's start
 *    (wal-segment.ts, "Record seed").
 * 3. Retired once a checkpoint's redo pointer is past it (`removeSegmentsBefore`): recycled, that
 *    is renamed to the next free segment name ahead of the log (at most RECYCLE_AHEAD files ahead;
 *    the directory is fsynced), or deleted beyond that. A recycled file keeps its old bytes and so
 *    is already allocated: the log moves into it without writing zeros. Its old header names its
 *    old start, so until the writer reaches it the reader rejects it; once the writer has put the
 *    new header in, the old records after the new ones fail their CRC check (other seed), so the
 *    log still ends right after the last record written in this life of the file.
 * 4. After a crash, `open` walks the log from its first segment; the log ends at the first record
 *    whose envelope is invalid. The segment holding the end is cut there (its tail zeroed) and any
 *    later segment files, recycled ones included, are deleted, so new records overwrite the garbage
 *    and no stale record of the same segment can ever reappear behind them.
 * With fsync off (tests) segment files grow as written, are cut by truncation, and are deleted
 * when retired.
 *
 * NB: if an fdatasync fails we cannot know what reached the disk (PostgreSQL's "fsyncgate"), so
 * the Wal refuses all further work with the error (severity PANIC); the server must restart
 * and recover.
 */
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  constants as fsConstants,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  assert,
  DbError,
  type FileId,
  type Logger,
  type Lsn,
  silentLogger,
  type TxnId,
} from '@rustydb/common';
import { DirectWalWriter, probeDirectWrites } from './direct-write.js';
import { fsyncDirectory } from './durable-file.js';
import type { FlushOverlapWork } from './flush-overlap.js';
import { formatLsn } from './lsn.js';
import { logPageChanges } from './page-change.js';
import { PageChangeBatch } from './page-change-batch.js';
import { pagesPayloadSize, writePagesPayload } from './page-record.js';
import { ENVELOPE_SIZE, writeEnvelope } from './record-envelope.js';
import { SegmentPreallocator } from './segment-preallocator.js';
import { type SegmentSource, walkRecords } from './wal-reader.js';
import { decodeRecord, encodePayload, RecordKind, recordKindOf, type WalRecord } from './wal-record.js';
import {
  createFirstSegment,
  DEFAULT_SEGMENT_SIZE,
  isEmptyFirstSegment,
  listSegments,
  readSegmentHeader,
  SEGMENT_HEADER_SIZE,
  segmentFileName,
  segmentRecordSeed,
  writeSegmentHeader,
} from './wal-segment.js';

const fdatasyncAsync = promisify(fdatasync);

/** Options of `Wal.open`. */
export interface WalOptions {
  /** Bytes per segment file, default 16 MiB. An existing log keeps the size it was created with. */
  readonly segmentSize?: number;
  readonly logger?: Logger;
  /** false skips fdatasync (tests only: nothing is durable). Default true. */
  readonly fsync?: boolean;
  /**
   * false keeps buffered writes + fdatasync even where O_DIRECT | O_DSYNC writes work (see
   * "Write path"). Default true; only with fsync on.
   */
  readonly directWrites?: boolean;
}

/** A record read back from the log. */
export interface WalEntry {
  /** LSN of the record's first byte. */
  readonly lsn: Lsn;
  /** LSN just past the record (what `append` returned for it). */
  readonly end: Lsn;
  /** The xid from the record's envelope (0 for none). */
  readonly xid: TxnId;
  readonly record: WalRecord;
}

/** Buffered bytes beyond which `append` hands them to the OS without waiting for a flush. */
const WRITE_BEHIND = 1024 * 1024;
/**
 * The buffer's size from the start: the write-behind bytes plus room for the record that
 * crosses them, so a bulk load never regrows it (only a record larger than the room does).
 * Growing by doubling copied the log and touched new memory at every step: on this VM a first
 * touch of a 4 KiB page costs ~10 µs, so growing to 8 MiB cost ~25 ms of a 100,000-row load.
 * Untouched pages cost nothing: the OS maps them on first write.
 */
const INITIAL_BUFFER = WRITE_BEHIND + 256 * 1024;
const MIN_SEGMENT_SIZE = 4096;
/** Segment files kept ready beyond the current one by recycling (see "Segment lifecycle"). */
const RECYCLE_AHEAD = 3;

/**
 * The write-ahead log of one database directory; one Wal per directory and process. Satisfies
 * `buffer`'s `WalFlusher` (flushedLsn, flushSync) structurally. All methods are synchronous
 * except `flush`.
 */
export class Wal implements SegmentSource {
  /** Redo pointer of the latest checkpoint (0 before the first): decides full page images. */
  redoLsn: Lsn = 0 as Lsn;
  /** Number of write+fdatasync rounds so far; group commit keeps it far below the flush calls. */
  syncCount = 0;

  #insertLsn: number;
  #flushedLsn: number;
  /** LSN of `buf[0]`: everything before it has been written to the segment files. */
  private bufStart: number;
  private buf = new Uint8Array(INITIAL_BUFFER);
  /** `buf`'s bytes as 32-bit words, for the record CRC (replaced whenever `buf` is). */
  private bufWords = new Uint32Array(this.buf.buffer, 0, this.buf.length >>> 2);
  private bufLen = 0;
  /** Open segment files by segment start. */
  private readonly fds = new Map<number, number>();
  /** Segments written since their last fdatasync. */
  private readonly unsynced = new Set<number>();
  /** Segments the running async round is syncing. */
  private roundSegments: readonly number[] = [];
  private round: Promise<void> | undefined;
  private failure: DbError | undefined;
  private closed = false;
  /** Zero-fills the next segment in the background (fsync on only): see segment-preallocator.ts. */
  private readonly preallocator: SegmentPreallocator | undefined;
  /** The synchronous flush's O_DIRECT | O_DSYNC writer, where available (see "Write path"). */
  private readonly direct: DirectWalWriter | undefined;
  /** See flush-overlap.ts. */
  private overlapWork: FlushOverlapWork | undefined;
  /** `recordSeed`'s cache: the segment it last computed the seed of, and that seed. */
  private seedSegment = -1;
  private seed = 0;
  /** Page changes logged later as one record (page-change-batch.ts); used by logPageChanges. */
  readonly pageBatch: PageChangeBatch;
  /**
   * The files of unlogged relations (CREATE UNLOGGED TABLE and its indexes): logPageChanges
   * does not log their page changes. Their file creates, drops and truncates are still logged,
   * so redo finds the files the catalog names; startup after a crash resets them to empty.
   */
  readonly unloggedFiles = new Set<FileId>();

  private constructor(
    /** The directory holding the segment files (`<dir>/wal`). */
    readonly walDir: string,
    readonly segmentSize: number,
    end: number,
    private readonly fsync: boolean,
    private readonly logger: Logger,
    directWrites: boolean,
  ) {
    this.#insertLsn = end;
    this.#flushedLsn = end;
    this.bufStart = end;
    this.preallocator = fsync
      ? new SegmentPreallocator(
          walDir,
          segmentSize,
          logger,
          () => this.#insertLsn - (this.#insertLsn % segmentSize),
        )
      : undefined;
    this.pageBatch = new PageChangeBatch(segmentSize);
    const support = fsync && directWrites ? probeDirectWrites(walDir, logger) : undefined;
    this.direct =
      support !== undefined && segmentSize % support.page === 0
        ? new DirectWalWriter(support, (seg) => join(walDir, segmentFileName(seg)))
        : undefined;
  }

  /**
   * Opens (or creates) the log in `<dir>/wal`. Synchronous. Finds the end of valid WAL, cuts
   * the garbage after it and positions appends there.
   * @throws DbError XX001 if the first segment's header is corrupt.
   */
  static open(dir: string, options: WalOptions = {}): Wal {
    const walDir = join(dir, 'wal');
    mkdirSync(walDir, { recursive: true });
    SegmentPreallocator.removeStale(walDir);
    const logger = options.logger ?? silentLogger();
    const fsync = options.fsync ?? true;
    const directWrites = options.directWrites ?? true;
    const segments = listSegments(walDir);
    if (segments.length === 0 || isEmptyFirstSegment(walDir, segments)) {
      const size = options.segmentSize ?? DEFAULT_SEGMENT_SIZE;
      assert(
        size >= MIN_SEGMENT_SIZE && size % 8 === 0 && size <= 0xffff_ffff,
        `bad WAL segment size ${size}`,
      );
      createFirstSegment(walDir, size, fsync);
      if (fsync) {
        // Preallocation (see the file comment); the header is already durable.
        const fd = openSync(join(walDir, segmentFileName(0)), 'r+');
        try {
          zeroFill(fd, SEGMENT_HEADER_SIZE, size);
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
      logger.info({ segmentSize: size }, 'created write-ahead log');
      return new Wal(walDir, size, SEGMENT_HEADER_SIZE, fsync, logger, directWrites);
    }
    const first = segments[0]!;
    const header = readSegmentHeader(readFileSync(join(walDir, segmentFileName(first))));
    if (header?.start !== first) {
      throw new DbError('XX001', `invalid WAL segment header in file "${segmentFileName(first)}"`);
    }
    if (options.segmentSize !== undefined && options.segmentSize !== header.segmentSize) {
      logger.warn(
        { requested: options.segmentSize, existing: header.segmentSize },
        'keeping existing WAL segment size',
      );
    }
    const wal = new Wal(walDir, header.segmentSize, first + SEGMENT_HEADER_SIZE, fsync, logger, directWrites);
    wal.recoverEnd(first, segments);
    return wal;
  }

  /** End of the last appended record: where the next one begins (or the segment switch before it). */
  get insertLsn(): Lsn {
    return this.#insertLsn as Lsn;
  }

  /** Whether synchronous flushes write through O_DIRECT | O_DSYNC (see "Write path"). */
  get writesDirect(): boolean {
    return this.direct !== undefined;
  }

  /** The WAL is durable up to (excluding) this LSN. */
  get flushedLsn(): Lsn {
    return this.#flushedLsn as Lsn;
  }

  /**
   * Appends a record to the in-memory buffer. Synchronous; not durable until a flush covers the
   * returned LSN, which is the END of the record. `xid` (default 0) goes in the envelope.
   * @throws DbError 54000 if the record cannot fit in one segment; the PANIC error of an earlier
   * failed fdatasync.
   */
  append(record: WalRecord, xid: TxnId = 0 as TxnId): Lsn {
    if (record.kind === 'pages') {
      const changes = record.changes;
      return this.appendWith(RecordKind.PageChanges, xid, pagesPayloadSize(changes), (buf, off) =>
        writePagesPayload(buf, off, changes),
      );
    }
    const payload = encodePayload(record);
    return this.appendWith(recordKindOf(record), xid, payload.length, (buf, off) => buf.set(payload, off));
  }

  /**
   * Appends a record of `kind` whose `size`-byte payload `write` places in the WAL buffer at
   * `buf[off, off + size)` (the bytes are zero beforehand; `write` must not keep `buf`). The
   * low-level form of `append`, for encoders that write in place (logPageChanges). Synchronous;
   * returns the END of the record.
   * @throws like `append`.
   */
  appendWith(kind: RecordKind, xid: TxnId, size: number, write: (buf: Uint8Array, off: number) => void): Lsn {
    this.checkUsable();
    // Deferred page changes go first: a later record may depend on them (page-change-batch.ts).
    if (this.pageBatch.pending) this.logPageBatch();
    const total = ENVELOPE_SIZE + size;
    if (total > this.segmentSize - SEGMENT_HEADER_SIZE) {
      throw new DbError(
        '54000',
        `WAL record of ${total} bytes is larger than the ${this.segmentSize}-byte WAL segment`,
      );
    }
    const pos = this.placeRecord(total);
    this.extendBuffer(pos + total);
    const off = pos - this.bufStart;
    write(this.buf, off + ENVELOPE_SIZE);
    writeEnvelope(this.buf, off, total, xid, kind, this.bufWords, this.recordSeed(pos));
    this.#insertLsn = pos + total;
    if (this.bufLen > WRITE_BEHIND) this.writeBuffered();
    // Past the middle of a segment, have the next one zero-filled in the background.
    const inSegment = this.#insertLsn % this.segmentSize;
    if (this.preallocator !== undefined && inSegment > this.segmentSize >>> 1) {
      this.preallocator.request(this.#insertLsn - inSegment + this.segmentSize);
    }
    return this.#insertLsn as Lsn;
  }

  /**
   * Runs `fn` with page-change logging deferred (page-change-batch.ts): the heap and B+tree
   * inserts it makes are logged as one 'pages' record per batch of pages, at the latest when
   * `fn` returns or throws. Nests. Synchronous.
   * @throws whatever `fn` throws; like `append` when the batch is logged.
   */
  batchPageChanges<T>(fn: () => T): T {
    const batch = this.pageBatch;
    batch.depth++;
    try {
      return fn();
    } finally {
      if (--batch.depth === 0 && batch.pending) this.logPageBatch();
    }
  }

  /** Whether page changes wait in a batch: the buffer pool must call flushSync before writing. */
  get hasDeferredChanges(): boolean {
    return this.pageBatch.pending;
  }

  /** Logs the deferred page changes now (one record). Synchronous. @throws like `append`. */
  logPageBatch(): void {
    const { xid, changes } = this.pageBatch.take(this.redoLsn);
    if (changes.length > 0) logPageChanges(this, xid, changes);
  }

  /**
   * Makes the WAL durable up to `upTo` (default: everything appended). Asynchronous; concurrent
   * callers share one write+fdatasync round (group commit). Resolves once `flushedLsn >= upTo`.
   * @throws DbError 58030 (PANIC) if fdatasync fails; XX000 if `upTo` is past `insertLsn`.
   */
  async flush(upTo: Lsn = this.insertLsn): Promise<void> {
    this.checkFlushRequest(upTo);
    while (this.#flushedLsn < upTo) {
      this.checkUsable();
      // Whoever finds no round running starts one; it takes everything buffered so far.
      this.round ??= this.syncRound().finally(() => {
        this.round = undefined;
      });
      await this.round;
    }
  }

  /**
   * Makes a commit record durable under the commit flush policy (see the file comment): with
   * `othersMayCommit` false and no round running, synchronously (returns undefined, the WAL is
   * durable up to `upTo` on return); otherwise returns `flush(upTo)`'s promise, which the
   * caller must await before acknowledging the commit.
   * @throws like `flush` (synchronously in the first case, as the promise's rejection otherwise).
   */
  flushCommit(upTo: Lsn, othersMayCommit: boolean): Promise<void> | undefined {
    const work = this.overlapWork;
    if (work?.due(upTo - this.#flushedLsn)) {
      // Start the round (write + fdatasync submitted to the pool), then work while it runs.
      const pending = this.flush(upTo);
      try {
        work.run();
      } catch (err) {
        this.logger.error({ err }, 'work overlapping a WAL flush failed');
      }
      return pending;
    }
    // While the next segment is being zero-filled in the background, commits take the pool so
    // the event loop turns and the preparation's few I/O steps complete: a session committing in
    // a tight synchronous loop would otherwise reach the segment first and zero-fill all 16 MiB
    // (and fdatasync them) inside one commit (a 70–90 ms stall).
    if (othersMayCommit || this.round !== undefined || this.preallocator?.busy === true)
      return this.flush(upTo);
    this.flushSync(upTo);
    return undefined;
  }

  /**
   * Registers (or with undefined, removes) the work `flushCommit` runs while an fdatasync is in
   * flight (flush-overlap.ts). Synchronous.
   */
  setFlushOverlapWork(work: FlushOverlapWork | undefined): void {
    this.overlapWork = work;
  }

  /**
   * `flush`, synchronously: for the buffer pool, which must not write a page before the WAL up to
   * the page's LSN is durable and cannot await during eviction.
   * @throws like `flush`.
   */
  flushSync(upTo: Lsn): void {
    this.checkFlushRequest(upTo);
    if (this.pageBatch.pending) {
      // A page is about to be written with deferred changes: log them and flush through them.
      this.logPageBatch();
      upTo = this.#insertLsn as Lsn;
    }
    if (this.#flushedLsn >= upTo) return;
    this.checkUsable();
    // The direct write is the whole flush when everything before `bufStart` is durable already
    // (no buffered write waits for its fdatasync) and the bytes fit one write: see "Write path".
    if (
      this.direct !== undefined &&
      this.unsynced.size === 0 &&
      this.roundSegments.length === 0 &&
      this.direct.fits(this.bufLen)
    ) {
      this.writeOut(this.direct);
      this.syncCount++;
      this.#flushedLsn = Math.max(this.#flushedLsn, this.bufStart);
      this.closeIdleFiles();
      return;
    }
    this.writeBuffered();
    const target = this.bufStart;
    // Include the running round's segments: its fdatasync may not have finished yet. (The usual
    // sole-writer commit has no round running: then `unsynced` is synced as it is, no copy.)
    const segments =
      this.roundSegments.length === 0 ? this.unsynced : new Set([...this.unsynced, ...this.roundSegments]);
    this.syncCount++;
    if (this.fsync) {
      for (const seg of segments) {
        try {
          fdatasyncSync(this.fds.get(seg)!);
        } catch (err) {
          // Segments not reached stay in `unsynced`: a retry would sync them (the WAL is
          // unusable after `fail` anyway).
          throw this.fail('fdatasync', seg, err);
        }
      }
    }
    this.unsynced.clear();
    this.#flushedLsn = Math.max(this.#flushedLsn, target);
    this.closeIdleFiles();
  }

  /**
   * Reads records from `from` (a record boundary, e.g. a checkpoint's redo pointer or an LSN
   * `append` returned) up to `insertLsn`, from the segment files and the buffer. Lazy; each
   * segment's bytes are captured when the iteration reaches it, and the `data` arrays of page
   * changes are views into that private copy (valid as long as the caller keeps them).
   * @throws DbError 58P01 if the segment holding `from` has been removed.
   */
  *read(from: Lsn): IterableIterator<WalEntry> {
    const seg = from - (from % this.segmentSize);
    if (
      from < this.#insertLsn &&
      seg < this.bufStart &&
      !existsSync(join(this.walDir, segmentFileName(seg)))
    ) {
      throw new DbError('58P01', `requested WAL segment ${segmentFileName(seg)} has already been removed`);
    }
    for (const r of walkRecords(this, from, this.#insertLsn)) {
      if (r.kind === RecordKind.Switch) continue;
      const payload = r.bytes.subarray(r.offset + ENVELOPE_SIZE, r.offset + r.end - r.lsn);
      yield {
        lsn: r.lsn as Lsn,
        end: r.end as Lsn,
        xid: r.xid as TxnId,
        record: decodeRecord(r.kind, payload),
      };
    }
  }

  /**
   * Retires the segment files that lie entirely before `lsn` (and before `flushedLsn`); after a
   * checkpoint, `lsn` is its redo pointer. With fsync on, up to RECYCLE_AHEAD of them are
   * recycled (renamed to the next future segment names, see "Segment lifecycle"), the rest are
   * deleted. The segment holding the last record always stays: the next `open` finds the end of
   * the log (and so the next LSN) there. Synchronous; with a rename, fsyncs the directory.
   */
  removeSegmentsBefore(lsn: Lsn): void {
    const limit = Math.min(lsn, this.#flushedLsn);
    const last = this.#insertLsn - 1 - ((this.#insertLsn - 1) % this.segmentSize);
    const segments = listSegments(this.walDir);
    let ahead = segments.filter((s) => s > last).length;
    let nextFree = Math.max(last, segments.at(-1) ?? 0) + this.segmentSize;
    let renamed = false;
    for (const seg of segments) {
      if (seg + this.segmentSize > limit || seg >= last) break;
      const fd = this.fds.get(seg);
      const syncing = this.roundSegments.includes(seg);
      this.direct?.release(seg);
      if (fd !== undefined && !syncing) {
        closeSync(fd);
        this.fds.delete(seg);
      }
      const path = join(this.walDir, segmentFileName(seg));
      if (this.fsync && !syncing && ahead < RECYCLE_AHEAD && statSync(path).size === this.segmentSize) {
        renameSync(path, join(this.walDir, segmentFileName(nextFree)));
        nextFree += this.segmentSize;
        ahead++;
        renamed = true;
      } else {
        unlinkSync(path);
      }
    }
    // The new names must be durable before a commit's records go into one of these files: a
    // crash that undid the rename would leave those records under the old name (wrong header).
    if (renamed) fsyncDirectory(this.walDir);
  }

  /** @internal Waits until a background segment preallocation (if any) has finished. */
  async settlePreallocation(): Promise<void> {
    await this.preallocator?.settle();
  }

  /** Closes the segment files. Does not flush: callers flush first. */
  close(): void {
    this.preallocator?.close();
    this.direct?.close();
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    this.closed = true;
  }

  /** @internal SegmentSource for the reader: disk bytes below `bufStart`, buffered bytes above. */
  loadSegment(start: number): Uint8Array | undefined {
    const known = Math.min(this.#insertLsn, start + this.segmentSize);
    if (known <= start) return undefined;
    const out = new Uint8Array(known - start);
    const onDisk = Math.min(this.bufStart, known) - start;
    if (onDisk > 0) {
      const path = join(this.walDir, segmentFileName(start));
      if (!existsSync(path)) return undefined;
      const fd = openSync(path, 'r');
      try {
        readFully(fd, out, onDisk);
      } finally {
        closeSync(fd);
      }
    }
    const from = Math.max(start, this.bufStart);
    if (known > from) out.set(this.buf.subarray(from - this.bufStart, known - this.bufStart), from - start);
    return out;
  }

  /** Opening: walks the log to its end, then cuts the segment there and deletes later ones. */
  private recoverEnd(first: number, segments: readonly number[]): void {
    const disk: SegmentSource = {
      segmentSize: this.segmentSize,
      loadSegment: (start) => {
        const path = join(this.walDir, segmentFileName(start));
        return existsSync(path) ? readFileSync(path) : undefined;
      },
    };
    let end = first + SEGMENT_HEADER_SIZE;
    for (const r of walkRecords(disk, end, Number.POSITIVE_INFINITY)) end = r.end;
    const lastSeg = end - 1 - ((end - 1) % this.segmentSize);
    const fd = openSync(join(this.walDir, segmentFileName(lastSeg)), 'r+');
    const size = fstatSync(fd).size;
    let garbage = size - (end - lastSeg);
    if (this.fsync) {
      garbage = zeroFrom(fd, end - lastSeg, size);
      if (size < this.segmentSize) zeroFill(fd, size, this.segmentSize);
      if (garbage > 0 || size < this.segmentSize) fdatasyncSync(fd);
    } else if (garbage > 0) {
      ftruncateSync(fd, end - lastSeg);
    }
    const header = new Uint8Array(SEGMENT_HEADER_SIZE);
    readFully(fd, header, SEGMENT_HEADER_SIZE);
    closeSync(fd);
    // The segment the log continues in keeps its format (a legacy one: seed 0).
    this.seedSegment = lastSeg;
    this.seed = readSegmentHeader(header)?.recordSeed ?? segmentRecordSeed(lastSeg, this.segmentSize);
    const later = segments.filter((s) => s > lastSeg);
    for (const seg of later) unlinkSync(join(this.walDir, segmentFileName(seg)));
    if (later.length > 0 && this.fsync) fsyncDirectory(this.walDir);
    this.#insertLsn = end;
    this.#flushedLsn = end;
    this.bufStart = end;
    this.logger.info(
      { end: formatLsn(end as Lsn), garbageBytes: Math.max(garbage, 0), removedSegments: later.length },
      'write-ahead log opened',
    );
  }

  /**
   * Where a record of `total` bytes goes: at `insertLsn` if it fits in the current segment, else
   * at the start of the next one, after a switch record (or a few unused bytes) in this one.
   * Puts a segment header in front when the record opens a segment.
   */
  private placeRecord(total: number): number {
    let pos = this.#insertLsn;
    const size = this.segmentSize;
    let segStart = pos - (pos % size);
    if (pos !== segStart && pos + total > segStart + size) {
      if (segStart + size - pos >= ENVELOPE_SIZE) {
        this.extendBuffer(pos + ENVELOPE_SIZE);
        writeEnvelope(
          this.buf,
          pos - this.bufStart,
          ENVELOPE_SIZE,
          0,
          RecordKind.Switch,
          undefined,
          this.recordSeed(pos),
        );
      }
      segStart += size;
      pos = segStart;
    }
    if (pos === segStart) {
      this.extendBuffer(pos + SEGMENT_HEADER_SIZE);
      writeSegmentHeader(this.buf, pos - this.bufStart, segStart, size);
      pos += SEGMENT_HEADER_SIZE;
    }
    return pos;
  }

  /**
   * The CRC seed of records at `lsn` (wal-segment.ts, "Record seed"): the seeded format in every
   * segment this Wal starts; a legacy segment found at open keeps seed 0 (`recoverEnd` sets it).
   */
  private recordSeed(lsn: number): number {
    const seg = lsn - (lsn % this.segmentSize);
    if (seg !== this.seedSegment) {
      this.seedSegment = seg;
      this.seed = segmentRecordSeed(seg, this.segmentSize);
    }
    return this.seed;
  }

  /** Makes the buffer cover LSNs up to `lsn`, zero-filling the new bytes. */
  private extendBuffer(lsn: number): void {
    const need = lsn - this.bufStart;
    if (need <= this.bufLen) return;
    if (need > this.buf.length) {
      const bigger = new Uint8Array(Math.max(need, this.buf.length * 2));
      bigger.set(this.buf.subarray(0, this.bufLen));
      this.buf = bigger;
      this.bufWords = new Uint32Array(bigger.buffer, 0, bigger.length >>> 2);
    } else {
      this.buf.fill(0, this.bufLen, need);
    }
    this.bufLen = need;
  }

  /** Hands the buffered bytes to the OS (no fdatasync), segment by segment. Synchronous. */
  private writeBuffered(): void {
    this.writeOut(undefined);
  }

  /**
   * Writes the buffered bytes segment by segment: to the OS (`direct` undefined; the segments
   * are then `unsynced`), or durably through the direct writer. Synchronous.
   */
  private writeOut(direct: DirectWalWriter | undefined): void {
    let lsn = this.bufStart;
    let off = 0;
    while (off < this.bufLen) {
      const seg = lsn - (lsn % this.segmentSize);
      const n = Math.min(this.bufLen - off, seg + this.segmentSize - lsn);
      try {
        // Opened (and so created, preallocated) through the buffered path either way.
        const fd = this.segmentFd(seg);
        if (direct !== undefined) {
          direct.write(seg, fd, lsn, this.buf, off, n);
        } else {
          // After direct writes, whole pages (see DirectWalWriter.writeThrough).
          if (this.direct?.writeThrough(fd, seg, lsn, this.buf, off, n) !== true) {
            let done = 0;
            while (done < n) done += writeSync(fd, this.buf, off + done, n - done, lsn - seg + done);
          }
          this.unsynced.add(seg);
        }
      } catch (err) {
        throw this.fail('write to', seg, err);
      }
      off += n;
      lsn += n;
    }
    this.bufStart = lsn;
    this.bufLen = 0;
  }

  /** One group-commit round: write everything buffered, fdatasync the touched segments. */
  private async syncRound(): Promise<void> {
    this.writeBuffered();
    const target = this.bufStart;
    this.roundSegments = [...this.unsynced];
    this.unsynced.clear();
    this.syncCount++;
    try {
      for (const seg of this.roundSegments) {
        if (!this.fsync) continue;
        try {
          await fdatasyncAsync(this.fds.get(seg)!);
        } catch (err) {
          throw this.fail('fdatasync', seg, err);
        }
      }
      // Yield once even without fsync, so concurrent callers group the same way in tests.
      if (!this.fsync) await Promise.resolve();
      this.#flushedLsn = Math.max(this.#flushedLsn, target);
    } finally {
      this.roundSegments = [];
      this.closeIdleFiles();
    }
  }

  private segmentFd(seg: number): number {
    let fd = this.fds.get(seg);
    if (fd === undefined) {
      const path = join(this.walDir, segmentFileName(seg));
      const created = !existsSync(path);
      fd = openSync(path, fsConstants.O_RDWR | fsConstants.O_CREAT, 0o600);
      this.fds.set(seg, fd);
      if (created && this.fsync) {
        zeroFill(fd, 0, this.segmentSize); // preallocation: see the file comment
        fdatasyncSync(fd);
        // A new segment file must survive a crash as a directory entry too.
        fsyncDirectory(this.walDir);
      }
    }
    return fd;
  }

  /** Closes files of finished segments once nothing is left to sync in them. */
  private closeIdleFiles(): void {
    const current = this.bufStart - (this.bufStart % this.segmentSize);
    // The usual case after a commit: only the current segment is open (no Map iterator).
    if (this.fds.size === 1 && this.fds.has(current)) return;
    for (const [seg, fd] of this.fds) {
      if (seg === current || this.unsynced.has(seg) || this.roundSegments.includes(seg)) continue;
      closeSync(fd);
      this.fds.delete(seg);
    }
  }

  /** Records an I/O failure: from now on the Wal refuses all work (see the file comment). */
  private fail(what: 'write to' | 'fdatasync', seg: number, err: unknown): DbError {
    const message = err instanceof Error ? err.message : String(err);
    const path = join(this.walDir, segmentFileName(seg));
    this.failure = new DbError('58030', `could not ${what} file "${path}": ${message}`, {
      severity: 'PANIC',
    });
    this.logger.fatal({ err }, 'WAL I/O failed; refusing further writes');
    return this.failure;
  }

  private checkUsable(): void {
    if (this.failure !== undefined) throw this.failure;
    assert(!this.closed, 'WAL used after close');
  }

  private checkFlushRequest(upTo: Lsn): void {
    if (upTo > this.#insertLsn) {
      throw new DbError(
        'XX000',
        `xlog flush request ${formatLsn(upTo)} is not satisfied --- flushed only to ${formatLsn(this.insertLsn)}`,
      );
    }
  }
}

function readFully(fd: number, into: Uint8Array, length: number): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, done, length - done, done);
    assert(n > 0, 'WAL segment file shorter than the data written to it');
    done += n;
  }
}

const ZEROS = new Uint8Array(1 << 20);

/** Writes zeros over [from, to) of `fd`. Synchronous. */
function zeroFill(fd: number, from: number, to: number): void {
  for (let pos = from; pos < to; ) pos += writeSync(fd, ZEROS, 0, Math.min(ZEROS.length, to - pos), pos);
}

/**
 * Zeros the bytes of `fd` in [from, size) if any is not zero already; returns how many bytes
 * that covered (0 when the tail was clean). Synchronous.
 */
function zeroFrom(fd: number, from: number, size: number): number {
  const chunk = new Uint8Array(1 << 20);
  for (let pos = from; pos < size; ) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - pos), pos);
    if (n <= 0) break;
    for (let i = 0; i < n; i++) {
      if (chunk[i] !== 0) {
        zeroFill(fd, from, size);
        return size - from;
      }
    }
    pos += n;
  }
  return 0;
}
