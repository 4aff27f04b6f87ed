/**
 * ModifyTable operators: INSERT, UPDATE, DELETE (MERGE, merge-op.ts, shares their base). Each
 * `next()` consumes one input batch and returns that batch's RETURNING rows — possibly an empty
 * batch (NB: the one exception to the Operator contract's "non-empty batches", so executePlan can
 * yield between input batches of a long DML statement); `count` is the command tag's row count.
 *
 * MVCC writes, for transaction `xid` running command `cid`:
 * - INSERT stores a version (xmin = xid, cmin = cid) and an entry in every index.
 * - DELETE sets the target version's xmax/cmax.
 * - UPDATE sets the old version's xmax/cmax, stores the new version, links old → new (ctid), and
 *   adds entries for the new version to every index (one entry per version).
 * Every row written (INSERT, UPDATE, ON CONFLICT DO UPDATE) first gets its stored generated
 * columns computed from its other columns (TableWriter.computeGenerated), so the arbiter probe,
 * NOT NULL, CHECK, unique and foreign-key checks and RETURNING all see the computed values.
 * Versions made by command `cid` are invisible to that same command's scans, so a statement
 * never sees (or re-updates) its own new rows: no Halloween problem.
 *
 * A target version this same command already updated or deleted (UPDATE … FROM / DELETE …
 * USING reaching a row through several matches) is skipped, as PostgreSQL does.
 *
 * INSERT … ON CONFLICT: before writing, the arbiter unique indexes are probed for the proposed
 * key (`TableWriter.findConflict`); on a hit, DO NOTHING skips the row and DO UPDATE updates the
 * existing version like UPDATE does, its SET/WHERE reading (existing row, proposed row). A hit on
 * a version this command wrote is 21000 for DO UPDATE ("cannot affect row a second time").
 *
 * Write-write conflicts (row-target.ts): a target version another transaction is changing or has
 * row-locked makes the operator wait for it; then READ COMMITTED re-checks the statement's WHERE
 * (`recheck`) on the newest version of the row and acts on that one, REPEATABLE READ and
 * SERIALIZABLE raise 40001. A unique key held by another in-progress transaction's version waits
 * for it too, then checks again (23505 if it committed). A wait is not awaited here (operators
 * are synchronous): `write` leaves it on `rt.pendingWait` and answers WAITING; `next` keeps the
 * rest of the input batch, returns what it has, and retries that row on its next call, once
 * `executePlan` has awaited the wait.
 *
 * SERIALIZABLE (tx.ssi defined): every write first checks the SIREAD locks of other serializable
 * transactions (SSI conflict-in: the relation for INSERT, the target version for UPDATE/DELETE,
 * each index key written), as PostgreSQL's heap_insert/heap_update/heap_delete do.
 */

import { type TableDef, TRIGGER_TYPE } from '@rustydb/catalog';
import {
  DbError,
  emptyArray,
  INVALID_TXN_ID,
  packTid,
  type Row,
  type Tid,
  type TxnId,
  unpackTid,
  type Value,
} from '@rustydb/common';
import type { TupleVersion } from '@rustydb/storage';
import { RowLockMode, waitForTransaction } from '@rustydb/txn';
import { RowChange } from './activity-counters.js';
import type { CompiledExpr } from './compile-expr.js';
import { formatRowDetail, type TableWriter } from './constraints.js';
import { type Operator, YIELD, type Yield } from './operator.js';
import {
  forgetResume,
  type HeldTupleLock,
  heldTupleLock,
  releaseTupleLock,
  resolveTarget,
  serializationFailure,
  WAITING,
} from './row-target.js';
import type { Runtime } from './runtime.js';

