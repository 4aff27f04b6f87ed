/**
 * Deferred constraint checks: one transaction's SET CONSTRAINTS state and the queue of checks
 * its DEFERRABLE constraints postponed (PostgreSQL's after-trigger event queue, trigger.c,
 * reduced to what its foreign keys and deferrable unique keys queue).
 *
 * WHEN A CHECK RUNS. A NOT DEFERRABLE constraint, and a DEFERRABLE one that is IMMEDIATE now,
 * is checked at the end of the statement (constraints.ts). A DEFERRABLE one that is DEFERRED
 * now (`INITIALLY DEFERRED`, or `SET CONSTRAINTS … DEFERRED`) queues its check here instead;
 * the queue is fired at COMMIT and PREPARE TRANSACTION (an error there rolls the transaction
 * back) and, for the constraints it makes immediate, by `SET CONSTRAINTS … IMMEDIATE`. Whether
 * a constraint is deferred: its own SET CONSTRAINTS name entry, else the last SET CONSTRAINTS
 * ALL, else INITIALLY DEFERRED (`isDeferred`).
 *
 * WHAT IS QUEUED. Not the rows: an event is five numbers in a Float64Array (40 bytes, however
 * wide the row), and the check reads the row version at commit:
 *
 * | slot | what                                                                     |
 * |------|--------------------------------------------------------------------------|
 * | 0    | kind: CHECK_ROW (a referencing row written: its key must exist), NO_ACTION  |
 * |      | (a referenced row deleted or its key updated: nothing may still use it),   |
 * |      | UNIQUE_ROW (a deferrable unique key written where a duplicate may exist)  |
 * | 1    | the constraint's OID (pg_constraint)                                     |
 * | 2    | the OID of the table the row version is in                               |
 * | 3    | the version's packed tid (`packTid`)                                     |
 * | 4    | 0 while pending; else the firing's serial number (fired, done)           |
 *
 * The version at the tid is still there at commit: it is ours (inserted or deleted by this
 * transaction), so no vacuum or prune can remove it before we end; one a rolled-back
 * savepoint made is dead, but its events went with the savepoint. A CHECK_ROW or UNIQUE_ROW
 * whose version is no longer live to us (deleted, or replaced by a later UPDATE, which queued
 * its own event) is skipped: the check sees the rows as they are at commit, as PostgreSQL's
 * RI_FKey_check does with SnapshotSelf. NO_ACTION reads the old (deleted) version's key and
 * passes when a live referenced row holds that key again.
 *
 * SAVEPOINTS. `mark()` notes the queue length, the firing serial and the SET CONSTRAINTS state;
 * `rollbackTo(mark)` drops the events queued since, marks pending again the events fired since
 * (their check ran against rows the rollback undid), and restores the state — PostgreSQL's
 * AfterTriggerEndSubXact on abort. Fired events stay in the queue (marked done) until the
 * transaction ends, so marks stay valid.
 */
import type { ConstraintDef } from '@rustydb/catalog';
import { DbError, type Oid, packTid, type Tid, unpackTid } from '@rustydb/common';

/** Event kinds (slot 0). */
export const CHECK_ROW = 1;
export const NO_ACTION = 2;
export const UNIQUE_ROW = 3;
export type DeferredEventKind = typeof CHECK_ROW | typeof NO_ACTION | typeof UNIQUE_ROW;

const STRIDE = 5;

/** The SET CONSTRAINTS state: ALL's setting and the per-constraint ones since (by OID). */
interface SetState {
  readonly all: boolean | undefined;
  readonly named: ReadonlyMap<Oid, boolean> | undefined;
}

/** What `rollbackTo` returns to (a savepoint's view of the queue). */
export interface DeferredMark {
  readonly length: number;
  readonly serial: number;
  readonly state: SetState;
}

/** The mark of an empty queue in the default state (a savepoint taken before any event). */
export const EMPTY_DEFERRED_MARK: DeferredMark = {
  length: 0,
  serial: 0,
  state: { all: undefined, named: undefined },
};

/**
 * Runs the check of one event; the implementation (constraints.ts `DeferredChecker`) reads the
 * version at `tid` of table `table` and throws the constraint's error. Synchronous.
 */
export type DeferredCheck = (kind: DeferredEventKind, constraint: Oid, table: Oid, tid: Tid) => void;

/** One transaction's deferred constraint state and queue. Synchronous; reused across transactions. */
export class DeferredConstraints {
  #events = new Float64Array(0);
  #length = 0;
  #pending = 0;
  #serial = 0;
  #state: SetState = EMPTY_DEFERRED_MARK.state;

