/**
 * TempFileSet: the temporary files of one operator (or statement), in the database's temp
 * directory (`<datadir>/tmp`, PostgreSQL's `base/pgsql_tmp`). Closing the set deletes every file
 * still open, so an operator that closes its set in a `finally` leaves nothing behind even when
 * the statement fails half-way; a crash leaves files that `cleanupStale` removes at startup.
 *
 * File names: `rustydb_tmp.<pid>.<set>.<n>` (PostgreSQL: `pgsql_tmp<pid>.<n>`). The pid and a
 * per-process set number keep names unique when several sets share the directory.
 */
import { mkdirSync, openSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { assert, RowEncoder, type SqlType } from '@rustydb/common';
import { SPILL_BUFFER_SIZE, SpillFile, tempFileError } from './spill-file.js';

/** Prefix of every temporary file name; cleanupStale removes files with it. */
export const TEMP_FILE_PREFIX = 'rustydb_tmp.';

/** Distinguishes the sets of one process: part of the file names. */
let nextSetNumber = 0;

export class TempFileSet {
  private readonly files = new Set<SpillFile>();
  private readonly number = nextSetNumber++;
  private created = 0;
  private dirReady = false;
  private written = 0;
  /** One encoder for all files of the set: writes are synchronous and copy its output at once. */
  private readonly encoder = new RowEncoder(1024);
  private readonly untrack = (f: SpillFile): void => {
    this.written += f.bytesWritten;
    this.files.delete(f);
    this.onFileDone?.(f.bytesWritten);
  };

  /**
   * `dir` is created (with its parents) when the first file is. Nothing touches disk here.
   * `onFileDone`: told each file's size when it is closed and deleted (pg_stat_database's
   * temp_files and temp_bytes, counted as PostgreSQL counts them, at deletion).
   */
  constructor(
    readonly dir: string,
    private readonly onFileDone?: (bytes: number) => void,
  ) {}

  /**
   * Creates an empty SpillFile for rows of `types`, with buffers of `bufferSize` bytes.
   * Synchronous. Throws 53100/58030 when the directory or file cannot be created.
   */
  create(types: readonly SqlType[], bufferSize = SPILL_BUFFER_SIZE): SpillFile {
    assert(bufferSize >= 16, 'spill buffer too small');
    if (!this.dirReady) {
      try {
        mkdirSync(this.dir, { recursive: true });
      } catch (err) {
        throw tempFileError('create directory for', this.dir, err);
      }
      this.dirReady = true;
    }
    const path = join(this.dir, `${TEMP_FILE_PREFIX}${process.pid}.${this.number}.${this.created++}`);
    let fd: number;
    try {
      fd = openSync(path, 'wx+', 0o600);
    } catch (err) {
      throw tempFileError('create temporary', path, err);
    }
    const file = new SpillFile(path, fd, types, this.encoder, bufferSize, this.untrack);
    this.files.add(file);
    return file;
  }

  /** Files created and not yet closed. */
  get openFiles(): number {
    return this.files.size;
  }

  /** Bytes written to all files of the set, closed ones included (for EXPLAIN's `Disk:`). */
  get bytesWritten(): number {
    let n = this.written;
    for (const f of this.files) n += f.bytesWritten;
    return n;
  }

  /**
   * Closes and deletes every open file; the set stays usable. Idempotent, synchronous. Tries
   * every file, then throws the first failure (58030).
   */
  close(): void {
    let failure: unknown;
    for (const f of [...this.files]) {
      try {
        f.close();
      } catch (err) {
        failure ??= err;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /**
   * Removes the temporary files a previous process left in `dir` (after a crash). Call at
   * startup, before any set of this process creates files there. Returns how many were removed;
   * a missing directory removes none. Synchronous; throws 58030 if one cannot be removed.
   */
  static cleanupStale(dir: string): number {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw tempFileError('open directory', dir, err);
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(TEMP_FILE_PREFIX)) continue;
      const path = join(dir, name);
      try {
        unlinkSync(path);
        removed++;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw tempFileError('remove', path, err);
      }
    }
    return removed;
  }
}
