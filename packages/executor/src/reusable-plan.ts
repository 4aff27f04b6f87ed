/**
 * Reusable operator trees: a cached physical plan run again (a prepared or cached statement)
 * reuses the operators and compiled expressions built by its previous execution instead of
 * rebuilding them — building was the largest allocation of a point lookup.
 *
 * Only plans whose operators and expressions keep no state across executions beyond what
 * `open()` resets qualify (`isReusable`): scans, filter, project, limit, result and VALUES, and
 * INSERT / UPDATE / DELETE over them when their target table qualifies too (reusable-dml.ts),
 * over expressions that read parameters and the context only through the Runtime (compile-expr.ts
 * reads `rt.ctx.params` at evaluation). The Runtime is the per-execution frame: `rebind` gives
 * it the new context. A tree is reused only when it is idle (a plan run re-entrantly — portals
 * of one prepared statement, the same statement in two sessions — builds a fresh tree), when
 * the TimeZone it was compiled for (operator kernels and casts capture the zone) and the
 * parameter count are the same, and when the relations' stores and indexes (a DML target's own
 * included) are the objects it captured. After a failed execution the tree is dropped, not
 * reused. DDL needs no check here: it replaces the TableDef and moves the catalog epoch, so the
 * statement is replanned, and trees are kept per plan object.
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { castNeedsCatalog, type DateTimeStyle } from '@rustydb/common';
import type { PhysicalExpr, PhysicalPlan } from '@rustydb/optimizer';
import { isBitwiseFunction } from './bitwise-functions.js';
import { buildOperator } from './build-operator.js';
import type { ExecutionContext } from './execution-context.js';
import type { Operator } from './operator.js';
import { isRecordFunction } from './record-functions.js';
import { isRegexMatch } from './regex-match.js';
import { collectWriteStorage, reusableWriteTarget } from './reusable-dml.js';
import { Runtime } from './runtime.js';

/** An operator tree kept for its plan between executions. */
interface Entry {
  readonly op: Operator;
  readonly rt: Runtime;
  readonly timeZone: string | undefined;
  /** DateStyle and IntervalStyle (interned: compared by identity). */
  readonly dateTimeStyle: DateTimeStyle | undefined;
  readonly paramCount: number;
  /** The tables and indexes the operators captured storage of (checked at reuse). */
  readonly tables: readonly TableDef[];
  readonly indexes: readonly IndexDef[];
  readonly stores: readonly unknown[];
  readonly indexObjects: readonly unknown[];
  busy: boolean;
  /** What `acquireOperator` hands out for this tree (one object, not one per execution). */
  acquired: AcquiredOperator | undefined;
}

/** An operator tree ready to open, and how to hand it back. */
export interface AcquiredOperator {
  readonly op: Operator;
  readonly rt: Runtime;
  /** The cache entry when `op` is the plan's kept tree (undefined: a fresh, unshared one). */
  readonly entry: Entry | undefined;
}

const trees = new WeakMap<PhysicalPlan, Entry>();

/**
 * @internal Counts of kept trees built and reused, process-wide, for tests that must see reuse
 * happen (or not). Two increments per execution; never reset by the executor.
 */
export const operatorTreeStats = { kept: 0, reused: 0 };
const reusable = new WeakMap<PhysicalPlan, boolean>();

/**
 * The operator tree for one execution of `plan` in `ctx`: the kept one when it can be reused,
 * else a new one (kept for the next execution when the plan qualifies). `topLockRows` is the
 * plan's LockRows node whose waits the caller awaits (Runtime.topLockRows, read while building;
 * a reusable plan has none). Synchronous; throws what buildOperator throws. The caller must call
 * `releaseOperator` when the execution ends.
 */
