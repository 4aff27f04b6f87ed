/**
 * @rustydb/executor — runs physical plans: operators, compiled expressions, DML and constraints.
 *
 * Owns the operator implementations (scans, joins, aggregation, sort, limit, DML), the
 * expression compiler (expressions become closures once per plan), NOT NULL and unique-index
 * checks, write-write conflict detection, and CREATE INDEX's initial fill.
 *
 * Invariants:
 * - Operators are synchronous pull iterators over reused row batches; only `executePlan` awaits
 *   (a macrotask yield every few batches). No promise, log or type dispatch per row.
 * - A scan returns only versions `tx.isVisible` accepts; a statement never sees the versions it
 *   writes itself (command ids), so DML is Halloween-safe.
 * - Uniqueness is checked through the unique index (exact-match scan + `tx.uniqueCheck`), never
 *   by scanning the table; every version written gets an entry in every index.
 * - Rows are stored with @rustydb/common's row codec in attnum order; index keys with
 *   @rustydb/index's `encodeKey` over the index's columns.
 * - Sort, HashAggregate, DISTINCT, Hash Join and WindowAgg hold at most `work_mem`
 *   (ExecutionContext.workMem, bytes) of rows and spill past it through the building blocks in
 *   `spill/`: temporary files live in the context's temp directory (`<datadir>/tmp`), each
 *   operator owns one TempFileSet closed on close() and on error, and leftovers of a crash go at
 *   startup (`TempFileSet.cleanupStale`). Nested Loop's inner side and the CTE, set-operation
 *   and subquery buffers stay in memory.
 * - A cached plan's operator tree may be kept and rerun (reusable-plan.ts, reusable-dml.ts):
 *   operators and compiled expressions read the execution's context through the Runtime only,
 *   and `open()` resets everything an execution leaves; a tree is reused only while idle, with
 *   the same TimeZone, parameter count and storage objects, and never after a failure.
 */

export { buildOperator } from './build-operator.js';
// Building blocks, for tools and tests
export { type CompiledExpr, compileExpr } from './compile-expr.js';
export { fireDeferredChecks } from './deferred-checks.js';
export {
  DeferredConstraints,
  type DeferredMark,
  EMPTY_DEFERRED_MARK,
  notDeferrable,
} from './deferred-constraints.js';
// Entry points
export {
  type ActivityCounters,
  RowChange,
  type ScanCounters,
  type TableCounters,
} from './activity-counters.js';
export {
  allowExpressionWaits,
  checkWritableWith,
  executeLockedPlan,
  executePlan,
  executePlanSync,
  type PlanResult,
} from './execute-plan.js';
export type {
  ExecutionContext,
  RelationAccess,
  ResultSink,
  SequenceAccess,
  SessionAccess,
  SpillReport,
} from './execution-context.js';
export { IndexKeys } from './index-keys.js';
export { analyzePlan } from './instrument.js';
export { likeToRegExpSource } from './like.js';
export { BATCH_SIZE, nextRows, type Operator, YIELD, type Yield } from './operator.js';
export { populateIndex } from './populate-index.js';
export { type RebuildOptions, rebuildIndex } from './rebuild-index.js';
export { lockPlanRelations } from './relation-locks.js';
export {
  type AcquiredOperator,
  acquireOperator,
  isReusable,
  isReusableQuery,
  operatorTreeStats,
  releaseOperator,
} from './reusable-plan.js';
export type { RoutineAccess, TriggerEvent } from './routine-call.js';
export { Runtime, TIME_SLICE_MS } from './runtime.js';
export { Turns } from './turns.js';
export {
  DEFAULT_MERGE_FAN_IN,
  DEFAULT_WORK_MEM,
  ExternalSorter,
  type ExternalSorterOptions,
  type SortMethod,
  type SortStats,
} from './spill/external-sorter.js';
export { DEFAULT_FANOUT, HashPartitioner } from './spill/hash-partitioner.js';
export { compareRowsBy, type RowComparator, type RowSortKey } from './spill/row-comparator.js';
export { isSpillable, SPILL_BUFFER_SIZE, SpillFile } from './spill/spill-file.js';
export {
  DEFAULT_MAX_DEPTH,
  type GroupCallbacks,
  type HashAggStats,
  SpillingHashAggregator,
  type SpillingHashAggregatorOptions,
} from './spill/spilling-hash-aggregator.js';
export {
  type HashJoinStats,
  SpillingHashJoinTable,
  type SpillingHashJoinTableOptions,
} from './spill/spilling-hash-join-table.js';
export { TEMP_FILE_PREFIX, TempFileSet } from './spill/temp-file-set.js';
export type { StatementLocks } from './statement-locks.js';
export { TableTriggers } from './table-triggers.js';
// Spilling to temporary files (work_mem)
export { MAX_WORK_MEM_KB, MIN_WORK_MEM_KB, parseWorkMem } from './work-mem.js';
