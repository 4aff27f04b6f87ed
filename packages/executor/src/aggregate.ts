/**
 * Aggregation: HashAggregate (groups in a Map keyed by the group values, output in first-seen
 * order) and plain Aggregate (one group; one row even without input: count 0, others NULL).
 *
 * HashAggregate is bounded by `work_mem` through SpillingHashAggregator: once the groups' estimated
 * size reaches it, rows of new groups go to hash partitions in temporary files and are
 * aggregated after the groups in memory (which still come out first, in first-seen order). The
 * group key values are computed once per input row and carried after its columns (the row the
 * aggregator sees, and spills, is `input columns ++ group keys`), so a replayed row is never
 * re-evaluated: volatile GROUP BY expressions keep their first value.
 *
 * Accumulators follow PostgreSQL's transition functions and result types: count → int8;
 * sum(int2|int4) → int8 (bigint accumulator), sum(int8|numeric) → numeric, sum(float4) → float4,
 * sum(float8) → float8; avg of integers/numeric → numeric (sum / count with numeric division's
 * scale), of floats → float8; min/max by compareValues; bool_and/bool_or; string_agg.
 * DISTINCT aggregates keep the set of argument keys seen per group.
 *
 * Grouping sets (ROLLUP, CUBE, GROUPING SETS): every input row feeds one group per set, keyed by
 * the set's keys only; the output row has the other keys NULL and the set's index after the keys.
 *
 * The input is read on the first next() calls, resumably: a YIELD from the input is handed up
 * and the next call reads on into the same groups.
 */
import {
  compareValues,
  type DateTimeStyle,
  DbError,
  emptyArray,
  float4Add,
  float8Add,
  float8Div,
  InternalError,
  type Interval,
  intervalAdd,
  intervalDiv,
  makeInterval,
  Numeric,
  pushBounded,
  type Row,
  type SqlType,
  type TimeZone,
  type Value,
} from '@rustydb/common';
import { type AggregateCall, aggregateTakesNull } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { makeMoreAccumulator } from './more-aggregates.js';
import { BATCH_SIZE, type Operator, releaseThenCloseInput, YIELD, type Yield } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';
import type { Runtime } from './runtime.js';
import type { CompiledSortKey } from './sort.js';
import { estimateValueSize } from './spill/row-size.js';
import {
  type GroupCallbacks,
  type HashAggStats,
  SpillingHashAggregator,
} from './spill/spilling-hash-aggregator.js';
import type { TempFileSet } from './spill/temp-file-set.js';

/** Compares two rows' ORDER BY values (NULLS FIRST/LAST, DESC) as a Sort would. */
function compareSortKeys(a: readonly Value[], b: readonly Value[], keys: readonly CompiledSortKey[]): number {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = a[i];
    const y = b[i];
    if (x === null || y === null) {
      if (x === y) continue;
      return (x === null) === k.nullsFirst ? -1 : 1;
    }
    const c = compareValues(x, y, k.type);
    if (c !== 0) return k.descending ? -c : c;
  }
  return 0;
}

/** One aggregate's running state for one group. `result()` may be called repeatedly (windows). */
export interface Accumulator {
  add(args: readonly Value[]): void;
  result(): Value;
}

export interface CompiledAggregate {
  readonly call: AggregateCall<unknown>;
  readonly args: readonly CompiledExpr[];
  readonly argTypes: readonly SqlType[];
  /** FILTER (WHERE …): rows where it is not true are not fed. */
  readonly filter?: CompiledExpr;
  /** ORDER BY inside the call: values are buffered and fed in this order at the end. */
  readonly orderBy?: readonly CompiledSortKey[];
  /** The session's TimeZone (timestamptz values inside json_agg & co.); UTC when absent. */
  readonly zone?: TimeZone;
  /** The session's IntervalStyle (intervals inside json_agg & co.); postgres when absent. */
  readonly style?: DateTimeStyle;
}

function toNumeric(v: Value, t: SqlType): Numeric {
  if (t.name === 'numeric') return v as Numeric;
  return Numeric.fromBigInt(typeof v === 'bigint' ? v : BigInt(v as number));
}

/** A fresh accumulator for `a` (its arguments are fed already evaluated, non-NULL). */
/** Where ExactIntSum moves its double into the BigInt: far enough below 2^53 that the next 32-bit add stays exact. */
const SMALL_SUM_LIMIT = 2 ** 52;
const INT32_LIMIT = 2 ** 31;

