/**
 * WindowAgg: computes window functions, one window (PARTITION BY + ORDER BY) at a time.
 *
 * Calls sharing a window are computed together in one pass: the rows are sorted by
 * (partition keys ASC NULLS LAST, order keys, input position) with an ExternalSorter bounded by
 * `work_mem` (spilling sorted runs to temporary files past it, as PostgreSQL's Sort under its
 * WindowAgg does), then read back one partition at a time, cut into peer groups (rows equal in
 * every ORDER BY key), and each call fills its column for the partition. A query with several
 * windows chains the passes: each partition's rows, with their results so far, are fed to the
 * next window's sorter. The last pass streams: the output is the input rows followed by the
 * results, in the sort order of the last window (so a single-window query comes out ordered by
 * its window, as in PostgreSQL); ties keep the input order.
 *
 * Row layout during a pass (what the sorters hold and spill):
 *
 *     input columns | one result per call | input position | partition keys | order keys
 *
 * Key values are computed once per row per pass and cut off after it. Memory: the sorter's
 * budget plus the partition being computed (a partition is held whole; PostgreSQL's tuplestore
 * would spill a huge one, ours does not).
 *
 * Aggregates over a frame: when the frame starts at UNBOUNDED PRECEDING (the default) the
 * accumulator only grows as the frame end moves forward; other frames are aggregated afresh
 * per row (reused when a row's frame equals the previous row's), O(rows × frame size).
 */
import { compareValues, emptyArray, type Row, type SqlType, sqlType, type Value } from '@rustydb/common';
import type { WindowCall } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, type Operator, releaseThenCloseInput, YIELD, type Yield } from './operator.js';
import type { Runtime } from './runtime.js';
import type { CompiledSortKey } from './sort.js';
import { ExternalSorter, type SortStats } from './spill/external-sorter.js';
import { compareRowsBy, type RowSortKey } from './spill/row-comparator.js';
import type { TempFileSet } from './spill/temp-file-set.js';
import { checkOffset, type FrameSpec } from './window-frame.js';
import { computeCall, peerGroups } from './window-functions.js';

export interface CompiledWindowCall {
  readonly call: WindowCall<unknown>;
  readonly args: readonly CompiledExpr[];
  readonly partitionBy: readonly CompiledExpr[];
  readonly partitionTypes: readonly SqlType[];
  readonly orderBy: readonly CompiledSortKey[];
  readonly startOffset?: CompiledExpr;
  readonly endOffset?: CompiledExpr;
  /** Calls with the same `spec` share one sort (same PARTITION BY and ORDER BY). */
  readonly spec: string;
}

const EMPTY: Row = [];
const FLOAT8 = sqlType('float8');

/** One window: its calls (with their indexes among all calls) and evaluated frame offsets. */
interface WindowPass {
  readonly first: CompiledWindowCall;
  readonly members: readonly { readonly c: CompiledWindowCall; readonly i: number }[];
  readonly offsets: readonly { readonly start: Value; readonly end: Value }[];
  /** Whether the rows need sorting (a window with keys, or a later pass restoring input order). */
  readonly sorted: boolean;
}

