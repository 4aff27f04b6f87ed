/**
 * The text search parser (PostgreSQL's "default" parser, simplified): splits a document into
 * tokens and says which a configuration stems. Recognized, in this order at each point:
 *
 * - URLs `scheme://host/path`: the url `host/path`, then the host and the path (the scheme is
 *   skipped); e-mail addresses; host names `a.b.org` (the last part letters only);
 * - numbers: integers `42` (a leading `-` or `+` kept), decimals `3.14`, versions `1.2.3`;
 * - hyphenated words `well-known`: the compound, then each part;
 * - words: runs of letters (any script) and digits (a word with digits is a "numword").
 *
 * Everything else (spaces, punctuation, `_`, `'`) separates tokens. Not recognized (each becomes
 * its word and number tokens): file paths, XML tags, scientific notation, URLs without a scheme.
 */

/** `word` tokens are letters only (a dictionary such as english_stem takes them); `plain` are kept as they are. */
export interface TsToken {
  readonly text: string;
  readonly kind: 'word' | 'plain';
}

const LETTER = /\p{L}/u;
const isLetter = (c: string): boolean => LETTER.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlnum = (c: string): boolean => isDigit(c) || isLetter(c);

const URL = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/((?:[A-Za-z0-9-]+\.)+[A-Za-z]+)(\/[A-Za-z0-9_.~%/+=&?-]*)?/;
const EMAIL = /^[A-Za-z0-9][A-Za-z0-9_.+-]*@(?:[A-Za-z0-9-]+\.)+[A-Za-z]+/;
const HOST = /^(?:[A-Za-z0-9-]*[A-Za-z0-9]\.)+[A-Za-z]+(?![\p{L}\d])/u;
const NUMBER = /^[-+]?\d+(?:\.\d+)*(?![\p{L}\d])/u;

const plain = (text: string): TsToken => ({ text, kind: 'plain' });

/** The alphanumeric run starting at `i` (letters of any script, ASCII digits). */
function runAt(s: string, i: number): string {
  let j = i;
  while (j < s.length) {
    const cp = s.codePointAt(j)!;
    const c = String.fromCodePoint(cp);
    if (!isAlnum(c)) break;
    j += c.length;
  }
  return s.slice(i, j);
}

const wordToken = (w: string): TsToken => ({ text: w, kind: /\d/.test(w) ? 'plain' : 'word' });

/** The tokens at `s[i]` (one, or a compound and its parts) and where the next scan starts. */
function tokensAt(s: string, i: number, atStart: boolean): { tokens: TsToken[]; end: number } | undefined {
  const rest = s.slice(i, i + 512);
  const url = URL.exec(rest);
  if (url && atStart) {
    const host = url[1]!;
    const path = url[2] ?? '';
    const tokens = path.length > 1 ? [plain(host + path), plain(host), plain(path)] : [plain(host)];
    return { tokens, end: i + url[0].length };
  }
  const email = atStart ? EMAIL.exec(rest) : null;
  if (email) return { tokens: [plain(email[0])], end: i + email[0].length };
  // A sign belongs to a number only at a token's start (`-42`, not the `-` of `a-42`).
  const num = NUMBER.exec(rest);
  if (num && (atStart || isDigit(num[0][0]!))) {
    return { tokens: [plain(num[0])], end: i + num[0].length };
  }
  const host = atStart ? HOST.exec(rest) : null;
  if (host) {
    return { tokens: [plain(host[0])], end: i + host[0].length };
  }
  const first = runAt(s, i);
  if (first === '') return undefined;
  const parts = [first];
  let j = i + first.length;
  while (s[j] === '-') {
    const next = runAt(s, j + 1);
    if (next === '') break;
    parts.push(next);
    j += 1 + next.length;
  }
  if (parts.length === 1) return { tokens: [wordToken(first)], end: j };
  const compound = parts.join('-');
  return { tokens: [wordToken(compound), ...parts.map(wordToken)], end: j };
}

/** The document's tokens in order. */
export function tsTokens(s: string): TsToken[] {
  const out: TsToken[] = [];
  let i = 0;
  while (i < s.length) {
    const atStart = i === 0 || !isAlnum(s[i - 1]!);
    const c = s[i]!;
    const signed = (c === '-' || c === '+') && isDigit(s[i + 1] ?? '');
    if (isAlnum(c) || signed || (c >= '\ud800' && c <= '\udbff')) {
      const t = tokensAt(s, i, atStart);
      if (t) {
        out.push(...t.tokens);
        i = t.end;
        continue;
      }
    }
    i++;
  }
  return out;
}
