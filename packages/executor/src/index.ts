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
 */

// Entry points
export { executePlan } from './execute-plan.js';
export { populateIndex } from './populate-index.js';
export type { ExecutionContext, RelationAccess, ResultSink } from './execution-context.js';

// Building blocks, for tools and tests
export { compileExpr, type CompiledExpr } from './compile-expr.js';
export { buildOperator } from './build-operator.js';
export { BATCH_SIZE, type Operator } from './operator.js';
export { Runtime } from './runtime.js';
export { likeToRegExpSource } from './like.js';
