/**
 * Statement shapes: the key of the statement cache (statement-cache.ts). A small hand-written
 * scanner (not the antlr parser: this runs on every statement and must cost a fraction of a
 * parse) reduces SQL text to its shape — comments dropped, whitespace runs collapsed to one
 * space, and each numeric or plain string literal replaced by a placeholder naming its literal
 * class — and lists those literals (slots) with their source text.
 *
 * Two texts with the same key differ only inside slots, and only by literals of the same class:
 * everything outside the slots (keywords, identifiers as written, operators, `$n`, prefixed and
 * dollar-quoted strings) is in the key verbatim, and whitespace only where there was some, so
 * PostgreSQL's lexer cuts both into the same tokens. Whether a slot's literal may become a
 * parameter is decided later on the parsed statement; a slot that may not is matched by text.
 *
 * Literal classes follow the binder's typing of literals (bind-literal.ts): an integer literal is
 * int4, int8 or numeric by magnitude, so each magnitude band is its own class; the two magnitudes
 * whose type depends on a folded minus sign (2147483648 and 9223372036854775808: `-2147483648` is
 * int4) stay verbatim in the key. A number with a point or an exponent is numeric; a quoted
 * string is `unknown` until context types it.
 *
 * The scanner gives up (returns undefined, and the caller parses as usual) on anything it does
 * not model exactly: several statements, a statement that does not start like a query or DML,
 * adjacent string literals (SQL's continuation), a number run into letters, surrogate pairs
 * (PostgreSQL positions count code points, ours UTF-16 units), unterminated tokens.
 */
import { Buffer } from 'node:buffer';

/** The literal classes; each is one character after NUL in the key. */
export type LiteralClass =
  /** integer, |v| ≤ 2^31-1 */
  | 'int4'
  /** integer, 2^31 < |v| ≤ 2^63-1 */
  | 'int8'
  /** integer beyond int8 */
  | 'bigint'
  /** a number with a point or an exponent */
  | 'decimal'
  /** a plain single-quoted string */
  | 'string';

/** One literal of the text: where it is and what it says. */
export interface LiteralSlot {
  readonly cls: LiteralClass;
  /** Offset of its first character in the text (a string's opening quote). */
  readonly start: number;
  /** Offset just after its last character (after a string's closing quote). */
  readonly end: number;
  /** The text the literal is in. */
  readonly sql: string;
  /** The literal as written (quotes included for a string): `sql.slice(start, end)`. */
  readonly text: string;
}

/**
 * A slot whose text is cut from the statement only when asked for: a cache hit converts most
 * literals straight from the statement's characters (literal-params.ts `shapeLiteralValue`), and a
 * string per literal was most of what a bulk INSERT's shape allocated.
 */
class Slot implements LiteralSlot {
  constructor(
    readonly cls: LiteralClass,
    readonly start: number,
    readonly end: number,
    readonly sql: string,
  ) {}

  get text(): string {
    return this.sql.slice(this.start, this.end);
  }
}

export interface StatementShape {
  /** The text with literals replaced by placeholders (NUL + a class letter), comments dropped. */
  readonly key: string;
  /** The literals, in text order. Made on first access: a hit reads the `slot…` methods instead. */
  readonly slots: readonly LiteralSlot[];
  /** The text the shape was made of. */
  readonly sql: string;
  /** `slots.length`, and slot `i`'s class and bounds, without making the slot objects. */
  readonly slotCount: number;
  slotClass(i: number): LiteralClass;
  slotStart(i: number): number;
  slotEnd(i: number): number;
  /**
   * The start offset of every token, in order (to move error positions between texts). Listed on
   * first access: only cache misses and errors need it.
   */
  readonly tokenStarts: readonly number[];
}

/**
 * The classes by number, as the scanner writes and a shape stores them (one byte per slot; the
 * scanner's per-literal work indexes arrays by number rather than objects by class name).
 */
const CLASSES: readonly LiteralClass[] = ['int4', 'int8', 'bigint', 'decimal', 'string'];
const INT4_CLASS = 0;
const INT8_CLASS = 1;
const BIGINT_CLASS = 2;
const DECIMAL_CLASS = 3;
const STRING_CLASS = 4;
/** A number kept verbatim in the key (see numberClass). */
const VERBATIM = -1;

/** The class letter after NUL of each placeholder, by class number: i, l, b, d, s. */
const PLACEHOLDER = [0x69, 0x6c, 0x62, 0x64, 0x73];

