/**
 * The fast path for `INSERT INTO name [(columns)] VALUES (…), (…) …` whose cells are constants:
 * numbers (with a folded unary minus), standard strings, NULL, TRUE, FALSE, `$n` parameters, each
 * optionally cast with `::type` (one-word types, fast-names.ts). It builds the AST that
 * build/build-dml.ts and build/build-select.ts build for the same text, or returns undefined for
 * anything else (DEFAULT, expressions, functions, subqueries, aliases, ON CONFLICT, RETURNING, a
 * WITH clause, OVERRIDING, …), and the caller parses with ANTLR.
 */
import type { Expr, InsertStmt, Values } from './ast/index.js';
import { columnName, objectName, typeName } from './fast-names.js';
import {
  type FastScanner,
  P_CAST,
  T_INTEGER,
  T_NUMERIC,
  T_PARAM,
  T_PUNCT,
  T_STRING,
  T_WORD,
} from './fast-scanner.js';

/**
 * The INSERT starting at the current token (the word `insert`), leaving the scanner on the token
 * after the statement; undefined to fall back. Synchronous; never throws.
 */
export function fastInsert(s: FastScanner): InsertStmt | undefined {
  s.next();
  if (!s.isWord('into')) return undefined;
  s.next();
  const table = objectName(s);
  if (table === undefined) return undefined;
  const columns = [];
  if (s.isPunct(0x28)) {
    do {
      s.next();
      const column = columnName(s);
      if (column === undefined) return undefined;
      columns.push(column);
    } while (s.isPunct(0x2c));
    if (!s.isPunct(0x29)) return undefined;
    s.next();
  }
  if (!s.isWord('values')) return undefined;
  const location = s.start;
  s.next();
  const rows: Expr[][] = [];
  for (;;) {
    if (!s.isPunct(0x28)) return undefined;
    const row: Expr[] = [];
    do {
      s.next();
      const cell = constant(s);
      if (cell === undefined) return undefined;
      row.push(cell);
    } while (s.isPunct(0x2c));
    if (!s.isPunct(0x29)) return undefined;
    rows.push(row);
    s.next();
    if (!s.isPunct(0x2c)) break;
    s.next();
  }
  const source: Values = { kind: 'values', rows, orderBy: [], withTies: false, locking: [], location };
  return { kind: 'insert', table, columns, source, returning: [] };
}

/**
 * A constant cell at the current token, with its casts (advances past it), or undefined. The
 * token after it must be `,` or `)`: anything else (an operator, COLLATE, a second string piece)
 * makes it an expression the fast path does not build.
 */
function constant(s: FastScanner): Expr | undefined {
  const location = s.start;
  let expr: Expr;
  switch (s.type) {
    case T_INTEGER:
      expr = { kind: 'literal', type: 'integer', value: s.text, location };
      break;
    case T_NUMERIC:
      expr = { kind: 'literal', type: 'numeric', value: s.text, location };
      break;
    case T_STRING:
      expr = { kind: 'literal', type: 'string', value: s.text, location };
      break;
    case T_PARAM:
      expr = { kind: 'param', number: s.code, location };
      break;
    case T_WORD:
      if (s.text === 'null') expr = { kind: 'literal', type: 'null', value: 'null', location };
      else if (s.text === 'true' || s.text === 'false')
        expr = { kind: 'literal', type: 'boolean', value: s.text, location };
      else return undefined;
      break;
    case T_PUNCT: {
      // `-number` folds into the literal (build-expr's doNegate); `-1::int` is -(1::int) there.
      if (s.code !== 0x2d) return undefined;
      s.next();
      if (s.type !== T_INTEGER && s.type !== T_NUMERIC) return undefined;
      const type = s.type === T_INTEGER ? 'integer' : 'numeric';
      expr = { kind: 'literal', type, value: `-${s.text}`, location };
      s.next();
      return s.isPunct(0x2c) || s.isPunct(0x29) ? expr : undefined;
    }
    default:
      return undefined;
  }
  s.next();
  while (s.isPunct(P_CAST)) {
    const at = s.start;
    s.next();
    const type = typeName(s);
    if (type === undefined) return undefined;
    expr = { kind: 'cast', arg: expr, type, location: at };
  }
  return s.isPunct(0x2c) || s.isPunct(0x29) ? expr : undefined;
}
