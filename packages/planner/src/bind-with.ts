/**
 * WITH and WITH RECURSIVE: common table expressions → a WithNode over the query, whose FROM
 * items scan the CTEs by id (CteScanNode).
 *
 * Names: each WITH pushes a frame on BindState.ctes; FROM resolves an unqualified name against
 * the frames innermost first, before the catalog (bind-from.ts). A CTE sees the CTEs listed
 * before it; a recursive one also sees itself, as a WorkTableScan of the previous iteration.
 *
 * Recursion follows PostgreSQL: the query must be `non-recursive UNION [ALL] recursive`, the
 * non-recursive term fixes the column types (the recursive term is coerced to them, 42804 when
 * its types would widen them), and the self-reference may appear only in the recursive term.
 */
import { DbError, formatType, formatTypeName } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { BindState, CteRef } from './bind-expr.js';
import { coerceOutputs } from './bind-set-op.js';
import type { CteDef, LogicalPlan, PlanColumn } from './logical-plan.js';
import type { Scope } from './scope.js';
import { commonType } from './type-rules.js';

type BindQuery = (q: ast.SelectStmt, outer: Scope | undefined) => LogicalPlan;

/** Binds `body` under the CTEs of `w`; returns the WithNode (or the body when no CTE is defined). */
export function bindWith(
  w: ast.WithClause,
  outer: Scope | undefined,
  state: BindState,
  bindQuery: BindQuery,
  body: () => LogicalPlan,
): LogicalPlan {
  const frame = new Map<string, CteRef>();
  state.ctes.push(frame);
  try {
    const ctes: CteDef<LogicalPlan>[] = [];
    for (const cte of w.ctes) {
      if (frame.has(cte.name)) {
        throw new DbError('42712', `WITH query name "${cte.name}" specified more than once`, {
          position: cte.location + 1,
        });
      }
      const q = cte.query;
      if (q.kind === 'insert' || q.kind === 'update' || q.kind === 'delete') {
        throw new DbError('0A000', 'data-modifying statements in WITH are not supported', {
          position: cte.location + 1,
        });
      }
      const id = ++state.cteCount;
      const plan =
        w.recursive && referencesName(q, cte.name)
          ? bindRecursive(cte, q, id, outer, state, frame, bindQuery)
          : renameColumns(bindQuery(q, outer), cte);
      frame.set(cte.name, { id, name: cte.name, columns: plan.columns, workTable: false });
      ctes.push({ id, name: cte.name, plan });
    }
    const input = body();
    return ctes.length === 0 ? input : { kind: 'with', ctes, input, columns: input.columns };
  } finally {
    state.ctes.pop();
  }
}

function bindRecursive(
  cte: ast.CommonTableExpr,
  q: ast.SelectStmt,
  id: number,
  outer: Scope | undefined,
  state: BindState,
  frame: Map<string, CteRef>,
  bindQuery: BindQuery,
): LogicalPlan {
  const pos = cte.location + 1;
  if (q.kind !== 'setOp' || q.op !== 'union') {
    throw new DbError(
      '42P19',
      `recursive query "${cte.name}" does not have the form non-recursive-term UNION [ALL] recursive-term`,
      { position: pos },
    );
  }
  if (q.orderBy.length > 0) throw new DbError('0A000', 'ORDER BY in a recursive query is not implemented');
  if (q.limit || q.offset) throw new DbError('0A000', 'LIMIT in a recursive query is not implemented');
  if (referencesName(q.left, cte.name)) {
    throw new DbError(
      '42P19',
      `recursive reference to query "${cte.name}" must not appear within its non-recursive term`,
      { position: pos },
    );
  }
  const nonRecursive = renameColumns(bindQuery(q.left, outer), cte);
  const columns = nonRecursive.columns;
  frame.set(cte.name, { id, name: cte.name, columns, workTable: true });
  let recursive = bindQuery(q.right, outer);
  if (recursive.columns.length !== columns.length) {
    throw new DbError('42601', 'each UNION query must have the same number of columns', { position: pos });
  }
  columns.forEach((c, i) => {
    const t = recursive.columns[i].type;
    if (t.name === 'unknown' || t.name === c.type.name) return;
    const common = commonType([c.type, t]);
    if (!common || common.name !== c.type.name) {
      const overall = common ? formatTypeName(common) : formatTypeName(t);
      throw new DbError(
        '42804',
        `recursive query "${cte.name}" column ${i + 1} has type ${formatType(c.type)} in non-recursive term but type ${overall} overall`,
        { position: pos, hint: 'Cast the output of the non-recursive term to the correct type.' },
      );
    }
  });
  recursive = coerceOutputs(
    recursive,
    columns.map((c) => c.type),
    state.params,
    pos,
  );
  return {
    kind: 'recursiveUnion',
    cteId: id,
    all: q.all,
    nonRecursive,
    recursive: { ...recursive, columns } as LogicalPlan,
    columns,
  };
}

/** The CTE's plan with its column list `WITH t(a, b)` applied. */
function renameColumns(plan: LogicalPlan, cte: ast.CommonTableExpr): LogicalPlan {
  if (cte.columns.length === 0) return plan;
  if (cte.columns.length > plan.columns.length) {
    throw new DbError(
      '42P10',
      `WITH query "${cte.name}" has ${plan.columns.length} columns available but ${cte.columns.length} columns specified`,
      { position: cte.location + 1 },
    );
  }
  const columns: PlanColumn[] = plan.columns.map((c, i) => ({ ...c, name: cte.columns[i] ?? c.name }));
  return { ...plan, columns } as LogicalPlan;
}

/** Does the AST mention `name` as an unqualified FROM item? (Shadowing is not considered.) */
export function referencesName(node: unknown, name: string): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const r = n as { kind?: string; name?: { name?: string; schema?: string } };
    if (r.kind === 'relation' && r.name?.name === name && r.name.schema === undefined) return true;
    for (const v of Object.values(n)) if (v && typeof v === 'object') stack.push(v);
  }
  return false;
}
