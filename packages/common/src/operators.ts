/**
 * Operator kernels: +, -, *, /, %, unary minus, ^ and || on operands of one type, with
 * PostgreSQL's overflow and error semantics. The binder casts mixed operands to a common type
 * first; compiled expression closures then call these directly, so the number paths allocate
 * nothing and never go through a generic dispatcher.
 *
 * - int2/int4 (`number`): exact in doubles, so each result is range-checked once
 *   (22003 `smallint out of range` / `integer out of range`). Division truncates toward zero;
 *   x / 0 and x % 0 raise 22012 `division by zero`; INT_MIN % -1 is 0.
 * - int8 (`bigint`): the same rules with `bigint out of range`.
 * - float4/float8 (`number`): IEEE results, except that a finite computation overflowing to
 *   Infinity raises 22003 `value out of range: overflow`, a nonzero product or quotient
 *   underflowing to 0 raises `value out of range: underflow`, and x / 0 raises 22012 (NaN / 0
 *   is NaN). float4 results are rounded to float32 (computing in double and rounding once gives
 *   the correctly rounded float32 result for + - * /).
 * - numeric: the Numeric methods, plus numericPower (numeric-power.ts).
 */
import { DbError } from './db-error.js';
import { divisionByZero, outOfRange } from './errors.js';

const INT4_MIN = -2147483648;
const INT4_MAX = 2147483647;
const INT2_MIN = -32768;
const INT2_MAX = 32767;
const INT8_MIN = -(2n ** 63n);
const INT8_MAX = 2n ** 63n - 1n;

function int4(r: number): number {
  if (r < INT4_MIN || r > INT4_MAX) throw outOfRange('integer');
  return r;
}

function int2(r: number): number {
  if (r < INT2_MIN || r > INT2_MAX) throw outOfRange('smallint');
  return r;
}

function int8(r: bigint): bigint {
  if (r < INT8_MIN || r > INT8_MAX) throw outOfRange('bigint');
  return r;
}

// ---- int4 -----------------------------------------------------------------------------------

/** int4 + int4. Throws 22003 `integer out of range`. */
export const int4Add = (a: number, b: number): number => int4(a + b);
/** int4 - int4. Throws 22003. */
export const int4Sub = (a: number, b: number): number => int4(a - b);
/** int4 * int4. Throws 22003 (exact: an in-range product is below 2^31, far under 2^53). */
export const int4Mul = (a: number, b: number): number => int4(a * b) | 0;
/** int4 / int4, truncating toward zero. Throws 22012 on zero, 22003 for INT_MIN / -1. */
export function int4Div(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return int4(Math.trunc(a / b)) | 0;
}
/** int4 % int4: the remainder takes the dividend's sign. Throws 22012 on zero. */
export function int4Mod(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return (a % b) | 0;
}
/** -int4. Throws 22003 for INT_MIN. */
export const int4Neg = (a: number): number => int4(-a) | 0;

// ---- int2 -----------------------------------------------------------------------------------

/** int2 + int2. Throws 22003 `smallint out of range`. */
export const int2Add = (a: number, b: number): number => int2(a + b);
/** int2 - int2. Throws 22003. */
export const int2Sub = (a: number, b: number): number => int2(a - b);
/** int2 * int2. Throws 22003. */
export const int2Mul = (a: number, b: number): number => int2(a * b) | 0;
/** int2 / int2, truncating toward zero. Throws 22012 on zero, 22003 for -32768 / -1. */
export function int2Div(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return int2(Math.trunc(a / b)) | 0;
}
/** int2 % int2. Throws 22012 on zero. */
export function int2Mod(a: number, b: number): number {
  if (b === 0) throw divisionByZero();
  return (a % b) | 0;
}
/** -int2. Throws 22003 for -32768. */
export const int2Neg = (a: number): number => int2(-a) | 0;

// ---- int8 -----------------------------------------------------------------------------------

/** int8 + int8. Throws 22003 `bigint out of range`. */
export const int8Add = (a: bigint, b: bigint): bigint => int8(a + b);
/** int8 - int8. Throws 22003. */
export const int8Sub = (a: bigint, b: bigint): bigint => int8(a - b);
/** int8 * int8. Throws 22003. */
export const int8Mul = (a: bigint, b: bigint): bigint => int8(a * b);
/** int8 / int8, truncating toward zero. Throws 22012 on zero, 22003 for INT8_MIN / -1. */
export function int8Div(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divisionByZero();
  return int8(a / b);
}
/** int8 % int8. Throws 22012 on zero. */
export function int8Mod(a: bigint, b: bigint): bigint {
  if (b === 0n) throw divisionByZero();
  return a % b;
}
/** -int8. Throws 22003 for INT8_MIN. */
export const int8Neg = (a: bigint): bigint => int8(-a);