export function acquireOperator(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  topLockRows?: PhysicalPlan,
): AcquiredOperator {
  if (!isReusable(plan, ctx.catalog)) return fresh(plan, ctx, topLockRows);
  const kept = trees.get(plan);
  if (kept !== undefined) {
    if (kept.busy) return fresh(plan, ctx, topLockRows);
    if (
      kept.timeZone === ctx.timeZone &&
      kept.dateTimeStyle === ctx.dateTimeStyle &&
      kept.paramCount === ctx.params.length &&
      sameStorage(kept, ctx)
    ) {
      kept.busy = true;
      kept.rt.rebind(ctx);
      operatorTreeStats.reused++;
      kept.acquired ??= { op: kept.op, rt: kept.rt, entry: kept };
      return kept.acquired;
    }
  }
  operatorTreeStats.kept++;
  const rt = new Runtime(ctx);
  const op = buildOperator(plan, rt);
  const tables: TableDef[] = [];
  const indexes: IndexDef[] = [];
  collectStorage(plan, tables, indexes);
  const entry: Entry = {
    op,
    rt,
    timeZone: ctx.timeZone,
    dateTimeStyle: ctx.dateTimeStyle,
    paramCount: ctx.params.length,
    tables,
    indexes,
    stores: tables.map((t) => ctx.relations.store(t)),
    indexObjects: indexes.map((d) => ctx.relations.index(d)),
    busy: true,
    acquired: undefined,
  };
  entry.acquired = { op, rt, entry };
  trees.set(plan, entry);
  return entry.acquired;
}

/**
 * Ends an execution of an acquired tree: a kept tree becomes reusable again after success and
 * is dropped after a failure (its operators may be mid-batch). Synchronous; never throws.
 */
export function releaseOperator(plan: PhysicalPlan, acquired: AcquiredOperator, ok: boolean): void {
  const entry = acquired.entry;
  if (entry === undefined) return;
  entry.busy = false;
  if (!ok && trees.get(plan) === entry) trees.delete(plan);
}

function fresh(
  plan: PhysicalPlan,
  ctx: ExecutionContext,
  topLockRows: PhysicalPlan | undefined,
): AcquiredOperator {
  const rt = new Runtime(ctx);
  rt.topLockRows = topLockRows;
  return { op: buildOperator(plan, rt), rt, entry: undefined };
}

/** Whether the relations still map to the stores and indexes the kept operators hold. */
function sameStorage(e: Entry, ctx: ExecutionContext): boolean {
  // store() is also how the engine notes a temporary table's use: call it as a build would.
  for (let i = 0; i < e.tables.length; i++)
    if (ctx.relations.store(e.tables[i]) !== e.stores[i]) return false;
  for (let i = 0; i < e.indexes.length; i++)
    if (ctx.relations.index(e.indexes[i]) !== e.indexObjects[i]) return false;
  return true;
}

function collectStorage(plan: PhysicalPlan, tables: TableDef[], indexes: IndexDef[]): void {
  switch (plan.kind) {
    case 'seqScan':
      tables.push(plan.table);
      return;
    case 'indexScan':
      tables.push(plan.table);
      indexes.push(plan.index);
      return;
    case 'project':
    case 'filter':
    case 'limit':
      collectStorage(plan.input, tables, indexes);
      return;
    case 'insert':
    case 'update':
    case 'delete':
      collectWriteStorage(plan.table, tables, indexes);
      collectStorage(plan.input, tables, indexes);
      return;
    default:
      return;
  }
}

/**
 * Whether `plan`'s operators and expressions may be kept and rerun (memoised per plan). An
 * INSERT, UPDATE or DELETE qualifies only with `catalog` (its CHECK constraints are bound to be
 * judged, reusable-dml.ts), over a qualifying input, without ON CONFLICT.
 */
export function isReusable(plan: PhysicalPlan, catalog?: CatalogReader): boolean {
  let r = reusable.get(plan);
  if (r === undefined) {
    // A write is judged with a catalog only: a verdict without one is not remembered, or asking
    // first without one (a query path) would turn reuse off for the plan for good.
    if (catalog === undefined && isWrite(plan)) return false;
    r = reusableNode(plan, catalog);
    reusable.set(plan, r);
  }
  return r;
}

/**
 * A reusable plan that writes nothing: no row locks or row waits, nothing to flush — the plans
 * the engine may run without the asynchronous path (engine query-now.ts). Memoised.
 */
export function isReusableQuery(plan: PhysicalPlan): boolean {
  return !isWrite(plan) && isReusable(plan);
}

const isWrite = (plan: PhysicalPlan): boolean =>
  plan.kind === 'insert' || plan.kind === 'update' || plan.kind === 'delete' || plan.kind === 'merge';

