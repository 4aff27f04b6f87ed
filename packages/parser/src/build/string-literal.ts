/**
 * Decoding string tokens into their values.
 *
 * One STRING/ESTRING/USTRING token may hold several quoted pieces separated by whitespace with a
 * newline (SQL's continuation: `'foo'\n'bar'` is 'foobar'); the lexer has already checked the
 * shape, so here we only walk the pieces. Escapes:
 *   '…'    ''  → '
 *   E'…'   ''  → ',  \b \f \n \r \t, \ooo (octal byte), \xhh (hex byte), \uXXXX, \UXXXXXXXX,
 *          any other \c → c. Bytes from octal/hex escapes must form valid UTF-8.
 *   U&'…'  ''  → ', then \XXXX, \+XXXXXX (or the UESCAPE character instead of \)
 *   $tag$…$tag$   verbatim
 */
import { DbError } from '@rustydb/common';
import type { Token } from 'antlr4ng';
import { PostgreSqlLexer } from '../generated/PostgreSqlLexer.js';
import type { SconstContext } from '../generated/PostgreSqlParser.js';
import { decodeUnicodeEscapes, uescapeChar } from './names.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** The value of an `sconst` rule. */
export function stringValue(ctx: SconstContext): string {
  const token = ctx.start!;
  const text = token.text!;
  switch (token.type) {
    case PostgreSqlLexer.STRING:
      return joinPieces(text, 0, false, undoubleQuotes);
    case PostgreSqlLexer.ESTRING:
      return joinPieces(text, 1, true, (body) => decodeBackslashEscapes(body, token));
    case PostgreSqlLexer.USTRING: {
      const escapeToken = ctx.STRING();
      const escapeChar = escapeToken ? uescapeChar(escapeToken.symbol) : '\\';
      return decodeUnicodeEscapes(joinPieces(text, 2, false, undoubleQuotes), escapeChar, token);
    }
    default: {
      // DOLLAR_STRING: strip the opening and closing tag.
      const tagEnd = text.indexOf('$', 1) + 1;
      return text.slice(tagEnd, text.length - tagEnd);
    }
  }
}

const undoubleQuotes = (body: string): string => (body.includes("''") ? body.replaceAll("''", "'") : body);

/**
 * Concatenates the decoded pieces of a (possibly continued) quoted string whose first quote is at
 * `start`. `decode` turns one piece's raw body (between its quotes, `''` still doubled) into text.
 * With `backslashEscapes`, `\'` inside a piece does not close it.
 */
function joinPieces(
  text: string,
  start: number,
  backslashEscapes: boolean,
  decode: (body: string) => string,
): string {
  let out = '';
  let i = start;
  for (;;) {
    // text[i] is an opening quote; find the matching close, stepping over doubled quotes and,
    // for E strings, backslash escapes (\' does not close).
    let j = i + 1;
    for (;;) {
      const c = text.charCodeAt(j);
      if (c === 0x5c && backslashEscapes) j += 2;
      else if (c === 0x27 && text.charCodeAt(j + 1) === 0x27) j += 2;
      else if (c === 0x27) break;
      else j++;
    }
    out += decode(text.slice(i + 1, j));
    i = nextPiece(text, j + 1);
    if (i < 0) return out;
  }
}

/** Index of the next piece's opening quote after whitespace and `--` comments, or -1. */
function nextPiece(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c === "'") return i;
    if (c === '-') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) + 1;
    else i++;
  }
  return -1;
}

/** E'…' escapes. Works on bytes so `\xc3\xa9` decodes to é as in PostgreSQL. */
function decodeBackslashEscapes(body: string, token: Token): string {
  if (!body.includes('\\') && !body.includes("''")) return body;
  const bytes: number[] = [];
  const push = (s: string): void => {
    for (const b of encoder.encode(s)) bytes.push(b);
  };
  let i = 0;
  while (i < body.length) {
    const ch = body[i];
    if (ch === "'") {
      bytes.push(0x27);
      i += 2;
      continue;
    }
    if (ch !== '\\') {
      const cp = body.codePointAt(i)!;
      push(String.fromCodePoint(cp));
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = body[i + 1];
    i += 2;
    switch (next) {
      case 'b':
        bytes.push(8);
        break;
      case 'f':
        bytes.push(12);
        break;
      case 'n':
        bytes.push(10);
        break;
      case 'r':
        bytes.push(13);
        break;
      case 't':
        bytes.push(9);
        break;
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i, i + 2));
        if (!m) {
          bytes.push(0x78);
          break;
        }
        bytes.push(Number.parseInt(m[0], 16));
        i += m[0].length;
        break;
      }
      case 'u':
      case 'U': {
        const digits = next === 'u' ? 4 : 8;
        const hex = body.slice(i, i + digits);
        if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) {
          throw new DbError('42601', 'invalid Unicode escape', {
            hint: 'Unicode escapes must be \\uXXXX or \\UXXXXXXXX.',
            position: token.start + 1,
          });
        }
        const code = Number.parseInt(hex, 16);
        if (code === 0 || code > 0x10ffff) {
          throw new DbError('42601', 'invalid Unicode escape value', { position: token.start + 1 });
        }
        push(String.fromCodePoint(code));
        i += digits;
        break;
      }
      default: {
        const m = /^[0-7]{1,3}/.exec(body.slice(i - 1, i + 2));
        if (m) {
          bytes.push(Number.parseInt(m[0], 8) & 0xff);
          i += m[0].length - 1;
        } else {
          const cp = body.codePointAt(i - 1)!;
          push(String.fromCodePoint(cp));
          i += cp > 0xffff ? 1 : 0;
        }
      }
    }
  }
  const bad = bytes.indexOf(0) >= 0 ? bytes.indexOf(0) : firstInvalidUtf8(bytes);
  if (bad < 0) return utf8.decode(new Uint8Array(bytes));
  const shown = bytes
    .slice(bad, bad + Math.max(1, utf8SequenceLength(bytes[bad])))
    .map((b) => `0x${b.toString(16).padStart(2, '0')}`)
    .join(' ');
  throw new DbError('22021', `invalid byte sequence for encoding "UTF8": ${shown}`);
}

/** Length of the UTF-8 sequence a lead byte announces; 0 for a byte that cannot lead one. */
function utf8SequenceLength(b: number): number {
  if (b < 0x80) return 1;
  if (b >= 0xc2 && b < 0xe0) return 2;
  if (b >= 0xe0 && b < 0xf0) return 3;
  if (b >= 0xf0 && b < 0xf5) return 4;
  return 0;
}

/** Index of the first byte starting an invalid UTF-8 sequence, or -1 when all is valid. */
function firstInvalidUtf8(bytes: readonly number[]): number {
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes[i]);
    if (n === 0 || i + n > bytes.length) return i;
    for (let k = 1; k < n; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n;
  }
  try {
    utf8.decode(new Uint8Array(bytes));
    return -1;
  } catch (err) {
    // Overlong forms and surrogates pass the shape check above but not the decoder.
    if (err instanceof TypeError) return 0;
    throw err;
  }
}