/**
 * An exact sum of integers (int2/int4 values as numbers, int8 as bigints): 32-bit values add
 * into a double while it is exact, and only a bigint or a double near 2^53 touches the BigInt,
 * so summing int4 rows allocates nothing per row.
 */
class ExactIntSum {
  private small = 0;
  private big = 0n;

  add(v: number | bigint): void {
    if (typeof v === 'bigint') {
      this.big += v;
      return;
    }
    if (v > INT32_LIMIT || v < -INT32_LIMIT) {
      this.big += BigInt(v);
      return;
    }
    const s = this.small + v;
    if (s > SMALL_SUM_LIMIT || s < -SMALL_SUM_LIMIT) {
      this.big += BigInt(s);
      this.small = 0;
    } else this.small = s;
  }

  total(): bigint {
    return this.big + BigInt(this.small);
  }
}

export function makeAccumulator(a: CompiledAggregate): Accumulator {
  const t = a.argTypes[0];
  switch (a.call.fn) {
    case 'count': {
      // A double counts exactly far past any row count; a BigInt per row would allocate.
      let n = 0;
      return { add: () => void n++, result: () => BigInt(n) };
    }
    case 'sum':
    case 'avg': {
      const avg = a.call.fn === 'avg';
      let count = 0;
      if (t.name === 'float4' || t.name === 'float8') {
        let s = 0;
        const add = t.name === 'float4' && !avg ? float4Add : float8Add;
        return {
          add: (v) => {
            s = add(s, v[0] as number);
            count++;
          },
          result: () => (count === 0 ? null : avg ? float8Div(s, count) : s),
        };
      }
      if (t.name === 'interval') {
        // interval_pl accumulates; avg divides the sum by the count as interval_div does.
        let s = makeInterval(0, 0, 0n);
        return {
          add: (v) => {
            s = intervalAdd(s, v[0] as Interval);
            count++;
          },
          result: () => (count === 0 ? null : avg ? intervalDiv(s, count) : s),
        };
      }
      if ((t.name === 'int2' || t.name === 'int4') && !avg) {
        const sum = new ExactIntSum();
        return {
          add: (v) => {
            sum.add(v[0] as number);
            count++;
          },
          result: () => {
            if (count === 0) return null;
            const s = sum.total();
            if (s > 2n ** 63n - 1n || s < -(2n ** 63n)) throw new DbError('22003', 'bigint out of range');
            return s;
          },
        };
      }
      let s = Numeric.ZERO;
      const intSum = new ExactIntSum();
      const exactInt = t.name !== 'numeric';
      return {
        add: (v) => {
          if (exactInt) intSum.add(v[0] as number | bigint);
          else s = s.add(toNumeric(v[0], t));
          count++;
        },
        result: () => {
          if (count === 0) return null;
          const total = exactInt ? Numeric.fromBigInt(intSum.total()) : s;
          return avg ? total.div(Numeric.fromBigInt(BigInt(count))) : total;
        },
      };
    }
    case 'min':
    case 'max': {
      const sign = a.call.fn === 'max' ? 1 : -1;
      let best: Value = null;
      return {
        add: (v) => {
          if (best === null || sign * compareValues(v[0], best, t) > 0) best = v[0];
        },
        result: () => best,
      };
    }
    case 'bool_and':
    case 'bool_or': {
      const and = a.call.fn === 'bool_and';
      let r: Value = null;
      return {
        add: (v) => {
          r =
            r === null
              ? v[0]
              : and
                ? (r as boolean) && (v[0] as boolean)
                : (r as boolean) || (v[0] as boolean);
        },
        result: () => r,
      };
    }
    case 'string_agg': {
      let s: string | null = null;
      return {
        add: (v) => {
          s = s === null ? (v[0] as string) : s + ((v[1] as string | null) ?? '') + (v[0] as string);
        },
        result: () => s,
      };
    }
  }
  const more = makeMoreAccumulator(a.call, a.argTypes, a.zone, a.style);
  if (!more) throw new InternalError(`no accumulator for aggregate ${a.call.fn}`);
  return more;
}

/** Feeds one row to a group's accumulators (strictness, DISTINCT). */
export class GroupState {
  readonly accs: Accumulator[];
  private readonly seen: (Set<HashKey> | undefined)[];
  private readonly buf: Value[][];
  /** Buffered (arguments, sort keys) per ORDER BY aggregate, fed in order by `output`. */
  private sorted: { vals: Value[]; keys: Value[] }[][] | undefined;

