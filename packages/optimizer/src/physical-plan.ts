/**
 * The physical plan: how the executor computes a statement. One node per executor operator;
 * node names follow PostgreSQL's EXPLAIN vocabulary so explain-plan.ts can print them directly.
 *
 * Expressions are the planner's bound expressions with physical plans in their subqueries
 * (`PhysicalExpr`); `column` slots refer to the node's input row as in the logical plan (for
 * joins: left slots, then right slots). Scans evaluate their `filter` on the decoded table row.
 */
import type { ColumnDef, IndexDef, SystemRelation, TableDef } from '@rustydb/catalog';
import type { RecordField } from '@rustydb/common';
import type {
  AggregateCall,
  BoundExpr,
  CteDef,
  JoinType,
  LockRowsRecheck,
  LockRowsTarget,
  MergeAction,
  OnConflict,
  PlanColumn,
  SortKey,
  ViewCheck,
  WindowCall,
} from '@rustydb/planner';

export type PhysicalExpr = BoundExpr<PhysicalPlan>;

/**
 * The optimizer's estimate for a node, in PostgreSQL's units (cost-model.ts): `startup` is the
 * cost before the first row, `total` the cost of all rows; `rows` the rows it returns, `width`
 * their average width in bytes. EXPLAIN prints it as `(cost=startup..total rows=… width=…)`.
 */
export interface PlanEstimate {
  readonly startup: number;
  readonly total: number;
  readonly rows: number;
  readonly width: number;
}

/** `Seq Scan`: every visible version of the table, filtered. */
export interface SeqScanNode {
  readonly kind: 'seqScan';
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly alias: string;
  /** Append the version's packed tid as a hidden last column (UPDATE/DELETE targets). */
  readonly emitTid: boolean;
  readonly filter?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
  /** See `IndexScanNode.readSlots`. */
  readonly readSlots?: readonly number[];
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
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly alias: string;
  readonly index: IndexDef;
  readonly emitTid: boolean;
  readonly keyConds: readonly IndexKeyCond[];
  readonly filter?: PhysicalExpr;
  /** The part of `filter` not implied by `keyConds`, for EXPLAIN's `Filter`. */
  readonly residual?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
  /**
   * Index Only Scan: the index's key and INCLUDE columns hold every column the query reads
   * (`readSlots`); an entry on an all-visible page is answered from the index alone, others
   * fetch their version (EXPLAIN ANALYZE's `Heap Fetches`). Other slots of the row are NULL.
   */
  readonly indexOnly?: { readonly readSlots: readonly number[] };
  /**
   * The table slots the query reads from this scan's rows, ascending, when that is certain
   * (scan-columns.ts): the executor decodes only these and leaves the other slots NULL. Absent:
   * every column is decoded.
   */
  readonly readSlots?: readonly number[];
}

export interface ValuesScanNode {
  readonly kind: 'valuesScan';
  readonly est?: PlanEstimate;
  readonly rows: readonly (readonly PhysicalExpr[])[];
  readonly columns: readonly PlanColumn[];
}

