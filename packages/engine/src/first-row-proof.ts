/**
 * The statement cache's proof (statement-cache.ts) for a multi-row INSERT … VALUES whose rows are
 * written alike, done on its first row only.
 *
 * WHY. A bulk load's first statement of a shape (`INSERT INTO t VALUES (…), (…), …` with a
 * thousand rows) was bound twice in full for the proof — once with its 4,000 literals, once with
 * them as parameters — and the two 4,000-constant plans compared node by node, all of it cold
 * code. Binding and comparing one row proves the same thing:
 *
 * WHY IT IS SOUND. The binder maps each VALUES row of an INSERT to the target columns on its own
 * (bind-dml.ts `insertValues`: every cell is coerced to its column's type, no type is unified
 * across rows as for a bare VALUES query; column defaults are shared trees bound once), and the
 * optimizer maps each row's expressions on its own (`valuesScan`). So the plan of the whole
 * statement is the plan of one row repeated, and the parameterized plan equals the literal plan
 * if it does so row by row. Row r is written like row 0 (checked here on the parameterized
 * statement: each cell is the parameter of a literal of the same class and sign, or the same
 * non-parameter literal, or DEFAULT), so the two rows' one-row statements have the same shape,
 * and the cache already relies on a proof for one text holding for every text of its shape (a
 * hit): each literal's value is converted to its parameter's type as the binder would, and one
 * that does not convert sends the statement the uncached way, where the binder reports it.
 *
 * WHEN. An INSERT without WITH, whose source is a plain VALUES list of at least two rows, without
 * caller parameters (a `$1` used in two rows is typed by its first use), every literal parameter
 * inside the rows, every cell as above. Otherwise (or if the one-row proof fails) the cache
 * proves on the whole statement as before.
 */
import type { SqlType } from '@rustydb/common';
import type { Expr, InsertStmt, Statement, Values } from '@rustydb/parser';
import {
  type LiteralParam,
  matchSlot,
  type ParameterizedStatement,
  parameterizeLiterals,
} from './literal-params.js';
import type { StatementShape } from './statement-shape.js';

/** A repeated INSERT … VALUES, with its one-row statements. */
export interface RepeatedInsertRows {
  readonly rows: number;
  /** Literal parameters per row. */
  readonly perRow: number;
  /** The literal statement cut to its first row. */
  readonly literalFirstRow: Statement;
  /** The parameterized statement cut to its first row (parameters `$base+1…$base+perRow`). */
  readonly parameterizedFirstRow: Statement;
}

/**
 * The rows of `stmt` (parameterized as `rewritten`, from parameter `base` on) when they are
 * written alike (see the file comment), else undefined. Pure.
 */
export function repeatedInsertRows(
  stmt: Statement,
  rewritten: ParameterizedStatement,
  shape: StatementShape,
  base: number,
): RepeatedInsertRows | undefined {
  if (base !== 0) return undefined;
  const literalValues = plainInsertValues(stmt);
  const paramValues = plainInsertValues(rewritten.stmt);
  if (literalValues === undefined || paramValues === undefined) return undefined;
  const rows = paramValues.rows;
  if (rows.length < 2) return undefined;
  const first = rows[0]!;
  let perRow = 0;
  for (const cell of first) {
    if (cell.kind !== 'param') continue;
    // Row 0's parameters are the first ones, in cell order.
    if (cell.number !== base + perRow + 1) return undefined;
    perRow++;
  }
  // No literal parameters: nothing to prove (and the cache would keep the one-row literal plan).
  if (perRow === 0 || rewritten.literals.length !== rows.length * perRow) return undefined;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== first.length) return undefined;
    for (let i = 0; i < row.length; i++) {
      if (!sameCell(first[i]!, row[i]!, r * perRow, rewritten, shape, base)) return undefined;
    }
  }
  return {
    rows: rows.length,
    perRow,
    literalFirstRow: withFirstRow(stmt as InsertStmt, literalValues),
    parameterizedFirstRow: withFirstRow(rewritten.stmt as InsertStmt, paramValues),
  };
}

/**
 * The parameter types of the whole statement: the caller's, then row 0's literal types for
 * every row.
 */
export function repeatedRowTypes(
  firstRowTypes: readonly SqlType[],
  base: number,
  rows: RepeatedInsertRows,
): SqlType[] {
  const out: SqlType[] = firstRowTypes.slice(0, base);
  for (let r = 0; r < rows.rows; r++) {
    for (let j = 0; j < rows.perRow; j++) out.push(firstRowTypes[base + j]!);
  }
  return out;
}

/** The VALUES source of a plain `INSERT … VALUES` (no WITH, no clauses on the list), or undefined. */
function plainInsertValues(stmt: Statement): Values | undefined {
  if (stmt.kind !== 'insert' || stmt.with !== undefined) return undefined;
  const src = stmt.source;
  if (src?.kind !== 'values' || src.with !== undefined || src.orderBy.length > 0) return undefined;
  if (src.limit !== undefined || src.offset !== undefined || src.locking.length > 0) return undefined;
  return src;
}

