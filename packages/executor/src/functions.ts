/**
 * Scalar function implementations, one per signature of the planner's function table
 * (FUNCTION_SIGNATURES). Arguments arrive already coerced to the signature's types. All are
 * strict (NULL in, NULL out) except concat and concat_ws, which skip NULLs.
 * sqrt/exp/ln/log/pow on numeric compute in numeric to PostgreSQL's result scales (common's
 * numeric-log-exp.ts and numeric-power.ts), never through double precision.
 */
import { createHash } from 'node:crypto';
import {
  codePointLength,
  codePointOffset,
  codePointWidth,
  codePointWidthBefore,
  DbError,
  expNumeric,
  float8Pow,
  InternalError,
  lnNumeric,
  logNumeric,
  Numeric,
  numericPower,
  outOfRange,
  rint,
  type SqlType,
  sqrtNumeric,
  type Value,
} from '@rustydb/common';
import { isAdvisoryLockFunction } from './advisory-lock-functions.js';
import { isCatalogFunction } from './catalog-functions.js';
import { codePointArray, reverseCodePoints, splitBounded } from './code-points.js';
import type { CompiledExpr } from './compile-expr.js';
import { hasExtendedImplementation } from './extended-functions.js';
import { regexSubstring } from './posix-regex.js';
import type { Runtime } from './runtime.js';
import { isSequenceFunction } from './sequence-functions.js';
import { isSessionFunction } from './session-functions.js';
import { isSignalFunction } from './signal-functions.js';
import { isSleepFunction } from './sleep-functions.js';
import { compileVariadicAnyFunction, isVariadicAnyFunction } from './variadic-any-functions.js';

/** An implementation; arity-1 and arity-2 functions simply ignore the extra parameters. */
type F3 = (a: Value, b: Value, c: Value) => Value;

const num = (v: Value) => v as number;
const str = (v: Value) => v as string;
const dec = (v: Value) => v as Numeric;
const TEN = Numeric.fromBigInt(10n);

function checkFloat(x: number): number {
  if (!Number.isFinite(x) && !Number.isNaN(x)) throw new DbError('22003', 'value out of range: overflow');
  return x;
}

function absFor(t: SqlType): F3 {
  switch (t.name) {
    case 'int2':
      return (a) => {
        if (num(a) === -32768) throw outOfRange('smallint');
        return Math.abs(num(a));
      };
    case 'int4':
      return (a) => {
        if (num(a) === -2147483648) throw outOfRange('integer');
        return Math.abs(num(a));
      };
    case 'int8':
      return (a) => {
        const v = a as bigint;
        if (v === -(2n ** 63n)) throw outOfRange('bigint');
        return v < 0n ? -v : v;
      };
    case 'numeric':
      return (a) => dec(a).abs();
    default:
      return (a) => Math.abs(num(a));
  }
}

function sqlLog(x: number, what: 'ln' | 'log'): number {
  if (x === 0) throw new DbError('2201E', 'cannot take logarithm of zero');
  if (x < 0) throw new DbError('2201E', 'cannot take logarithm of a negative number');
  return what === 'ln' ? Math.log(x) : Math.log10(x);
}

function sqlSqrt(x: number): number {
  if (x < 0) throw new DbError('2201F', 'cannot take square root of a negative number');
  return Math.sqrt(x);
}

function substr(s: string, start: number, count?: number): string {
  if (count !== undefined && count < 0) throw new DbError('22011', 'negative substring length not allowed');
  const from = Math.max(start, 1);
  if (count === undefined) return s.slice(codePointOffset(s, from - 1));
  const to = start + count;
  if (to <= from) return '';
  const a = codePointOffset(s, from - 1);
  return s.slice(a, codePointOffset(s, to - from, a));
}

/**
 * lpad/rpad. 54000 past 2^28 characters, PostgreSQL's limit (its 1 GB allocation limit over
 * UTF-8's 4 bytes a character).
 */
function pad(s: string, len: number, fill: string, left: boolean): string {
  if (len <= 0) return '';
  if (len > 1 << 28) throw new DbError('54000', 'requested length too large');
  const have = codePointLength(s);
  if (have >= len) return s.slice(0, codePointOffset(s, len));
  if (fill === '') return s;
  const fillLength = codePointLength(fill);
  const need = len - have;
  const padding =
    fill.repeat(Math.floor(need / fillLength)) + fill.slice(0, codePointOffset(fill, need % fillLength));
  return left ? padding + s : s + padding;
}

