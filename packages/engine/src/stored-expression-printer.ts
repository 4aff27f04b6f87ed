/**
 * The printer of stored expressions the engine gives the computed catalogs
 * (SessionInfo.printExpression): the catalog's text is parsed and bound over the row it reads
 * (planner's bindStoredExpression) and printed as PostgreSQL's ruleutils prints the node tree it
 * stored (optimizer's deparseStored). Names come from the statement's catalog view, so a
 * renamed column or type shows its new name, and a type outside the search path is qualified.
 */
import { type CatalogView, formatEnumType, quoteIdent, type StoredExpression } from '@rustydb/catalog';
import { DbError, type TimeZone } from '@rustydb/common';
import { deparseStored, looksLikeFunction } from '@rustydb/optimizer';
import { bindStoredExpression } from '@rustydb/planner';

/** `e` as ruleutils prints it (timestamptz constants in `zone`); undefined when its text no longer binds (it then shows as stored). */
export function printStoredExpression(
  e: StoredExpression,
  view: CatalogView,
  pretty: boolean,
  zone: TimeZone,
): string | undefined {
  const row = e.domain
    ? { name: e.domain.name, columns: [{ name: 'value', type: e.domain.baseType }] }
    : e.table;
  let bound: ReturnType<typeof bindStoredExpression>;
  try {
    bound = bindStoredExpression(e.sql, e.role === 'condition' ? 'condition' : 'value', row, view, e.type);
  } catch (err) {
    if (err instanceof DbError) return undefined;
    throw err;
  }
  const text = deparseStored(bound, pretty, {
    userType: (t) => formatEnumType(t, view),
    column: quoteIdent,
    domainValue: e.domain !== undefined,
    zone,
  });
  // pg_get_indexdef sets an expression key in parentheses unless it reads as a function call.
  return e.role !== 'indexKey' || looksLikeFunction(bound) ? text : `(${text})`;
}
