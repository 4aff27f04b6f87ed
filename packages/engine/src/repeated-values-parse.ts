/**
 * Parsing a multi-row VALUES list of identically shaped rows by parsing one row.
 *
 * WHY. A bulk load sends `INSERT INTO t VALUES (0, 0, 'name-0', 0), (1, 1, 'name-1', 7), …` with
 * a thousand rows per statement. The statement cache (statement-cache.ts) runs later batches of
 * the same shape without parsing, but every miss (the first batch; a batch after the catalog view
 * changed) parses the whole text with ANTLR, about 0.1 ms per row warm and much more cold. Here the
 * text is cut down to its first row, that text parsed, and the other rows built by copying the
 * first row's AST with each location moved to the same token of the other row and each literal's
 * value taken from that row's text (statement-shape.ts slots).
 *
 * WHEN. Only when the result is exactly the full parse's (statement-shape's tokens prove it):
 * - the VALUES list is the first `VALUES (` of the text; its rows are separated by single `,`
 *   tokens and have the same tokens, character for character (whitespace and comments between
 *   them included), except literals in statement-shape slots, which must be of the same class;
 * - the first row's cells contain only the node kinds of `CELL_KINDS` (no function calls or
 *   subqueries, whose AST may carry more of the text than locations);
 * - every literal of the first row comes from one of its slots (directly, or with a folded minus
 *   sign written just before it) and every slot of the row is used exactly once.
 * Anything else, including a syntax error in the shortened text, parses the full text instead (so
 * errors are always the full parse's).
 */
import { DbError } from '@rustydb/common';
import { type ParsedStatement, parse, parseFast, parseFresh } from '@rustydb/parser';
import type { LiteralSlot, StatementShape } from './statement-shape.js';

/** Fewer rows than this are not worth the bookkeeping. */
const MIN_ROWS = 4;

/** Node kinds allowed inside a replicated row (an allow-list: anything else parses in full). */
const CELL_KINDS: ReadonlySet<string> = new Set([
  'literal',
  'param',
  'default',
  'binaryOp',
  'unaryOp',
  'cast',
  'typeName',
  'coalesce',
  'nullIf',
  'row',
  'array',
]);

/** The rows of a repeated VALUES list, as token and slot indices of the shape. */
interface RowLayout {
  /** Token index of the first row's `(`. */
  readonly first: number;
  /** Tokens per row, both parentheses included. */
  readonly tokens: number;
  readonly rows: number;
  /** Slot index of the first row's first literal. */
  readonly firstSlot: number;
  readonly slotsPerRow: number;
  /** Text offsets: end of the first row (after its `)`) and end of the last row. */
  readonly firstEnd: number;
  readonly lastEnd: number;
}

/**
 * The statements of `sql` (whose shape is `shape`), exactly as `parse(sql)` returns them, built
 * from a parse of its first VALUES row when the text is a repeated VALUES list (see the file
 * comment). Synchronous.
 * @throws DbError as `parse(sql)` does (errors always come from the full parse).
 */
export function parseShaped(sql: string, shape: StatementShape): ParsedStatement[] {
  // The parser's fast path (a bulk INSERT of constants) builds the whole list directly, cheaper
  // than replicating a row; otherwise this file's one-row parse, then the full parse.
  return parseFast(sql) ?? parseRepeatedRows(sql, shape) ?? parse(sql);
}

/**
 * `parse(sql)` built from the parse of the first VALUES row, or undefined when the text is not a
 * repeated VALUES list this models exactly (the caller then parses the full text). Synchronous;
 * never throws a DbError (a syntax error in the shortened text is undefined).
 */
