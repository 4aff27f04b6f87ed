/**
 * Selectivity: the fraction of rows a condition keeps, PostgreSQL's rules (selfuncs.c,
 * clausesel.c) over the statistics ANALYZE stores.
 *
 * - `col = const`: the constant's MCV frequency if it is one; else the non-NULL, non-MCV rows
 *   spread evenly over the other distinct values (capped at the least common MCV). Without
 *   statistics 1/n_distinct, where n_distinct is the table's rows for a column with a unique
 *   index, the rows for a table under 200 rows, else 200 (so 0.005).
 * - `col = $1` or another row-independent but unknown value: (1 − null_frac) / n_distinct.
 * - `col <> const`: 1 − sel(=) − null_frac.
 * - `col < const` (and <=, >, >=): the MCVs that satisfy it plus the histogram fraction (linear
 *   interpolation within the bin for numbers, dates and times; a base-256 reading of strings),
 *   clamped a hundredth of a bin away from 0 and 1. Without statistics 1/3.
 * - `a < col AND col < b` on one column: sel(>a) + sel(<b) − 1, plus null_frac counted twice;
 *   0.005 when either side is a default.
 * - IS [NOT] NULL: null_frac (0.005 without statistics). IN (…): the sum of the equalities;
 *   NOT IN: the product of the inequalities. LIKE: 0.005. Other boolean expressions: 1/3;
 *   subqueries 0.5.
 * - AND: the product (with the range pairing above), OR: s1 + s2 − s1·s2, NOT: 1 − s.
 * - Joins, `a = b` across relations (eqjoinsel): with MCVs on both sides, matched MCV pairs
 *   exactly and the rest spread over the remaining distinct values; otherwise
 *   (1 − nf1)(1 − nf2) / max(nd1, nd2).
 */
import { compareValues, Numeric, type SqlType, type Value } from '@rustydb/common';
import type { ColumnInfo } from './column-info.js';
import { isRowIndependent } from './expr-rewrite.js';
import type { PhysicalExpr } from './physical-plan.js';

export const DEFAULT_EQ_SEL = 0.005;
export const DEFAULT_INEQ_SEL = 1 / 3;
export const DEFAULT_RANGE_INEQ_SEL = 0.005;
export const DEFAULT_MATCH_SEL = 0.005;
export const DEFAULT_NUM_DISTINCT = 200;
export const DEFAULT_UNK_SEL = 0.005;

/** The column infos of the row a condition reads (by slot). */
export type ColumnLookup = (slot: number) => ColumnInfo | undefined;

const clamp = (s: number): number => Math.min(Math.max(s, 0), 1);

/** get_variable_numdistinct: distinct non-NULL values of a column; `isDefault` when guessed. */
export function numDistinct(info: ColumnInfo | undefined): { nd: number; isDefault: boolean } {
  if (!info) return { nd: DEFAULT_NUM_DISTINCT, isDefault: true };
  const s = info.stats;
  if (info.unique) return { nd: Math.max(1, info.tuples * (1 - (s?.nullFrac ?? 0))), isDefault: false };
  if (s && s.nDistinct > 0) return { nd: s.nDistinct, isDefault: false };
  if (s && s.nDistinct < 0) return { nd: Math.max(1, -s.nDistinct * info.tuples), isDefault: false };
  if (info.type.name === 'bool') return { nd: 2, isDefault: false };
  if (info.tuples < DEFAULT_NUM_DISTINCT) return { nd: Math.max(1, info.tuples), isDefault: false };
  return { nd: DEFAULT_NUM_DISTINCT, isDefault: true };
}

/** A condition's column side, when it is a plain column. */
function columnOf(
  e: PhysicalExpr,
  lookup: ColumnLookup,
): { info: ColumnInfo | undefined; slot: number } | undefined {
  return e.kind === 'column' ? { info: lookup(e.index), slot: e.index } : undefined;
}

