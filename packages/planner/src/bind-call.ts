/**
 * CALL name(args) (PostgreSQL's transformCallStmt): the call resolved as any function call is
 * (overload resolution, named arguments, defaults: bind-routine-call.ts), counting the
 * procedure's OUT parameters, which take an argument each (any value: CALL ignores it, as
 * PostgreSQL passes NULL). What CALL then evaluates is a one-row plan of the input arguments,
 * coerced to the parameters' types, in the order of the procedure's inputs (IN, INOUT): the
 * engine runs it and calls the procedure with that row.
 *
 * Errors as PostgreSQL's: 0A000 `cannot use subquery in CALL argument`, 42883 `procedure p(integer) does not exist`, 42809 `abs(integer) is
 * not a procedure` (a function chosen), 42725 for several equally good procedures.
 */
import type { FunctionDef } from '@rustydb/catalog';
import { InternalError, type SqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { BindContext } from './bind-statement.js';
import { createBinders, settleParamTypes } from './bind-statement.js';
import type { LogicalPlan } from './logical-plan.js';
import { attachPrivileges } from './required-privileges.js';
import { rejectSubqueries } from './reject-subqueries.js';
import { callParameters } from './routine-signatures.js';
import { Scope } from './scope.js';

/** A bound CALL: the procedure, and the plan of its input arguments' values. */
export interface BoundCall {
  readonly procedure: FunctionDef;
  /** One row: the value of each input parameter (IN, INOUT), defaults included. */
  readonly plan: LogicalPlan;
  /** The types of the statement's `$n` (given or inferred from the parameters they fill). */
  readonly paramTypes: readonly SqlType[];
  /**
   * The 0-based number of the first `$n` whose type was neither given nor inferred (one the call
   * skips: `CALL p($2)`), typed text in `paramTypes`; a prepared CALL refuses it (42P18).
   */
  readonly undeterminedParam?: number;
  /**
   * For each declared parameter (OUT ones included, in order), the index of the call's
   * argument that fills it; undefined for one left to its default.
   */
  readonly arguments: readonly (number | undefined)[];
}

/** Binds `stmt` against `ctx.catalog`. Sync. @throws DbError 42883, 42809, 42725, binder errors. */
export function bindCall(stmt: ast.CallStmt, ctx: BindContext): BoundCall {
  // transformSubLink refuses a subquery here (EXPR_KIND_CALL_ARGUMENT), before resolution.
  rejectSubqueries(stmt.call.args, 'CALL argument', stmt.call.location);
  const b = createBinders(ctx);
  const scope = new Scope([], undefined);
  const bound = b.exprs.bind(stmt.call, { scope, clause: 'CALL', call: true });
  const oid = bound.kind === 'func' ? bound.routine?.oid : undefined;
  const procedure = b.state.extensions?.functionsNamed?.(stmt.call.name)?.find((f) => f.oid === oid);
  if (bound.kind !== 'func' || procedure === undefined) {
    throw new InternalError(`CALL ${stmt.call.name} bound to no procedure`);
  }
  const plan: LogicalPlan = {
    kind: 'project',
    input: { kind: 'result', columns: [] },
    exprs: bound.args,
    columns: bound.args.map((a, i) => ({
      name: `arg${i + 1}`,
      type: a.type,
      tableOid: 0,
      columnAttnum: 0,
    })),
  };
  attachPrivileges(plan, b.state.privileges.list);
  return {
    procedure,
    plan,
    ...settleParamTypes(b.state.params.types),
    arguments: argumentPositions(stmt.call, procedure),
  };
}

/** Which argument of `call` fills each declared parameter of `procedure` (named notation too). */
function argumentPositions(call: ast.FuncCall, procedure: FunctionDef): (number | undefined)[] {
  const params = callParameters(procedure, true);
  const at: (number | undefined)[] = params.map(() => undefined);
  call.args.forEach((_, i) => {
    const name = call.argNames?.[i];
    const p = name === null || name === undefined ? i : params.findIndex((q) => q.name === name);
    if (p >= 0) at[p] = i;
  });
  return at;
}
