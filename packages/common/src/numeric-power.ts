/**
 * numeric ^ numeric, as PostgreSQL 15's numeric_power / power_var.
 *
 * Result scales (clients see them, so they follow PostgreSQL 15 exactly):
 * - an exponent that is an integer fitting in int32: scale = max(16, base scale), capped at 1000;
 * - any other exponent: 16 - trunc(log10 of the result), at least both input scales, within
 *   [0, 1000]; a result too small for that scale is 0 at scale 1000, as PostgreSQL.
 *
 * How we compute: integer powers exactly when the exact result is small, otherwise by repeated
 * squaring in a floating bigint with ~20 more digits than the result needs; other exponents as
 * exp(y × ln x) in bigint fixed point (ln via square roots and the atanh series, exp via
 * 10^n × e^r with r reduced and squared back). PostgreSQL computes with fewer guard digits, so on
 * a value lying within 10^-20 of a rounding boundary the last digit could differ; we have not
 * found such an input.
 */
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';

const MIN_SIG_DIGITS = 16;
const MAX_DISPLAY_SCALE = 1000;
const GUARD = 12;

const overflow = (): DbError => new DbError('22003', 'value overflows numeric format');

/**
 * base ^ exponent (see the file comment). Synchronous. Throws 2201F for 0 ^ negative and for a
 * negative base with a non-integer exponent, 22003 when the result overflows numeric.
 */
export function numericPower(base: Numeric, exponent: Numeric): Numeric {
  if (!base.isFinite || !exponent.isFinite) return powerSpecial(base, exponent);
  const s1 = base.sign();
  const s2 = exponent.sign();
  if (s1 === 0 && s2 < 0) {
    throw new DbError('2201F', 'zero raised to a negative power is undefined');
  }
  if (s1 < 0 && !exponent.isInteger()) {
    throw new DbError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  if (exponent.isInteger()) {
    const e = exponent.trunc(0).coef;
    if (e >= -2147483648n && e <= 2147483647n) {
      const rscale = Math.min(Math.max(MIN_SIG_DIGITS, base.scale), MAX_DISPLAY_SCALE);
      return powerInt(base, Number(e), rscale);
    }
  }
  return powerGeneral(base, exponent);
}

/** PostgreSQL's POSIX pow(3) rules for NaN and infinite operands. */
function powerSpecial(x: Numeric, y: Numeric): Numeric {
  if (x.isNaN) return y.isFinite && y.sign() === 0 ? Numeric.ONE : Numeric.NaN;
  if (y.isNaN) return x.isFinite && x.eq(Numeric.ONE) ? Numeric.ONE : Numeric.NaN;
  if (x.isFinite && x.eq(Numeric.ONE)) return Numeric.ONE;
  if (y.isFinite && y.sign() === 0) return Numeric.ONE;
  if (x.isFinite && x.sign() === 0) {
    if (y.sign() < 0) throw new DbError('2201F', 'zero raised to a negative power is undefined');
    return Numeric.ZERO;
  }
  if (y.isInfinite) {
    if (x.isFinite && x.eq(Numeric.ONE.neg())) return Numeric.ONE;
    const absGtOne = x.isInfinite || x.abs().cmp(Numeric.ONE) > 0;
    return absGtOne === y.sign() > 0 ? Numeric.Infinity : Numeric.ZERO;
  }
  // x is ±Infinity, y finite and nonzero
  if (x.sign() > 0 || y.sign() < 0) return y.sign() > 0 ? Numeric.Infinity : Numeric.ZERO;
  const oddInteger = y.isInteger() && (y.trunc(0).coef & 1n) === 1n;
  return oddInteger ? Numeric.NegativeInfinity : Numeric.Infinity;
}

/** log10(|n|) as a double, for any finite nonzero numeric (no overflow to Infinity). */
function approxLog10(n: Numeric): number {
  const digits = (n.coef < 0n ? -n.coef : n.coef).toString();
  const head = Number(`0.${digits.slice(0, 17)}`);
  return Math.log10(head) + digits.length - n.scale;
}

function powerInt(base: Numeric, e: number, rscale: number): Numeric {
  switch (e) {
    case 0:
      return Numeric.of(10n ** BigInt(rscale), rscale);
    case 1:
      return base.round(rscale);
    case -1:
      return Numeric.ONE.divToScale(base, rscale);
    case 2:
      return base.mul(base).round(rscale);
  }
  if (base.sign() === 0) return Numeric.of(0n, rscale);
  const f = e * approxLog10(base); // decimal weight of the result
  if (f > 3 * 32767 * 4) throw overflow();
  if (f + 1 < -rscale || f + 1 < -MAX_DISPLAY_SCALE) return Numeric.of(0n, rscale);
  const n = Math.abs(e);
  const coefDigits = base.coef.toString().length;
  if (coefDigits * n <= 4000) {
    const exact = Numeric.of(base.coef ** BigInt(n), base.scale * n);
    return e > 0 ? exact.round(rscale) : Numeric.ONE.divToScale(exact, rscale);
  }
  // Keep enough significant digits for the requested scale (PostgreSQL's sig_digits, plus more).
  const sig = Math.max(1 + rscale + Math.trunc(f), 1) + Math.ceil(Math.log10(n)) + 2 * GUARD;
  const p = powFloat({ m: base.coef, s: base.scale }, n, sig);
  const approx = p.s >= 0 ? Numeric.of(p.m, p.s) : Numeric.of(p.m * 10n ** BigInt(-p.s), 0);
  return e > 0 ? approx.round(rscale) : Numeric.ONE.divToScale(approx, rscale);
}

/** A floating bigint: m × 10^-s, kept to at most `sig` significant digits. */
export interface BigFloat {
  m: bigint;
  s: number;
}

function roundTo(x: BigFloat, sig: number): BigFloat {
  const len = (x.m < 0n ? -x.m : x.m).toString().length;
  if (len <= sig) return x;
  const drop = len - sig;
  const d = 10n ** BigInt(drop);
  const q = x.m / d;
  const r = x.m - q * d;
  const half = (r < 0n ? -r : r) * 2n >= d;
  return { m: half ? (x.m < 0n ? q - 1n : q + 1n) : q, s: x.s - drop };
}

function powFloat(base: BigFloat, n: number, sig: number): BigFloat {
  let result: BigFloat = { m: 1n, s: 0 };
  let b = roundTo(base, sig);
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = roundTo({ m: result.m * b.m, s: result.s + b.s }, sig);
    if (k > 1) b = roundTo({ m: b.m * b.m, s: b.s + b.s }, sig);
  }
  return result;
}

