import { sqlType, type TypeName, type Value } from '@rustydb/common';
import type { AggregateName } from '@rustydb/planner';
import { describe, expect, it } from 'vitest';
import { type CompiledAggregate, makeAccumulator } from './aggregate.js';

/** An accumulator of `fn` over one argument of `type`, fed `values` in order. */
function fold(fn: AggregateName, type: TypeName, values: Iterable<Value>): Value {
  const a: CompiledAggregate = {
    call: { fn, args: [], distinct: false, type: sqlType('int8'), text: `${fn}(x)` },
    args: [],
    argTypes: [sqlType(type)],
  };
  const acc = makeAccumulator(a);
  const arg: Value[] = [null];
  for (const v of values) {
    arg[0] = v;
    acc.add(arg);
  }
  return acc.result();
}

function* repeat(v: Value, n: number): Generator<Value> {
  for (let i = 0; i < n; i++) yield v;
}

describe('integer sums and counts', () => {
  it('sum(int4) stays exact past 2^53 (the running double is moved into a bigint in time)', () => {
    const max = 2 ** 31 - 1;
    const n = 2 ** 23 + 5; // n * max > 2^54
    expect(fold('sum', 'int4', repeat(max, n))).toBe(BigInt(max) * BigInt(n));
    expect(fold('sum', 'int4', repeat(-(2 ** 31), n))).toBe(-(2n ** 31n) * BigInt(n));
  });

  it('sum and avg of mixed signs, int8 bigints and large int8 values', () => {
    expect(fold('sum', 'int2', [1, -2, 3, -4])).toBe(-2n);
    expect(fold('sum', 'int8', [2n ** 62n, 2n ** 62n, -(2n ** 62n), 7n])).toEqual(
      fold('sum', 'int8', [2n ** 62n + 7n]),
    );
    expect(String(fold('sum', 'int8', [2n ** 62n, 2n ** 62n, -(2n ** 62n), 7n]))).toBe(
      String(2n ** 62n + 7n),
    );
    expect(Number(String(fold('avg', 'int4', [2 ** 31 - 1, 2 ** 31 - 1, 1])))).toBe(1431655765);
  });

  it('sum over no rows is NULL', () => {
    expect(fold('sum', 'int4', [])).toBeNull();
    expect(fold('avg', 'int4', [])).toBeNull();
  });

  it('count is a bigint', () => {
    expect(fold('count', 'int4', repeat(1, 1000))).toBe(1000n);
    expect(fold('count', 'int4', [])).toBe(0n);
  });
});
