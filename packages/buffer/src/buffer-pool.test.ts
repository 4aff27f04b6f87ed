import {
  DbError,
  type FileId,
  fileId,
  type Logger,
  type Lsn,
  lsn,
  PAGE_SIZE,
  readPageLsn,
  writePageLsn,
} from '@rustydb/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferPool, type Frame, recentSlots } from './buffer-pool.js';
import { MemoryPageDevice } from './memory-page-device.js';
import type { WalFlusher } from './page-device.js';

const F = fileId(7);

/** A WalFlusher double that records its flushes in a shared event log. */
class RecordingWal implements WalFlusher {
  flushedLsn: Lsn;
  constructor(
    private readonly events: string[],
    flushed = 0,
  ) {
    this.flushedLsn = lsn(flushed);
  }
  flushSync(upTo: Lsn): void {
    this.events.push(`flush ${upTo}`);
    if (upTo > this.flushedLsn) this.flushedLsn = upTo;
  }
}

/** A MemoryPageDevice that logs page writes into the same event log. */
class RecordingDevice extends MemoryPageDevice {
  constructor(private readonly events: string[]) {
    super();
  }
  override writePage(file: FileId, pageNo: number, from: Uint8Array): void {
    this.events.push(`write ${file}/${pageNo} lsn=${readPageLsn(from)}`);
    super.writePage(file, pageNo, from);
  }
}

/** Writes a marker into a page (past the header) and sets its LSN. */
function stamp(pool: BufferPool, frame: Frame, marker: number, pageLsn = 0): void {
  frame.page[100] = marker;
  frame.page[PAGE_SIZE - 1] = marker;
  writePageLsn(frame.page, lsn(pageLsn));
  pool.markDirty(frame);
}

function touch(pool: BufferPool, file: FileId, pageNo: number): number {
  const frame = pool.pin(file, pageNo);
  const marker = frame.page[100]!;
  pool.unpin(frame);
  return marker;
}

function seedDevice(pages: number, file = F): MemoryPageDevice {
  const device = new MemoryPageDevice();
  const page = new Uint8Array(PAGE_SIZE);
  for (let p = 0; p < pages; p++) {
    page[100] = p + 1;
    device.writePage(file, p, page);
  }
  return device;
}

