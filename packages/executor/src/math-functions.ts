/**
 * Trigonometry (radians and the degree variants sind & co.), gcd / lcm, width_bucket, and the
 * numeric scale functions (scale, min_scale, trim_scale), as PostgreSQL's float.c and numeric.c.
 *
 * The degree variants follow PostgreSQL's algorithm (reduce to the first quadrant, then scale by
 * the value at 30°, 45° or 60°) so that sind(30) is exactly 0.5 and tand(45) exactly 1.
 */
import { DbError, Numeric, outOfRange, type SqlType, type Value } from '@rustydb/common';
import type { Impl } from './date-time-functions.js';

const num = (v: Value) => v as number;
const dec = (v: Value) => v as Numeric;

const RAD = Math.PI / 180;
const SIN_30 = Math.sin(30 * RAD);
const ONE_MINUS_COS_60 = 1 - Math.cos(60 * RAD);
const ASIN_0_5 = Math.asin(0.5);
const ACOS_0_5 = Math.acos(0.5);
const ATAN_1 = Math.atan(1);

function outOfDomain(): never {
  throw new DbError('22003', 'input is out of range');
}

/** sin/cos/tan/cot reject infinite input; a NaN passes through. */
function finiteInput(f: (x: number) => number): Impl {
  return ([v]) => {
    const x = num(v);
    if (x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY) outOfDomain();
    return f(x);
  };
}

/** asin/acos and their degree variants take [-1, 1]. */
function unitInput(f: (x: number) => number): Impl {
  return ([v]) => {
    const x = num(v);
    if (x < -1 || x > 1) outOfDomain();
    return f(x);
  };
}

const sind0to30 = (x: number) => Math.sin(x * RAD) / SIN_30 / 2;
const cosd0to60 = (x: number) => 1 - (1 - Math.cos(x * RAD)) / ONE_MINUS_COS_60 / 2;
const sindQ1 = (x: number) => (x <= 30 ? sind0to30(x) : cosd0to60(90 - x));
const cosdQ1 = (x: number) => (x <= 60 ? cosd0to60(x) : sind0to30(90 - x));
const asindQ1 = (x: number) =>
  x <= 0.5 ? (Math.asin(x) / ASIN_0_5) * 30 : 90 - (Math.acos(x) / ACOS_0_5) * 60;
const acosdQ1 = (x: number) =>
  x <= 0.5 ? 90 - (Math.asin(x) / ASIN_0_5) * 30 : (Math.acos(x) / ACOS_0_5) * 60;
const TAN_45 = sindQ1(45) / cosdQ1(45);

/**
 * An angle in degrees folded into [0, 90] and the sign the result takes: each function's sign
 * flips for a negative angle (`neg`), for one past 180° (`neg` too) or in the second quadrant
 * (`q2`), as PostgreSQL's dsind / dcosd / dtand.
 */
function foldDegrees(x: number, neg: boolean, q2: boolean): [number, number] {
  let a = x % 360;
  let sign = 1;
  if (a < 0) {
    a = -a;
    if (neg) sign = -sign;
  }
  if (a > 180) {
    a = 360 - a;
    if (neg) sign = -sign;
  }
  if (a > 90) {
    a = 180 - a;
    if (q2) sign = -sign;
  }
  return [a, sign];
}

function sind(x: number): number {
  const [a, sign] = foldDegrees(x, true, false);
  return sign * sindQ1(a);
}

function cosd(x: number): number {
  const [a, sign] = foldDegrees(x, false, true);
  return sign * cosdQ1(a);
}

const COT_45 = cosdQ1(45) / sindQ1(45);

/** tand, or cotd when `cot`; never -0. */
function tand(x: number, cot: boolean): number {
  const [a, sign] = foldDegrees(x, true, true);
  const r = sign * (cot ? cosdQ1(a) / sindQ1(a) / COT_45 : sindQ1(a) / cosdQ1(a) / TAN_45);
  return r === 0 ? 0 : r;
}

function trig(name: string): Impl | undefined {
  switch (name) {
    case 'sin':
      return finiteInput(Math.sin);
    case 'cos':
      return finiteInput(Math.cos);
    case 'tan':
      return finiteInput(Math.tan);
    case 'cot':
      return finiteInput((x) => 1 / Math.tan(x));
    case 'asin':
      return unitInput(Math.asin);
    case 'acos':
      return unitInput(Math.acos);
    case 'atan':
      return ([v]) => Math.atan(num(v));
    case 'atan2':
      return ([y, x]) => Math.atan2(num(y), num(x));
    case 'sind':
      return finiteInput(sind);
    case 'cosd':
      return finiteInput(cosd);
    case 'tand':
      return finiteInput((x) => tand(x, false));
    case 'cotd':
      return finiteInput((x) => tand(x, true));
    case 'asind':
      return unitInput((x) => (x >= 0 ? asindQ1(x) : -asindQ1(-x)));
    case 'acosd':
      return unitInput((x) => (x >= 0 ? acosdQ1(x) : 90 + asindQ1(-x)));
    case 'atand':
      return ([v]) => (Math.atan(num(v)) / ATAN_1) * 45;
    case 'atan2d':
      return ([y, x]) => (Math.atan2(num(y), num(x)) / ATAN_1) * 45;
    default:
      return undefined;
  }
}

