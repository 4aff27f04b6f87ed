/**
 * formatTable: a result set in psql's default output format (`\pset format aligned`,
 * `border 1`, `linestyle ascii`), byte for byte, so that our shell's output can be compared
 * with psql's and scripts written for one work with the other.
 *
 * ```
 *  id |     note      ← header: names centred in the column width
 * ----+--------------   ← a rule of width + 2 dashes per column, joined by `+`
 *   1 | line1       +   ← numbers right-aligned; `+` marks a value continued on the next line
 *     | line2 longer
 *  22 |                 ← NULL prints as an empty cell
 * (2 rows)              ← footer, then an empty line
 * ```
 *
 * Rules taken from psql's print_aligned_text / pg_wcsformat:
 * - A column is as wide as its widest line, header included; widths count display columns
 *   (East Asian wide characters take 2, combining marks 0).
 * - A value is cut into lines at `\n`. A tab becomes spaces up to the next multiple of 8, a
 *   carriage return prints as `\r`, other control characters as `\xNN` (`\uNNNN` above ASCII).
 * - The last column is not padded on the right unless a `+` follows it; so a line never ends
 *   in spaces except under the header, where every name is centred.
 *
 * NB: the display-width table here covers the common wide ranges (CJK, Hangul, fullwidth forms,
 * emoji); psql uses the full Unicode East Asian Width data. Rare wide characters outside these
 * ranges are counted as 1 column.
 */

/** One output column: its header and how psql aligns its values (by type). */
export interface TableColumn {
  readonly name: string;
  readonly align: 'left' | 'right';
}

/** Type OIDs psql right-aligns (print.c column_type_alignment): the numeric types. */
const RIGHT_ALIGNED_OIDS = new Set([20, 21, 23, 26, 28, 29, 700, 701, 790, 1700, 5069]);

/** psql's alignment for a column of type `typeOid`. */
export const alignmentForType = (typeOid: number): 'left' | 'right' =>
  RIGHT_ALIGNED_OIDS.has(typeOid) ? 'right' : 'left';

/** A value cut into display lines, each with its width in terminal columns. */
interface CellLines {
  readonly lines: string[];
  readonly widths: number[];
}

/**
 * Renders the header, the rule, the rows, the `(N rows)` footer and the empty line psql prints
 * after it. `null` values print as empty cells. Synchronous; returns the whole text.
 */
export function formatTable(
  columns: readonly TableColumn[],
  rows: readonly (readonly (string | null)[])[],
): string {
  const headers = columns.map((c) => cellLines(c.name));
  const cells = rows.map((row) => columns.map((_, j) => cellLines(row[j] ?? '')));
  const widths = headers.map((h) => Math.max(0, ...h.widths));
  for (const row of cells) {
    row.forEach((cell, j) => {
      widths[j] = Math.max(widths[j]!, ...cell.widths);
    });
  }
  const out: string[] = [];
  if (columns.length > 0) formatHeader(headers, widths, out);
  out.push(columns.length === 0 ? '--' : widths.map((w) => '-'.repeat(w + 2)).join('+'));
  if (columns.length > 0) for (const row of cells) formatRow(row, columns, widths, out);
  out.push(`(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`, '');
  return `${out.join('\n')}\n`;
}

function formatHeader(headers: readonly CellLines[], widths: readonly number[], out: string[]): void {
  const height = Math.max(...headers.map((h) => h.lines.length));
  for (let line = 0; line < height; line++) {
    let text = '';
    headers.forEach((h, j) => {
      const w = widths[j]!;
      text += ' ';
      if (line < h.lines.length) {
        const space = w - h.widths[line]!;
        text += ' '.repeat(Math.floor(space / 2)) + h.lines[line] + ' '.repeat(Math.ceil(space / 2));
        text += line + 1 < h.lines.length ? '+' : ' ';
      } else {
        text += `${' '.repeat(w)} `;
      }
      if (j < headers.length - 1) text += '|';
    });
    out.push(text);
  }
}

function formatRow(
  row: readonly CellLines[],
  columns: readonly TableColumn[],
  widths: readonly number[],
  out: string[],
): void {
  const height = Math.max(...row.map((c) => c.lines.length));
  const last = columns.length - 1;
  for (let line = 0; line < height; line++) {
    let text = '';
    row.forEach((cell, j) => {
      const w = widths[j]!;
      text += ' ';
      const continued = line + 1 < cell.lines.length;
      if (line < cell.lines.length) {
        const pad = ' '.repeat(w - cell.widths[line]!);
        if (columns[j]!.align === 'right') text += pad + cell.lines[line];
        else text += cell.lines[line] + (j < last || continued ? pad : '');
      } else if (j < last) {
        text += ' '.repeat(w);
      }
      if (continued) text += '+';
      else if (j < last) text += ' ';
      if (j < last) text += '|';
    });
    out.push(text);
  }
}

/** psql's pg_wcsformat: split at newlines, make control characters visible, measure widths. */
function cellLines(value: string): CellLines {
  const lines: string[] = [];
  const widths: number[] = [];
  let line = '';
  let width = 0;
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\n') {
      lines.push(line);
      widths.push(width);
      line = '';
      width = 0;
    } else if (ch === '\r') {
      line += '\\r';
      width += 2;
    } else if (ch === '\t') {
      do {
        line += ' ';
        width++;
      } while (width % 8 !== 0);
    } else if (cp < 0x20 || cp === 0x7f) {
      line += `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}`;
      width += 4;
    } else if (cp >= 0x80 && cp < 0xa0) {
      line += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
      width += 6;
    } else {
      line += ch;
      width += charWidth(ch, cp);
    }
  }
  lines.push(line);
  widths.push(width);
  return { lines, widths };
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

/** Ranges of East Asian wide and fullwidth characters (2 columns). */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x18aff],
  [0x1b000, 0x1b2ff],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

function charWidth(ch: string, cp: number): number {
  if (cp < 0x300) return 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  for (const [lo, hi] of WIDE_RANGES) {
    if (cp < lo) return 1;
    if (cp <= hi) return 2;
  }
  return 1;
}