/** What INSERT, UPDATE, DELETE and MERGE (merge-op.ts) share. */
export abstract class ModifyBase implements Operator {
  count = 0;
  /**
   * WITH CHECK OPTION of the views the statement writes through (INSERT, UPDATE): each row
   * written must pass them, checked after its constraints and unique keys as in PostgreSQL.
   */
  viewChecks: readonly { readonly view: string; readonly test: CompiledExpr }[] | undefined;
  /**
   * Set by executePlan when it awaits `rt.pendingWait` for this operator (it is the statement's
   * top operator); otherwise a row that would wait is a 40001 conflict (see row-target.ts).
   */
  waitable = false;
  protected readonly out: Row[] = [];
  /** The input rows still to write after a wait. */
  private pending: Row[] | undefined;
  /** The input row being written; `write` replaces it by the re-checked row (READ COMMITTED). */
  protected current: Row = [];
  protected readonly held: HeldTupleLock = heldTupleLock();
  /** The tid of the version the last `write` wrote (or deleted), packed: RETURNING's ctid. */
  protected writtenTid = 0;
  /** RETURNING reads the written version's tid (ctid, xmin, xmax), in the slot after the table's columns. */
  returningReadsTid = false;

  constructor(
    protected readonly rt: Runtime,
    protected readonly writer: TableWriter,
    private readonly input: Operator,
    private readonly returning: readonly CompiledExpr[] | undefined,
    /** RETURNING reads the written row followed by the input row's slots after the table's. */
    private readonly returningReadsInput = false,
  ) {}

  /** The events this statement fires statement-level triggers for (TRIGGER_TYPE bits). */
  protected abstract readonly statementEvents: number;

  open(): void {
    this.count = 0;
    this.pending = undefined;
    forgetResume(this.held);
    // A kept tree (reusable-plan.ts) runs again: nothing of the last execution may carry over.
    this.writer.beginStatement();
    // BEFORE STATEMENT triggers; COPY FROM, which opens the tree per row, fires them itself.
    const triggers = this.writer.triggers;
    if (triggers !== undefined && triggers !== this.rt.callerTriggers)
      triggers.beforeStatement(this.statementEvents);
    this.input.open();
  }

  /**
   * Writes one input row; returns the row RETURNING reads (new row, or old row for DELETE),
   * undefined to skip it, or WAITING (retry it after `rt.pendingWait`).
   */
  protected abstract write(row: Row): Row | undefined | typeof WAITING;

  next(): Row[] | undefined | Yield {
    let b = this.pending;
    this.pending = undefined;
    if (b === undefined) {
      const got = this.input.next();
      // A yield between input batches holds what the batch boundary holds: no latch, no WAL batch.
      if (got === YIELD) return got;
      b = got;
      if (!b) {
        // Foreign keys are enforced at the end of the statement (constraints.ts): of the whole
        // statement when this is one of a WITH's sub-statements (cte.ts).
        const deferred = this.rt.deferredStatementEnds;
        if (deferred !== undefined) deferred.push(this.writer);
        else this.writer.finishStatement();
        return undefined;
      }
    }
    emptyArray(this.out);
    const store = this.writer.store;
    if (this.batchLogging && store.batchLogging !== undefined) {
      // Outside the input's next(): the input's cursors never run inside the WAL page batch.
      const rows = b;
      return store.batchLogging(() => this.writeBatch(rows));
    }
    return this.writeRows(b);
  }

  /**
   * May `next` log the WAL of a batch of rows together (TableStore.batchLogging)? Set by
   * operators whose writes are inserts only and open no cursor that lives across rows.
   */
  protected batchLogging = false;

  /** `writeRows` inside a WAL page batch (`batchLogging`). */
  protected writeBatch(b: Row[]): Row[] {
    return this.writeRows(b);
  }

  /** Writes the input batch `b`; returns the RETURNING rows (see `next`). */
  protected writeRows(b: Row[]): Row[] {
    const width = this.writer.table.columns.length;
    for (let i = 0; i < b.length; i++) {
      const r = b[i];
      this.current = r;
      const written = this.write(r);
      if (written === WAITING) {
        // Retry this row (and the rest of the batch) once executePlan has awaited the wait; the
        // input is not advanced meanwhile, so its rows stay valid.
        this.pending = b.slice(i);
        return this.out;
      }
      releaseTupleLock(this.rt, this.held);
      if (!written) continue;
      this.count++;
      if (!this.returning) continue;
      const input = this.current;
      let row = this.returningReadsInput ? [...written.slice(0, width), ...input.slice(width)] : written;
      if (this.returningReadsTid) {
        // The tid slot (the input's old tid, or past the written row) names the version written.
        if (row === written) row = written.slice(0, width);
        row[width] = this.writtenTid;
      }
      // A new array per row: a data-modifying CTE keeps these rows without copying (cte.ts).
      this.out.push(this.returning.map((e) => e(row)));
    }
    return this.out;
  }

