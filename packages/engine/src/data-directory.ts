/**
 * The data directory: everything one database keeps on disk, each part owned by one layer.
 *
 * | path       | owner   | contents                                                           |
 * |------------|---------|--------------------------------------------------------------------|
 * | control    | wal     | control file: latest checkpoint LSN, its redo LSN, next xid, next  |
 * |            |         | OID, state running/shutdown (format table in wal's control-file.ts)|
 * | wal/       | wal     | WAL segment files, named by their first LSN                        |
 * | base/      | storage | one file per relation, named by its FileId: 1–4 are the system     |
 * |            |         | relations (catalog's system-tables.ts), 16384 up user relations    |
 * | xact       | txn     | the commit log: the state of every transaction id                  |
 * | tmp/       | executor| temporary files of sorts and hash tables past work_mem             |
 * |            |         | (`rustydb_tmp.<pid>.<set>.<n>`), created on first use; leftovers of |
 * |            |         | a crash are removed when the database opens                        |
 *
 * A directory without a control file is new: the engine bootstraps it (empty system relations,
 * a first checkpoint). With one, it is opened with crash recovery from the checkpoint's redo
 * LSN, whatever the recorded state (a 'shutdown' state just means there is little to replay).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The paths inside a data directory. */
export interface DataDirectory {
  readonly root: string;
  /** Relation files (the DiskManager's directory). */
  readonly base: string;
  /** Temporary files of the executor's spilling operators (see tempDirectory). */
  readonly tmp: string;
}

/** The temp directory of data directory `dir`: PostgreSQL's base/pgsql_tmp. */
export const tempDirectory = (dir: string): string => join(dir, 'tmp');

/** The layout of `dir`, creating the directory itself if missing. Sync. @throws the fs error. */
export function openDataDirectory(dir: string): DataDirectory {
  mkdirSync(dir, { recursive: true });
  return { root: dir, base: join(dir, 'base'), tmp: tempDirectory(dir) };
}

/** Has `dir` been bootstrapped (does it hold a control file)? Sync. */
export const isInitialized = (dir: string): boolean => existsSync(join(dir, 'control'));