function reusableNode(plan: PhysicalPlan, catalog?: CatalogReader): boolean {
  switch (plan.kind) {
    case 'insert':
      return (
        catalog !== undefined &&
        plan.onConflict === undefined &&
        plan.viewChecks === undefined &&
        reusableReturning(plan.returning) &&
        reusableWriteTarget(plan.table, catalog, reusableExpr) &&
        reusableNode(plan.input)
      );
    case 'update':
      return (
        catalog !== undefined &&
        plan.assignments.every((a) => reusableExpr(a.expr)) &&
        plan.viewChecks === undefined &&
        (plan.recheck === undefined || reusableExpr(plan.recheck)) &&
        reusableReturning(plan.returning) &&
        reusableWriteTarget(plan.table, catalog, reusableExpr) &&
        reusableNode(plan.input)
      );
    case 'delete':
      return (
        catalog !== undefined &&
        (plan.recheck === undefined || reusableExpr(plan.recheck)) &&
        reusableReturning(plan.returning) &&
        reusableWriteTarget(plan.table, catalog, reusableExpr) &&
        reusableNode(plan.input)
      );
    case 'valuesScan':
      return plan.rows.every((r) => r.every(reusableExpr));
    case 'seqScan':
      return plan.filter === undefined || reusableExpr(plan.filter);
    case 'indexScan':
      return (
        (plan.filter === undefined || reusableExpr(plan.filter)) &&
        plan.keyConds.every((k) => reusableExpr(k.value))
      );
    case 'result':
      return true;
    case 'filter':
      return reusableExpr(plan.predicate) && reusableNode(plan.input);
    case 'project':
      return plan.exprs.every(reusableExpr) && reusableNode(plan.input);
    case 'limit':
      return (
        (plan.limit === undefined || reusableExpr(plan.limit)) &&
        (plan.offset === undefined || reusableExpr(plan.offset)) &&
        (plan.withTies === undefined || plan.withTies.every(reusableExpr)) &&
        reusableNode(plan.input)
      );
    default:
      return false;
  }
}

function reusableReturning(r: { readonly exprs: readonly PhysicalExpr[] } | undefined): boolean {
  return r === undefined || r.exprs.every(reusableExpr);
}

/**
 * The date/time functions without arguments that read the clock through the Runtime at
 * evaluation (date-time-functions.ts: `rt.transactionStart()`, `rt.statementStart`, the
 * Runtime's zone), which `rebind` resets: a kept tree gives each execution its own times.
 * `CURRENT_TIMESTAMP` binds to now() (pgbench's INSERT INTO pgbench_history).
 */
const RUNTIME_CLOCK_FUNCTIONS: ReadonlySet<string> = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'clock_timestamp',
  'current_date',
  'localtimestamp',
  'localtime',
]);

/**
 * Expressions whose compiled closures capture nothing of an execution but the Runtime (read at
 * evaluation) and the TimeZone. Functions that capture the context (sequences, session and
 * catalog functions) and subqueries (their results are cached per execution) do not qualify;
 * nor do catalog casts.
 */
function reusableExpr(e: PhysicalExpr): boolean {
  switch (e.kind) {
    case 'const':
    case 'column':
    case 'param':
      return true;
    case 'op':
    case 'and':
    case 'or':
    case 'coalesce':
    case 'greatest':
    case 'least':
      return e.args.every(reusableExpr);
    case 'func':
      if (e.args.length === 0 && RUNTIME_CLOCK_FUNCTIONS.has(e.name)) return true;
      return (
        (isRegexMatch(e.name) || isRecordFunction(e.name) || isBitwiseFunction(e.name)) &&
        e.args.every(reusableExpr)
      );
    case 'cast':
      return !castNeedsCatalog(e.arg.type, e.type) && reusableExpr(e.arg);
    case 'not':
    case 'isNull':
    case 'isBool':
      return reusableExpr(e.arg);
    case 'isDistinct':
      return e.eq.args.every(reusableExpr);
    case 'case':
      return (
        e.whens.every((w) => reusableExpr(w.cond) && reusableExpr(w.result)) && reusableExpr(e.otherwise)
      );
    case 'nullif':
      return reusableExpr(e.arg) && reusableExpr(e.cmp);
    case 'like':
      return (
        reusableExpr(e.arg) && reusableExpr(e.pattern) && (e.escape === undefined || reusableExpr(e.escape))
      );
    case 'inList':
      return reusableExpr(e.arg) && e.list.every(reusableExpr);
    default:
      return false;
  }
}
