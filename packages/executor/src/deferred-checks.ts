/**
 * Firing the deferred constraint checks of a transaction (deferred-constraints.ts): at COMMIT,
 * PREPARE TRANSACTION and SET CONSTRAINTS … IMMEDIATE. Each event names a row version by table
 * and tid; the check reads it as it is now and runs the constraint's own check (foreign-keys.ts,
 * the unique probe of constraints.ts), so the errors are those of an immediate check.
 */
import type { TableDef } from '@rustydb/catalog';
import { InternalError, type Oid, type Tid, type Value } from '@rustydb/common';
import type { TableStore } from '@rustydb/storage';
import { TableWriter } from './constraints.js';
import { CHECK_ROW, type DeferredEventKind, NO_ACTION, UNIQUE_ROW } from './deferred-constraints.js';
import type { ExecutionContext } from './execution-context.js';
import { IncomingKey, OutgoingKey } from './foreign-keys.js';
import { firstNotDeadInChain } from './hot-chain.js';
import { RowLayout } from './row-layout.js';
import { Runtime } from './runtime.js';

/**
 * Fires the pending deferred checks of `ctx.deferred` (of the constraints in `only`, if given),
 * in the transaction of `ctx`. Synchronous (the checks read indexes and pages, never wait).
 * @throws DbError 23503 / 23505 from the first failing check; the caller ends the transaction
 *   (COMMIT, PREPARE) or fails the statement (SET CONSTRAINTS).
 */
export function fireDeferredChecks(ctx: ExecutionContext, only?: ReadonlySet<Oid>): void {
  const queue = ctx.deferred;
  if (queue === undefined || queue.pending === 0) return;
  const checks = new DeferredChecks(ctx);
  queue.fire((kind, constraint, table, tid) => checks.run(kind, constraint, table, tid), only);
}

/** The checkers one firing builds, per constraint, and the tables' stores and layouts. */
class DeferredChecks {
  readonly #rt: Runtime;
  readonly #outgoing = new Map<Oid, OutgoingKey | null>();
  readonly #incoming = new Map<Oid, IncomingKey | null>();
  readonly #unique = new Map<Oid, TableWriter>();
  readonly #tables = new Map<Oid, { def: TableDef; store: TableStore; layout: RowLayout } | null>();

  constructor(private readonly ctx: ExecutionContext) {
    this.#rt = new Runtime(ctx);
  }

  /** Checks one event (see DeferredConstraints for the kinds). */
  run(kind: DeferredEventKind, constraint: Oid, tableOid: Oid, tid: Tid): void {
    this.ctx.checkInterrupts();
    const table = this.#table(tableOid);
    // Dropped in this transaction (DROP TABLE / ALTER TABLE DROP CONSTRAINT): nothing to check.
    if (table === null) return;
    // A unique key's entries point at its HOT chain's root: a later HOT update kept the key.
    const v =
      kind === UNIQUE_ROW ? firstNotDeadInChain(table.store, tid, this.ctx.tx) : table.store.fetch(tid);
    if (v === undefined) return;
    if (kind !== NO_ACTION && this.ctx.tx.uniqueCheck(v) !== 'live') return;
    const row = new Array<Value>(table.def.columns.length).fill(null);
    table.layout.decode(v.data, row);
    if (kind === CHECK_ROW) this.#outgoingKey(table.def, constraint)?.check(row);
    else if (kind === NO_ACTION) this.#incomingKey(table.def, constraint)?.checkNoAction(row);
    else this.#uniqueWriter(table.def).recheckUnique(row, tid, constraint, this.ctx.tx);
  }

  #table(oid: Oid): { def: TableDef; store: TableStore; layout: RowLayout } | null {
    let t = this.#tables.get(oid);
    if (t === undefined) {
      const def = this.ctx.catalog.tableByOid(oid);
      t = def ? { def, store: this.ctx.relations.store(def), layout: RowLayout.of(def) } : null;
      this.#tables.set(oid, t);
    }
    return t;
  }

  #outgoingKey(table: TableDef, oid: Oid): OutgoingKey | null {
    let key = this.#outgoing.get(oid);
    if (key === undefined) {
      const c = table.constraints.find((x) => x.oid === oid && x.references !== undefined);
      key = c ? new OutgoingKey(this.#rt, table, c) : null;
      this.#outgoing.set(oid, key);
    }
    return key;
  }

  #incomingKey(table: TableDef, oid: Oid): IncomingKey | null {
    let key = this.#incoming.get(oid);
    if (key === undefined) {
      const ref = table.referencedBy?.find((r) => r.constraint.oid === oid);
      key = ref
        ? new IncomingKey(this.#rt, table, ref, () => {
            throw new InternalError('a deferred NO ACTION check cascaded');
          })
        : null;
      this.#incoming.set(oid, key);
    }
    return key;
  }

  #uniqueWriter(table: TableDef): TableWriter {
    let w = this.#unique.get(table.oid);
    if (w === undefined) {
      const relations = this.ctx.relations;
      w = new TableWriter(
        table,
        relations.store(table),
        (d) => relations.index(d),
        undefined,
        this.ctx.catalog,
      );
      this.#unique.set(table.oid, w);
    }
    return w;
  }
}