// ---- float8 / float4 --------------------------------------------------------------------------

const floatOverflow = (): DbError => new DbError('22003', 'value out of range: overflow');
const floatUnderflow = (): DbError => new DbError('22003', 'value out of range: underflow');

/** PostgreSQL's check_float8_val: Infinity only from infinite inputs, 0 only from zero inputs. */
function checkFloat(r: number, infInput: boolean, zeroInput: boolean): number {
  if ((r === Number.POSITIVE_INFINITY || r === Number.NEGATIVE_INFINITY) && !infInput) throw floatOverflow();
  if (r === 0 && !zeroInput) throw floatUnderflow();
  return r;
}

const isInf = (x: number): boolean => x === Number.POSITIVE_INFINITY || x === Number.NEGATIVE_INFINITY;

/** float8 + float8. Throws 22003 on overflow. */
export const float8Add = (a: number, b: number): number => checkFloat(a + b, isInf(a) || isInf(b), true);
/** float8 - float8. Throws 22003 on overflow. */
export const float8Sub = (a: number, b: number): number => checkFloat(a - b, isInf(a) || isInf(b), true);
/** float8 * float8. Throws 22003 on overflow or underflow. */
export const float8Mul = (a: number, b: number): number =>
  checkFloat(a * b, isInf(a) || isInf(b), a === 0 || b === 0);
/** float8 / float8. Throws 22012 when b is 0 (unless a is NaN), 22003 on overflow/underflow. */
export function float8Div(a: number, b: number): number {
  if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
  return checkFloat(a / b, isInf(a) || isInf(b), a === 0 || isInf(b));
}
/** -float8 (-0 stays distinct, as in PostgreSQL). */
export const float8Neg = (a: number): number => -a;

/** float4 + float4. Throws 22003 on overflow. */
export const float4Add = (a: number, b: number): number =>
  checkFloat(Math.fround(a + b), isInf(a) || isInf(b), true);
/** float4 - float4. Throws 22003 on overflow. */
export const float4Sub = (a: number, b: number): number =>
  checkFloat(Math.fround(a - b), isInf(a) || isInf(b), true);
/** float4 * float4. Throws 22003 on overflow or underflow. */
export const float4Mul = (a: number, b: number): number =>
  checkFloat(Math.fround(a * b), isInf(a) || isInf(b), a === 0 || b === 0);
/** float4 / float4. Throws 22012 when b is 0 (unless a is NaN), 22003 on overflow/underflow. */
export function float4Div(a: number, b: number): number {
  if (b === 0 && !Number.isNaN(a)) throw divisionByZero();
  return checkFloat(Math.fround(a / b), isInf(a) || isInf(b), a === 0 || isInf(b));
}

/**
 * float8 ^ float8 (PostgreSQL's dpow): POSIX pow(3) rules where they differ from JavaScript's
 * (1 ^ NaN = 1, (-1) ^ ±Infinity = 1). Throws 2201F for 0 ^ negative and negative ^ non-integer,
 * 22003 on overflow or underflow of a finite result.
 */
export function float8Pow(a: number, b: number): number {
  if (Number.isNaN(a)) return b === 0 ? 1 : Number.NaN;
  if (Number.isNaN(b)) return a === 1 ? 1 : Number.NaN;
  if (a === 0 && b < 0) throw new DbError('2201F', 'zero raised to a negative power is undefined');
  if (a < 0 && Number.isFinite(b) && !Number.isInteger(b)) {
    throw new DbError('2201F', 'a negative number raised to a non-integer power yields a complex result');
  }
  if (isInf(b) && (a === 1 || a === -1)) return 1;
  const r = a ** b;
  return checkFloat(r, isInf(a) || isInf(b), a === 0 || (isInf(b) && Math.abs(a) !== 1) || isInf(a));
}

// ---- text -----------------------------------------------------------------------------------

/** text || text. (The binder casts character(n) operands to text first, which strips padding.) */
export const textConcat = (a: string, b: string): string => a + b;
