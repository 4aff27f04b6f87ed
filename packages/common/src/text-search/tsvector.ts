/**
 * tsvector: a sorted list of distinct lexemes, each with its positions (1..16383) and a weight
 * per position (A, B, C or D). PostgreSQL's text form: `'lexeme':1A,3 'other'`.
 *
 * A position is held as PostgreSQL's WordEntryPos: the position in the low 14 bits, the weight
 * in the top two (3 = A, 2 = B, 1 = C, 0 = D).
 */
import { DbError } from '../db-error.js';

/** One lexeme and its positions (empty when stripped or written without positions). */
export interface TsLexeme {
  readonly word: string;
  readonly positions: readonly number[];
}

/** PostgreSQL's MAXENTRYPOS: positions are clamped below it. */
export const MAX_ENTRY_POS = 1 << 14;
/** PostgreSQL's MAXNUMPOS: a lexeme keeps at most this many positions. */
const MAX_NUM_POS = 256;

export const posOf = (p: number): number => p & 0x3fff;
export const weightOf = (p: number): number => p >> 14;
export const withWeight = (p: number, w: number): number => (p & 0x3fff) | (w << 14);
export const clampPos = (p: number): number => (p >= MAX_ENTRY_POS ? MAX_ENTRY_POS - 1 : p);

export class TsVector {
  /** `lexemes` sorted by word (code-unit order) and distinct: build through `tsVectorOf`. */
  constructor(readonly lexemes: readonly TsLexeme[]) {}
  toString(): string {
    return formatTsVector(this);
  }
}

/** tsCompareString: the byte order of the lexemes' text (code units, as tsvectors sort them). */
export const compareLexemes = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

/** uniquePos: positions sorted, one per position number (the highest weight wins), at most 256. */
function uniquePositions(ps: number[]): number[] {
  if (ps.length <= 1) return ps;
  ps.sort((a, b) => posOf(a) - posOf(b));
  const out = [ps[0]!];
  for (let i = 1; i < ps.length; i++) {
    const last = out[out.length - 1]!;
    if (posOf(ps[i]!) !== posOf(last)) {
      if (out.length >= MAX_NUM_POS - 1 || posOf(last) === MAX_ENTRY_POS - 1) break;
      out.push(ps[i]!);
    } else if (weightOf(ps[i]!) > weightOf(last)) {
      out[out.length - 1] = withWeight(last, weightOf(ps[i]!));
    }
  }
  return out;
}

/** A normalized tsvector from lexemes in any order, duplicates merged (their positions joined). */
export function tsVectorOf(items: readonly TsLexeme[]): TsVector {
  const sorted = [...items].sort((a, b) => compareLexemes(a.word, b.word));
  const out: TsLexeme[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.word === x.word) {
      out[out.length - 1] = { word: x.word, positions: [...last.positions, ...x.positions] };
    } else out.push(x);
  }
  return new TsVector(out.map((l) => ({ word: l.word, positions: uniquePositions([...l.positions]) })));
}

/** A lexeme quoted as tsvectorout / tsqueryout write it: `'` and `\` doubled. */
export function quoteLexeme(word: string): string {
  return `'${word.replace(/['\\]/g, (c) => c + c)}'`;
}

const WEIGHT_LETTER = ['', 'C', 'B', 'A'] as const;

/** tsvectorout. */
export function formatTsVector(v: TsVector): string {
  return v.lexemes
    .map((l) =>
      l.positions.length === 0
        ? quoteLexeme(l.word)
        : `${quoteLexeme(l.word)}:${l.positions.map((p) => `${posOf(p)}${WEIGHT_LETTER[weightOf(p)]}`).join(',')}`,
    )
    .join(' ');
}

const isSpace = (c: string): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Characters that end an unquoted tsquery operand (ISOPERATOR). */
const QUERY_OPERATOR = new Set(['!', '&', '|', '(', ')', '<']);

/**
 * One token of tsvector syntax (gettoken_tsvector): a word, unquoted (`\` escapes) or quoted
 * (`''` and `\'` escape a quote). In a tsquery (`inQuery`), operator characters and `:` end an
 * unquoted word and positions are not read.
 */
export class TsVectorScanner {
  pos = 0;
  constructor(
    readonly text: string,
    private readonly inQuery: boolean,
    private readonly what: 'tsvector' | 'tsquery' = inQuery ? 'tsquery' : 'tsvector',
  ) {}

  syntaxError(): DbError {
    return new DbError('42601', `syntax error in ${this.what}: "${this.text}"`);
  }

  private escaped(): string {
    const c = this.text[this.pos];
    if (c === undefined) throw new DbError('42601', `there is no escaped character: "${this.text}"`);
    this.pos++;
    return c;
  }

