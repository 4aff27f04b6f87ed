/**
 * Composite values (`record`): a function's row result (`_pg_expandarray(a)`, `jsonb_each(j)` in a
 * select list) or a row constructor (`ROW(1, 'a')`). Like arrays, the value holds only the field
 * values; the field names and types are the SQL type's `fields` (types.ts `recordType`).
 *
 * Text form (record_out): `(1,"a b",)`: fields comma-separated in parentheses, NULL as nothing,
 * a field double-quoted when it is empty or holds `( ) , " \` or white space, with `"` and `\`
 * doubled inside the quotes.
 */
import { DbError } from './db-error.js';
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

/**
 * record_in's parsing: the field texts of `text`, a composite's text form with `count` fields,
 * NULL for an empty unquoted field. Inside a field, `"` starts and ends quoting (`""` within
 * quotes is one `"`), `\` takes the next character literally, and white space is kept (the
 * field type's input function decides). Synchronous; throws 22P02 `malformed record literal`
 * with PostgreSQL's detail.
 */
export function parseRecord(text: string, count: number): (string | null)[] {
  const malformed = (detail: string) =>
    new DbError('22P02', `malformed record literal: "${text}"`, { detail });
  let i = skipSpaces(text, 0);
  if (text[i] !== '(') throw malformed('Missing left parenthesis.');
  i++;
  const out: (string | null)[] = [];
  if (count === 0 && text[i++] !== ')') throw malformed('Too many columns.');
  for (let field = 0; field < count; field++) {
    const c = text[i];
    if (c === ',' || c === ')') {
      out.push(null);
    } else {
      const [value, end] = readField(text, i, malformed);
      out.push(value);
      i = end;
    }
    const sep = text[i];
    if (field < count - 1) {
      if (sep !== ',') throw malformed(sep === ')' ? 'Too few columns.' : 'Unexpected end of input.');
    } else if (sep !== ')') {
      throw malformed(sep === ',' ? 'Too many columns.' : 'Unexpected end of input.');
    }
    i++;
  }
  if (skipSpaces(text, i) < text.length) throw malformed('Junk after right parenthesis.');
  return out;
}

/** One non-null field from `start`: its text and the index of the `,` or `)` ending it. */
function readField(text: string, start: number, malformed: (detail: string) => DbError): [string, number] {
  let value = '';
  let quoted = false;
  let i = start;
  for (;;) {
    const c = text[i];
    if (c === undefined) throw malformed('Unexpected end of input.');
    if (!quoted && (c === ',' || c === ')')) return [value, i];
    if (c === '\\') {
      if (i + 1 >= text.length) throw malformed('Unexpected end of input.');
      value += text[i + 1];
      i += 2;
    } else if (c === '"') {
      if (quoted && text[i + 1] === '"') {
        value += '"';
        i += 2;
      } else {
        quoted = !quoted;
        i++;
      }
    } else {
      value += c;
      i++;
    }
  }
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}
