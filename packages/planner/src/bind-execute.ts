/**
 * EXECUTE name (args)'s arguments (PostgreSQL's EvaluateParams): each argument bound as an
 * expression of no row, where subqueries, aggregates, GROUPING, window functions and
 * set-returning functions are not allowed, then coerced to its parameter's type as an
 * assignment is. What EXECUTE evaluates is a one-row plan of those values; the engine runs it and
 * executes the prepared statement with that row.
 *
 * Errors as PostgreSQL 15's: 0A000 `cannot use subquery in EXECUTE parameter` (checked before
 * the argument is bound, as transformSubLink refuses one at once), 42803 `aggregate functions are
 * not allowed in EXECUTE parameters` (and `grouping operations …`), 42P20 `window functions are not
 * allowed in EXECUTE parameters`, 0A000 `set-returning functions are not allowed in EXECUTE
 * parameters`, 42804 `parameter $1 of type text cannot be coerced to the expected type integer`.
 */
import { DbError, formatType, type SqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { BindContext } from './bind-statement.js';
import { rejectSubqueries } from './reject-subqueries.js';
import { createBinders } from './bind-statement.js';
import { coerce } from './coerce.js';
import type { LogicalPlan } from './logical-plan.js';
import { attachPrivileges } from './required-privileges.js';
import { Scope } from './scope.js';

const CLAUSE = 'EXECUTE parameters';

/**
 * Binds EXECUTE's arguments `args` (written at `spans` of `ctx.sql`) for the parameter types
 * `types` (as many as `args`: the caller checked the count) into a one-row plan of their values.
 * Sync. @throws DbError as the file comment says, and binder errors (42703, 42P02, …).
 */
export function bindExecuteArguments(
  args: readonly ast.Expr[],
  spans: readonly { readonly location: number }[],
  types: readonly SqlType[],
  ctx: BindContext,
): LogicalPlan {
  const b = createBinders(ctx);
  const scope = new Scope([], undefined);
  const exprs = args.map((arg, i) => {
    rejectSubqueries(arg, 'EXECUTE parameter');
    const bound = b.exprs.bind(arg, { scope, clause: CLAUSE });
    const position = spans[i]!.location + 1;
    const coerced = coerce(bound, types[i]!, 'assignment', b.state.params, position);
    if (coerced === undefined) {
      throw new DbError(
        '42804',
        `parameter $${i + 1} of type ${formatType(bound.type)} cannot be coerced to the expected type ${formatType(types[i]!)}`,
        { position, hint: 'You will need to rewrite or cast the expression.' },
      );
    }
    return coerced;
  });
  const plan: LogicalPlan = {
    kind: 'project',
    input: { kind: 'result', columns: [] },
    exprs,
    columns: exprs.map((e, i) => ({ name: `$${i + 1}`, type: e.type, tableOid: 0, columnAttnum: 0 })),
  };
  attachPrivileges(plan, b.state.privileges.list);
  return plan;
}