/** `Seq Scan` of a computed catalog relation (pg_class, …): rows generated at execution. */
export interface SystemScanNode {
  readonly kind: 'systemScan';
  readonly est?: PlanEstimate;
  readonly relation: SystemRelation;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** One function of a Function Scan (the planner's ScanFunction, its arguments physical). */
export interface ScanFunction {
  /** generate_series, a set-returning function of the planner's SET_RETURNING, … */
  readonly fn: string;
  readonly args: readonly PhysicalExpr[];
  /** How many columns the function returns. */
  readonly width: number;
  /** A function returning `record` (json_to_record …): its column definition list. */
  readonly recordFields?: readonly RecordField[];
  /** A user-defined function: its OID. */
  readonly routine?: number;
}

/**
 * `Function Scan`: its functions side by side (ROWS FROM has several), as many rows as the
 * longest; with `ordinality` a last bigint column numbering them from 1.
 */
export interface FunctionScanNode {
  readonly kind: 'functionScan';
  readonly est?: PlanEstimate;
  readonly functions: readonly ScanFunction[];
  readonly ordinality: boolean;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** `CTE Scan`: reads the rows of CTE `cteId` (computed once per execution of its WithNode). */
export interface CteScanNode {
  readonly kind: 'cteScan';
  readonly est?: PlanEstimate;
  readonly cteId: number;
  readonly name: string;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** `WorkTable Scan`: the previous iteration's rows of recursive CTE `cteId`. */
export interface WorkTableScanNode {
  readonly kind: 'workTableScan';
  readonly est?: PlanEstimate;
  readonly cteId: number;
  readonly name: string;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** WITH: registers its CTEs (computed lazily, once per open) and yields `input`. */
export interface WithNode {
  readonly kind: 'with';
  readonly est?: PlanEstimate;
  readonly ctes: readonly CteDef<PhysicalPlan>[];
  readonly input: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

/** `Recursive Union`: see the planner's RecursiveUnionNode. */
export interface RecursiveUnionNode {
  readonly kind: 'recursiveUnion';
  readonly est?: PlanEstimate;
  readonly cteId: number;
  readonly all: boolean;
  readonly nonRecursive: PhysicalPlan;
  readonly recursive: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

/** `Append` (UNION ALL), or hashed UNION / INTERSECT / EXCEPT [ALL] of two inputs. */
export interface SetOpNode {
  readonly kind: 'setOp';
  readonly est?: PlanEstimate;
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

/** `WindowAgg`: the input row followed by one value per window call. */
export interface WindowNode {
  readonly kind: 'window';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly calls: readonly WindowCall<PhysicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** `Result`: one row of no columns (SELECT without FROM), or a projection printed as Result. */
export interface ResultNode {
  readonly kind: 'result';
  readonly est?: PlanEstimate;
  readonly columns: readonly PlanColumn[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly predicate: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly exprs: readonly PhysicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/** `ProjectSet`: the select list with set-returning functions, run in lockstep. */
export interface ProjectSetNode {
  readonly kind: 'projectSet';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly exprs: readonly PhysicalExpr[];
  /** `fn` absent: generate_series; else a one-column function of SET_RETURNING (unnest, …). */
  readonly srfs: readonly {
    readonly slot: number;
    readonly args: readonly PhysicalExpr[];
    readonly fn?: string;
    /** The function's output column this slot takes; absent with a record slot: the whole row. */
    readonly field?: number;
    /** A user-defined set-returning function: its OID (`fn` is then its name). */
    readonly routine?: number;
  }[];
  readonly columns: readonly PlanColumn[];
}

/**
 * `Nested Loop`: the right input is materialized once and rescanned per left row; with
 * `lateral` it runs again for each left row instead, that row pushed as its outer row. An index
 * nested loop is a lateral one whose right side is an Index Scan keyed by the left row's
 * columns (`outerColumn` depth 1 in its key conditions).
 */
export interface NestedLoopNode {
  readonly kind: 'nestedLoop';
  readonly est?: PlanEstimate;
  readonly joinType: JoinType;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly condition?: PhysicalExpr;
  readonly lateral?: boolean;
  readonly columns: readonly PlanColumn[];
}

/**
 * `Hash Join`: builds a hash table on the right input's `rightKeys`, probes with the left row's
 * `leftKeys` (NULL keys never match); `residual` (over the joined row) must also hold.
 */
export interface HashJoinNode {
  readonly kind: 'hashJoin';
  readonly est?: PlanEstimate;
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

/**
 * `Merge Join`: both inputs arrive sorted ascending (NULLS LAST) on their keys (the optimizer
 * puts Sorts under it); runs of equal keys are joined pairwise. NULL keys never match; `residual`
 * (over the joined row) must also hold. Every join type but cross.
 */
export interface MergeJoinNode {
  readonly kind: 'mergeJoin';
  readonly est?: PlanEstimate;
  readonly joinType: Exclude<JoinType, 'cross'>;
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly leftKeys: readonly PhysicalExpr[];
  readonly rightKeys: readonly PhysicalExpr[];
  /** The equality conditions as written (over the joined row), for EXPLAIN's `Merge Cond`. */
  readonly mergeConds: readonly PhysicalExpr[];
  readonly residual?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/**
 * `Hash Semi Join` / `Hash Anti Join` (`method` hash: the right input hashed on `rightKeys`) or
 * `Nested Loop Semi/Anti Join` (no keys): each left row is returned once if some right row
 * matches (semi) or if none does (anti). Output: the left row only. `residual` reads the joined
 * row (left slots, then right slots). Made by decorrelating EXISTS / IN / NOT EXISTS.
 */
export interface SemiJoinNode {
  readonly kind: 'semiJoin';
  readonly est?: PlanEstimate;
  readonly anti: boolean;
  readonly method: 'hash' | 'nestedLoop';
  readonly left: PhysicalPlan;
  readonly right: PhysicalPlan;
  readonly leftKeys: readonly PhysicalExpr[];
  readonly rightKeys: readonly PhysicalExpr[];
  /** The key equalities as written (over the joined row), for EXPLAIN's `Hash Cond`. */
  readonly hashConds: readonly PhysicalExpr[];
  readonly residual?: PhysicalExpr;
  /** The right input's width (the joined row the residual reads is left + right). */
  readonly rightWidth: number;
  readonly columns: readonly PlanColumn[];
}

/**
 * `HashAggregate` (with group keys), `GroupAggregate` (`sorted`: its input is sorted on the
 * keys; printed as PostgreSQL does, run by the same hashing operator, whose output keeps the
 * sorted input's order) or `Aggregate` (one group, one row even for no input).
 */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly est?: PlanEstimate;
  readonly strategy: 'hashed' | 'sorted' | 'plain';
  readonly input: PhysicalPlan;
  readonly groupBy: readonly PhysicalExpr[];
  /** ROLLUP / CUBE / GROUPING SETS: see the planner's AggregateNode. */
  readonly groupingSets?: readonly (readonly number[])[];
  readonly aggregates: readonly AggregateCall<PhysicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** `Sort`; with `limit` (a top-N sort) only the first `limit + offset` rows are kept. */
export interface SortNode {
  readonly kind: 'sort';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly keys: readonly SortKey<PhysicalPlan>[];
  readonly limit?: PhysicalExpr;
  readonly offset?: PhysicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** SELECT … FOR UPDATE and friends: see the planner's LockRowsNode. */
export interface LockRowsNode {
  readonly kind: 'lockRows';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly targets: readonly LockRowsTarget[];
  readonly recheck?: LockRowsRecheck<PhysicalExpr>;
  readonly columns: readonly PlanColumn[];
}

export interface LimitNode {
  readonly kind: 'limit';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly limit?: PhysicalExpr;
  readonly offset?: PhysicalExpr;
  /** FETCH FIRST … WITH TIES: the ORDER BY expressions the rows after the limit must tie on. */
  readonly withTies?: readonly PhysicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/**
 * SELECT DISTINCT by hashing whole rows (printed as PostgreSQL does: HashAggregate); DISTINCT ON
 * (`on`: key slots) keeps the first row of each key of its sorted input (printed as Unique).
 */
export interface DistinctNode {
  readonly kind: 'distinct';
  readonly est?: PlanEstimate;
  readonly input: PhysicalPlan;
  readonly on?: readonly number[];
  readonly columns: readonly PlanColumn[];
}

/** RETURNING; `readsInput`, `readsTid`: see the planner's Returning. */
export interface Returning {
  readonly exprs: readonly PhysicalExpr[];
  readonly columns: readonly PlanColumn[];
  readonly readsInput?: boolean;
  readonly readsTid?: boolean;
}

export interface InsertNode {
  readonly kind: 'insert';
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  readonly onConflict?: OnConflict<PhysicalPlan>;
  /** WITH CHECK OPTION of the views written through (see the planner's). */
  readonly viewChecks?: readonly ViewCheck<PhysicalExpr>[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

export interface UpdateNode {
  readonly kind: 'update';
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  /** The WHERE condition over `input`'s row, for READ COMMITTED's re-check (see the planner's). */
  readonly recheck?: PhysicalExpr;
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: PhysicalExpr }[];
  /** WITH CHECK OPTION of the views written through (see the planner's). */
  readonly viewChecks?: readonly ViewCheck<PhysicalExpr>[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

export interface DeleteNode {
  readonly kind: 'delete';
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  /** The WHERE condition over `input`'s row, for READ COMMITTED's re-check (see the planner's). */
  readonly recheck?: PhysicalExpr;
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/** MERGE (see the planner's MergeNode): `recheck` is the join condition. */
export interface MergeNode {
  readonly kind: 'merge';
  readonly est?: PlanEstimate;
  readonly table: TableDef;
  readonly input: PhysicalPlan;
  readonly recheck: PhysicalExpr;
  readonly actions: readonly MergeAction<PhysicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** EXPLAIN: yields explainPlan(plan) as rows of one text column. */
export interface ExplainNode {
  readonly kind: 'explain';
  readonly est?: PlanEstimate;
  readonly plan: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
}

export type PhysicalPlan =
  | SeqScanNode
  | IndexScanNode
  | ValuesScanNode
  | FunctionScanNode
  | SystemScanNode
  | ResultNode
  | CteScanNode
  | WorkTableScanNode
  | WithNode
  | RecursiveUnionNode
  | SetOpNode
  | WindowNode
  | FilterNode
  | ProjectNode
  | ProjectSetNode
  | NestedLoopNode
  | HashJoinNode
  | MergeJoinNode
  | SemiJoinNode
  | AggregateNode
  | SortNode
  | LimitNode
  | LockRowsNode
  | DistinctNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | MergeNode
  | ExplainNode;
