/**
 * LockRows: SELECT … FOR KEY SHARE / FOR SHARE / FOR NO KEY UPDATE / FOR UPDATE (PostgreSQL's
 * nodeLockRows.c). For each input row it locks the row of every target table (its tid rides in a
 * junk column) and passes the row on, or drops it.
 *
 * Per target (row-target.ts decides): the version is free → we record our lock-only lock in the
 * database's RowLockTable (txn's row-lock-table.ts: lock-only locks live in memory, keyed by
 * relation and tid, and go when our transaction ends); someone holds a conflicting lock or is
 * changing the row → wait for them (NOWAIT: 55P03 `could not obtain lock on row in relation
 * "t"`; SKIP LOCKED: drop the row), then look again; the row was updated or deleted by a
 * committed transaction → REPEATABLE READ / SERIALIZABLE raise 40001, READ COMMITTED drops a
 * deleted row and locks the newest version of an updated one.
 *
 * READ COMMITTED's re-check (EvalPlanQual) when a locked row had been updated: the input row
 * carries the whole FROM row as junk (planner's LockRowsRecheck); the newest version's values
 * replace the table's columns there, WHERE is evaluated again (false: the row is dropped, its
 * locks stay, as in PostgreSQL) and the select list is recomputed from it, so the row returned
 * is the one locked. Without a recheck (set-returning select lists) the old values are returned.
 *
 * Waits: like ModifyTable, a row that must wait is kept and retried after `executePlan` awaited
 * `rt.pendingWait`; the batch returned meanwhile may be empty. Locking needs a transaction id.
 */
import type { TableDef } from '@rustydb/catalog';
import { emptyArray, packTid, type Row, type Value } from '@rustydb/common';
import type { TableStore } from '@rustydb/storage';
import { RowLockMode } from '@rustydb/txn';
import type { CompiledExpr } from './compile-expr.js';
import { type Operator, YIELD, type Yield } from './operator.js';
import type { RowLayout } from './row-layout.js';
import {
  forgetResume,
  type HeldTupleLock,
  heldTupleLock,
  releaseTupleLock,
  resolveTarget,
  targetTid,
  WAITING,
} from './row-target.js';
import type { Runtime } from './runtime.js';

/** One table LockRows locks, compiled. */
export interface LockRowsTargetOp {
  readonly table: TableDef;
  readonly store: TableStore;
  readonly slot: number;
  /** Where the table's columns start in the re-check's FROM row. */
  readonly tableSlot: number;
  readonly layout: RowLayout;
  readonly mode: RowLockMode;
  readonly waitPolicy: 'block' | 'nowait' | 'skipLocked';
}

const MODES = {
  keyShare: RowLockMode.ForKeyShare,
  share: RowLockMode.ForShare,
  noKeyUpdate: RowLockMode.ForNoKeyUpdate,
  update: RowLockMode.ForUpdate,
} as const;

/** The RowLockMode of a locking clause strength. */
export function rowLockModeOf(strength: keyof typeof MODES): RowLockMode {
  return MODES[strength];
}

/** LockRowsRecheck, compiled. */
export interface CompiledLockRecheck {
  readonly fromBase: number;
  readonly fromWidth: number;
  readonly predicate?: CompiledExpr;
  readonly outputs: readonly CompiledExpr[];
}

export class LockRowsOp implements Operator {
  private readonly out: Row[] = [];
  private pending: Row[] | undefined;
  private readonly held: HeldTupleLock = heldTupleLock();

  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    private readonly targets: readonly LockRowsTargetOp[],
    /** The statement's top locking node: its waits go to executePlan (else 40001 at once). */
    private readonly waitable: boolean,
    private readonly recheck?: CompiledLockRecheck,
  ) {}

  open(): void {
    this.pending = undefined;
    forgetResume(this.held);
    this.input.open();
  }

  next(): Row[] | undefined | Yield {
    let b = this.pending;
    this.pending = undefined;
    if (b === undefined) {
      const got = this.input.next();
      // A yield between input batches holds what the batch boundary holds: no latch, no WAL batch.
      if (got === YIELD) return got;
      b = got;
      if (!b) return undefined;
    }
    emptyArray(this.out);
    for (let i = 0; i < b.length; i++) {
      const verdict = this.lockRow(b[i]);
      if (verdict === WAITING) {
        this.pending = b.slice(i);
        return this.out;
      }
      releaseTupleLock(this.rt, this.held);
      if (verdict) this.out.push(b[i]);
    }
    return this.out;
  }

  close(): void {
    this.input.close();
  }

  /** Locks every target's row of `row`: true to keep the row, false to drop it, or WAITING. */
  private lockRow(row: Row): boolean | typeof WAITING {
    const tx = this.rt.ctx.tx;
    const locks = this.rt.ctx.locks;
    let from: Value[] | undefined;
    for (const t of this.targets) {
      const packed = row[t.slot];
      // The NULL side of an outer join has no row to lock.
      if (packed === null) continue;
      const target = resolveTarget(
        this.rt,
        t.table,
        t.store,
        targetTid(packed as number),
        t.mode,
        this.waitable,
        this.held,
        t.waitPolicy === 'skipLocked',
        t.waitPolicy === 'nowait',
      );
      if (target === WAITING) return target;
      if (target === undefined) return false;
      const r = this.recheck;
      if (target.moved && r !== undefined) {
        from ??= row.slice(r.fromBase, r.fromBase + r.fromWidth);
        const values = new Array<Value>(t.table.columns.length);
        t.layout.decode(target.version.data, values);
        for (let k = 0; k < values.length; k++) from[t.tableSlot + k] = values[k];
        from[t.tableSlot + values.length] = packTid(target.tid.page, target.tid.slot);
      }
      if (locks === undefined) continue;
      const xid = tx.assignXid();
      // Our own update of the row (an earlier command) already locks it as strongly as any mode.
      if (target.version.xmin === xid) continue;
      locks.rowLocks.lock(t.table.oid, target.tid, xid, t.mode, locks.status);
      // FOR KEY SHARE beside a running non-key UPDATE locks its new version too, for when it
      // commits (heap_lock_updated_tuple).
      const next = target.version.ctid;
      const moving = next.page !== target.tid.page || next.slot !== target.tid.slot;
      if (moving && locks.status(target.version.xmax) === 'in-progress') {
        locks.rowLocks.lock(t.table.oid, next, xid, t.mode, locks.status);
      }
    }
    if (from !== undefined) {
      const r = this.recheck!;
      if (r.predicate !== undefined && r.predicate(from) !== true) return false;
      for (let i = 0; i < r.outputs.length; i++) row[i] = r.outputs[i](from);
    }
    return true;
  }
}
