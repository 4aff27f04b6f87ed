/**
 * A call of a user-defined function (routine-signatures.ts) once overload resolution chose it:
 * the arguments coerced to the parameters' types, the defaults of the parameters left out
 * appended (their stored SQL text parsed and bound here, as PostgreSQL's
 * add_function_defaults inserts proargdefaults), and the call marked with the function so the
 * executor runs it through the engine. A trigger function cannot be called (0A000), nor a
 * set-returning one outside FROM and the select list (0A000, as PostgreSQL's check_srf_call_placement).
 *
 * The call of a CALL statement passes an argument for every parameter, OUT ones included: they
 * are coerced to their parameters' types (so resolution and errors are PostgreSQL's) and then
 * left out, as CALL passes only the inputs.
 *
 * Calling the routine needs EXECUTE on it (required-privileges.ts), checked when the plan runs.
 */
import type { FunctionDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { parseExpression } from '@rustydb/parser';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import { coerceImplicit } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import { callParameters } from './routine-signatures.js';

/**
 * Where a set-returning function may be called: a FROM item, a select-list item (bind-routine-set.ts;
 * one nested deeper in these clauses fails when the plan is built, routine-call.ts in the executor).
 */
const SET_CLAUSES: ReadonlySet<string> = new Set(['SELECT', 'FROM']);

export function bindRoutineCall(
  b: ExprBinder,
  f: FunctionDef,
  args: readonly LogicalExpr[],
  argExprs: readonly ast.Expr[],
  ctx: ExprContext,
  position: number,
  call = false,
): LogicalExpr {
  if (f.result === undefined) {
    throw new DbError('0A000', 'trigger functions can only be called as triggers');
  }
  if (f.row.returnsSet && !SET_CLAUSES.has(ctx.clause)) {
    throw new DbError('0A000', `set-returning functions are not allowed in ${ctx.clause}`, { position });
  }
  b.state.privileges.requireExecute(f.oid, f.name);
  const params = b.state.params;
  const declared = callParameters(f, call);
  const coerced = args.map((a, i) => coerceImplicit(a, declared[i]!.type, params, argExprs[i]!.location + 1));
  for (let i = args.length; i < declared.length; i++) {
    const text = declared[i]!.default!;
    coerced.push(coerceImplicit(b.bind(parseExpression(text), ctx), declared[i]!.type, params, position));
  }
  return {
    kind: 'func',
    type: f.result,
    name: f.name,
    args: call ? coerced.filter((_, i) => declared[i]!.mode !== 'o') : coerced,
    routine: {
      oid: f.oid,
      volatile: f.row.volatility === 'v',
      immutable: f.row.volatility === 'i',
      ...(f.row.returnsSet ? { set: true as const } : {}),
    },
  };
}
