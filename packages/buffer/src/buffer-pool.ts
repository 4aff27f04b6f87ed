/**
 * BufferPool: a fixed set of PAGE_SIZE frames caching pages of a PageDevice.
 *
 * Invariants:
 * - A pinned frame keeps its page: it is never evicted, and `frame.page` stays the same bytes
 *   until the last unpin. Pins are counted; every pin needs exactly one unpin.
 * - The WAL rule: a dirty page is written only after the WAL is durable up to the page's LSN
 *   (`wal.flushSync(readPageLsn(page))`), whoever writes it (eviction, checkpoint, background
 *   writer). Redo can therefore always rebuild a page from the log.
 * - The page table maps `file * 2^32 + pageNo` to a frame index; a frame is in the table exactly
 *   when it holds a page (frames not in the table sit on the free list, with pageNo -1).
 * - In front of the table, `recent` remembers the frame of the last page pinned per hash slot
 *   (direct-mapped). It is a hint: a hit counts only when that frame still holds the page (its
 *   file and pageNo match, which by the invariant above means it is the table's frame), so
 *   eviction never has to clear it. A hit skips the Map lookup, whose key (a double, not a small
 *   integer) makes it the costliest step of a pin: a point query pins five or six pages.
 * - A file's page count is max(device count, pages created through the pool): new pages live in
 *   the pool until written, so the device alone would under-count them.
 *
 * - Bulk reads take a ring (PostgreSQL's BAS_BULKREAD strategy): a caller reading a file in page
 *   order says so (`pin`'s `sequential`: the heap's scans, ANALYZE, VACUUM, an index build's
 *   table scan); once the pool is full and BULK_READ_AFTER of those misses in a row land on
 *   ascending pages of one file, each further miss reuses a frame of a RING_FRAMES ring, one that
 *   still holds a page the ring read, instead of evicting by the replacer. Other pins (index
 *   descents and range scans, fetches by tid) never take the ring. A scan of a table bigger than the pool then no
 *   longer pushes everything else out, nor its own next pages (a scan of a table a little bigger
 *   than the pool missed on every page, on every scan).
 *
 * Everything is synchronous: page work never awaits, so a page cannot change under a caller
 * between two statements of its own code.
 *
 * NB: one big ArrayBuffer backs every frame; a frame's `page` is a fixed view into it, so the
 * pool allocates nothing after construction except page-table entries.
 */
import {
  assert,
  DbError,
  type FileId,
  INVALID_LSN,
  type Logger,
  type Lsn,
  PAGE_SIZE,
  readPageLsn,
  silentLogger,
} from '@rustydb/common';
import { ClockReplacer } from './clock.js';
import { LruReplacer } from './lru.js';
import type { PageDevice, WalFlusher } from './page-device.js';
import type { Replacer } from './replacer.js';

/** A pinned page. `page` is a PAGE_SIZE view into the pool, valid and stable while pinned. */
export interface Frame {
  readonly file: FileId;
  readonly pageNo: number;
  readonly page: Uint8Array;
}

export interface BufferPoolOptions {
  readonly device: PageDevice;
  /** Number of frames (pages held in memory). */
  readonly frames: number;
  /** The WAL to flush before writing a dirty page. Without one, pages are written as they are. */
  readonly wal?: WalFlusher;
  /** Eviction policy; 'clock' by default. */
  readonly eviction?: 'clock' | 'lru';
  /**
   * Dirty pages the background writer leaves alone while nothing needs their frames, as a
   * fraction of the frames (default 0.25; see `flushSome`). 0: it cleans every dirty page.
   */
  readonly dirtyLimit?: number;
  readonly logger?: Logger;
}

/** Counters since the pool was created. */
export interface BufferPoolStats {
  /** Pins answered from the pool. */
  hits: number;
  /** Of the hits, those the `recent` hint missed (answered by the page table's Map). */
  tableHits: number;
  /** Pins that read the page from the device. */
  misses: number;
  /** Frames given a page not in the pool, read or new (pg_stat_bgwriter's buffers_alloc). */
  allocs: number;
  /** Frames taken from one page for another. */
  evictions: number;
  /** Pages written to the device. */
  writes: number;
  /** Of the writes, those of checkpoints (`flushAll`: pg_stat_bgwriter's buffers_checkpoint). */
  checkpointWrites: number;
  /** Of the writes, those of the background writer (`flushSome`: buffers_clean). */
  cleanWrites: number;
  /** Background writer rounds stopped by their page limit (maxwritten_clean). */
  cleanLimitReached: number;
  /** Milliseconds checkpoints spent writing pages, and syncing the device (`flushAll`). */
  checkpointWriteMs: number;
  checkpointSyncMs: number;
}

