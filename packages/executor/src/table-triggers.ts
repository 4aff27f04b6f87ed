/**
 * A table's triggers as its DML fires them (PostgreSQL's trigger.c, ExecBR*Triggers /
 * ExecAR*Triggers / ExecBS*Triggers / ExecAS*Triggers), made per TableWriter only when the table
 * has enabled triggers: a table without any has no TableTriggers, and the DML operators test one
 * field per row.
 *
 * - BEFORE STATEMENT triggers fire when the DML operator opens (`beforeStatement`), AFTER
 *   STATEMENT ones at its end (`finishStatement`), even when no row was affected.
 * - BEFORE ROW triggers fire as each row is written, before its generated columns, NOT NULL,
 *   CHECK and unique checks: the function's result replaces the row, NULL skips it.
 * - AFTER ROW events are queued (copies of the rows) and fired at the end of the statement, in
 *   the order the rows were written, each event's triggers in name order — after a command
 *   counter increment, so that they see every change of the statement.
 * - `UPDATE OF columns` fires when one of the columns is a target of the UPDATE's SET list.
 *
 * The function runs in the engine (RoutineAccess.fireTrigger), which also evaluates WHEN.
 */
import { type TableDef, TRIGGER_TYPE, type TriggerDef } from '@rustydb/catalog';
import { DbError, type Row } from '@rustydb/common';
import type { TriggerEvent } from './routine-call.js';
import type { Runtime } from './runtime.js';

/** The DML events a statement fires statement-level triggers for (TRIGGER_TYPE bits). */
export type StatementEvents = number;

const EVENTS = [
  TRIGGER_TYPE.INSERT,
  TRIGGER_TYPE.UPDATE,
  TRIGGER_TYPE.DELETE,
  TRIGGER_TYPE.TRUNCATE,
] as const;

/**
 * AFTER STATEMENT fires the events in the opposite order (PostgreSQL's fireASTriggers: UPDATE
 * before INSERT for ON CONFLICT DO UPDATE; DELETE, UPDATE, INSERT for MERGE).
 */
const AFTER_EVENTS = [...EVENTS].reverse();

/** An AFTER ROW event waiting for the end of the statement. */
interface QueuedEvent {
  readonly event: number;
  readonly old: Row | undefined;
  readonly new: Row | undefined;
}

export class TableTriggers {
  /** Per event bit: the enabled triggers of each kind, in name order. */
  readonly #beforeRow = new Map<number, TriggerDef[]>();
  readonly #afterRow = new Map<number, TriggerDef[]>();
  readonly #beforeStatement = new Map<number, TriggerDef[]>();
  readonly #afterStatement = new Map<number, TriggerDef[]>();
  readonly #queue: QueuedEvent[] = [];
  /** The events of the running statement (set by `beforeStatement`). */
  #statementEvents = 0;
  /** The attnums of the UPDATE's SET targets (UPDATE OF). */
  #setColumns: ReadonlySet<number> | undefined;

  private constructor(
    private readonly rt: Runtime,
    readonly table: TableDef,
    triggers: readonly TriggerDef[],
  ) {
    for (const t of triggers) {
      const row = (t.type & TRIGGER_TYPE.ROW) !== 0;
      const before = (t.type & TRIGGER_TYPE.BEFORE) !== 0;
      const map = row
        ? before
          ? this.#beforeRow
          : this.#afterRow
        : before
          ? this.#beforeStatement
          : this.#afterStatement;
      for (const e of EVENTS) {
        if ((t.type & e) === 0) continue;
        const list = map.get(e);
        if (list === undefined) map.set(e, [t]);
        else list.push(t);
      }
    }
  }

  /** The triggers of `table` as a statement fires them; undefined when it has no enabled one. */
  static of(table: TableDef, rt: Runtime): TableTriggers | undefined {
    const enabled = table.triggers?.filter((t) => t.enabled);
    return enabled === undefined || enabled.length === 0 ? undefined : new TableTriggers(rt, table, enabled);
  }

  /** Has it BEFORE ROW or AFTER ROW triggers for `event`? */
  hasRow(event: number): boolean {
    return this.#beforeRow.has(event) || this.#afterRow.has(event);
  }

