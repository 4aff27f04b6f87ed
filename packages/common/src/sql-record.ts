/**
 * Composite values (`record`): a function's row result (`_pg_expandarray(a)`, `jsonb_each(j)` in a
 * select list) or a row constructor (`ROW(1, 'a')`). Like arrays, the value holds only the field
 * values; the field names and types are the SQL type's `fields` (types.ts `recordType`).
 *
 * Text form (record_out): `(1,"a b",)`: fields comma-separated in parentheses, NULL as nothing,
 * a field double-quoted when it is empty or holds `( ) , " \` or white space, with `"` and `\`
 * doubled inside the quotes.
 */
import type { Value } from './value.js';

export class SqlRecord {
  /** Takes ownership of `values` (callers pass a fresh array). */
  constructor(readonly values: readonly Value[]) {}
}

const NEEDS_QUOTES = /[(),"\\\s]/;

/**
 * record_out: the text form of `rec`, each non-null field through `formatField(value, i)` (the
 * field type's output function). Synchronous; throws whatever `formatField` throws.
 */
export function formatRecord(rec: SqlRecord, formatField: (v: Value, i: number) => string): string {
  let out = '(';
  for (let i = 0; i < rec.values.length; i++) {
    if (i > 0) out += ',';
    const v = rec.values[i];
    if (v === null) continue;
    const text = formatField(v, i);
    out += text === '' || NEEDS_QUOTES.test(text) ? `"${text.replace(/(["\\])/g, '$1$1')}"` : text;
  }
  return `${out})`;
}
