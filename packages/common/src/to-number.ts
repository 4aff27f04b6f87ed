/**
 * to_number(text, template): PostgreSQL's number templates read back (formatting.c's
 * NUM_processor in its "from char" direction). The template is walked once; the input is read
 * as it goes:
 *
 * - `9`, `0`, `.`, `D` each read one character: a digit (before or after the decimal point read
 *   so far) or, where the template has a decimal point, the point itself; anything else is
 *   passed over. A single space before such a position is skipped, and a `-` or `+` before the
 *   first digit (or `<` with `PR`) is the sign.
 * - `,` and `G` pass over a `,` only; `S`, `MI`, `PL`, `SG` over a sign, which they take; `TH` /
 *   `th` over an ordinal suffix; `L` over a currency character; `FM`, `SP` and `B` read nothing.
 *   Any other template character (quoted text too) passes over one input character, whatever it is.
 * - After a digit, a sign that follows the digits is taken where the template has `S`, `MI`,
 *   `PL` or `SG`.
 *
 * The digits then go through numeric input with precision (the template's digits before the
 * point plus those read after it) and scale (those read after it), as PostgreSQL's to_number
 * does: so `to_number('1,2', '9.9')` overflows like PostgreSQL's, and an input with no digits
 * is 22P02. Template errors are PostgreSQL's (42601); `EEEE` and `RN` are 0A000 for input, as
 * in PostgreSQL, and `V` (not built here) is 0A000 too.
 */
import { DbError } from './db-error.js';
import { coerceNumeric, Numeric } from './numeric.js';
import { numericTypmod } from './types.js';

type Item =
  | { readonly kind: 'digit' | 'point' | 'group' | 'sign' | 'th' | 'currency' | 'none' }
  | { readonly kind: 'text'; readonly length: number };

interface Template {
  readonly items: Item[];
  /** Digit positions before the decimal point. */
  readonly pre: number;
  readonly hasPoint: boolean;
  /** Does the template say where the sign goes (S, MI, PL, SG)? */
  readonly signed: boolean;
  readonly bracket: boolean;
}

const syntax = (message: string) => new DbError('42601', message);

