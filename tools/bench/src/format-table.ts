/**
 * The harness prints every result as a Markdown table whose columns are padded to line up, so the
 * same text reads well in a terminal and pastes unchanged into docs/benchmarks.md.
 */

/** One table: a header row and string cells (use the `format*` helpers for numbers). */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Columns to right-align (numbers); the others align left. */
  readonly numeric?: readonly number[];
}

/**
 * Renders `table` as a padded Markdown table (trailing newline included). Sync. A cell's `|` is
 * escaped and newlines become spaces, so a pasted error message cannot break the table.
 */
export function formatTable(table: Table): string {
  const cells = [table.headers, ...table.rows].map((row) =>
    table.headers.map((_, c) => escapeCell(row[c] ?? '')),
  );
  const widths = table.headers.map((_, c) => Math.max(3, ...cells.map((row) => row[c].length)));
  const numeric = new Set(table.numeric ?? []);
  const line = (row: readonly string[]) =>
    `| ${row.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric.has(c) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return `${[line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n')}\n`;
}

function escapeCell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A rate (ops/s, tps) with the precision its size deserves: 12345, 123.4, 1.23. Sync. */
export function formatRate(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return Math.round(value).toString();
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * RustyDB's figure divided by the other system's, as `0.42` (1 means equal, above 1 RustyDB is
 * faster for rates). Empty when either side is missing. Sync.
 */
export function formatRatio(rustydb: number | undefined, other: number | undefined): string {
  if (rustydb === undefined || other === undefined || other <= 0) return '';
  const ratio = rustydb / other;
  return ratio >= 10 ? ratio.toFixed(1) : ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
}

/** An error message shortened for a table cell: `FAILED: <first line>`, at most `max` chars. */
export function formatFailure(message: string, max = 90): string {
  const oneLine = message.replace(/\s+/g, ' ').trim();
  const text = `FAILED: ${oneLine}`;
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Kibibytes as MiB with one decimal: `123.4 MiB`. */
export function formatKib(kib: number): string {
  return `${(kib / 1024).toFixed(1)} MiB`;
}