function gcdBig(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** gcd / lcm of int4 or int8: 22003 when the result does not fit (gcd(-2147483648, 0)). */
function integerGcdLcm(lcm: boolean, bits: 32 | 64): Impl {
  const max = bits === 32 ? 2n ** 31n - 1n : 2n ** 63n - 1n;
  const typeName = bits === 32 ? 'integer' : 'bigint';
  return ([a, b]) => {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    let r = gcdBig(x, y);
    if (lcm) r = x === 0n || y === 0n ? 0n : ((x < 0n ? -x : x) / r) * (y < 0n ? -y : y);
    if (r > max) throw outOfRange(typeName);
    return bits === 32 ? Number(r) : r;
  };
}

/** gcd / lcm of numerics: exact over their common scale; NaN for a NaN or an infinity. */
function numericGcdLcm(lcm: boolean): Impl {
  return ([a, b]) => {
    const x = dec(a);
    const y = dec(b);
    if (!x.isFinite || !y.isFinite) return Numeric.NaN;
    const scale = Math.max(x.scale, y.scale);
    const cx = x.coef * 10n ** BigInt(scale - x.scale);
    const cy = y.coef * 10n ** BigInt(scale - y.scale);
    const g = gcdBig(cx, cy);
    if (!lcm) return Numeric.of(g, scale);
    if (cx === 0n || cy === 0n) return Numeric.of(0n, scale);
    return Numeric.of(((cx < 0n ? -cx : cx) / g) * (cy < 0n ? -cy : cy), scale);
  };
}

function widthBucketError(message: string): never {
  throw new DbError('2201G', message);
}

/** The bucket (1…count) of `fraction` in [0, 1), or the overflow bucket count + 1. */
function bucket(fraction: number, count: number): number {
  const r = Math.trunc(count * fraction);
  return (r >= count ? count - 1 : r) + 1;
}

function overflowBucket(count: number): number {
  if (count === 2147483647) throw outOfRange('integer');
  return count + 1;
}

/** width_bucket(operand float8, low, high, count int4). */
function widthBucketFloat([op, lo, hi, n]: readonly Value[]): number {
  const [x, b1, b2, count] = [num(op), num(lo), num(hi), num(n)];
  if (count <= 0) widthBucketError('count must be greater than zero');
  if (Number.isNaN(x) || Number.isNaN(b1) || Number.isNaN(b2)) {
    widthBucketError('operand, lower bound, and upper bound cannot be NaN');
  }
  if (!Number.isFinite(b1) || !Number.isFinite(b2)) widthBucketError('lower and upper bounds must be finite');
  if (b1 === b2) widthBucketError('lower bound cannot equal upper bound');
  const ascending = b1 < b2;
  if (ascending ? x < b1 : x > b1) return 0;
  if (ascending ? x >= b2 : x <= b2) return overflowBucket(count);
  const span = Number.isFinite(b2 - b1) ? (x - b1) / (b2 - b1) : (x / 2 - b1 / 2) / (b2 / 2 - b1 / 2);
  return bucket(span, count);
}

/** width_bucket(operand numeric, low, high, count int4): exact, over the bounds' common scale. */
function widthBucketNumeric([op, lo, hi, n]: readonly Value[]): number {
  const [x, b1, b2, count] = [dec(op), dec(lo), dec(hi), num(n)];
  if (count <= 0) widthBucketError('count must be greater than zero');
  if (x.isNaN || b1.isNaN || b2.isNaN)
    widthBucketError('operand, lower bound, and upper bound cannot be NaN');
  if (!b1.isFinite || !b2.isFinite) widthBucketError('lower and upper bounds must be finite');
  const cmp = b1.cmp(b2);
  if (cmp === 0) widthBucketError('lower bound cannot equal upper bound');
  const ascending = cmp < 0;
  if (ascending ? x.cmp(b1) < 0 : x.cmp(b1) > 0) return 0;
  if (ascending ? x.cmp(b2) >= 0 : x.cmp(b2) <= 0) return overflowBucket(count);
  // floor((x - b1) × count / (b2 - b1)) + 1; both differences share a scale, so divide coefficients.
  const d = x.sub(b1);
  const w = b2.sub(b1);
  const scale = Math.max(d.scale, w.scale);
  const cd = d.coef * 10n ** BigInt(scale - d.scale);
  const cw = w.coef * 10n ** BigInt(scale - w.scale);
  return Number((cd * BigInt(count)) / cw) + 1;
}

/** The fewest fraction digits that represent `n` exactly. */
function minScale(n: Numeric): number {
  let coef = n.coef;
  let s = n.scale;
  while (s > 0 && coef % 10n === 0n) {
    coef /= 10n;
    s--;
  }
  return s;
}

function numericScale(name: string): Impl | undefined {
  switch (name) {
    case 'scale':
      return ([v]) => (dec(v).isFinite ? dec(v).scale : null);
    case 'min_scale':
      return ([v]) => (dec(v).isFinite ? minScale(dec(v)) : null);
    case 'trim_scale':
      return ([v]) => (dec(v).isFinite ? dec(v).trunc(minScale(dec(v))) : v);
    default:
      return undefined;
  }
}

/** The strict math functions of this file, or undefined when `name` is not one. */
export function mathFunction(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  const t = argTypes[0]?.name;
  switch (name) {
    case 'gcd':
    case 'lcm':
      if (t === 'numeric') return numericGcdLcm(name === 'lcm');
      return integerGcdLcm(name === 'lcm', t === 'int8' ? 64 : 32);
    case 'width_bucket':
      return t === 'numeric' ? widthBucketNumeric : widthBucketFloat;
    default:
      return trig(name) ?? numericScale(name);
  }
}
