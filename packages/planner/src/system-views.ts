/**
 * System views the catalog does not store: pg_catalog relations whose rows are the server's
 * state, not catalog rows (PostgreSQL defines them as views over set-returning functions). The
 * binder turns a FROM reference to one into a Function Scan of its function, so the rows are
 * read when the statement runs (cached plans stay right) through the executor's
 * `ExecutionContext.systemRows`. A real relation or view of the same name found first wins, as
 * it would through the search path.
 */
import { SET_RETURNING, type SetReturningSignature } from './function-signatures.js';

/** View name → the set-returning function that produces its rows. */
const SYSTEM_VIEWS: ReadonlyMap<string, string> = new Map([['pg_prepared_xacts', 'pg_prepared_xact']]);

/** The function behind system view `name` (unqualified or in pg_catalog), if it is one. */
export function systemViewFunction(
  name: string,
  schema: string | undefined,
): SetReturningSignature | undefined {
  if (schema !== undefined && schema !== 'pg_catalog') return undefined;
  const fn = SYSTEM_VIEWS.get(name);
  return fn === undefined ? undefined : SET_RETURNING.find((s) => s.name === fn);
}