  /** The next word, or undefined at the end of the text (white space skipped). */
  word(): string | undefined {
    const s = this.text;
    while (this.pos < s.length && isSpace(s[this.pos]!)) this.pos++;
    if (this.pos >= s.length) return undefined;
    let w = '';
    if (s[this.pos] === "'") {
      this.pos++;
      for (;;) {
        const c = s[this.pos];
        if (c === undefined) throw this.syntaxError();
        this.pos++;
        if (c === '\\') w += this.escaped();
        else if (c !== "'") w += c;
        else if (s[this.pos] === "'") {
          w += "'";
          this.pos++;
        } else break;
      }
      if (w === '') throw this.syntaxError();
      return w;
    }
    for (;;) {
      const c = s[this.pos];
      if (c === undefined || isSpace(c) || (this.inQuery && (QUERY_OPERATOR.has(c) || c === ':'))) break;
      if (c === ':' && !this.inQuery) {
        if (w === '') throw this.syntaxError();
        break;
      }
      this.pos++;
      w += c === '\\' ? this.escaped() : c;
    }
    return w;
  }

  /** `:1A,2,3B` after a tsvector word (the `:` not yet read), or [] when none follows. */
  positions(): number[] {
    const s = this.text;
    if (s[this.pos] !== ':') return [];
    this.pos++;
    const out: number[] = [];
    for (;;) {
      if (!isDigit(s[this.pos] ?? '')) throw this.syntaxError();
      let n = 0;
      while (isDigit(s[this.pos] ?? ''))
        n = Math.min(n * 10 + (s.charCodeAt(this.pos++) - 48), MAX_ENTRY_POS);
      if (n === 0) throw new DbError('42601', `wrong position info in tsvector: "${this.text}"`);
      let p = clampPos(n);
      let weighted = false;
      for (;;) {
        const c = s[this.pos];
        const w = c === undefined ? -1 : 'dcba'.indexOf(c.toLowerCase());
        if (c === '*' || w >= 0) {
          if (weighted) throw this.syntaxError();
          weighted = true;
          p = withWeight(p, c === '*' ? 3 : w);
          this.pos++;
        } else break;
      }
      out.push(p);
      const c = s[this.pos];
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === undefined || isSpace(c)) return out;
      throw this.syntaxError();
    }
  }
}

/** tsvectorin. */
export function parseTsVector(text: string): TsVector {
  const sc = new TsVectorScanner(text, false);
  const items: TsLexeme[] = [];
  for (let w = sc.word(); w !== undefined; w = sc.word()) {
    items.push({ word: w, positions: sc.positions() });
  }
  return tsVectorOf(items);
}

/**
 * tsvector_cmp (silly_cmp_tsvector): by the stored size, then the lexeme count, then lexeme by
 * lexeme (text, then position count, then positions and weights). The stored size is
 * approximated by the lexemes' lengths and position counts.
 */
export function compareTsVectors(a: TsVector, b: TsVector): number {
  const sa = storedSize(a);
  const sb = storedSize(b);
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (a.lexemes.length !== b.lexemes.length) return a.lexemes.length < b.lexemes.length ? -1 : 1;
  for (let i = 0; i < a.lexemes.length; i++) {
    const x = a.lexemes[i]!;
    const y = b.lexemes[i]!;
    const c = compareLexemes(x.word, y.word);
    if (c !== 0) return c;
    if (x.positions.length !== y.positions.length) return x.positions.length < y.positions.length ? -1 : 1;
    for (let k = 0; k < x.positions.length; k++) {
      if (x.positions[k] !== y.positions[k]) return x.positions[k]! < y.positions[k]! ? -1 : 1;
    }
  }
  return 0;
}

const utf8 = new TextEncoder();

/** The bytes PostgreSQL's tsvector takes: header, entries, lexemes, aligned position arrays. */
function storedSize(v: TsVector): number {
  let n = 8 + 4 * v.lexemes.length;
  for (const l of v.lexemes) {
    n += utf8.encode(l.word).length;
    if (l.positions.length > 0) n = ((n + 1) & ~1) + 2 + 2 * l.positions.length;
  }
  return n;
}

/** tsvector_concat: `b`'s positions shifted past `a`'s highest, lexemes in both merged. */
export function concatTsVectors(a: TsVector, b: TsVector): TsVector {
  let max = 0;
  for (const l of a.lexemes) for (const p of l.positions) max = Math.max(max, posOf(p));
  const shifted = b.lexemes.map((l) => ({
    word: l.word,
    positions: l.positions.map((p) => withWeight(clampPos(posOf(p) + max), weightOf(p))),
  }));
  return tsVectorOf([...a.lexemes, ...shifted]);
}

/** setweight(v, 'A'…'D'): every position takes the weight (a `"char"` argument). */
export function setTsWeight(v: TsVector, letter: string): TsVector {
  const w = 'dcba'.indexOf(letter.toLowerCase());
  if (letter.length !== 1 || w < 0) {
    throw new DbError('XX000', `unrecognized weight: ${letter.length === 0 ? 0 : letter.charCodeAt(0)}`);
  }
  return new TsVector(
    v.lexemes.map((l) => ({ word: l.word, positions: l.positions.map((p) => withWeight(p, w)) })),
  );
}

/** strip: the lexemes without positions. */
export const stripTsVector = (v: TsVector): TsVector =>
  new TsVector(v.lexemes.map((l) => (l.positions.length === 0 ? l : { word: l.word, positions: [] })));
