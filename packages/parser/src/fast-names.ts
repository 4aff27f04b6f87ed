/**
 * Names and type names for the fast-path parser (fast-parse.ts), built exactly as the ANTLR
 * builders build them (build/names.ts `objectName`, build/build-type-name.ts).
 */
import type { ColumnName, ObjectName, TypeName } from './ast/index.js';
import { isPlainName } from './fast-keywords.js';
import { type FastScanner, T_QUOTED, T_WORD } from './fast-scanner.js';

/**
 * The name the current token denotes as a `colId`, or undefined when the fast path does not take
 * it as one (a keyword other than an unreserved one; not a word).
 */
export function colId(s: FastScanner): string | undefined {
  if (s.type === T_QUOTED) return s.text;
  if (s.type === T_WORD && isPlainName(s.text)) return s.text;
  return undefined;
}

/** `name [. name]` at the current token (advances past it), or undefined. */
export function objectName(s: FastScanner): ObjectName | undefined {
  const location = s.start;
  const first = colId(s);
  if (first === undefined) return undefined;
  s.next();
  if (!s.isPunct(0x2e)) return { name: first, location };
  s.next();
  const second = colId(s);
  if (second === undefined) return undefined;
  s.next();
  // A third part (catalog.schema.name) is rare enough to leave to the full parser.
  if (s.isPunct(0x2e)) return undefined;
  return { schema: first, name: second, location };
}

/** A column name at the current token (advances past it), or undefined. */
export function columnName(s: FastScanner): ColumnName | undefined {
  const location = s.start;
  const name = colId(s);
  if (name === undefined) return undefined;
  s.next();
  return { name, location };
}

/**
 * Type words written alone (no modifiers, no second word) and the internal name each denotes:
 * the numericType and datetime keywords as buildNumericType/buildDatetimeType map them, the
 * others (generic types) as written. fast-parse.test.ts proves each against the full parser.
 */
const TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['int', 'int4'],
  ['integer', 'int4'],
  ['int2', 'int2'],
  ['int4', 'int4'],
  ['int8', 'int8'],
  ['smallint', 'int2'],
  ['bigint', 'int8'],
  ['real', 'float4'],
  ['float', 'float8'],
  ['float4', 'float4'],
  ['float8', 'float8'],
  ['boolean', 'bool'],
  ['bool', 'bool'],
  ['numeric', 'numeric'],
  ['decimal', 'numeric'],
  ['text', 'text'],
  ['varchar', 'varchar'],
  ['date', 'date'],
  ['timestamp', 'timestamp'],
  ['timestamptz', 'timestamptz'],
  ['bytea', 'bytea'],
  ['uuid', 'uuid'],
  ['json', 'json'],
  ['jsonb', 'jsonb'],
]);

/**
 * A one-word type name at the current token (advances past it), or undefined for any other type
 * (modifiers, arrays, `double precision`, `with time zone`, qualified or quoted names …: the
 * caller's next-token check then fails or the caller bails).
 */
export function typeName(s: FastScanner): TypeName | undefined {
  if (s.type !== T_WORD) return undefined;
  const name = TYPE_NAMES.get(s.text);
  if (name === undefined) return undefined;
  const location = s.start;
  s.next();
  return { kind: 'typeName', name, modifiers: [], arrayBounds: [], location };
}