  close(): void {
    this.input.close();
  }

  /**
   * The version to change for the input row `row` (its tid in slot `width`), see row-target.ts:
   * undefined to skip the row, WAITING, or the target. When READ COMMITTED followed the row to a
   * newer version, `current` becomes the input row with that version's values, and the row is
   * skipped unless `recheck` (the WHERE condition) still holds for it.
   */
  protected target(
    row: Row,
    mode: RowLockMode,
    recheck: CompiledExpr | undefined,
  ): { tid: Tid; old: Row } | undefined | typeof WAITING {
    const w = this.writer;
    const width = w.table.columns.length;
    const t = resolveTarget(
      this.rt,
      w.table,
      w.store,
      unpackTid(row[width] as number),
      mode,
      this.waitable,
      this.held,
    );
    if (t === undefined || t === WAITING) return t;
    if (!t.moved) return { tid: t.tid, old: row };
    const next = row.slice();
    w.layout.decode(t.version.data, next);
    next[width] = packTid(t.tid.page, t.tid.slot);
    if (recheck !== undefined && recheck(next) !== true) return undefined;
    this.current = next;
    return { tid: t.tid, old: next };
  }

  /** 44000 when `row` fails a view's WITH CHECK OPTION (the innermost view's first). */
  protected checkViews(row: Row): void {
    for (const c of this.viewChecks!) {
      if (c.test(row) === true) continue;
      throw new DbError('44000', `new row violates check option for view "${c.view}"`, {
        detail: `Failing row contains ${formatRowDetail(row, this.writer.layout.types)}.`,
      });
    }
  }

  /**
   * When another in-progress transaction's version holds one of `row`'s unique keys (ignoring the
   * version at `replacing`): waits for it (WAITING, or undefined when it already ended: check
   * again). Null when there is nothing to wait for.
   */
  protected uniqueWait(row: Row, replacing: Tid | undefined, old?: Row): null | undefined | typeof WAITING {
    const locks = this.rt.ctx.locks;
    if (locks === undefined || !this.waitable) return null;
    const xid = this.writer.uniqueWaitXid(row, this.rt.ctx.tx, replacing, old);
    if (xid === undefined) return null;
    return this.waitForXid(xid);
  }

  /** Waits for transaction `xid` to end: WAITING, or undefined when it already had. */
  protected waitForXid(xid: TxnId): undefined | typeof WAITING {
    const locks = this.rt.ctx.locks!;
    const p = waitForTransaction(locks.manager, locks.owner, xid, locks.wait);
    if (p === undefined) return undefined;
    this.rt.pendingWait = p;
    return WAITING;
  }

  /**
   * Replaces the version at `tid` (whose values are `old`) by `next`: NOT NULL and unique
   * checks, new version, index entries. Returns `next`, or WAITING when a unique key must wait.
   */
  protected replace(tid: Tid, proposed: Row, old: Row): Row | undefined | typeof WAITING {
    const r = this.replaceRow(tid, proposed, old);
    if (r !== WAITING) this.beforeUpdateFired = undefined;
    return r;
  }

  /**
   * What a BEFORE ROW trigger returned for the row being written, kept while that row waits
   * (a unique key another transaction holds) so that its retry does not fire the trigger again:
   * PostgreSQL fires it once per row. `key` is the input row (INSERT) or the packed target tid
   * (UPDATE; ON CONFLICT DO UPDATE has both). Cleared when the row is done.
   */
  protected beforeInsertFired: { readonly key: Row; readonly row: Row } | undefined;
  protected beforeUpdateFired: { readonly key: number; readonly row: Row } | undefined;

  /** INSERT … ON CONFLICT's arbiter probe (InsertOp): null when `row` has no conflict to resolve. */
  protected conflict(_row: Row): Row | undefined | typeof WAITING | null {
    return null;
  }

