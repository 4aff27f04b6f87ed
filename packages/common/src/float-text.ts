/**
 * Text input and output of float4 (real) and float8 (double precision), as PostgreSQL 15 with
 * its default extra_float_digits = 1.
 *
 * Output is the shortest decimal string that reads back to the same value (PostgreSQL uses Ryu;
 * JavaScript's `toExponential()` gives the same shortest digits for doubles, and for float4 we
 * search the shortest precision that survives `Math.fround`). PostgreSQL then prints fixed
 * notation when the decimal exponent is in [-4, 15) for float8 and [-4, 6) for float4, else
 * `d.ddde±XX` with at least two exponent digits: `1e+15`, `1.5e-07`, `1.234567e+06`.
 *
 * Input follows strtod as PostgreSQL calls it: surrounding whitespace, decimal or hexadecimal
 * (`0x1.8p3`) notation, `NaN`, `Inf`, `Infinity` in any case with an optional sign. A nonzero
 * input that overflows or underflows to zero is out of range (22003); denormals are accepted.
 *
 * NB: float4 input is parsed to a double and then rounded to float32. strtof rounds once; the two
 * can differ for decimal strings lying within a double-rounding error of a float32 midpoint.
 * No test input has found such a case, and it cannot change a value by more than one ulp.
 */
import { DbError } from './db-error.js';
import { invalidTextRepresentation } from './errors.js';
import { trimSpaces } from './trim-spaces.js';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEX = /^([+-])?0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const SPECIAL = /^([+-])?(?:(inf|infinity)|(nan))$/i;

/** Lays out `d.ddde±N` (from toExponential) in PostgreSQL's fixed or exponent notation. */
function formatShortest(exponential: string, maxFixedExp: number): string {
  // exponential is "d.ddde±N" or "de±N"
  const e = exponential.indexOf('e');
  const exp = Number(exponential.slice(e + 1));
  const neg = exponential.charCodeAt(0) === 45; // '-'
  const mant = exponential.slice(neg ? 1 : 0, e);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= maxFixedExp) {
    const expText = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${expText}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function formatSpecial(x: number): string | undefined {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  return undefined;
}

/**
 * C's `%.{precision}g` as PostgreSQL's float8out/float4out use it when extra_float_digits <= 0:
 * `precision` significant digits, trailing zeros removed, exponent notation below 1e-4 or from
 * 10^precision on. `x` is finite and non-zero.
 */
function formatPrecision(x: number, precision: number): string {
  const exponential = x.toExponential(precision - 1);
  const e = exponential.indexOf('e');
  const exp = Number(exponential.slice(e + 1));
  if (exp < -4 || exp >= precision) {
    let mant = exponential.slice(0, e);
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const expText = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${mant}e${exp < 0 ? '-' : '+'}${expText}`;
  }
  const fixed = x.toFixed(Math.max(precision - 1 - exp, 0));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/**
 * float8out: with `extraDigits` > 0 (extra_float_digits; PostgreSQL's default is 1) the shortest
 * round-trip text, else `15 + extraDigits` significant digits. Synchronous, never throws.
 */
export function formatFloat8(x: number, extraDigits = 1): string {
  const special = formatSpecial(x);
  if (special !== undefined) return special;
  if (extraDigits <= 0) return formatPrecision(x, Math.max(15 + extraDigits, 1));
  // Small integers are the common case and print as themselves.
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  return formatShortest(x.toExponential(), 15);
}

/**
 * float4out: with `extraDigits` > 0 the shortest text that reads back to the same float32, else
 * `6 + extraDigits` significant digits. `x` must be a float32 value.
 */
export function formatFloat4(x: number, extraDigits = 1): string {
  const special = formatSpecial(x);
  if (special !== undefined) return special;
  if (extraDigits <= 0) return formatPrecision(x, Math.max(6 + extraDigits, 1));
  if (Number.isInteger(x) && Math.abs(x) < 1e6) return String(x);
  for (let p = 0; p < 9; p++) {
    const s = x.toExponential(p);
    if (Math.fround(Number(s)) === x) return formatShortest(s, 6);
  }
  return formatShortest(x.toExponential(8), 6);
}

/** Parses strtod's hexadecimal notation (already matched by HEX). */
function parseHexFloat(m: RegExpExecArray): number {
  const int = m[2];
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return Number.NaN;
  let v = 0;
  for (const ch of int + frac) v = v * 16 + Number.parseInt(ch, 16);
  const exp = (m[4] === undefined ? 0 : Number(m[4])) - 4 * frac.length;
  v *= 2 ** exp;
  return m[1] === '-' ? -v : v;
}

/** True when the numeric text has a nonzero digit in its mantissa (so 0 means underflow). */
function hasNonzeroMantissa(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 101 || c === 69 || c === 112 || c === 80) return false; // e E p P: exponent starts
    if (c >= 49 && c <= 57) return true;
    if (c === 120 || c === 88) continue; // the x of 0x
    if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) return true; // hex digits a-f
  }
  return false;
}

function parseFloatText(text: string, typeName: string, float4: boolean): number {
  const s = trimSpaces(text);
  let v: number;
  if (DECIMAL.test(s)) v = Number(s);
  else {
    const hex = HEX.exec(s);
    if (hex !== null) v = parseHexFloat(hex);
    else {
      const sp = SPECIAL.exec(s);
      if (sp === null) throw invalidTextRepresentation(typeName, text);
      if (sp[3] !== undefined) return Number.NaN;
      return sp[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (Number.isNaN(v)) throw invalidTextRepresentation(typeName, text);
  }
  if (float4) v = Math.fround(v);
  if (!Number.isFinite(v) || (v === 0 && hasNonzeroMantissa(s))) {
    throw new DbError('22003', `"${text}" is out of range for type ${typeName}`);
  }
  return v;
}

/** float8in. Throws 22P02 on bad syntax, 22003 when a finite input overflows or underflows. */
export function parseFloat8(text: string): number {
  return parseFloatText(text, 'double precision', false);
}

/** float4in: like parseFloat8, rounded to float32 (the range is float32's). */
export function parseFloat4(text: string): number {
  return parseFloatText(text, 'real', true);
}
