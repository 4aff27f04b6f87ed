/**
 * computeColumnStatistics: ANALYZE's arithmetic for one column of a row sample, PostgreSQL's
 * compute_scalar_stats (analyze.c) step by step:
 *
 * 1. NULL fraction and the average width of the non-NULL values (text-like values count their
 *    UTF-8 bytes plus the varlena header PostgreSQL stores: 1 byte up to 126, else 4).
 * 2. The non-NULL values are sorted; runs of equal values give `d` distinct values of which `f1`
 *    occur once. n_distinct is then: −(1 − nullFrac) when no value repeats (a unique column);
 *    `d` when every value repeats (the sample saw them all); else the Haas–Stokes Duj1 estimator
 *        n·d / ((n − f1) + f1·n/N)      (n non-NULL sampled, N non-NULL in the table),
 *    clamped to [d, N] and rounded. Estimates above 10% of the table are stored negative, as a
 *    fraction of the rows, so they scale as the table grows.
 * 3. Most common values: the repeated values by count; all of them when the sample holds every
 *    distinct value and they fit the target, else PostgreSQL 12's analyze_mcv_list keeps a value
 *    only while its count is significantly (2 standard deviations) above what the other values
 *    average.
 * 4. Histogram: up to target + 1 bounds cutting the remaining (non-MCV) sorted values into
 *    equal-population bins.
 * 5. Correlation between the sample's physical order and its sorted order (Pearson over ranks).
 *
 * Values that cannot be sorted (no btree order for the type) get steps 1–3 only, distinct values
 * being counted by their text form (compute_distinct_stats).
 */
import {
  compareValues,
  DbError,
  formatText,
  isArrayType,
  type SqlType,
  typeLength,
  type Value,
} from '@rustydb/common';
import type { ColumnStatistics } from './statistics.js';

/** PostgreSQL's default_statistics_target: MCV entries and histogram bins kept per column. */
export const DEFAULT_STATISTICS_TARGET = 100;

/** Rows ANALYZE samples: 300 × the statistics target, as PostgreSQL (30,000 by default). */
export const sampleRowsFor = (target: number): number => 300 * target;

/** Types compareValues cannot order. */
const UNSORTABLE: ReadonlySet<string> = new Set(['json', 'jsonb', 'record', 'void', 'unknown']);

/**
 * Statistics of column `attnum` (of type `type`) from `values`, one per sampled row in the
 * sample's physical order (NULLs included), for a table of `totalRows` live rows. Synchronous,
 * pure; throws only DbError from a comparison of malformed values.
 */
export function computeColumnStatistics(
  attnum: number,
  type: SqlType,
  values: readonly Value[],
  totalRows: number,
  target = DEFAULT_STATISTICS_TARGET,
): ColumnStatistics {
  const sampleRows = values.length;
  // The non-NULL values in sample (physical) order: a value's index here is its position.
  const nonNull: Value[] = [];
  let width = 0;
  for (const v of values) {
    if (v === null) continue;
    nonNull.push(v);
    width += valueWidth(v, type);
  }
  const nullCount = sampleRows - nonNull.length;
  const nullFrac = sampleRows === 0 ? 0 : nullCount / sampleRows;
  const avgWidth = nonNull.length === 0 ? 0 : Math.floor(width / nonNull.length); // int division, as stawidth
  if (nonNull.length === 0) {
    // PostgreSQL: all NULL → stadistinct 0, no MCVs or histogram.
    return {
      attnum,
      type,
      nullFrac,
      avgWidth,
      nDistinct: 0,
      mostCommonValues: [],
      mostCommonFreqs: [],
      histogramBounds: [],
    };
  }
  const sortable = !UNSORTABLE.has(type.name) && !isArrayType(type);
  const order = sortable ? sortedOrder(nonNull, type) : undefined;
  const runs = order ? sortedRuns(nonNull, order, type) : hashedRuns(nonNull, type);
  const d = runs.count;
  // Runs of repeated values, in run order (sorted order, or first appearance when unsortable).
  const multiple: number[] = [];
  for (let r = 0; r < d; r++) if (runs.counts[r]! > 1) multiple.push(r);
  const nDistinct = estimateDistinct(d, d - multiple.length, nonNull.length, sampleRows, nullFrac, totalRows);
  // MCVs: repeated values, most common first; equal counts in run order (PostgreSQL's qsort
  // does not promise an order for them).
  const candidates = multiple.sort((a, b) => runs.counts[b]! - runs.counts[a]! || a - b);
  let mcvCount: number;
  if (candidates.length === d && nDistinct > 0 && d <= target) mcvCount = d;
  else {
    mcvCount = Math.min(target, candidates.length);
    if (mcvCount > 0)
      mcvCount = analyzeMcvList(
        candidates.map((r) => runs.counts[r]!),
        mcvCount,
        nDistinct,
        nullFrac,
        sampleRows,
        totalRows,
      );
  }
  const mcv = candidates.slice(0, mcvCount);
  // pg_statistic keeps fractions as real (float4): round as it does, so estimates match.
  const real = Math.fround;
  const stats: ColumnStatistics = {
    attnum,
    type,
    nullFrac: real(nullFrac),
    avgWidth,
    nDistinct: real(nDistinct),
    mostCommonValues: mcv.map((r) => nonNull[runs.first[r]!]!),
    mostCommonFreqs: mcv.map((r) => real(runs.counts[r]! / sampleRows)),
    histogramBounds: order ? histogram(nonNull, runs, mcv, target) : [],
    ...(order ? { correlation: real(correlation(order)) } : {}),
  };
  return stats;
}