function powerGeneral(base: Numeric, exponent: Numeric): Numeric {
  const neg = base.sign() < 0; // only with an integer exponent beyond int32
  const x = base.abs();
  if (x.sign() === 0) return Numeric.of(0n, MIN_SIG_DIGITS);
  const val = approxLog10(x) * exponent.toNumber(); // decimal weight of the result
  // exponent × ln(x) beyond 3 × NUMERIC_MAX_RESULT_SCALE (with PostgreSQL's fuzz) cannot fit
  if (Math.abs(val * Math.LN10) > 2000 * 3.01) {
    if (val > 0) throw overflow();
    return Numeric.of(0n, MAX_DISPLAY_SCALE);
  }
  let rscale = MIN_SIG_DIGITS - Math.trunc(val);
  rscale = Math.min(Math.max(rscale, base.scale, exponent.scale, 0), MAX_DISPLAY_SCALE);
  const sigDigits = Math.max(rscale + Math.trunc(val), 0);
  // y = exponent × ln(x), accurate to 10^-(sigDigits + GUARD)
  const wy = sigDigits + GUARD;
  const expDigits = Math.max(0, Math.ceil(approxLog10(exponent.sign() === 0 ? Numeric.ONE : exponent)));
  const wl = wy + expDigits + 2;
  const lnX = lnFixed(x, wl);
  const y = divRoundPow10(lnX * exponent.coef, wl + exponent.scale - wy);
  const result = expFixed(y, wy);
  const r =
    result.s >= 0 ? Numeric.of(result.m, result.s) : Numeric.of(result.m * 10n ** BigInt(-result.s), 0);
  const rounded = r.round(rscale);
  const odd = neg && (exponent.trunc(0).coef & 1n) === 1n;
  return odd ? rounded.neg() : rounded;
}