/** Statements that start with one of these words (or `(`) can be queries or DML. */
const LEADING_WORDS: ReadonlySet<string> = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'merge',
  'values',
  'with',
  'table',
]);

const SURROGATE = /[\uD800-\uDFFF]/;
const INT4_MAX = '2147483647';
const INT8_MAX = '9223372036854775807';
const INT4_MIN_ABS = '2147483648';
const INT8_MIN_ABS = '9223372036854775808';

/**
 * The shape of `sql`, or undefined when it is not one query/DML statement the scanner models
 * exactly (see the file comment). Pure; O(length of sql).
 */
export function statementShape(sql: string): StatementShape | undefined {
  return scanShape(sql, undefined);
}

/**
 * A shape whose token starts are found when first asked for: only a cache miss (the repeated-rows
 * parse) and an error position need them, and listing them on every statement was a number per
 * token pushed into a growing array (a 1,000-row INSERT has 17,000 tokens).
 */
class LazyShape implements StatementShape {
  #starts: readonly number[] | undefined;
  #slots: readonly LiteralSlot[] | undefined;
  /** Slot i's start and end at 2i and 2i + 1; its class number at i: no object per literal. */
  readonly #bounds: Int32Array;
  readonly #classes: Uint8Array;

  constructor(
    readonly key: string,
    bounds: Int32Array,
    classes: Uint8Array,
    readonly sql: string,
    starts: readonly number[] | undefined,
  ) {
    this.#bounds = bounds;
    this.#classes = classes;
    this.#starts = starts;
  }

  get slotCount(): number {
    return this.#classes.length;
  }

  slotClass(i: number): LiteralClass {
    return CLASSES[this.#classes[i]!]!;
  }

  slotStart(i: number): number {
    return this.#bounds[2 * i]!;
  }

  slotEnd(i: number): number {
    return this.#bounds[2 * i + 1]!;
  }

  get slots(): readonly LiteralSlot[] {
    if (this.#slots === undefined) {
      const slots: LiteralSlot[] = [];
      for (let i = 0; i < this.slotCount; i++) {
        slots.push(new Slot(this.slotClass(i), this.slotStart(i), this.slotEnd(i), this.sql));
      }
      this.#slots = slots;
    }
    return this.#slots;
  }

  get tokenStarts(): readonly number[] {
    if (this.#starts === undefined) {
      const starts: number[] = [];
      scanShape(this.sql, starts);
      this.#starts = starts;
    }
    return this.#starts;
  }
}

/** statementShape's scan; lists every token's start into `tokenStarts` when given. */
function scanShape(sql: string, tokenStarts: number[] | undefined): StatementShape | undefined {
  if (SURROGATE.test(sql)) return undefined;
  if (!scanTokens(sql, tokenStarts)) return undefined;
  const shape = new LazyShape(
    takeKey(),
    slotBounds.slice(0, 2 * slotCount),
    slotClasses.slice(0, slotCount),
    sql,
    tokenStarts,
  );
  if (slotClasses.length > KEEP_SLOTS) {
    slotBounds = new Int32Array(512);
    slotClasses = new Uint8Array(256);
  }
  return shape;
}

/**
 * The scan's loop: writes the key (into `keyBuffer`, `keyLength`) and the slots of `sql`; false
 * where the scanner gives up (see the file comment) or finds no token. Each token is delimited
 * first, then written by one shared step (its space, its start, its text or placeholder), with
 * the key's length in a local: this loop runs over every character of every statement.
 *
 * The key is written into a reused UTF-16 buffer and decoded once: concatenating it token by
 * token made a rope of tens of thousands of strings for a bulk INSERT, flattened again when the
 * cache hashed it. It is never longer than twice the text (a one-character literal's placeholder
 * is two; a space is written only where the text had whitespace), so it is reserved up front.
 */
function scanTokens(sql: string, tokenStarts: number[] | undefined): boolean {
  const n = sql.length;
  keyLength = 0;
  slotCount = 0;
  reserve(2 * n);
  const key = keyBuffer;
  let k = 0;
  let tokens = 0;
  let space = false;
  let ended = false;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      space = true;
      i++;
      continue;
    }
    if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? n : nl + 1;
      space = true;
      continue;
    }
    if (c === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
      i = skipBlockComment(sql, i);
      if (i < 0) return false;
      space = true;
      continue;
    }
    if (ended) return false; // something after the statement's `;`
    if (c === 0x3b) {
      ended = true;
      i++;
      continue;
    }
    const start = i;
    // The token's class number, or VERBATIM: the key keeps its text.
    let cls = VERBATIM;
    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentChar(sql.charCodeAt(i))) i++;
      if (sql.charCodeAt(i) === 0x27) {
        // A prefixed string (E'…', B'…', X'…', N'…'): verbatim, E strings with backslash escapes.
        const prefix = sql.slice(start, i).toLowerCase();
        if (!['e', 'b', 'x', 'n'].includes(prefix)) return false;
        i = skipQuoted(sql, i, prefix === 'e');
        if (i < 0 || followedByString(sql, i)) return false;
      }
      if (tokens === 0 && !LEADING_WORDS.has(sql.slice(start, i).toLowerCase())) return false;
    } else if (tokens === 0 && c !== 0x28) {
      return false;
    } else if (isDigit(c) || (c === 0x2e && isDigit(sql.charCodeAt(i + 1)))) {
      i = scanNumber(sql, i);
      if (i < 0) return false;
      cls = numberClass(sql, start, i);
    } else if (c === 0x27) {
      i = skipQuoted(sql, i, false);
      if (i < 0 || followedByString(sql, i)) return false;
      cls = STRING_CLASS;
    } else if (c === 0x22) {
      i = skipQuoted(sql, i, false);
      if (i < 0) return false;
    } else if (c === 0x24) {
      i = scanDollar(sql, i);
      if (i < 0) return false;
    } else if (c === 0 || c === 0x5c) {
      return false;
    } else {
      // Operators and punctuation, one character at a time: the key keeps them and their
      // adjacency as written, so PostgreSQL's operator lexing sees the same runs.
      i++;
    }
    if (space && k > 0) key[k++] = 0x20;
    space = false;
    tokens++;
    if (tokenStarts !== undefined) tokenStarts.push(start);
    if (cls === VERBATIM) {
      for (let j = start; j < i; j++) key[k++] = sql.charCodeAt(j);
    } else {
      key[k++] = 0;
      key[k++] = PLACEHOLDER[cls]!;
      putSlot(cls, start, i);
    }
  }
  keyLength = k;
  return tokens > 0;
}