  /**
   * Inserts `proposed` (BEFORE ROW triggers, generated columns, `conflict`, NOT NULL, CHECK,
   * unique and foreign keys, AFTER ROW triggers): the row written, undefined (skipped) or WAITING.
   */
  protected insertRow(proposed: Row): Row | undefined | typeof WAITING {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    const triggers = w.triggers;
    // BEFORE INSERT ROW triggers, before everything else (ON CONFLICT's probe too), as PostgreSQL;
    // once per row, also when the row waits and is tried again (beforeInsertFired).
    let row: Row | null = proposed;
    if (triggers !== undefined) {
      if (this.beforeInsertFired?.key === proposed) row = this.beforeInsertFired.row;
      else {
        row = triggers.beforeInsert(proposed);
        if (row !== null) this.beforeInsertFired = { key: proposed, row };
      }
    }
    if (row === null) return undefined;
    // Before the arbiter probe: a unique index may key on a generated column.
    w.computeGenerated(row);
    const resolved = this.conflict(row);
    if (resolved !== null) return resolved;
    w.checkNotNull(row);
    w.checkRow(row);
    if (tx.ssi === undefined) {
      // One scan per unique index for both the wait and the check (constraints.ts).
      const canWait = this.rt.ctx.locks !== undefined && this.waitable;
      for (let xid = w.insertUniqueProbe(row, tx, canWait); xid !== undefined; ) {
        if (this.waitForXid(xid) === WAITING) return WAITING;
        xid = w.insertUniqueProbe(row, tx, canWait);
      }
    } else {
      for (;;) {
        const u = this.uniqueWait(row, undefined);
        if (u === null) break;
        if (u === WAITING) return u;
      }
    }
    const xid = tx.assignXid();
    tx.ssi?.checkConflictInRelation(w.table.oid);
    if (tx.ssi !== undefined) w.checkUnique(row, tx);
    // The store copies the bytes: the layout's scratch view saves an allocation per row.
    const tid = w.store.insert(xid, tx.cid, w.layout.encodeView(row));
    w.counters.rowChanged(RowChange.Insert, xid);
    this.writtenTid = packTid(tid.page, tid.slot);
    w.insertIndexEntries(row, tid, tx.ssi);
    if (this.viewChecks !== undefined) this.checkViews(row);
    if (w.hasForeignKeys) w.rowInserted(row, tid);
    if (triggers !== undefined) triggers.afterRow(TRIGGER_TYPE.INSERT, undefined, row);
    return row;
  }

  /**
   * Deletes the version at `tid` (whose values are `old`): returns `old`, or undefined when a
   * BEFORE ROW trigger skips it.
   */
  protected deleteVersion(tid: Tid, old: Row): Row | undefined {
    const tx = this.rt.ctx.tx;
    const triggers = this.writer.triggers;
    if (triggers !== undefined && !triggers.beforeDelete(old)) return undefined;
    const xid = tx.assignXid();
    tx.ssi?.checkConflictInTuple(this.writer.table.oid, packTid(tid.page, tid.slot));
    this.writer.store.setXmax(tid, xid, tx.cid);
    this.writer.counters.rowChanged(RowChange.Delete, xid);
    this.writtenTid = packTid(tid.page, tid.slot);
    if (this.writer.hasForeignKeys) this.writer.rowDeleted(old, tid);
    if (triggers !== undefined) triggers.afterRow(TRIGGER_TYPE.DELETE, old, undefined);
    return old;
  }