export function parseRepeatedRows(sql: string, shape: StatementShape): ParsedStatement[] | undefined {
  const layout = repeatedRows(sql, shape);
  if (layout === undefined) return undefined;
  let parsed: ParsedStatement[];
  try {
    // A fresh parse: `replicate` grows it in place (the shared parses of `parse` are frozen).
    parsed = parseFresh(sql.slice(0, layout.firstEnd) + sql.slice(layout.lastEnd));
  } catch (err) {
    // The full text reports its own error (with its own positions).
    if (err instanceof DbError) return undefined;
    throw err;
  }
  return parsed.length === 1 && replicate(parsed[0]!, sql, shape, layout) ? parsed : undefined;
}

/** The layout of the text's repeated VALUES rows, or undefined when it has none (see file comment). */
function repeatedRows(sql: string, shape: StatementShape): RowLayout | undefined {
  const starts = shape.tokenStarts;
  const n = starts.length;
  let first = -1;
  for (let i = 0; i + 1 < n; i++) {
    if (isValuesKeyword(sql, starts[i]!) && sql.charCodeAt(starts[i + 1]!) === 0x28) {
      first = i + 1;
      break;
    }
  }
  if (first < 0) return undefined;
  // The first row: its tokens up to the matching `)`.
  let depth = 0;
  let close = -1;
  for (let i = first; i < n; i++) {
    const c = sql.charCodeAt(starts[i]!);
    if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  const tokens = close - first + 1;
  const slots = shape.slots;
  const firstSlot = slotIndexAtOrAfter(slots, starts[first]!);
  const rowEnd = starts[close]! + 1;
  let slotsPerRow = 0;
  while (firstSlot + slotsPerRow < slots.length && slots[firstSlot + slotsPerRow]!.start < rowEnd)
    slotsPerRow++;
  const isSlot = new Uint8Array(tokens);
  for (let s = 0; s < slotsPerRow; s++) {
    const k = tokenIndex(starts, slots[firstSlot + s]!.start, first, close);
    if (k < 0) return undefined;
    isSlot[k - first] = 1;
  }
  let rows = 1;
  for (;;) {
    const comma = first + rows * (tokens + 1) - 1;
    const next = comma + 1;
    if (next + tokens > n || !isToken(sql, starts, comma, 0x2c) || sql.charCodeAt(starts[next]!) !== 0x28)
      break;
    if (!sameRow(sql, shape, first, next, tokens, isSlot, firstSlot, firstSlot + rows * slotsPerRow)) break;
    rows++;
  }
  if (rows < MIN_ROWS) return undefined;
  const lastClose = first + rows * (tokens + 1) - 2;
  return {
    first,
    tokens,
    rows,
    firstSlot,
    slotsPerRow,
    firstEnd: rowEnd,
    lastEnd: starts[lastClose]! + 1,
  };
}

/**
 * Does the row at token `b` repeat the row at token `a` (tokens as written, slots of the same
 * class, the same text between tokens)? The rows' slots start at `slotA` and `slotB`.
 */
function sameRow(
  sql: string,
  shape: StatementShape,
  a: number,
  b: number,
  tokens: number,
  isSlot: Uint8Array,
  slotA: number,
  slotB: number,
): boolean {
  const starts = shape.tokenStarts;
  const slots = shape.slots;
  let s = 0;
  for (let k = 0; k < tokens; k++) {
    const pa = starts[a + k]!;
    const pb = starts[b + k]!;
    // Each token with what follows it up to the next token (the last: its `)`).
    const endA = k + 1 < tokens ? starts[a + k + 1]! : pa + 1;
    const endB = k + 1 < tokens ? starts[b + k + 1]! : pb + 1;
    if (isSlot[k] === 1) {
      const sa = slots[slotA + s];
      const sb = slots[slotB + s];
      s++;
      if (sa === undefined || sb === undefined || sa.start !== pa || sb.start !== pb || sa.cls !== sb.cls) {
        return false;
      }
      // The text after the literal (whitespace, comments) must match too.
      if (!sameText(sql, pa + sa.text.length, endA, pb + sb.text.length, endB)) return false;
    } else if (!sameText(sql, pa, endA, pb, endB)) return false;
  }
  return true;
}

function sameText(sql: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (sql.charCodeAt(a + i) !== sql.charCodeAt(b + i)) return false;
  return true;
}

/**
 * Turns the parse of the one-row text into the parse of the full text, in place; false (and the
 * caller parses in full) when the one-row AST is not of a form this can replicate exactly.
 */
function replicate(parsed: ParsedStatement, sql: string, shape: StatementShape, layout: RowLayout): boolean {
  const starts = shape.tokenStarts;
  const rowStart = starts[layout.first]!;
  const values = findValues(parsed.stmt, rowStart, layout.firstEnd);
  if (values === undefined) return false;
  const row = values.rows[0]!;
  // Literal nodes of the first row → the slot (within the row) they come from.
  const literalSlots = new Map<object, { readonly slot: number; readonly negate: boolean }>();
  const used = new Uint8Array(layout.slotsPerRow);
  if (!checkCells(row, sql, shape, layout, literalSlots, used)) return false;
  for (let s = 0; s < used.length; s++) if (used[s] !== 1) return false;
  // Locations after the first row move to after the last one.
  const delta = layout.lastEnd - layout.firstEnd;
  shiftLocations(parsed.stmt, layout.firstEnd, delta, new Set());
  (parsed as { length: number }).length += delta;
  const rows: (readonly unknown[])[] = [row];
  for (let r = 1; r < layout.rows; r++) {
    const tokenOffset = r * (layout.tokens + 1);
    const slotOffset = layout.firstSlot + r * layout.slotsPerRow;
    const copy = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(copy);
      if (node === null || typeof node !== 'object') return node;
      const src = node as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key in src) {
        const v = src[key];
        out[key] = key === 'location' ? moveLocation(starts, v as number, layout, tokenOffset) : copy(v);
      }
      const lit = literalSlots.get(node);
      if (lit !== undefined) out.value = literalText(shape.slots[slotOffset + lit.slot]!, lit.negate);
      return out;
    };
    rows.push(row.map(copy));
  }
  (values as { rows: (readonly unknown[])[] }).rows = rows;
  return true;
}