function parseTemplate(fmt: string): Template {
  const items: Item[] = [];
  let pre = 0;
  let hasPoint = false;
  let s = false;
  let mi = false;
  let plus = false;
  let pr = false;
  let multi = false;
  for (let i = 0; i < fmt.length; ) {
    const two = fmt.slice(i, i + 2).toUpperCase();
    const four = fmt.slice(i, i + 4).toUpperCase();
    const ch = fmt[i]!;
    if (four === 'EEEE') throw new DbError('0A000', '"EEEE" not supported for input');
    if (two === 'RN') throw new DbError('0A000', '"RN" not supported for input');
    if (two === 'FM') {
      i += 2;
      continue;
    }
    if (two === 'MI' || two === 'PL' || two === 'SG') {
      if (s) throw syntax(`cannot use "S" and "${two === 'SG' ? 'SG' : two}" together`);
      if (two !== 'PL') mi = true;
      if (two !== 'MI') plus = true;
      items.push({ kind: 'sign' });
      i += 2;
      continue;
    }
    if (two === 'PR') {
      if (s || mi || plus) throw syntax('cannot use "PR" and "S"/"PL"/"MI"/"SG" together');
      pr = true;
      items.push({ kind: 'none' });
      i += 2;
      continue;
    }
    if (two === 'SP') {
      // Spell mode: a keyword of to_char's that reads nothing.
      i += 2;
      continue;
    }
    if (two === 'TH') {
      items.push({ kind: 'th' });
      i += 2;
      continue;
    }
    i++;
    if (ch === '9' || ch === '0') {
      if (pr) throw syntax('"9" must be ahead of "PR"');
      if (!hasPoint) pre++;
      items.push({ kind: 'digit' });
    } else if (ch === '.' || ch === 'D' || ch === 'd') {
      if (hasPoint) throw syntax('multiple decimal points');
      if (multi) throw syntax('cannot use "V" and decimal point together');
      hasPoint = true;
      items.push({ kind: 'point' });
    } else if (ch === ',' || ch === 'G' || ch === 'g') items.push({ kind: 'group' });
    else if (ch === 'S' || ch === 's') {
      if (s) throw syntax('cannot use "S" twice');
      if (mi || plus || pr) throw syntax('cannot use "S" and "PL"/"MI"/"SG"/"PR" together');
      s = true;
      items.push({ kind: 'sign' });
    } else if (ch === 'L' || ch === 'l') items.push({ kind: 'currency' });
    else if (ch === 'B' || ch === 'b') items.push({ kind: 'none' });
    else if (ch === 'V' || ch === 'v') {
      if (hasPoint) throw syntax('cannot use "V" and decimal point together');
      multi = true;
      throw new DbError('0A000', '"V" in a to_number template is not supported');
    } else if (ch === '"') {
      let n = 0;
      while (i < fmt.length && fmt[i] !== '"') {
        if (fmt[i] === '\\' && i + 1 < fmt.length) i++;
        i++;
        n++;
      }
      i++;
      if (n > 0) items.push({ kind: 'text', length: n });
    } else {
      if (ch === '\\' && i < fmt.length) i++;
      items.push({ kind: 'text', length: 1 });
    }
  }
  return { items, pre, hasPoint, signed: s || mi || plus, bracket: pr };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** to_number(text, template); null for an empty template, as PostgreSQL. */
export function toNumber(input: string, fmt: string): Numeric | null {
  if (fmt.length === 0) return null;
  const t = parseTemplate(fmt);
  const chars = [...input];
  let at = 0;
  let sign = '';
  let digits = '';
  let readPre = 0;
  let readPost = 0;
  let readPoint = false;
  for (const item of t.items) {
    if (at >= chars.length) break;
    switch (item.kind) {
      case 'digit':
      case 'point': {
        if (chars[at] === ' ') at++;
        if (at >= chars.length) break;
        if (sign === '' && item.kind === 'digit' && readPre + readPost === 0) {
          const c = chars[at];
          if (c === '-' || (t.bracket && c === '<')) {
            sign = '-';
            at++;
          } else if (c === '+') {
            sign = '+';
            at++;
          }
        }
        if (at >= chars.length) break;
        const c = chars[at]!;
        let read = false;
        if (isDigit(c)) {
          digits += c;
          if (readPoint) readPost++;
          else readPre++;
          read = true;
        } else if (t.hasPoint && !readPoint && c === '.') {
          digits += '.';
          readPoint = true;
          read = true;
        }
        // A sign right after the digits, where the template places one.
        if (read && sign === '' && t.signed && (chars[at + 1] === '-' || chars[at + 1] === '+')) {
          if (!isDigit(chars[at + 2])) {
            sign = chars[at + 1]!;
            at++;
          }
        }
        at++;
        break;
      }
      case 'group':
        if (chars[at] === ',') at++;
        break;
      case 'sign':
        if (chars[at] === '-' || chars[at] === '+') {
          if (sign === '') sign = chars[at]!;
          at++;
        }
        break;
      case 'th': {
        const suffix = chars
          .slice(at, at + 2)
          .join('')
          .toLowerCase();
        if (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') at += 2;
        break;
      }
      case 'currency':
        if (!isDigit(chars[at]) && chars[at] !== '-' && chars[at] !== '+' && chars[at] !== '.') at++;
        break;
      case 'none':
        if (t.bracket && chars[at] === '>') at++;
        break;
      case 'text':
        at += item.length;
        break;
    }
  }
  const text = `${sign === '-' ? '-' : ' '}${digits}`;
  if (digits.replace('.', '').length === 0) {
    throw new DbError(
      '22P02',
      `invalid input syntax for type numeric: "${sign === '-' ? '-' : ' '}${digits}"`,
    );
  }
  return coerceNumeric(Numeric.parse(text), numericTypmod(t.pre + readPost, readPost));
}
