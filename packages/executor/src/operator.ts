/**
 * Operator: the executor's iterator. Operators are synchronous pull iterators over batches of
 * rows (Volcano with batches): `open()` starts (or restarts, for rescans), `next()` returns the
 * next non-empty batch or undefined at the end, `close()` releases cursors.
 *
 * OWNERSHIP: a batch and its rows are valid until the next `next()`/`close()` call on the same
 * operator; operators reuse them. A consumer that keeps rows (sort, hash tables) copies them.
 */
import { emptyArray, type Row } from '@rustydb/common';

/** Rows per batch: large enough to amortize calls, small enough to stay in cache. */
export const BATCH_SIZE = 256;

export interface Operator {
  open(): void;
  next(): Row[] | undefined;
  close(): void;
}

/** Pulls every row of `op` (opened and closed here), copying each. For materializing inputs. */
export function drain(op: Operator, into: Row[] = []): Row[] {
  op.open();
  try {
    for (let b = op.next(); b; b = op.next()) for (const r of b) into.push(r.slice());
  } finally {
    op.close();
  }
  return into;
}

/** Yields a materialized list of rows in batches (rows are handed out as they are). */
export class RowListOperator implements Operator {
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(private readonly rows: () => readonly Row[]) {}

  open(): void {
    this.pos = 0;
  }

  next(): Row[] | undefined {
    const rows = this.rows();
    if (this.pos >= rows.length) return undefined;
    const end = Math.min(rows.length, this.pos + BATCH_SIZE);
    emptyArray(this.batch);
    for (let i = this.pos; i < end; i++) this.batch.push(rows[i] as Row);
    this.pos = end;
    return this.batch;
  }

  close(): void {}
}
