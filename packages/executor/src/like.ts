/**
 * LIKE / ILIKE: the pattern (`%` any string, `_` one character, the escape character — `\` by
 * default — quoting the next one) compiled to an anchored RegExp. The last pattern's RegExp is
 * kept, so a constant pattern compiles once per plan, not per row.
 *
 * SIMILAR TO: PostgreSQL's similar_to_escape: `%` and `_` as in LIKE, `|`, `*`, `+`, `?`,
 * `{m,n}`, `(…)` and bracket expressions as in POSIX regular expressions, `.`, `^` and `$`
 * literal, and the whole pattern must match the whole string.
 */
import { DbError, type SqlArray, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import type { GuardedRegExp } from './guarded-regexp.js';
import { guardedRegExp } from './posix-regex.js';
import type { Runtime } from './runtime.js';

/** Translates a LIKE pattern to a RegExp source. Throws 22019 for a bad escape string. */
export function likeToRegExpSource(pattern: string, escapeChar: string | null): string {
  let out = '^';
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (escapeChar !== null && ch === escapeChar) {
      i++;
      // A trailing escape character matches nothing more (PostgreSQL's result is false too).
      if (i >= chars.length) return '(?!)';
      out += quote(chars[i]);
    } else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else out += quote(ch);
  }
  return `${out}$`;
}

/**
 * `ch` as a literal in a RegExp. `-` is quoted only in a bracket: outside one `\-` is an
 * invalid escape under the `u` flag (LIKE 'a-b' failed with 2201B).
 */
const quote = (ch: string, inBracket = false): string =>
  inBracket && ch === '-' ? '\\-' : ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Translates a SIMILAR TO pattern to a RegExp source. */
export function similarToRegExpSource(pattern: string, escapeChar: string | null): string {
  let out = '^(?:';
  let inBracket = false;
  const chars = Array.from(pattern);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (escapeChar !== null && ch === escapeChar) {
      i++;
      if (i >= chars.length) {
        throw new DbError('2201B', 'invalid regular expression: SIMILAR TO pattern ends with an escape');
      }
      out += quote(chars[i], inBracket);
    } else if (inBracket) {
      if (ch === ']') inBracket = false;
      out += ch === '\\' ? '\\\\' : ch;
    } else if (ch === '[') {
      inBracket = true;
      out += ch;
    } else if (ch === '%') out += '.*';
    else if (ch === '_') out += '.';
    else if (ch === '.' || ch === '^' || ch === '$' || ch === '\\' || ch === '/') out += `\\${ch}`;
    else out += ch;
  }
  return `${out})$`;
}

/** Compiles `arg [NOT] [I]LIKE pattern [ESCAPE escape]`. */
export function compileLike(
  arg: CompiledExpr,
  pattern: CompiledExpr,
  escapeExpr: CompiledExpr | undefined,
  caseInsensitive: boolean,
  negated: boolean,
  similar: boolean,
  rt: Runtime,
): CompiledExpr {
  const translate = similar ? similarToRegExpSource : likeToRegExpSource;
  let lastPattern: string | undefined;
  let lastEscape: string | null | undefined;
  let re: GuardedRegExp | undefined;
  return (row) => {
    const s = arg(row);
    if (s === null) return null;
    const p = pattern(row);
    if (p === null) return null;
    let esc: string | null = '\\';
    if (escapeExpr) {
      const e: Value = escapeExpr(row);
      if (e === null) return null;
      const es = e as string;
      if (Array.from(es).length > 1) {
        throw new DbError('22025', 'invalid escape string', {
          hint: 'Escape string must be empty or one character.',
        });
      }
      esc = es === '' ? null : es;
    }
    if (re === undefined || p !== lastPattern || esc !== lastEscape) {
      re = guardedRegExp(translate(p as string, esc), 's', caseInsensitive);
      lastPattern = p as string;
      lastEscape = esc;
    }
    return re.test(s as string, rt.ctx) !== negated;
  };
}

/** Patterns a quantified LIKE keeps compiled (a literal array's are all kept). */
const QUANTIFIED_CACHE = 256;

/**
 * `x [NOT] [I]LIKE ANY | ALL (patterns)` (`op` as the parser names it: `~~`, `~~*`, `!~~`,
 * `!~~*`), over `[x, patterns]`: ANY is true at the first match, ALL false at the first
 * mismatch; an empty array is false (ANY) or true (ALL); a NULL pattern, a NULL `x` or a NULL
 * array make an undecided result NULL, as for `= ANY`.
 */
export function quantifiedLike(op: string, all: boolean, rt: Runtime): (args: readonly Value[]) => Value {
  const negated = op.startsWith('!');
  const caseInsensitive = op.endsWith('*');
  const compiled = new Map<string, GuardedRegExp>();
  const regExp = (p: string): GuardedRegExp => {
    let re = compiled.get(p);
    if (re === undefined) {
      if (compiled.size >= QUANTIFIED_CACHE) compiled.clear();
      re = guardedRegExp(likeToRegExpSource(p, '\\'), 's', caseInsensitive);
      compiled.set(p, re);
    }
    return re;
  };
  return ([x, a]) => {
    if (a === null) return null;
    const patterns = (a as SqlArray).elements;
    if (patterns.length === 0) return all;
    if (x === null) return null;
    let sawNull = false;
    for (const p of patterns) {
      if (p === null) {
        sawNull = true;
        continue;
      }
      const r = regExp(p as string).test(x as string, rt.ctx) !== negated;
      if (r !== all) return r;
    }
    return sawNull ? null : all;
  };
}
