/**
 * The physical plan: how the executor computes a statement. One node per executor operator;
 * node names follow PostgreSQL's EXPLAIN vocabulary so explain-plan.ts can print them directly.
 *
 * Expressions are the planner's bound expressions with physical plans in their subqueries
 * (`PhysicalExpr`); `column` slots refer to the node's input row as in the logical plan (for
 * joins: left slots, then right slots). Scans evaluate their `filter` on the decoded table row.
 */
import type { ColumnDef, IndexDef, TableDef } from '@rustydb/catalog';
import type { AggregateCall, BoundExpr, JoinType, PlanColumn, SortKey } from '@rustydb/planner';

export type PhysicalExpr = BoundExpr<PhysicalPlan>;

/** `Seq Scan`: every visible version of the table, filtered. */
export interface SeqScanNode {
  readonly kind: 'seqScan';
  readonly table: TableDef;
  readonly alias: string;
  /** Append the version's packed tid as a hidden last column (UPDATE/DELETE targets). */
  readonly emitTid: boolean;
  readonly filter?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** One condition an index scan turns into key bounds: `key[keyPos] op value`. */
export interface IndexKeyCond {
  /** Position in the index key (0 = leading column). */
  readonly keyPos: number;
  readonly op: '=' | '<' | '<=' | '>' | '>=';
  /** A row-independent expression (constant, parameter, outer column) of the key column's type. */
  readonly value: PhysicalExpr;
  /** The condition as written, for EXPLAIN's `Index Cond`. */
  readonly cond: PhysicalExpr;
}

/**
 * `Index Scan`: equality conditions on key positions 0..k-1, then at most one range (one or two
 * bounds) on position k. The executor fetches each entry's version by tid, checks visibility and
 * re-checks `filter`, which always holds the whole original predicate (index conditions included:
 * they narrow the scan, the filter decides).
 */
export interface IndexScanNode {
  readonly kind: 'indexScan';
  readonly table: TableDef;
  readonly alias: string;
  readonly index: IndexDef;
  readonly emitTid: boolean;
  readonly keyConds: readonly IndexKeyCond[];
  readonly filter?: PhysicalExpr;
  /** The part of `filter` not implied by `keyConds`, for EXPLAIN's `Filter`. */
  readonly residual?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

export interface ValuesScanNode {
  readonly kind: 'valuesScan';
  readonly rows: readonly (readonly PhysicalExpr[])[];
  readonly columns: readonly PlanColumn[];
}

export interface FunctionScanNode {
  readonly kind: 'functionScan';
  readonly fn: 'generate_series';
  readonly args: readonly PhysicalExpr[];
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** `Result`: one row of no columns (SELECT without FROM), or a projection printed as Result. */
export interface ResultNode {
  readonly kind: 'result';
  readonly columns: readonly PlanColumn[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: PhysicalPlan;
  readonly predicate: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: PhysicalPlan;
  readonly exprs: readonly PhysicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/** `ProjectSet`: the select list with set-returning functions, run in lockstep. */
export interface ProjectSetNode {
  readonly kind: 'projectSet';
  readonly input: PhysicalPlan;
  readonly exprs: readonly PhysicalExpr[];
  readonly srfs: readonly { readonly slot: number; readonly args: readonly PhysicalExpr[] }[];
  readonly columns: readonly PlanColumn[];
}

/** `Nested Loop`: the right input is materialized once and rescanned per left row. */
export interface NestedLoopNode {
  readonly kind: 'nestedLoop';
  readonly joinType: JoinType;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly condition?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/**
 * `Hash Join`: builds a hash table on the right input's `rightKeys`, probes with the left row's
 * `leftKeys` (NULL keys never match); `residual` (over the joined row) must also hold.
 */
export interface HashJoinNode {
  readonly kind: 'hashJoin';
  readonly joinType: Exclude<JoinType, 'cross'>;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly leftKeys: readonly PhysicalExpr[];
  readonly rightKeys: readonly PhysicalExpr[];
  /** The equality conditions as written (over the joined row), for EXPLAIN. */
  readonly hashConds: readonly PhysicalExpr[];
  readonly residual?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** `HashAggregate` (with group keys) or `Aggregate` (one group, one row even for no input). */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly strategy: 'hashed' | 'plain';
  readonly input: PhysicalPlan;
  readonly groupBy: readonly PhysicalExpr[];
  readonly aggregates: readonly AggregateCall<PhysicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** `Sort`; with `limit` (a top-N sort) only the first `limit + offset` rows are kept. */
export interface SortNode {
  readonly kind: 'sort';
  readonly input: PhysicalPlan;
  readonly keys: readonly SortKey<PhysicalPlan>[];
  readonly limit?: PhysicalExpr;
  readonly offset?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly input: PhysicalPlan;
  readonly limit?: PhysicalExpr;
  readonly offset?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** SELECT DISTINCT by hashing whole rows (printed as PostgreSQL does: HashAggregate). */
export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

export interface Returning {
  readonly exprs: readonly PhysicalExpr[];
  readonly columns: readonly PlanColumn[];
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: PhysicalExpr }[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/** EXPLAIN: yields explainPlan(plan) as rows of one text column. */
export interface ExplainNode {
  readonly kind: 'explain';
  readonly plan: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

export type PhysicalPlan =
  | SeqScanNode
  | IndexScanNode
  | ValuesScanNode
  | FunctionScanNode
  | ResultNode
  | FilterNode
  | ProjectNode
  | ProjectSetNode
  | NestedLoopNode
  | HashJoinNode
  | AggregateNode
  | SortNode
  | LimitNode
  | DistinctNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | ExplainNode;
