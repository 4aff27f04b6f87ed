/**
 * ModifyTable operators: INSERT, UPDATE, DELETE. Each `next()` consumes one input batch and
 * returns that batch's RETURNING rows — possibly an empty batch (NB: the one exception to the
 * Operator contract's "non-empty batches", so executePlan can yield between input batches of a
 * long DML statement); `count` is the command tag's row count.
 *
 * MVCC writes, for transaction `xid` running command `cid`:
 * - INSERT stores a version (xmin = xid, cmin = cid) and an entry in every index.
 * - DELETE sets the target version's xmax/cmax.
 * - UPDATE sets the old version's xmax/cmax, stores the new version, links old → new (ctid), and
 *   adds entries for the new version to every index (one entry per version).
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
 * Write-write conflicts: when the target version was deleted or updated by a transaction our
 * snapshot does not see (still running, or committed after our snapshot), we raise 40001.
 * SERIALIZABLE (tx.ssi defined): every write first checks the SIREAD locks of other serializable
 * transactions (SSI conflict-in: the relation for INSERT, the target version for UPDATE/DELETE,
 * each index key written), as PostgreSQL's heap_insert/heap_update/heap_delete do.
 *
 * TODO(issue 4): READ COMMITTED should wait for a running updater and re-check the newest
 * version (EvalPlanQual) instead.
 */
import { DbError, INVALID_TXN_ID, packTid, type Row, type Tid, unpackTid, type Value } from '@rustydb/common';
import type { TupleVersion } from '@rustydb/storage';
import type { CompiledExpr } from './compile-expr.js';
import type { TableWriter } from './constraints.js';
import type { Operator } from './operator.js';
import type { Runtime } from './runtime.js';

abstract class ModifyBase implements Operator {
  count = 0;
  protected readonly out: Row[] = [];

  constructor(
    protected readonly rt: Runtime,
    protected readonly writer: TableWriter,
    private readonly input: Operator,
    private readonly returning: readonly CompiledExpr[] | undefined,
    /** RETURNING reads the written row followed by the input row's slots after the table's. */
    private readonly returningReadsInput = false,
  ) {}

  open(): void {
    this.count = 0;
    this.input.open();
  }

  /** Writes one input row; returns the row RETURNING reads (new row, or old row for DELETE). */
  protected abstract write(row: Row): Row | undefined;

  next(): Row[] | undefined {
    const b = this.input.next();
    if (!b) {
      // Foreign keys are enforced at the end of the statement (constraints.ts).
      this.writer.finishStatement();
      return undefined;
    }
    this.out.length = 0;
    const width = this.writer.table.columns.length;
    for (const r of b) {
      const written = this.write(r);
      if (!written) continue;
      this.count++;
      if (!this.returning) continue;
      const row = this.returningReadsInput ? [...written.slice(0, width), ...r.slice(width)] : written;
      this.out.push(this.returning.map((e) => e(row)));
    }
    return this.out;
  }

  close(): void {
    this.input.close();
  }

  /**
   * 40001 when the version at `tid` was updated or deleted by someone we cannot see; undefined
   * when this command already updated or deleted it (the row is skipped).
   */
  protected checkConflict(packed: number): { tid: Tid } | undefined {
    const tid = unpackTid(packed);
    const v = this.writer.store.fetch(tid);
    const tx = this.rt.ctx.tx;
    if (v && v.xmax !== INVALID_TXN_ID && tx.isOwnXid(v.xmax)) return undefined;
    if (v && v.xmax !== INVALID_TXN_ID && tx.uniqueCheck(v) !== 'live') {
      throw new DbError('40001', 'could not serialize access due to concurrent update');
    }
    return { tid };
  }

  /**
   * Replaces the version at `tid` (whose values are `old`) by `next`: NOT NULL and unique
   * checks, new version, index entries. Returns `next`.
   */
  protected replace(tid: Tid, next: Row, old: Row): Row {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    w.checkNotNull(next);
    w.checkRow(next);
    tx.ssi?.checkConflictInTuple(w.table.oid, packTid(tid.page, tid.slot));
    const xid = tx.assignXid();
    w.store.setXmax(tid, xid, tx.cid);
    w.checkUnique(next, tx);
    const newTid = w.store.insert(xid, tx.cid, w.encode(next));
    w.store.setCtid(tid, newTid);
    w.insertIndexEntries(next, newTid, tx.ssi);
    if (w.hasForeignKeys) w.rowUpdated(old, next);
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
  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    returning: readonly CompiledExpr[] | undefined,
    private readonly onConflict?: CompiledOnConflict,
  ) {
    super(rt, writer, input, returning);
  }

  protected write(row: Row): Row | undefined {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    if (this.onConflict) {
      const existing = w.findConflict(row, tx, this.onConflict.arbiters);
      if (existing) return this.resolveConflict(existing, row, this.onConflict);
    }
    w.checkNotNull(row);
    w.checkRow(row);
    tx.ssi?.checkConflictInRelation(w.table.oid);
    const xid = tx.assignXid();
    w.checkUnique(row, tx);
    const tid = w.store.insert(xid, tx.cid, w.encode(row));
    w.insertIndexEntries(row, tid, tx.ssi);
    if (w.hasForeignKeys) w.rowInserted(row);
    return row;
  }

  /** DO NOTHING: skip. DO UPDATE: update the existing version (see the file comment). */
  private resolveConflict(existing: TupleVersion, proposed: Row, oc: CompiledOnConflict): Row | undefined {
    if (oc.action === 'nothing') return undefined;
    const tx = this.rt.ctx.tx;
    if (tx.isOwnXid(existing.xmin) && existing.cmin === tx.cid) {
      throw new DbError('21000', 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
        hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
      });
    }
    if (
      existing.xmax !== INVALID_TXN_ID &&
      !tx.isOwnXid(existing.xmax) &&
      tx.uniqueCheck(existing) !== 'live'
    ) {
      throw new DbError('40001', 'could not serialize access due to concurrent update');
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
  private readonly width: number;

  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    returning: readonly CompiledExpr[] | undefined,
    private readonly assignments: readonly { slot: number; expr: CompiledExpr }[],
    returningReadsInput = false,
  ) {
    super(rt, writer, input, returning, returningReadsInput);
    this.width = writer.table.columns.length;
  }

  protected write(row: Row): Row | undefined {
    const target = this.checkConflict(row[this.width] as number);
    if (!target) return undefined;
    const next: Value[] = row.slice(0, this.width);
    // Every SET expression reads the old row: compute all before assigning any.
    const values = this.assignments.map((a) => a.expr(row));
    this.assignments.forEach((a, i) => {
      next[a.slot] = values[i];
    });
    return this.replace(target.tid, next, row);
  }
}

export class DeleteOp extends ModifyBase {
  protected write(row: Row): Row | undefined {
    const tx = this.rt.ctx.tx;
    const target = this.checkConflict(row[this.writer.table.columns.length] as number);
    if (!target) return undefined;
    tx.ssi?.checkConflictInTuple(this.writer.table.oid, row[this.writer.table.columns.length] as number);
    const xid = tx.assignXid();
    this.writer.store.setXmax(target.tid, xid, tx.cid);
    if (this.writer.hasForeignKeys) this.writer.rowDeleted(row);
    return row;
  }
}
