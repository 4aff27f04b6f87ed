/**
 * lsmMethod: the `lsm` index access method (`CREATE INDEX … USING lsm`), a log-structured merge
 * tree for write-heavy keys. Ordered (serves ORDER BY and range scans) and durable (WAL-logged,
 * survives a crash).
 */
import type { IndexMethod } from '../index-method.js';
import { LsmTree } from './lsm-tree.js';

/**
 * The LSM access method, with the default thresholds (16 memtable pages, fanout 4). `create`
 * logs 'file-create' and writes the meta page; `open` reads the meta page (DbError XX002 if it
 * is not one), the runs' fences and the memtable; `drop` logs 'file-drop', flushes the WAL
 * through it (so redo never replays pages into a file that is gone without also seeing the
 * drop) and removes the file. All synchronous.
 */
export const lsmMethod: IndexMethod = {
  name: 'lsm',
  ordered: true,
  durable: true,
  create: (ctx, file, name) => LsmTree.create(ctx, file, name),
  open: (ctx, file, name) => LsmTree.open(ctx, file, name),
  drop(ctx, file) {
    const lsn = ctx.wal.append({ kind: 'file-drop', file });
    ctx.wal.flushSync(lsn);
    ctx.pool.dropFile(file);
  },
};
