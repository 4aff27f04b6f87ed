import { type Row, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { ValuesScan } from './basic-operators.js';
import { LimitWithTiesOp } from './limit-with-ties.js';

const rows = (keys: (number | null)[]) => new ValuesScan(keys.map((k, i) => [() => i + 1, () => k]));
const ids = (op: LimitWithTiesOp): unknown[] => {
  op.open();
  const out: unknown[] = [];
  for (let b = op.next(); b; b = op.next()) for (const r of b as Row[]) out.push(r[0]);
  op.close();
  return out;
};
const limit = (n: number | null) => () => (n === null ? null : BigInt(n));
const key = [(r: Row) => r[1]!];
const INT4 = [sqlType('int4')];

describe('FETCH FIRST … WITH TIES', () => {
  it('returns the rows tying with the last one on the ORDER BY values, then stops', () => {
    expect(ids(new LimitWithTiesOp(rows([1, 1, 2, 2, 2, 3]), limit(3), undefined, key, INT4))).toEqual([
      1, 2, 3, 4, 5,
    ]);
    expect(ids(new LimitWithTiesOp(rows([1, 1, 2]), limit(1), undefined, key, INT4))).toEqual([1, 2]);
  });

  it('skips OFFSET rows first, treats NULLs as tying, and returns nothing for zero', () => {
    expect(ids(new LimitWithTiesOp(rows([1, 2, 2, 3]), limit(1), limit(1), key, INT4))).toEqual([2, 3]);
    expect(ids(new LimitWithTiesOp(rows([null, null, 1]), limit(1), undefined, key, INT4))).toEqual([1, 2]);
    expect(ids(new LimitWithTiesOp(rows([1, 1]), limit(0), undefined, key, INT4))).toEqual([]);
  });
});