  private replaceRow(tid: Tid, proposed: Row, old: Row): Row | undefined | typeof WAITING {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    const triggers = w.triggers;
    // BEFORE UPDATE ROW triggers first: generated columns are computed from what they return.
    let next: Row | null = proposed;
    if (triggers !== undefined) {
      const key = packTid(tid.page, tid.slot);
      if (this.beforeUpdateFired?.key === key) next = this.beforeUpdateFired.row;
      else {
        next = triggers.beforeUpdate(old, proposed);
        if (next !== null) this.beforeUpdateFired = { key, row: next };
      }
    }
    if (next === null) return undefined;
    w.computeGenerated(next);
    w.checkNotNull(next);
    w.checkRow(next);
    for (;;) {
      const u = this.uniqueWait(next, tid, old);
      if (u === null) break;
      if (u === WAITING) return u;
    }
    const xid = tx.assignXid();
    tx.ssi?.checkConflictInTuple(w.table.oid, packTid(tid.page, tid.slot));
    const newTid = w.replaceVersion(tid, old, next, tx, xid);
    if (this.viewChecks !== undefined) this.checkViews(next);
    this.writtenTid = packTid(newTid.page, newTid.slot);
    const locks = this.rt.ctx.locks;
    if (locks !== undefined) locks.rowLocks.carry(w.table.oid, tid, newTid, locks.status);
    if (w.hasForeignKeys) w.rowUpdated(old, next, tid, newTid);
    if (triggers !== undefined) triggers.afterRow(TRIGGER_TYPE.UPDATE, old, next);
    return next;
  }
}

/** ON CONFLICT, compiled: arbiter index oids, DO UPDATE's assignments (slot, expr) and WHERE. */
export interface CompiledOnConflict {
  readonly action: 'nothing' | 'update';
  readonly arbiters: ReadonlySet<number>;
  readonly assignments: readonly { slot: number; expr: CompiledExpr }[];
  readonly where?: CompiledExpr;
}

export class InsertOp extends ModifyBase {
  protected readonly statementEvents: number;
  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    returning: readonly CompiledExpr[] | undefined,
    private readonly onConflict?: CompiledOnConflict,
  ) {
    super(rt, writer, input, returning);
    this.statementEvents = TRIGGER_TYPE.INSERT | (onConflict?.action === 'update' ? TRIGGER_TYPE.UPDATE : 0);
    if (onConflict?.action === 'update')
      writer.triggers?.setUpdateColumns(onConflict.assignments.map((a) => a.slot));
    // A plain INSERT (no ON CONFLICT, RETURNING or foreign keys) only inserts, into the heap
    // and B+trees: its rows' page changes are logged a batch of pages at a time.
    this.batchLogging = onConflict === undefined && returning === undefined && writer.insertsBatchable;
  }

  /**
   * The batch's B+tree entries are collected and added after its rows when the table allows
   * (TableWriter.beginDeferredEntries); a batch that throws drops them with its rows.
   */
  protected override writeBatch(b: Row[]): Row[] {
    const w = this.writer;
    // A one-row batch (an INSERT of one row) gains nothing: no run is made for it.
    if (b.length < 2 || this.rt.ctx.tx.ssi !== undefined || !w.beginDeferredEntries()) {
      return this.writeRows(b);
    }
    let out: Row[];
    try {
      out = this.writeRows(b);
    } catch (err) {
      w.dropDeferredEntries();
      throw err;
    }
    w.flushDeferredEntries();
    return out;
  }

  protected write(proposed: Row): Row | undefined | typeof WAITING {
    const r = this.insertRow(proposed);
    if (r !== WAITING) this.beforeInsertFired = undefined;
    return r;
  }

  protected override conflict(row: Row): Row | undefined | typeof WAITING | null {
    if (!this.onConflict) return null;
    const existing = this.writer.findConflict(row, this.rt.ctx.tx, this.onConflict.arbiters);
    return existing ? this.resolveConflict(existing, row, this.onConflict) : null;
  }

  /**
   * DO NOTHING: skip. DO UPDATE: update the existing version (see the file comment). A version
   * another transaction is inserting or deleting is waited for, then the row is tried again.
   */
  private resolveConflict(
    existing: TupleVersion,
    proposed: Row,
    oc: CompiledOnConflict,
  ): Row | undefined | typeof WAITING {
    const tx = this.rt.ctx.tx;
    const seen = tx.uniqueCheck(existing);
    if (typeof seen === 'number') {
      if (this.rt.ctx.locks === undefined || !this.waitable) {
        if (oc.action === 'nothing') return undefined;
        throw serializationFailure(true);
      }
      return this.waitForXid(seen) ?? this.write(proposed);
    }
    // ExecCheckTupleVisible: a snapshot transaction must not act on a row it cannot see.
    if (tx.isolation !== 'read committed' && !tx.isOwnXid(existing.xmin) && !tx.isVisible(existing)) {
      throw serializationFailure(true);
    }
    if (oc.action === 'nothing') return undefined;
    if (tx.isOwnXid(existing.xmin) && existing.cmin === tx.cid) {
      throw new DbError('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
        hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
      });
    }
    if (existing.xmax !== INVALID_TXN_ID && !tx.isOwnXid(existing.xmax)) {
      const t = resolveTarget(
        this.rt,
        this.writer.table,
        this.writer.store,
        existing.tid,
        RowLockMode.ForUpdate,
        this.waitable,
        this.held,
      );
      if (t === WAITING) return t;
      // Changed meanwhile: try the insertion again (PostgreSQL restarts the speculative insert).
      if (t === undefined || t.moved) return this.write(proposed);
    }
    const width = this.writer.table.columns.length;
    const old = new Array<Value>(width).fill(null);
    this.writer.layout.decode(existing.data, old);
    const both = [...old, ...proposed];
    if (oc.where && oc.where(both) !== true) return undefined;
    const values = oc.assignments.map((a) => a.expr(both));
    const next: Value[] = old.slice();
    oc.assignments.forEach((a, i) => {
      next[a.slot] = values[i];
    });
    return this.replace(existing.tid, next, old);
  }
}

