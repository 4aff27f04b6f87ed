/**
 * User-defined functions where a set can go: a FROM item (`FROM f(1) WITH ORDINALITY AS x(a, n)`,
 * LATERAL calls included) and a select-list item (`SELECT f(1)`, run by ProjectSet in lockstep
 * with the built-in set-returning functions). The call binds as any call does (overload
 * resolution, defaults, named arguments: bind-routine-call.ts); what it returns decides the
 * columns, as PostgreSQL's addRangeTableEntryForFunction:
 *
 * - a scalar result (`RETURNS [SETOF] integer`): one column named after the function (a FROM
 *   alias renames it, as for unnest);
 * - RETURNS TABLE (…): one column per table column, named as the table's;
 * - a named composite (`RETURNS SETOF c2`): one column per field of the type.
 *
 * A function that does not return a set is allowed in FROM too (one row), as in PostgreSQL.
 * Elsewhere, a set-returning user function is 0A000 when the plan is built (routine-call.ts).
 */
import type { SqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder } from './bind-expr.js';
import type { LogicalExpr } from './logical-plan.js';
import type { Scope } from './scope.js';

/** A bound call of a user-defined function: its OID, arguments, and the columns of its rows. */
export interface RoutineSetCall {
  readonly oid: number;
  readonly name: string;
  readonly args: readonly LogicalExpr[];
  readonly set: boolean;
  /** The result type: a scalar type, or a record whose fields are the columns. */
  readonly type: SqlType;
  /** RETURNS TABLE: the columns are named by the function (an alias does not rename a lone one). */
  readonly outColumns: boolean;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
}

/**
 * Could `call` name a user-defined function (a set-returning one with `setOnly`)? Checked before
 * binding, so that a call of a built-in is bound once, by the code that always bound it.
 */
export function mayBeRoutine(b: ExprBinder, call: ast.Expr, setOnly = false): call is ast.FuncCall {
  if (call.kind !== 'funcCall' || call.over !== undefined) return false;
  const found = b.state.extensions?.functionsNamed?.(call.name);
  return found?.some((f) => !setOnly || f.row.returnsSet) === true;
}

/**
 * `call` bound, when overload resolution picks a user-defined function; undefined when it picks
 * a built-in one. Sync. @throws DbError as binding the call does (42883, 42725, …).
 */
export function bindRoutineSetCall(
  b: ExprBinder,
  call: ast.FuncCall,
  scope: Scope,
  clause: string,
): RoutineSetCall | undefined {
  const bound = b.bind(call, { scope, clause });
  if (bound.kind !== 'func' || bound.routine === undefined) return undefined;
  const oid = bound.routine.oid;
  const def = b.state.extensions?.functionsNamed?.(call.name)?.find((f) => f.oid === oid);
  const type = bound.type;
  return {
    oid,
    name: bound.name,
    args: bound.args,
    set: bound.routine.set === true,
    type,
    columns: def?.columns ?? type.composite?.fields ?? [{ name: call.name, type }],
    outColumns: def?.columns !== undefined || type.composite !== undefined,
  };
}