function trimChars(s: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(codePointArray(chars));
  let a = 0;
  let b = s.length;
  while (left && a < b) {
    const w = codePointWidth(s, a);
    if (!set.has(s.slice(a, a + w))) break;
    a += w;
  }
  while (right && b > a) {
    const w = codePointWidthBefore(s, b);
    if (!set.has(s.slice(b - w, b))) break;
    b -= w;
  }
  return s.slice(a, b);
}

// PostgreSQL's C locale (asc_tolower / asc_toupper / asc_initcap) maps ASCII letters only;
// JavaScript's case mapping would also change 'À' or turn 'ß' into 'SS'.
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** asc_initcap: a word is a run of ASCII letters and digits; everything else separates words. */
function initcap(s: string): string {
  return s.replace(/[A-Za-z0-9]+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

function splitPart(s: string, delim: string, n: number): string {
  if (n === 0) throw new DbError('22023', 'field position must not be zero');
  const parts = delim === '' ? [s] : splitBounded(s, delim);
  const i = n > 0 ? n - 1 : parts.length + n;
  return i >= 0 && i < parts.length ? parts[i] : '';
}

function repeat(s: string, n: number): string {
  if (n <= 0) return '';
  if (s.length * n > 1 << 28) throw new DbError('54000', 'requested length too large');
  return s.repeat(n);
}

/** The implementation of one (name, argument types) signature, arity 1–3. */
function scalar(name: string, t: readonly SqlType[], rt?: Runtime): F3 | undefined {
  const numericArg = t[0]?.name === 'numeric';
  switch (name) {
    case 'abs':
      return absFor(t[0]);
    case 'round':
      if (numericArg) return t.length === 2 ? (a, b) => dec(a).round(num(b)) : (a) => dec(a).round(0);
      return (a) => rint(num(a));
    case 'trunc':
      if (numericArg) return t.length === 2 ? (a, b) => dec(a).trunc(num(b)) : (a) => dec(a).trunc(0);
      return (a) => Math.trunc(num(a));
    case 'floor':
      return numericArg ? (a) => floorNumeric(dec(a)) : (a) => Math.floor(num(a));
    case 'ceil':
    case 'ceiling':
      return numericArg ? (a) => floorNumeric(dec(a).neg()).neg() : (a) => Math.ceil(num(a));
    case 'sign':
      return numericArg ? (a) => Numeric.fromBigInt(BigInt(dec(a).sign())) : (a) => Math.sign(num(a));
    case 'sqrt':
      return numericArg ? (a) => sqrtNumeric(dec(a)) : (a) => sqlSqrt(num(a));
    case 'exp':
      return numericArg ? (a) => expNumeric(dec(a)) : (a) => checkFloat(Math.exp(num(a)));
    case 'ln':
      return numericArg ? (a) => lnNumeric(dec(a)) : (a) => sqlLog(num(a), 'ln');
    case 'log':
      // log(numeric) is log(10, x) in PostgreSQL (a SQL-language function).
      return numericArg ? (a) => logNumeric(TEN, dec(a)) : (a) => sqlLog(num(a), 'log');
    case 'power':
    case 'pow':
      return numericArg ? (a, b) => numericPower(dec(a), dec(b)) : (a, b) => float8Pow(num(a), num(b));
    case 'mod':
      switch (t[0].name) {
        case 'int8':
          return (a, b) => {
            if ((b as bigint) === 0n) throw new DbError('22012', 'division by zero');
            return (a as bigint) % (b as bigint);
          };
        case 'numeric':
          return (a, b) => dec(a).mod(dec(b));
        default:
          return (a, b) => {
            if (num(b) === 0) throw new DbError('22012', 'division by zero');
            return num(b) === -1 ? 0 : num(a) % num(b);
          };
      }
    case 'div':
      return (a, b) =>
        dec(a)
          .sub(dec(a).mod(dec(b)))
          .div(dec(b))
          .trunc(0);
    case 'pi':
      return () => Math.PI;
    case 'random':
      return () => Math.random();
    case 'length':
    case 'char_length':
    case 'character_length':
      if (t[0]?.name === 'bytea') return (a) => (a as Uint8Array).length;
      return (a) => codePointLength(str(a));
    case 'octet_length':
      return (a) => Buffer.byteLength(str(a), 'utf8');
    case 'lower':
      return (a) => asciiLower(str(a));
    case 'upper':
      return (a) => asciiUpper(str(a));
    case 'initcap':
      return (a) => initcap(str(a));
    case 'substring':
      if (t[1]?.name === 'text') {
        const sub = regexSubstring(rt);
        return (a, b) => sub(str(a), str(b));
      }
      return t.length === 3 ? (a, b, c) => substr(str(a), num(b), num(c)) : (a, b) => substr(str(a), num(b));
    case 'substr':
      return t.length === 3 ? (a, b, c) => substr(str(a), num(b), num(c)) : (a, b) => substr(str(a), num(b));
    case 'position':
    case 'strpos':
      return (a, b) => {
        const i = str(a).indexOf(str(b));
        return i < 0 ? 0 : codePointLength(str(a).slice(0, i)) + 1;
      };
    case 'btrim':
    case 'ltrim':
    case 'rtrim': {
      const l = name !== 'rtrim';
      const r = name !== 'ltrim';
      return t.length === 2 ? (a, b) => trimChars(str(a), str(b), l, r) : (a) => trimChars(str(a), ' ', l, r);
    }
    case 'replace':
      return (a, b, c) => (str(b) === '' ? str(a) : str(a).split(str(b)).join(str(c)));
    case 'repeat':
      return (a, b) => repeat(str(a), num(b));
    case 'reverse':
      return (a) => reverseCodePoints(str(a));
    case 'left':
      return (a, b) => {
        const n = num(b);
        const s = str(a);
        return s.slice(0, codePointOffset(s, n < 0 ? Math.max(codePointLength(s) + n, 0) : n));
      };
    case 'right':
      return (a, b) => {
        const n = num(b);
        const s = str(a);
        return s.slice(codePointOffset(s, n < 0 ? -n : Math.max(codePointLength(s) - n, 0)));
      };
    case 'lpad':
    case 'rpad': {
      const left = name === 'lpad';
      return t.length === 3
        ? (a, b, c) => pad(str(a), num(b), str(c), left)
        : (a, b) => pad(str(a), num(b), ' ', left);
    }
    case 'split_part':
      return (a, b, c) => splitPart(str(a), str(b), num(c));
    case 'starts_with':
      return (a, b) => str(a).startsWith(str(b));
    case 'md5':
      return (a) => createHash('md5').update(str(a), 'utf8').digest('hex');
    case 'sha224':
    case 'sha256':
    case 'sha384':
    case 'sha512':
      return (a) =>
        new Uint8Array(
          createHash(name)
            .update(a as Uint8Array)
            .digest(),
        );
    case 'chr':
      return (a) => {
        if (num(a) === 0) throw new DbError('54000', 'null character not permitted');
        if (num(a) < 0 || num(a) > 0x10ffff) {
          throw new DbError('54000', `requested character too large for encoding: ${num(a)}`);
        }
        return String.fromCodePoint(num(a));
      };
    case 'ascii':
      return (a) => (str(a).length === 0 ? 0 : str(a).codePointAt(0)!);
    default:
      return undefined;
  }
}

function floorNumeric(n: Numeric): Numeric {
  if (!n.isFinite) return n;
  const t = n.trunc(0);
  return n.sign() < 0 && !t.eq(n) ? t.sub(Numeric.ONE) : t;
}

/**
 * Compiles a call of `name` over `args` (already coerced to `argTypes`). Synchronous.
 * Throws InternalError for a signature with no implementation (the exhaustiveness test catches it).
 */
export function compileFunction(
  name: string,
  argTypes: readonly SqlType[],
  args: readonly CompiledExpr[],
  _result: SqlType,
  rt?: Runtime,
): CompiledExpr {
  if (isVariadicAnyFunction(name))
    return compileVariadicAnyFunction(name, argTypes, args, false, rt?.zone, rt?.style);
  const f = scalar(name, argTypes, rt);
  if (!f) throw new InternalError(`no implementation for function ${name}`);
  switch (args.length) {
    case 0:
      return () => f(null, null, null);
    case 1: {
      const [a] = args;
      return (row) => {
        const x = a(row);
        return x === null ? null : f(x, null, null);
      };
    }
    case 2: {
      const [a, b] = args;
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        return y === null ? null : f(x, y, null);
      };
    }
    default: {
      const [a, b, c] = args;
      return (row) => {
        const x = a(row);
        if (x === null) return null;
        const y = b(row);
        if (y === null) return null;
        const z = c(row);
        return z === null ? null : f(x, y, z);
      };
    }
  }
}

/** Whether a signature has an implementation (for the exhaustiveness test). @internal */
export function hasImplementation(name: string, argTypes: readonly SqlType[]): boolean {
  return (
    isVariadicAnyFunction(name) ||
    isSequenceFunction(name) ||
    isAdvisoryLockFunction(name) ||
    isSleepFunction(name) ||
    isSignalFunction(name) ||
    isCatalogFunction(name) ||
    isSessionFunction(name) ||
    hasExtendedImplementation(name, argTypes) ||
    scalar(name, argTypes) !== undefined
  );
}