/**
 * Runs of equal values: `count` of them, run r's values counting `counts[r]`, the first of them
 * `nonNull[first[r]]`. Typed arrays: a unique column of a 30,000-row sample has 30,000 runs.
 */
interface Runs {
  readonly count: number;
  readonly counts: Int32Array;
  readonly first: Int32Array;
}

/** The runs of equal values in sorted order (`order`: positions in `nonNull`, sorted). */
function sortedRuns(nonNull: readonly Value[], order: Int32Array, type: SqlType): Runs {
  const n = order.length;
  const counts = new Int32Array(n);
  const first = new Int32Array(n);
  // The fast sort paths order numbers and strings whose equality is ===.
  const strict = INTEGRAL_NUMBER_TYPES.has(type.name) || CODE_POINT_TYPES.has(type.name);
  let count = 0;
  let last: Value = null;
  for (let i = 0; i < n; i++) {
    const v = nonNull[order[i]!]!;
    if (count > 0 && (strict ? last === v : compareValues(last, v, type) === 0)) {
      counts[count - 1]!++;
      continue;
    }
    counts[count] = 1;
    first[count] = order[i]!;
    count++;
    last = v;
  }
  return { count, counts, first };
}

/** Types whose values are integral JS numbers (compareValues orders them numerically). */
const INTEGRAL_NUMBER_TYPES: ReadonlySet<string> = new Set([
  'int2',
  'int4',
  'oid',
  'xid',
  'date',
  'time',
  'tid',
]);
/** Text types compareValues orders by code point over the whole string. */
const CODE_POINT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'name']);
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The positions of `nonNull` sorted by value, equal values in position order, as compareValues
 * orders them. An ANALYZE sorts 30,000 values per column, so the common types skip the generic
 * comparison: integral numbers are packed with their position into one float64 key each and
 * sorted natively; strings without surrogates compare by UTF-16 unit, which is then code point
 * order; the rest compare with compareValues.
 */
function sortedOrder(nonNull: readonly Value[], type: SqlType): Int32Array {
  const n = nonNull.length;
  if (INTEGRAL_NUMBER_TYPES.has(type.name)) {
    // key = value · 2^k + pos with pos < 2^k: exact, and in (value, pos) order, below 2^53.
    const scale = 2 ** Math.ceil(Math.log2(n + 1));
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(nonNull[i] as number));
    if ((max + 1) * scale <= Number.MAX_SAFE_INTEGER) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = (nonNull[i] as number) * scale + i;
      keys.sort();
      const order = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const key = keys[i]!;
        order[i] = key - Math.floor(key / scale) * scale;
      }
      return order;
    }
  }
  const positions = Array.from({ length: n }, (_, i) => i);
  if (CODE_POINT_TYPES.has(type.name) && nonNull.every((v) => !SURROGATE.test(v as string))) {
    const strings = nonNull as readonly string[];
    positions.sort((a, b) => {
      const x = strings[a]!;
      const y = strings[b]!;
      return x < y ? -1 : x === y ? a - b : 1;
    });
  } else {
    positions.sort((a, b) => compareValues(nonNull[a]!, nonNull[b]!, type) || a - b);
  }
  return Int32Array.from(positions);
}

/** The runs of equal text forms, in order of first appearance (for values that do not sort). */
function hashedRuns(nonNull: readonly Value[], type: SqlType): Runs {
  const byText = new Map<string, number>();
  const counts = new Int32Array(nonNull.length);
  const first = new Int32Array(nonNull.length);
  nonNull.forEach((value, i) => {
    const key = formatText(value, type);
    const run = byText.get(key);
    if (run !== undefined) counts[run]!++;
    else {
      const r = byText.size;
      byText.set(key, r);
      counts[r] = 1;
      first[r] = i;
    }
  });
  return { count: byText.size, counts, first };
}

