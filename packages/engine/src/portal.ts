/**
 * Portal: what Bind makes — a prepared statement with parameter values, result formats, the plan
 * it will run, and the execution state an Execute with a row limit leaves behind.
 *
 * Queries (SELECT, VALUES, set operations, EXPLAIN) stream from a RowCursor: Execute with a
 * limit sends that many rows and suspends, keeping the executor's operators open until the next
 * Execute, Close, or the end of the transaction. DML runs to completion on its first Execute, as
 * in PostgreSQL: with RETURNING and a row limit its rows are held and handed out in slices
 * (PostgreSQL's PORTAL_ONE_RETURNING), without RETURNING a second Execute is 55000 `portal "x"
 * cannot be run`. The tag counts the rows this Execute sent (`SELECT 2` after a suspended
 * fetch), as PostgreSQL's does.
 */
import { DbError, type Row, type Value } from '@rustydb/common';
import { type ExecutionContext, executeLockedPlan, type ResultSink } from '@rustydb/executor';
import { hasDataModifyingWith } from '@rustydb/planner';
import type { FieldDescription, QueryOutput } from '@rustydb/protocol';
import { lockPlan } from './plan-locks.js';
import { type CachedPlan, type PreparedStatement, QUERY_KINDS } from './prepared-statement.js';
import { runSessionCall, sessionCallOf } from './routines/session-call.js';
import { RowCursor } from './row-cursor.js';
import type { StatementContext } from './session.js';

export class Portal {
  private cursor: RowCursor | undefined;
  /** The last cursor that ran to the end, reopened by the next execution (no new object). */
  private spare: RowCursor | undefined;
  /** DML rows held for row-limited fetches, and how many were sent. */
  private held: Row[] | undefined;
  private heldSent = 0;
  private tag = '';
  /** Ran to completion (or, for DML, ran at all). */
  done = false;

  // The four below change only in the constructor and `rebind`.
  constructor(
    readonly name: string,
    public statement: PreparedStatement,
    public params: readonly Value[],
    /** Result columns with their formats, or undefined for NoData. */
    public fields: readonly FieldDescription[] | undefined,
    /** The plan of a planned statement (taken at Bind). */
    public plan: CachedPlan | undefined,
  ) {}

  /**
   * Makes this (closed) portal a new Bind's, as the constructor would: the session re-binds the
   * unnamed portal's object once per transaction instead of making one (PortalTable). Sync.
   */
  rebind(
    statement: PreparedStatement,
    params: readonly Value[],
    fields: readonly FieldDescription[] | undefined,
    plan: CachedPlan | undefined,
  ): this {
    this.close();
    this.statement = statement;
    this.params = params;
    this.fields = fields;
    this.plan = plan;
    this.heldSent = 0;
    this.tag = '';
    this.done = false;
    return this;
  }

  /**
   * Execute of a planned portal: sends up to `maxRows` rows (0: all) to `ctx.out`; true when
   * suspended. A query whose rows came without waiting returns the boolean itself (sync), else a
   * promise. @throws DbError from the executor, 55000 for a finished DML portal.
   */
  run(maxRows: number, ctx: StatementContext): Promise<boolean> | boolean {
    const plan = this.plan!;
    const out = ctx.out;
    if (this.fields !== undefined) {
      const text = ctx.settings.textOutput();
      out.rowDescription(this.fields, text.timeZone, text.extraFloatDigits, text.dateTimeStyle);
    }
    // A query with INSERT / UPDATE / DELETE in its WITH runs to completion on the first Execute,
    // as DML does (PostgreSQL's PORTAL_ONE_MOD_WITH).
    const stmt = this.statement.stmt!;
    // So does SELECT f(...) of a function whose body runs DDL (session-call.ts).
    if (QUERY_KINDS.has(stmt.kind) && !hasDataModifyingWith(stmt) && !isSessionCall(plan, ctx)) {
      return this.runQuery(plan, maxRows, ctx);
    }
    return this.runOther(plan, maxRows, ctx);
  }

  /** DML and the other planned statements: run to completion on the first Execute. Async. */
  private async runOther(plan: CachedPlan, maxRows: number, ctx: StatementContext): Promise<boolean> {
    if (this.held !== undefined) return this.sendHeld(maxRows, ctx);
    if (this.done) throw new DbError('55000', `portal "${this.name}" cannot be run`);
    this.done = true;
    const exec = ctx.execution(this.params);
    const waited = lockPlan(plan, ctx, exec, replanPortal, this);
    if (waited !== undefined) return this.runLocked(await waited, maxRows, ctx, ctx.execution(this.params));
    return this.runLocked(plan, maxRows, ctx, exec);
  }

