/**
 * Result formatting, sorting and hashing, exactly as sqllogictest's ODBC adapter (`slt_odbc3.c`,
 * the one the corpus's PostgreSQL and MySQL results came from) and its driver (`sqllogictest.c`)
 * do it. Values arrive as PostgreSQL's text output; the column's letter in the query header, not
 * the column's SQL type, decides how a value prints:
 *
 *   letter  ODBC fetch       printed as                       PostgreSQL text → printed
 *   I       SQL_C_SLONG      "%ld"                            "42" → 42, "12.75" → 12, "-0.5" → 0
 *   R       SQL_C_DOUBLE     "%.3f"                           "2" → 2.000, "0.0625" → 0.062
 *   T       SQL_C_CHAR       text, "" → (empty), bytes outside
 *                            ' '..'~' → '@' (per UTF-8 byte)  "é" → @@
 *   any     NULL indicator   NULL
 *
 * The I conversion is the driver's: the leading integer of the text (C `atoi`), so a fractional
 * numeric truncates toward zero and text that is not a number is 0; a boolean is 1 or 0. `%.3f`
 * rounds the exact binary value half-to-even, which `Number.prototype.toFixed` does not do on
 * exact ties (it rounds them up), so ties are handled here.
 *
 * Sorting compares values as C `strcmp` does; after formatting every value is ASCII, so
 * JavaScript's code-unit comparison is the same order.
 */
import { createHash } from 'node:crypto';
import type { SortMode } from './parser.js';

/** One column letter of a query header. */
export type ColumnType = 'I' | 'R' | 'T';

/**
 * Formats one PostgreSQL text value (or SQL NULL) for a column of type `type`. Pure, synchronous.
 */
export function formatValue(text: string | null, type: ColumnType): string {
  if (text === null) return 'NULL';
  switch (type) {
    case 'I':
      return formatInteger(text);
    case 'R':
      return formatReal(parseLeadingFloat(text));
    case 'T':
      return formatText(text);
  }
}

/** `atoi` of the value's text, with PostgreSQL's boolean spellings as 1 and 0. */
function formatInteger(text: string): string {
  if (/^-?[0-9]+$/.test(text)) return text === '-0' ? '0' : stripLeadingZeros(text);
  if (text === 't' || text === 'true') return '1';
  if (text === 'f' || text === 'false') return '0';
  const match = /^\s*([+-]?)([0-9]+)/.exec(text);
  if (!match) return '0';
  const digits = stripLeadingZeros(match[2]);
  return match[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

function stripLeadingZeros(digits: string): string {
  const negative = digits.startsWith('-');
  const body = (negative ? digits.slice(1) : digits).replace(/^0+(?=[0-9])/, '');
  return negative ? `-${body}` : body;
}

/** `strtod` of the value's leading number, 0 when there is none. */
function parseLeadingFloat(text: string): number {
  const trimmed = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(trimmed)) return Number.NaN;
  const match = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?/.exec(trimmed);
  return match ? Number(match[0]) : 0;
}

/** C's `printf("%.3f", x)`: exact binary value, ties to even; `-0` keeps its sign. */
export function formatReal(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf';
  const negative = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  // An exact tie at three decimals is abs = q/16 with q odd: abs*1000 = 62q + q/2. Multiplying by
  // 16 is exact, so the test is exact; toFixed would round such ties away from zero.
  const sixteenths = abs * 16;
  let fixed: string;
  if (Number.isInteger(sixteenths) && sixteenths % 2 === 1 && sixteenths < 2 ** 49) {
    const thousandths = (sixteenths * 125 - 1) / 2; // the even-or-odd candidate below the tie
    const rounded = thousandths % 2 === 0 ? thousandths : thousandths + 1;
    const s = String(rounded).padStart(4, '0');
    fixed = `${s.slice(0, -3)}.${s.slice(-3)}`;
  } else {
    fixed = abs.toFixed(3);
  }
  return negative ? `-${fixed}` : fixed;
}

/** `(empty)` for '', and '@' for each UTF-8 byte outside printable ASCII. */
function formatText(text: string): string {
  if (text === '') return '(empty)';
  if (/^[ -~]*$/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += '@'.repeat(Buffer.byteLength(ch, 'utf8'));
  }
  return out;
}

/**
 * Formats a result's rows (arrays of text or NULL, one entry per column) into sqllogictest's flat
 * value list, row after row. Throws if a row is shorter than `types`.
 */
export function formatRows(rows: readonly (readonly (string | null)[])[], types: string): string[] {
  const values: string[] = new Array(rows.length * types.length);
  let k = 0;
  for (const row of rows) {
    for (let c = 0; c < types.length; c++) {
      if (c >= row.length) throw new Error(`row has ${row.length} columns, expected ${types.length}`);
      values[k++] = formatValue(row[c], types[c] as ColumnType);
    }
  }
  return values;
}

/**
 * Puts a flat value list in the order `mode` asks for: `rowsort` sorts rows of `columns` values
 * (column by column, `strcmp` order), `valuesort` sorts every value on its own, `nosort` keeps
 * the server's order. Returns a new array; the input is not modified.
 */
export function sortValues(values: readonly string[], columns: number, mode: SortMode): string[] {
  if (mode === 'nosort') return values.slice();
  if (mode === 'valuesort') return values.slice().sort(compareStrings);
  const rows: string[][] = [];
  for (let i = 0; i < values.length; i += columns) rows.push(values.slice(i, i + columns));
  rows.sort((a, b) => {
    for (let c = 0; c < columns; c++) {
      const d = compareStrings(a[c], b[c]);
      if (d !== 0) return d;
    }
    return 0;
  });
  return rows.flat();
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The md5 (hex) of every value followed by a newline, as sqllogictest hashes large results. */
export function hashValues(values: readonly string[]): string {
  const md5 = createHash('md5');
  for (const v of values) md5.update(`${v}\n`);
  return md5.digest('hex');
}

/** sqllogictest's one-line form of a hashed result: `N values hashing to <md5>`. */
export function hashLine(values: readonly string[]): string {
  return `${values.length} values hashing to ${hashValues(values)}`;
}
