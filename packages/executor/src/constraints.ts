/**
 * Constraint checks and index maintenance for the DML operators: one TableWriter per table a
 * statement writes.
 *
 * - NOT NULL: 23502 with PostgreSQL's `Failing row contains (…)` detail.
 * - CHECK: each constraint's stored SQL is bound over the table's row once per statement and
 *   evaluated on every row written, in constraint-name order after NOT NULL, as PostgreSQL does;
 *   false (not NULL) is 23514 `new row for relation "t" violates check constraint "t_a_check"`.
 * - Unique indexes (PRIMARY KEY, UNIQUE): before a version is written, each unique index is
 *   scanned for the new key as an exact-match range; each entry's version is fetched and judged
 *   by `tx.uniqueCheck`: a live version (or one our own transaction inserted) is a duplicate,
 *   23505. Keys with a NULL column never conflict. Uniqueness is never checked by scanning the
 *   table. A DEFERRABLE key is not probed first: its entries go in, and a key another version
 *   holds too is re-checked at the end of the statement, or at commit when deferred
 *   (writer-index.ts, deferred-constraints.ts).
 * - FOREIGN KEYs (foreign-keys.ts): PostgreSQL runs them as AFTER ROW triggers whose events fire
 *   at the end of the statement; so does this writer. Rows written and deleted are queued
 *   (copies), and `finishStatement` — called by the DML operator once its input is exhausted —
 *   checks the referencing rows and runs the referenced side's actions (CASCADE, SET NULL, SET
 *   DEFAULT, NO ACTION). RESTRICT checks at once, as in PostgreSQL. A DEFERRABLE foreign key
 *   that is deferred queues the written version's tid (its NO ACTION, the deleted version's) in
 *   the transaction's DeferredConstraints instead, checked at commit (deferred-checks.ts).
 *
 * A version another in-progress transaction inserted or is deleting: the DML operators first ask
 * `uniqueWaitXid` for it and wait for that transaction to end (modify-table.ts), then check again;
 * `checkUnique` itself (and the foreign-key cascades, which cannot wait) counts it as a duplicate.
 * An UPDATE that leaves a unique index's key unchanged skips that index (`keyUnchanged`).
 */
