/**
 * Sort: materializes its input, computes each row's key values once, and sorts stably with
 * PostgreSQL's per-type order (compareValues: C collation for text) and the NULLS FIRST/LAST of
 * each key. With a limit (ORDER BY … LIMIT n: a top-N sort) it keeps only the first
 * `limit + offset` rows in a bounded max-heap instead of sorting everything.
 */
import { compareValues, type Row, type SqlType, type Value } from '@rustydb/common';
import { limitValues } from './basic-operators.js';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, type Operator } from './operator.js';

export interface CompiledSortKey {
  readonly expr: CompiledExpr;
  readonly type: SqlType;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/** A row with its sort key values and input position (for stability). */
interface Entry {
  readonly row: Row;
  readonly keys: Value[];
  readonly seq: number;
}

export class SortOp implements Operator {
  private rows: Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly input: Operator,
    private readonly keys: readonly CompiledSortKey[],
    private readonly limit: CompiledExpr | undefined,
    private readonly offset: CompiledExpr | undefined,
  ) {}

  private compare = (a: Entry, b: Entry): number => {
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      const x = a.keys[i];
      const y = b.keys[i];
      let c: number;
      if (x === null || y === null) {
        if (x === y) continue;
        c = (x === null) === k.nullsFirst ? -1 : 1;
        if (c !== 0) return c;
        continue;
      }
      c = compareValues(x, y, k.type);
      if (c !== 0) return k.descending ? -c : c;
    }
    return a.seq - b.seq;
  };

  open(): void {
    const bound = this.limit ? limitValues(this.limit, this.offset) : undefined;
    const keep = bound ? bound.limit + bound.offset : Number.POSITIVE_INFINITY;
    const entries: Entry[] = [];
    let seq = 0;
    this.input.open();
    try {
      for (let b = this.input.next(); b; b = this.input.next()) {
        for (const r of b) {
          const e: Entry = { row: r.slice(), keys: this.keys.map((k) => k.expr(r)), seq: seq++ };
          if (keep === Number.POSITIVE_INFINITY) entries.push(e);
          else pushBounded(entries, e, keep, this.compare);
        }
      }
    } finally {
      this.input.close();
    }
    entries.sort(this.compare);
    this.rows = entries.map((e) => e.row);
    this.pos = 0;
  }

  next(): Row[] | undefined {
    if (this.pos >= this.rows.length) return undefined;
    this.batch.length = 0;
    while (this.pos < this.rows.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.rows[this.pos++]);
    return this.batch;
  }

  close(): void {
    this.rows = [];
  }
}

/** Keeps the `keep` smallest entries in `heap`, a max-heap under `cmp`. */
function pushBounded(heap: Entry[], e: Entry, keep: number, cmp: (a: Entry, b: Entry) => number): void {
  if (keep <= 0) return;
  if (heap.length < keep) {
    heap.push(e);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(heap[i], heap[p]) <= 0) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
    return;
  }
  if (cmp(e, heap[0]) >= 0) return;
  heap[0] = e;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && cmp(heap[l], heap[m]) > 0) m = l;
    if (r < heap.length && cmp(heap[r], heap[m]) > 0) m = r;
    if (m === i) break;
    [heap[i], heap[m]] = [heap[m], heap[i]];
    i = m;
  }
}