describe('BufferPool pin/unpin', () => {
  it('reads through the device on a miss and answers from the pool on a hit', () => {
    const pool = new BufferPool({ device: seedDevice(3), frames: 2 });
    expect(touch(pool, F, 1)).toBe(2);
    expect(touch(pool, F, 1)).toBe(2);
    expect(pool.stats).toMatchObject({ hits: 1, tableHits: 0, misses: 1, evictions: 0, writes: 0 });
  });

  it('answers repeated pins of evicted, dropped and truncated pages with the right page', () => {
    const G = fileId(8);
    const device = seedDevice(6);
    const page = new Uint8Array(PAGE_SIZE);
    page[100] = 42;
    device.writePage(G, 0, page);
    // Two frames for seven pages: every frame is reused many times over.
    const pool = new BufferPool({ device, frames: 2 });
    for (let round = 0; round < 3; round++) {
      for (let p = 0; p < 6; p++) {
        expect(touch(pool, F, p)).toBe(p + 1);
        expect(touch(pool, F, p)).toBe(p + 1);
      }
      expect(touch(pool, G, 0)).toBe(42);
    }
    expect(touch(pool, F, 5)).toBe(6);
    pool.truncateFile(F, 5);
    // Page 5 is gone: it reads as zeros now, not as the frame that held it.
    expect(touch(pool, F, 5)).toBe(0);
    expect(touch(pool, G, 0)).toBe(42);
    pool.dropFile(G);
    expect(touch(pool, G, 0)).toBe(0);
    expect(() => pool.pin(F, -1)).toThrow(/bad page number -1/);
  });

  it('reads zeros past the end of a file without extending it', () => {
    const pool = new BufferPool({ device: seedDevice(1), frames: 2 });
    const frame = pool.pin(F, 5);
    expect(frame.page.every((b) => b === 0)).toBe(true);
    pool.unpin(frame);
    expect(pool.pageCount(F)).toBe(1);
  });

  it('counts pins: a page pinned twice stays until both pins are released', () => {
    const pool = new BufferPool({ device: seedDevice(3), frames: 1 });
    const a = pool.pin(F, 0);
    const b = pool.pin(F, 0);
    expect(b).toBe(a);
    pool.unpin(a);
    expect(() => pool.pin(F, 1)).toThrow(DbError);
    pool.unpin(b);
    expect(touch(pool, F, 1)).toBe(2);
  });

  it('throws 53200 when every frame is pinned', () => {
    const pool = new BufferPool({ device: seedDevice(3), frames: 2 });
    pool.pin(F, 0);
    pool.pin(F, 1);
    try {
      pool.pin(F, 2);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('53200');
    }
  });

  it('asserts on unpin of an unpinned frame and on markDirty of an unpinned frame', () => {
    const pool = new BufferPool({ device: seedDevice(1), frames: 2 });
    const frame = pool.pin(F, 0);
    pool.unpin(frame);
    expect(() => pool.unpin(frame)).toThrow(/unpin of unpinned/);
    expect(() => pool.markDirty(frame)).toThrow(/unpinned frame/);
  });

  it('rejects a frame of another pool', () => {
    const a = new BufferPool({ device: seedDevice(1), frames: 1 });
    const b = new BufferPool({ device: seedDevice(1), frames: 1 });
    const frame = a.pin(F, 0);
    expect(() => b.unpin(frame)).toThrow(/another pool|not pinned|does not belong/);
  });

  it('gives the frame back when the device fails a read (checksum)', () => {
    const device = seedDevice(2);
    device.storedPage(F, 0)![200] ^= 0xff;
    const pool = new BufferPool({ device, frames: 1 });
    expect(() => pool.pin(F, 0)).toThrow(/invalid page in block 0 of relation base\/7/);
    expect(touch(pool, F, 1)).toBe(2);
  });
});

describe('BufferPool new pages', () => {
  it('pinNew appends zeroed dirty pages counted before they are written', () => {
    const pool = new BufferPool({ device: seedDevice(2), frames: 4 });
    const frame = pool.pinNew(F);
    expect(frame.pageNo).toBe(2);
    expect(frame.page.every((b) => b === 0)).toBe(true);
    expect(pool.isDirty(frame)).toBe(true);
    pool.unpin(frame);
    expect(pool.pinNew(F).pageNo).toBe(3);
    expect(pool.pageCount(F)).toBe(4);
  });

  it('pinForOverwrite zero-fills without reading, even over a corrupted page, and extends the file', () => {
    const device = seedDevice(1);
    device.storedPage(F, 0)![300] ^= 1;
    const pool = new BufferPool({ device, frames: 2 });
    const frame = pool.pinForOverwrite(F, 0);
    expect(frame.page.every((b) => b === 0)).toBe(true);
    pool.unpin(frame);
    const far = pool.pinForOverwrite(F, 9);
    expect(pool.isDirty(far)).toBe(true);
    pool.unpin(far);
    expect(pool.pageCount(F)).toBe(10);
  });

  it('pinForOverwrite of a cached page zero-fills that frame', () => {
    const pool = new BufferPool({ device: seedDevice(1), frames: 2 });
    expect(touch(pool, F, 0)).toBe(1);
    const frame = pool.pinForOverwrite(F, 0);
    expect(frame.page[100]).toBe(0);
    pool.unpin(frame);
  });
});

