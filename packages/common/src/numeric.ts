/**
 * Numeric: PostgreSQL's exact decimal type.
 *
 * A finite value is `coef × 10^-scale` with `coef` a signed bigint and `scale >= 0` the display
 * scale (PostgreSQL's dscale): `1.50` is (150n, 2) and prints as `1.50`, never `1.5`. The
 * special values NaN, Infinity and -Infinity (PostgreSQL 14+) are kinds of their own.
 *
 * Invariants:
 * - Immutable. Every operation returns a new Numeric (or one of the shared constants).
 * - There is no negative zero: a zero coefficient is always `0n`, whatever the sign of the input.
 * - Result scales follow PostgreSQL exactly, because clients see them: add/sub keep the larger
 *   scale, mul the sum of the scales, div the scale chosen by `selectDivScale` (PostgreSQL's
 *   select_div_scale, which reasons in base-10000 digits, so we emulate that here).
 * - Ordering is PostgreSQL's: -Infinity < every finite value < Infinity < NaN, and NaN = NaN,
 *   so numeric columns can be sorted and indexed.
 *
 * NB: PostgreSQL stores base-10000 digits; we keep one bigint coefficient instead. The visible
 * behaviour (text, scales, rounding half away from zero) is the same; only the limits below are
 * checked explicitly instead of falling out of the storage format.
 */
import { DbError } from './db-error.js';
import { divisionByZero, invalidTextRepresentation } from './errors.js';
import { trimSpaces } from './trim-spaces.js';