export class WindowOp implements Operator {
  private readonly width: number;
  /** First slot after the results: the input position, then the pass's keys. */
  private readonly base: number;
  private files: TempFileSet | undefined;
  /** The last pass's row source (its sorter's output, or the input rows when unsorted). */
  private source: (() => Row[] | undefined) | undefined;
  private sorters: ExternalSorter[] = [];
  private last: WindowPass | undefined;
  /** Source look-ahead: its batch, the position in it. */
  private srcBatch: Row[] | undefined;
  private srcPos = 0;
  /** The computed partition being output. */
  private out: Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];
  /** The input being read into the first pass (resumable across YIELDs); undefined after. */
  private reading: InputRead | undefined;

  /** `inputTypes` are the input's spill types (its column types), one per input column. */
  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    private readonly inputTypes: readonly SqlType[],
    private readonly calls: readonly CompiledWindowCall[],
  ) {
    this.width = inputTypes.length;
    this.base = this.width + calls.length + 1;
  }

  /** The statistics of each window's sort, in pass order (after open). */
  get stats(): SortStats[] {
    return this.sorters.map((s) => s.stats);
  }

  open(): void {
    this.release();
    try {
      const passes = this.passes();
      const sorter = passes[0].sorted ? this.sorter(passes[0]) : undefined;
      this.input.open();
      this.reading = { passes, sorter, rows: [], seq: 0 };
    } catch (err) {
      this.release();
      throw err;
    }
  }

  /**
   * Once the first pass has every input row: sorts it and runs the passes before the last one
   * (each partition's rows, with their results so far, feed the next window's sorter), leaving
   * the last pass's row source for next().
   */
  private chainPasses(input: InputRead): void {
    const passes = input.passes;
    let source = firstSource(input);
    for (let p = 0; p + 1 < passes.length; p++) {
      const sorter = this.sorter(passes[p + 1]);
      for (
        let rows = this.readPartition(source, passes[p]);
        rows;
        rows = this.readPartition(source, passes[p])
      ) {
        this.compute(passes[p], rows);
        for (const r of rows) {
          r.length = this.base;
          appendKeys(r, passes[p + 1].first);
          sorter.add(r);
        }
      }
      sorter.finish();
      source = () => sorter.next();
    }
    this.source = source;
    this.last = passes[passes.length - 1];
  }

  /** The windows, in the order of their first call; frame offsets evaluated (row-independent). */
  private passes(): WindowPass[] {
    const specs = [...new Set(this.calls.map((c) => c.spec))];
    return specs.map((spec, p) => {
      const members = this.calls.map((c, i) => ({ c, i })).filter((x) => x.c.spec === spec);
      const first = members[0].c;
      return {
        first,
        members,
        offsets: members.map(({ c }) => ({
          start: c.startOffset ? checkOffset(c.startOffset(EMPTY), 'starting') : null,
          end: c.endOffset ? checkOffset(c.endOffset(EMPTY), 'ending') : null,
        })),
        sorted: p > 0 || first.partitionBy.length > 0 || first.orderBy.length > 0,
      };
    });
  }

  /**
   * Lays input rows out for the first pass (into its sorter, or kept in input order) until the
   * input ends — then closes it and chains the passes (true) — or yields (false).
   */
  private readInput(input: InputRead): boolean {
    const pass = input.passes[0];
    const w = this.width;
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (b === YIELD) return false;
      for (const r of b) {
        const row: Row = new Array(this.base);
        for (let i = 0; i < w; i++) row[i] = r[i];
        row.fill(null, w, this.base - 1);
        row[this.base - 1] = input.seq++;
        appendKeys(row, pass.first);
        if (input.sorter) input.sorter.add(row);
        else input.rows.push(row);
      }
    }
    this.reading = undefined;
    this.input.close();
    this.chainPasses(input);
    return true;
  }

  /** A sorter for `pass`'s layout: partition keys, order keys, then the input position. */
  private sorter(pass: WindowPass): ExternalSorter {
    const first = pass.first;
    const np = first.partitionTypes.length;
    const keys: RowSortKey[] = [
      ...first.partitionTypes.map((type, k) => ({
        column: this.base + k,
        type,
        descending: false,
        nullsFirst: false,
      })),
      ...first.orderBy.map((k, j) => ({
        column: this.base + np + j,
        type: k.type,
        descending: k.descending,
        nullsFirst: k.nullsFirst,
      })),
      { column: this.base - 1, type: FLOAT8, descending: false, nullsFirst: false },
    ];
    const types = [
      ...this.inputTypes,
      ...this.calls.map((c) => c.call.type),
      FLOAT8,
      ...first.partitionTypes,
      ...first.orderBy.map((k) => k.type),
    ];
    this.files ??= this.rt.tempFiles();
    const sorter = new ExternalSorter({
      types,
      compare: compareRowsBy(keys),
      files: this.files,
      workMem: this.rt.workMem,
    });
    this.sorters.push(sorter);
    return sorter;
  }

  /** The next partition's rows from `source` (rows with equal partition keys), or undefined. */
  private readPartition(source: () => Row[] | undefined, pass: WindowPass): Row[] | undefined {
    const types = pass.first.partitionTypes;
    const rows: Row[] = [];
    for (;;) {
      if (this.srcBatch === undefined || this.srcPos >= this.srcBatch.length) {
        this.srcBatch = source();
        this.srcPos = 0;
        if (this.srcBatch === undefined) break;
      }
      const row = this.srcBatch[this.srcPos];
      if (rows.length > 0 && !this.samePartition(rows[0], row, types)) break;
      rows.push(row);
      this.srcPos++;
    }
    return rows.length > 0 ? rows : undefined;
  }

  private samePartition(a: Row, b: Row, types: readonly SqlType[]): boolean {
    for (let k = 0; k < types.length; k++) {
      if (compareNullable(a[this.base + k], b[this.base + k], types[k], false, false) !== 0) return false;
    }
    return true;
  }

  /** Computes `pass`'s calls over one partition's sorted rows, into their result slots. */
  private compute(pass: WindowPass, rows: Row[]): void {
    const n = rows.length;
    const order = new Array<number>(n);
    for (let i = 0; i < n; i++) order[i] = i;
    const first = pass.first;
    const okey = this.base + first.partitionTypes.length;
    const cmpOrder = (a: number, b: number): number => {
      for (let k = 0; k < first.orderBy.length; k++) {
        const key = first.orderBy[k];
        const c = compareNullable(
          rows[a][okey + k],
          rows[b][okey + k],
          key.type,
          key.descending,
          key.nullsFirst,
        );
        if (c !== 0) return c;
      }
      return 0;
    };
    const peers = peerGroups(order, 0, n, cmpOrder);
    const out = new Array<Value>(n);
    pass.members.forEach(({ c, i }, m) => {
      computeCall(c, frameSpec(c, pass.offsets[m], rows, okey), rows, order, peers, out);
      const slot = this.width + i;
      for (let p = 0; p < n; p++) rows[p][slot] = out[p];
    });
  }

  next(): Row[] | undefined | Yield {
    if (this.reading !== undefined && !this.readInput(this.reading)) return YIELD;
    const batch = this.batch;
    emptyArray(batch);
    const source = this.source;
    const pass = this.last;
    if (!source || !pass) return undefined;
    while (batch.length < BATCH_SIZE) {
      if (this.pos >= this.out.length) {
        const rows = this.readPartition(source, pass);
        if (!rows) break;
        this.compute(pass, rows);
        // Only the input columns and the results go out.
        for (const r of rows) r.length = this.base - 1;
        this.out = rows;
        this.pos = 0;
      }
      while (batch.length < BATCH_SIZE && this.pos < this.out.length) batch.push(this.out[this.pos++]);
    }
    return batch.length > 0 ? batch : undefined;
  }

  close(): void {
    for (const s of this.sorters) this.rt.reportSpill({ operator: 'WindowAgg', stats: s.stats });
    const reading = this.reading !== undefined;
    releaseThenCloseInput(() => this.release(), this.input, reading);
  }

  /** Drops the rows and deletes the temporary files. */
  private release(): void {
    const sorters = this.sorters;
    this.sorters = [];
    this.reading = undefined;
    this.source = undefined;
    this.last = undefined;
    this.srcBatch = undefined;
    this.srcPos = 0;
    this.out = [];
    this.pos = 0;
    try {
      for (const s of sorters) s.close();
    } finally {
      this.files?.close();
    }
  }
}

