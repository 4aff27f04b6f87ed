/**
 * @rustydb/optimizer — logical plan → physical plan; EXPLAIN.
 *
 * Owns the rewrites (constant folding, predicate pushdown through filters, joins, projections
 * and aggregates), the access-path choice (index scan on equality or range conditions over a
 * leading key prefix, else a sequential scan with a filter), the join algorithm (hash join for
 * equi-joins, nested loop otherwise), top-N sorts for ORDER BY + LIMIT, and the one plan printer.
 *
 * Invariants: optimization is synchronous and deterministic (same plan and catalog → same
 * physical plan); it never changes a statement's result, only how it is computed: an index scan
 * always re-checks the full predicate, and expressions that read a correlated subquery's row or
 * call a volatile function never move. The choices are rule-based for now (issue 2); the
 * cost-based optimizer replaces `chooseScan`'s scoring and the join choice with estimates.
 */

// Entry points
export { optimize, type OptimizeContext } from './optimize.js';
export { explainPlan } from './explain-plan.js';

// Physical plans
export type {
  AggregateNode,
  DeleteNode,
  DistinctNode,
  ExplainNode,
  FilterNode,
  FunctionScanNode,
  HashJoinNode,
  IndexKeyCond,
  IndexScanNode,
  InsertNode,
  LimitNode,
  NestedLoopNode,
  PhysicalExpr,
  PhysicalPlan,
  ProjectNode,
  ProjectSetNode,
  ResultNode,
  Returning,
  SeqScanNode,
  SortNode,
  UpdateNode,
  ValuesScanNode,
} from './physical-plan.js';