  /** The UPDATE's SET target columns, by attnum (what UPDATE OF triggers look at). */
  setUpdateColumns(slots: readonly number[]): void {
    this.#setColumns = new Set(slots.map((s) => this.table.columns[s]!.attnum));
  }

  /** Start of a statement of `events`: forgets queued events, fires BEFORE STATEMENT. */
  beforeStatement(events: StatementEvents): void {
    this.#queue.length = 0;
    this.#statementEvents = events;
    for (const e of EVENTS) {
      if ((events & e) === 0) continue;
      for (const t of this.#beforeStatement.get(e) ?? []) {
        if (this.#fires(t, e)) this.#fire(t, e, 'before', false, undefined, undefined);
      }
    }
  }

  /** BEFORE INSERT ROW: the row to insert (possibly changed), or null to skip it. */
  beforeInsert(row: Row): Row | null {
    return this.#beforeRowChain(TRIGGER_TYPE.INSERT, undefined, row);
  }

  /** BEFORE UPDATE ROW: the new row (possibly changed), or null to skip the update. */
  beforeUpdate(old: Row, next: Row): Row | null {
    return this.#beforeRowChain(TRIGGER_TYPE.UPDATE, old, next);
  }

  /** BEFORE DELETE ROW: false to skip the delete. */
  beforeDelete(old: Row): boolean {
    return this.#beforeRowChain(TRIGGER_TYPE.DELETE, old, undefined) !== null;
  }

  /** Queues the AFTER ROW event of an inserted, updated or deleted row (copies are kept). */
  afterRow(event: number, old: Row | undefined, next: Row | undefined): void {
    if (!this.#afterRow.has(event)) return;
    const width = this.table.columns.length;
    this.#queue.push({ event, old: old?.slice(0, width), new: next?.slice(0, width) });
  }

  /**
   * End of the statement: the queued AFTER ROW events in order (triggers fired by them may
   * queue more on this table: they fire too), then AFTER STATEMENT. Sync.
   */
  finishStatement(): void {
    const queue = this.#queue;
    const events = this.#statementEvents;
    if (queue.length === 0 && events === 0) return;
    this.#statementEvents = 0;
    this.rt.ctx.tx.nextCommand();
    for (let i = 0; i < queue.length; i++) {
      const q = queue[i]!;
      for (const t of this.#afterRow.get(q.event)!) {
        if (this.#fires(t, q.event)) this.#fire(t, q.event, 'after', true, q.old, q.new);
      }
    }
    queue.length = 0;
    for (const e of AFTER_EVENTS) {
      if ((events & e) === 0) continue;
      for (const t of this.#afterStatement.get(e) ?? []) {
        if (this.#fires(t, e)) this.#fire(t, e, 'after', false, undefined, undefined);
      }
    }
  }

  #beforeRowChain(event: number, old: Row | undefined, next: Row | undefined): Row | null {
    const list = this.#beforeRow.get(event);
    if (list === undefined) return (next ?? old)!;
    const width = this.table.columns.length;
    let row = (next ?? old)!;
    for (const t of list) {
      if (!this.#fires(t, event)) continue;
      const got = this.#fire(t, event, 'before', true, old, event === TRIGGER_TYPE.DELETE ? undefined : row);
      if (got === null) return null;
      // The function's row replaces the one being written; input slots past the table's stay.
      if (got !== row) {
        const copy = row.slice();
        for (let i = 0; i < width; i++) copy[i] = got[i]!;
        row = copy;
      }
    }
    return row;
  }

  /** UPDATE OF: does one of the trigger's columns appear in the SET list? */
  #fires(t: TriggerDef, event: number): boolean {
    if (event !== TRIGGER_TYPE.UPDATE || t.columns.length === 0) return true;
    const set = this.#setColumns;
    return set !== undefined && t.columns.some((a) => set.has(a));
  }

  #fire(
    t: TriggerDef,
    event: number,
    timing: TriggerEvent['timing'],
    row: boolean,
    old: Row | undefined,
    next: Row | undefined,
  ): Row | null {
    const routines = this.rt.ctx.routines;
    if (routines === undefined) throw new DbError('0A000', 'triggers cannot fire in this context');
    return routines.fireTrigger({ trigger: t, table: this.table, event, timing, row, old, new: next });
  }
}