/**
 * The position (1-based, as in DbError fields) in a text of shape `to` that corresponds to
 * `position` in a text of the same key `from`: the same token, the same offset into it. Pure.
 */
export function movePosition(position: number, from: StatementShape, to: StatementShape): number {
  const offset = position - 1;
  const starts = from.tokenStarts;
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || offset < starts[0]!) return position;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return to.tokenStarts[lo]! + (offset - starts[lo]!) + 1;
}

/**
 * The literal class number of the number `sql[start, end)`: by magnitude for digits only, decimal
 * with a point or an exponent; VERBATIM for the two magnitudes kept verbatim. Allocates nothing.
 */
function numberClass(sql: string, start: number, end: number): number {
  for (let j = start; j < end; j++) if (!isDigit(sql.charCodeAt(j))) return DECIMAL_CLASS;
  // Fewer digits than 2^31 - 1 has: int4 (the common case, without the comparisons).
  if (end - start < INT4_MAX.length) return INT4_CLASS;
  let first = start;
  while (first < end - 1 && sql.charCodeAt(first) === 0x30) first++;
  if (compareDigits(sql, first, end, INT4_MAX) <= 0) return INT4_CLASS;
  // 2^31 and 2^63: their type depends on a folded minus sign; keep them verbatim.
  if (
    compareDigits(sql, first, end, INT4_MIN_ABS) === 0 ||
    compareDigits(sql, first, end, INT8_MIN_ABS) === 0
  ) {
    return VERBATIM;
  }
  return compareDigits(sql, first, end, INT8_MAX) <= 0 ? INT8_CLASS : BIGINT_CLASS;
}

/** Compares the digits `sql[start, end)` (no leading zeros) with `limit` as numbers. */
function compareDigits(sql: string, start: number, end: number, limit: string): number {
  if (end - start !== limit.length) return end - start - limit.length;
  for (let j = 0; j < limit.length; j++) {
    const d = sql.charCodeAt(start + j) - limit.charCodeAt(j);
    if (d !== 0) return d;
  }
  return 0;
}

/*
 * The key buffer (statementShape is synchronous, so one buffer serves every call). Decoded with
 * Buffer's UTF-16LE decoder (a copy; several times faster than TextDecoder or
 * String.fromCharCode here); Uint16Array is little-endian on every platform Node supports.
 */
const KEEP_BUFFER = 1 << 20;
let keyBuffer = new Uint16Array(4096);
let keyLength = 0;

