/**
 * The flags string of PostgreSQL's regexp_* functions (parse_re_flags) and the compiled
 * RegExp for a (pattern, flags) pair.
 *
 * Flags, later ones overriding earlier: `g` all matches (only where the function allows it),
 * `i` / `c` case-insensitive / sensitive, `n` or `m` newline-sensitive (`.` stops at a newline,
 * `^` `$` match at line boundaries), `p` (only `.` stops), `w` (only `^` `$` see lines), `s`
 * not newline-sensitive (the default), `q` the pattern is a literal, `x` expanded syntax
 * (white space and `#` comments ignored), `b` / `e` / `t` accepted and read as ARE.
 *
 * NB: in the newline-sensitive modes a negated bracket (`[^a]`) still matches a newline, where
 * PostgreSQL's does not.
 *
 * Compiled patterns are cached in a small table shared by every call site, as PostgreSQL's
 * RE_compile_and_cache does, so a constant pattern (or a few alternating ones) compiles once
 * rather than per row. Every RegExp carries the `g` flag: callers pass the position to `exec`
 * and run it synchronously, so sharing one between call sites is safe.
 */
import { DbError } from '@rustydb/common';
import type { GuardedRegExp } from './guarded-regexp.js';
import { compilePosixRegExp } from './posix-regex.js';

export interface CompiledRegexp {
  readonly re: GuardedRegExp;
  /** The `g` flag was given. */
  readonly global: boolean;
  /** How many parenthesized subexpressions the pattern has. */
  readonly groups: number;
}

const CACHE_LIMIT = 64;
const cache = new Map<string, Map<string, CompiledRegexp>>();
let cached = 0;

/**
 * The compiled `pattern` under `flags` for function `fn`. Throws 22023 for an unknown flag or
 * for `g` where `allowGlobal` is false, 2201B for an invalid pattern.
 */
export function compileRegexp(
  pattern: string,
  flags: string,
  fn: string,
  allowGlobal: boolean,
  withIndices = false,
): CompiledRegexp {
  // regexp_instr's RegExps also report where each subexpression matched (the `d` flag).
  const key = withIndices ? `${flags}\u0000d` : flags;
  let byPattern = cache.get(key);
  const hit = byPattern?.get(pattern);
  if (hit) {
    if (hit.global && !allowGlobal) noGlobal(fn);
    return hit;
  }
  const compiled = compile(pattern, flags, withIndices);
  if (compiled.global && !allowGlobal) noGlobal(fn);
  if (cached >= CACHE_LIMIT) {
    cache.clear();
    cached = 0;
    byPattern = undefined;
  }
  if (!byPattern) {
    byPattern = new Map();
    cache.set(key, byPattern);
  }
  byPattern.set(pattern, compiled);
  cached++;
  return compiled;
}

function noGlobal(fn: string): never {
  throw new DbError(
    '22023',
    `${fn}() does not support the "global" option`,
    fn === 'regexp_match' ? { hint: 'Use the regexp_matches function instead.' } : {},
  );
}

function compile(pattern: string, flags: string, withIndices: boolean): CompiledRegexp {
  let global = false;
  let icase = false;
  let dotStops = false;
  let lineAnchors = false;
  let literal = false;
  let expanded = false;
  for (const f of flags) {
    switch (f) {
      case 'g':
        global = true;
        break;
      case 'i':
      case 'c':
        icase = f === 'i';
        break;
      case 'n':
      case 'm':
        dotStops = lineAnchors = true;
        break;
      case 'p':
        dotStops = true;
        lineAnchors = false;
        break;
      case 'w':
        dotStops = false;
        lineAnchors = true;
        break;
      case 's':
        dotStops = lineAnchors = false;
        break;
      case 'q':
        literal = true;
        break;
      case 'x':
        expanded = true;
        break;
      case 'b':
      case 'e':
      case 't':
        break;
      default:
        throw new DbError('22023', `invalid regular expression option: "${f}"`);
    }
  }
  const source = literal ? `***=${pattern}` : expanded ? stripExpanded(pattern) : pattern;
  const js = `g${withIndices ? 'd' : ''}${dotStops ? '' : 's'}${lineAnchors ? 'm' : ''}`;
  const re = compilePosixRegExp(source, js, icase);
  return { re, global, groups: countGroups(re) };
}

/** Expanded syntax: drops white space and `#…` comments outside brackets (`\ ` stays). */
function stripExpanded(pattern: string): string {
  let out = '';
  let inBracket = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      out += ch + pattern[++i];
    } else if (inBracket) {
      if (ch === ']') inBracket = false;
      out += ch;
    } else if (ch === '[') {
      inBracket = true;
      out += ch;
      if (pattern[i + 1] === ']') out += pattern[++i];
    } else if (ch === '#') {
      while (i < pattern.length && pattern[i] !== '\n') i++;
    } else if (!/\s/.test(ch)) out += ch;
  }
  return out;
}

/** The number of capturing groups: an empty-string match reports one slot per group. */
function countGroups(re: GuardedRegExp): number {
  const { source, flags } = re.faithful;
  return new RegExp(`${source}|`, flags.replace(/[gd]/g, '')).exec('')!.length - 1;
}