/** The first pass's input while it is read: the passes, its sorter or rows, the next position. */
interface InputRead {
  readonly passes: readonly WindowPass[];
  readonly sorter: ExternalSorter | undefined;
  readonly rows: Row[];
  seq: number;
}

/** The first pass's row source: its sorter's output, or the input rows as one partition. */
function firstSource(input: InputRead): () => Row[] | undefined {
  const sorter = input.sorter;
  if (sorter) {
    sorter.finish();
    return () => sorter.next();
  }
  // Input order is the window's order: one partition, no sort.
  let done = false;
  return () => {
    if (done) return undefined;
    done = true;
    return input.rows.length > 0 ? input.rows : undefined;
  };
}

/** Appends the values of the window's partition keys, then its order keys, to `row`. */
function appendKeys(row: Row, c: CompiledWindowCall): void {
  for (const e of c.partitionBy) row.push(e(row));
  for (const k of c.orderBy) row.push(k.expr(row));
}

/** Ascending/descending comparison with NULLs placed first or last. */
function compareNullable(x: Value, y: Value, type: SqlType, desc: boolean, nullsFirst: boolean): number {
  if (x === null || y === null) {
    if (x === y) return 0;
    return (x === null) === nullsFirst ? -1 : 1;
  }
  const c = compareValues(x, y, type);
  return desc ? -c : c;
}

/** A call's frame for one partition: offsets, and the ORDER BY values when RANGE needs them. */
function frameSpec(
  c: CompiledWindowCall,
  offsets: { readonly start: Value; readonly end: Value },
  rows: readonly Row[],
  orderSlot: number,
): FrameSpec {
  const frame = c.call.frame;
  const base = { frame, startOffset: offsets.start, endOffset: offsets.end };
  if (frame.mode !== 'range' || c.orderBy.length !== 1) return base;
  const key = c.orderBy[0];
  return {
    ...base,
    orderValues: rows.map((r) => r[orderSlot]),
    orderType: key.type,
    descending: key.descending,
    nullsFirst: key.nullsFirst,
  };
}
