/**
 * The relation locks a plan takes before it runs, PostgreSQL's way (held to transaction end;
 * TxnManager releases them): AccessShare on every table it reads, RowShare on the tables SELECT …
 * FOR UPDATE/SHARE locks rows of, RowExclusive on the table INSERT / UPDATE / DELETE writes. Each
 * table gets its strongest mode once.
 *
 * The list is computed once per physical plan (a WeakMap keyed by the plan object), so a plan
 * from the statement cache or a prepared statement still takes its locks at every execution, at
 * the cost of one map lookup and one `acquire` per table (granted at once when uncontended).
 */
import type { TableDef } from '@rustydb/catalog';
import type { PhysicalPlan } from '@rustydb/optimizer';
import { LockMode, type RelationLockTag, relationLockTag } from '@rustydb/txn';
import type { StatementLocks } from './statement-locks.js';

/** One relation lock a plan needs. */
export interface PlanLock {
  readonly tag: RelationLockTag;
  readonly mode: LockMode;
}

const cache = new WeakMap<PhysicalPlan, readonly PlanLock[]>();

/** The relation locks `plan` takes (see the file comment). Cached per plan object. */
export function planRelationLocks(plan: PhysicalPlan): readonly PlanLock[] {
  let list = cache.get(plan);
  if (list === undefined) {
    const modes = new Map<number, { table: TableDef; mode: LockMode }>();
    collect(plan, modes, new Set());
    list = [...modes.values()].map(({ table, mode }) => ({
      tag: relationLockTag(table.oid, table.name),
      mode,
    }));
    cache.set(plan, list);
  }
  return list;
}

/**
 * Acquires `plan`'s relation locks for `locks.owner`, waiting as `locks.wait` says.
 * @returns undefined when every lock was granted at once (no Promise), else a Promise resolving
 * once all are held.
 * @throws (synchronously or by rejecting) 55P03 on NOWAIT or lock_timeout, 40P01, 57014 on
 * cancel or statement_timeout.
 */
export function lockPlanRelations(plan: PhysicalPlan, locks: StatementLocks): Promise<void> | undefined {
  return lockFrom(planRelationLocks(plan), 0, locks);
}

function lockFrom(list: readonly PlanLock[], from: number, locks: StatementLocks): Promise<void> | undefined {
  for (let i = from; i < list.length; i++) {
    const waiting = locks.manager.acquire(locks.owner, list[i].tag, list[i].mode, locks.wait);
    if (waiting !== undefined) return waiting.then(() => lockFrom(list, i + 1, locks));
  }
  return undefined;
}

const DML = new Set(['insert', 'update', 'delete', 'merge']);

/** Walks every node and nested plan (subqueries in expressions too), noting each table's mode. */
function collect(
  node: unknown,
  modes: Map<number, { table: TableDef; mode: LockMode }>,
  seen: Set<object>,
): void {
  if (node === null || typeof node !== 'object') return;
  const n = node as { kind?: unknown; table?: TableDef; tables?: readonly TableDef[] };
  // Constants and parameters hold no plans: a bulk INSERT's VALUES is thousands of them.
  if (n.kind === 'const' || n.kind === 'param' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) collect(item, modes, seen);
    return;
  }
  if (typeof n.kind === 'string') {
    if ((n.kind === 'seqScan' || n.kind === 'indexScan') && n.table !== undefined) {
      note(modes, n.table, LockMode.AccessShare);
    } else if (DML.has(n.kind) && n.table !== undefined) {
      note(modes, n.table, LockMode.RowExclusive);
    } else if (n.kind === 'lockRows' && n.tables !== undefined) {
      for (const t of n.tables) note(modes, t, LockMode.RowShare);
    }
  }
  // for…in, not Object.entries: no array per node.
  for (const key in node) {
    // Catalog definitions hang off nodes: nothing to find in them.
    if (key === 'table' || key === 'tables' || key === 'columns' || key === 'est') continue;
    collect((node as Record<string, unknown>)[key], modes, seen);
  }
}

function note(
  modes: Map<number, { table: TableDef; mode: LockMode }>,
  table: TableDef,
  mode: LockMode,
): void {
  const had = modes.get(table.oid);
  if (had === undefined || had.mode < mode) modes.set(table.oid, { table, mode });
}
