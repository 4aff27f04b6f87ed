/**
 * btreeMethod: the `btree` index access method (`CREATE INDEX … USING btree`), the default.
 * Ordered (serves ORDER BY and range scans) and durable (WAL-logged, survives a crash).
 */
import { BTree } from './btree.js';
import type { IndexMethod } from './index-method.js';

/**
 * The B+tree access method. `create` logs 'file-create' and writes the meta page and an empty
 * root; `open` checks the meta page (DbError XX002 if it is not one); `drop` logs 'file-drop',
 * flushes the WAL through it (so redo never replays pages into a file that is gone without also
 * seeing the drop) and removes the file. All synchronous.
 */
export const btreeMethod: IndexMethod = {
  name: 'btree',
  ordered: true,
  durable: true,
  create: (ctx, file, name) => BTree.create(ctx, file, name),
  open: (ctx, file, name) => BTree.open(ctx, file, name),
  drop(ctx, file) {
    const lsn = ctx.wal.append({ kind: 'file-drop', file });
    ctx.wal.flushSync(lsn);
    ctx.pool.dropFile(file);
  },
};
