/**
 * PostgreSQL's regular expressions (ARE, POSIX with Tcl/Spencer extensions) translated to a
 * JavaScript RegExp, and the regular-expression form of substring (textregexsubstr).
 *
 * The translation keeps what differs in syntax: `.` matches a newline (PostgreSQL is not
 * newline-sensitive by default, hence the `s` flag), `^`/`$` anchor the whole string, `\A`/`\Z`,
 * the word anchors `\m`, `\M`, `\y`, `\Y`, POSIX classes `[[:alpha:]]` (ASCII only, as in the C
 * locale), a backslash before a non-alphanumeric character quoting it, and the `***=` prefix
 * (the rest is a literal).
 *
 * NB: JavaScript picks the first alternative that matches where POSIX prefers the longest, so
 * an alternation whose branches are prefixes of one another can match less than PostgreSQL's.
 */
import { DbError } from '@rustydb/common';
import { GuardedRegExp } from './guarded-regexp.js';
import type { Runtime } from './runtime.js';

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9a-fA-F',
  word: 'a-zA-Z0-9_',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
};

const SYNTAX = '^$\\.*+?()[]{}|/';

function quoteChar(ch: string, inBracket: boolean): string {
  if (SYNTAX.includes(ch) || (inBracket && ch === '-')) return `\\${ch}`;
  return ch;
}

/** The RegExp source for a PostgreSQL (ARE) pattern. Throws 2201B for an unknown class name. */
export function posixToRegExpSource(pattern: string): string {
  if (pattern.startsWith('***=')) {
    return Array.from(pattern.slice(4), (c) => quoteChar(c, false)).join('');
  }
  const chars = Array.from(pattern);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i];
      switch (next) {
        case 'A':
          out += '^';
          break;
        case 'Z':
          out += '$';
          break;
        case 'm':
          out += '\\b(?=\\w)';
          break;
        case 'M':
          out += '\\b(?<=\\w)';
          break;
        case 'y':
          out += '\\b';
          break;
        case 'Y':
          out += '\\B';
          break;
        default:
          out += /[A-Za-z0-9]/.test(next) ? `\\${next}` : quoteChar(next, false);
      }
    } else if (ch === '[') {
      i = bracket(chars, i, (s) => {
        out += s;
      });
    } else out += ch;
  }
  return out;
}

/** Translates the bracket expression starting at chars[start]; returns the index of its `]`. */
function bracket(chars: string[], start: number, emit: (s: string) => void): number {
  let out = '[';
  let i = start + 1;
  if (chars[i] === '^') {
    out += '^';
    i++;
  }
  // A `]` first in the list is a literal.
  if (chars[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === ']') {
      emit(`${out}]`);
      return i;
    }
    if (ch === '[' && (chars[i + 1] === ':' || chars[i + 1] === '.' || chars[i + 1] === '=')) {
      const kind = chars[i + 1];
      const end = chars.indexOf(kind, i + 2);
      if (end < 0 || chars[end + 1] !== ']')
        throw new DbError('2201B', 'invalid regular expression: brackets [] not balanced');
      const name = chars.slice(i + 2, end).join('');
      if (kind === ':') {
        const cls = CLASSES[name];
        if (cls === undefined)
          throw new DbError('2201B', 'invalid regular expression: invalid character class');
        out += cls;
      } else out += Array.from(name, (c) => quoteChar(c, true)).join('');
      i = end + 1;
    } else if (ch === '\\' && i + 1 < chars.length) {
      const next = chars[++i];
      out += /[A-Za-z0-9]/.test(next) ? `\\${next}` : quoteChar(next, true);
    } else if (ch === '[' || ch === '/') out += `\\${ch}`;
    else out += ch;
  }
  throw new DbError('2201B', 'invalid regular expression: brackets [] not balanced');
}

/**
 * Compiles a PostgreSQL pattern with JavaScript `flags` other than `u` and `i` (`s` for
 * PostgreSQL's default of `.` matching a newline), case-insensitive when `ignoreCase`. Throws
 * 2201B when it is not a valid regular expression.
 */
export function compilePosixRegExp(pattern: string, flags = 's', ignoreCase = false): GuardedRegExp {
  return guardedRegExp(posixToRegExpSource(pattern), flags, ignoreCase);
}

/** A GuardedRegExp for a translated source; 2201B when JavaScript rejects it. */
export function guardedRegExp(source: string, flags: string, ignoreCase: boolean): GuardedRegExp {
  try {
    return new GuardedRegExp(source, flags, ignoreCase);
  } catch (err) {
    if (err instanceof DbError) throw err;
    throw new DbError('2201B', `invalid regular expression: ${(err as Error).message}`);
  }
}

/**
 * substring(text FROM pattern) for one call site: the first parenthesized subexpression's match
 * when the pattern has one (NULL when that group took no part), else the whole match; NULL when
 * nothing matches. The last pattern's RegExp is kept, so a constant pattern compiles once.
 * `rt` gives the interrupt check a time-limited match runs first.
 */
export function regexSubstring(rt?: Runtime): (s: string, pattern: string) => string | null {
  let lastPattern: string | undefined;
  let re: GuardedRegExp | undefined;
  return (s, pattern) => {
    if (re === undefined || pattern !== lastPattern) {
      re = compilePosixRegExp(pattern);
      lastPattern = pattern;
    }
    const m = re.exec(s, 0, rt?.ctx);
    if (m === null) return null;
    return m.length > 1 ? (m[1] ?? null) : m[0];
  };
}
