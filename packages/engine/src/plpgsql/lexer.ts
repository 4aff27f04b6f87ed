/**
 * The PL/pgSQL lexer: the body of a DO block as tokens, each with its place in the text, so the
 * parser can hand the SQL between tokens to the SQL parser as text (PostgreSQL's plpgsql reads
 * SQL the same way: with the core scanner, then passes the text on).
 *
 * It only has to tell words, numbers, strings and punctuation apart and skip comments: quoting
 * rules are the core scanner's (`'…'` with `''`, `E'…'` with backslashes, `$tag$…$tag$`,
 * `"…"` identifiers, `--` and nested `/* … *\/` comments).
 */
import { DbError } from '@rustydb/common';

export type TokenType = 'word' | 'qword' | 'number' | 'string' | 'param' | 'op';

/** One token: `value` is the word case-folded (or unquoted), else the text itself. */
export interface Token {
  readonly type: TokenType;
  readonly value: string;
  /** Offsets of the token in the body: `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the body where the token starts. */
  readonly line: number;
}

/** Punctuation PL/pgSQL itself reads; other operator characters run together as one token. */
const TWO_CHAR = new Set([':=', '..', '<<', '>>', '::']);
const SINGLE = new Set([';', '(', ')', ',', '.', '[', ']']);
const OP_CHARS = '+-*/<>=~!@#%^&|`?:';

/** Splits `body` into tokens. Sync. @throws DbError 42601 for an unterminated string or comment. */
export function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  const n = body.length;
  const push = (type: TokenType, value: string, start: number, end: number, startLine: number) =>
    tokens.push({ type, value, start, end, line: startLine });
  while (i < n) {
    const c = body[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && body[i + 1] === '-') {
      while (i < n && body[i] !== '\n') i++;
    } else if (c === '/' && body[i + 1] === '*') {
      const end = skipBlockComment(body, i);
      line += countLines(body, i, end);
      i = end;
    } else if (c === "'" || ((c === 'E' || c === 'e') && body[i + 1] === "'")) {
      const start = i;
      const end = skipQuoted(body, c === "'" ? i : i + 1, "'", c !== "'");
      push('string', body.slice(start, end), start, end, line);
      line += countLines(body, start, end);
      i = end;
    } else if (c === '"') {
      const end = skipQuoted(body, i, '"', false);
      push('qword', body.slice(i + 1, end - 1).replaceAll('""', '"'), i, end, line);
      i = end;
    } else if (c === '$' && isDigit(body[i + 1])) {
      let end = i + 1;
      while (isDigit(body[end])) end++;
      push('param', body.slice(i, end), i, end, line);
      i = end;
    } else if (c === '$') {
      const end = skipDollarQuoted(body, i);
      if (end < 0) {
        push('op', '$', i, i + 1, line);
        i++;
        continue;
      }
      push('string', body.slice(i, end), i, end, line);
      line += countLines(body, i, end);
      i = end;
    } else if (isDigit(c) || (c === '.' && isDigit(body[i + 1]))) {
      let end = i;
      while (end < n && (isDigit(body[end]) || /[.eE]/.test(body[end]!))) {
        // `1..10`: the range operator ends the number.
        if (body[end] === '.' && body[end + 1] === '.') break;
        end++;
      }
      push('number', body.slice(i, end), i, end, line);
      i = end;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordPart(body[end]!)) end++;
      push('word', body.slice(i, end).toLowerCase(), i, end, line);
      i = end;
    } else if (TWO_CHAR.has(body.slice(i, i + 2))) {
      push('op', body.slice(i, i + 2), i, i + 2, line);
      i += 2;
    } else if (SINGLE.has(c)) {
      push('op', c, i, i + 1, line);
      i++;
    } else if (OP_CHARS.includes(c)) {
      let end = i + 1;
      while (end < n && OP_CHARS.includes(body[end]!) && !TWO_CHAR.has(body.slice(end, end + 2))) end++;
      push('op', body.slice(i, end), i, end, line);
      i = end;
    } else {
      throw new DbError('42601', `syntax error at or near "${c}"`);
    }
  }
  return tokens;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isWordStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isWordPart = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

function countLines(s: string, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 10) lines++;
  return lines;
}

/** The end of a quoted run starting at `i` (`quote` doubled inside; backslashes escape if asked). */
function skipQuoted(s: string, i: number, quote: string, backslash: boolean): number {
  let j = i + 1;
  while (j < s.length) {
    const c = s[j]!;
    if (backslash && c === '\\') j += 2;
    else if (c === quote && s[j + 1] === quote) j += 2;
    else if (c === quote) return j + 1;
    else j++;
  }
  throw new DbError('42601', quote === '"' ? 'unterminated quoted identifier' : 'unterminated quoted string');
}

/** The end of `$tag$…$tag$` starting at `i`, or -1 when `$` does not open a dollar quote. */
function skipDollarQuoted(s: string, i: number): number {
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(s.slice(i));
  if (m === null) return -1;
  const tag = m[0];
  const close = s.indexOf(tag, i + tag.length);
  if (close < 0) throw new DbError('42601', 'unterminated dollar-quoted string');
  return close + tag.length;
}

function skipBlockComment(s: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < s.length) {
    if (s[j] === '/' && s[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (s[j] === '*' && s[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  throw new DbError('42601', 'unterminated /* comment');
}
