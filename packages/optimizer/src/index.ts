/**
 * @rustydb/optimizer — logical plan → physical plan; EXPLAIN.
 *
 * Owns the rewrites (constant folding, predicate pushdown through filters, joins, projections
 * and aggregates, decorrelation of EXISTS / IN / NOT EXISTS / NOT IN into semi and anti joins),
 * the cost model (PostgreSQL's parameters and formulas, cost-model.ts), selectivity estimation
 * from ANALYZE's statistics (selectivity.ts), access paths (the cheapest of Seq Scan and Index
 * Scans), join ordering (dynamic programming over up to 10 inner-joined inputs, greedy beyond:
 * join-search.ts) with hash, merge, nested loop and index nested loop joins, hashed or sorted
 * aggregation, top-N sorts, and the one plan printer (text with costs and actuals, or JSON).
 * docs/optimizer.md explains the model.
 *
 * Invariants: optimization is synchronous and deterministic (same plan, catalog, statistics and
 * settings → same physical plan); it never changes a statement's result, only how it is
 * computed: an index scan always re-checks the full predicate, and expressions that read a
 * correlated subquery's row or call a volatile function never move. `enable_*` settings add
 * PostgreSQL's disable_cost (1e10) rather than forbidding a method, so every query still plans.
 */

// The cost model and estimates, for tools and tests (selectivity.js below too)
export type { ColumnInfo } from './column-info.js';
export { type CostParams, costParams, DISABLE_COST } from './cost-model.js';

// Stored expressions as ruleutils prints them (pg_get_expr, pg_get_constraintdef, pg_get_indexdef)
export { deparseStored, type StoredExprNames } from './deparse-stored.js';
export { looksLikeFunction } from './deparse-stored-rules.js';
// Entry points
export { explainDummyJson } from './explain-json.js';
export { type ExplainOptions, explainPlan, type NodeActuals } from './explain-plan.js';
export { type OptimizeContext, optimize } from './optimize.js';
// Physical plans
export type {
  AggregateNode,
  CteScanNode,
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
  MergeJoinNode,
  NestedLoopNode,
  PhysicalExpr,
  PhysicalPlan,
  PlanEstimate,
  ProjectNode,
  ProjectSetNode,
  RecursiveUnionNode,
  ResultNode,
  Returning,
  ScanFunction,
  SemiJoinNode,
  SeqScanNode,
  SetOpNode,
  SortNode,
  UpdateNode,
  ValuesScanNode,
  WindowNode,
  WithNode,
  WorkTableScanNode,
} from './physical-plan.js';
// Selectivity estimates, for tools and tests
export {
  type ColumnLookup,
  clauseListSelectivity,
  clauseSelectivity,
  joinSelectivity,
} from './selectivity.js';
