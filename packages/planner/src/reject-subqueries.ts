/**
 * The places where PostgreSQL's transformSubLink refuses a subquery (CALL arguments, EXECUTE
 * parameters, generation expressions, …): which AST nodes are subqueries, and the 0A000 error
 * `cannot use subquery in <where>` at the first one.
 */
import { DbError } from '@rustydb/common';
import { forEachNode } from '@rustydb/parser';

/** The AST node kinds of a subquery (a SubLink in PostgreSQL: ARRAY(SELECT …) included). */
export const SUBQUERY_KINDS: ReadonlySet<string> = new Set([
  'subquery',
  'exists',
  'inSubquery',
  'quantifiedSubquery',
  'arraySubquery',
]);

/**
 * Throws 0A000 `cannot use subquery in <where>` at the first subquery in `nodes` (an AST node or
 * list), positioned at it, else at `fallback` (a 0-based offset) when the node has no location.
 */
export function rejectSubqueries(nodes: unknown, where: string, fallback?: number): void {
  let location: number | undefined;
  const found = forEachNode(nodes, (n) => {
    if (n.kind === undefined || !SUBQUERY_KINDS.has(n.kind)) return false;
    location = (n as { location?: number }).location ?? fallback;
    return true;
  });
  if (found) {
    throw new DbError(
      '0A000',
      `cannot use subquery in ${where}`,
      location === undefined ? {} : { position: location + 1 },
    );
  }
}