export class UpdateOp extends ModifyBase {
  protected readonly statementEvents = TRIGGER_TYPE.UPDATE;
  private readonly width: number;
  /** FOR UPDATE when a SET column is part of a unique key, else FOR NO KEY UPDATE (heap_update). */
  private readonly mode: RowLockMode;

  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    returning: readonly CompiledExpr[] | undefined,
    private readonly assignments: readonly { slot: number; expr: CompiledExpr }[],
    returningReadsInput = false,
    private readonly recheck?: CompiledExpr,
  ) {
    super(rt, writer, input, returning, returningReadsInput);
    this.width = writer.table.columns.length;
    const slots = assignments.map((a) => a.slot);
    writer.triggers?.setUpdateColumns(slots);
    this.mode = updateLockMode(writer.table, slots);
  }

  protected write(row: Row): Row | undefined | typeof WAITING {
    const target = this.target(row, this.mode, this.recheck);
    if (target === undefined || target === WAITING) return target;
    const input = target.old;
    const next: Value[] = input.slice(0, this.width);
    // Every SET expression reads the old row (`input`, never `next`, a separate copy), so each
    // value can go straight into `next`: no per-row arrays or closures.
    const assignments = this.assignments;
    for (let i = 0; i < assignments.length; i++) next[assignments[i]!.slot] = assignments[i]!.expr(input);
    return this.replace(target.tid, next, input);
  }
}

/** FOR UPDATE when an UPDATE sets (`slots`) a unique key column, else FOR NO KEY UPDATE (heap_update). */
export function updateLockMode(table: TableDef, slots: readonly number[]): RowLockMode {
  const keys = new Set<number>();
  for (const ix of table.indexes) if (ix.unique) for (const a of ix.columns) keys.add(a);
  // A generated key column may change with any SET: count it as set.
  const setsKey = (slot: number) => keys.has(table.columns[slot].attnum);
  const generatedKey = table.columns.some((c, slot) => c.generated !== undefined && setsKey(slot));
  return slots.some(setsKey) || (generatedKey && slots.length > 0)
    ? RowLockMode.ForUpdate
    : RowLockMode.ForNoKeyUpdate;
}

export class DeleteOp extends ModifyBase {
  protected readonly statementEvents = TRIGGER_TYPE.DELETE;

  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    returning: readonly CompiledExpr[] | undefined,
    returningReadsInput = false,
    private readonly recheck?: CompiledExpr,
  ) {
    super(rt, writer, input, returning, returningReadsInput);
  }

  protected write(row: Row): Row | undefined | typeof WAITING {
    const target = this.target(row, RowLockMode.ForUpdate, this.recheck);
    if (target === undefined || target === WAITING) return target;
    return this.deleteVersion(target.tid, target.old);
  }
}