describe('BufferPool writing', () => {
  it('writes a dirty victim back and reads it again later', () => {
    const device = seedDevice(4);
    const pool = new BufferPool({ device, frames: 2 });
    const frame = pool.pin(F, 0);
    stamp(pool, frame, 42);
    pool.unpin(frame);
    for (let p = 1; p < 4; p++) touch(pool, F, p);
    expect(pool.stats.writes).toBe(1);
    expect(pool.stats.evictions).toBeGreaterThan(0);
    expect(touch(pool, F, 0)).toBe(42);
  });

  it('obeys the WAL rule: evicting a dirty page flushes WAL to its LSN first', () => {
    const events: string[] = [];
    const wal = new RecordingWal(events, 50);
    const pool = new BufferPool({ device: new RecordingDevice(events), frames: 1, wal });
    const frame = pool.pinNew(F);
    stamp(pool, frame, 1, 100);
    pool.unpin(frame);
    touch(pool, F, 5); // evicts page 0
    expect(events).toEqual(['flush 100', `write ${F}/0 lsn=100`]);
  });

  it('does not flush WAL for a page whose LSN is already durable', () => {
    const events: string[] = [];
    const wal = new RecordingWal(events, 500);
    const pool = new BufferPool({ device: new RecordingDevice(events), frames: 1, wal });
    const frame = pool.pinNew(F);
    stamp(pool, frame, 1, 100);
    pool.unpin(frame);
    touch(pool, F, 5);
    expect(events).toEqual([`write ${F}/0 lsn=100`]);
  });

  it('flushAll writes every dirty page, pinned or not, after one WAL flush, then syncs', () => {
    const events: string[] = [];
    const device = new RecordingDevice(events);
    const pool = new BufferPool({ device, frames: 4, wal: new RecordingWal(events, 0) });
    const a = pool.pinNew(F);
    stamp(pool, a, 1, 30);
    const b = pool.pinNew(F);
    stamp(pool, b, 2, 70);
    pool.unpin(b);
    touch(pool, F, 0);
    pool.flushAll();
    expect(events).toEqual(['flush 70', `write ${F}/0 lsn=30`, `write ${F}/1 lsn=70`]);
    expect(device.syncs).toBe(1);
    expect(pool.isDirty(a)).toBe(false);
    pool.flushAll();
    expect(events).toHaveLength(3);
  });

  it('flushAllInTurns writes a chunk of pages per turn and syncs once at the end', async () => {
    const device = new MemoryPageDevice();
    const pool = new BufferPool({ device, frames: 8 });
    const frames = [0, 1, 2, 3, 4].map((i) => {
      const frame = pool.pinNew(F);
      stamp(pool, frame, i + 1);
      return frame;
    });
    for (const frame of frames.slice(1)) pool.unpin(frame); // page 0 stays pinned: written all the same
    const dirtyAtTurn: number[] = [];
    let later: Frame | undefined;
    await pool.flushAllInTurns(async () => {
      dirtyAtTurn.push(frames.filter((f) => pool.isDirty(f)).length);
      // A session runs meanwhile: it creates a page ahead of the pass and changes one behind it.
      if (later === undefined) {
        later = pool.pinNew(F);
        stamp(pool, later, 9);
        pool.unpin(later);
        const behind = pool.pin(F, 0);
        stamp(pool, behind, 10);
        pool.unpin(behind);
      }
    }, 2);
    expect(dirtyAtTurn).toEqual([3, 2]); // page 0 is dirty again at the second turn
    expect(pool.isDirty(later!)).toBe(false); // ahead of the pass: written by it
    expect(pool.isDirty(frames[0]!)).toBe(true); // behind it: the next checkpoint's
    expect(device.syncs).toBe(1);
    expect(pool.stats.checkpointWrites).toBe(6);
    pool.unpin(frames[0]!);
  });

  it('flushSome writes at most `max` dirty unpinned pages and resumes its sweep', () => {
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 8, dirtyLimit: 0 });
    const frames = [0, 1, 2, 3, 4].map(() => pool.pinNew(F));
    for (const [i, frame] of frames.entries()) stamp(pool, frame, i + 1);
    for (const frame of frames.slice(1)) pool.unpin(frame); // page 0 stays pinned
    // The first pass gives each page just changed its second chance.
    expect(pool.flushSome(3)).toBe(0);
    expect(pool.flushSome(3)).toBe(3);
    expect(pool.flushSome(3)).toBe(1);
    expect(pool.flushSome(3)).toBe(0);
    expect(pool.isDirty(frames[0]!)).toBe(true);
    expect(pool.stats.writes).toBe(4);
    // pg_stat_bgwriter: the background writer's pages, and the one round its limit stopped.
    expect(pool.stats).toMatchObject({ cleanWrites: 4, cleanLimitReached: 1, checkpointWrites: 0 });
    pool.unpin(frames[0]!);
    pool.flushAll();
    expect(pool.stats).toMatchObject({ writes: 5, cleanWrites: 4, checkpointWrites: 1 });
  });

  it('flushSome skips pages whose WAL is not durable yet, without flushing the WAL', () => {
    const events: string[] = [];
    const wal = new RecordingWal(events, 50);
    const pool = new BufferPool({ device: new RecordingDevice(events), frames: 4, wal, dirtyLimit: 0 });
    const a = pool.pinNew(F);
    stamp(pool, a, 1, 40);
    const b = pool.pinNew(F);
    stamp(pool, b, 2, 90);
    pool.unpin(a);
    pool.unpin(b);
    expect(pool.flushSome(4)).toBe(0);
    expect(pool.flushSome(4)).toBe(1);
    expect(events).toEqual([`write ${F}/0 lsn=40`]);
    expect(pool.isDirty(b)).toBe(true);
    wal.flushSync(lsn(90));
    expect(pool.flushSome(4)).toBe(1);
    expect(events).toEqual([`write ${F}/0 lsn=40`, 'flush 90', `write ${F}/1 lsn=90`]);
  });

  it('flushSome leaves a page that is changed between its passes to the checkpoint', () => {
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 4, dirtyLimit: 0 });
    const hot = pool.pinNew(F);
    const cold = pool.pinNew(F);
    stamp(pool, hot, 1);
    stamp(pool, cold, 2);
    pool.unpin(hot);
    pool.unpin(cold);
    for (let round = 0; round < 5; round++) {
      pool.flushSome(4);
      const again = pool.pin(F, 0); // the hot page changes again before the next pass
      stamp(pool, again, round + 10);
      pool.unpin(again);
    }
    expect(pool.stats.cleanWrites).toBe(1);
    expect(pool.isDirty(cold)).toBe(false);
    expect(pool.isDirty(hot)).toBe(true);
    // Left alone, it is written on the pass after the one that saw its last change.
    pool.flushSome(4);
    expect(pool.isDirty(hot)).toBe(true);
    pool.flushSome(4);
    expect(pool.isDirty(hot)).toBe(false);
    expect(pool.stats.cleanWrites).toBe(2);
  });

  it('flushSome writes nothing while the pages fit the pool and stay under the dirty limit', () => {
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 8, dirtyLimit: 0.5 });
    const frames = [0, 1, 2, 3].map(() => pool.pinNew(F));
    for (const [i, frame] of frames.entries()) {
      stamp(pool, frame, i + 1);
      pool.unpin(frame);
    }
    for (let round = 0; round < 4; round++) expect(pool.flushSome(8)).toBe(0);
    // One page past the limit: the writer brings the dirty pages back to it.
    const fifth = pool.pinNew(F);
    stamp(pool, fifth, 5);
    pool.unpin(fifth);
    expect(pool.flushSome(8)).toBe(0); // their second chance
    expect(pool.flushSome(8)).toBe(1);
    expect(pool.flushSome(8)).toBe(0);
  });

  it("flushSome cleans for evictions once no frame is free: twice the last round's allocations", () => {
    const device = seedDevice(20);
    const pool = new BufferPool({ device, frames: 8, dirtyLimit: 1 });
    for (let p = 0; p < 8; p++) {
      const frame = pool.pin(F, p);
      stamp(pool, frame, p + 1);
      pool.unpin(frame);
    }
    pool.flushSome(8); // the second chances; allocations counted from here
    expect(pool.flushSome(8)).toBe(0);
    touch(pool, F, 8); // evicts a dirty page: written by the allocation itself
    expect(pool.stats.writes).toBe(1);
    expect(pool.flushSome(8)).toBe(2);
    expect(pool.flushSome(8)).toBe(0); // no allocation since
    expect(pool.stats.cleanWrites).toBe(2);
  });
});

