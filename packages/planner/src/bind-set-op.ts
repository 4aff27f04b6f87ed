/**
 * Set operations: `left UNION | INTERSECT | EXCEPT [ALL] right` → SetOpNode.
 *
 * Types follow PostgreSQL's transformSetOperationTree: nested set operations resolve bottom-up;
 * for each column the two branches' types meet at their common type (42804 `UNION types integer
 * and text cannot be matched` otherwise); untyped literals of a plain SELECT branch stay unknown
 * until then, and two unknowns resolve to text. Column names come from the leftmost branch.
 * ORDER BY on the result may name output columns or ordinals only (bind-select.ts `finish`).
 */
import { DbError, formatTypeName, type SqlType, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr, LogicalPlan, PlanColumn } from './logical-plan.js';
import type { Scope } from './scope.js';
import { commonType } from './type-rules.js';

const TEXT = sqlType('text');

type BindBranch = (q: ast.SelectStmt, outer: Scope | undefined, keepUnknown: boolean) => LogicalPlan;

/** Binds a set operation (without its ORDER BY / LIMIT, which the caller applies). */
export function bindSetOperation(
  q: ast.SetOperation,
  outer: Scope | undefined,
  params: ParamTypes,
  bindBranch: BindBranch,
): LogicalPlan {
  const opName = q.op.toUpperCase();
  const branch = (b: ast.SelectStmt): LogicalPlan =>
    b.kind === 'setOp' && isBare(b)
      ? bindSetOperation(b, outer, params, bindBranch)
      : bindBranch(b, outer, b.kind === 'select' && isBare(b) && !b.distinct);
  const left = branch(q.left);
  const right = branch(q.right);
  const rightPos = (i: number) => targetLocation(q.right, i) ?? q.location + 1;
  if (left.columns.length !== right.columns.length) {
    throw new DbError('42601', `each ${opName} query must have the same number of columns`, {
      position: rightPos(0),
    });
  }
  const types: SqlType[] = left.columns.map((lc, i) => {
    const rt = right.columns[i].type;
    if (lc.type.name === 'unknown' && rt.name === 'unknown') return TEXT;
    const t = commonType([lc.type, rt]);
    if (!t) {
      throw new DbError(
        '42804',
        `${opName} types ${formatTypeName(lc.type)} and ${formatTypeName(rt)} cannot be matched`,
        { position: rightPos(i) },
      );
    }
    return t;
  });
  const columns: PlanColumn[] = left.columns.map((c, i) => ({
    name: c.name,
    type: types[i],
    tableOid: 0,
    columnAttnum: 0,
  }));
  return {
    kind: 'setOp',
    op: q.op,
    all: q.all,
    left: coerceOutputs(left, types, params, rightPos(0)),
    right: coerceOutputs(right, types, params, rightPos(0)),
    columns,
  };
}

/** A query expression without clauses of its own (its branches bind as one tree). */
function isBare(q: ast.SelectStmt): boolean {
  return !q.with && q.orderBy.length === 0 && !q.limit && !q.offset && q.locking.length === 0;
}

function targetLocation(q: ast.SelectStmt, i: number): number | undefined {
  if (q.kind === 'select') return q.targets[i] ? q.targets[i].location + 1 : undefined;
  if (q.kind === 'values') return q.rows[0][i] ? q.rows[0][i].location + 1 : undefined;
  return targetLocation(q.left, i);
}

/**
 * `plan` with its output columns converted to `types`: in place when it is a projection or a
 * VALUES list (so unknown literals convert at bind time), else under a new projection.
 */
export function coerceOutputs(
  plan: LogicalPlan,
  types: readonly SqlType[],
  params: ParamTypes,
  position: number,
): LogicalPlan {
  if (plan.columns.every((c, i) => c.type.name === types[i].name && c.type.typmod === types[i].typmod)) {
    return plan;
  }
  const columns = plan.columns.map((c, i) => retype(c, types[i]));
  const conv = (e: LogicalExpr, i: number) => coerceImplicit(e, types[i], params, position);
  if (plan.kind === 'project') return { ...plan, exprs: plan.exprs.map(conv), columns };
  if (plan.kind === 'values') return { ...plan, rows: plan.rows.map((r) => r.map(conv)), columns };
  const exprs = plan.columns.map((c, i) =>
    conv({ kind: 'column', type: c.type, index: i, name: c.name } as LogicalExpr, i),
  );
  return { kind: 'project', input: plan, exprs, columns };
}

function retype(c: PlanColumn, type: SqlType): PlanColumn {
  if (c.type.name === type.name && c.type.typmod === type.typmod) return c;
  return { name: c.name, type, tableOid: 0, columnAttnum: 0 };
}