/** Step 2 of the file comment. */
function estimateDistinct(
  d: number,
  f1: number,
  n: number,
  sampleRows: number,
  nullFrac: number,
  totalRows: number,
): number {
  let nd: number;
  if (f1 === d)
    nd = -1 * (1 - nullFrac); // no repeats: unique
  else if (f1 === 0)
    nd = d; // every value seen at least twice: all of them seen
  else {
    const N = totalRows * (1 - nullFrac);
    const denom = n - f1 + (f1 * n) / N;
    nd = N > 0 && denom > 0 ? (n * d) / denom : d;
    nd = Math.floor(Math.min(Math.max(nd, d), Math.max(N, d)) + 0.5);
  }
  if (nd > 0.1 * totalRows && totalRows > 0 && sampleRows > 0) nd = -(nd / totalRows);
  return nd;
}

/** PostgreSQL 12's analyze_mcv_list: how many of `counts` (descending) are worth keeping. */
function analyzeMcvList(
  counts: readonly number[],
  numMcv: number,
  nDistinct: number,
  nullFrac: number,
  sampleRows: number,
  totalRows: number,
): number {
  if (sampleRows >= totalRows || totalRows <= 1) return numMcv;
  const ndTable = nDistinct < 0 ? -nDistinct * totalRows : nDistinct;
  let sum = 0;
  for (let i = 0; i < numMcv - 1; i++) sum += counts[i];
  while (numMcv > 0) {
    let selec = Math.min(Math.max(1 - sum / sampleRows - nullFrac, 0), 1);
    const otherDistinct = ndTable - (numMcv - 1);
    if (otherDistinct > 1) selec /= otherDistinct;
    const N = totalRows;
    const n = sampleRows;
    const K = (N * counts[numMcv - 1]) / n;
    const variance = (n * K * (N - K) * (N - n)) / (N * N * (N - 1));
    if (counts[numMcv - 1] > selec * sampleRows + 2 * Math.sqrt(variance) + 0.5) break;
    numMcv--;
    if (numMcv === 0) break;
    sum -= counts[numMcv - 1];
  }
  return numMcv;
}

/**
 * Step 4: bounds over the sorted non-MCV values (PostgreSQL's delta/deltafrac walk). The values
 * are not copied out: a bound's position in that sequence is found by walking the runs.
 */
function histogram(nonNull: readonly Value[], runs: Runs, mcv: readonly number[], target: number): Value[] {
  const distinctLeft = runs.count - mcv.length;
  let numHist = Math.min(distinctLeft, target + 1);
  if (numHist < 2) return [];
  const isMcv = new Uint8Array(runs.count);
  for (const r of mcv) isMcv[r] = 1;
  let n = 0;
  for (let r = 0; r < runs.count; r++) if (isMcv[r] === 0) n += runs.counts[r]!;
  numHist = Math.min(numHist, n);
  const delta = Math.floor((n - 1) / (numHist - 1));
  const deltaFrac = (n - 1) % (numHist - 1);
  const out: Value[] = [];
  // Run r covers positions [before, before + counts[r]) of the non-MCV sequence.
  let r = 0;
  let before = 0;
  let pos = 0;
  let posFrac = 0;
  for (let i = 0; i < numHist; i++) {
    while (isMcv[r] === 1 || pos >= before + runs.counts[r]!) {
      if (isMcv[r] === 0) before += runs.counts[r]!;
      r++;
    }
    out.push(nonNull[runs.first[r]!]!);
    pos += delta;
    posFrac += deltaFrac;
    if (posFrac >= numHist - 1) {
      pos++;
      posFrac -= numHist - 1;
    }
  }
  return out;
}

/**
 * Step 5: Pearson correlation of (sorted position, physical position). As in PostgreSQL, equal
 * values each keep their own index in the sorted array (ties in physical order).
 */
function correlation(order: Int32Array): number {
  const n = order.length;
  if (n < 2) return 1;
  let xy = 0;
  for (let i = 0; i < n; i++) xy += i * order[i]!;
  const xsum = ((n - 1) * n) / 2;
  const x2sum = ((n - 1) * n * (2 * n - 1)) / 6;
  const corr = (n * xy - xsum * xsum) / (n * x2sum - xsum * xsum);
  if (!Number.isFinite(corr)) throw new DbError('XX000', 'correlation is not finite');
  return Math.max(-1, Math.min(1, corr));
}

/** Width in bytes as PostgreSQL stores the value (varlena: payload + header). */
function valueWidth(v: Value, type: SqlType): number {
  const fixed = typeLength(type);
  if (fixed > 0) return fixed;
  let bytes: number;
  if (typeof v === 'string') bytes = Buffer.byteLength(v, 'utf8');
  else if (v instanceof Uint8Array) bytes = v.length;
  else bytes = Buffer.byteLength(formatText(v, type), 'utf8');
  return bytes + (bytes < 127 ? 1 : 4);
}