describe('BufferPool background writer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes dirty pages on its timer and stops on request', () => {
    vi.useFakeTimers();
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 8, dirtyLimit: 0 });
    for (let i = 0; i < 5; i++) {
      const frame = pool.pinNew(F);
      stamp(pool, frame, i + 1);
      pool.unpin(frame);
    }
    pool.startBackgroundWriter(10, 2);
    vi.advanceTimersByTime(10); // the pages' second chance
    expect(pool.stats.writes).toBe(0);
    vi.advanceTimersByTime(10);
    expect(pool.stats.writes).toBe(2);
    vi.advanceTimersByTime(10);
    expect(pool.stats.writes).toBe(4);
    pool.stopBackgroundWriter();
    vi.advanceTimersByTime(100);
    expect(pool.stats.writes).toBe(4);
  });

  it('logs and stops when the device fails', () => {
    vi.useFakeTimers();
    const device = new MemoryPageDevice();
    device.writePage = () => {
      throw new Error('EIO');
    };
    const errors: unknown[] = [];
    const logger = { error: (obj: unknown) => errors.push(obj) } as unknown as Logger;
    const pool = new BufferPool({ device, frames: 2, logger, dirtyLimit: 0 });
    const frame = pool.pinNew(F);
    stamp(pool, frame, 1);
    pool.unpin(frame);
    pool.startBackgroundWriter(5, 1);
    vi.advanceTimersByTime(50);
    expect(errors).toHaveLength(1);
  });
});

