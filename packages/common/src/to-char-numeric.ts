/**
 * to_char(numeric, text): PostgreSQL's number templates (formatting.c, NUM_processor), for
 *
 *   9 (digit, blank when leading)  0 (digit, zero when leading)  . D (decimal point)
 *   , G (group separator, blank or dropped before the first digit)  FM (no padding, no trailing
 *   zeros after the point)  S (sign, at either end)  MI PL SG (minus / plus / either at that
 *   position)  PR (negative in angle brackets)  TH th (ordinal suffix)
 *
 * with `"quoted text"` and backslash escapes; any other character is copied. The value is rounded
 * to the template's digits after the point; an integer part longer than the template's prints
 * every digit position as `#`. Without S, MI, SG or PR the sign takes one column just before the
 * first digit (a blank for a positive value unless FM).
 *
 * The walk over the template mirrors NUM_processor's, including its quirks (a `.` in the template
 * with nothing after it ends the output when the rounded value has no fraction, as PostgreSQL's
 * C string does). Not supported: V, EEEE, RN, B, L (copied as text).
 */
import type { Numeric } from './numeric.js';

type NodeKind =
  | 'digit9'
  | 'digit0'
  | 'point'
  | 'group'
  | 'S'
  | 'MI'
  | 'PL'
  | 'SG'
  | 'PR'
  | 'TH'
  | 'th'
  | 'text';

interface TemplateNode {
  readonly kind: NodeKind;
  readonly text: string;
}

interface Template {
  readonly nodes: TemplateNode[];
  fillMode: boolean;
  pre: number;
  post: number;
  hasPoint: boolean;
  /** 1-based position among the integer digits of the first `0`; 0 when none. */
  zeroStart: number;
  /** Position among all digits of the last `0`; 0 when none. */
  zeroEnd: number;
  /** S before (1) or after (2) the digits; 0 when absent. */
  lsign: 0 | 1 | 2;
  minus: boolean;
  plus: boolean;
  bracket: boolean;
}

const KEYWORDS: readonly [string, NodeKind | 'FM'][] = [
  ['FM', 'FM'],
  ['fm', 'FM'],
  ['MI', 'MI'],
  ['mi', 'MI'],
  ['PL', 'PL'],
  ['pl', 'PL'],
  ['SG', 'SG'],
  ['sg', 'SG'],
  ['PR', 'PR'],
  ['pr', 'PR'],
  ['TH', 'TH'],
  ['th', 'th'],
];

function parseTemplate(fmt: string): Template {
  const t: Template = {
    nodes: [],
    fillMode: false,
    pre: 0,
    post: 0,
    hasPoint: false,
    zeroStart: 0,
    zeroEnd: 0,
    lsign: 0,
    minus: false,
    plus: false,
    bracket: false,
  };
  const push = (kind: NodeKind, text = '') => t.nodes.push({ kind, text });
  for (let i = 0; i < fmt.length; ) {
    const ch = fmt[i];
    const two = fmt.slice(i, i + 2);
    const kw = KEYWORDS.find(([k]) => k === two);
    if (kw) {
      const kind = kw[1];
      if (kind === 'FM') t.fillMode = true;
      else {
        if (kind === 'MI') t.minus = true;
        else if (kind === 'PL') t.plus = true;
        else if (kind === 'SG') t.minus = t.plus = true;
        else if (kind === 'PR') t.bracket = true;
        push(kind);
      }
      i += 2;
      continue;
    }
    i++;
    if (ch === '9' || ch === '0') {
      if (ch === '0' && t.zeroStart === 0 && !t.hasPoint) t.zeroStart = t.pre + 1;
      if (t.hasPoint) t.post++;
      else t.pre++;
      if (ch === '0') t.zeroEnd = t.pre + t.post;
      push(ch === '9' ? 'digit9' : 'digit0');
    } else if ((ch === '.' || ch === 'D' || ch === 'd') && !t.hasPoint) {
      t.hasPoint = true;
      push('point');
    } else if (ch === ',' || ch === 'G' || ch === 'g') push('group');
    else if (ch === 'S' || ch === 's') {
      t.lsign = t.pre + t.post > 0 ? 2 : 1;
      push('S');
    } else if (ch === '"') {
      let text = '';
      while (i < fmt.length && fmt[i] !== '"') {
        if (fmt[i] === '\\' && i + 1 < fmt.length) i++;
        text += fmt[i++];
      }
      i++;
      push('text', text);
    } else if (ch === '\\' && i < fmt.length) push('text', fmt[i++]);
    else push('text', ch);
  }
  return t;
}

