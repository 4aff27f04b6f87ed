/**
 * sqrt, exp, ln and log over numeric, as PostgreSQL 15's numeric_sqrt, numeric_exp, numeric_ln
 * and numeric_log (log(x) and log10(x) are log(10, x)).
 *
 * Result scales follow PostgreSQL exactly, because clients see them:
 * - sqrt: 16 − (2·weight + 1) where weight is the input's base-10000 weight, at least the input
 *   scale, within [0, 1000];
 * - exp: 16 − trunc(x · log10(e)), at least the input scale, within [0, 1000];
 * - ln: 16 − estimate_ln_dweight(x), at least the input scale, within [0, 1000];
 * - log(b, x): 16 − (estimate_ln_dweight(x) − estimate_ln_dweight(b)), at least both scales.
 * estimate_ln_dweight (PostgreSQL's guess at the decimal weight of ln(x)) looks at the first
 * two base-10000 digits of x, so it is emulated here digit group by digit group.
 *
 * The values are computed in bigint fixed point (numeric-power.ts's ln and exp) with guard digits
 * and rounded half away from zero to the result scale; sqrt is the exact integer square root.
 */
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import { divRoundPow10, expFixed, isqrt, lnFixed } from './numeric-power.js';

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
/** NUMERIC_MAX_RESULT_SCALE (NUMERIC_MAX_PRECISION × 2). */
const MAX_RESULT_SCALE = 2000;
const GUARD = 12;
const POINT_NINE = Numeric.of(9n, 1);
const ONE_POINT_ONE = Numeric.of(11n, 1);

const clampScale = (s: number): number => Math.min(Math.max(s, 0), MAX_DISPLAY_SCALE);
const logOfZero = (): DbError => new DbError('2201E', 'cannot take logarithm of zero');
const logOfNegative = (): DbError => new DbError('2201E', 'cannot take logarithm of a negative number');

/** Decimal exponent of the leading digit of a finite nonzero numeric. */
function leadingExponent(n: Numeric): number {
  return (n.coef < 0n ? -n.coef : n.coef).toString().length - 1 - n.scale;
}

/** PostgreSQL's estimate_ln_dweight: roughly the decimal weight of ln(x). */
function estimateLnDweight(x: Numeric): number {
  if (x.sign() <= 0) return 0;
  if (x.cmp(POINT_NINE) >= 0 && x.cmp(ONE_POINT_ONE) <= 0) {
    // ln(1 + d) ≈ d: the weight of d's leading digit.
    const d = x.sub(Numeric.ONE);
    return d.sign() === 0 ? 0 : leadingExponent(d);
  }
  const weight = Math.floor(leadingExponent(x) / 4);
  // The first two base-10000 digits as one integer, and whether any digit follows the first.
  const shift = -x.scale - 4 * (weight - 1);
  let two: bigint;
  let rest = 0n;
  if (shift >= 0) two = x.coef * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    two = x.coef / d;
    rest = x.coef % d;
  }
  const moreDigits = two % 10000n !== 0n || rest !== 0n;
  const digits = moreDigits ? Number(two) : Number(two / 10000n);
  const dweight = (moreDigits ? weight - 1 : weight) * 4;
  const lnVar = Math.log(digits) + dweight * Math.LN10;
  return Math.trunc(Math.log10(Math.abs(lnVar)));
}

/** sqrt(x) (numeric_sqrt). Synchronous. Throws 2201F for a negative input. */
export function sqrtNumeric(x: Numeric): Numeric {
  if (x.isNaN) return Numeric.NaN;
  if (x.sign() < 0) throw new DbError('2201F', 'cannot take square root of a negative number');
  if (x.isInfinite) return Numeric.Infinity;
  const weight = x.sign() === 0 ? 0 : Math.floor(leadingExponent(x) / 4);
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - (2 * weight + 1), x.scale));
  // floor(sqrt(x) × 10^(rscale+1)), then round the extra digit half up.
  const shift = 2 * rscale + 2 - x.scale;
  const n = shift >= 0 ? x.coef * 10n ** BigInt(shift) : x.coef / 10n ** BigInt(-shift);
  return Numeric.of((isqrt(n) + 5n) / 10n, rscale);
}

