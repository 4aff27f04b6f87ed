/**
 * Merge Join and the semi/anti joins against a brute-force reference: every join type, keys
 * with duplicates and NULLs on both sides, with and without a residual condition, and inputs
 * larger than a batch — given as plain row lists, as a scan gives them (row arrays reused from
 * batch to batch), and as a scan whose time slice always runs out (a YIELD before every row).
 */
import { compareValues, type Row, sqlType, type Value } from '@rustydb/common';
import type { JoinType } from '@rustydb/planner';
import { describe, expect, it } from 'vitest';
import { MergeJoin } from './merge-join.js';
import { drain, type Operator, RowListOperator } from './operator.js';
import { SemiJoin } from './semi-join.js';
import { ScanLikeRows } from './testing/scan-like-rows.js';

const int4 = sqlType('int4');
/** No Runtime here: the inputs yield on their own (ScanLikeRows), the flag only gets cleared. */
const flag = { yieldDue: false };

/** A deterministic PRNG, so a failure reproduces. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` rows (key, id): keys 0..range-1 with duplicates, some NULL; sorted ascending NULLS LAST. */
function rows(n: number, range: number, seed: number): Row[] {
  const rnd = random(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) out.push([rnd() < 0.1 ? null : Math.floor(rnd() * range), i]);
  return out.sort((a, b) => {
    if (a[0] === null || b[0] === null) return a[0] === b[0] ? 0 : a[0] === null ? 1 : -1;
    return compareValues(a[0], b[0], int4);
  });
}

const key = (r: Row) => r[0];
const residual = (row: Row) => ((row[1] as number) + (row[3] as number)) % 3 !== 0;

function reference(type: JoinType, left: Row[], right: Row[], withResidual: boolean): string[] {
  const out: Row[] = [];
  const rightMatched = new Set<number>();
  for (const l of left) {
    let matched = false;
    right.forEach((r, j) => {
      if (l[0] === null || r[0] === null || l[0] !== r[0]) return;
      const row = [...l, ...r];
      if (withResidual && !residual(row)) return;
      matched = true;
      rightMatched.add(j);
      out.push(row);
    });
    if (!matched && (type === 'left' || type === 'full')) out.push([...l, null, null]);
  }
  if (type === 'right' || type === 'full') {
    right.forEach((r, j) => {
      if (!rightMatched.has(j)) out.push([null, null, ...r]);
    });
  }
  return canonical(out);
}

const canonical = (list: readonly Row[]): string[] => list.map((r) => JSON.stringify(r)).sort();

/** How a test hands its rows to the join. */
const sources: Record<string, (rows: Row[]) => Operator> = {
  'row lists': (rows) => new RowListOperator(() => rows),
  'scan-like inputs': (rows) => new ScanLikeRows(rows),
  'inputs yielding before every row': (rows) => new ScanLikeRows(rows, true),
};

function mergeJoin(
  type: Exclude<JoinType, 'cross'>,
  left: Row[],
  right: Row[],
  withResidual: boolean,
  source: (rows: Row[]) => Operator,
): string[] {
  const op = new MergeJoin(
    type,
    source(left),
    source(right),
    2,
    2,
    [key],
    [key],
    [int4],
    withResidual ? residual : undefined,
    flag,
  );
  return canonical(drain(op, flag));
}

describe('MergeJoin', () => {
  const cases: [number, number, number][] = [
    [0, 5, 1],
    [5, 0, 2],
    [40, 30, 3],
    [700, 600, 4],
    [300, 900, 5],
  ];
  for (const [name, source] of Object.entries(sources)) {
    for (const type of ['inner', 'left', 'right', 'full'] as const) {
      it(`${type} join matches the reference with duplicates, NULLs and a residual (${name})`, () => {
        for (const [n, m, seed] of cases) {
          const left = rows(n, 12, seed);
          const right = rows(m, 15, seed + 100);
          expect(mergeJoin(type, left, right, false, source)).toEqual(reference(type, left, right, false));
          expect(mergeJoin(type, left, right, true, source)).toEqual(reference(type, left, right, true));
        }
      });
    }
  }

  it('joins on two keys, NULL in the second key included', () => {
    const l: Row[] = [
      [1, 5],
      [1, null],
      [2, 3],
      [2, 3],
    ];
    const r: Row[] = [
      [1, 5],
      [1, null],
      [2, 3],
    ];
    const op = new MergeJoin(
      'full',
      new RowListOperator(() => l),
      new RowListOperator(() => r),
      2,
      2,
      [(x) => x[0], (x) => x[1]],
      [(x) => x[0], (x) => x[1]],
      [int4, int4],
      undefined,
      flag,
    );
    expect(canonical(drain(op, flag))).toEqual(
      canonical([
        [1, 5, 1, 5],
        [1, null, null, null],
        [null, null, 1, null],
        [2, 3, 2, 3],
        [2, 3, 2, 3],
      ]),
    );
  });
});

describe('SemiJoin', () => {
  // In id order, so matching and other rows alternate: an output batch spans input batches.
  const left = rows(500, 20, 7).sort((a, b) => (a[1] as number) - (b[1] as number));
  const right = rows(300, 12, 8);
  const semiRef = (anti: boolean, withResidual: boolean) =>
    canonical(
      left.filter((l) => {
        const found = right.some(
          (r) => l[0] !== null && r[0] !== null && l[0] === r[0] && (!withResidual || residual([...l, ...r])),
        );
        return found !== anti;
      }),
    );

  for (const [name, source] of Object.entries(sources)) {
    for (const anti of [false, true]) {
      for (const hashed of [true, false]) {
        it(`${anti ? 'anti' : 'semi'} join (${hashed ? 'hashed' : 'nested loop'}) keeps each left row once (${name})`, () => {
          for (const withResidual of [false, true]) {
            const eq = (row: Value[]) => row[0] !== null && row[2] !== null && row[0] === row[2];
            const cond = withResidual ? (row: Value[]) => eq(row) && residual(row) : eq;
            const op = new SemiJoin(
              anti,
              hashed,
              source(left),
              source(right),
              2,
              2,
              hashed ? [key] : [],
              hashed ? [key] : [],
              hashed ? [int4] : [],
              hashed ? (withResidual ? residual : undefined) : cond,
            );
            expect(canonical(drain(op, flag))).toEqual(semiRef(anti, withResidual));
          }
        });
      }
    }
  }
});