const FLIP: Record<string, string> = { '=': '=', '<>': '<>', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/** `col op value` normalized so the column is on the left (value: a row-independent expression). */
interface VarOp {
  readonly slot: number;
  readonly info: ColumnInfo | undefined;
  readonly op: string;
  readonly value: PhysicalExpr;
}

function asVarOp(e: PhysicalExpr, lookup: ColumnLookup): VarOp | undefined {
  if (e.kind !== 'op' || !(e.op in FLIP) || e.args.length !== 2) return undefined;
  const [l, r] = e.args;
  const lc = columnOf(l, lookup);
  if (lc && isRowIndependent(r)) return { ...lc, op: e.op, value: r };
  const rc = columnOf(r, lookup);
  if (rc && isRowIndependent(l)) return { ...rc, op: FLIP[e.op], value: l };
  return undefined;
}

/** clauselist_selectivity: the conjuncts' product, pairing ranges on one column. */
export function clauseListSelectivity(conds: readonly PhysicalExpr[], lookup: ColumnLookup): number {
  let s = 1;
  const ranges = new Map<number, { lo?: number; hi?: number; info: ColumnInfo | undefined }>();
  for (const c of conds) {
    const v = asVarOp(c, lookup);
    if (v && v.value.kind === 'const' && v.op !== '=' && v.op !== '<>') {
      const sel = restrictionSelectivity(c, lookup);
      const r = ranges.get(v.slot) ?? { info: v.info };
      const isLow = v.op === '>' || v.op === '>=';
      if (isLow) r.lo = r.lo === undefined ? sel : Math.min(r.lo, sel);
      else r.hi = r.hi === undefined ? sel : Math.min(r.hi, sel);
      ranges.set(v.slot, r);
      continue;
    }
    s *= clauseSelectivity(c, lookup);
  }
  for (const r of ranges.values()) {
    if (r.lo === undefined || r.hi === undefined) {
      s *= r.lo ?? r.hi ?? 1;
      continue;
    }
    let s2: number;
    if (r.lo === DEFAULT_INEQ_SEL || r.hi === DEFAULT_INEQ_SEL) s2 = DEFAULT_RANGE_INEQ_SEL;
    else {
      s2 = r.hi + r.lo - 1 + (r.info?.stats?.nullFrac ?? 0);
      if (s2 <= 0) s2 = s2 < -0.01 ? DEFAULT_RANGE_INEQ_SEL : 1e-10;
    }
    s *= s2;
  }
  return clamp(s);
}

/** The selectivity of one condition (see the file comment). */
export function clauseSelectivity(e: PhysicalExpr, lookup: ColumnLookup): number {
  switch (e.kind) {
    case 'const':
      return e.value === true ? 1 : 0;
    case 'and':
      return clauseListSelectivity(e.args, lookup);
    case 'or': {
      let s = 0;
      for (const a of e.args) {
        const x = clauseSelectivity(a, lookup);
        s = s + x - s * x;
      }
      return clamp(s);
    }
    case 'not':
      return clamp(1 - clauseSelectivity(e.arg, lookup));
    case 'isNull': {
      const c = columnOf(e.arg, lookup);
      const nf = c?.info?.stats?.nullFrac;
      const isNull = nf ?? DEFAULT_UNK_SEL;
      return e.negated ? clamp(1 - isNull) : isNull;
    }
    case 'inList': {
      const parts = e.list.map((x) =>
        restrictionSelectivity(
          { kind: 'op', op: e.negated ? '<>' : '=', type: e.type, args: [e.arg, x] },
          lookup,
        ),
      );
      if (e.negated) return clamp(parts.reduce((a, b) => a * b, 1));
      return clamp(parts.reduce((a, b) => a + b, 0));
    }
    case 'like':
      return e.negated ? 1 - DEFAULT_MATCH_SEL : DEFAULT_MATCH_SEL;
    case 'column':
      // A boolean column used as a condition: col = true.
      return restrictionSelectivity(
        { kind: 'op', op: '=', type: e.type, args: [e, { kind: 'const', type: e.type, value: true }] },
        lookup,
      );
    case 'subquery':
      return 0.5;
    case 'op':
      return restrictionSelectivity(e, lookup);
    default:
      return DEFAULT_INEQ_SEL;
  }
}

/** A comparison operator's selectivity: eqsel, neqsel, scalarineqsel, or a join's. */
function restrictionSelectivity(e: PhysicalExpr, lookup: ColumnLookup): number {
  if (e.kind !== 'op') return DEFAULT_INEQ_SEL;
  const v = asVarOp(e, lookup);
  if (!v) {
    if (e.op === '=' && e.args.length === 2) {
      const [a, b] = e.args;
      if (a.kind === 'column' && b.kind === 'column')
        return joinSelectivity(lookup(a.index), lookup(b.index));
      // An expression compared with a value: no statistics, 1/200.
      return DEFAULT_EQ_SEL;
    }
    if (e.op === '<>') return 1 - DEFAULT_EQ_SEL;
    return e.op in FLIP ? DEFAULT_INEQ_SEL : DEFAULT_EQ_SEL;
  }
  const value = v.value.kind === 'const' ? v.value.value : undefined;
  const known = v.value.kind === 'const';
  if (known && value === null) return 0; // comparison with NULL: never true
  switch (v.op) {
    case '=':
      return known ? eqConst(v.info, value as Value) : eqNonConst(v.info);
    case '<>': {
      const nf = v.info?.stats?.nullFrac ?? 0;
      return clamp(1 - (known ? eqConst(v.info, value as Value) : eqNonConst(v.info)) - nf);
    }
    default:
      return known ? ineq(v.info, v.op, value as Value) : DEFAULT_INEQ_SEL;
  }
}

/** var_eq_const. */
function eqConst(info: ColumnInfo | undefined, value: Value): number {
  const s = info?.stats;
  if (info?.unique && !s) return 1 / Math.max(1, info.tuples);
  if (!s || !sameFamily(s.type, info!.type)) return 1 / numDistinct(info).nd;
  let sumCommon = 0;
  for (let i = 0; i < s.mostCommonValues.length; i++) {
    sumCommon += s.mostCommonFreqs[i];
    if (equal(s.mostCommonValues[i], value, s.type)) return s.mostCommonFreqs[i];
  }
  let sel = 1 - sumCommon - s.nullFrac;
  const other = numDistinct(info).nd - s.mostCommonValues.length;
  if (other > 1) sel /= other;
  const leastCommon = s.mostCommonFreqs[s.mostCommonFreqs.length - 1];
  if (leastCommon !== undefined && sel > leastCommon) sel = leastCommon;
  return clamp(sel);
}

/** var_eq_non_const. */
function eqNonConst(info: ColumnInfo | undefined): number {
  const nf = info?.stats?.nullFrac ?? 0;
  if (info?.unique) return (1 - nf) / Math.max(1, info.tuples);
  let sel = (1 - nf) / Math.max(1, numDistinct(info).nd);
  const top = info?.stats?.mostCommonFreqs[0];
  if (top !== undefined && sel > top) sel = top;
  return clamp(sel);
}

/** scalarineqsel for `col op value` (op one of < <= > >=). */
function ineq(info: ColumnInfo | undefined, op: string, value: Value): number {
  const s = info?.stats;
  if (!s || !sameFamily(s.type, info!.type)) return DEFAULT_INEQ_SEL;
  const isgt = op === '>' || op === '>=';
  const iseq = op === '<=' || op === '>=';
  let mcvSel = 0;
  let sumCommon = 0;
  for (let i = 0; i < s.mostCommonValues.length; i++) {
    const c = compareValues(s.mostCommonValues[i], value, s.type);
    const ok = isgt ? c > 0 || (iseq && c === 0) : c < 0 || (iseq && c === 0);
    if (ok) mcvSel += s.mostCommonFreqs[i];
    sumCommon += s.mostCommonFreqs[i];
  }
  let sel = 1 - s.nullFrac - sumCommon;
  const hist = histogramSelectivity(info!, s.histogramBounds, value, s.type, isgt, iseq);
  sel *= hist === undefined ? 0.5 : hist;
  return clamp(sel + mcvSel);
}

/**
 * ineq_histogram_selectivity: the fraction of the histogram's population satisfying the
 * comparison. The bin holding `value` is found by binary search and interpolated; the result is
 * an estimate of `x <= value`, corrected by one value's share (1 / the non-MCV distinct values)
 * for `<` and `>=` and for the first bin, then clamped a hundredth of a bin from 0 and 1.
 */
function histogramSelectivity(
  info: ColumnInfo,
  bounds: readonly Value[],
  value: Value,
  type: SqlType,
  isgt: boolean,
  iseq: boolean,
): number | undefined {
  const n = bounds.length;
  if (n < 2) return undefined;
  const holds = (v: Value) => {
    const c = compareValues(v, value, type);
    return isgt ? (iseq ? c >= 0 : c > 0) : iseq ? c <= 0 : c < 0;
  };
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const probe = (lo + hi) >> 1;
    if (holds(bounds[probe]) !== isgt) lo = probe + 1;
    else hi = probe;
  }
  let frac: number;
  if (lo <= 0) frac = 0;
  else if (lo >= n) frac = 1;
  else {
    const i = lo;
    let eqSel = 0;
    if (i === 1 || isgt === iseq) {
      const other = numDistinct(info).nd - (info.stats?.mostCommonValues.length ?? 0);
      if (other > 1) eqSel = 1 / other;
    }
    const binFrac = interpolate(bounds[i - 1], bounds[i], value);
    frac = (i - 1 + binFrac) / (n - 1);
    if (i === 1) frac += eqSel * (1 - binFrac);
    if (isgt === iseq) frac -= eqSel;
  }
  const sel = isgt ? 1 - frac : frac;
  const cutoff = 0.01 / (n - 1);
  return Math.min(Math.max(sel, cutoff), 1 - cutoff);
}