/** Misses in a row on ascending pages of one file that make a bulk read (see the file comment). */
const BULK_READ_AFTER = 32;
/** A later miss counts as the same run when at most this many pages past the last one. */
const BULK_READ_GAP = 16;
/** Frames of the bulk-read ring: 256 KiB, PostgreSQL's. */
const RING_FRAMES = 32;

/** The highest file id whose page keys stay exact doubles (file * 2^32 + pageNo < 2^53). */
const MAX_FILE_ID = 2 ** 21 - 1;
const TWO_32 = 0x1_0000_0000;
/** Fewest slots of the `recent` hint; a pool has the power of two at or above its frame count. */
const MIN_RECENT_SLOTS = 4096;

/**
 * The `recent` slot of a page: its number mixed with the file's (any spread will do). A file's
 * consecutive pages take consecutive slots, so two files collide only where their ranges of
 * slots overlap: with as many slots as frames, a working set that fits the pool mostly does not.
 */
const recentSlot = (file: FileId, pageNo: number, mask: number): number =>
  (Math.imul(file, 0x9e3779b1) ^ pageNo) & mask;

/** @internal The hint's slot count for a pool of `frames`: a power of two, at least MIN_RECENT_SLOTS. */
export function recentSlots(frames: number): number {
  let slots = MIN_RECENT_SLOTS;
  while (slots < frames) slots *= 2;
  return slots;
}

const pageKey = (file: FileId, pageNo: number): number => file * TWO_32 + pageNo;

/** Page addresses must make exact, distinct page keys. Checked on misses only (hits were checked). */
function checkPage(file: FileId, pageNo: number): void {
  assert(Number.isInteger(file) && file >= 0 && file <= MAX_FILE_ID, `file id ${file} out of range`);
  assert(Number.isInteger(pageNo) && pageNo >= 0 && pageNo < TWO_32, `bad page number ${pageNo}`);
}

class BufferFrame implements Frame {
  file = 0 as FileId;
  pageNo = -1;
  constructor(
    readonly index: number,
    readonly page: Uint8Array,
  ) {}
}

/** See the file comment. Not safe to share between two databases. */
export class BufferPool {
  readonly stats: BufferPoolStats = {
    hits: 0,
    tableHits: 0,
    misses: 0,
    allocs: 0,
    evictions: 0,
    writes: 0,
    checkpointWrites: 0,
    cleanWrites: 0,
    cleanLimitReached: 0,
    checkpointWriteMs: 0,
    checkpointSyncMs: 0,
  };
  private readonly device: PageDevice;
  private readonly wal: WalFlusher | undefined;
  private readonly logger: Logger;
  private readonly frames: BufferFrame[] = [];
  private readonly pins: Int32Array;
  private readonly dirty: Uint8Array;
  /**
   * Frames changed since the background writer last passed them (or created since): it skips such
   * a page once, clearing the mark, so a page still being changed is not written (see flushSome).
   */
  private readonly changed: Uint8Array;
  private readonly table = new Map<number, number>();
  /** Per slot, a frame index + 1 that held the slot's last pinned page (0: none). A hint. */
  private readonly recent: Int32Array;
  /** `recent.length - 1`. */
  private readonly recentMask: number;
  /** Frames holding no page, used before evicting anything. */
  private readonly free: number[] = [];
  private readonly pageCounts = new Map<FileId, number>();
  private readonly replacer: Replacer;
  /** Where the background writer resumes its sweep. */
  private writerHand = 0;
  /** `stats.allocs` at the writer's previous round. */
  private writerAllocs = 0;
  /** Frames with `dirty` set. */
  private dirtyPages = 0;
  private readonly dirtyLimit: number;
  private writerTimer: NodeJS.Timeout | undefined;
  /** The last miss (file, page) and how many misses in a row were sequential up to it. */
  private missFile = -1;
  private missPage = -1;
  private missRun = 0;
  /** The bulk-read ring: per slot, a frame and the page key it read there (-1: none yet). */
  private readonly ringFrames = new Int32Array(RING_FRAMES).fill(-1);
  private readonly ringKeys = new Float64Array(RING_FRAMES).fill(-1);
  private ringHand = 0;

