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
 * Write-write conflicts: when the target version was deleted or updated by a transaction our
 * snapshot does not see (still running, or committed after our snapshot), we raise 40001.
 * TODO(issue 4): READ COMMITTED should wait for a running updater and re-check the newest
 * version (EvalPlanQual) instead.
 */
import { DbError, encodeRow, INVALID_TXN_ID, type Row, unpackTid, type Value } from '@rustydb/common';
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
  ) {}

  open(): void {
    this.count = 0;
    this.input.open();
  }

  /** Writes one input row; returns the row RETURNING reads (new row, or old row for DELETE). */
  protected abstract write(row: Row): Row | undefined;

  next(): Row[] | undefined {
    const b = this.input.next();
    if (!b) return undefined;
    this.out.length = 0;
    for (const r of b) {
      const written = this.write(r);
      if (!written) continue;
      this.count++;
      if (this.returning) this.out.push(this.returning.map((e) => e(written)));
    }
    return this.out;
  }

  close(): void {
    this.input.close();
  }

  /** 40001 when the version at `tid` was updated or deleted by someone we cannot see. */
  protected checkConflict(packed: number): { tid: ReturnType<typeof unpackTid> } {
    const tid = unpackTid(packed);
    const v = this.writer.store.fetch(tid);
    const tx = this.rt.ctx.tx;
    if (v && v.xmax !== INVALID_TXN_ID && v.xmax !== tx.xid && tx.uniqueCheck(v) !== 'live') {
      throw new DbError('40001', 'could not serialize access due to concurrent update');
    }
    return { tid };
  }
}

export class InsertOp extends ModifyBase {
  protected write(row: Row): Row {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    w.checkNotNull(row);
    const xid = tx.assignXid();
    w.checkUnique(row, tx);
    const tid = w.store.insert(xid, tx.cid, encodeRow(row, w.types));
    w.insertIndexEntries(row, tid);
    return row;
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
  ) {
    super(rt, writer, input, returning);
    this.width = writer.table.columns.length;
  }

  protected write(row: Row): Row {
    const tx = this.rt.ctx.tx;
    const w = this.writer;
    const { tid } = this.checkConflict(row[this.width] as number);
    const next: Value[] = row.slice(0, this.width);
    // Every SET expression reads the old row: compute all before assigning any.
    const values = this.assignments.map((a) => a.expr(row));
    this.assignments.forEach((a, i) => {
      next[a.slot] = values[i];
    });
    w.checkNotNull(next);
    const xid = tx.assignXid();
    w.store.setXmax(tid, xid, tx.cid);
    w.checkUnique(next, tx);
    const newTid = w.store.insert(xid, tx.cid, encodeRow(next, w.types));
    w.store.setCtid(tid, newTid);
    w.insertIndexEntries(next, newTid);
    return next;
  }
}

export class DeleteOp extends ModifyBase {
  protected write(row: Row): Row {
    const tx = this.rt.ctx.tx;
    const { tid } = this.checkConflict(row[this.writer.table.columns.length] as number);
    const xid = tx.assignXid();
    this.writer.store.setXmax(tid, xid, tx.cid);
    return row;
  }
}
