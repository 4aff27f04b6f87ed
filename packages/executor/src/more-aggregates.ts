/**
 * Accumulators for array_agg, json(b)_agg, json(b)_object_agg, the variance/stddev family and
 * the ordered-set aggregates (percentile_cont, percentile_disc, mode), following PostgreSQL's
 * transition functions:
 *
 * - array_agg keeps NULL elements; arrays of arrays stack into one more dimension (they must
 *   match: 2202E otherwise).
 * - var_samp/var_pop/stddev_*: over floats, PostgreSQL's Youngs-Cramer update in double
 *   precision; over integers and numeric, exact sums and PostgreSQL's numeric_stddev_internal
 *   (N·Σx² − (Σx)² over N·(N−1) or N², divided at select_div_scale, sqrt at the same scale).
 * - Ordered-set aggregates receive their values already sorted by the WITHIN GROUP order (the
 *   aggregate operator sorts calls with an ORDER BY), the direct argument first.
 */
import {
  type DateTimeStyle,
  DbError,
  DEFAULT_DATE_TIME_STYLE,
  elementType,
  float8Add,
  formatText,
  type Interval,
  intervalAdd,
  intervalMul,
  intervalSub,
  Jsonb,
  type JsonValue,
  makeObject,
  Numeric,
  pushBounded,
  quoteJsonString,
  SqlArray,
  type SqlType,
  selectDivScale,
  type TimeZone,
  toJsonText,
  toJsonValue,
  UTC,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import { REGRESSION_AGGREGATES, type RegressionAggregate } from '@rustydb/planner';
import type { Accumulator } from './aggregate.js';

interface Call {
  readonly fn: string;
}

function toNumeric(v: Value, t: SqlType): Numeric {
  if (t.name === 'numeric') return v as Numeric;
  return Numeric.fromBigInt(typeof v === 'bigint' ? v : BigInt(v as number));
}

/** sqrt of a non-negative numeric rounded (half up) to `scale` digits. */
export function numericSqrt(x: Numeric, scale: number): Numeric {
  if (x.coef === 0n) return Numeric.of(0n, scale);
  // sqrt(coef / 10^s) * 10^(scale+1) = sqrt(coef * 10^(2·scale + 2 − s))
  const shift = 2 * scale + 2 - x.scale;
  const n = shift >= 0 ? x.coef * 10n ** BigInt(shift) : x.coef / 10n ** BigInt(-shift);
  let r = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton steps to the exact integer square root.
  if (r === 0n) r = 1n;
  for (;;) {
    const next = (r + n / r) / 2n;
    if (next >= r && next - r <= 1n) {
      r = next * next > n ? next - 1n : next;
      break;
    }
    r = next;
  }
  while (r * r > n) r--;
  while ((r + 1n) * (r + 1n) <= n) r++;
  return Numeric.of((r + 5n) / 10n, scale);
}

function statsAccumulator(fn: string, t: SqlType): Accumulator {
  const pop = fn === 'var_pop' || fn === 'stddev_pop';
  const root = fn.startsWith('stddev');
  if (t.name === 'float4' || t.name === 'float8') {
    let n = 0;
    let sx = 0;
    let sxx = 0;
    return {
      add: (v) => {
        const x = v[0] as number;
        const prevN = n;
        n += 1;
        sx = float8Add(sx, x);
        if (prevN > 0) {
          const tmp = x * n - sx;
          sxx += (tmp * tmp) / (n * prevN);
          if (!Number.isFinite(x)) sxx = Number.NaN;
        } else if (!Number.isFinite(x)) sxx = Number.NaN;
      },
      result: () => {
        if (n === 0 || (!pop && n === 1)) return null;
        const variance = sxx / (pop ? n : n - 1);
        return root ? Math.sqrt(variance) : variance;
      },
    };
  }
  let n = 0n;
  let sum = Numeric.ZERO;
  let sumSq = Numeric.ZERO;
  return {
    add: (v) => {
      const x = toNumeric(v[0], t);
      if (!x.isFinite) throw new DbError('0A000', 'variance of non-finite numeric values is not supported');
      n += 1n;
      sum = sum.add(x);
      sumSq = sumSq.add(x.mul(x));
    },
    result: () => {
      if (n === 0n || (!pop && n === 1n)) return null;
      const vn = Numeric.fromBigInt(n);
      const numerator = vn.mul(sumSq).sub(sum.mul(sum));
      if (numerator.sign() <= 0) return Numeric.ZERO;
      const denominator = pop ? vn.mul(vn) : vn.mul(Numeric.fromBigInt(n - 1n));
      const scale = selectDivScale(numerator, denominator);
      const variance = numerator.divToScale(denominator, scale);
      return root ? numericSqrt(variance, scale) : variance;
    },
  };
}

/**
 * corr, covar_*, regr_*: PostgreSQL's float8_regr_accum (Youngs-Cramer sums of X, X², Y, Y², XY
 * over the rows where neither is NULL; arguments Y then X) and its final functions, in double
 * precision step for step so the results equal PostgreSQL's to the last bit.
 */
const inf = (a: number): boolean => a === Number.POSITIVE_INFINITY || a === Number.NEGATIVE_INFINITY;

function regressionAccumulator(fn: string): Accumulator {
  let n = 0;
  let sx = 0;
  let sxx = 0;
  let sy = 0;
  let syy = 0;
  let sxy = 0;
  const overflow = () => new DbError('22003', 'value out of range: overflow');
  return {
    add: (v) => {
      const y = v[0] as number;
      const x = v[1] as number;
      const prevN = n;
      const prevSx = sx;
      const prevSy = sy;
      n += 1;
      sx += x;
      sy += y;
      if (prevN > 0) {
        const tmpX = x * n - sx;
        const tmpY = y * n - sy;
        const scale = 1 / (n * prevN);
        sxx += tmpX * tmpX * scale;
        syy += tmpY * tmpY * scale;
        sxy += tmpX * tmpY * scale;
        if (inf(sx) || inf(sxx)) {
          if (!inf(prevSx) && !inf(x)) throw overflow();
          sxx = Number.NaN;
        }
        if (inf(sy) || inf(syy)) {
          if (!inf(prevSy) && !inf(y)) throw overflow();
          syy = Number.NaN;
        }
        if (inf(sxy)) {
          if (!inf(prevSx) && !inf(x) && !inf(prevSy) && !inf(y)) throw overflow();
          sxy = Number.NaN;
        }
      } else {
        if (!Number.isFinite(x)) sxx = sxy = Number.NaN;
        if (!Number.isFinite(y)) syy = sxy = Number.NaN;
      }
    },
    result: () => {
      if (fn === 'regr_count') return BigInt(n);
      if (n < 1 || (fn === 'covar_samp' && n < 2)) return null;
      switch (fn) {
        case 'regr_sxx':
          return sxx;
        case 'regr_syy':
          return syy;
        case 'regr_sxy':
          return sxy;
        case 'regr_avgx':
          return sx / n;
        case 'regr_avgy':
          return sy / n;
        case 'covar_pop':
          return sxy / n;
        case 'covar_samp':
          return sxy / (n - 1);
        case 'corr':
          return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
        case 'regr_r2':
          if (sxx === 0) return null;
          return syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
        case 'regr_slope':
          return sxx === 0 ? null : sxy / sxx;
        default:
          // regr_intercept
          return sxx === 0 ? null : (sy - (sx * sxy) / sxx) / n;
      }
    },
  };
}

/** Collected values (ordered-set aggregates get them in WITHIN GROUP order). */
function orderedSet(fn: string, t: SqlType): Accumulator {
  /** The fraction, or (array form) the fractions, from the first row; undefined for mode. */
  let fraction: number | SqlArray | undefined;
  const values: Value[] = [];
  return {
    add: (v) => {
      if (fraction === undefined && fn !== 'mode') {
        fraction = v[0] as number | SqlArray;
        if (fraction instanceof SqlArray) {
          for (const f of fraction.elements) if (f !== null) checkFraction(f as number);
        } else checkFraction(fraction);
      }
      pushBounded(values, v[v.length - 1]);
    },
    result: () => {
      const n = values.length;
      if (n === 0) return null;
      if (fn === 'mode') return modeOf(values, t);
      const f = fraction!;
      if (!(f instanceof SqlArray)) return percentile(fn, values, f, t);
      // The array form: one result per fraction (NULL for a NULL one), in the fractions' shape.
      const out = f.elements.map((x) => (x === null ? null : percentile(fn, values, x as number, t)));
      return new SqlArray(out, f.dims, f.lbounds);
    },
  };
}

/** 22003 unless 0 <= f <= 1, in PostgreSQL's words. */
function checkFraction(f: number): void {
  if (!(f >= 0 && f <= 1)) throw new DbError('22003', `percentile value ${f} is not between 0 and 1`);
}

/** percentile_cont (interpolated) or percentile_disc (first value at or past `f`) of sorted `values`. */
function percentile(fn: string, values: readonly Value[], f: number, t: SqlType): Value {
  const n = values.length;
  if (fn === 'percentile_disc') return values[Math.max(Math.ceil(f * n) - 1, 0)];
  const pos = f * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = values[lo];
  const b = values[hi];
  if (t.name === 'interval') {
    if (lo === hi) return a;
    return intervalAdd(a as Interval, intervalMul(intervalSub(b as Interval, a as Interval), pos - lo));
  }
  const x = a as number;
  const y = b as number;
  return lo === hi ? x : x + (pos - lo) * (y - x);
}

function modeOf(values: readonly Value[], t: SqlType): Value {
  let best: Value = values[0];
  let bestCount = 0;
  let run = 0;
  for (let i = 0; i < values.length; i++) {
    run = i > 0 && valuesEqual(values[i], values[i - 1], t) ? run + 1 : 1;
    if (run > bestCount) {
      bestCount = run;
      best = values[i];
    }
  }
  return best;
}

function arrayAgg(t: SqlType): Accumulator {
  const items: Value[] = [];
  const nested = elementType(t) !== undefined;
  return {
    add: (v) => {
      if (nested && v[0] === null) throw new DbError('22004', 'cannot accumulate null arrays');
      if (nested && (v[0] as SqlArray).dims.length === 0) {
        throw new DbError('2202E', 'cannot accumulate empty arrays');
      }
      pushBounded(items, v[0]);
    },
    result: () => {
      if (items.length === 0) return null;
      if (!nested) return SqlArray.of(items.slice());
      const first = items[0] as SqlArray;
      for (const x of items as SqlArray[]) {
        if (x.dims.length !== first.dims.length || x.dims.some((d, i) => d !== first.dims[i])) {
          throw new DbError('2202E', 'cannot accumulate arrays of different dimensionality');
        }
      }
      return new SqlArray(
        (items as SqlArray[]).flatMap((x) => x.elements),
        [items.length, ...first.dims],
        [1, ...first.lbounds],
      );
    },
  };
}

/**
 * The accumulator of one of these aggregates, or undefined for another name. `types` are the
 * argument types; `zone` formats timestamptz values inside JSON, `style` (IntervalStyle) intervals.
 */
export function makeMoreAccumulator(
  call: Call,
  types: readonly SqlType[],
  zone: TimeZone = UTC,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): Accumulator | undefined {
  const t = types[0];
  if (REGRESSION_AGGREGATES.has(call.fn as RegressionAggregate)) return regressionAccumulator(call.fn);
  switch (call.fn) {
    case 'array_agg':
      return arrayAgg(t);
    case 'jsonb_agg': {
      const items: JsonValue[] = [];
      return {
        add: (v) => pushBounded(items, toJsonValue(v[0], t, zone, style)),
        result: () => (items.length === 0 ? null : new Jsonb(items.slice())),
      };
    }
    case 'json_agg': {
      // As PostgreSQL's json_agg: `, ` between items, and a line break before every later
      // non-null array or row.
      const structured = t.name === 'record' || elementType(t) !== undefined;
      const items: string[] = [];
      return {
        add: (v) => {
          const text = toJsonText(v[0], t, zone, style);
          pushBounded(items, items.length > 0 && structured && v[0] !== null ? `\n ${text}` : text);
        },
        result: () => (items.length === 0 ? null : `[${items.join(', ')}]`),
      };
    }
    case 'jsonb_object_agg':
    case 'json_object_agg': {
      const entries: [string, JsonValue][] = [];
      const texts: string[] = [];
      const json = call.fn === 'json_object_agg';
      return {
        add: (v) => {
          if (v[0] === null) throw new DbError('22023', 'field name must not be null');
          const key = typeof v[0] === 'string' ? v[0] : formatText(v[0], t, zone);
          if (json)
            pushBounded(texts, `${quoteJsonString(key)} : ${toJsonText(v[1], types[1], zone, style)}`);
          else pushBounded(entries, [key, toJsonValue(v[1], types[1], zone, style)]);
        },
        result: () => {
          if (json) return texts.length === 0 ? null : `{ ${texts.join(', ')} }`;
          return entries.length === 0 ? null : new Jsonb(makeObject(entries));
        },
      };
    }
    case 'var_samp':
    case 'var_pop':
    case 'stddev_samp':
    case 'stddev_pop':
      return statsAccumulator(call.fn, t);
    case 'percentile_cont':
    case 'percentile_disc':
      return orderedSet(call.fn, types[1]);
    case 'mode':
      return orderedSet('mode', t);
    default:
      return undefined;
  }
}