describe('BufferPool files', () => {
  it('dropFile forgets frames unwritten and drops the device file', () => {
    const device = seedDevice(2);
    const pool = new BufferPool({ device, frames: 4 });
    const frame = pool.pin(F, 0);
    stamp(pool, frame, 9);
    pool.unpin(frame);
    pool.dropFile(F);
    expect(pool.stats.writes).toBe(0);
    expect(device.pageCount(F)).toBe(0);
    expect(pool.pageCount(F)).toBe(0);
    expect(touch(pool, F, 0)).toBe(0);
  });

  it('refuses to drop a file with a pinned page', () => {
    const pool = new BufferPool({ device: seedDevice(1), frames: 2 });
    pool.pin(F, 0);
    expect(() => pool.dropFile(F)).toThrow(/pinned/);
  });

  it('truncateFile forgets the cut pages and keeps the rest', () => {
    const device = seedDevice(4);
    const pool = new BufferPool({ device, frames: 8 });
    for (let p = 0; p < 4; p++) {
      const frame = pool.pin(F, p);
      stamp(pool, frame, 10 + p);
      pool.unpin(frame);
    }
    pool.truncateFile(F, 2);
    expect(pool.pageCount(F)).toBe(2);
    expect(device.pageCount(F)).toBe(2);
    expect(touch(pool, F, 1)).toBe(11);
    expect(touch(pool, F, 3)).toBe(0);
    pool.flushAll();
    expect(pool.stats.writes).toBe(2);
  });

  it('createFile creates an empty device file', () => {
    const device = new MemoryPageDevice();
    const pool = new BufferPool({ device, frames: 1 });
    pool.createFile(fileId(3));
    expect(pool.pageCount(fileId(3))).toBe(0);
    expect(pool.pinNew(fileId(3)).pageNo).toBe(0);
  });
});

