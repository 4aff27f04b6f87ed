/**
 * The logical plan: what a statement computes, with every name and type resolved, before any
 * choice of how (access paths, join algorithms, sort strategies belong to the optimizer).
 *
 * Each node lists its output `columns`; expressions inside a node read the row of its input
 * (`column.index` is a slot of that row). A join's row is the left row followed by the right
 * row. Nodes are plain readonly objects tagged with `kind`; dispatch on them is exhaustive.
 */

import type { ColumnDef, IndexDef, SystemRelation, TableDef } from '@rustydb/catalog';
import type { RecordField, SqlType } from '@rustydb/common';
import type { BoundExpr } from './bound-expr.js';

/** An output column: its name as the client sees it, its type, and where it comes from. */
export interface PlanColumn {
  readonly name: string;
  readonly type: SqlType;
  /** The table's oid when the column is a plain table column, else 0 (RowDescription). */
  readonly tableOid: number;
  /** The column's attnum when it is a plain table column, else 0. */
  readonly columnAttnum: number;
}

export type LogicalExpr = BoundExpr<LogicalPlan>;

/** The aggregates of PostgreSQL's float8_regr_accum: two float8 arguments, Y then X. */
export type RegressionAggregate =
  | 'corr'
  | 'covar_pop'
  | 'covar_samp'
  | 'regr_avgx'
  | 'regr_avgy'
  | 'regr_count'
  | 'regr_intercept'
  | 'regr_r2'
  | 'regr_slope'
  | 'regr_sxx'
  | 'regr_sxy'
  | 'regr_syy';

/** Aggregate functions the executor implements. */
export type AggregateName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'bool_and'
  | 'bool_or'
  | 'string_agg'
  | 'array_agg'
  | 'json_agg'
  | 'jsonb_agg'
  | 'json_object_agg'
  | 'jsonb_object_agg'
  | 'stddev_samp'
  | 'stddev_pop'
  | 'var_samp'
  | 'var_pop'
  // Two-argument statistics (Y, X): float8_regr_accum's family.
  | RegressionAggregate
  // Ordered-set aggregates: the direct argument first, the WITHIN GROUP value last.
  | 'percentile_cont'
  | 'percentile_disc'
  | 'mode';

/** One aggregate call. `args` is empty for `count(*)`. */
export interface AggregateCall<P> {
  readonly fn: AggregateName;
  readonly args: readonly BoundExpr<P>[];
  readonly distinct: boolean;
  /** The result type (count → int8, sum(int4) → int8, avg(int) → numeric, …). */
  readonly type: SqlType;
  /** The printable call, for EXPLAIN and error messages: `count(*)`, `sum(t.a)`. */
  readonly text: string;
  /** `agg(x ORDER BY …)`: the order the values are fed in (string_agg's result depends on it). */
  readonly orderBy?: readonly SortKey<P>[];
  /** `agg(…) FILTER (WHERE …)`: only input rows where it is true are fed. */
  readonly filter?: BoundExpr<P>;
}

