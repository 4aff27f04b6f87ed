/**
 * Common table expressions: WITH, CTE Scan, and WITH RECURSIVE's Recursive Union and WorkTable
 * Scan.
 *
 * A CTE runs at most once per open of its WithOp, lazily: its rows go into a shared CteBuffer as
 * readers ask for them, so every CTE Scan of it reads the same rows, a CTE nobody reads never
 * runs, and `WITH RECURSIVE t AS (… UNION ALL …) SELECT … FROM t LIMIT 10` stops pulling once
 * the limit is reached (the recursion may be endless).
 *
 * Recursive Union: yields the non-recursive term's rows, then runs the recursive term again and
 * again, each time with the previous iteration's rows as its work table, until an iteration
 * yields no (new) rows. Without ALL, rows already produced are dropped, which ends cycles.
 */
import { emptyArray, type Row, type SqlType } from '@rustydb/common';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';
import type { Runtime } from './runtime.js';

/** A CTE's rows so far and the operator producing the rest. */
export class CteBuffer {
  readonly rows: Row[] = [];
  private state: 'idle' | 'running' | 'done' = 'idle';

  constructor(private readonly op: Operator) {}

  /** Forgets the rows (a new open of the WithOp: outer rows may differ). */
  reset(): void {
    if (this.state === 'running') this.op.close();
    this.rows.length = 0;
    this.state = 'idle';
  }

  /**
   * Makes `rows` longer than `n` if the CTE has more rows; returns whether it does, or YIELD
   * when the CTE's query yielded first (call again after the event loop ran).
   */
  fill(n: number): boolean | Yield {
    while (this.rows.length <= n && this.state !== 'done') {
      if (this.state === 'idle') {
        this.op.open();
        this.state = 'running';
      }
      const b = this.op.next();
      if (b === YIELD) return b;
      if (!b) {
        this.op.close();
        this.state = 'done';
        break;
      }
      for (const r of b) this.rows.push(r.slice());
    }
    return this.rows.length > n;
  }
}

/** WITH: registers its CTEs' buffers for the CTE Scans below it, then yields its input. */
export class WithOp implements Operator {
  private readonly buffers: { id: number; buffer: CteBuffer }[];

  constructor(
    private readonly rt: Runtime,
    ctes: readonly { id: number; op: Operator }[],
    readonly input: Operator,
  ) {
    this.buffers = ctes.map((c) => ({ id: c.id, buffer: new CteBuffer(c.op) }));
    for (const b of this.buffers) rt.ctes.set(b.id, b.buffer);
  }

  open(): void {
    for (const b of this.buffers) {
      b.buffer.reset();
      this.rt.ctes.set(b.id, b.buffer);
    }
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    return this.input.next();
  }

  close(): void {
    this.input.close();
    for (const b of this.buffers) b.buffer.reset();
  }
}

/** CTE Scan: reads its CTE's buffer from the start, filling it as needed. */
export class CteScanOp implements Operator {
  private pos = 0;
  private buffer: CteBuffer | undefined;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
  ) {}

  open(): void {
    this.buffer = this.rt.ctes.get(this.cteId);
    this.pos = 0;
  }

  next(): Row[] | undefined | Yield {
    const buf = this.buffer;
    if (!buf) return undefined;
    emptyArray(this.batch);
    while (this.batch.length < BATCH_SIZE) {
      const more = buf.fill(this.pos);
      // Rows in hand go first: a dropped YIELD falls due again at the scans' next check.
      if (more === YIELD) return this.batch.length > 0 ? this.batch : more;
      if (!more) break;
      this.batch.push(buf.rows[this.pos++]);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    this.buffer = undefined;
  }
}

/** WorkTable Scan: the rows of the recursive CTE's previous iteration. */
export class WorkTableScanOp implements Operator {
  private rows: readonly Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
  ) {}

  open(): void {
    this.rows = this.rt.workTables.get(this.cteId) ?? [];
    this.pos = 0;
  }

  next(): Row[] | undefined {
    if (this.pos >= this.rows.length) return undefined;
    emptyArray(this.batch);
    while (this.pos < this.rows.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.rows[this.pos++]);
    return this.batch;
  }

  close(): void {
    this.rows = [];
  }
}

/** Recursive Union: see the file comment. Streams; memory: the seen keys (UNION) and one iteration. */
export class RecursiveUnionOp implements Operator {
  private seen: Set<HashKey> | undefined;
  private current: Operator;
  private produced: Row[] = [];
  private done = false;
  private readonly batch: Row[] = [];

  constructor(
    private readonly rt: Runtime,
    private readonly cteId: number,
    private readonly all: boolean,
    private readonly nonRecursive: Operator,
    private readonly recursive: Operator,
    private readonly types: readonly SqlType[],
  ) {
    this.current = nonRecursive;
  }

  open(): void {
    this.seen = this.all ? undefined : new Set();
    this.produced = [];
    this.done = false;
    this.current = this.nonRecursive;
    this.current.open();
  }

  next(): Row[] | undefined | Yield {
    // Cancel, statement_timeout and the heap watchdog: a recursion that never ends reads no
    // table (nothing else ticks) and piles its rows up in whatever consumes them.
    this.rt.ctx.checkInterrupts();
    emptyArray(this.batch);
    while (!this.done && this.batch.length === 0) {
      const b = this.current.next();
      // The batch is empty here (the loop runs while it is): nothing is held back.
      if (b === YIELD) return b;
      if (b) {
        for (const r of b) {
          if (this.seen) {
            const k = rowKey(r, this.types);
            if (this.seen.has(k)) continue;
            this.seen.add(k);
          }
          const copy = r.slice();
          this.produced.push(copy);
          this.batch.push(copy);
        }
        continue;
      }
      this.current.close();
      if (this.produced.length === 0) {
        this.done = true;
        break;
      }
      // The next iteration reads what this one produced.
      this.rt.workTables.set(this.cteId, this.produced);
      this.produced = [];
      this.current = this.recursive;
      this.current.open();
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    if (!this.done) this.current.close();
    this.done = true;
    this.rt.workTables.delete(this.cteId);
  }
}