describe('bulk reads', () => {
  const G = fileId(8);

  /** A scan's pin of page `pageNo` of G (sequential); returns the page's marker. */
  function scanTouch(pool: BufferPool, pageNo: number): number {
    const frame = pool.pin(G, pageNo, true);
    const marker = frame.page[100]!;
    pool.unpin(frame);
    return marker;
  }

  /** `device` with `pages` more pages in file G, page p marked (p % 250) + 1. */
  function seedG(device: MemoryPageDevice, pages: number): MemoryPageDevice {
    const page = new Uint8Array(PAGE_SIZE);
    for (let p = 0; p < pages; p++) {
      page[100] = (p % 250) + 1;
      device.writePage(G, p, page);
    }
    return device;
  }

  it('a scan bigger than the pool reads through a ring: the other pages stay', () => {
    const pool = new BufferPool({ device: seedG(seedDevice(100), 1000), frames: 256 });
    for (let p = 0; p < 100; p++) touch(pool, F, p);
    for (let p = 0; p < 1000; p++) expect(scanTouch(pool, p)).toBe((p % 250) + 1);
    // At most the ring's frames came from F's pages (the ring takes them once, then reuses them).
    let held = 0;
    for (let p = 0; p < 100; p++) if (pool.peek(F, p) !== undefined) held++;
    expect(held).toBeGreaterThanOrEqual(100 - 32);
  });

  it('scans of a table a little bigger than the pool miss only about the excess', () => {
    const pool = new BufferPool({ device: seedG(new MemoryPageDevice(), 300), frames: 256 });
    const scan = () => {
      const misses = pool.stats.misses;
      for (let p = 0; p < 300; p++) expect(scanTouch(pool, p)).toBe((p % 250) + 1);
      return pool.stats.misses - misses;
    };
    expect(scan()).toBe(300);
    // Without the ring each scan's misses evict the pages it is about to read: all 300 miss.
    expect(scan()).toBeLessThan(150);
    expect(scan()).toBeLessThan(150);
  });

  it('a dirty ring page is written before its frame is reused', () => {
    const pool = new BufferPool({ device: seedG(new MemoryPageDevice(), 200), frames: 64 });
    for (let p = 0; p < 200; p++) {
      const frame = pool.pin(G, p);
      frame.page[200] = 9;
      pool.markDirty(frame);
      pool.unpin(frame);
    }
    for (let p = 0; p < 200; p++) {
      const frame = pool.pin(G, p, true);
      expect(frame.page[200]).toBe(9);
      pool.unpin(frame);
    }
  });

  it("leaves pins that are not a scan's to the replacer", () => {
    const pool = new BufferPool({ device: seedG(seedDevice(100), 1000), frames: 256 });
    for (let p = 0; p < 100; p++) touch(pool, F, p);
    // An index range scan, say: ascending misses, but not a sequential scan's.
    for (let p = 0; p < 1000; p++) expect(touch(pool, G, p)).toBe((p % 250) + 1);
    let held = 0;
    for (let p = 0; p < 100; p++) if (pool.peek(F, p) !== undefined) held++;
    expect(held).toBe(0);
  });
});