import {
  type CatalogReader,
  type ColumnDef,
  type ConstraintDef,
  type IndexDef,
  type TableDef,
  TRIGGER_TYPE,
} from '@rustydb/catalog';
import {
  DbError,
  formatText,
  INVALID_TXN_ID,
  InternalError,
  notNullViolation,
  type Oid,
  packTid,
  type Row,
  type SqlType,
  type Tid,
  type TxnId,
  type Value,
} from '@rustydb/common';
import { AscendingEntries, type Index, type KeyRange } from '@rustydb/index';
import type { PhysicalExpr } from '@rustydb/optimizer';
import { bindCheckSql, bindDefaultExpression, generationExprs } from '@rustydb/planner';
import type { TableStore, TupleVersion } from '@rustydb/storage';
import type { SerializableXact, Transaction } from '@rustydb/txn';
import { RowChange, type TableCounters, UNCOUNTED_TABLE } from './activity-counters.js';
import { buildOperator } from './build-operator.js';
import { type CompiledExpr, compileExpr } from './compile-expr.js';
import { CHECK_ROW, type DeferredEventKind, NO_ACTION, UNIQUE_ROW } from './deferred-constraints.js';
import { type ChildWriter, IncomingKey, OutgoingKey } from './foreign-keys.js';
import { firstNotDeadInChain, isHotUpdate } from './hot-chain.js';
import type { IndexKeys } from './index-keys.js';
import { insertNewer } from './insert-newer.js';
import { RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';
import { sharedIndexKeys } from './shared-index-keys.js';
import { TableTriggers } from './table-triggers.js';
import { duplicateKey, findDuplicate, type WriterIndex, writerIndex } from './writer-index.js';

/** PostgreSQL's row rendering in error details: `(1, null, abc)`. */
export function formatRowDetail(row: readonly Value[], types: readonly SqlType[]): string {
  return `(${types.map((t, i) => (row[i] === null ? 'null' : formatText(row[i], t))).join(', ')})`;
}

/**
 * Does an UPDATE from `old` to `next` keep `ix`'s key (both versions covered)? Then its unique
 * check cannot fail and is skipped: `old` is a version we are replacing, so it was not dead, and
 * while it lived no other non-dead version could hold its key (every writer of that key checked
 * against it, or waited for our lock on it); the versions before it in its own update chain
 * are ours to ignore. This matters because every UPDATE adds an entry per index (no HOT yet),
 * so a hot row's key collects dead entries until vacuum, and scanning them all twice per UPDATE
 * (the wait probe and the check) dominated pgbench's tpcb-like transaction.
 */
function keyUnchanged(ix: { readonly keys: IndexKeys }, old: Row, next: Row): boolean {
  return ix.keys.sameKey(old, next);
}

/**
 * Whether `row` needs a uniqueness probe of `ix`: a unique index covering it (partial indexes
 * may not), no NULL in its key (NULLs never conflict), and — for an UPDATE from `old` — a key
 * the update changes (see keyUnchanged). Synchronous; allocates nothing.
 */
function needsUniqueProbe(ix: WriterIndex, row: Row, old?: Row): boolean {
  return (
    ix.probe &&
    ix.keys.covers(row) &&
    !ix.keys.keyHasNull(row) &&
    (old === undefined || !keyUnchanged(ix, old, row))
  );
}

/** A foreign-key event (or a deferrable unique key's recheck) queued until the end of the statement. */
type FkEvent =
  | { readonly kind: 'check'; readonly key: OutgoingKey; readonly row: Row }
  | { readonly kind: 'unique'; readonly ix: WriterIndex; readonly tid: Tid; readonly row: Row }
  | { readonly kind: 'delete'; readonly key: IncomingKey; readonly old: Row }
  | { readonly kind: 'update'; readonly key: IncomingKey; readonly old: Row; readonly next: Row };

/** Everything the writers of one table need, prepared once per statement. */
export class TableWriter implements ChildWriter {
  readonly types: readonly SqlType[];
  readonly layout: RowLayout;
  private readonly indexes: WriterIndex[];
  /** Some index is a DEFERRABLE key's (insertIndexEntries then looks for possible duplicates). */
  private readonly hasDeferrableKey: boolean;
  private readonly checks: { name: string; test: CompiledExpr }[] = [];
  /** The generated columns' slots and expressions (over the row), in column order. */
  private readonly generated: { slot: number; expr: CompiledExpr }[] = [];
  private readonly outgoing: OutgoingKey[] = [];
  private readonly incoming: IncomingKey[] = [];
  private readonly events: FkEvent[] = [];
  private readonly children = new Map<number, TableWriter>();
  private defaultRow: Row | undefined;
  /** The row `insertUniqueProbe` last checked, and the entry keys it encoded (per index). */
  private probedRow: Row | undefined;
  private readonly probedEntries: (Uint8Array | undefined)[] = [];
  /**
   * Per index, the entries of the current input batch not added yet (`beginDeferredEntries`),
   * in ascending key order; made by the first batch that defers.
   */
  private readonly runs: AscendingEntries[] = [];
  /**
   * Per unique index with a non-empty run: did its first key sort after every entry of the tree
   * (`Index.keyAboveAll`)? The tree does not change while the run holds entries (an entry goes
   * in directly only after its run), so a key that extends the run is above everything: no entry
   * has it, and its probe is skipped.
   */
  private readonly runAbove: boolean[] = [];
  /** Between `beginDeferredEntries` and the batch's end: B+tree entries go to `runs`. */
  private deferring = false;
  #deferrable: boolean | undefined;
  /** The table's enabled triggers (table-triggers.ts); undefined when none (or no `rt`). */
  readonly triggers: TableTriggers | undefined;
  /** The table's row-change counters (activity-counters.ts). */
  readonly counters: TableCounters;

  /**
   * `rt` is needed when the table has CHECK or FOREIGN KEY constraints or is referenced by one
   * (the checks compile against it); without it only NOT NULL and unique indexes are enforced.
   */
  constructor(
    readonly table: TableDef,
    readonly store: TableStore,
    openIndex: (def: IndexDef) => Index,
    private readonly rt?: Runtime,
    /** Binds index expressions when there is no `rt`. */
    catalog?: CatalogReader,
  ) {
    // Shared per TableDef (row-layout.ts, shared-index-keys.ts): a writer is built per execution.
    this.layout = RowLayout.of(table);
    this.types = this.layout.types;
    this.indexes = table.indexes.map((def) =>
      writerIndex(table, def, openIndex(def), sharedIndexKeys(table, def, catalog ?? rt!.ctx.catalog, rt)),
    );
    this.hasDeferrableKey = this.indexes.some((ix) => ix.deferrable !== undefined);
    this.triggers =
      rt === undefined
        ? undefined
        : rt.callerTriggers?.table.oid === table.oid
          ? rt.callerTriggers
          : TableTriggers.of(table, rt);
    this.counters = rt?.ctx.activity?.table(table.oid) ?? UNCOUNTED_TABLE;
    if (!rt) return;
    for (const g of generationExprs(table, rt.ctx.catalog)) {
      this.generated.push({
        slot: g.slot,
        expr: compileExpr(g.expr as unknown as PhysicalExpr, rt, buildOperator),
      });
    }
    const checks = table.constraints.filter((c) => c.kind === 'check' && c.checkSql !== undefined);
    checks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const c of checks) {
      const expr = bindCheckSql(c.checkSql!, table, rt.ctx.catalog) as unknown as PhysicalExpr;
      this.checks.push({ name: c.name, test: compileExpr(expr, rt, buildOperator) });
    }
    for (const c of table.constraints) if (c.references) this.outgoing.push(new OutgoingKey(rt, table, c));
    for (const ref of table.referencedBy ?? []) {
      this.incoming.push(new IncomingKey(rt, table, ref, (t) => this.writerFor(t)));
    }
    // Read once per writer: a table with foreign keys never keeps its writer across executions
    // (reusable-dml.ts), so this is the statement's SET CONSTRAINTS state.
    if (this.hasForeignKeys) this.refreshDeferral();
  }

  /** The stored form of `row` (dropped columns as NULL). Fresh bytes. */
  encode(row: readonly Value[]): Uint8Array {
    return this.layout.encode(row);
  }

  /**
   * Computes `row`'s generated columns in place from its other columns: what INSERT and UPDATE
   * do after defaults and SET, before the constraint checks (PostgreSQL's ExecComputeStoredGenerated).
   */
  computeGenerated(row: Row): void {
    const generated = this.generated;
    for (let i = 0; i < generated.length; i++) row[generated[i]!.slot] = generated[i]!.expr(row);
  }

  /** 23502 when a NOT NULL column of `row` is NULL. */
  checkNotNull(row: Row): void {
    const cols = this.table.columns;
    for (let i = 0; i < cols.length; i++) {
      if (row[i] === null && cols[i].notNull) {
        throw notNullViolation(
          cols[i].name,
          this.table.name,
          `Failing row contains ${formatRowDetail(row, this.types)}.`,
        ).with({
          schema: this.table.schema,
        });
      }
    }
  }

  /** 23514 when a CHECK constraint is false for `row`. */
  checkRow(row: Row): void {
    for (const c of this.checks) {
      if (c.test(row) !== false) continue;
      throw new DbError(
        '23514',
        `new row for relation "${this.table.name}" violates check constraint "${c.name}"`,
        {
          detail: `Failing row contains ${formatRowDetail(row, this.types)}.`,
          schema: this.table.schema,
          table: this.table.name,
          constraint: c.name,
        },
      );
    }
  }

  /**
   * Whether `checkUnique(row, tx, old)` would probe any index: false when every unique index
   * skips `row` (needsUniqueProbe). Then an
   * UPDATE may mark the old version and store the new one in one step (`insertNewer` with
   * `markOld`): no check sits between the two. Synchronous.
   */
  probesUnique(row: Row, old: Row): boolean {
    for (const ix of this.indexes) {
      if (needsUniqueProbe(ix, row, old)) return true;
    }
    return false;
  }

  /**
   * 23505 when a unique index already holds a live version with `row`'s key. With `old` (the
   * values of the version an UPDATE replaces), indexes whose key the update leaves unchanged are
   * skipped: see `keyUnchanged`.
   */
  checkUnique(row: Row, tx: Transaction, old?: Row): void {
    for (const ix of this.indexes) {
      if (!needsUniqueProbe(ix, row, old)) continue;
      const values = ix.keys.keyValues(row);
      const cursor = ix.index.scan(ix.keys.lookupRange(values));
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          // An in-progress other transaction's version: the operators waited for it already
          // (uniqueWaitXid); where they cannot wait it counts as a duplicate.
          if (firstNotDeadInChain(this.store, e.tid, tx) === undefined) continue;
          // SERIALIZABLE: report an SSI conflict the violation would mask, as PostgreSQL does.
          tx.ssi?.checkConflictInKey(ix.def.oid, ix.keys.entry(row));
          throw duplicateKey(ix, this.table, values);
        }
      } finally {
        cursor.close();
      }
    }
  }

  /**
   * The xid of another in-progress transaction whose version holds one of `row`'s unique keys
   * (it inserted or is deleting it), ignoring the version at `replacing` (the row being
   * updated); undefined when there is none. The caller waits for it to end, then checks again.
   * With `old` (the replaced version's values), indexes whose key is unchanged are skipped
   * (`keyUnchanged`). Synchronous.
   */
  uniqueWaitXid(row: Row, tx: Transaction, replacing: Tid | undefined, old?: Row): TxnId | undefined {
    for (const ix of this.indexes) {
      if (!needsUniqueProbe(ix, row, old)) continue;
      const values = ix.keys.keyValues(row);
      const cursor = ix.index.scan(ix.keys.lookupRange(values));
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          if (replacing !== undefined && e.tid.page === replacing.page && e.tid.slot === replacing.slot)
            continue;
          const v = firstNotDeadInChain(this.store, e.tid, tx);
          if (!v) continue;
          if (replacing !== undefined && v.tid.page === replacing.page && v.tid.slot === replacing.slot)
            continue;
          const seen = tx.uniqueCheck(v);
          if (typeof seen === 'number') return seen;
        }
      } finally {
        cursor.close();
      }
    }
    return undefined;
  }

  /**
   * An INSERT's unique checks in one index scan per unique index (where `uniqueWaitXid` and
   * `checkUnique` take two): the xid to wait for when `canWait` and another in-progress
   * transaction's version holds one of `row`'s keys (the caller waits, then probes again);
   * otherwise throws 23505 for a live duplicate (or, when it cannot wait, an in-progress one) as
   * `checkUnique` does, or returns undefined. Waiting comes before the violation, as in the
   * two-scan form. Not for SERIALIZABLE (its SSI check belongs before the violation).
   */
  insertUniqueProbe(row: Row, tx: Transaction, canWait: boolean): TxnId | undefined {
    const entries = this.probedEntries;
    this.probedRow = row;
    let duplicate = -1;
    for (let i = 0; i < this.indexes.length; i++) {
      const ix = this.indexes[i]!;
      entries[i] = undefined;
      if (!needsUniqueProbe(ix, row)) continue;
      let range: KeyRange;
      if (ix.keys.entryIsLookupKey) {
        // Kept in `probedEntries` only until this row's `insertIndexEntries`, in the same
        // synchronous write (a wait drops it): the reused bytes cannot change meanwhile.
        const entry = ix.transientKeys ? ix.keys.entryTransient(row) : ix.keys.entry(row);
        entries[i] = entry;
        if (this.deferring) {
          const run = this.runs[i]!;
          if (run.follows(entry)) {
            if (run.length > 0 && this.runAbove[i] === true) continue;
          } else {
            // A collected entry could equal this key: the run goes into the tree first.
            this.flushRun(i);
          }
        }
        range = ix.keys.entryRange(entry);
      } else {
        range = ix.keys.lookupRange(ix.keys.keyValues(row));
      }
      // A new key is almost always absent: the index answers that without a cursor when it can.
      if (ix.index.rangeIsEmpty?.(range) === true) continue;
      const cursor = ix.index.scan(range);
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          const v = firstNotDeadInChain(this.store, e.tid, tx);
          if (!v) continue;
          const seen = tx.uniqueCheck(v);
          if (seen === 'dead') continue;
          if (canWait && typeof seen === 'number') {
            this.probedRow = undefined;
            return seen;
          }
          if (duplicate < 0) duplicate = i;
        }
      } finally {
        cursor.close();
      }
    }
    if (duplicate < 0) return undefined;
    this.probedRow = undefined;
    const ix = this.indexes[duplicate]!;
    throw duplicateKey(ix, this.table, ix.keys.keyValues(row));
  }

  /**
   * ON CONFLICT's probe: the version in one of the `arbiters` unique indexes (by index OID) that
   * holds `row`'s key and is not dead (live, ours, or another live transaction's), or undefined.
   * Keys with a NULL column never conflict. A DEFERRABLE key as an arbiter is 55000, as
   * PostgreSQL's ExecCheckIndexConstraints.
   */
  findConflict(row: Row, tx: Transaction, arbiters: ReadonlySet<number>): TupleVersion | undefined {
    for (const ix of this.indexes) {
      if (!ix.def.unique || !arbiters.has(ix.def.oid)) continue;
      if (ix.deferrable !== undefined) {
        throw new DbError(
          '55000',
          'ON CONFLICT does not support deferrable unique constraints/exclusion constraints as arbiters',
          { schema: this.table.schema, table: this.table.name, constraint: ix.def.name },
        );
      }
      if (!ix.keys.covers(row)) continue;
      const values = ix.keys.keyValues(row);
      if (values.some((v) => v === null)) continue;
      const cursor = ix.index.scan(ix.keys.lookupRange(values));
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          const v = firstNotDeadInChain(this.store, e.tid, tx);
          if (v) return v;
        }
      } finally {
        cursor.close();
      }
    }
    return undefined;
  }

  /**
   * Starts collecting the index entries of a plain INSERT's input batch (AscendingEntries):
   * `insertIndexEntries` appends each index's entry to its run while the keys ascend and adds
   * it at once otherwise; `flushDeferredEntries` adds the runs after the batch's rows, inside the
   * same WAL page batch. The unique probe stays exact: a key that does not sort after every
   * collected key of its index has that index's run added first (`insertUniqueProbe`), so a
   * probed key is either in the tree or smaller than nothing collected.
   *
   * Returns false (nothing is collected) unless every index is a B+tree keyed on plain columns
   * (no expression, predicate or INCLUDE) and the table has no CHECK constraint, generated
   * column, foreign key or DEFERRABLE key: then no expression runs between a row and its entries, so nothing
   * could read the index while entries are held back. The caller writes no row under SERIALIZABLE
   * (whose key-range checks see each entry).
   */
  beginDeferredEntries(): boolean {
    this.#deferrable ??=
      this.checks.length === 0 &&
      this.generated.length === 0 &&
      !this.hasForeignKeys &&
      // A DEFERRABLE key's recheck looks for duplicates in the tree as each row goes in.
      !this.hasDeferrableKey &&
      this.indexes.every(
        (ix) =>
          ix.transientKeys &&
          ix.keys.columnsOnly &&
          ix.keys.entryIsLookupKey &&
          typeof ix.index.insertAscending === 'function',
      );
    if (!this.#deferrable) return false;
    for (let i = this.runs.length; i < this.indexes.length; i++) this.runs.push(new AscendingEntries());
    this.deferring = true;
    return true;
  }

  /** Adds the collected entries to their indexes and stops collecting. */
  flushDeferredEntries(): void {
    this.deferring = false;
    for (let i = 0; i < this.indexes.length; i++) this.flushRun(i);
  }

  /**
   * Drops the collected entries and stops collecting: the batch failed, and its rows die with
   * the statement's (sub)transaction; an index entry missing for a dead version is harmless
   * (vacuum's removal by key finds nothing, as after a simple deletion).
   */
  dropDeferredEntries(): void {
    this.deferring = false;
    for (let i = 0; i < this.runs.length; i++) this.runs[i]!.clear();
  }

  /** Adds index i's collected entries. */
  private flushRun(i: number): void {
    const run = this.runs[i];
    if (run === undefined || run.length === 0) return;
    try {
      this.indexes[i]!.index.insertAscending!(run);
    } finally {
      run.clear();
    }
  }

  /**
   * Adds `row`'s entries (one per index) for the version at `tid`; with `ssi` (SERIALIZABLE),
   * each key is first checked against other transactions' SIREAD key-range locks (40001).
   */
  insertIndexEntries(row: Row, tid: Tid, ssi?: SerializableXact): void {
    // Keys `insertUniqueProbe` encoded for this same row are not encoded again.
    const probed = this.probedRow === row;
    this.probedRow = undefined;
    for (let i = 0; i < this.indexes.length; i++) {
      const ix = this.indexes[i]!;
      if (!ix.keys.covers(row)) continue;
      // SERIALIZABLE's conflict check may keep the key: then it gets bytes of its own.
      const key =
        (probed ? this.probedEntries[i] : undefined) ??
        (ix.transientKeys && ssi === undefined ? ix.keys.entryTransient(row) : ix.keys.entry(row));
      ssi?.checkConflictInKey(ix.def.oid, key);
      if (this.deferring) {
        // The run copies the key; one that does not ascend goes in now, after the run.
        const run = this.runs[i]!;
        const starts = run.length === 0;
        if (run.push(key, packTid(tid.page, tid.slot))) {
          if (starts && ix.def.unique) this.runAbove[i] = ix.index.keyAboveAll?.(key) === true;
          continue;
        }
        this.flushRun(i);
      }
      ix.index.insert(key, tid);
    }
    if (this.hasDeferrableKey) this.noteDeferrableKeys(row, tid);
  }

  /**
   * After a version's entries went in: for each DEFERRABLE key whose key another non-dead
   * version holds too, queues the recheck (writer-index.ts): at the end of the statement when
   * the constraint is immediate now, at commit when deferred.
   */
  private noteDeferrableKeys(row: Row, tid: Tid): void {
    const ctx = this.runtime().ctx;
    for (const ix of this.indexes) {
      const c = ix.deferrable;
      if (c === undefined || !ix.keys.covers(row) || ix.keys.keyHasNull(row)) continue;
      if (findDuplicate(ix, this.store, row, tid, ctx.tx) === undefined) continue;
      if (ctx.deferred?.isDeferred(c)) ctx.deferred.queue(UNIQUE_ROW, c.oid, this.table.oid, tid);
      else this.events.push({ kind: 'unique', ix, tid, row: row.slice() });
    }
  }

  /**
   * A deferred (or end-of-statement) recheck of DEFERRABLE key `constraint` for the row whose
   * index entries point at `tid` (the HOT chain's root; the caller found its live version).
   * @throws DbError 23505 when another non-dead version holds the key. NB: PostgreSQL waits for
   *   another in-progress transaction's version here; this check cannot wait and counts it.
   */
  recheckUnique(row: Row, tid: Tid, constraint: Oid, tx: Transaction): void {
    const ix = this.indexes.find((i) => i.deferrable?.oid === constraint);
    if (ix === undefined || !ix.keys.covers(row) || ix.keys.keyHasNull(row)) return;
    if (findDuplicate(ix, this.store, row, tid, tx) !== undefined)
      throw duplicateKey(ix, this.table, ix.keys.keyValues(row));
  }

  /**
   * A row was inserted (its version at `tid`): its foreign keys are checked at the end of the
   * statement, or at commit when deferred (the tid is queued, not the row).
   */
  rowInserted(row: Row, tid: Tid): void {
    for (const key of this.outgoing) {
      if (key.deferred) this.queueDeferred(CHECK_ROW, key.constraint, tid);
      else this.events.push({ kind: 'check', key, row: row.slice() });
    }
  }

  /**
   * A row was updated (version `oldTid` replaced by `newTid`): checks changed foreign keys; runs
   * the referenced side's ON UPDATE. A deferred foreign key is queued also when its key did not
   * change but the old version is our own (PostgreSQL's RI_FKey_fk_upd_check_required): the
   * queued check of that version skips it now that it is dead, so the new one must be checked.
   */
  rowUpdated(old: Row, next: Row, oldTid: Tid, newTid: Tid): void {
    for (const key of this.outgoing) {
      if (key.deferred) {
        if (key.changed(old, next) || this.insertedByUs(oldTid))
          this.queueDeferred(CHECK_ROW, key.constraint, newTid);
      } else if (key.changed(old, next)) this.events.push({ kind: 'check', key, row: next.slice() });
    }
    for (const key of this.incoming) {
      if (!key.changed(old, next)) continue;
      const action = key.action.onUpdate;
      if (action === 'restrict') key.checkNotReferenced(old);
      else if (action === 'noAction' && key.deferred) this.queueDeferred(NO_ACTION, key.constraint, oldTid);
      else this.events.push({ kind: 'update', key, old: old.slice(), next: next.slice() });
    }
  }

  /** A row was deleted (its version at `tid`): runs the referenced side's ON DELETE. */
  rowDeleted(old: Row, tid: Tid): void {
    for (const key of this.incoming) {
      const action = key.action.onDelete;
      if (action === 'restrict') key.checkNotReferenced(old);
      else if (action === 'noAction' && key.deferred) this.queueDeferred(NO_ACTION, key.constraint, tid);
      else this.events.push({ kind: 'delete', key, old: old.slice() });
    }
  }

  /** Is some version of the HOT chain rooted at `tid` still live to us (not deleted since)? */
  private liveRoot(tid: Tid): boolean {
    const tx = this.runtime().ctx.tx;
    const v = firstNotDeadInChain(this.store, tid, tx);
    return v !== undefined && tx.uniqueCheck(v) === 'live';
  }

  /** Queues a deferred check of the version at `tid` of this table (deferred-constraints.ts). */
  private queueDeferred(kind: DeferredEventKind, c: ConstraintDef, tid: Tid): void {
    this.runtime().ctx.deferred!.queue(kind, c.oid, this.table.oid, tid);
  }

  /** Did this transaction insert the version at `tid`? */
  private insertedByUs(tid: Tid): boolean {
    const v = this.store.fetch(tid);
    return v !== undefined && this.runtime().ctx.tx.isOwnXid(v.xmin);
  }

  /**
   * Which foreign keys are deferred for this statement: without the transaction's queue (an
   * internal context), none. Synchronous.
   */
  private refreshDeferral(): void {
    const q = this.rt?.ctx.deferred;
    for (const key of this.outgoing) key.deferred = q?.isDeferred(key.constraint) === true;
    for (const key of this.incoming) key.deferred = q?.isDeferred(key.constraint) === true;
  }

  /**
   * Can a plain INSERT into this table batch its WAL (TableStore.batchLogging)? When no foreign
   * key needs rows reported and every index is a B+tree (whose inserts join the batch; other
   * methods log on their own, which is correct but gains nothing).
   */
  get insertsBatchable(): boolean {
    return (
      !this.hasForeignKeys &&
      this.triggers === undefined &&
      this.indexes.every((ix) => ix.index.method === 'btree')
    );
  }

  /**
   * Start of a statement: forgets what a previous execution of a kept writer left (reusable-plan
   * .ts): the row the last unique probe encoded (a new row array can be the old one's object),
   * queued foreign-key events and the evaluated column defaults. Synchronous.
   */
  beginStatement(): void {
    this.probedRow = undefined;
    this.events.length = 0;
    this.defaultRow = undefined;
  }

  /** Does this table take part in foreign keys (so DML must report rows to it)? */
  get hasForeignKeys(): boolean {
    return this.outgoing.length > 0 || this.incoming.length > 0;
  }

  /**
   * End of statement: fires the queued foreign-key events in order (cascades may queue more, on
   * this writer or on the referencing tables' writers, which are finished in turn). Sync.
   * @throws DbError 23503, and whatever a cascaded write raises.
   */
  finishStatement(): void {
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i];
      switch (e.kind) {
        case 'check':
          e.key.check(e.row);
          break;
        case 'unique':
          if (this.liveRoot(e.tid))
            this.recheckUnique(e.row, e.tid, e.ix.deferrable!.oid, this.runtime().ctx.tx);
          break;
        case 'delete':
          if (e.key.action.onDelete === 'noAction') e.key.checkNoAction(e.old);
          else e.key.applyDelete(e.old, e.key.action.onDelete);
          break;
        case 'update':
          if (e.key.action.onUpdate === 'noAction') e.key.checkNoAction(e.old);
          else e.key.applyUpdate(e.old, e.next, e.key.action.onUpdate);
          break;
      }
    }
    this.events.length = 0;
    for (const child of this.children.values()) child.finishStatement();
    const triggers = this.triggers;
    if (triggers !== undefined && triggers !== this.rt?.callerTriggers) triggers.finishStatement();
  }

  /** ChildWriter: deletes a referencing row (ON DELETE CASCADE). */
  cascadeDelete(tid: Tid, old: Row): void {
    const tx = this.runtime().ctx.tx;
    this.checkConcurrent(tid, tx);
    const triggers = this.triggers;
    if (triggers !== undefined && !triggers.beforeDelete(old)) return;
    tx.ssi?.checkConflictInTuple(this.table.oid, packTid(tid.page, tid.slot));
    const xid = tx.assignXid();
    this.store.setXmax(tid, xid, tx.cid);
    this.counters.rowChanged(RowChange.Delete, xid);
    this.rowDeleted(old, tid);
    triggers?.afterRow(TRIGGER_TYPE.DELETE, old, undefined);
  }

  /** ChildWriter: replaces a referencing row (CASCADE / SET NULL / SET DEFAULT updates). */
  cascadeUpdate(tid: Tid, old: Row, proposed: Row): void {
    const tx = this.runtime().ctx.tx;
    this.checkConcurrent(tid, tx);
    const triggers = this.triggers;
    const next = triggers === undefined ? proposed : triggers.beforeUpdate(old, proposed);
    if (next === null) return;
    this.computeGenerated(next);
    this.checkNotNull(next);
    this.checkRow(next);
    tx.ssi?.checkConflictInTuple(this.table.oid, packTid(tid.page, tid.slot));
    const newTid = this.replaceVersion(tid, old, next, tx, tx.assignXid());
    this.rowUpdated(old, next, tid, newTid);
    triggers?.afterRow(TRIGGER_TYPE.UPDATE, old, next);
  }

  /**
   * Writes `next` as the new version (by `xid`) of the row at `tid` whose contents were `old`,
   * with its index entries; returns the new version's tid. Checks unique keys when one changes
   * (23505). The caller made the NOT NULL, CHECK and concurrency checks.
   */
  replaceVersion(tid: Tid, old: Row, next: Row, tx: Transaction, xid: TxnId): Tid {
    // HOT (hot-chain.ts): no indexed column changes and the new version fits on the old one's
    // page (pruned first if need be): no index entries, no unique check (no key changes).
    let data: Uint8Array | undefined;
    if (this.store.insertNewerHot !== undefined && isHotUpdate(this.table, old, next)) {
      data = this.encode(next);
      this.pruneTx = tx;
      this.pruneHorizon = INVALID_TXN_ID;
      const hot = this.store.insertNewerHot(tid, xid, tx.cid, data, this.deadToAll);
      this.pruneTx = undefined;
      if (hot !== undefined) {
        this.counters.rowChanged(RowChange.HotUpdate, xid);
        return hot;
      }
    }
    let newTid: Tid;
    if (this.probesUnique(next, old)) {
      // The check must see the old version as ours to ignore (its xmax set), so it goes between.
      this.store.setXmax(tid, xid, tx.cid);
      this.checkUnique(next, tx, old);
      newTid = insertNewer(this.store, tid, xid, tx.cid, data ?? this.encode(next));
    } else {
      // No unique key changes: xmax, new version and link in one step (one WAL record on one page).
      newTid = insertNewer(this.store, tid, xid, tx.cid, data ?? this.encode(next), true);
    }
    this.counters.rowChanged(RowChange.Update, xid);
    this.insertIndexEntries(next, newTid, tx.ssi);
    return newTid;
  }

  /** The transaction of the HOT update in progress, for `deadToAll` (pruning its page). */
  private pruneTx: Transaction | undefined;
  /** The vacuum horizon, read once per update when a prune first asks (0: not yet). */
  private pruneHorizon: TxnId = INVALID_TXN_ID;
  /** Dead to every snapshot (the vacuum rule): what a HOT update's page prune may remove. */
  private readonly deadToAll = (v: TupleVersion): boolean => {
    const tx = this.pruneTx!;
    if (this.pruneHorizon === INVALID_TXN_ID) this.pruneHorizon = tx.deadHorizon();
    return tx.isDeadToAll(v, this.pruneHorizon);
  };

  /** ChildWriter: the table's column defaults (NULL where none), evaluated once per statement. */
  defaults(): Row {
    if (!this.defaultRow) {
      const rt = this.runtime();
      this.defaultRow = this.table.columns.map((c: ColumnDef) => {
        if (c.defaultSql === undefined && c.type.domain === undefined) return null;
        const e = bindDefaultExpression(c, rt.ctx.catalog) as unknown as PhysicalExpr;
        return compileExpr(e, rt, buildOperator)([]);
      });
    }
    return this.defaultRow;
  }

  private writerFor(table: TableDef): TableWriter {
    if (table.oid === this.table.oid) return this;
    let w = this.children.get(table.oid);
    if (!w) {
      const rt = this.runtime();
      w = new TableWriter(table, rt.ctx.relations.store(table), (d) => rt.ctx.relations.index(d), rt);
      this.children.set(table.oid, w);
    }
    return w;
  }

  private runtime(): Runtime {
    if (!this.rt) throw new InternalError(`table ${this.table.name} has foreign keys but no runtime`);
    return this.rt;
  }

  /** 40001 when another transaction is changing the version a cascade must change. */
  private checkConcurrent(tid: Tid, tx: Transaction): void {
    const v = this.store.fetch(tid);
    if (v && v.xmax !== INVALID_TXN_ID && !tx.isOwnXid(v.xmax) && tx.uniqueCheck(v) !== 'live') {
      throw new DbError('40001', 'could not serialize access due to concurrent update');
    }
  }
}

/** 25006 for writes in a read-only transaction, naming the statement as PostgreSQL does. */
export function checkWritable(tx: Transaction, statement: string): void {
  if (tx.readOnly) throw new DbError('25006', `cannot execute ${statement} in a read-only transaction`);
}
