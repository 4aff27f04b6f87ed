/**
 * @internal Test helpers: a throwaway database in a temporary directory, without fsync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type DatabaseOptions } from './database.js';

/** A fresh temporary directory; remove it with `removeDir`. */
export const makeTempDir = (): string => mkdtempSync(join(tmpdir(), 'rustydb-engine-'));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Opens a database in `dir` for a test: no fsync, a small pool. */
export function openTestDatabase(dir: string, options: DatabaseOptions = {}): Promise<Database> {
  return Database.open(dir, { fsync: false, bufferPoolPages: 256, ...options });
}

/**
 * Simulates a crash: stops the database's timers so it writes nothing more, and drops it without
 * the shutdown checkpoint. Pages only in its buffer pool are lost, as in a power failure; the WAL
 * it flushed (every acknowledged commit) stays.
 */
export function crash(db: Database): void {
  db.checkpointer.stop();
  db.pool.stopBackgroundWriter();
  db.wal.close();
  db.disk.close();
}
