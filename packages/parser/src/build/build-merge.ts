/**
 * MERGE from the parse tree (PostgreSQL 15's grammar: no RETURNING).
 */
import type { MergeStmt, MergeWhen } from '../ast/index.js';
import type { MergeStmtContext, MergeWhenClauseContext } from '../generated/PostgreSqlParser.js';
import { buildSetClauses, columnName, target } from './build-dml.js';
import { buildExpr } from './build-expr.js';
import { buildTableRef, buildWithClause } from './build-select.js';
import { loc } from './names.js';

export function buildMergeStmt(ctx: MergeStmtContext): MergeStmt {
  const withCtx = ctx.withClause();
  return {
    kind: 'merge',
    ...(withCtx ? { with: buildWithClause(withCtx) } : {}),
    ...target(ctx.relationExprOptAlias()),
    source: buildTableRef(ctx.tableRef()),
    on: buildExpr(ctx.aExpr()),
    when: ctx.mergeWhenClause().map(buildMergeWhen),
    location: loc(ctx),
  };
}

function buildMergeWhen(ctx: MergeWhenClauseContext): MergeWhen {
  const cond = ctx.aExpr();
  const condition = cond ? { condition: buildExpr(cond) } : {};
  const location = loc(ctx);
  if (!ctx.NOT()) {
    const set = ctx.setClauseList();
    const action = set ? 'update' : ctx.DELETE() ? 'delete' : 'nothing';
    return { matched: true, ...condition, action, set: set ? buildSetClauses(set) : [], location };
  }
  const ins = ctx.mergeInsert();
  if (!ins) return { matched: false, ...condition, action: 'nothing', columns: [], location };
  const values = ins.exprList();
  return {
    matched: false,
    ...condition,
    action: 'insert',
    columns: ins.insertColumn().map((c) => columnName(c.colId())),
    ...(ins.OVERRIDING() ? { overriding: ins.USER() ? ('user' as const) : ('system' as const) } : {}),
    ...(values ? { values: values.aExpr().map(buildExpr) } : {}),
    location,
  };
}
