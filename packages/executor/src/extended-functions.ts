/**
 * The dispatcher for the date/time, json, array and formatting functions (the planner's
 * function-signatures.ts and bind-extended.ts's internal names): picks one implementation per
 * call site at compile time and wraps it with SQL's NULL rule (strict functions return NULL
 * for any NULL argument; the non-strict ones see the NULLs).
 */

import {
  DbError,
  formatText,
  logNumeric,
  Numeric,
  quoteIdent,
  type SqlType,
  type Value,
} from '@rustydb/common';
import { arrayFunction, strictArrayFunction } from './array-functions.js';
import type { CompiledExpr } from './compile-expr.js';
import { convertFunction } from './convert-functions.js';
import { dateTimeFunction, type Impl } from './date-time-functions.js';
import { enumFunction } from './enum-functions.js';
import { jsonBuilder, jsonFunction } from './json-functions.js';
import { jsonPathFunction } from './jsonpath-functions.js';
import { mathFunction } from './math-functions.js';
import { networkFunction } from './network-functions.js';
import { pgcryptoFunction } from './pgcrypto/pgcrypto-functions.js';
import { rangeConstructor, rangeFunction } from './range-functions.js';
import { regexpFunction } from './regexp-functions.js';
import type { Runtime } from './runtime.js';
import { quoteLiteral, quoteNullable, stringFunction } from './string-functions.js';
import { textSearchFunction } from './text-search-functions.js';
import { uuidOsspFunction } from './uuid-ossp-functions.js';

const num = (v: Value) => v as number;

/** format(fmt, args…): %s, %I, %L, %%, with optional `n$` positions and `-`/width for %s. */
function format(fmt: string, args: readonly Value[], types: readonly SqlType[], rt: Runtime): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    const m = /^(?:(\d+)\$)?(-)?(\d+)?([sIL%])/.exec(fmt.slice(i + 1));
    if (!m) {
      if (i + 1 >= fmt.length)
        throw new DbError('22023', 'unterminated format() type specifier', {
          hint: 'For a single "%" use "%%".',
        });
      throw new DbError('22023', `unrecognized format() type specifier "${fmt[i + 1]}"`, {
        hint: 'For a single "%" use "%%".',
      });
    }
    i += m[0].length;
    if (m[4] === '%') {
      out += '%';
      continue;
    }
    const index = m[1] ? Number(m[1]) - 1 : next;
    next = index + 1;
    if (index >= args.length) throw new DbError('22023', 'too few arguments for format()');
    const v = args[index];
    const text =
      v === null ? null : typeof v === 'string' ? v : formatText(v, types[index], rt.zone, 1, rt.style);
    let piece: string;
    if (m[4] === 's') piece = text ?? '';
    else if (m[4] === 'I') {
      if (text === null) throw new DbError('22004', 'null values cannot be formatted as an SQL identifier');
      piece = quoteIdent(text);
    } else piece = text === null ? 'NULL' : quoteLiteral(text);
    const width = m[3] ? Number(m[3]) : 0;
    if (piece.length < width) piece = m[2] ? piece.padEnd(width) : piece.padStart(width);
    out += piece;
  }
  return out;
}

function checkFloat(x: number): number {
  if (!Number.isFinite(x) && !Number.isNaN(x)) throw new DbError('22003', 'value out of range: overflow');
  return x;
}

function strictMisc(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  switch (name) {
    case 'to_hex':
      return argTypes[0].name === 'int8'
        ? ([v]) => BigInt.asUintN(64, v as bigint).toString(16)
        : ([v]) => (num(v) >>> 0).toString(16);
    case 'cbrt':
      return ([v]) => Math.cbrt(num(v));
    case 'degrees':
      return ([v]) => checkFloat((num(v) * 180) / Math.PI);
    case 'radians':
      return ([v]) => checkFloat((num(v) * Math.PI) / 180);
    case 'log10':
      if (argTypes[0].name === 'numeric') {
        return ([v]) => logNumeric(TEN, v as Numeric);
      }
      return ([v]) => logOf(10, num(v));
    case 'log':
      if (argTypes.length === 2) {
        return ([b, x]) => logNumeric(b as Numeric, x as Numeric);
      }
      return undefined;
    default:
      return undefined;
  }
}

const TEN = Numeric.fromBigInt(10n);

function logOf(base: number, x: number): number {
  if (x === 0 || base === 0) throw new DbError('2201E', 'cannot take logarithm of zero');
  if (x < 0 || base < 0) throw new DbError('2201E', 'cannot take logarithm of a negative number');
  return Math.log(x) / Math.log(base);
}

function nonStrict(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  if (name === 'format') {
    return ([fmt, ...rest]) => (fmt === null ? null : format(fmt as string, rest, argTypes.slice(1), rt));
  }
  if (name === 'quote_nullable') return quoteNullable(argTypes, rt);
  return (
    arrayFunction(name, argTypes, rt) ??
    jsonBuilder(name, argTypes, rt) ??
    enumFunction(name, argTypes) ??
    rangeConstructor(name, argTypes)
  );
}

function strict(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  return (
    rangeFunction(name, argTypes) ??
    networkFunction(name, argTypes) ??
    dateTimeFunction(name, argTypes, rt) ??
    jsonFunction(name, argTypes, rt) ??
    jsonPathFunction(name, rt.zone) ??
    textSearchFunction(name, argTypes, rt) ??
    strictArrayFunction(name) ??
    strictMisc(name, argTypes) ??
    regexpFunction(name, argTypes, rt) ??
    mathFunction(name, argTypes) ??
    stringFunction(name, argTypes, rt) ??
    convertFunction(name) ??
    uuidOsspFunction(name) ??
    pgcryptoFunction(name, argTypes)
  );
}

/**
 * Compiles a call of one of these functions, or returns undefined when `name` is not one of
 * them (compileFunction handles the rest). Synchronous.
 */
export function compileExtendedFunction(
  name: string,
  argTypes: readonly SqlType[],
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr | undefined {
  const n = args.length;
  const open = nonStrict(name, argTypes, rt);
  if (open) {
    return (row) => {
      const vals = new Array<Value>(n);
      for (let i = 0; i < n; i++) vals[i] = args[i](row);
      return open(vals);
    };
  }
  const impl = strict(name, argTypes, rt);
  if (!impl) return undefined;
  const vals = new Array<Value>(n);
  return (row) => {
    for (let i = 0; i < n; i++) {
      const v = args[i](row);
      if (v === null) return null;
      vals[i] = v;
    }
    return impl(vals);
  };
}

/** Whether `name(argTypes)` is implemented here (for the exhaustiveness test). @internal */
export function hasExtendedImplementation(name: string, argTypes: readonly SqlType[]): boolean {
  const rt = {} as Runtime;
  return nonStrict(name, argTypes, rt) !== undefined || strict(name, argTypes, rt) !== undefined;
}
