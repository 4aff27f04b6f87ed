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
 *
 * Data-modifying CTEs (`WITH d AS (DELETE … RETURNING …)`): allowed only in the statement's own
 * WITH (`BindState.topWith`), never in a subquery's or a CTE's, as PostgreSQL (0A000). Their
 * plan is the INSERT / UPDATE / DELETE node, whose output columns are its RETURNING list; the
 * executor runs each exactly once, to completion (cte.ts).
 */
import { DbError, formatType, formatTypeName } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { forEachNode } from '@rustydb/parser';
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
        const plan = renameColumns(bindDataModifying(w, cte, q, state), cte);
        const id = ++state.cteCount;
        const noReturning = q.returning.length === 0;
        frame.set(cte.name, { id, name: cte.name, columns: plan.columns, workTable: false, noReturning });
        ctes.push({ id, name: cte.name, plan });
        continue;
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

/** An INSERT / UPDATE / DELETE CTE: PostgreSQL's parse_cte.c checks, then the statement's plan. */
function bindDataModifying(
  w: ast.WithClause,
  cte: ast.CommonTableExpr,
  q: ast.InsertStmt | ast.UpdateStmt | ast.DeleteStmt,
  state: BindState,
): LogicalPlan {
  const position = cte.location + 1;
  if (w !== state.topWith || !state.bindDml) {
    throw new DbError('0A000', 'WITH clause containing a data-modifying statement must be at the top level', {
      position,
    });
  }
  if (w.recursive && referencesName(q, cte.name)) {
    throw new DbError('42P19', `recursive query "${cte.name}" must not contain data-modifying statements`, {
      position,
    });
  }
  return state.bindDml(q);
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

/**
 * Does the statement's own WITH hold an INSERT / UPDATE / DELETE? Such a query runs to
 * completion at once (a portal holds its rows) and cannot be a view or a cursor.
 */
export function hasDataModifyingWith(stmt: ast.Statement): boolean {
  const w = 'with' in stmt ? stmt.with : undefined;
  return (
    w?.ctes.some(
      (c) => c.query.kind === 'insert' || c.query.kind === 'update' || c.query.kind === 'delete',
    ) === true
  );
}

/** Does the AST mention `name` as an unqualified FROM item? (Shadowing is not considered.) */
export function referencesName(node: unknown, name: string): boolean {
  return forEachNode(node, (n) => {
    const r = n as { kind?: string; name?: { name?: string; schema?: string } };
    return r.kind === 'relation' && r.name?.name === name && r.name.schema === undefined;
  });
}