  /** `runOther` once the plan's relation locks are held. Async. */
  private async runLocked(
    plan: CachedPlan,
    maxRows: number,
    ctx: StatementContext,
    exec: ExecutionContext,
  ): Promise<boolean> {
    const out = ctx.out;
    if (maxRows > 0 && this.fields !== undefined) {
      const held: Row[] = [];
      const { tag } = await executeWhole(plan, exec, ctx, {
        rows(batch) {
          for (const row of batch) held.push(row.slice());
        },
      });
      this.held = held;
      this.tag = tag;
      return this.sendHeld(maxRows, ctx);
    }
    const { tag } = await executeWhole(plan, exec, ctx, {
      rows(batch) {
        for (let i = 0; i < batch.length; i++) out.dataRow(batch[i]!);
      },
    });
    out.commandComplete(tag);
    return false;
  }

  /** Releases the executor's state (idempotent). Sync. */
  close(): void {
    this.cursor?.close();
    this.cursor = undefined;
    this.held = undefined;
  }

  /** A query's rows from its cursor: sync when the cursor's fetch is (see `RowCursor.fetch`). */
  private runQuery(plan: CachedPlan, maxRows: number, ctx: StatementContext): Promise<boolean> | boolean {
    const out = ctx.out;
    if (this.done) return this.fetched(undefined, 0, out);
    if (this.cursor === undefined) {
      // ACCESS SHARE on what the query reads, held to the transaction's end (executePlan's
      // locks), before the first row: awaited only when another session holds a conflicting lock.
      // After a wait the plan may be a new one (plan-locks.ts).
      const exec = ctx.execution(this.params);
      const locking = lockPlan(plan, ctx, exec, replanPortal, this);
      if (locking !== undefined) {
        return locking.then((p) => {
          this.cursor ??= this.newCursor(p, ctx.execution(this.params));
          return this.runQuery(p, maxRows, ctx);
        });
      }
      this.cursor = this.newCursor(plan, exec);
    }
    const cursor = this.cursor;
    const sent = cursor.fetch(maxRows, out);
    if (typeof sent === 'number') return this.fetched(cursor, sent, out);
    return sent.then((n) => this.fetched(cursor, n, out));
  }

  /** A cursor over `plan`: the spare one reopened when there is one. Sync; throws as RowCursor's constructor. */
  private newCursor(plan: CachedPlan, exec: ExecutionContext): RowCursor {
    const spare = this.spare;
    if (spare === undefined) return new RowCursor(plan.physical, exec);
    this.spare = undefined;
    return spare.reopen(plan.physical, exec);
  }

  /** After a fetch of `sent` rows: suspended (true), or the query's CommandComplete. */
  private fetched(cursor: RowCursor | undefined, sent: number, out: QueryOutput): boolean {
    if (cursor !== undefined) {
      if (!cursor.done) return true;
      this.done = true;
      this.cursor = undefined;
      this.spare = cursor;
    }
    out.commandComplete(this.statement.stmt!.kind === 'explain' ? 'EXPLAIN' : selectTag(sent));
    return false;
  }

  private sendHeld(maxRows: number, ctx: StatementContext): boolean {
    const held = this.held!;
    const end = maxRows > 0 ? Math.min(held.length, this.heldSent + maxRows) : held.length;
    const from = this.heldSent;
    for (; this.heldSent < end; this.heldSent++) ctx.out.dataRow(held[this.heldSent]!);
    if (maxRows > 0 && this.heldSent < held.length) return true;
    ctx.out.commandComplete(this.tag.replace(/\d+$/, String(this.heldSent - from)));
    return false;
  }
}

/** `SELECT n` tags of the usual small counts, made once. */
const SELECT_TAGS = Array.from({ length: 64 }, (_, n) => `SELECT ${n}`);

/** The tag of a query that sent `n` rows (no string built per Execute for a point lookup). */
const selectTag = (n: number): string => (n < SELECT_TAGS.length ? SELECT_TAGS[n]! : `SELECT ${n}`);

/**
 * `portal`'s statement planned anew after a lock wait during which the catalog changed, as the
 * prepared statement's next Bind would. @throws DbError binder errors (42P01 for a table
 * dropped meanwhile), 0A000 when the result type changed (PostgreSQL's revalidation too).
 */
function replanPortal(ctx: StatementContext, portal: Portal): CachedPlan {
  portal.plan = portal.statement.plan(ctx.catalog, ctx.settings);
  return portal.plan;
}

const isSessionCall = (plan: CachedPlan, ctx: StatementContext): boolean =>
  sessionCallOf(plan.physical, ctx) !== undefined;

/** Runs `plan` to its end into `sink`: the executor's run, or a call through the session. */
function executeWhole(
  plan: CachedPlan,
  exec: ExecutionContext,
  ctx: StatementContext,
  sink: ResultSink,
): Promise<{ readonly tag: string }> {
  const call = sessionCallOf(plan.physical, ctx);
  if (call !== undefined) return runSessionCall(call, ctx, exec, sink);
  return Promise.resolve(executeLockedPlan(plan.physical, exec, sink));
}