/** The one VALUES node whose single row starts at `rowStart`, or undefined. */
function findValues(
  stmt: unknown,
  rowStart: number,
  rowEnd: number,
): { readonly rows: readonly (readonly unknown[])[] } | undefined {
  let found: { rows: unknown[][] } | undefined;
  let count = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const v of node) visit(v);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.kind === 'values' && Array.isArray(n.rows)) {
      const rows = n.rows as unknown[][];
      const cell = rows[0]?.[0] as { location?: unknown } | undefined;
      if (
        rows.length === 1 &&
        typeof cell?.location === 'number' &&
        cell.location > rowStart &&
        cell.location < rowEnd
      ) {
        found = n as { rows: unknown[][] };
        count++;
      }
    }
    for (const key in n) visit(n[key]);
  };
  visit(stmt);
  return count === 1 ? found : undefined;
}

/** Checks the first row's cells (see file comment) and maps its literals to their slots. */
function checkCells(
  node: unknown,
  sql: string,
  shape: StatementShape,
  layout: RowLayout,
  literalSlots: Map<object, { readonly slot: number; readonly negate: boolean }>,
  used: Uint8Array,
): boolean {
  if (Array.isArray(node)) {
    for (const v of node) if (!checkCells(v, sql, shape, layout, literalSlots, used)) return false;
    return true;
  }
  if (node === null || typeof node !== 'object') return true;
  const n = node as Record<string, unknown>;
  if (typeof n.kind !== 'string' || !CELL_KINDS.has(n.kind)) return false;
  if (
    typeof n.location !== 'number' ||
    tokenIndex(shape.tokenStarts, n.location, layout.first, layout.first + layout.tokens - 1) < 0
  ) {
    return false;
  }
  if (n.kind === 'literal' && (n.type === 'integer' || n.type === 'numeric' || n.type === 'string')) {
    const found = literalSlot(n.location, n.value as string, shape, layout);
    if (found === undefined || used[found.slot] === 1) return false;
    used[found.slot] = 1;
    literalSlots.set(n, found);
  }
  for (const key in n) {
    if (key !== 'location' && !checkCells(n[key], sql, shape, layout, literalSlots, used)) return false;
  }
  return true;
}

