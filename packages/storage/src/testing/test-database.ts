/**
 * TestDatabase: a throwaway directory with the real bottom of the stack (DiskManager, Wal,
 * BufferPool) for tests that need logged pages, checkpoints and crashes, here and in layers above
 * (a B+tree on pool pages, say).
 *
 * A crash is simulated the way `kill -9` behaves: the pool's dirty pages and the WAL's unwritten
 * buffer vanish, while whatever reached the files (page writes, WAL bytes handed to the OS)
 * stays. Recovery then replays the WAL from the last checkpoint's redo pointer with `redo`.
 *
 * Files: `<dir>/wal/…` (the log) and `<dir>/base/<fileId>` (relation files).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool } from '@rustydb/buffer';
import { type Lsn, silentLogger } from '@rustydb/common';
import { SEGMENT_HEADER_SIZE, Wal } from '@rustydb/wal';
import { DiskManager } from '../disk-manager.js';
import { redo } from '../redo.js';
import type { StoreContext } from '../table-store.js';

export interface TestDatabaseOptions {
  /** Buffer pool frames (default 8: small, so tests exercise eviction). */
  readonly frames?: number;
  readonly eviction?: 'clock' | 'lru';
  /** WAL segment size (default 1 MiB). */
  readonly segmentSize?: number;
}

/** See the file comment. Not durable (no fsync): a test fixture, not a database. */
export class TestDatabase {
  readonly device: DiskManager;
  readonly wal: Wal;
  readonly pool: BufferPool;
  readonly ctx: StoreContext;
  /** Where recovery starts: the redo pointer of the last checkpoint (the log's start before one). */
  redoLsn: Lsn;

  private constructor(
    readonly dir: string,
    private readonly options: TestDatabaseOptions,
    redoLsn: Lsn,
  ) {
    this.device = new DiskManager(join(dir, 'base'), { fsync: false });
    this.wal = Wal.open(dir, { fsync: false, segmentSize: options.segmentSize ?? 1 << 20 });
    this.wal.redoLsn = redoLsn;
    this.pool = new BufferPool({
      device: this.device,
      frames: options.frames ?? 8,
      wal: this.wal,
      eviction: options.eviction ?? 'clock',
    });
    this.ctx = { pool: this.pool, wal: this.wal, logger: silentLogger() };
    this.redoLsn = redoLsn;
  }

  /** A new empty database in a fresh temporary directory. */
  static create(options: TestDatabaseOptions = {}): TestDatabase {
    return new TestDatabase(
      mkdtempSync(join(tmpdir(), 'rustydb-storage-')),
      options,
      SEGMENT_HEADER_SIZE as Lsn,
    );
  }

  /**
   * A checkpoint: takes the redo pointer (the next change to any page logs a full image), writes
   * every dirty page, and remembers the pointer for recovery. Returns it.
   */
  checkpoint(): Lsn {
    const redoLsn = this.wal.insertLsn;
    this.wal.redoLsn = redoLsn;
    this.pool.flushAll();
    this.redoLsn = redoLsn;
    return redoLsn;
  }

  /**
   * Simulates `kill -9` and restarts: flushes the WAL first when `flushWal` is set (as a commit
   * would have), drops the pool without writing it, closes the files and opens a new instance on
   * the same directory. Call `recover()` on the result. This instance must not be used afterwards.
   */
  crash(flushWal = true): TestDatabase {
    this.pool.stopBackgroundWriter();
    if (flushWal) this.wal.flushSync(this.wal.insertLsn);
    this.wal.close();
    this.device.close();
    return new TestDatabase(this.dir, this.options, this.redoLsn);
  }

  /** Replays the WAL from `from` (default: the last checkpoint's redo pointer); returns the count. */
  recover(from: Lsn = this.redoLsn): number {
    let records = 0;
    for (const entry of this.wal.read(from)) {
      redo(this.pool, entry.end, entry.record);
      records++;
    }
    return records;
  }

  /** Closes the files and removes the directory. */
  destroy(): void {
    this.pool.stopBackgroundWriter();
    this.wal.close();
    this.device.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