/** e^x (numeric_exp). Synchronous. Throws 22003 when the result overflows numeric. */
export function expNumeric(x: Numeric): Numeric {
  if (x.isNaN) return Numeric.NaN;
  if (x.isInfinite) return x.sign() > 0 ? Numeric.Infinity : Numeric.ZERO;
  const val = x.toNumber();
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: PostgreSQL's own literal, kept bit for bit
  const dweight = Math.min(Math.max(val * 0.434294481903252, -MAX_RESULT_SCALE), MAX_RESULT_SCALE);
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - Math.trunc(dweight), x.scale));
  // exp_var: beyond 3 × NUMERIC_MAX_RESULT_SCALE the result overflows or underflows to zero.
  if (Math.abs(val) > MAX_RESULT_SCALE * 3) {
    if (val > 0) throw new DbError('22003', 'value overflows numeric format');
    return Numeric.of(0n, rscale);
  }
  // Absolute precision at 10^-rscale needs as many more digits as the result has before the point.
  const w = rscale + Math.max(0, Math.ceil(dweight)) + GUARD;
  const y = x.coef * 10n ** BigInt(w - x.scale);
  const r = expFixed(y, w);
  const approx = r.s >= 0 ? Numeric.of(r.m, r.s) : Numeric.of(r.m * 10n ** BigInt(-r.s), 0);
  return approx.round(rscale);
}

function checkLogArgument(x: Numeric): void {
  if (x.sign() === 0) throw logOfZero();
  if (x.sign() < 0) throw logOfNegative();
}

/** ln(x) (numeric_ln). Synchronous. Throws 2201E for zero and negative inputs. */
export function lnNumeric(x: Numeric): Numeric {
  if (x.isNaN) return Numeric.NaN;
  checkLogArgument(x);
  if (x.isInfinite) return Numeric.Infinity;
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - estimateLnDweight(x), x.scale));
  if (x.eq(Numeric.ONE)) return Numeric.of(0n, rscale);
  const w = rscale + GUARD;
  return Numeric.of(divRoundPow10(lnFixed(x, w), GUARD), rscale);
}

/**
 * The logarithm of x to base b (numeric_log). Synchronous. Throws 2201E for zero and negative
 * inputs, 22012 (division by zero) for base 1.
 */
export function logNumeric(b: Numeric, x: Numeric): Numeric {
  if (b.isNaN || x.isNaN) return Numeric.NaN;
  if (b.isInfinite || x.isInfinite) {
    if (b.sign() < 0 || x.sign() < 0) throw logOfNegative();
    if (b.sign() === 0 || x.sign() === 0) throw logOfZero();
    if (b.isInfinite) return x.isInfinite ? Numeric.NaN : Numeric.ZERO;
    return Numeric.Infinity;
  }
  checkLogArgument(b);
  checkLogArgument(x);
  const lnBaseWeight = estimateLnDweight(b);
  const lnNumWeight = estimateLnDweight(x);
  const rscale = clampScale(Math.max(MIN_SIG_DIGITS - (lnNumWeight - lnBaseWeight), b.scale, x.scale));
  // The quotient's absolute error grows as ln(b) shrinks and ln(x) grows: widen the work scale.
  const w = rscale + GUARD + Math.max(0, -lnBaseWeight) + Math.max(0, lnNumWeight) + 2;
  // ln(1) is exactly zero; the fixed-point ln would only come close.
  if (b.eq(Numeric.ONE)) throw new DbError('22012', 'division by zero');
  if (x.eq(Numeric.ONE)) return Numeric.of(0n, rscale);
  const lnB = lnFixed(b, w);
  if (lnB === 0n) throw new DbError('22012', 'division by zero');
  const lnX = lnFixed(x, w);
  // lnX / lnB at scale rscale, rounded half away from zero.
  const num = lnX * 10n ** BigInt(rscale);
  let q = num / lnB;
  const r = num - q * lnB;
  if ((r < 0n ? -r : r) * 2n >= (lnB < 0n ? -lnB : lnB)) q += num < 0n === lnB < 0n ? 1n : -1n;
  return Numeric.of(q, rscale);
}