/** The slot (index within the row) a first-row literal at `location` with `value` comes from. */
function literalSlot(
  location: number,
  value: string,
  shape: StatementShape,
  layout: RowLayout,
): { readonly slot: number; readonly negate: boolean } | undefined {
  const starts = shape.tokenStarts;
  for (let s = 0; s < layout.slotsPerRow; s++) {
    const slot = shape.slots[layout.firstSlot + s]!;
    if (slot.start === location) {
      return literalText(slot, false) === value ? { slot: s, negate: false } : undefined;
    }
    // A folded minus sign: the literal starts at the `-` token just before the slot.
    if (slot.cls !== 'string' && slot.start > location) {
      const k = tokenIndex(starts, location, layout.first, layout.first + layout.tokens - 1);
      if (k >= 0 && starts[k + 1] === slot.start && literalText(slot, true) === value)
        return { slot: s, negate: true };
      return undefined;
    }
  }
  return undefined;
}

/** The AST value of a slot's literal (as the parser builds it: strings undoubled, numbers as written). */
function literalText(slot: LiteralSlot, negate: boolean): string {
  if (slot.cls === 'string') {
    const body = slot.text.slice(1, -1);
    return body.includes("''") ? body.replaceAll("''", "'") : body;
  }
  return negate ? `-${slot.text}` : slot.text;
}

/** A first-row location moved to the same token `tokenOffset` tokens later. */
function moveLocation(
  starts: readonly number[],
  location: number,
  layout: RowLayout,
  tokenOffset: number,
): number {
  const k = tokenIndex(starts, location, layout.first, layout.first + layout.tokens - 1);
  return starts[k + tokenOffset]!;
}

/** Adds `delta` to every location at or after `from`, in place (a node the AST shares, once). */
function shiftLocations(node: unknown, from: number, delta: number, seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const v of node) shiftLocations(v, from, delta, seen);
    return;
  }
  const n = node as Record<string, unknown>;
  for (const key in n) {
    const v = n[key];
    if (key === 'location' && typeof v === 'number') {
      if (v >= from) n[key] = v + delta;
    } else shiftLocations(v, from, delta, seen);
  }
}

/** The index in `lo..hi` of the token starting exactly at `offset`, or -1. */
function tokenIndex(starts: readonly number[], offset: number, lo: number, hi: number): number {
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = starts[mid]!;
    if (s === offset) return mid;
    if (s < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The index of the first slot starting at or after `offset`. */
function slotIndexAtOrAfter(slots: readonly LiteralSlot[], offset: number): number {
  let i = 0;
  while (i < slots.length && slots[i]!.start < offset) i++;
  return i;
}

/** Is the token at `i` the single character `c`? (Shape tokens of punctuation are one character.) */
function isToken(sql: string, starts: readonly number[], i: number, c: number): boolean {
  return i < starts.length && sql.charCodeAt(starts[i]!) === c;
}

/** Is the token at `at` the keyword VALUES (any case)? */
function isValuesKeyword(sql: string, at: number): boolean {
  if (sql.substr(at, 6).toLowerCase() !== 'values') return false;
  const next = sql.charCodeAt(at + 6);
  return !(
    (next >= 0x61 && next <= 0x7a) ||
    (next >= 0x41 && next <= 0x5a) ||
    (next >= 0x30 && next <= 0x39) ||
    next === 0x5f ||
    next === 0x24 ||
    next >= 0x80
  );
}
