/**
 * Hash Join, bounded by `work_mem` (hybrid hash join through SpillingHashJoinTable): the right
 * input is the build side, hashed by `rightKeys`; each left row probes with `leftKeys`; NULL
 * keys never match; `residual` must also hold. INNER, LEFT, RIGHT and FULL joins.
 *
 * Phases (the table decides which rows wait on disk):
 *
 * 1. Build (the first next() calls, resumable across YIELDs): every right row goes to the table
 *    (batch 0 in memory, the other partitions in temporary files once the rows outgrow the
 *    budget); then the left input is opened.
 * 2. First probe pass: each left row is probed at once when its partition is in memory (or it
 *    cannot match: NULL key, no build rows), else saved in its partition's probe file.
 * 3. After the left input: the unmatched right rows of the batch in memory (RIGHT, FULL), then
 *    each spilled batch in turn — its build rows loaded, its saved left rows probed, its
 *    unmatched right rows emitted.
 *
 * Every build row is in exactly one batch and every left row is probed exactly once, so
 * per-batch matched flags give exact outer joins. Rows come out in another order when batches
 * spill (PostgreSQL's do too). The operator owns one TempFileSet for all its opens; close() and a
 * failed build delete its files.
 */
import { emptyArray, type Row, type SqlType, type Value } from '@rustydb/common';
import type { JoinType } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';
import type { Runtime } from './runtime.js';
import { type HashJoinStats, SpillingHashJoinTable } from './spill/spilling-hash-join-table.js';
import type { TempFileSet } from './spill/temp-file-set.js';

type Phase = 'build' | 'probe' | 'tail' | 'batch' | 'done';

export class HashJoin implements Operator {
  private table: SpillingHashJoinTable | undefined;
  private files: TempFileSet | undefined;
  private matched: Uint8Array = new Uint8Array(0);
  private phase: Phase = 'done';
  /** Which input is open: the right one while building, then the left one. */
  private inputOpen: 'none' | 'right' | 'left' = 'none';
  private leftBatch: Row[] | undefined;
  private leftPos = 0;
  private tailPos = 0;
  private readonly out: Row[] = [];
  /** The output rows, reused per batch position (operator.ts OWNERSHIP): no array per joined row. */
  private readonly pool: Row[] = [];
  private readonly keyBuf: Value[];
  private readonly emitsLeft: boolean;
  private readonly emitsRight: boolean;

  /** `leftTypes`/`rightTypes` are the inputs' column types. */
  constructor(
    private readonly rt: Runtime,
    joinType: JoinType,
    private readonly left: Operator,
    private readonly right: Operator,
    private readonly leftTypes: readonly SqlType[],
    private readonly rightTypes: readonly SqlType[],
    private readonly leftKeys: readonly CompiledExpr[],
    private readonly rightKeys: readonly CompiledExpr[],
    private readonly keyTypes: readonly SqlType[],
    private readonly residual: CompiledExpr | undefined,
  ) {
    this.keyBuf = new Array<Value>(leftKeys.length);
    this.emitsLeft = joinType === 'left' || joinType === 'full';
    this.emitsRight = joinType === 'right' || joinType === 'full';
  }

  /** The table's statistics (after open), else undefined. */
  get stats(): HashJoinStats | undefined {
    return this.table?.stats;
  }

  /** The key of `row` under `exprs`, or undefined when a key value is NULL. */
  private key(row: Row, exprs: readonly CompiledExpr[]): HashKey | undefined {
    for (let i = 0; i < exprs.length; i++) {
      const v = exprs[i](row);
      if (v === null) return undefined;
      this.keyBuf[i] = v;
    }
    return rowKey(this.keyBuf, this.keyTypes);
  }

  open(): void {
    this.release();
    this.files ??= this.rt.tempFiles();
    const table = new SpillingHashJoinTable({
      buildTypes: this.rightTypes,
      probeTypes: this.leftTypes,
      buildKey: (r) => this.key(r, this.rightKeys),
      probeKey: (r) => this.key(r, this.leftKeys),
      files: this.files,
      workMem: this.rt.workMem,
      emitsUnmatchedBuild: this.emitsRight,
      emitsUnmatchedProbe: this.emitsLeft,
    });
    this.table = table;
    try {
      this.right.open();
    } catch (err) {
      this.release();
      throw err;
    }
    this.inputOpen = 'right';
    this.phase = 'build';
    this.leftBatch = undefined;
    this.leftPos = 0;
  }

  /**
   * Adds right rows to the table until the right input ends — then the table is finished and
   * the left input opened (true) — or yields (false). On a failure close() cleans up.
   */
  private build(table: SpillingHashJoinTable): boolean {
    for (let b = this.right.next(); b; b = this.right.next()) {
      if (b === YIELD) return false;
      for (let i = 0; i < b.length; i++) table.addBuild(b[i].slice());
    }
    this.inputOpen = 'none';
    this.right.close();
    table.finishBuild();
    this.left.open();
    this.inputOpen = 'left';
    this.matched = new Uint8Array(table.rows.length);
    this.phase = 'probe';
    return true;
  }