/** English ordinal suffix of the integer whose digits are `digits`. */
function ordinal(digits: string, upper: boolean): string {
  const last = digits[digits.length - 1];
  const teen = digits.length > 1 && digits[digits.length - 2] === '1';
  const s = teen ? 'th' : last === '1' ? 'st' : last === '2' ? 'nd' : last === '3' ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

/** The index just after the last significant fraction digit of `num` ("12.50" → at '5'). */
function lastRelevantDecimal(num: string): number {
  const point = num.indexOf('.');
  if (point < 0) return -1;
  let last = point;
  for (let i = point + 1; i < num.length; i++) if (num[i] !== '0') last = i;
  return last;
}

/**
 * Formats `value` with a PostgreSQL number template (see the file comment). Synchronous, never
 * throws for a well-formed Numeric.
 */
export function numericToChar(value: Numeric, fmt: string): string {
  const t = parseTemplate(fmt);
  const rounded = value.isFinite ? value.round(t.post) : value;
  let num = rounded.toString();
  const sign = num.startsWith('-') ? '-' : '+';
  if (sign === '-') num = num.slice(1);
  const point = num.indexOf('.');
  const numPreLen = point < 0 ? num.length : point;
  let outPreSpaces = 0;
  if (numPreLen < t.pre) outPreSpaces = t.pre - numPreLen;
  else if (numPreLen > t.pre) num = `${'#'.repeat(t.pre)}.${'#'.repeat(t.post)}`;
  const isZero = t.zeroStart > 0;
  const zeroStart = t.zeroStart > 0 ? t.zeroStart - 1 : 0;
  let lastRelevant = -1;
  if (t.fillMode && t.hasPoint) {
    lastRelevant = lastRelevantDecimal(num);
    const lastZero = t.zeroEnd - outPreSpaces;
    if (lastRelevant >= 0 && t.zeroEnd > outPreSpaces && lastZero < num.length && lastRelevant < lastZero) {
      lastRelevant = lastZero;
    }
  }
  // MI, PL and SG place the sign themselves; a positive value in FM needs no sign column.
  let signWrote = t.minus || (sign === '+' && t.fillMode && t.lsign === 0);
  const bracketShown = t.bracket && !(sign === '+' && t.fillMode);
  const digitCount = t.pre + t.post + (t.hasPoint ? 1 : 0);
  let out = '';
  let numPos = 0;
  let numCurr = 0;
  let numIn = false;
  for (const node of t.nodes) {
    switch (node.kind) {
      case 'digit9':
      case 'digit0':
      case 'point': {
        const predecSpace = !isZero && numPos === 0 && num[0] === '0' && t.post !== 0;
        const lastIsPoint = lastRelevant >= 0 && num[lastRelevant] === '.';
        if (
          !signWrote &&
          (numCurr >= outPreSpaces || (isZero && zeroStart === numCurr)) &&
          (!predecSpace || lastIsPoint)
        ) {
          if (t.lsign === 1) out += sign;
          else if (t.bracket) out += sign === '+' ? ' ' : '<';
          else if (t.lsign === 0 && sign === '-') out += '-';
          else if (t.lsign === 0 && !t.fillMode) out += ' ';
          signWrote = true;
        }
        if (numCurr < outPreSpaces && (zeroStart > numCurr || !isZero)) {
          if (!t.fillMode) out += ' ';
        } else if (isZero && numCurr < outPreSpaces && zeroStart <= numCurr) {
          out += '0';
          numIn = true;
        } else {
          if (numPos >= num.length) return out; // PostgreSQL's string ends at the NUL here
          const c = num[numPos];
          if (c === '.') {
            out += '.';
          } else if (lastRelevant >= 0 && numPos > lastRelevant && node.kind !== 'digit0') {
            // FM: an insignificant trailing zero
          } else if (predecSpace) {
            if (!t.fillMode) out += ' ';
            else if (lastIsPoint) out += '0';
          } else {
            out += c;
            numIn = true;
          }
          numPos++;
        }
        if (numCurr + 1 === digitCount) {
          if (signWrote && bracketShown) out += sign === '+' ? ' ' : '>';
          else if (t.lsign === 2) out += sign;
        }
        numCurr++;
        break;
      }
      case 'group':
        if (numIn) out += ',';
        else if (!t.fillMode) out += ' ';
        break;
      case 'MI':
        if (sign === '-') out += '-';
        else if (!t.fillMode) out += ' ';
        break;
      case 'PL':
        if (sign === '+') out += '+';
        else if (!t.fillMode) out += ' ';
        break;
      case 'SG':
        out += sign;
        break;
      case 'TH':
      case 'th':
        if (sign === '-' || t.hasPoint || num[0] === '#' || !value.isFinite) break;
        out += ordinal(num, node.kind === 'TH');
        break;
      case 'S':
      case 'PR':
        break;
      case 'text':
        out += node.text;
        break;
    }
  }
  return out;
}