function reserve(extra: number): void {
  if (keyLength + extra <= keyBuffer.length) return;
  const grown = new Uint16Array(Math.max(keyBuffer.length * 2, keyLength + extra));
  grown.set(keyBuffer.subarray(0, keyLength));
  keyBuffer = grown;
}

/* The slots found so far (statementShape is synchronous): copied to the shape at the end. */
let slotBounds = new Int32Array(512);
let slotClasses = new Uint8Array(256);
let slotCount = 0;
/** Slot scratch kept between calls at most (a larger one, from a huge statement, is released). */
const KEEP_SLOTS = 1 << 16;

/** A literal of class number `cls` at `sql[start, end)`: its slot. */
function putSlot(cls: number, start: number, end: number): void {
  if (slotCount === slotClasses.length) {
    const bounds = new Int32Array(slotBounds.length * 2);
    bounds.set(slotBounds);
    slotBounds = bounds;
    const classes = new Uint8Array(slotClasses.length * 2);
    classes.set(slotClasses);
    slotClasses = classes;
  }
  slotBounds[2 * slotCount] = start;
  slotBounds[2 * slotCount + 1] = end;
  slotClasses[slotCount++] = cls;
}

/** The key written so far, as one flat string; releases an unusually large buffer. */
function takeKey(): string {
  const key = Buffer.from(keyBuffer.buffer, 0, keyLength * 2).toString('utf16le');
  if (keyBuffer.length > KEEP_BUFFER) keyBuffer = new Uint16Array(4096);
  return key;
}

/** End of the number starting at `i`, or -1 when letters or a second point follow (we do not model those). */
function scanNumber(sql: string, i: number): number {
  const n = sql.length;
  while (i < n && isDigit(sql.charCodeAt(i))) i++;
  if (sql.charCodeAt(i) === 0x2e) {
    if (sql.charCodeAt(i + 1) === 0x2e) return -1;
    i++;
    while (i < n && isDigit(sql.charCodeAt(i))) i++;
  }
  const e = sql.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    let j = i + 1;
    const sign = sql.charCodeAt(j);
    if (sign === 0x2b || sign === 0x2d) j++;
    if (!isDigit(sql.charCodeAt(j))) return -1;
    while (j < n && isDigit(sql.charCodeAt(j))) j++;
    i = j;
  }
  const next = sql.charCodeAt(i);
  if (isIdentChar(next) || next === 0x2e) return -1;
  return i;
}

/** End (after the closing quote) of the quoted token at `i` (`'` or `"`), or -1 if unterminated. */
function skipQuoted(sql: string, i: number, backslashEscapes: boolean): number {
  const quote = sql.charCodeAt(i);
  for (let j = i + 1; j < sql.length; j++) {
    const c = sql.charCodeAt(j);
    if (c === 0x5c && backslashEscapes) j++;
    else if (c === quote) {
      if (sql.charCodeAt(j + 1) !== quote) return j + 1;
      j++;
    }
  }
  return -1;
}

/** Is the next token after `i` (past whitespace and comments) a quote — SQL's string continuation? */
function followedByString(sql: string, i: number): boolean {
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) i++;
    else if (c === 0x2d && sql.charCodeAt(i + 1) === 0x2d) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === 0x2f && sql.charCodeAt(i + 1) === 0x2a) {
      i = skipBlockComment(sql, i);
      if (i < 0) return true;
    } else return c === 0x27;
  }
  return false;
}

/** End of the (nested) block comment at `i`, or -1 if unterminated. */
function skipBlockComment(sql: string, i: number): number {
  let depth = 0;
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      i += 2;
      if (--depth === 0) return i;
    } else i++;
  }
  return -1;
}

/** End of `$n` or of a dollar-quoted string `$tag$…$tag$` at `i`, or -1 for anything else. */
function scanDollar(sql: string, i: number): number {
  let j = i + 1;
  if (isDigit(sql.charCodeAt(j))) {
    while (isDigit(sql.charCodeAt(j))) j++;
    return isIdentChar(sql.charCodeAt(j)) ? -1 : j;
  }
  if (sql.charCodeAt(j) !== 0x24) {
    if (!isIdentStart(sql.charCodeAt(j))) return -1;
    while (isIdentChar(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 0x24) j++;
    if (sql.charCodeAt(j) !== 0x24) return -1;
  }
  const tag = sql.slice(i, j + 1);
  const close = sql.indexOf(tag, j + 1);
  return close < 0 ? -1 : close + tag.length;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isIdentStart = (c: number): boolean =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x80 && c !== 0xfeff);
const isIdentChar = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === 0x24;
