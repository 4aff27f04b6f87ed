/**
 * Decorrelation: WHERE conjuncts `EXISTS (subquery)`, `x IN (subquery)`, `NOT EXISTS (…)` and
 * `x NOT IN (…)` become semi and anti joins between the filtered rows and the subquery's FROM
 * part, instead of running the subquery once per row (PostgreSQL's pull_up_sublinks).
 *
 * A conjunct qualifies when the subquery is `SELECT … FROM r WHERE c1 AND … AND cn` where `r`
 * reads nothing of the outer query and each `ci` either reads nothing of it (it filters `r`) or
 * reads the outer row only through columns of the immediately enclosing query (`outerColumn`
 * depth 1), with no subquery inside (it becomes a join condition). For IN the select list's
 * single expression is compared with `x` by `=` (same type).
 *
 * NOT IN becomes an anti join only when neither `x` nor the subquery's column can be NULL (both
 * trace to NOT NULL table columns through no outer join): with a NULL, `x NOT IN (…)` is NULL
 * rather than true, which an anti join cannot express. IN needs no such care: in WHERE, NULL
 * and false both drop the row.
 *
 * Scalar subqueries stay subplans (an uncorrelated one already runs once, as an InitPlan).
 */
import type { LogicalExpr, LogicalPlan } from '@rustydb/planner';
import { visitExpr } from '@rustydb/planner';
import { conjuncts } from './fold-constants.js';

/** A conjunct turned into a semi or anti join. */
export interface SemiJoinSpec {
  readonly anti: boolean;
  /** The subquery's FROM part. */
  readonly inner: LogicalPlan;
  /** Its conjuncts that read only `inner`'s row. */
  readonly innerPreds: readonly LogicalExpr[];
  /**
   * The join conditions, still in the subquery's terms: `column` reads `inner`'s row,
   * `outerColumn` (depth 1) the filtered row; for IN, `testExpr = selectExpr` among them
   * (testExpr over the filtered row, marked by `outerSide`).
   */
  readonly correlated: readonly LogicalExpr[];
  /** IN: the compared expressions (the test over the outer row, the select over `inner`'s). */
  readonly inPair?: { readonly test: LogicalExpr; readonly select: LogicalExpr };
}

/** `e` mentions the outer query (`outerColumn`) or holds a correlated subquery. */
function readsOuter(e: LogicalExpr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'outerColumn' || (x.kind === 'subquery' && x.correlated)) found = true;
  });
  return found;
}

function hasSubquery(e: LogicalExpr): boolean {
  let found = false;
  visitExpr(e, (x) => {
    if (x.kind === 'subquery') found = true;
  });
  return found;
}

/** Only depth-1 outer references and no subquery: a usable join condition. */
function isSimpleCorrelation(e: LogicalExpr): boolean {
  let ok = true;
  visitExpr(e, (x) => {
    if ((x.kind === 'outerColumn' && x.depth !== 1) || x.kind === 'subquery') ok = false;
  });
  return ok;
}

/** Does `plan` read nothing of any enclosing query? (Only node kinds checked here qualify.) */
function selfContained(plan: LogicalPlan): boolean {
  const clean = (list: readonly LogicalExpr[]) => list.every((x) => !readsOuter(x));
  switch (plan.kind) {
    case 'scan':
      return true;
    case 'filter':
      return clean([plan.predicate]) && selfContained(plan.input);
    case 'project':
      return clean(plan.exprs) && selfContained(plan.input);
    case 'join':
      return (
        !plan.lateral &&
        (!plan.condition || clean([plan.condition])) &&
        selfContained(plan.left) &&
        selfContained(plan.right)
      );
    case 'aggregate':
      return (
        clean(plan.groupBy) &&
        plan.aggregates.every((a) => clean(a.args) && (!a.filter || clean([a.filter]))) &&
        selfContained(plan.input)
      );
    case 'sort':
    case 'distinct':
      return selfContained(plan.input);
    case 'values':
      return plan.rows.every(clean);
    case 'systemScan':
      return true;
    default:
      return false;
  }
}

/** Is slot `slot` of `plan` a NOT NULL table column, through no outer join's nullable side? */
export function notNullColumn(plan: LogicalPlan, slot: number): boolean {
  switch (plan.kind) {
    case 'scan':
      return plan.table.columns[slot]?.notNull === true;
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
      return notNullColumn(plan.input, slot);
    case 'project': {
      const e = plan.exprs[slot];
      return e?.kind === 'column' && notNullColumn(plan.input, e.index);
    }
    case 'join': {
      const w = plan.left.columns.length;
      const left = slot < w;
      if (plan.joinType === 'full') return false;
      if (plan.joinType === 'left' && !left) return false;
      if (plan.joinType === 'right' && left) return false;
      return left ? notNullColumn(plan.left, slot) : notNullColumn(plan.right, slot - w);
    }
    case 'aggregate': {
      const e = plan.groupBy[slot];
      return !plan.groupingSets && e?.kind === 'column' && notNullColumn(plan.input, e.index);
    }
    default:
      return false;
  }
}

/**
 * The semi/anti join conjunct `c` (of a filter over `input`) stands for, or undefined when it
 * does not qualify (see the file comment). Pure.
 */
export function decorrelate(c: LogicalExpr, input: LogicalPlan): SemiJoinSpec | undefined {
  // NOT EXISTS / NOT IN may come as NOT over the subquery.
  if (c.kind === 'not' && c.arg.kind === 'subquery') c = { ...c.arg, negated: !c.arg.negated };
  if (c.kind !== 'subquery' || c.mode === 'scalar') return undefined;
  let q = c.plan;
  let select: LogicalExpr | undefined;
  if (q.kind === 'project') {
    select = q.exprs[0];
    q = q.input;
  }
  const conds: LogicalExpr[] = [];
  while (q.kind === 'filter') {
    conds.push(...conjuncts(q.predicate));
    q = q.input;
  }
  if (!selfContained(q)) return undefined;
  const innerPreds: LogicalExpr[] = [];
  const correlated: LogicalExpr[] = [];
  for (const x of conds) {
    if (!readsOuter(x)) innerPreds.push(x);
    else if (isSimpleCorrelation(x)) correlated.push(x);
    else return undefined;
  }
  if (c.mode === 'exists') return { anti: c.negated, inner: q, innerPreds, correlated };
  // IN: the select list's expression against the test expression.
  if (!select && q.columns.length > 0)
    select = { kind: 'column', type: q.columns[0].type, index: 0, name: q.columns[0].name };
  const test = c.testExpr;
  if (!select || !test || readsOuter(select) || hasSubquery(select) || hasSubquery(test)) return undefined;
  if (select.type.name !== test.type.name) return undefined;
  if (c.negated) {
    const safe =
      test.kind === 'column' &&
      notNullColumn(input, test.index) &&
      select.kind === 'column' &&
      notNullColumn(q, select.index);
    if (!safe) return undefined;
  }
  return { anti: c.negated, inner: q, innerPreds, correlated, inPair: { test, select } };
}
