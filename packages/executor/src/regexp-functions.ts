/**
 * PostgreSQL's regexp_* functions over POSIX (ARE) patterns translated by posix-regex.ts:
 * regexp_replace, regexp_match, regexp_split_to_array, regexp_like, regexp_count, regexp_instr,
 * regexp_substr, and the rows of the set-returning regexp_matches and regexp_split_to_table.
 *
 * Positions (start, the result of regexp_instr) count characters, not UTF-16 units. Searching
 * follows PostgreSQL's loop: after an empty match the next search starts one character on, so
 * `regexp_count('aaa', '')` is 4. Splitting ignores empty matches at either end of the string or
 * right after the previous match (`regexp_split_to_array('abc', '')` is {a,b,c}).
 */
import {
  codePointLength,
  codePointOffset,
  codePointWidth,
  DbError,
  pushBounded,
  SqlArray,
  type SqlType,
  type Value,
} from '@rustydb/common';
import type { Impl } from './date-time-functions.js';
import type { MatchInterrupts } from './guarded-regexp.js';
import { type CompiledRegexp, compileRegexp } from './regexp-flags.js';
import type { Runtime } from './runtime.js';

const str = (v: Value) => v as string;
const num = (v: Value) => v as number;

function checkParam(name: string, value: number, ok: boolean): void {
  if (!ok) throw new DbError('22023', `invalid value for parameter "${name}": ${value}`);
}

/**
 * The UTF-16 index of the character at 0-based position `chars`; past the end, s.length plus
 * the characters missing (where no search finds anything).
 */
function unitIndex(s: string, chars: number): number {
  const i = codePointOffset(s, chars);
  return i < s.length ? i : s.length + Math.max(chars - codePointLength(s), 0);
}

/**
 * The match at or after UTF-16 index `from`, or null. `ic`: the statement's interrupt check,
 * run before a time-limited match (guarded-regexp.ts).
 */
function matchFrom(c: CompiledRegexp, s: string, from: number, ic?: MatchInterrupts): RegExpExecArray | null {
  if (from > s.length) return null;
  return c.re.exec(s, from, ic);
}

/** Where the search after match `m` starts: its end, or one character on for an empty match. */
function after(s: string, m: RegExpExecArray): number {
  const end = m.index + m[0].length;
  return m[0].length > 0 ? end : end + codePointWidth(s, end);
}

/** The `n`th (1-based) match at or after `from`, or null. */
function nthMatch(
  c: CompiledRegexp,
  s: string,
  from: number,
  n: number,
  ic: MatchInterrupts | undefined,
): RegExpExecArray | null {
  let m = matchFrom(c, s, from, ic);
  for (let k = 1; m !== null && k < n; k++) m = matchFrom(c, s, after(s, m), ic);
  return m;
}

/** regexp_match's array: the subexpressions' matches (NULL where one took no part), or the match. */
function matchArray(m: RegExpExecArray): SqlArray {
  if (m.length === 1) return SqlArray.of([m[0]]);
  return SqlArray.of(m.slice(1).map((g) => g ?? null));
}

/** The replacement text for match `m`: `\1`…`\9` its subexpressions, `\&` all of it, `\\` a backslash. */
function expand(repl: string, m: RegExpExecArray): string {
  if (!repl.includes('\\')) return repl;
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i];
    const next = repl[i + 1];
    if (ch !== '\\' || next === undefined) out += ch;
    else if (next >= '1' && next <= '9') {
      out += m[next.charCodeAt(0) - 48] ?? '';
      i++;
    } else if (next === '&') {
      out += m[0];
      i++;
    } else if (next === '\\') {
      out += '\\';
      i++;
    } else out += ch;
  }
  return out;
}

/** Replaces the `n`th match at or after `from` (every one when `n` is 0). */
function replace(
  c: CompiledRegexp,
  s: string,
  repl: string,
  from: number,
  n: number,
  ic: MatchInterrupts | undefined,
): string {
  let out = '';
  let copied = 0;
  let count = 0;
  for (let m = matchFrom(c, s, from, ic); m !== null; m = matchFrom(c, s, after(s, m), ic)) {
    count++;
    if (n === 0 || count === n) {
      out += s.slice(copied, m.index) + expand(repl, m);
      copied = m.index + m[0].length;
      if (n !== 0) break;
    }
  }
  return copied === 0 && count === 0 ? s : out + s.slice(copied);
}

/** The pieces between the non-degenerate matches (regexp_split_to_array / _table). */
function split(c: CompiledRegexp, s: string, ic?: MatchInterrupts): string[] {
  const pieces: string[] = [];
  let prevEnd = 0;
  for (let m = matchFrom(c, s, 0, ic); m !== null; m = matchFrom(c, s, after(s, m), ic)) {
    const end = m.index + m[0].length;
    if (m.index < s.length && end > prevEnd) {
      pushBounded(pieces, s.slice(prevEnd, m.index));
      prevEnd = end;
    }
  }
  pushBounded(pieces, s.slice(prevEnd));
  return pieces;
}

function count(c: CompiledRegexp, s: string, from: number, ic: MatchInterrupts | undefined): number {
  let n = 0;
  for (let m = matchFrom(c, s, from, ic); m !== null; m = matchFrom(c, s, after(s, m), ic)) n++;
  return n;
}