/** Where `v` lies between bin bounds `lo` and `hi` (0..1): linear for scalars, 0.5 if unknown. */
function interpolate(lo: Value, hi: Value, v: Value): number {
  const a = scalar(lo, lo, hi);
  const b = scalar(hi, lo, hi);
  const x = scalar(v, lo, hi);
  if (a === undefined || b === undefined || x === undefined || b <= a) return 0.5;
  return Math.min(Math.max((x - a) / (b - a), 0), 1);
}

/** convert_to_scalar: numbers as they are; strings read in base 256 past the bounds' common prefix. */
function scalar(v: Value, lo: Value, hi: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Numeric) return v.isFinite ? v.toNumber() : undefined;
  if (typeof v === 'string' && typeof lo === 'string' && typeof hi === 'string') {
    let p = 0;
    while (p < lo.length && p < hi.length && lo[p] === hi[p]) p++;
    let x = 0;
    let scale = 1;
    for (let i = p; i < p + 6; i++) {
      scale /= 256;
      x += Math.min(i < v.length ? v.charCodeAt(i) : 0, 255) * scale;
    }
    return x;
  }
  return undefined;
}

/** Statistics apply when the compared value has the column's type family. */
function sameFamily(a: SqlType, b: SqlType): boolean {
  return a.name === b.name;
}

