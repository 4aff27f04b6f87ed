/**
 * The logical plan: what a statement computes, with every name and type resolved, before any
 * choice of how (access paths, join algorithms, sort strategies belong to the optimizer).
 *
 * Each node lists its output `columns`; expressions inside a node read the row of its input
 * (`column.index` is a slot of that row). A join's row is the left row followed by the right
 * row. Nodes are plain readonly objects tagged with `kind`; dispatch on them is exhaustive.
 */
import type { SqlType } from '@rustydb/common';
import type { ColumnDef, TableDef } from '@rustydb/catalog';
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

/** Aggregate functions the executor implements. */
export type AggregateName = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'bool_and' | 'bool_or' | 'string_agg';

/** One aggregate call. `args` is empty for `count(*)`. */
export interface AggregateCall<P> {
  readonly fn: AggregateName;
  readonly args: readonly BoundExpr<P>[];
  readonly distinct: boolean;
  /** The result type (count → int8, sum(int4) → int8, avg(int) → numeric, …). */
  readonly type: SqlType;
  /** The printable call, for EXPLAIN and error messages: `count(*)`, `sum(t.a)`. */
  readonly text: string;
}

/** A sort key: NULLS FIRST defaults to DESC, as in PostgreSQL. */
export interface SortKey<P> {
  readonly expr: BoundExpr<P>;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

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

/** A set-returning function in FROM. Only `generate_series` for now. */
export interface FunctionScanNode {
  readonly kind: 'functionScan';
  readonly fn: 'generate_series';
  readonly args: readonly LogicalExpr[];
  readonly alias: string;
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
  readonly srfs: readonly { readonly slot: number; readonly args: readonly LogicalExpr[] }[];
  readonly columns: readonly PlanColumn[];
}

export interface JoinNode {
  readonly kind: 'join';
  readonly joinType: JoinType;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  /** Over the joined row (left slots, then right slots); absent for cross joins. */
  readonly condition?: LogicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** Output row: the group keys, then the aggregate values. */
export interface AggregateNode {
  readonly kind: 'aggregate';
  readonly input: LogicalPlan;
  readonly groupBy: readonly LogicalExpr[];
  readonly aggregates: readonly AggregateCall<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

export interface SortNode {
  readonly kind: 'sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey<LogicalPlan>[];
  readonly columns: readonly PlanColumn[];
}

/** LIMIT / OFFSET: expressions without column references, evaluated once at start. */
export interface LimitNode {
  readonly kind: 'limit';
  readonly input: LogicalPlan;
  readonly limit?: LogicalExpr;
  readonly offset?: LogicalExpr;
  readonly columns: readonly PlanColumn[];
}

/** SELECT DISTINCT: removes duplicate rows (NULLs are equal here). */
export interface DistinctNode {
  readonly kind: 'distinct';
  readonly input: LogicalPlan;
  readonly columns: readonly PlanColumn[];
}

/** RETURNING: expressions over the row written (the table's columns in attnum order). */
export interface Returning {
  readonly exprs: readonly LogicalExpr[];
  readonly columns: readonly PlanColumn[];
}

/**
 * INSERT: `input` yields complete rows in attnum order, already coerced to the column types
 * (assignment casts, defaults filled in).
 */
export interface InsertNode {
  readonly kind: 'insert';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/**
 * UPDATE: `input` yields the target rows (the table's columns then the hidden tid column);
 * `assignments` compute new column values from that row.
 */
export interface UpdateNode {
  readonly kind: 'update';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  readonly assignments: readonly { readonly column: ColumnDef; readonly expr: LogicalExpr }[];
  readonly returning?: Returning;
  readonly columns: readonly PlanColumn[];
}

/** DELETE: `input` yields the target rows (the table's columns then the hidden tid column). */
export interface DeleteNode {
  readonly kind: 'delete';
  readonly table: TableDef;
  readonly input: LogicalPlan;
  readonly returning?: Returning;
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
  | ResultNode
  | FilterNode
  | ProjectNode
  | ProjectSetNode
  | JoinNode
  | AggregateNode
  | SortNode
  | LimitNode
  | DistinctNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | ExplainNode;

/**
 * The output columns of a plan, as RowDescription describes them (empty for DML without
 * RETURNING). Synchronous, never throws.
 */
export function outputColumns(plan: LogicalPlan): readonly PlanColumn[] {
  return plan.columns;
}