  /** @throws InternalError if `frames` is not a positive integer. */
  constructor(options: BufferPoolOptions) {
    const n = options.frames;
    assert(Number.isInteger(n) && n > 0, `buffer pool needs a positive frame count, got ${n}`);
    this.device = options.device;
    this.wal = options.wal;
    this.logger = options.logger ?? silentLogger();
    const memory = new ArrayBuffer(n * PAGE_SIZE);
    for (let i = 0; i < n; i++) {
      this.frames.push(new BufferFrame(i, new Uint8Array(memory, i * PAGE_SIZE, PAGE_SIZE)));
    }
    // Pop order: frame 0 first.
    for (let i = n - 1; i >= 0; i--) this.free.push(i);
    this.pins = new Int32Array(n);
    this.dirty = new Uint8Array(n);
    this.changed = new Uint8Array(n);
    this.dirtyLimit = Math.floor(n * (options.dirtyLimit ?? 0.25));
    this.recent = new Int32Array(recentSlots(n));
    this.recentMask = this.recent.length - 1;
    this.replacer = options.eviction === 'lru' ? new LruReplacer(n) : new ClockReplacer(n);
  }

  /** Number of frames. */
  get size(): number {
    return this.frames.length;
  }

  /**
   * Pins page `pageNo` of `file`, reading it through the device on a miss. A page past the end of
   * the file reads as zeros (and does not extend the file). Unpin the frame when done.
   * `sequential`: the caller reads the file in page order (a scan): its misses may take the
   * bulk-read ring (see the file comment).
   * @throws DbError XX001 from the device when the page fails its checksum.
   * @throws DbError 53200 when every frame is pinned.
   */
  pin(file: FileId, pageNo: number, sequential = false): Frame {
    const slot = recentSlot(file, pageNo, this.recentMask);
    const recent = this.recent[slot]! - 1;
    if (recent >= 0) {
      const frame = this.frames[recent]!;
      // NB: pageNo -1 would match a free frame; it is no page (the table path rejects it).
      if (frame.pageNo === pageNo && frame.file === file && pageNo >= 0) {
        this.stats.hits++;
        return this.pinFrame(recent);
      }
    }
    const hit = this.table.get(pageKey(file, pageNo));
    if (hit !== undefined) {
      this.stats.hits++;
      this.stats.tableHits++;
      this.recent[slot] = hit + 1;
      return this.pinFrame(hit);
    }
    this.stats.misses++;
    checkPage(file, pageNo);
    const i = sequential ? this.frameForMiss(file, pageNo) : this.allocate();
    const frame = this.frames[i]!;
    try {
      this.device.readPage(file, pageNo, frame.page);
    } catch (err) {
      // The frame holds half a page of garbage and no mapping: give it back and let the error go.
      frame.page.fill(0);
      this.free.push(i);
      throw err;
    }
    this.install(i, file, pageNo);
    this.recent[slot] = i + 1;
    return this.pinFrame(i);
  }

  /**
   * Appends a zeroed page at the end of `file` and pins it. The frame is dirty: the page reaches
   * the device at eviction or checkpoint. @throws DbError 53200 when every frame is pinned.
   */
  pinNew(file: FileId): Frame {
    return this.pinZeroed(file, this.pageCount(file));
  }

  /**
   * Pins page `pageNo` zero-filled without reading it, for redo of a full page image (the page on
   * disk may be torn). Extends the file's page count if needed. The frame is dirty.
   * @throws DbError 53200 when every frame is pinned.
   */
  pinForOverwrite(file: FileId, pageNo: number): Frame {
    return this.pinZeroed(file, pageNo);
  }

  /** Releases one pin. @throws InternalError if the frame is not pinned (our bug). */
  /**
   * The bytes of page `pageNo` of `file` when the pool holds it and the `recent` hint knows it,
   * without a pin; else undefined (pin it then: that sets the hint). For reading a few fields at
   * once (a B-tree's root and height on its meta page, at every descent): the bytes are valid
   * only until the next call into the pool, which may evict the page. Counts no hit; the
   * replacer sees the access as it sees a pin's.
   */
  peek(file: FileId, pageNo: number): Uint8Array | undefined {
    const recent = this.recent[recentSlot(file, pageNo, this.recentMask)]! - 1;
    if (recent < 0) return undefined;
    const frame = this.frames[recent]!;
    if (frame.pageNo !== pageNo || frame.file !== file || pageNo < 0) return undefined;
    this.replacer.touch(recent);
    return frame.page;
  }