describe('eviction policies', () => {
  /** Uses page 0 hard, then scans `scan` other pages once; returns whether page 0 stayed cached. */
  function hotPageSurvivesScan(eviction: 'clock' | 'lru', scan: number): boolean {
    const pool = new BufferPool({ device: seedDevice(scan + 1), frames: 4, eviction });
    for (let i = 0; i < 5; i++) touch(pool, F, 0);
    for (let p = 1; p <= scan; p++) touch(pool, F, p);
    const misses = pool.stats.misses;
    touch(pool, F, 0);
    return pool.stats.misses === misses;
  }

  it('CLOCK keeps a frequently used page through a short scan', () => {
    expect(hotPageSurvivesScan('clock', 6)).toBe(true);
  });

  it('LRU evicts it as soon as the scan is longer than the pool', () => {
    expect(hotPageSurvivesScan('lru', 6)).toBe(false);
    expect(hotPageSurvivesScan('lru', 3)).toBe(true);
  });

  for (const eviction of ['clock', 'lru'] as const) {
    it(`${eviction}: a random workload over many more pages than frames matches a model`, () => {
      const device = new MemoryPageDevice();
      const pool = new BufferPool({ device, frames: 4, eviction });
      const model = new Map<number, number>();
      let seed = 12345;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const held: Frame[] = [];
      for (let op = 0; op < 3000; op++) {
        const pageNo = random(40);
        const frame = pool.pin(F, pageNo);
        expect(frame.page[100]).toBe(model.get(pageNo) ?? 0);
        if (random(3) === 0) {
          const marker = random(255) + 1;
          stamp(pool, frame, marker);
          model.set(pageNo, marker);
        }
        // Keep up to two pages pinned for a while, so eviction must skip them.
        held.push(frame);
        if (held.length > 2) pool.unpin(held.shift()!);
      }
      for (const frame of held) pool.unpin(frame);
      pool.flushAll();
      const page = new Uint8Array(PAGE_SIZE);
      for (const [pageNo, marker] of model) {
        device.readPage(F, pageNo, page);
        expect(page[100]).toBe(marker);
      }
      expect(pool.stats.evictions).toBeGreaterThan(100);
    });
  }
});

describe('BufferPool page addresses', () => {
  it('rejects page numbers and file ids that cannot form a page key', () => {
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 2 });
    expect(() => pool.pin(F, -1)).toThrow(/bad page number/);
    expect(() => pool.pin(F, 1.5)).toThrow(/bad page number/);
    expect(() => pool.pinForOverwrite(fileId(2 ** 21), 0)).toThrow(/out of range/);
    expect(touch(pool, F, 0)).toBe(0); // no frame was lost
    expect(touch(pool, F, 1)).toBe(0);
  });
});

describe('BufferPool recent-page hint', () => {
  it('has a power of two of slots, at least one per frame', () => {
    expect(recentSlots(1)).toBe(4096);
    expect(recentSlots(4096)).toBe(4096);
    expect(recentSlots(4097)).toBe(8192);
    expect(recentSlots(16384)).toBe(16384);
  });

  it('rarely sends two files of a working set that fits the pool to the page table', () => {
    // A table's heap and its index, 3,000 and 400 pages (file ids as pgbench -i makes them): with
    // the fixed 4,096 slots of before, 800 of each round's 3,400 pins went through the page
    // table's Map.
    const heap = fileId(16388);
    const index = fileId(16396);
    const pool = new BufferPool({ device: new MemoryPageDevice(), frames: 16384 });
    const pinAll = () => {
      for (let p = 0; p < 3000; p++) pool.unpin(pool.pin(heap, p));
      for (let p = 0; p < 400; p++) pool.unpin(pool.pin(index, p));
    };
    pinAll();
    const before = pool.stats.tableHits;
    for (let round = 0; round < 3; round++) pinAll();
    const lookups = (pool.stats.tableHits - before) / 3;
    expect(lookups).toBeLessThan(40);
    expect(pool.stats.misses).toBe(3400);
  });
});

describe('BufferPool peek', () => {
  it('gives a held page bytes without a pin, and undefined once it is gone', () => {
    const pool = new BufferPool({ device: seedDevice(4), frames: 1 });
    expect(pool.peek(F, 1)).toBeUndefined(); // never read
    const frame = pool.pin(F, 1);
    const bytes = frame.page.slice();
    pool.unpin(frame);
    const hits = pool.stats.hits;
    expect(pool.peek(F, 1)).toEqual(bytes);
    expect(pool.stats.hits).toBe(hits);
    // Not pinned: another page through the one-frame pool evicts it.
    expect(touch(pool, F, 2)).toBe(3);
    expect(pool.peek(F, 1)).toBeUndefined();
    expect(pool.peek(F, 2)?.[100]).toBe(3);
    expect(pool.peek(fileId(8), 2)).toBeUndefined(); // same page number, another file
  });
});
