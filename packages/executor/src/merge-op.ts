/**
 * MergeOp: PostgreSQL 15's MERGE (ExecMerge). Its input joins the target with the source (see
 * the planner's MergeNode): the target's columns, the tid (NULL: no target row matched), then
 * the source's columns. Per input row the first WHEN clause of its kind whose condition holds
 * acts; no clause, or DO NOTHING, leaves the row uncounted. UPDATE, DELETE and INSERT write as
 * the UPDATE, DELETE and INSERT operators do (ModifyBase): triggers, generated columns,
 * constraints, foreign keys, SSI, row waits.
 *
 * - A matched target row this same command already changed (two source rows matched it) is
 *   21000 `MERGE command cannot affect row a second time`, unless DO NOTHING or no clause acts.
 * - READ COMMITTED, a target row another transaction updated meanwhile (ExecMergeMatched's
 *   EvalPlanQual): the newest version is re-checked against the join condition (`recheck`) and
 *   the WHEN MATCHED clauses are chosen again from the first; when it no longer joins, or was
 *   deleted, the source row takes the WHEN NOT MATCHED clauses instead, as PostgreSQL 15 does.
 *   REPEATABLE READ and SERIALIZABLE raise 40001 there (row-target.ts).
 * - A NOT MATCHED INSERT whose key another transaction holds waits for it, then inserts or
 *   raises 23505: no retry as a match (PostgreSQL neither).
 *
 * Statement triggers fire for each kind of action the statement has (TRIGGER_TYPE bits), as
 * PostgreSQL's fireBSTriggers/fireASTriggers do for MERGE.
 */
import { TRIGGER_TYPE } from '@rustydb/catalog';
import { DbError, INVALID_TXN_ID, packTid, type Row, type Tid, unpackTid } from '@rustydb/common';
import { RowLockMode } from '@rustydb/txn';
import type { CompiledExpr } from './compile-expr.js';
import type { TableWriter } from './constraints.js';
import { ModifyBase, updateLockMode } from './modify-table.js';
import type { Operator } from './operator.js';
import { resolveTarget, WAITING } from './row-target.js';
import type { Runtime } from './runtime.js';

/** One WHEN clause, compiled over the joined row; `values` is INSERT's complete new row. */
export interface CompiledMergeAction {
  readonly action: 'update' | 'delete' | 'insert' | 'nothing';
  readonly condition?: CompiledExpr;
  readonly assignments: readonly { slot: number; expr: CompiledExpr }[];
  readonly values: readonly CompiledExpr[];
}

/** The matched row no longer joins (or is gone): take the WHEN NOT MATCHED clauses. */
const NOT_MATCHED: unique symbol = Symbol('not matched');

const EVENTS = {
  update: TRIGGER_TYPE.UPDATE,
  delete: TRIGGER_TYPE.DELETE,
  insert: TRIGGER_TYPE.INSERT,
  nothing: 0,
};

export class MergeOp extends ModifyBase {
  protected readonly statementEvents: number;
  private readonly width: number;
  private readonly updateMode: RowLockMode;
  /** The new row a NOT MATCHED INSERT computed for the input row `key`, kept while it waits. */
  private proposed: { readonly key: Row; readonly row: Row } | undefined;

  constructor(
    rt: Runtime,
    writer: TableWriter,
    input: Operator,
    private readonly matched: readonly CompiledMergeAction[],
    private readonly notMatched: readonly CompiledMergeAction[],
    private readonly recheck: CompiledExpr,
  ) {
    super(rt, writer, input, undefined);
    this.width = writer.table.columns.length;
    let events = 0;
    for (const a of [...matched, ...notMatched]) events |= EVENTS[a.action];
    this.statementEvents = events;
    const slots = matched.flatMap((a) => a.assignments.map((x) => x.slot));
    writer.triggers?.setUpdateColumns(slots);
    this.updateMode = updateLockMode(writer.table, slots);
  }

  protected write(row: Row): Row | undefined | typeof WAITING {
    if (row[this.width] !== null) {
      const r = this.writeMatched(row);
      if (r !== NOT_MATCHED) return r;
    }
    return this.writeNotMatched(row);
  }

  private writeMatched(row: Row): Row | undefined | typeof WAITING | typeof NOT_MATCHED {
    const w = this.writer;
    const width = this.width;
    let a = firstAction(this.matched, row);
    if (a === undefined || a.action === 'nothing') return undefined;
    const tid = unpackTid(row[width] as number);
    if (this.changedByThisCommand(tid)) {
      throw new DbError('21000', 'MERGE command cannot affect row a second time', {
        hint: 'Ensure that not more than one source row matches any one target row.',
      });
    }
    const mode = a.action === 'delete' ? RowLockMode.ForUpdate : this.updateMode;
    const t = resolveTarget(this.rt, w.table, w.store, tid, mode, this.waitable, this.held);
    if (t === WAITING) return t;
    if (t === undefined) return NOT_MATCHED;
    let input = row;
    if (t.moved) {
      // EvalPlanQual: the newest version must still join, and the clauses are chosen again.
      input = row.slice();
      w.layout.decode(t.version.data, input);
      input[width] = packTid(t.tid.page, t.tid.slot);
      if (this.recheck(input) !== true) return NOT_MATCHED;
      this.current = input;
      a = firstAction(this.matched, input);
      if (a === undefined || a.action === 'nothing') return undefined;
    }
    if (a.action === 'delete') return this.deleteVersion(t.tid, input);
    const next = input.slice(0, width);
    const assignments = a.assignments;
    for (let i = 0; i < assignments.length; i++) next[assignments[i]!.slot] = assignments[i]!.expr(input);
    return this.replace(t.tid, next, input);
  }

  private writeNotMatched(row: Row): Row | undefined | typeof WAITING {
    const a = firstAction(this.notMatched, row);
    if (a === undefined || a.action === 'nothing') return undefined;
    // The row retried after a wait inserts the values it computed (a nextval() runs once).
    let proposed = this.proposed?.key === row ? this.proposed.row : undefined;
    if (proposed === undefined) {
      proposed = a.values.map((e) => e(row));
      this.proposed = { key: row, row: proposed };
    }
    const r = this.insertRow(proposed);
    if (r !== WAITING) {
      this.beforeInsertFired = undefined;
      this.proposed = undefined;
    }
    return r;
  }

  /**
   * Did this command already update or delete the version at `tid`? The scan saw it, so an own
   * xmax on it is this statement's (an earlier command's would have hidden it).
   */
  private changedByThisCommand(tid: Tid): boolean {
    const v = this.writer.store.fetch(tid);
    const tx = this.rt.ctx.tx;
    return v !== undefined && v.xmax !== INVALID_TXN_ID && tx.isOwnXid(v.xmax) && v.cmax === tx.cid;
  }
}

function firstAction(list: readonly CompiledMergeAction[], row: Row): CompiledMergeAction | undefined {
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!.condition;
    if (c === undefined || c(row) === true) return list[i];
  }
  return undefined;
}