  unpin(frame: Frame): void {
    const i = this.indexOf(frame);
    // The message is built only on failure: unpin runs once per page access.
    if (this.pins[i]! <= 0) assert(false, `unpin of unpinned page ${frame.pageNo} of file ${frame.file}`);
    this.pins[i]!--;
  }

  /**
   * How many pins `frame` holds now (the caller's included). A page is rearranged in place
   * (heap pruning, PostgreSQL's cleanup lock) only when the caller's pin is the only one, so no
   * cursor or fetcher is reading it. Synchronous.
   */
  pinCount(frame: Frame): number {
    return this.pins[this.indexOf(frame)]!;
  }

  /** Marks a pinned frame's page as changed: it will be written before its frame is reused. */
  markDirty(frame: Frame): void {
    const i = this.indexOf(frame);
    assert(this.pins[i]! > 0, 'markDirty of an unpinned frame');
    this.setDirty(i);
  }

  /** Pages in `file`: max(device count, pages created through the pool). */
  pageCount(file: FileId): number {
    let count = this.pageCounts.get(file);
    if (count === undefined) {
      count = this.device.pageCount(file);
      this.pageCounts.set(file, count);
    }
    return count;
  }

  /** Creates an empty file on the device (no-op if it exists). */
  createFile(file: FileId): void {
    this.device.createFile(file);
  }

  /**
   * Checkpoint: writes every dirty page, pinned or not (page work is synchronous, so a pinned page
   * is not half-changed here), flushing the WAL first to the highest page LSN, then syncs the device.
   */
  flushAll(): void {
    this.flushWalForDirtyPages();
    const writing = performance.now();
    let written = 0;
    for (let i = 0; i < this.frames.length; i++) {
      if (this.dirty[i]) {
        this.write(i);
        written++;
      }
    }
    this.finishCheckpoint(written, writing);
  }

  /**
   * flushAll taking turns, for a checkpoint while sessions run: writes the dirty pages `chunk` at
   * a time and awaits `turn()` between chunks, so a checkpoint of many pages does not hold the
   * event loop for all of them; then syncs the device. One pass over the frames writes each
   * page dirty when the pass reaches it: a page dirty at the start is written by the pass or
   * was written since (eviction), and pages changed behind the pass are the next checkpoint's
   * (their WAL lies after the caller's redo pointer). Async.
   */
  async flushAllInTurns(turn: () => Promise<void>, chunk = 64): Promise<void> {
    this.flushWalForDirtyPages();
    const writing = performance.now();
    let written = 0;
    for (let i = 0, inChunk = 0; i < this.frames.length; i++) {
      if (!this.dirty[i]) continue;
      if (inChunk === chunk) {
        await turn();
        inChunk = 0;
        if (!this.dirty[i]) continue; // written (evicted) meanwhile
      }
      this.write(i);
      written++;
      inChunk++;
    }
    this.finishCheckpoint(written, writing);
  }

  /** One WAL flush up to the highest dirty page's LSN, instead of one per page written. */
  private flushWalForDirtyPages(): void {
    let maxLsn = INVALID_LSN;
    for (let i = 0; i < this.frames.length; i++) {
      if (!this.dirty[i]) continue;
      const pageLsn = this.walLsnOf(i);
      if (pageLsn > maxLsn) maxLsn = pageLsn;
    }
    if (this.wal !== undefined && (maxLsn > this.wal.flushedLsn || this.wal.hasDeferredChanges === true))
      this.wal.flushSync(maxLsn);
  }

  private finishCheckpoint(written: number, writing: number): void {
    const syncing = performance.now();
    this.stats.checkpointWrites += written;
    this.stats.checkpointWriteMs += syncing - writing;
    this.device.syncAll();
    this.stats.checkpointSyncMs += performance.now() - syncing;
  }