  constructor(
    readonly key: Row,
    private readonly aggs: readonly CompiledAggregate[],
  ) {
    this.accs = aggs.map(makeAccumulator);
    this.seen = aggs.map((a) => (a.call.distinct ? new Set<HashKey>() : undefined));
    this.buf = aggs.map((a) => new Array<Value>(a.args.length));
  }

  add(row: Row): void {
    for (let i = 0; i < this.aggs.length; i++) {
      const a = this.aggs[i];
      if (a.filter && a.filter(row) !== true) continue;
      if (a.orderBy) {
        this.sorted ??= this.aggs.map(() => []);
        pushBounded(this.sorted[i], {
          vals: a.args.map((e) => e(row)),
          keys: a.orderBy.map((k) => k.expr(row)),
        });
        continue;
      }
      // Evaluated into the reused buffer: no allocation per row.
      const vals = this.buf[i];
      for (let j = 0; j < a.args.length; j++) vals[j] = a.args[j](row);
      this.feed(i, vals);
    }
  }

  /** Feeds one call's evaluated arguments: strictness and DISTINCT, then the accumulator. */
  private feed(i: number, vals: Value[]): void {
    const a = this.aggs[i];
    for (let j = 0; j < a.args.length; j++) {
      // Most aggregates skip rows with a NULL argument; array_agg & co. see them.
      if (vals[j] === null && !aggregateTakesNull(a.call.fn, j)) return;
    }
    const seen = this.seen[i];
    if (seen) {
      const k = rowKey(vals, a.argTypes);
      if (seen.has(k)) return;
      seen.add(k);
    }
    this.accs[i].add(vals);
  }

  output(setId?: number): Row {
    if (this.sorted) {
      this.aggs.forEach((a, i) => {
        const keys = a.orderBy;
        if (!keys) return;
        const rows = this.sorted![i];
        rows.sort((x, y) => compareSortKeys(x.keys, y.keys, keys));
        for (const r of rows) this.feed(i, r.vals);
      });
      this.sorted = undefined;
    }
    const values = this.accs.map((a) => a.result());
    return setId === undefined ? [...this.key, ...values] : [...this.key, setId, ...values];
  }
}

/** Estimated heap bytes of a group besides its key values and accumulators (object, Map entry). */
const GROUP_BYTES = 160;
/** Estimated heap bytes of one aggregate's state in a group (closure, its context, buffers). */
const ACCUMULATOR_BYTES = 160;

export class AggregateOp implements Operator {
  private readonly width: number;
  /** The rows the hash tables see (and spill): input columns, then the group key values. */
  private readonly spillTypes: readonly SqlType[];
  private readonly scratch: Row;
  private readonly keyBuf: Value[];
  private files: TempFileSet | undefined;
  /** One hash table per grouping set (one in all for plain GROUP BY). */
  private tables: SpillingHashAggregator<GroupState>[] = [];
  /** Plain aggregation's single row, until output. */
  private plainRow: Row | undefined;
  /** Plain aggregation's group while the input is read. */
  private plainGroup: GroupState | undefined;
  /** The input is open and being read into the groups. */
  private reading = false;
  /** The grouping set being output, and how many groups it gave so far. */
  private setPos = 0;
  private setGroups = 0;
  private readonly batch: Row[] = [];