/** A sort key: NULLS FIRST defaults to DESC, as in PostgreSQL. */
export interface SortKey<P> {
  readonly expr: BoundExpr<P>;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

/** Window functions proper (aggregates can also run over a window). */
export type WindowFuncName =
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'percent_rank'
  | 'cume_dist'
  | 'ntile'
  | 'lag'
  | 'lead'
  | 'first_value'
  | 'last_value'
  | 'nth_value';

/** One end of a window frame; `offset` (a row-independent expression) for `n PRECEDING/FOLLOWING`. */
export interface FrameBound<P> {
  readonly type: 'unboundedPreceding' | 'preceding' | 'currentRow' | 'following' | 'unboundedFollowing';
  readonly offset?: BoundExpr<P>;
}

/**
 * A window frame. PostgreSQL's default (no frame clause) is `RANGE BETWEEN UNBOUNDED PRECEDING AND
 * CURRENT ROW`: with ORDER BY, the rows up to the current row's last peer; without, every row of
 * the partition (all rows are peers).
 */
export interface WindowFrame<P> {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound<P>;
  readonly end: FrameBound<P>;
  readonly exclusion: 'noOthers' | 'currentRow' | 'group' | 'ties';
}

/**
 * One window function call `fn(args) OVER (PARTITION BY … ORDER BY … frame)`. Expressions read the
 * window node's input row. `aggregate` calls use the aggregate accumulators over the frame.
 */
export interface WindowCall<P> {
  readonly fn: WindowFuncName | AggregateName;
  readonly aggregate: boolean;
  readonly args: readonly BoundExpr<P>[];
  readonly partitionBy: readonly BoundExpr<P>[];
  readonly orderBy: readonly SortKey<P>[];
  readonly frame: WindowFrame<P>;
  readonly type: SqlType;
  /** The printable call, for EXPLAIN. */
  readonly text: string;
}

/** The hidden last column of a DML target scan: the version's packed tid (`packTid`), a number. */
export const TID_COLUMN_NAME = 'ctid';

export interface ScanNode {
  readonly kind: 'scan';
  readonly table: TableDef;
  /** The name the query uses for the table (its alias, else its name). */
  readonly alias: string;
  /** For UPDATE/DELETE: append the version's packed tid as a hidden last column. */
  readonly emitTid: boolean;
  readonly columns: readonly PlanColumn[];
}

export interface ValuesNode {
  readonly kind: 'values';
  readonly rows: readonly (readonly LogicalExpr[])[];
  readonly columns: readonly PlanColumn[];
}

/**
 * A scan of a computed catalog relation (pg_class, information_schema.tables, …): its rows are
 * generated from the catalog at execution (catalog's SystemCatalog), never stored.
 */
export interface SystemScanNode {
  readonly kind: 'systemScan';
  readonly relation: SystemRelation;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/**
 * One function of a Function Scan: generate_series, a set-returning function of SET_RETURNING
 * (unnest, jsonb_each, …), a function returning `record` (json_to_record …) or a user-defined one.
 */
export interface ScanFunction {
  readonly fn: string;
  readonly args: readonly LogicalExpr[];
  /** How many columns the function returns. */
  readonly width: number;
  /** A function returning `record`: its column definition list. */
  readonly recordFields?: readonly RecordField[];
  /** A user-defined function (RETURNS SETOF / TABLE, or a scalar one: one row): its OID. */
  readonly routine?: number;
}

/**
 * Functions in FROM: one, or several side by side (`ROWS FROM (f(…), g(…))`, and `unnest(a, b)`
 * as PostgreSQL rewrites it), as many rows as the longest, the others padded with NULLs. The
 * columns are each function's in turn, then with `ordinality` a bigint row number from 1.
 */
export interface FunctionScanNode {
  readonly kind: 'functionScan';
  readonly functions: readonly ScanFunction[];
  /** WITH ORDINALITY. */
  readonly ordinality: boolean;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** A scan of a common table expression's rows (computed once per execution of its WITH). */
export interface CteScanNode {
  readonly kind: 'cteScan';
  /** The CTE's id, unique within the statement (WithNode.ctes[i].id). */
  readonly cteId: number;
  readonly name: string;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** The recursive term's reference to its own CTE: the rows of the previous iteration. */
export interface WorkTableScanNode {
  readonly kind: 'workTableScan';
  readonly cteId: number;
  readonly name: string;
  readonly alias: string;
  readonly columns: readonly PlanColumn[];
}

/** One common table expression of a WITH clause. */
export interface CteDef<P> {
  readonly id: number;
  readonly name: string;
  readonly plan: P;
}

/** `WITH …`: the CTEs `input` (and subqueries in it) scan by id. */
export interface WithNode {
  readonly kind: 'with';
  readonly ctes: readonly CteDef<LogicalPlan>[];
  readonly input: LogicalPlan;
  readonly columns: readonly PlanColumn[];
}

/**
 * WITH RECURSIVE's `nonRecursive UNION [ALL] recursive`: the recursive term runs again on the
 * rows the previous iteration produced (its WorkTableScan of `cteId`) until it produces none;
 * with UNION (not ALL) rows already produced are discarded, which also ends cycles.
 */
export interface RecursiveUnionNode {
  readonly kind: 'recursiveUnion';
  readonly cteId: number;
  readonly all: boolean;
  readonly nonRecursive: LogicalPlan;
  readonly recursive: LogicalPlan;
  readonly columns: readonly PlanColumn[];
}

/**
 * UNION / INTERSECT / EXCEPT [ALL]: both inputs already yield the output column types. Without
 * ALL the result has no duplicates (NULLs equal); INTERSECT ALL keeps min(m, n) copies of a row,
 * EXCEPT ALL max(m - n, 0).
 */
export interface SetOpNode {
  readonly kind: 'setOp';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly columns: readonly PlanColumn[];
}

/** Window functions: output row = the input row, then one value per call. */
export interface WindowNode {
  readonly kind: 'window';
  readonly input: LogicalPlan;
  readonly calls: readonly WindowCall<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** One row of no columns: SELECT without FROM. */
export interface ResultNode {
  readonly kind: 'result';
  readonly columns: readonly PlanColumn[];
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: LogicalExpr;
  readonly columns: readonly PlanColumn[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly LogicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/** A set-returning function in the select list: one output row per value (generate_series). */
export interface ProjectSetNode {
  readonly kind: 'projectSet';
  readonly input: LogicalPlan;
  /** The select list; `srf` slots hold the function call whose values replace the slot. */
  readonly exprs: readonly LogicalExpr[];
  /** `fn` absent: generate_series; else a one-column function of SET_RETURNING (unnest, …). */
  readonly srfs: readonly {
    readonly slot: number;
    readonly args: readonly LogicalExpr[];
    readonly fn?: string;
    /** The function's output column this slot takes; absent with a record slot: the whole row. */
    readonly field?: number;
    /** A user-defined set-returning function: its OID (`fn` is then its name). */
    readonly routine?: number;
  }[];
  readonly columns: readonly PlanColumn[];
}

export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** Over the joined row (left slots, then right slots); absent for cross joins. */
  readonly condition?: LogicalExpr;
  /**
   * LATERAL: `right` reads the current left row as its innermost outer row (`outerColumn` depth
   * 1), so it runs again for every left row.
   */
  readonly lateral?: boolean;
  readonly columns: readonly PlanColumn[];
}

/**
 * Output row: the group keys, then the aggregate values. With `groupingSets` (ROLLUP, CUBE,
 * GROUPING SETS) each set lists the indexes of the keys it groups by; keys outside the set are
 * NULL in its rows, and slot `groupBy.length` holds the set's index (GROUPING() reads it) before
 * the aggregate values.
 */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly groupBy: readonly LogicalExpr[];
  readonly groupingSets?: readonly (readonly number[])[];
  readonly aggregates: readonly AggregateCall<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** One table a LockRows node locks rows of: its tid is in slot `slot` of the input row. */
export interface LockRowsTarget {
  readonly table: TableDef;
  readonly slot: number;
  /** With `LockRowsNode.recheck`: where the table's columns start in the FROM row. */
  readonly tableSlot?: number;
  readonly strength: 'update' | 'noKeyUpdate' | 'share' | 'keyShare';
  readonly waitPolicy: 'block' | 'nowait' | 'skipLocked';
}

/**
 * SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE: locks, for each input row, the row of
 * every target table (PostgreSQL's LockRows, placed like it: above Sort, below Limit), skipping
 * rows that are gone (READ COMMITTED) or locked (SKIP LOCKED). Rows pass through unchanged.
 */
export interface LockRowsNode {
  readonly kind: 'lockRows';
  readonly input: LogicalPlan;
  readonly targets: readonly LockRowsTarget[];
  readonly recheck?: LockRowsRecheck<LogicalExpr>;
  readonly columns: readonly PlanColumn[];
}

/**
 * READ COMMITTED's re-check of a row whose locked version was updated (EvalPlanQual): the input
 * row carries the whole FROM row from slot `fromBase` on; with the table's columns replaced by
 * the newest version, `predicate` (WHERE) must still hold, and `outputs` recompute the row's
 * first slots (select list, then ORDER BY junk).
 */
export interface LockRowsRecheck<E> {
  readonly fromBase: number;
  readonly fromWidth: number;
  readonly predicate?: E;
  readonly outputs: readonly E[];
}

/** LIMIT / OFFSET: expressions without column references, evaluated once at start. */
export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit?: LogicalExpr;
  readonly offset?: LogicalExpr;
  /**
   * FETCH FIRST … WITH TIES: the ORDER BY expressions (over the input's columns); the rows after
   * the limit that equal the last one on them come too.
   */
  readonly withTies?: readonly LogicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/**
 * SELECT DISTINCT: removes duplicate rows (NULLs are equal here). DISTINCT ON: `on` lists the key
 * slots, and the first row of each key (in input order: the input is sorted) is kept.
 */
export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: LogicalPlan;
  readonly on?: readonly number[];
  readonly columns: readonly PlanColumn[];
}

/**
 * RETURNING: expressions over the row written (the table's columns in attnum order). With
 * `readsInput` (UPDATE … FROM, DELETE … USING) that row is followed by the input row's slots
 * after the table's columns (the hidden tid, then the other FROM items' columns). With
 * `readsTid` (it names ctid, xmin or xmax) the slot after the table's columns holds the tid of
 * the version written (the new one for UPDATE, the deleted one for DELETE).
 */
export interface Returning {
  readonly exprs: readonly LogicalExpr[];
  readonly columns: readonly PlanColumn[];
  readonly readsInput?: boolean;
  readonly readsTid?: boolean;
}

/**
 * INSERT … ON CONFLICT: a proposed row whose key exists in one of the `arbiters` (unique
 * indexes) is skipped (`nothing`) or updates the existing row (`update`): `assignments` and
 * `where` read the existing row (the table's columns) followed by the proposed row (EXCLUDED).
 */
export interface OnConflict<P> {
  readonly action: 'nothing' | 'update';
  readonly arbiters: readonly IndexDef[];
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: BoundExpr<P> }[];
  readonly where?: BoundExpr<P>;
}

/**
 * WITH CHECK OPTION of a view the statement writes through: each row written must make
 * `predicate` (over the table's row) true, else 44000 naming `view`.
 */
export interface ViewCheck<E> {
  readonly view: string;
  readonly predicate: E;
}

/**
 * INSERT: `input` yields complete rows in attnum order, already coerced to the column types
 * (assignment casts, defaults filled in).
 */
export interface InsertNode {
  readonly kind: 'insert';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  readonly onConflict?: OnConflict<LogicalPlan>;
  /** WITH CHECK OPTION of the views written through, innermost first. */
  readonly viewChecks?: readonly ViewCheck<LogicalExpr>[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/**
 * UPDATE: `input` yields the target rows (the table's columns then the hidden tid column, then
 * the columns of FROM items);
 * `assignments` compute new column values from that row.
 */
export interface UpdateNode {
  readonly kind: 'update';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  /**
   * The WHERE condition over `input`'s row, for READ COMMITTED's re-check of a row a concurrent
   * transaction updated (EvalPlanQual): evaluated again with the newest version in the table's slots.
   */
  readonly recheck?: LogicalExpr;
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: LogicalExpr }[];
  /** WITH CHECK OPTION of the views written through, innermost first. */
  readonly viewChecks?: readonly ViewCheck<LogicalExpr>[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/**
 * DELETE: `input` yields the target rows (the table's columns then the hidden tid column, then
 * the columns of USING items). A row reached twice (several matches) is deleted once.
 */
export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  /**
   * The WHERE condition over `input`'s row, for READ COMMITTED's re-check of a row a concurrent
   * transaction updated (EvalPlanQual): evaluated again with the newest version in the table's slots.
   */
  readonly recheck?: LogicalExpr;
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/**
 * One WHEN clause of a MERGE, over the joined row (see MergeNode): `condition` (AND …),
 * UPDATE's `assignments`, INSERT's complete new row (`values`, in attnum order, coerced,
 * defaults filled in).
 */
export interface MergeAction<P> {
  readonly matched: boolean;
  readonly action: 'update' | 'delete' | 'insert' | 'nothing';
  readonly condition?: BoundExpr<P>;
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: BoundExpr<P> }[];
  readonly values: readonly BoundExpr<P>[];
}

/**
 * MERGE: `input` joins the target (its columns, then the hidden tid column) with the source (its
 * columns after the tid): an inner join, or a right join (every source row, the target's slots
 * NULL when none matched) when a WHEN NOT MATCHED clause exists. Each row acts by the first of
 * `actions` of its kind (matched: tid not NULL) whose condition holds. `recheck` is the join
 * condition, for READ COMMITTED's re-check of a target row a concurrent transaction updated.
 */
export interface MergeNode {
  readonly kind: 'merge';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  readonly recheck: LogicalExpr;
  readonly actions: readonly MergeAction<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** EXPLAIN of a statement: one text column, `QUERY PLAN`. */
export interface ExplainNode {
  readonly kind: 'explain';
  readonly plan: LogicalPlan;
  readonly columns: readonly PlanColumn[];
}

export type LogicalPlan =
  | ScanNode
  | ValuesNode
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
  | JoinNode
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

/**
 * The output columns of a plan, as RowDescription describes them (empty for DML without
 * RETURNING). Synchronous, never throws.
 */
export function outputColumns(plan: LogicalPlan): readonly PlanColumn[] {
  return plan.columns;
}
