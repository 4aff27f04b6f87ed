/**
 * ts_rank and ts_rank_cd: PostgreSQL's formulas (tsrank.c), computed in float4 as PostgreSQL
 * does (Math.fround where it stores a float), so results print the same.
 *
 * Weights are {D, C, B, A} (default {0.1, 0.2, 0.4, 1.0}); normalization is a bit mask:
 * 1 divides by 1 + log2(length), 2 by the length, 4 (ts_rank_cd only) by the mean extent
 * distance, 8 by the unique lexeme count, 16 by 1 + log2 of it, 32 maps r to r / (r + 1).
 */
import { DbError } from '../db-error.js';
import { type TsQuery, tsQueryOperands } from './tsquery.js';
import { compareLexemes, MAX_ENTRY_POS, posOf, type TsVector, weightOf } from './tsvector.js';

const f = Math.fround;
export const DEFAULT_RANK_WEIGHTS: readonly number[] = [0.1, 0.2, 0.4, 1.0].map(f);

/** getWeights: a float4[] of 4 ({D, C, B, A}); a negative entry takes the default. */
export function rankWeights(arr: readonly (number | null)[]): number[] {
  if (arr.length < 4) throw new DbError('2202E', 'array of weight is too short');
  return DEFAULT_RANK_WEIGHTS.map((d, i) => {
    const x = arr[i];
    if (x === null || x === undefined) throw new DbError('22004', 'array of weight must not contain nulls');
    if (x > 1) throw new DbError('22023', 'weight out of range');
    return x >= 0 ? f(x) : d;
  });
}

interface Operand {
  readonly word: string;
  readonly prefix: boolean;
}

/** SortAndUniqItems: the query's operands (under NOT too), sorted and distinct by text. */
function operands(q: TsQuery): Operand[] {
  const out: Operand[] = tsQueryOperands(q).sort((a, b) => compareLexemes(a.word, b.word));
  return out.filter((x, i) => i === 0 || out[i - 1]!.word !== x.word);
}

/** find_wordentry: the positions of each lexeme the operand matches (`noPos` when it has none). */
function entries(v: TsVector, o: Operand, noPos: number): number[][] {
  return v.lexemes
    .filter((l) => (o.prefix ? l.word.startsWith(o.word) : l.word === o.word))
    .map((l) => (l.positions.length > 0 ? [...l.positions] : [noPos]));
}

function rankOr(w: readonly number[], v: TsVector, items: readonly Operand[]): number {
  let res = 0;
  for (const o of items) {
    for (const post of entries(v, o, 0)) {
      let resj = 0;
      let wjm = -1;
      let jm = 0;
      for (let j = 0; j < post.length; j++) {
        const wp = w[weightOf(post[j]!)]!;
        resj = f(resj + f(wp / ((j + 1) * (j + 1))));
        if (wp > wjm) {
          wjm = wp;
          jm = j;
        }
      }
      res = f(res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685);
    }
  }
  return items.length > 0 ? f(res / items.length) : res;
}

const wordDistance = (d: number): number =>
  d > 100 ? f(1e-30) : f(1.0 / (1.005 + 0.05 * Math.exp(f(d) / 1.5 - 2)));

function rankAnd(w: readonly number[], v: TsVector, items: readonly Operand[]): number {
  if (items.length < 2) return rankOr(w, v, items);
  const noPos = MAX_ENTRY_POS - 1;
  const pos: (number[] | undefined)[] = [];
  let res = -1;
  items.forEach((o, i) => {
    for (const post of entries(v, o, noPos)) {
      pos[i] = post;
      const isNull = post.length === 1 && post[0] === noPos;
      for (let k = 0; k < i; k++) {
        const ct = pos[k];
        if (!ct) continue;
        const ctNull = ct.length === 1 && ct[0] === noPos;
        for (const pl of post) {
          for (const pc of ct) {
            let dist = Math.abs(posOf(pl) - posOf(pc));
            if (dist !== 0 || isNull || ctNull) {
              if (dist === 0) dist = MAX_ENTRY_POS;
              const curw = f(Math.sqrt(w[weightOf(pl)]! * w[weightOf(pc)]! * wordDistance(dist)));
              res = res < 0 ? curw : f(1.0 - (1.0 - res) * (1.0 - curw));
            }
          }
        }
      }
    }
  });
  return res;
}

/** cnt_length: positions counted, a lexeme without any as one. */
export const countLength = (v: TsVector): number =>
  v.lexemes.reduce((n, l) => n + Math.max(1, l.positions.length), 0);

function normalize(res: number, v: TsVector, method: number, extentDistance?: number): number {
  let r = res;
  const size = v.lexemes.length;
  if (method & 1 && size > 0) r = f(r / (Math.log(countLength(v) + 1) / Math.log(2.0)));
  if (method & 2) {
    const len = countLength(v);
    if (len > 0) r = f(r / len);
  }
  if (method & 4 && extentDistance !== undefined && extentDistance > 0) r = f(r / extentDistance);
  if (method & 8 && size > 0) r = f(r / size);
  if (method & 16 && size > 0) r = f(r / (Math.log(size + 1) / Math.log(2.0)));
  if (method & 32) r = f(r / (r + 1));
  return r;
}

/** ts_rank(weights, v, q, normalization). */
export function tsRank(w: readonly number[], v: TsVector, q: TsQuery, method: number): number {
  if (v.lexemes.length === 0 || q.root === undefined) return 0;
  const items = operands(q);
  const and = q.root.kind === 'and' || q.root.kind === 'phrase';
  let res = and ? rankAnd(w, v, items) : rankOr(w, v, items);
  if (res < 0) res = f(1e-20);
  return normalize(res, v, method);
}