/** What a Numeric is: a finite value or one of the three special values. */
const Kind = { Finite: 0, NaN: 1, PosInf: 2, NegInf: 3 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** PostgreSQL's NUMERIC_MIN_SIG_DIGITS: a quotient keeps at least this many significant digits. */
const MIN_SIG_DIGITS = 16;
/** NUMERIC_MAX_DISPLAY_SCALE: the largest scale division and functions choose on their own. */
const MAX_DISPLAY_SCALE = 1000;
/** NUMERIC_DSCALE_MAX: the largest scale that can be stored. */
const MAX_DSCALE = 0x3fff;
/** Decimal digits before the point that fit in PostgreSQL's format ((NUMERIC_WEIGHT_MAX + 1) * 4). */
const MAX_INT_DIGITS = 131072;

const POW10: bigint[] = [];
for (let i = 0n, p = 1n; i < 64n; i++, p *= 10n) POW10.push(p);
/** 10^n as a bigint; cached for small n. */
function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

function absBig(x: bigint): bigint {
  return x < 0n ? -x : x;
}

/** Number of decimal digits in |x| (1 for zero). */
function digitCount(x: bigint): number {
  const a = absBig(x);
  if (a < 10n) return 1;
  if (a < 0x20000000000000n) return String(a).length;
  return a.toString().length;
}

/** Integer division rounding half away from zero (b > 0 or b < 0). */
function divRound(a: bigint, b: bigint): bigint {
  const q = a / b;
  const r = a - q * b;
  if (r === 0n) return q;
  // |2r| >= |b| → round away from zero; the sign of the quotient is sign(a)*sign(b).
  if (absBig(r) * 2n >= absBig(b)) return a < 0n === b < 0n ? q + 1n : q - 1n;
  return q;
}

const overflow = (): DbError => new DbError('22003', 'value overflows numeric format');

/** An exact decimal number, NaN or ±Infinity. Immutable; see the file comment. */
export class Numeric {
  static readonly NaN: Numeric = new Numeric(0n, 0, Kind.NaN);
  static readonly Infinity: Numeric = new Numeric(0n, 0, Kind.PosInf);
  static readonly NegativeInfinity: Numeric = new Numeric(0n, 0, Kind.NegInf);
  static readonly ZERO: Numeric = new Numeric(0n, 0, Kind.Finite);
  static readonly ONE: Numeric = new Numeric(1n, 0, Kind.Finite);

  private constructor(
    /** The signed coefficient; 0n for the special values. */
    readonly coef: bigint,
    /** The display scale (digits after the decimal point), >= 0; 0 for the special values. */
    readonly scale: number,
    private readonly kind: Kind,
  ) {}

  /** A finite numeric `coef × 10^-scale`. Throws 22003 when the value exceeds PostgreSQL's limits. */
  static of(coef: bigint, scale = 0): Numeric {
    if (scale > MAX_DSCALE || digitCount(coef) - scale > MAX_INT_DIGITS) throw overflow();
    return new Numeric(coef, scale, Kind.Finite);
  }

  /** An integer numeric with scale 0. */
  static fromBigInt(n: bigint): Numeric {
    return Numeric.of(n, 0);
  }

  /**
   * A float converted as PostgreSQL's float8_numeric / float4_numeric do: printed with
   * `significantDigits` significant digits (DBL_DIG = 15 for float8, FLT_DIG = 6 for float4) and
   * parsed back, so `0.1::float8::numeric` is `0.1`. NaN and ±Infinity map to the special values.
   */
  static fromNumber(n: number, significantDigits = 15): Numeric {
    if (Number.isNaN(n)) return Numeric.NaN;
    if (n === Number.POSITIVE_INFINITY) return Numeric.Infinity;
    if (n === Number.NEGATIVE_INFINITY) return Numeric.NegativeInfinity;
    if (Number.isInteger(n) && Math.abs(n) < 1e15) return new Numeric(BigInt(n), 0, Kind.Finite);
    // %.*g strips trailing zeros of the mantissa; the scale then follows from the digits left.
    const s = n.toPrecision(significantDigits);
    const e = s.indexOf('e');
    let mant = e < 0 ? s : s.slice(0, e);
    if (mant.includes('.')) mant = mant.replace(/\.?0+$/, '');
    return Numeric.parse(e < 0 ? mant : mant + s.slice(e));
  }

  /**
   * Parses PostgreSQL's numeric input: optional surrounding whitespace, sign, digits with an
   * optional point, an optional exponent, or NaN / Infinity / inf (any case, Infinity signed).
   * The scale is the number of fraction digits minus the exponent (at least 0).
   * Throws 22P02 on bad syntax, 22003 when the value overflows numeric's format.
   */
  static parse(text: string): Numeric {
    const s = trimSpaces(text);
    const m = /^([+-])?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/.exec(s);
    if (m === null) return parseSpecial(s, text);
    const intPart = m[2] ?? '';
    const frac = m[3] ?? m[4] ?? '';
    let exp = m[5] === undefined ? 0 : Number(m[5]);
    if (!Number.isSafeInteger(exp) || Math.abs(exp) >= 1073741823) throw overflow();
    let coef = BigInt(intPart + frac);
    exp -= frac.length;
    // value = coef × 10^exp; the display scale is -exp, never below zero.
    if (exp > 0) {
      if (coef !== 0n && intPart.length + frac.length + exp > MAX_INT_DIGITS + 64) throw overflow();
      coef *= pow10(exp);
      exp = 0;
    }
    if (m[1] === '-') coef = -coef;
    return Numeric.of(coef, -exp);
  }

  get isNaN(): boolean {
    return this.kind === Kind.NaN;
  }

  /** True for Infinity and -Infinity. */
  get isInfinite(): boolean {
    return this.kind === Kind.PosInf || this.kind === Kind.NegInf;
  }

  get isFinite(): boolean {
    return this.kind === Kind.Finite;
  }

  /** -1, 0 or 1; NaN for NaN (as PostgreSQL's sign(), which returns NaN). */
  sign(): number {
    switch (this.kind) {
      case Kind.NaN:
        return Number.NaN;
      case Kind.PosInf:
        return 1;
      case Kind.NegInf:
        return -1;
      default:
        return this.coef === 0n ? 0 : this.coef < 0n ? -1 : 1;
    }
  }

  /** True when the value is finite and has no fractional part (trailing zeros are fine). */
  isInteger(): boolean {
    return this.kind === Kind.Finite && (this.scale === 0 || this.coef % pow10(this.scale) === 0n);
  }

  /** PostgreSQL's text output: keeps the scale (`1.50`), `NaN`, `Infinity`, `-Infinity`. */
  toString(): string {
    switch (this.kind) {
      case Kind.NaN:
        return 'NaN';
      case Kind.PosInf:
        return 'Infinity';
      case Kind.NegInf:
        return '-Infinity';
    }
    if (this.scale === 0) return this.coef.toString();
    const neg = this.coef < 0n;
    let digits = absBig(this.coef).toString();
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const point = digits.length - this.scale;
    return `${neg ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }

  /** The nearest double, as PostgreSQL's numeric_float8 (correctly rounded from the text). */
  toNumber(): number {
    switch (this.kind) {
      case Kind.NaN:
        return Number.NaN;
      case Kind.PosInf:
        return Number.POSITIVE_INFINITY;
      case Kind.NegInf:
        return Number.NEGATIVE_INFINITY;
    }
    if (this.scale === 0 && absBig(this.coef) < 0x20000000000000n) return Number(this.coef);
    return Number.parseFloat(this.toString());
  }

  /**
   * The integer nearest to the value, halves rounded away from zero (PostgreSQL's numeric →
   * integer casts). Range checks are the caller's. Throws 0A000 `cannot convert NaN to bigint` /
   * `cannot convert infinity to bigint` as PostgreSQL (`typeName` names the target type).
   */
  toBigInt(typeName = 'bigint'): bigint {
    if (this.kind === Kind.NaN) throw new DbError('0A000', `cannot convert NaN to ${typeName}`);
    if (this.kind !== Kind.Finite) throw new DbError('0A000', `cannot convert infinity to ${typeName}`);
    return this.scale === 0 ? this.coef : divRound(this.coef, pow10(this.scale));
  }

  /** -this. */
  neg(): Numeric {
    switch (this.kind) {
      case Kind.NaN:
        return this;
      case Kind.PosInf:
        return Numeric.NegativeInfinity;
      case Kind.NegInf:
        return Numeric.Infinity;
    }
    return this.coef === 0n ? this : new Numeric(-this.coef, this.scale, Kind.Finite);
  }

  /** |this|. */
  abs(): Numeric {
    if (this.kind === Kind.NegInf) return Numeric.Infinity;
    return this.coef < 0n ? new Numeric(-this.coef, this.scale, Kind.Finite) : this;
  }

  /** this + other; scale = max of the scales. Inf + -Inf is NaN. */
  add(other: Numeric): Numeric {
    if (this.kind !== Kind.Finite || other.kind !== Kind.Finite) return addSpecial(this, other);
    const s = Math.max(this.scale, other.scale);
    return Numeric.of(this.coefAt(s) + other.coefAt(s), s);
  }

  /** this - other; scale = max of the scales. */
  sub(other: Numeric): Numeric {
    return this.add(other.neg());
  }

  /** this × other; scale = sum of the scales (capped at the storable maximum, then rounded). */
  mul(other: Numeric): Numeric {
    if (this.kind !== Kind.Finite || other.kind !== Kind.Finite) return mulSpecial(this, other);
    const s = this.scale + other.scale;
    const prod = Numeric.ofUnchecked(this.coef * other.coef, s);
    return s > MAX_DSCALE ? prod.round(MAX_DSCALE) : Numeric.of(prod.coef, s);
  }

  /**
   * this / other, rounded half away from zero at PostgreSQL's select_div_scale (at least 16
   * significant digits, at least the inputs' scales). Throws 22012 `division by zero`.
   */
  div(other: Numeric): Numeric {
    if (this.kind !== Kind.Finite || other.kind !== Kind.Finite) return divSpecial(this, other);
    if (other.coef === 0n) throw divisionByZero();
    return this.divToScale(other, selectDivScale(this, other));
  }

  /** this / other rounded (half away from zero) to exactly `scale` digits. Throws 22012 on zero. */
  divToScale(other: Numeric, scale: number): Numeric {
    if (other.coef === 0n) throw divisionByZero();
    // this/other × 10^scale = coef1 × 10^(scale + s2 - s1) / coef2
    const shift = scale + other.scale - this.scale;
    const num = shift >= 0 ? this.coef * pow10(shift) : this.coef;
    const den = shift >= 0 ? other.coef : other.coef * pow10(-shift);
    return Numeric.of(divRound(num, den), scale);
  }

  /** this - trunc(this / other) × other, with the dividend's sign; scale = max of the scales. */
  mod(other: Numeric): Numeric {
    if (this.kind === Kind.NaN || other.kind === Kind.NaN) return Numeric.NaN;
    if (this.kind !== Kind.Finite) {
      if (other.kind === Kind.Finite && other.coef === 0n) throw divisionByZero();
      return Numeric.NaN;
    }
    if (other.kind !== Kind.Finite) return this;
    if (other.coef === 0n) throw divisionByZero();
    const s = Math.max(this.scale, other.scale);
    return Numeric.of(this.coefAt(s) % other.coefAt(s), s);
  }

  /** Orders as PostgreSQL: -Infinity < finite < Infinity < NaN; NaN equals NaN. Returns -1, 0, 1. */
  cmp(other: Numeric): number {
    if (this.kind !== Kind.Finite || other.kind !== Kind.Finite) {
      const a = specialRank(this.kind);
      const b = specialRank(other.kind);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    let a = this.coef;
    let b = other.coef;
    if (this.scale < other.scale) a *= pow10(other.scale - this.scale);
    else if (this.scale > other.scale) b *= pow10(this.scale - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Numeric equality (scale-insensitive: 1.0 = 1.00); NaN equals NaN as in PostgreSQL. */
  eq(other: Numeric): boolean {
    return this.cmp(other) === 0;
  }

  /**
   * Rounds half away from zero to `scale` fraction digits (PostgreSQL's round(numeric, int)); a
   * negative scale rounds left of the point. The result's scale is max(scale, 0).
   */
  round(scale: number): Numeric {
    return this.rescale(scale, true);
  }

  /** Truncates toward zero to `scale` fraction digits (PostgreSQL's trunc(numeric, int)). */
  trunc(scale = 0): Numeric {
    return this.rescale(scale, false);
  }

  private rescale(scale: number, round: boolean): Numeric {
    if (this.kind !== Kind.Finite) return this;
    const target = Math.max(scale, 0);
    if (scale >= this.scale) return target === this.scale ? this : Numeric.of(this.coefAt(target), target);
    const drop = pow10(this.scale - scale);
    let c = round ? divRound(this.coef, drop) : this.coef / drop;
    // A negative scale leaves zeros left of the point: 1234.5 → round(-2) → 1200.
    if (scale < 0) c *= pow10(-scale);
    return Numeric.of(c, target);
  }

  /** The coefficient expressed at a scale >= this.scale. */
  private coefAt(scale: number): bigint {
    return scale === this.scale ? this.coef : this.coef * pow10(scale - this.scale);
  }

  private static ofUnchecked(coef: bigint, scale: number): Numeric {
    return new Numeric(coef, scale, Kind.Finite);
  }

  /** @internal PostgreSQL's base-10000 weight and first digit, for select_div_scale. */
  static nbaseHead(n: Numeric): { weight: number; first: number } {
    if (n.coef === 0n) return { weight: 0, first: 0 };
    const digits = absBig(n.coef).toString();
    const e10 = digits.length - 1 - n.scale; // decimal exponent of the leading digit
    const weight = Math.floor(e10 / 4);
    const take = e10 - weight * 4 + 1; // digits of the leading base-10000 group
    const head = digits.length >= take ? digits.slice(0, take) : digits.padEnd(take, '0');
    return { weight, first: Number(head) };
  }
}

/** PostgreSQL's select_div_scale: the result scale of numeric division. */
export function selectDivScale(a: Numeric, b: Numeric): number {
  const h1 = Numeric.nbaseHead(a);
  const h2 = Numeric.nbaseHead(b);
  let qweight = h1.weight - h2.weight;
  if (h1.first <= h2.first) qweight--;
  let rscale = MIN_SIG_DIGITS - qweight * 4;
  rscale = Math.max(rscale, a.scale, b.scale, 0);
  return Math.min(rscale, MAX_DISPLAY_SCALE);
}

function parseSpecial(s: string, original: string): Numeric {
  const lower = s.toLowerCase();
  if (lower === 'nan') return Numeric.NaN;
  if (lower === 'infinity' || lower === '+infinity' || lower === 'inf' || lower === '+inf') {
    return Numeric.Infinity;
  }
  if (lower === '-infinity' || lower === '-inf') return Numeric.NegativeInfinity;
  throw invalidTextRepresentation('numeric', original);
}

function specialRank(k: Kind): number {
  // -Infinity < finite < Infinity < NaN
  return k === Kind.NegInf ? 0 : k === Kind.Finite ? 1 : k === Kind.PosInf ? 2 : 3;
}

function addSpecial(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN || b.isNaN) return Numeric.NaN;
  if (a.isInfinite && b.isInfinite) return a.sign() === b.sign() ? a : Numeric.NaN;
  return a.isInfinite ? a : b;
}

function mulSpecial(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN || b.isNaN) return Numeric.NaN;
  const s = a.sign() * b.sign();
  if (s === 0) return Numeric.NaN; // Infinity × 0
  return s > 0 ? Numeric.Infinity : Numeric.NegativeInfinity;
}

function divSpecial(a: Numeric, b: Numeric): Numeric {
  if (a.isNaN || b.isNaN) return Numeric.NaN;
  if (a.isInfinite) {
    if (b.isInfinite) return Numeric.NaN;
    const s = b.sign();
    if (s === 0) throw divisionByZero();
    return a.sign() * s > 0 ? Numeric.Infinity : Numeric.NegativeInfinity;
  }
  // finite / ±Infinity
  return Numeric.ZERO;
}

/**
 * Coerces to numeric(p, s) as PostgreSQL's apply_typmod: rounds to s (which may be negative or
 * larger than p in PostgreSQL 15) and raises 22003 `numeric field overflow` when the rounded
 * value needs more than p - s integer digits. NaN passes; infinities never fit. typmod -1 is a no-op.
 */
export function coerceNumeric(n: Numeric, typmod: number): Numeric {
  if (typmod < 4) return n;
  const m = typmod - 4;
  const precision = (m >> 16) & 0xffff;
  const scale = ((m & 0x7ff) ^ 1024) - 1024; // 11-bit signed, as PostgreSQL 15 packs it
  if (n.isNaN) return n;
  if (n.isInfinite) {
    throw new DbError('22003', 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} cannot hold an infinite value.`,
    });
  }
  const r = n.round(scale);
  const maxDigits = precision - scale;
  // Integer digits of |r|: digits of the coefficient left of the point (0 for |r| < 1).
  if (r.coef !== 0n && digitCount(r.coef) - r.scale > maxDigits) {
    throw new DbError('22003', 'numeric field overflow', {
      detail: `A field with precision ${precision}, scale ${scale} must round to an absolute value less than ${
        maxDigits === 0 ? '1' : `10^${maxDigits}`
      }.`,
    });
  }
  return r;
}