  /** `inputTypes` are the input's spill types (its column types), one per input column. */
  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    inputTypes: readonly SqlType[],
    private readonly groupBy: readonly CompiledExpr[],
    private readonly groupTypes: readonly SqlType[],
    private readonly aggs: readonly CompiledAggregate[],
    private readonly sets?: readonly (readonly number[])[],
  ) {
    this.width = inputTypes.length;
    this.spillTypes = [...inputTypes, ...groupTypes];
    this.scratch = new Array<Value>(this.width + groupBy.length);
    this.keyBuf = new Array<Value>(groupBy.length);
  }

  /** Each hash table's statistics (one per grouping set); empty for plain aggregation. */
  get stats(): HashAggStats[] {
    return this.tables.map((t) => t.stats);
  }

  open(): void {
    this.release();
    this.setPos = 0;
    this.setGroups = 0;
    try {
      if (this.sets) this.startHashed(this.sets);
      else if (this.groupBy.length === 0) this.plainGroup = new GroupState([], this.aggs);
      else this.startHashed([this.groupBy.map((_, i) => i)]);
      this.input.open();
    } catch (err) {
      this.release();
      throw err;
    }
    this.reading = true;
  }

  /** Feeds input rows to the groups until the input ends (then finishes: true) or yields (false). */
  private read(): boolean {
    const plain = this.plainGroup;
    for (let b = this.input.next(); b; b = this.input.next()) {
      if (b === YIELD) return false;
      if (plain !== undefined) for (const r of b) plain.add(r);
      else this.addHashed(b);
    }
    this.reading = false;
    this.input.close();
    if (plain !== undefined) {
      this.plainRow = plain.output();
      this.plainGroup = undefined;
    } else for (const t of this.tables) t.finish();
    return true;
  }

  /** Makes one hash table per grouping set. */
  private startHashed(sets: readonly (readonly number[])[]): void {
    this.files ??= this.rt.tempFiles();
    const files = this.files;
    // PostgreSQL's hashed grouping sets share one work_mem too.
    const workMem = Math.max(1, Math.floor(this.rt.workMem / sets.length));
    const groupBytes = this.groupBytes;
    this.tables = sets.map(
      (set) =>
        new SpillingHashAggregator<GroupState>({
          types: this.spillTypes,
          callbacks: this.callbacks(set),
          files,
          workMem,
          groupBytes,
        }),
    );
  }

  /** Feeds a batch to every hash table (the keys computed once per row). */
  private addHashed(b: readonly Row[]): void {
    const tables = this.tables;
    const scratch = this.scratch;
    const w = this.width;
    const groupBy = this.groupBy;
    for (const r of b) {
      for (let i = 0; i < w; i++) scratch[i] = r[i];
      for (let j = 0; j < groupBy.length; j++) scratch[w + j] = groupBy[j](r);
      for (let t = 0; t < tables.length; t++) tables[t].add(scratch);
    }
  }

  /** How a grouping set's table groups the rows: by the set's key values, the others NULL. */
  private callbacks(set: readonly number[]): GroupCallbacks<GroupState> {
    const w = this.width;
    const n = this.groupBy.length;
    const keyBuf = this.keyBuf;
    const masked = set.length < n;
    return {
      key: (row) => {
        if (masked) keyBuf.fill(null);
        for (let i = 0; i < set.length; i++) keyBuf[set[i]] = row[w + set[i]];
        return rowKey(keyBuf, this.groupTypes);
      },
      init: (row) => {
        const key = new Array<Value>(n).fill(null);
        for (let i = 0; i < set.length; i++) key[set[i]] = row[w + set[i]];
        return new GroupState(key, this.aggs);
      },
      advance: (state, row) => state.add(row),
    };
  }

  /** A new group's estimated heap bytes: its key values, its accumulators, the overhead. */
  private readonly groupBytes = (row: Row): number => {
    let n = GROUP_BYTES + this.aggs.length * ACCUMULATOR_BYTES;
    // Multi-column keys are also joined into a string (row-key.ts): count them twice.
    const factor = this.groupBy.length > 1 ? 2 : 1;
    for (let i = this.width; i < row.length; i++) n += factor * (8 + estimateValueSize(row[i]));
    return n;
  };

  next(): Row[] | undefined | Yield {
    if (this.reading && !this.read()) return YIELD;
    const batch = this.batch;
    emptyArray(batch);
    if (this.plainRow) {
      batch.push(this.plainRow);
      this.plainRow = undefined;
      return batch;
    }
    const tables = this.tables;
    while (batch.length < BATCH_SIZE && this.setPos < tables.length) {
      const group = tables[this.setPos].next();
      if (group) {
        batch.push(group.output(this.sets ? this.setPos : undefined));
        this.setGroups++;
        continue;
      }
      // An empty grouping set yields its row even without input.
      if (this.sets && this.sets[this.setPos].length === 0 && this.setGroups === 0) {
        const key = new Array<Value>(this.groupBy.length).fill(null);
        batch.push(new GroupState(key, this.aggs).output(this.setPos));
      }
      this.setPos++;
      this.setGroups = 0;
    }
    return batch.length > 0 ? batch : undefined;
  }

  close(): void {
    for (const t of this.tables) this.rt.reportSpill({ operator: 'HashAggregate', stats: t.stats });
    const reading = this.reading;
    this.reading = false;
    releaseThenCloseInput(() => this.release(), this.input, reading);
  }

  /** Drops the groups and deletes the temporary files. */
  private release(): void {
    const tables = this.tables;
    this.tables = [];
    this.plainRow = undefined;
    this.plainGroup = undefined;
    try {
      for (const t of tables) t.close();
    } finally {
      this.files?.close();
    }
  }
}
