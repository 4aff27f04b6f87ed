/**
 * hashMethod: the `hash` index access method (`CREATE INDEX … USING hash`). Unordered (serves
 * equality lookups only: the planner never asks it for ranges or ORDER BY) and durable
 * (WAL-logged, survives a crash).
 */
import type { IndexMethod } from '../index-method.js';
import { HashIndex } from './hash-index.js';

/**
 * The linear-hashing access method. `create` logs 'file-create' and writes the meta page, a
 * directory page and two empty buckets; `open` checks the meta page (DbError XX002 if it is not
 * one); `drop` logs 'file-drop', flushes the WAL through it (so redo never replays pages into a
 * file that is gone without also seeing the drop) and removes the file. All synchronous.
 */
export const hashMethod: IndexMethod = {
  name: 'hash',
  ordered: false,
  durable: true,
  create: (ctx, file, name) => HashIndex.create(ctx, file, name),
  open: (ctx, file, name) => HashIndex.open(ctx, file, name),
  drop(ctx, file) {
    const lsn = ctx.wal.append({ kind: 'file-drop', file });
    ctx.wal.flushSync(lsn);
    ctx.pool.dropFile(file);
  },
};
