/**
 * Case-insensitivity written into the pattern, for V8's linear-time engine, which takes no `i`
 * flag: the source of a `ui` RegExp rewritten so that, without `i` and `u`, it matches the same
 * BMP subjects (guarded-regexp.ts says when subjects qualify).
 *
 * ASCII letters become their two cases (`a` → `[aA]`, `[a-c]` → `[a-cABC]`). A character
 * beyond ASCII, or a bracket expression naming one, becomes the list of every BMP character it
 * matches under `ui`, found by matching it against a string of all BMP characters (~0.07 ms):
 * Unicode's case folding has partners no `toUpperCase`/`toLowerCase` reaches (β and ϐ, ΐ
 * U+0390 and U+1FD3, Ω and the ohm sign), and asking V8 itself makes the list exactly V8's.
 * Results are cached; a pattern needing more than MAX_SCANS new ones keeps the time-limited
 * form instead (each scan blocks the event loop too).
 */

const MAX_SCANS = 32;
const CACHE_LIMIT = 512;
const scanned = new Map<string, string>();
let allBmp: string | undefined;

/**
 * The source with case-insensitivity written out, or undefined when it has escapes that name a
 * character by number (`\x41`, `\u0041`, `\cA`, `\101`), a group by name, a surrogate, or
 * needs too many scans.
 */
export function caseClosedSource(source: string): string | undefined {
  if (/[\ud800-\udfff]|\\[xuck0-9]|\(\?<[^=!]/.test(source)) return undefined;
  const budget = { scans: MAX_SCANS };
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    let piece: string | undefined;
    if (ch === '\\') {
      piece = ch + source[++i];
    } else if (ch === '[') {
      const end = classEnd(source, i);
      piece = closedClass(source.slice(i + 1, end), budget);
      i = end;
    } else if (ch >= '\u0080') {
      piece = foldedClass(ch, budget);
    } else {
      const other = otherCase(ch);
      piece = other === undefined ? ch : `[${ch}${other}]`;
    }
    if (piece === undefined) return undefined;
    out += piece;
  }
  return out;
}

/** A bracket expression (its `body` between `[` and `]`) closed under case. */
function closedClass(body: string, budget: { scans: number }): string | undefined {
  if (!/[\u0080-\uffff]/.test(body)) return `[${body}${classCaseExtras(body, 0, body.length)}]`;
  const negated = body.startsWith('^');
  const members = foldedClass(negated ? body.slice(1) : body, budget);
  if (members === undefined) return undefined;
  // `[^…]` under `i` is the complement of the same list without `^`.
  return negated ? `[^${members.slice(1)}` : members;
}

/** `[…]` listing every BMP character that bracket body `body` matches under `ui`. */
function foldedClass(body: string, budget: { scans: number }): string | undefined {
  const hit = scanned.get(body);
  if (hit !== undefined) return hit;
  if (--budget.scans < 0) return undefined;
  allBmp ??= allBmpCharacters();
  const units = allBmp.match(new RegExp(`[${body}]`, 'giu')) ?? [];
  const list = `[${ranges(units)}]`;
  if (scanned.size >= CACHE_LIMIT) scanned.clear();
  scanned.set(body, list);
  return list;
}

/** Every BMP code point but the surrogates, in order. */
function allBmpCharacters(): string {
  const parts: string[] = [];
  for (let c = 0; c < 0x10000; c += 0x1000) {
    const codes: number[] = [];
    for (let d = c; d < c + 0x1000; d++) if (d < 0xd800 || d > 0xdfff) codes.push(d);
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** Sorted single-unit characters as bracket items: runs become `\uAAAA-\uBBBB`. */
function ranges(units: readonly string[]): string {
  let out = '';
  for (let i = 0; i < units.length; ) {
    const lo = units[i].charCodeAt(0);
    let hi = lo;
    while (i + 1 < units.length && units[i + 1].charCodeAt(0) === hi + 1) {
      hi++;
      i++;
    }
    i++;
    out += hi === lo ? hex(lo) : `${hex(lo)}-${hex(hi)}`;
  }
  return out;
}

const hex = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;

/** The index of the `]` closing the bracket expression that opens at `start`. */
function classEnd(source: string, start: number): number {
  let i = start + 1;
  while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
  return i;
}

/** The other case of every letter a bracket expression's items (source[from, end)) name. */
function classCaseExtras(source: string, from: number, end: number): string {
  // Only ASCII bodies come here: each letter's other case is its only partner.
  let extras = '';
  let i = from;
  if (source[i] === '^') i++;
  while (i < end) {
    const [lo, next] = classAtom(source, i);
    if (source[next] === '-' && next + 1 < end) {
      const [hi, after] = classAtom(source, next + 1);
      for (let c = lo; c <= hi && c < 128; c++) extras += otherCase(String.fromCharCode(c)) ?? '';
      i = after;
    } else {
      extras += otherCase(String.fromCharCode(lo)) ?? '';
      i = next;
    }
  }
  return extras;
}

const CONTROL_ESCAPES: Record<string, number> = { b: 8, t: 9, n: 10, v: 11, f: 12, r: 13 };

/**
 * The character code of the bracket item at source[i] and the index after it. A class escape
 * (`\w`, `\d`, …) yields -1: it names no letter of its own and is closed under case already.
 */
function classAtom(source: string, i: number): [number, number] {
  if (source[i] !== '\\') return [source.charCodeAt(i), i + 1];
  const e = source[i + 1];
  if (/[A-Za-z]/.test(e)) return [CONTROL_ESCAPES[e] ?? -1, i + 2];
  return [e.charCodeAt(0), i + 2];
}

function otherCase(ch: string): string | undefined {
  if (ch >= 'a' && ch <= 'z') return ch.toUpperCase();
  if (ch >= 'A' && ch <= 'Z') return ch.toLowerCase();
  return undefined;
}