  /**
   * Background writer step: writes up to `max` dirty unpinned pages, continuing the sweep where
   * the previous call stopped, so eviction finds clean frames. Does not sync. Returns the count.
   *
   * It writes only what is needed, like PostgreSQL's background writer, which cleans for the
   * allocations it expects: once no free frame is left, twice as many pages as frames were
   * allocated since the previous round; and the dirty pages beyond `dirtyLimit`, which bound
   * what a checkpoint must write at once. A page changed since the sweep last passed it gets a
   * second chance (the sweep clears the mark and moves on), so a page still being changed (a
   * pgbench branch, the last page of a growing table) is not written again and again. Other
   * dirty pages wait for the checkpoint or eviction. Writing every dirty page, as this writer
   * did before, was wasted I/O whose writeback competed with the WAL's synchronous writes:
   * pgbench's tpcb-like load at scale 1 kept it at its limit, ~320 writes a second of pages
   * changed again soon after.
   *
   * Only pages whose WAL is already durable (page LSN <= the WAL's flushedLsn) are written: a
   * page changed since the last WAL flush would cost a synchronous fdatasync of the WAL on the
   * event loop, and it is usually still being changed (the page a bulk load is filling), so
   * writing it now is wasted I/O. The next commit's flush makes it eligible; eviction and
   * checkpoints still write any page, flushing the WAL first.
   */
  flushSome(max: number): number {
    const allocs = this.stats.allocs - this.writerAllocs;
    this.writerAllocs = this.stats.allocs;
    const demand = this.free.length === 0 ? 2 * allocs : 0;
    const budget = Math.min(max, Math.max(demand, this.dirtyPages - this.dirtyLimit));
    if (budget <= 0) return 0;
    let written = 0;
    const n = this.frames.length;
    const durable = this.wal?.flushedLsn;
    // Pages with deferred WAL changes are not durable whatever their LSN says.
    if (this.wal?.hasDeferredChanges === true) return 0;
    for (let step = 0; step < n && written < budget; step++) {
      const i = this.writerHand;
      this.writerHand = i + 1 === n ? 0 : i + 1;
      if (this.dirty[i] && this.pins[i] === 0) {
        if (this.changed[i]) {
          this.changed[i] = 0;
          continue;
        }
        if (durable !== undefined && this.walLsnOf(i) > durable) continue;
        this.write(i);
        written++;
      }
    }
    this.stats.cleanWrites += written;
    if (written === max) this.stats.cleanLimitReached++;
    return written;
  }

  /**
   * Runs `flushSome(pagesPerRound)` every `intervalMs` on an unref'd timer (it never keeps the
   * process alive). Replaces a running writer. On an I/O error the writer logs and stops.
   */
  startBackgroundWriter(intervalMs: number, pagesPerRound: number): void {
    this.stopBackgroundWriter();
    this.writerTimer = setInterval(() => {
      try {
        this.flushSome(pagesPerRound);
      } catch (err) {
        // A timer has no caller to throw to; stop rather than retry a failing device every tick.
        this.logger.error({ err }, 'background writer failed; stopped');
        this.stopBackgroundWriter();
      }
    }, intervalMs);
    this.writerTimer.unref();
  }

  /** Stops the background writer, if running. */
  stopBackgroundWriter(): void {
    if (this.writerTimer !== undefined) clearInterval(this.writerTimer);
    this.writerTimer = undefined;
  }

  /**
   * Forgets every frame of `file` without writing it, then drops the file on the device.
   * @throws InternalError if one of its pages is pinned.
   */
  dropFile(file: FileId): void {
    this.forgetPages(file, 0);
    this.pageCounts.delete(file);
    this.device.dropFile(file);
  }

  /**
   * Cuts `file` to `pages` pages: frames past the cut are forgotten unwritten.
   * @throws InternalError if one of the cut pages is pinned.
   */
  truncateFile(file: FileId, pages: number): void {
    this.forgetPages(file, pages);
    this.device.truncateFile(file, pages);
    this.pageCounts.set(file, pages);
  }

  /** @internal Whether a frame's page is dirty, for tests. */
  isDirty(frame: Frame): boolean {
    return this.dirty[this.indexOf(frame)] === 1;
  }

  private pinFrame(i: number): Frame {
    this.pins[i]!++;
    this.replacer.touch(i);
    return this.frames[i]!;
  }

  private pinZeroed(file: FileId, pageNo: number): Frame {
    let i = this.table.get(pageKey(file, pageNo));
    if (i === undefined) {
      checkPage(file, pageNo);
      i = this.allocate();
      this.install(i, file, pageNo);
    } else {
      assert(this.pins[i] === 0, `overwrite of pinned page ${pageNo} of file ${file}`);
    }
    this.frames[i]!.page.fill(0);
    this.setDirty(i);
    if (pageNo >= this.pageCount(file)) this.pageCounts.set(file, pageNo + 1);
    return this.pinFrame(i);
  }

