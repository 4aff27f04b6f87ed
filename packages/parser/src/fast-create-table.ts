/**
 * The fast path for `CREATE TABLE [IF NOT EXISTS] name (column type [constraints], …)` where every
 * element is a column of a one-word type (fast-names.ts) with only PRIMARY KEY, NOT NULL, NULL and
 * UNIQUE constraints, each at most once. It builds the AST build/build-ddl.ts builds for the same
 * text, or returns undefined for anything else (table constraints, DEFAULT, CHECK, REFERENCES,
 * COLLATE, TEMP, UNLOGGED, WITH, INHERITS, …), and the caller parses with ANTLR.
 */
import type { ColumnDef, Constraint, CreateTableStmt } from './ast/index.js';
import { colId, objectName, typeName } from './fast-names.js';
import { type FastScanner, T_PUNCT } from './fast-scanner.js';

/**
 * The CREATE TABLE starting at the current token (the word `create`), leaving the scanner on the
 * token after the statement; undefined to fall back. Synchronous; never throws.
 */
export function fastCreateTable(s: FastScanner): CreateTableStmt | undefined {
  s.next();
  if (!s.isWord('table')) return undefined;
  s.next();
  let ifNotExists = false;
  if (s.isWord('if')) {
    s.next();
    if (!s.isWord('not')) return undefined;
    s.next();
    if (!s.isWord('exists')) return undefined;
    s.next();
    ifNotExists = true;
  }
  const name = objectName(s);
  if (name === undefined || !s.isPunct(0x28)) return undefined;
  const columns: ColumnDef[] = [];
  do {
    s.next();
    const column = columnDef(s);
    if (column === undefined) return undefined;
    columns.push(column);
  } while (s.isPunct(0x2c));
  if (!s.isPunct(0x29)) return undefined;
  s.next();
  return {
    kind: 'createTable',
    name,
    temporary: false,
    unlogged: false,
    ifNotExists,
    columns,
    constraints: [],
  };
}

/** A column definition at the current token (advances to the `,` or `)` after it), or undefined. */
function columnDef(s: FastScanner): ColumnDef | undefined {
  const location = s.start;
  const name = colId(s);
  // `like` and `exclude` (unreserved) start table elements other than columns.
  if (name === undefined || name === 'like' || name === 'exclude') return undefined;
  s.next();
  const type = typeName(s);
  if (type === undefined) return undefined;
  const constraints: Constraint[] = [];
  let seen = 0;
  while (!(s.type === T_PUNCT && (s.code === 0x2c || s.code === 0x29))) {
    const at = s.start;
    let bit: number;
    let constraint: Constraint;
    if (s.isWord('primary')) {
      s.next();
      if (!s.isWord('key')) return undefined;
      bit = 1;
      constraint = {
        kind: 'primaryKey',
        columns: [],
        include: [],
        deferrable: false,
        initiallyDeferred: false,
        location: at,
      };
    } else if (s.isWord('not')) {
      s.next();
      if (!s.isWord('null')) return undefined;
      bit = 2;
      constraint = { kind: 'notNull', location: at };
    } else if (s.isWord('null')) {
      bit = 2;
      constraint = { kind: 'nullable', location: at };
    } else if (s.isWord('unique')) {
      bit = 4;
      constraint = {
        kind: 'unique',
        columns: [],
        include: [],
        nullsNotDistinct: false,
        deferrable: false,
        initiallyDeferred: false,
        location: at,
      };
    } else return undefined;
    // A repeated or conflicting constraint: whatever the full parser does with it, it does.
    if ((seen & bit) !== 0) return undefined;
    seen |= bit;
    constraints.push(constraint);
    s.next();
  }
  return { name, type, constraints, location };
}
