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
