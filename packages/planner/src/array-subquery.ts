/**
 * `ARRAY(subquery)`: the subquery's single column as an array, in the subquery's row order,
 * `{}` when it returns no rows. Rewritten, like quantified-subquery.ts, into a scalar subquery
 * aggregating the original one:
 *
 *   (SELECT coalesce(array_agg("?array?"."?value?"), '{}') FROM (subquery) AS "?array?"("?value?"))
 *
 * The aggregate reads its input in order, so an ORDER BY inside the subquery orders the array.
 */
import type * as ast from '@rustydb/parser';
import { formatQuery, parseExpression } from '@rustydb/parser';

/** The scalar subquery computing `ARRAY(e.query)`. Pure; throws only on our own bugs. */
export function arraySubqueryAsScalar(e: ast.ArraySubquery): ast.Expr {
  return parseExpression(
    `(SELECT coalesce(array_agg("?array?"."?value?"), '{}') FROM (${formatQuery(e.query)}) AS "?array?"("?value?"))`,
  );
}
