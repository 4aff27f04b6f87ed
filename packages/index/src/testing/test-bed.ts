/**
 * @internal TestBed: a throwaway directory with a real Wal, a file-backed PageDevice and a
 * small BufferPool, for the B+tree's crash tests and conformance run.
 *
 * NB: the device is a tiny double of storage's DiskManager (plain files, no checksums), because
 * `index` must not depend on `storage` (storage sits beside it, not below).
 *
 * A crash behaves like `kill -9`: the pool's dirty pages and the WAL's unwritten buffer vanish;
 * page writes and WAL bytes already handed to the OS stay. `recover` then replays the log from
 * the last checkpoint's redo pointer: file records as such, full page images always, and byte
 * ranges where the page's LSN is older than the record's end LSN (what `logPageChanges` stamps),
 * as storage's `redo` does.
 */
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  fstatSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, type PageDevice } from '@rustydb/buffer';
import { type FileId, type Lsn, PAGE_SIZE, readPageLsn, silentLogger } from '@rustydb/common';
import { SEGMENT_HEADER_SIZE, Wal, applyPageChange } from '@rustydb/wal';
import type { IndexContext } from '../index-method.js';

/** Page files `<dir>/<fileId>`; page n at byte n * PAGE_SIZE. Synchronous, never fsyncs. */
export class FilePageDevice implements PageDevice {
  private readonly fds = new Map<FileId, number>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  readPage(file: FileId, pageNo: number, into: Uint8Array): void {
    into.fill(0, 0, PAGE_SIZE);
    const fd = this.fd(file);
    if (fd !== undefined) readSync(fd, into, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
  }

  writePage(file: FileId, pageNo: number, from: Uint8Array): void {
    writeSync(this.fd(file, true)!, from, 0, PAGE_SIZE, pageNo * PAGE_SIZE);
  }

  pageCount(file: FileId): number {
    const fd = this.fd(file);
    return fd === undefined ? 0 : Math.ceil(fstatSync(fd).size / PAGE_SIZE);
  }

  createFile(file: FileId): void {
    this.fd(file, true);
  }

  dropFile(file: FileId): void {
    const fd = this.fds.get(file);
    if (fd !== undefined) closeSync(fd);
    this.fds.delete(file);
    rmSync(join(this.dir, String(file)), { force: true });
  }

  truncateFile(file: FileId, pages: number): void {
    ftruncateSync(this.fd(file, true)!, pages * PAGE_SIZE);
  }

  syncAll(): void {
    // A test double: durability against power loss is storage's DiskManager's job.
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  private fd(file: FileId, create = false): number | undefined {
    let fd = this.fds.get(file);
    if (fd !== undefined) return fd;
    const path = join(this.dir, String(file));
    try {
      fd = openSync(path, create ? 'a+' : 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !create) return undefined;
      throw err;
    }
    if (create) {
      // 'a+' only creates; positional writes need a descriptor not in append mode.
      closeSync(fd);
      fd = openSync(path, 'r+');
    }
    this.fds.set(file, fd);
    return fd;
  }
}

/** See the file comment. */
export class TestBed {
  device: FilePageDevice;
  wal: Wal;
  pool: BufferPool;
  /** Where recovery starts: the last checkpoint's redo pointer, or the log's start. */
  redoLsn: Lsn = SEGMENT_HEADER_SIZE as Lsn;

  private constructor(
    readonly dir: string,
    private readonly frames: number,
  ) {
    this.device = new FilePageDevice(join(dir, 'base'));
    this.wal = Wal.open(dir, { fsync: false, segmentSize: 4 * 1024 * 1024 });
    this.pool = new BufferPool({ device: this.device, frames, wal: this.wal });
  }

  /** A new directory under the OS temp dir with a pool of `frames` frames. */
  static create(frames = 16): TestBed {
    return new TestBed(mkdtempSync(join(tmpdir(), 'rustydb-index-')), frames);
  }

  get ctx(): IndexContext {
    return { pool: this.pool, wal: this.wal, logger: silentLogger() };
  }

  /** A checkpoint: every dirty page written, and later first changes log full page images. */
  checkpoint(): void {
    this.pool.flushAll();
    this.redoLsn = this.wal.insertLsn;
    this.wal.redoLsn = this.redoLsn;
  }

  /** Loses the pool and the WAL's unwritten tail, keeps the files; reopens both. */
  crash(): void {
    this.pool.stopBackgroundWriter();
    this.wal.close();
    this.device.close();
    this.device = new FilePageDevice(join(this.dir, 'base'));
    this.wal = Wal.open(this.dir, { fsync: false });
    this.wal.redoLsn = this.redoLsn;
    this.pool = new BufferPool({ device: this.device, frames: this.frames, wal: this.wal });
  }

  /** Replays the WAL from the redo pointer onto the pool. Returns the records replayed. */
  recover(): number {
    let records = 0;
    for (const { end, record } of this.wal.read(this.redoLsn)) {
      records++;
      switch (record.kind) {
        case 'pages':
          for (const change of record.changes) {
            // An image is the page's first change since the checkpoint, or a new page: it
            // replaces whatever the file holds (maybe a torn write) and extends the file.
            if (change.image) {
              const frame = this.pool.pinForOverwrite(change.file, change.page);
              applyPageChange(change, frame.page, end);
              this.pool.unpin(frame);
              continue;
            }
            const frame = this.pool.pin(change.file, change.page);
            if (readPageLsn(frame.page) < end) {
              applyPageChange(change, frame.page, end);
              this.pool.markDirty(frame);
            }
            this.pool.unpin(frame);
          }
          break;
        case 'file-create':
          this.pool.createFile(record.file);
          break;
        case 'file-drop':
          this.pool.dropFile(record.file);
          break;
        case 'file-truncate':
          this.pool.truncateFile(record.file, record.pages);
          break;
        default:
          break;
      }
    }
    return records;
  }

  /** Closes everything and removes the directory. */
  destroy(): void {
    this.pool.stopBackgroundWriter();
    this.wal.close();
    this.device.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
