/**
 * Subqueries in expressions: scalar, EXISTS, IN / = ANY (one column, compared as `=` would) and
 * row constructors compared with a subquery (rewritten by quantified-subquery.ts). A subquery
 * binds against the enclosing scope (the grouped row in a grouped level); `correlated[level]`
 * records whether it referenced an outer column.
 */
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder, ExprContext, Grouping } from './bind-expr.js';
import type { LogicalExpr } from './logical-plan.js';
import { rowSubqueryAsScalar } from './quantified-subquery.js';
import { Scope } from './scope.js';

const BOOL = sqlType('bool');
const TEXT = sqlType('text');

/**
 * A row compared with a subquery (quantified-subquery.ts `rowSubqueryAsScalar`), `negated` for
 * NOT IN. Throws 42601 `subquery has too many|few columns` when the widths differ.
 */
export function bindRowSubquery(
  b: ExprBinder,
  left: ast.Row,
  op: string,
  quantifier: 'any' | 'all' | 'single',
  query: ast.SelectStmt,
  negated: boolean,
  ctx: ExprContext,
  pos: number,
): LogicalExpr {
  // The subquery's width, from a bind of its own (the rewrite binds it again, inside).
  const scope = ctx.grouping ? groupedScope(ctx.grouping) : ctx.scope;
  const level = scope.level + 1;
  const saved = b.state.correlated[level];
  const width = b.state.bindQuery(query, scope).columns.length;
  b.state.correlated[level] = saved;
  if (width !== left.args.length) {
    const msg = width > left.args.length ? 'too many' : 'too few';
    throw new DbError('42601', `subquery has ${msg} columns`, { position: pos });
  }
  const bound = b.bind(rowSubqueryAsScalar(left, op, quantifier, query, width), ctx);
  return negated ? { kind: 'not', type: BOOL, arg: bound } : bound;
}

export function bindSubquery(
  b: ExprBinder,
  mode: 'scalar' | 'exists' | 'in',
  query: ast.SelectStmt,
  ctx: ExprContext,
  pos: number,
  testExpr: LogicalExpr | undefined,
  negated: boolean,
): LogicalExpr {
  const scope = ctx.grouping ? groupedScope(ctx.grouping) : ctx.scope;
  const level = scope.level + 1;
  b.state.correlated[level] = false;
  let plan = b.state.bindQuery(query, scope);
  const correlated = b.state.correlated[level];
  b.state.correlated[level] = false;
  if (mode === 'exists') return { kind: 'subquery', type: BOOL, mode, plan, negated, correlated };
  if (plan.columns.length !== 1) {
    const msg = mode === 'scalar' ? 'subquery must return only one column' : 'subquery has too many columns';
    throw new DbError('42601', msg, { position: pos });
  }
  const col = plan.columns[0];
  if (mode === 'scalar') {
    const type = col.type.name === 'unknown' ? TEXT : col.type;
    return { kind: 'subquery', type, mode, plan, negated, correlated };
  }
  // IN: compare test expression and subquery column as `=` would.
  const inner: LogicalExpr = { kind: 'column', type: col.type, index: 0, name: col.name };
  const eq = b.comparison('=', testExpr!, inner, pos);
  const [lhs, rhs] = eq.args;
  if (rhs !== inner) {
    plan = {
      kind: 'project',
      input: plan,
      exprs: [rhs],
      columns: [{ ...col, type: rhs.type, tableOid: 0, columnAttnum: 0 }],
    };
  }
  return { kind: 'subquery', type: BOOL, mode, plan, testExpr: lhs, negated, correlated };
}

/**
 * The scope a subquery of a grouped level sees as its outer level: the grouped row, where a
 * column that is a group key reads the key's slot and any other column is ungrouped (42803).
 */
function groupedScope(g: Grouping): Scope {
  const items = g.inputScope.items.map((it) => ({
    ...it,
    columns: it.columns.map((c) => {
      const k = g.keys.findIndex((key) => key.kind === 'column' && key.index === c.slot);
      return k >= 0 ? { ...c, slot: k } : { ...c, ungrouped: true };
    }),
  }));
  return new Scope(items, g.inputScope.parent);
}
