/**
 * `x op ANY (subquery)` and `x op ALL (subquery)` for the operators the executor has no
 * dedicated form for (it runs `= ANY` as IN and `<> ALL` as NOT IN). PostgreSQL's semantics:
 *
 *   ANY: true if `x op v` is true for some row v; else NULL if it is NULL for some row; else
 *        false (so false for an empty subquery);
 *   ALL: false if `x op v` is false for some row; else NULL if it is NULL for some row; else
 *        true (so true for an empty subquery).
 *
 * Both are rewritten into a correlated scalar subquery over the original one, which computes
 * exactly that with aggregates (`count(c)` skips the NULL comparisons):
 *
 *   (SELECT CASE WHEN bool_or(c) THEN true WHEN count(*) = count(c) THEN false END
 *      FROM (subquery) AS "?quantified?"("?value?"))         -- ANY, c = x op "?value?"
 *   (SELECT CASE WHEN bool_or(NOT c) THEN false WHEN count(*) = count(c) THEN true END …) -- ALL
 *
 * NB: `x` is evaluated inside the new subquery as an outer reference, so the names above are
 * chosen so that no user column can be captured by them; error positions inside `x` then point
 * into the rewritten text rather than the statement.
 */
import type * as ast from '@rustydb/parser';
import { formatExpr, formatQuery, parseExpression } from '@rustydb/parser';

/** The scalar subquery computing `e` (see the file comment). Pure; throws only on our own bugs. */
export function quantifiedAsScalarSubquery(e: ast.QuantifiedSubquery): ast.Expr {
  const c = `(${formatExpr(e.left)}) ${e.op} "?quantified?"."?value?"`;
  const decide =
    e.quantifier === 'any'
      ? `CASE WHEN bool_or(${c}) THEN true WHEN count(*) = count(${c}) THEN false END`
      : `CASE WHEN bool_or(NOT (${c})) THEN false WHEN count(*) = count(${c}) THEN true END`;
  return parseExpression(`(SELECT ${decide} FROM (${formatQuery(e.query)}) AS "?quantified?"("?value?"))`);
}

/**
 * A row compared with a subquery of `width` columns, rewritten the same way (PostgreSQL's
 * ROWCOMPARE, ANY and ALL sublinks with a row on the left): with `single`, `(a, b) op (SELECT x,
 * y …)` compares the row with the subquery's one row (NULL when it has none, 21000 when it has
 * several); with `any`/`all`, `(a, b) IN (SELECT …)` / `op ANY|ALL (…)` decide as in the file
 * comment, each row comparison following SQL's NULL rules (bind-row-comparison.ts). The caller
 * checks the widths match. Pure.
 */
export function rowSubqueryAsScalar(
  left: ast.Row,
  op: string,
  quantifier: 'any' | 'all' | 'single',
  query: ast.SelectStmt,
  width: number,
): ast.Expr {
  const names = Array.from({ length: width }, (_, i) => `"?value${i + 1}?"`);
  const right = `ROW(${names.map((n) => `"?quantified?".${n}`).join(', ')})`;
  const c = `${formatExpr(left)} ${op} ${right}`;
  const decide =
    quantifier === 'single'
      ? c
      : quantifier === 'any'
        ? `CASE WHEN bool_or(${c}) THEN true WHEN count(*) = count(${c}) THEN false END`
        : `CASE WHEN bool_or(NOT (${c})) THEN false WHEN count(*) = count(${c}) THEN true END`;
  return parseExpression(
    `(SELECT ${decide} FROM (${formatQuery(query)}) AS "?quantified?"(${names.join(', ')}))`,
  );
}