function equal(a: Value, b: Value, type: SqlType): boolean {
  return compareValues(a, b, type) === 0;
}

/** eqjoinsel (inner join) for `a = b`, a and b columns of different relations. */
export function joinSelectivity(a: ColumnInfo | undefined, b: ColumnInfo | undefined): number {
  const { nd: nd1 } = numDistinct(a);
  const { nd: nd2 } = numDistinct(b);
  const s1 = a?.stats;
  const s2 = b?.stats;
  const nf1 = s1?.nullFrac ?? 0;
  const nf2 = s2?.nullFrac ?? 0;
  if (
    s1 &&
    s2 &&
    s1.mostCommonValues.length > 0 &&
    s2.mostCommonValues.length > 0 &&
    s1.type.name === s2.type.name
  ) {
    return mcvJoinSelectivity(s1, s2, nd1, nd2);
  }
  return clamp(((1 - nf1) * (1 - nf2)) / Math.max(nd1, nd2, 1));
}

/** eqjoinsel_inner with MCV lists on both sides. */
function mcvJoinSelectivity(
  s1: NonNullable<ColumnInfo['stats']>,
  s2: NonNullable<ColumnInfo['stats']>,
  nd1: number,
  nd2: number,
): number {
  const n1 = s1.mostCommonValues.length;
  const n2 = s2.mostCommonValues.length;
  const matched2 = new Uint8Array(n2);
  let matchProd = 0;
  let matchFreq1 = 0;
  let nMatches = 0;
  for (let i = 0; i < n1; i++) {
    for (let j = 0; j < n2; j++) {
      if (matched2[j] || !equal(s1.mostCommonValues[i], s2.mostCommonValues[j], s1.type)) continue;
      matched2[j] = 1;
      matchProd += s1.mostCommonFreqs[i] * s2.mostCommonFreqs[j];
      matchFreq1 += s1.mostCommonFreqs[i];
      nMatches++;
      break;
    }
  }
  let matchFreq2 = 0;
  for (let j = 0; j < n2; j++) if (matched2[j]) matchFreq2 += s2.mostCommonFreqs[j];
  const sum = (f: readonly number[]) => f.reduce((x, y) => x + y, 0);
  const unmatch1 = sum(s1.mostCommonFreqs) - matchFreq1;
  const unmatch2 = sum(s2.mostCommonFreqs) - matchFreq2;
  const other1 = clamp(1 - s1.nullFrac - matchFreq1 - unmatch1);
  const other2 = clamp(1 - s2.nullFrac - matchFreq2 - unmatch2);
  let total1 = matchProd;
  if (nd2 > n2) total1 += (unmatch1 * other2) / (nd2 - n2);
  if (nd2 > nMatches) total1 += (other1 * (other2 + unmatch2)) / (nd2 - nMatches);
  let total2 = matchProd;
  if (nd1 > n1) total2 += (unmatch2 * other1) / (nd1 - n1);
  if (nd1 > nMatches) total2 += (other2 * (other1 + unmatch1)) / (nd1 - nMatches);
  return clamp(Math.min(total1, total2));
}