  next(): Row[] | undefined | Yield {
    if (this.rt.yieldDue) return YIELD;
    const out = this.out;
    emptyArray(out);
    const table = this.table;
    if (table !== undefined && this.phase === 'build' && !this.build(table)) return YIELD;
    let readBack = 0;
    while (table && out.length < BATCH_SIZE) {
      if (this.phase === 'probe') {
        if (!this.leftBatch || this.leftPos >= this.leftBatch.length) {
          const b = this.left.next();
          if (b === YIELD) return out.length > 0 ? out : b;
          this.leftBatch = b;
          this.leftPos = 0;
          if (!this.leftBatch) this.startTail();
          continue;
        }
        const l = this.leftBatch[this.leftPos++];
        const k = this.key(l, this.leftKeys);
        // Rows of a spilled partition wait for their batch (the table keeps a copy).
        if (table.routeProbe(l, k)) this.probe(l, k);
        // `probe` ticks per match: a key with many matches ends the slice after its row.
        if (this.rt.yieldDue) return out.length > 0 ? out : YIELD;
      } else if (this.phase === 'batch') {
        // Left rows read back from a spill file: no scan ticks for them, so this loop does (and,
        // as a scan, ends its slice only after a row, so that every call makes progress).
        if (this.rt.tick() && readBack > 0) return out.length > 0 ? out : YIELD;
        readBack++;
        const l = table.readProbe();
        if (l === undefined) this.startTail();
        else this.probe(l, this.key(l, this.leftKeys));
      } else if (this.phase === 'tail') {
        const rows = table.rows;
        while (out.length < BATCH_SIZE && this.tailPos < rows.length) {
          const i = this.tailPos++;
          if (!this.matched[i]) out.push(this.joined(undefined, rows[i]));
        }
        if (this.tailPos < rows.length) break;
        this.nextBatch(table);
      } else {
        break;
      }
    }
    return out.length > 0 ? out : undefined;
  }

  /** Probes left row `l` (key `k`) against the current batch; emits it alone if unmatched (LEFT, FULL). */
  private probe(l: Row, k: HashKey | undefined): void {
    const table = this.table!;
    const list = k === undefined ? undefined : table.lookup(k);
    let matched = false;
    if (list) {
      const rows = table.rows;
      const rt = this.rt;
      for (let j = 0; j < list.length; j++) {
        // Each match ticks the time slice, as a scan's row does (see next()).
        rt.tick();
        const i = list[j];
        const row = this.joined(l, rows[i]);
        if (this.residual && this.residual(row) !== true) continue;
        matched = true;
        this.matched[i] = 1;
        this.out.push(row);
      }
    }
    if (!matched && this.emitsLeft) this.out.push(this.joined(l, undefined));
  }

  /** The current batch's probe rows are done: its unmatched right rows next (RIGHT, FULL). */
  private startTail(): void {
    this.phase = 'tail';
    this.tailPos = this.emitsRight ? 0 : Number.POSITIVE_INFINITY;
  }

  /** Loads the next spilled batch, or ends. */
  private nextBatch(table: SpillingHashJoinTable): void {
    if (!table.nextBatch()) {
      this.phase = 'done';
      return;
    }
    this.matched = new Uint8Array(table.rows.length);
    this.phase = 'batch';
  }

  /** The joined row in the pool slot of the batch's next position. */
  private joined(l: Row | undefined, r: Row | undefined): Row {
    const lw = this.leftTypes.length;
    const rw = this.rightTypes.length;
    const at = this.out.length;
    let row = this.pool[at];
    if (row === undefined) {
      row = new Array<Value>(lw + rw);
      this.pool.push(row);
    }
    for (let i = 0; i < lw; i++) row[i] = l ? l[i] : null;
    for (let i = 0; i < rw; i++) row[lw + i] = r ? r[i] : null;
    return row;
  }

  close(): void {
    if (this.table) this.rt.reportSpill({ operator: 'Hash Join', stats: this.table.stats });
    const input = this.inputOpen;
    this.inputOpen = 'none';
    try {
      this.release();
    } finally {
      // Closed while building (an error, a cancel), the right input is the open one.
      if (input === 'left') this.left.close();
      else if (input === 'right') this.right.close();
    }
  }

  /** Drops the hash table and deletes the temporary files. */
  private release(): void {
    const table = this.table;
    this.table = undefined;
    this.phase = 'done';
    this.leftBatch = undefined;
    try {
      table?.close();
    } finally {
      this.files?.close();
    }
  }
}