  /** Events not yet fired. */
  get pending(): number {
    return this.#pending;
  }

  /** Is the DEFERRABLE constraint `c` deferred now? False for one NOT DEFERRABLE. */
  isDeferred(c: ConstraintDef): boolean {
    if (c.deferrable !== true) return false;
    const named = this.#state.named?.get(c.oid);
    if (named !== undefined) return named;
    return this.#state.all ?? c.initiallyDeferred === true;
  }

  /** Queues the check of the row version at `tid` of table `table` for constraint `constraint`. */
  queue(kind: DeferredEventKind, constraint: Oid, table: Oid, tid: Tid): void {
    const at = this.#length * STRIDE;
    if (at + STRIDE > this.#events.length) {
      const grown = new Float64Array(Math.max(64 * STRIDE, this.#events.length * 2));
      grown.set(this.#events);
      this.#events = grown;
    }
    const e = this.#events;
    e[at] = kind;
    e[at + 1] = constraint;
    e[at + 2] = table;
    e[at + 3] = packTid(tid.page, tid.slot);
    e[at + 4] = 0;
    this.#length++;
    this.#pending++;
  }

  /**
   * SET CONSTRAINTS ALL (`oids` undefined) or the constraints `oids` DEFERRED / IMMEDIATE. The
   * caller fires the events that became immediate (`fire(check, oids)`).
   */
  set(oids: readonly Oid[] | undefined, deferred: boolean): void {
    if (oids === undefined) {
      this.#state = { all: deferred, named: undefined };
      return;
    }
    const named = new Map(this.#state.named ?? []);
    for (const oid of oids) named.set(oid, deferred);
    this.#state = { all: this.#state.all, named };
  }

  /**
   * Fires the pending events (of the constraints in `only`, when given) in the order they were
   * queued, marking each done before its check runs. @throws the first check's DbError (23503,
   * 23505); the caller aborts the transaction or the statement.
   */
  fire(check: DeferredCheck, only?: ReadonlySet<Oid>): void {
    if (this.#pending === 0) return;
    const serial = ++this.#serial;
    const e = this.#events;
    for (let i = 0; i < this.#length; i++) {
      const at = i * STRIDE;
      if (e[at + 4] !== 0) continue;
      const constraint = e[at + 1] as Oid;
      if (only !== undefined && !only.has(constraint)) continue;
      e[at + 4] = serial;
      this.#pending--;
      check(e[at] as DeferredEventKind, constraint, e[at + 2] as Oid, unpackTid(e[at + 3]!));
    }
  }

  /** Has table `table` events not yet fired (PostgreSQL's AfterTriggerPendingOnRel)? */
  pendingOn(table: Oid): boolean {
    if (this.#pending === 0) return false;
    const e = this.#events;
    for (let at = 0; at < this.#length * STRIDE; at += STRIDE) {
      if (e[at + 4] === 0 && e[at + 2] === table) return true;
    }
    return false;
  }

  /** A savepoint's view of the queue and state. */
  mark(): DeferredMark {
    if (this.#length === 0 && this.#state === EMPTY_DEFERRED_MARK.state) return EMPTY_DEFERRED_MARK;
    return { length: this.#length, serial: this.#serial, state: this.#state };
  }

  /** ROLLBACK TO (or a failed subtransaction): back to `mark` (see the file comment). */
  rollbackTo(mark: DeferredMark): void {
    const e = this.#events;
    this.#length = Math.min(this.#length, mark.length);
    let pending = 0;
    for (let i = 0; i < this.#length; i++) {
      const at = i * STRIDE;
      if (e[at + 4]! > mark.serial) e[at + 4] = 0;
      if (e[at + 4] === 0) pending++;
    }
    this.#pending = pending;
    this.#state = mark.state;
  }

  /** The transaction ended: nothing queued, the default state. Keeps the buffer if small. */
  clear(): void {
    if (this.#length === 0 && this.#state === EMPTY_DEFERRED_MARK.state) return;
    this.#length = 0;
    this.#pending = 0;
    this.#serial = 0;
    this.#state = EMPTY_DEFERRED_MARK.state;
    if (this.#events.length > 4096 * STRIDE) this.#events = new Float64Array(0);
  }
}

/**
 * 42809 for SET CONSTRAINTS naming a constraint that is not deferrable (PostgreSQL's
 * AfterTriggerSetState).
 */
export function notDeferrable(name: string): DbError {
  return new DbError('42809', `constraint "${name}" is not deferrable`);
}