/**
 * Is `cell` (of the row whose parameters are numbered `shift` after row 0's) written like row 0's
 * `head`? A parameter of a literal of the same class and sign, at the same place in its row; the
 * same literal where no parameter is; DEFAULT for DEFAULT. Anything else is not modelled.
 */
function sameCell(
  head: Expr,
  cell: Expr,
  shift: number,
  rewritten: ParameterizedStatement,
  shape: StatementShape,
  base: number,
): boolean {
  if (head.kind === 'param' && cell.kind === 'param') {
    if (cell.number !== head.number + shift) return false;
    const a = rewritten.literals[head.number - base - 1]!;
    const b = rewritten.literals[cell.number - base - 1]!;
    return a.negate === b.negate && shape.slotClass(a.slot) === shape.slotClass(b.slot);
  }
  if (head.kind === 'literal' && cell.kind === 'literal') {
    return head.type === cell.type && head.value === cell.value;
  }
  return head.kind === 'default' && cell.kind === 'default';
}

function withFirstRow(stmt: InsertStmt, values: Values): Statement {
  return { ...stmt, source: { ...values, rows: [values.rows[0]!] } };
}

/**
 * `parameterizeLiterals(stmt, shape, sql, base)` for a plain INSERT … VALUES whose rows are
 * written alike, derived from its first row: the general rewrite runs on the statement cut to
 * row 0, and each later row's cells are matched to row 0's directly (a literal parameter where
 * row 0 has one, of the same class and sign; the same literal where row 0 keeps one, which must
 * not be parameterizable either; DEFAULT for DEFAULT). Undefined for anything else, and the
 * caller rewrites the whole statement: the result, when there is one, is exactly the general
 * rewrite's, which walks a thousand-row statement's tree node by node (a quarter of the cold
 * first statement of a bulk load). Parameters from 0 only; every literal parameter in row 0.
 */
export function parameterizeRepeatedRows(
  stmt: Statement,
  shape: StatementShape,
  sql: string,
  base: number,
): ParameterizedStatement | undefined {
  const values = plainInsertValues(stmt);
  if (base !== 0 || values === undefined || values.rows.length < 2) return undefined;
  const first = parameterizeLiterals(withFirstRow(stmt as InsertStmt, values), shape, sql, base);
  const head = plainInsertValues(first.stmt)?.rows[0];
  const perRow = first.literals.length;
  if (head === undefined || perRow === 0) return undefined;
  let params = 0;
  for (const cell of head) if (cell.kind === 'param' && cell.number !== ++params) return undefined;
  // A parameter outside row 0 (RETURNING, ON CONFLICT) would be numbered after every row's.
  if (params !== perRow) return undefined;
  const literals: LiteralParam[] = first.literals.slice();
  const rows: (readonly Expr[])[] = [head];
  for (let r = 1; r < values.rows.length; r++) {
    const row = values.rows[r]!;
    if (row.length !== head.length) return undefined;
    const out: Expr[] = [];
    for (let i = 0; i < row.length; i++) {
      const cell = alikeCell(head[i]!, row[i]!, first.literals, shape, sql, literals);
      if (cell === undefined) return undefined;
      out.push(cell);
    }
    rows.push(out);
  }
  const used = new Uint8Array(shape.slotCount);
  for (const literal of literals) used[literal.slot] = 1;
  const frozen: number[] = [];
  for (let i = 0; i < used.length; i++) if (used[i] === 0) frozen.push(i);
  const rewritten = first.stmt as InsertStmt;
  return { stmt: { ...rewritten, source: { ...values, rows } }, literals, frozen };
}

/**
 * Row r's `cell` as the general rewrite makes it, when it is written like row 0's `head` (see
 * parameterizeRepeatedRows), else undefined. A new literal parameter is appended to `literals`.
 */
function alikeCell(
  head: Expr,
  cell: Expr,
  firstRow: readonly LiteralParam[],
  shape: StatementShape,
  sql: string,
  literals: LiteralParam[],
): Expr | undefined {
  if (head.kind === 'default') return cell.kind === 'default' ? cell : undefined;
  if (cell.kind !== 'literal') return undefined;
  const found = matchSlot(cell as unknown as Record<string, unknown>, shape, sql);
  if (head.kind === 'literal') {
    // Kept as written in row 0: the same literal, which the general rewrite would keep as well.
    return found === undefined && cell.type === head.type && cell.value === head.value ? cell : undefined;
  }
  if (head.kind !== 'param' || found === undefined) return undefined;
  const model = firstRow[head.number - 1]!;
  if (found.negate !== model.negate || shape.slotClass(found.slot) !== shape.slotClass(model.slot)) {
    return undefined;
  }
  literals.push(found);
  return { kind: 'param', number: literals.length, location: cell.location };
}
