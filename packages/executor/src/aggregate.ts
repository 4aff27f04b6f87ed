/**
 * Aggregation: HashAggregate (groups in a Map keyed by the group values, output in first-seen
 * order) and plain Aggregate (one group; one row even without input: count 0, others NULL).
 *
 * Accumulators follow PostgreSQL's transition functions and result types: count → int8;
 * sum(int2|int4) → int8 (bigint accumulator), sum(int8|numeric) → numeric, sum(float4) → float4,
 * sum(float8) → float8; avg of integers/numeric → numeric (sum / count with numeric division's
 * scale), of floats → float8; min/max by compareValues; bool_and/bool_or; string_agg.
 * DISTINCT aggregates keep the set of argument keys seen per group.
 */
import {
  compareValues,
  DbError,
  float4Add,
  float8Add,
  float8Div,
  Numeric,
  type Row,
  type SqlType,
  type Value,
} from '@rustydb/common';
import type { AggregateCall } from '@rustydb/planner';
import type { CompiledExpr } from './compile-expr.js';
import { BATCH_SIZE, type Operator } from './operator.js';
import { type HashKey, rowKey } from './row-key.js';

/** One aggregate's running state for one group. */
interface Accumulator {
  add(args: readonly Value[]): void;
  result(): Value;
}

export interface CompiledAggregate {
  readonly call: AggregateCall<unknown>;
  readonly args: readonly CompiledExpr[];
  readonly argTypes: readonly SqlType[];
}

function toNumeric(v: Value, t: SqlType): Numeric {
  if (t.name === 'numeric') return v as Numeric;
  return Numeric.fromBigInt(typeof v === 'bigint' ? v : BigInt(v as number));
}

function makeAccumulator(a: CompiledAggregate): Accumulator {
  const t = a.argTypes[0];
  switch (a.call.fn) {
    case 'count': {
      let n = 0n;
      return { add: () => void n++, result: () => n };
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
      if ((t.name === 'int2' || t.name === 'int4') && !avg) {
        let s = 0n;
        return {
          add: (v) => {
            s += BigInt(v[0] as number);
            count++;
          },
          result: () => {
            if (count === 0) return null;
            if (s > 2n ** 63n - 1n || s < -(2n ** 63n)) throw new DbError('22003', 'bigint out of range');
            return s;
          },
        };
      }
      let s = Numeric.ZERO;
      let intSum = 0n;
      const exactInt = t.name !== 'numeric';
      return {
        add: (v) => {
          if (exactInt) intSum += typeof v[0] === 'bigint' ? v[0] : BigInt(v[0] as number);
          else s = s.add(toNumeric(v[0], t));
          count++;
        },
        result: () => {
          if (count === 0) return null;
          const total = exactInt ? Numeric.fromBigInt(intSum) : s;
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
}

/** Feeds one row to a group's accumulators (strictness, DISTINCT). */
class GroupState {
  readonly accs: Accumulator[];
  private readonly seen: (Set<HashKey> | undefined)[];
  private readonly buf: Value[][];

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
      const vals = this.buf[i];
      let hasNull = false;
      for (let j = 0; j < a.args.length; j++) {
        vals[j] = a.args[j](row);
        // string_agg's delimiter may be NULL; every other argument makes the call strict.
        if (vals[j] === null && !(a.call.fn === 'string_agg' && j === 1)) hasNull = true;
      }
      if (hasNull) continue;
      const seen = this.seen[i];
      if (seen) {
        const k = rowKey(vals, a.argTypes);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      this.accs[i].add(vals);
    }
  }

  output(): Row {
    return [...this.key, ...this.accs.map((a) => a.result())];
  }
}

export class AggregateOp implements Operator {
  private results: Row[] = [];
  private pos = 0;
  private readonly batch: Row[] = [];

  constructor(
    private readonly input: Operator,
    private readonly groupBy: readonly CompiledExpr[],
    private readonly groupTypes: readonly SqlType[],
    private readonly aggs: readonly CompiledAggregate[],
  ) {}

  open(): void {
    this.input.open();
    try {
      this.results = this.groupBy.length === 0 ? this.plain() : this.hashed();
    } finally {
      this.input.close();
    }
    this.pos = 0;
  }

  private plain(): Row[] {
    const g = new GroupState([], this.aggs);
    for (let b = this.input.next(); b; b = this.input.next()) for (const r of b) g.add(r);
    return [g.output()];
  }

  private hashed(): Row[] {
    const groups = new Map<HashKey, GroupState>();
    const key = new Array<Value>(this.groupBy.length);
    for (let b = this.input.next(); b; b = this.input.next()) {
      for (const r of b) {
        for (let i = 0; i < key.length; i++) key[i] = this.groupBy[i](r);
        const k = rowKey(key, this.groupTypes);
        let g = groups.get(k);
        if (!g) {
          g = new GroupState(key.slice(), this.aggs);
          groups.set(k, g);
        }
        g.add(r);
      }
    }
    return [...groups.values()].map((g) => g.output());
  }

  next(): Row[] | undefined {
    if (this.pos >= this.results.length) return undefined;
    this.batch.length = 0;
    while (this.pos < this.results.length && this.batch.length < BATCH_SIZE)
      this.batch.push(this.results[this.pos++]);
    return this.batch;
  }

  close(): void {
    this.results = [];
  }
}

/** SELECT DISTINCT: passes each row whose key was not seen before. */
export class DistinctOp implements Operator {
  private seen = new Set<HashKey>();
  private readonly batch: Row[] = [];

  constructor(
    private readonly input: Operator,
    private readonly types: readonly SqlType[],
  ) {}

  open(): void {
    this.seen = new Set();
    this.input.open();
  }

  next(): Row[] | undefined {
    for (let b = this.input.next(); b; b = this.input.next()) {
      this.batch.length = 0;
      for (const r of b) {
        const k = rowKey(r, this.types);
        if (this.seen.has(k)) continue;
        this.seen.add(k);
        this.batch.push(r);
      }
      if (this.batch.length > 0) return this.batch;
    }
    return undefined;
  }

  close(): void {
    this.input.close();
  }
}
