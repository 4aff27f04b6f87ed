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
 */

// Entry points
export { executePlan } from './execute-plan.js';
export { analyzePlan } from './instrument.js';
export { populateIndex } from './populate-index.js';
export { rebuildIndex, type RebuildOptions } from './rebuild-index.js';
export { IndexKeys } from './index-keys.js';
export type {
  ExecutionContext,
  RelationAccess,
  ResultSink,
  SequenceAccess,
  SessionAccess,
  SpillReport,
} from './execution-context.js';
export type { StatementLocks } from './statement-locks.js';

// Building blocks, for tools and tests
export { compileExpr, type CompiledExpr } from './compile-expr.js';
export { buildOperator } from './build-operator.js';
export { BATCH_SIZE, type Operator } from './operator.js';
export { Runtime } from './runtime.js';
export { likeToRegExpSource } from './like.js';

// Spilling to temporary files (work_mem)
export { parseWorkMem, MIN_WORK_MEM_KB, MAX_WORK_MEM_KB } from './work-mem.js';
export { TempFileSet, TEMP_FILE_PREFIX } from './spill/temp-file-set.js';
export { SpillFile, SPILL_BUFFER_SIZE, isSpillable } from './spill/spill-file.js';
export {
  ExternalSorter,
  DEFAULT_WORK_MEM,
  DEFAULT_MERGE_FAN_IN,
  type ExternalSorterOptions,
  type SortMethod,
  type SortStats,
} from './spill/external-sorter.js';
export { compareRowsBy, type RowComparator, type RowSortKey } from './spill/row-comparator.js';
export { HashPartitioner, DEFAULT_FANOUT } from './spill/hash-partitioner.js';
export {
  SpillingHashAggregator,
  DEFAULT_MAX_DEPTH,
  type GroupCallbacks,
  type HashAggStats,
  type SpillingHashAggregatorOptions,
} from './spill/spilling-hash-aggregator.js';
export {
  SpillingHashJoinTable,
  type HashJoinStats,
  type SpillingHashJoinTableOptions,
} from './spill/spilling-hash-join-table.js';
