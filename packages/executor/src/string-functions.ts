/**
 * translate, overlay (text and bytea), quote_literal, quote_nullable (the one non-strict
 * function here: NULL becomes the text `NULL`), bit_length, encode and decode.
 */
import { DbError, formatText, type SqlType, type Value } from '@rustydb/common';
import { decodeText, encodeBytes } from './bytea-encoding.js';
import { codePointArray } from './code-points.js';
import type { Impl } from './date-time-functions.js';
import type { Runtime } from './runtime.js';

/** quote_literal: E'…' when the text holds a backslash. */
export function quoteLiteral(s: string): string {
  const body = s.replaceAll("'", "''");
  return s.includes('\\') ? `E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

const str = (v: Value) => v as string;
const num = (v: Value) => v as number;
const bytes = (v: Value) => v as Uint8Array;

/** translate(s, from, to): each character of `from` becomes the one at its place in `to`, or goes. */
function translate(s: string, from: string, to: string): string {
  const source = codePointArray(from);
  const target = codePointArray(to);
  const map = new Map<string, string>();
  source.forEach((c, i) => {
    if (!map.has(c)) map.set(c, target[i] ?? '');
  });
  let out = '';
  for (const c of s) out += map.get(c) ?? c;
  return out;
}

/**
 * overlay(s PLACING r FROM start [FOR count]) over a sequence (characters or bytes):
 * s[1, start) || r || s[start + count, end]. 22011 for a start below 1, as PostgreSQL's
 * substring with a negative length.
 */
function overlay<T extends { slice(a: number, b?: number): T; length: number }>(
  s: T,
  r: T,
  start: number,
  count: number,
  concat: (parts: T[]) => T,
): T {
  if (start < 1) throw new DbError('22011', 'negative substring length not allowed');
  const rest = start + count;
  if (rest > 2147483647 || rest < -2147483648) throw new DbError('22003', 'integer out of range');
  return concat([s.slice(0, start - 1), r, s.slice(Math.max(rest - 1, 0))]);
}

function overlayText(argTypes: readonly SqlType[]): Impl {
  const join = (parts: string[][]) => parts.flat();
  return ([s, r, start, count]) => {
    const cs = codePointArray(str(s));
    const cr = codePointArray(str(r));
    const n = argTypes.length > 3 ? num(count) : cr.length;
    return overlay(cs, cr, num(start), n, join).join('');
  };
}

function overlayBytea(argTypes: readonly SqlType[]): Impl {
  return ([s, r, start, count]) => {
    const n = argTypes.length > 3 ? num(count) : bytes(r).length;
    return overlay(bytes(s), bytes(r), num(start), n, (parts) => Buffer.concat(parts));
  };
}

/**
 * The text of a quote_literal / quote_nullable argument of any type: its cast to text, which is
 * the output function's text except for boolean (`true`, not `t`).
 */
function textOf(v: Value, t: SqlType, rt: Runtime): string {
  if (typeof v === 'string') return v;
  return typeof v === 'boolean' ? String(v) : formatText(v, t, rt.zone, 1, rt.style);
}

/** quote_nullable: not strict (NULL gives `NULL`). */
export function quoteNullable(argTypes: readonly SqlType[], rt: Runtime): Impl {
  return ([v]) => (v === null ? 'NULL' : quoteLiteral(textOf(v, argTypes[0], rt)));
}

/** The strict functions of this file, or undefined when `name` is not one. */
export function stringFunction(name: string, argTypes: readonly SqlType[], rt: Runtime): Impl | undefined {
  switch (name) {
    case 'translate':
      return ([s, from, to]) => translate(str(s), str(from), str(to));
    case 'overlay':
      return argTypes[0].name === 'bytea' ? overlayBytea(argTypes) : overlayText(argTypes);
    case 'quote_literal':
      return ([v]) => quoteLiteral(textOf(v, argTypes[0], rt));
    case 'bit_length':
      return argTypes[0].name === 'bytea'
        ? ([v]) => bytes(v).length * 8
        : ([v]) => Buffer.byteLength(str(v), 'utf8') * 8;
    case 'encode':
      return ([b, f]) => encodeBytes(bytes(b), str(f));
    case 'decode':
      return ([t, f]) => decodeText(str(t), str(f));
    default:
      return undefined;
  }
}