/** regexp_replace: (src, pattern, repl [, flags]) or (src, pattern, repl, start [, N [, flags]]). */
function regexpReplace(argTypes: readonly SqlType[], rt: Runtime | undefined): Impl {
  if (argTypes.length === 4 && argTypes[3].name === 'text') {
    return ([s, p, r, f]) => {
      const c = compileRegexp(str(p), str(f), 'regexp_replace', true);
      return replace(c, str(s), str(r), 0, c.global ? 0 : 1, rt?.ctx);
    };
  }
  return ([s, p, r, start, n, f]) => {
    const from = argTypes.length > 3 ? num(start) : 1;
    checkParam('start', from, from > 0);
    const which = argTypes.length > 4 ? num(n) : 1;
    checkParam('n', which, which >= 0);
    const c = compileRegexp(str(p), argTypes.length > 5 ? str(f) : '', 'regexp_replace', true);
    return replace(c, str(s), str(r), unitIndex(str(s), from - 1), c.global ? 0 : which, rt?.ctx);
  };
}

/** regexp_instr(s, pattern [, start [, N [, endoption [, flags [, subexpr]]]]]). */
function regexpInstr(n: number, rt: Runtime | undefined): Impl {
  return ([s, p, start, nth, endOption, f, sub]) => {
    const from = n > 2 ? num(start) : 1;
    checkParam('start', from, from > 0);
    const which = n > 3 ? num(nth) : 1;
    checkParam('n', which, which > 0);
    const end = n > 4 ? num(endOption) : 0;
    checkParam('endoption', end, end === 0 || end === 1);
    const group = n > 6 ? num(sub) : 0;
    checkParam('subexpr', group, group >= 0);
    // Only a subexpression's position needs the `d` flag, which keeps V8 off its linear engine.
    const c = compileRegexp(str(p), n > 5 ? str(f) : '', 'regexp_instr', false, group > 0);
    const m = nthMatch(c, str(s), unitIndex(str(s), from - 1), which, rt?.ctx);
    const span = group > c.groups || !m ? undefined : group === 0 ? wholeSpan(m) : m.indices?.[group];
    if (!span) return 0;
    return codePointLength(str(s), span[end]) + 1;
  };
}

const wholeSpan = (m: RegExpExecArray): [number, number] => [m.index, m.index + m[0].length];

/** regexp_substr(s, pattern [, start [, N [, flags [, subexpr]]]]). */
function regexpSubstr(n: number, rt: Runtime | undefined): Impl {
  return ([s, p, start, nth, f, sub]) => {
    const from = n > 2 ? num(start) : 1;
    checkParam('start', from, from > 0);
    const which = n > 3 ? num(nth) : 1;
    checkParam('n', which, which > 0);
    const group = n > 5 ? num(sub) : 0;
    checkParam('subexpr', group, group >= 0);
    const c = compileRegexp(str(p), n > 4 ? str(f) : '', 'regexp_substr', false);
    const m = nthMatch(c, str(s), unitIndex(str(s), from - 1), which, rt?.ctx);
    if (!m || group > c.groups) return null;
    return m[group] ?? null;
  };
}

/**
 * The strict regexp_* scalar functions, or undefined when `name` is not one. `rt` gives the
 * interrupt check slow matches run first.
 */
export function regexpFunction(name: string, argTypes: readonly SqlType[], rt?: Runtime): Impl | undefined {
  const n = argTypes.length;
  const flags = (args: readonly Value[], at: number) => (n > at ? str(args[at]) : '');
  switch (name) {
    case 'regexp_replace':
      return regexpReplace(argTypes, rt);
    case 'regexp_match':
      return (args) => {
        const m = matchFrom(
          compileRegexp(str(args[1]), flags(args, 2), name, false),
          str(args[0]),
          0,
          rt?.ctx,
        );
        return m === null ? null : matchArray(m);
      };
    case 'regexp_split_to_array':
      return (args) =>
        SqlArray.of(split(compileRegexp(str(args[1]), flags(args, 2), name, false), str(args[0]), rt?.ctx));
    case 'regexp_like':
      return (args) =>
        matchFrom(compileRegexp(str(args[1]), flags(args, 2), name, false), str(args[0]), 0, rt?.ctx) !==
        null;
    case 'regexp_count':
      return ([s, p, start, f]) => {
        const from = n > 2 ? num(start) : 1;
        checkParam('start', from, from > 0);
        const c = compileRegexp(str(p), n > 3 ? str(f) : '', name, false);
        return count(c, str(s), unitIndex(str(s), from - 1), rt?.ctx);
      };
    case 'regexp_instr':
      return regexpInstr(n, rt);
    case 'regexp_substr':
      return regexpSubstr(n, rt);
    default:
      return undefined;
  }
}

/** Is `fn` one of the set-returning regexp functions (regexpRows)? */
export const isRegexpSetReturning = (fn: string): boolean =>
  fn === 'regexp_matches' || fn === 'regexp_split_to_table';

/** The rows of regexp_matches / regexp_split_to_table for non-NULL arguments (s, pattern [, flags]). */
export function regexpRows(fn: string, args: readonly Value[]): Value[][] {
  const flags = args.length > 2 ? str(args[2]) : '';
  const s = str(args[0]);
  if (fn === 'regexp_split_to_table') {
    return split(compileRegexp(str(args[1]), flags, fn, false), s).map((piece) => [piece]);
  }
  const c = compileRegexp(str(args[1]), flags, fn, true);
  const rows: Value[][] = [];
  for (let m = matchFrom(c, s, 0); m !== null; m = c.global ? matchFrom(c, s, after(s, m)) : null) {
    pushBounded(rows, [matchArray(m)]);
  }
  return rows;
}
