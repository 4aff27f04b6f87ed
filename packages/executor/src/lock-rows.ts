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
 * NB: READ COMMITTED does not re-evaluate WHERE on the newer version nor return its values (the
 * row as the snapshot saw it is returned); PostgreSQL's EvalPlanQual does both.
 *
 * Waits: like ModifyTable, a row that must wait is kept and retried after `executePlan` awaited
 * `rt.pendingWait`; the batch returned meanwhile may be empty. Locking needs a transaction id.
 */
import type { TableDef } from '@rustydb/catalog';
import type { Row } from '@rustydb/common';
import type { TableStore } from '@rustydb/storage';
import { LockMode, RowLockMode } from '@rustydb/txn';
import type { Operator } from './operator.js';
import { type HeldTupleLock, releaseTupleLock, resolveTarget, targetTid, WAITING } from './row-target.js';
import type { Runtime } from './runtime.js';

/** One table LockRows locks, compiled. */
export interface LockRowsTargetOp {
  readonly table: TableDef;
  readonly store: TableStore;
  readonly slot: number;
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

export class LockRowsOp implements Operator {
  private readonly out: Row[] = [];
  private pending: Row[] | undefined;
  private readonly held: HeldTupleLock = { tag: undefined, mode: LockMode.AccessShare };

  constructor(
    private readonly rt: Runtime,
    private readonly input: Operator,
    private readonly targets: readonly LockRowsTargetOp[],
    /** The statement's top locking node: its waits go to executePlan (else 40001 at once). */
    private readonly waitable: boolean,
  ) {}

  open(): void {
    this.pending = undefined;
    this.input.open();
  }

  next(): Row[] | undefined {
    let b = this.pending;
    this.pending = undefined;
    if (b === undefined) {
      b = this.input.next();
      if (!b) return undefined;
    }
    this.out.length = 0;
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
      if (locks === undefined) continue;
      const xid = tx.assignXid();
      // Our own update of the row (an earlier command) already locks it as strongly as any mode.
      if (target.version.xmin === xid) continue;
      locks.rowLocks.lock(t.table.oid, target.tid, xid, t.mode, locks.status);
    }
    return true;
  }
}