/** @internal x / 10^k rounded half away from zero (k >= 0), or x × 10^-k. */
export function divRoundPow10(x: bigint, k: number): bigint {
  if (k <= 0) return x * 10n ** BigInt(-k);
  const d = 10n ** BigInt(k);
  const q = x / d;
  const r = x - q * d;
  if ((r < 0n ? -r : r) * 2n >= d) return x < 0n ? q - 1n : q + 1n;
  return q;
}

/** @internal floor(sqrt(n)): Newton's iteration from a power of two above the root, which decreases to it. */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** 2·atanh(1/m) at scale w: ln((m+1)/(m-1)). */
function lnRatio(m: bigint, w: number): bigint {
  const one = 10n ** BigInt(w);
  const m2 = m * m;
  let power = one / m; // 1/m^(2i+1)
  let sum = 0n;
  for (let i = 1n; power !== 0n; i += 2n) {
    sum += power / i;
    power /= m2;
  }
  return 2n * sum;
}

const ln10Cache = new Map<number, bigint>();
/** ln(10) at scale w: 3·ln 2 + ln 1.25 with ln 2 = 2atanh(1/3), ln 1.25 = 2atanh(1/9). */
function ln10Fixed(w: number): bigint {
  let v = ln10Cache.get(w);
  if (v === undefined) {
    v = divRoundPow10(3n * lnRatio(3n, w + 5) + lnRatio(9n, w + 5), 5);
    if (ln10Cache.size > 64) ln10Cache.clear();
    ln10Cache.set(w, v);
  }
  return v;
}

/** @internal ln(x) for finite x > 0, fixed point at scale w (result / 10^w). */
export function lnFixed(x: Numeric, w: number): bigint {
  const work = w + GUARD;
  const digits = x.coef.toString().length;
  const e = digits - x.scale; // x = m × 10^e with m in [0.1, 1)
  const one = 10n ** BigInt(work);
  // m at scale `work`
  let m = divRoundPow10(x.coef, digits - work);
  // Four square roots bring m within [0.86, 1): the atanh series then converges fast.
  for (let i = 0; i < 4; i++) m = isqrt(m * one);
  // ln(m) = 2 atanh((m-1)/(m+1)) = 2 Σ z^(2i+1)/(2i+1)
  const z = ((m - one) * one) / (m + one);
  const z2 = (z * z) / one;
  let term = z;
  let sum = 0n;
  for (let i = 1n; term !== 0n; i += 2n) {
    sum += term / i;
    term = (term * z2) / one;
  }
  const lnM = 2n * 16n * sum;
  return divRoundPow10(lnM + BigInt(e) * ln10Fixed(work), GUARD);
}

/** @internal e^y for y fixed point at scale w, as a floating result m × 10^-s with ~w digits after the point. */
export function expFixed(y: bigint, w: number): BigFloat {
  const work = w + GUARD;
  const one = 10n ** BigInt(work);
  const yw = y * 10n ** BigInt(GUARD);
  const ln10 = ln10Fixed(work);
  // e^y = 10^n × e^r with r = y - n·ln10 in [0, ln10)
  const n = Math.floor(Number(yw / (one / 1000000n)) / 1e6 / Math.LN10);
  let r = yw - BigInt(n) * ln10;
  // Halve r 10 times so the Taylor series needs few terms, then square back.
  const halvings = 10;
  r /= 1n << BigInt(halvings);
  let term = one;
  let sum = one;
  for (let i = 1n; term !== 0n; i++) {
    term = (term * r) / one / i;
    sum += term;
  }
  for (let i = 0; i < halvings; i++) sum = (sum * sum) / one;
  // value = sum / 10^work × 10^n
  return { m: sum, s: work - n };
}
