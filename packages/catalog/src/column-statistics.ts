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
  const nonNull: { value: Value; pos: number }[] = [];
  let width = 0;
  for (const v of values) {
    if (v === null) continue;
    nonNull.push({ value: v, pos: nonNull.length });
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
  const runs = sortable ? sortedRuns(nonNull, type) : hashedRuns(nonNull, type);
  const d = runs.length;
  const multiple = runs.filter((r) => r.count > 1);
  const nDistinct = estimateDistinct(d, d - multiple.length, nonNull.length, sampleRows, nullFrac, totalRows);
  // MCVs: repeated values, most common first (ties keep sort order, as PostgreSQL's qsort does not guarantee).
  const candidates = [...multiple].sort((a, b) => b.count - a.count);
  let mcvCount: number;
  if (multiple.length === d && nDistinct > 0 && d <= target) mcvCount = d;
  else {
    mcvCount = Math.min(target, candidates.length);
    if (mcvCount > 0)
      mcvCount = analyzeMcvList(
        candidates.map((c) => c.count),
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
    mostCommonValues: mcv.map((r) => r.value),
    mostCommonFreqs: mcv.map((r) => real(r.count / sampleRows)),
    histogramBounds: sortable ? histogram(runs, new Set(mcv), target) : [],
    ...(sortable ? { correlation: real(correlation(nonNull)) } : {}),
  };
  return stats;
}

/** A run of equal values in sorted order: the value, its count, and its first sorted position. */
interface Run {
  readonly value: Value;
  count: number;
  readonly start: number;
}

function sortedRuns(nonNull: { value: Value; pos: number }[], type: SqlType): Run[] {
  sortByValue(nonNull, type);
  const runs: Run[] = [];
  for (let i = 0; i < nonNull.length; i++) {
    const last = runs[runs.length - 1];
    if (last && compareValues(last.value, nonNull[i].value, type) === 0) last.count++;
    else runs.push({ value: nonNull[i].value, count: 1, start: i });
  }
  return runs;
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
 * Sorts `nonNull` (in position order: `pos` is the index) by value, equal values in position
 * order, as compareValues orders them. An ANALYZE sorts 30,000 values per column, so the common
 * types skip the generic comparison: integral numbers are packed with their position into one
 * float64 key each and sorted natively; strings without surrogates compare by UTF-16 unit, which
 * is then code point order; the rest compare with compareValues (the sort is stable).
 */
function sortByValue(nonNull: { value: Value; pos: number }[], type: SqlType): void {
  const n = nonNull.length;
  if (INTEGRAL_NUMBER_TYPES.has(type.name)) {
    // key = value · 2^k + pos with pos < 2^k: exact, and in (value, pos) order, below 2^53.
    const scale = 2 ** Math.ceil(Math.log2(n + 1));
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, Math.abs(nonNull[i].value as number));
    if ((max + 1) * scale <= Number.MAX_SAFE_INTEGER) {
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = (nonNull[i].value as number) * scale + i;
      keys.sort();
      const byPos = nonNull.slice();
      for (let i = 0; i < n; i++) {
        const key = keys[i];
        nonNull[i] = byPos[key - Math.floor(key / scale) * scale];
      }
      return;
    }
  }
  if (CODE_POINT_TYPES.has(type.name) && nonNull.every((e) => !SURROGATE.test(e.value as string))) {
    nonNull.sort((a, b) => ((a.value as string) < (b.value as string) ? -1 : a.value === b.value ? 0 : 1));
    return;
  }
  nonNull.sort((a, b) => compareValues(a.value, b.value, type));
}

function hashedRuns(nonNull: readonly { value: Value }[], type: SqlType): Run[] {
  const byText = new Map<string, Run>();
  nonNull.forEach(({ value }, i) => {
    const key = formatText(value, type);
    const run = byText.get(key);
    if (run) run.count++;
    else byText.set(key, { value, count: 1, start: i });
  });
  return [...byText.values()];
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

/** Step 4: bounds over the sorted non-MCV values (PostgreSQL's delta/deltafrac walk). */
function histogram(runs: readonly Run[], mcv: ReadonlySet<Run>, target: number): Value[] {
  const distinctLeft = runs.length - mcv.size;
  let numHist = Math.min(distinctLeft, target + 1);
  if (numHist < 2) return [];
  const values: Value[] = [];
  for (const r of runs) if (!mcv.has(r)) for (let i = 0; i < r.count; i++) values.push(r.value);
  const n = values.length;
  numHist = Math.min(numHist, n);
  const delta = Math.floor((n - 1) / (numHist - 1));
  const deltaFrac = (n - 1) % (numHist - 1);
  const out: Value[] = [];
  let pos = 0;
  let posFrac = 0;
  for (let i = 0; i < numHist; i++) {
    out.push(values[pos]);
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
function correlation(sortedNonNull: readonly { pos: number }[]): number {
  const n = sortedNonNull.length;
  if (n < 2) return 1;
  let xy = 0;
  for (let i = 0; i < n; i++) xy += i * sortedNonNull[i].pos;
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