  /** A frame holding no page: a free one, else an evicted one (written first if dirty). */
  private allocate(): number {
    const free = this.free.pop();
    if (free !== undefined) return free;
    const i = this.replacer.victim(this.pins);
    if (i < 0) throw new DbError('53200', 'no unpinned buffers available');
    this.evict(i);
    return i;
  }

  /** Empties frame i (unpinned), writing its page first if dirty. */
  private evict(i: number): void {
    if (this.dirty[i]) this.write(i);
    const frame = this.frames[i]!;
    this.table.delete(pageKey(frame.file, frame.pageNo));
    frame.pageNo = -1;
    this.stats.evictions++;
  }

  /**
   * The frame for a miss on page `pageNo` of `file`: `allocate`'s, or in a bulk read the ring's
   * next frame when it still holds the page the ring read into it and nobody pins it (see the
   * file comment). Counts the run of sequential misses.
   */
  private frameForMiss(file: FileId, pageNo: number): number {
    const sequential =
      file === this.missFile && pageNo > this.missPage && pageNo - this.missPage <= BULK_READ_GAP;
    this.missRun = sequential ? this.missRun + 1 : 0;
    this.missFile = file;
    this.missPage = pageNo;
    if (this.missRun < BULK_READ_AFTER || this.free.length > 0) return this.allocate();
    const slot = this.ringHand;
    this.ringHand = slot + 1 === RING_FRAMES ? 0 : slot + 1;
    const r = this.ringFrames[slot]!;
    let i: number;
    if (r >= 0 && this.pins[r] === 0 && this.table.get(this.ringKeys[slot]!) === r) {
      this.evict(r);
      i = r;
    } else {
      i = this.allocate();
    }
    this.ringFrames[slot] = i;
    this.ringKeys[slot] = pageKey(file, pageNo);
    return i;
  }

  private install(i: number, file: FileId, pageNo: number): void {
    const frame = this.frames[i]!;
    frame.file = file;
    frame.pageNo = pageNo;
    this.table.set(pageKey(file, pageNo), i);
    this.stats.allocs++;
  }

  /**
   * How far the WAL must be durable before frame i is written: its page's LSN, or nothing for a
   * page of an unlogged relation (`WalFlusher.unloggedFiles`: its LSN only counts changes).
   */
  private walLsnOf(i: number): Lsn {
    const frame = this.frames[i]!;
    const unlogged = this.wal?.unloggedFiles;
    if (unlogged !== undefined && unlogged.size > 0 && unlogged.has(frame.file)) return INVALID_LSN;
    return readPageLsn(frame.page);
  }

  /** Writes frame i, obeying the WAL rule. */
  private write(i: number): void {
    const frame = this.frames[i]!;
    const lsn = this.walLsnOf(i);
    // Deferred page changes (a WAL page batch) are not in any page's LSN yet: flush them too.
    const wal = this.wal;
    if (wal !== undefined && (lsn > wal.flushedLsn || wal.hasDeferredChanges === true)) wal.flushSync(lsn);
    this.device.writePage(frame.file, frame.pageNo, frame.page);
    this.setClean(i);
    this.stats.writes++;
  }

  private forgetPages(file: FileId, fromPage: number): void {
    for (const frame of this.frames) {
      if (frame.pageNo < fromPage || frame.file !== file) continue;
      const i = frame.index;
      assert(this.pins[i] === 0, `page ${frame.pageNo} of file ${file} is pinned`);
      this.table.delete(pageKey(file, frame.pageNo));
      frame.pageNo = -1;
      frame.page.fill(0);
      this.setClean(i);
      this.free.push(i);
    }
  }

  private setDirty(i: number): void {
    if (this.dirty[i] === 0) this.dirtyPages++;
    this.dirty[i] = 1;
    this.changed[i] = 1;
  }

  private setClean(i: number): void {
    if (this.dirty[i] === 1) this.dirtyPages--;
    this.dirty[i] = 0;
    this.changed[i] = 0;
  }

  private indexOf(frame: Frame): number {
    const f = frame as BufferFrame;
    assert(this.frames[f.index] === f && f.pageNo >= 0, 'frame does not belong to this pool');
    return f.index;
  }
}
