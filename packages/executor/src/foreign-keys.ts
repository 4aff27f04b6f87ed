/**
 * FOREIGN KEY enforcement, both sides, through indexes (PostgreSQL's ri_triggers.c, reduced).
 *
 * - Referencing side (`OutgoingKey`): a row written into the child table must find a live parent
 *   row with its key, looked up in the parent's unique index the constraint names (never a
 *   table scan). A key with a NULL column always passes (MATCH SIMPLE).
 * - Referenced side (`IncomingKey`): when a parent row is deleted, or its key updated, the child
 *   rows holding the old key are found through a child index whose leading columns are the
 *   foreign key's (a scan of the child table when it has none, as PostgreSQL) and the action
 *   runs: NO ACTION / RESTRICT raise 23503, CASCADE deletes or updates them, SET NULL / SET
 *   DEFAULT update them. Cascaded writes go through the child's own TableWriter, so its
 *   constraints and its own referencing tables are enforced in turn.
 *
 * MVCC: a row counts by the uniqueness-check rule (`tx.uniqueCheck`), i.e. the latest committed
 * state plus our own writes — what PostgreSQL's RI queries see with their crosscheck snapshot. A
 * parent row another live transaction is inserting does not count yet; one it is deleting still
 * counts. NB: PostgreSQL would lock the parent row (FOR KEY SHARE) and wait; without row locks a
 * concurrent delete of the parent can still commit after our check (issue 4).
 */
import type { ConstraintDef, IndexDef, ReferencingKey, TableDef } from '@rustydb/catalog';
import {
  castValue,
  DbError,
  formatText,
  type Row,
  type SqlType,
  type Tid,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import { encodeKey, encodeKeyPrefix, type Index, type KeyRange } from '@rustydb/index';
import type { TableStore } from '@rustydb/storage';
import { nextInHotChain } from './hot-chain.js';
import { RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';

/** The TableWriter operations cascaded actions need (constraints.ts implements them). */
export interface ChildWriter {
  readonly table: TableDef;
  readonly store: TableStore;
  /** Deletes the version at `tid` (whose row is `old`) as part of a cascade. */
  cascadeDelete(tid: Tid, old: Row): void;
  /** Replaces the version at `tid` by `next` as part of a cascade. */
  cascadeUpdate(tid: Tid, old: Row, next: Row): void;
  /** The table's column defaults as a row (SET DEFAULT). */
  defaults(): Row;
}

const slotOf = (table: TableDef, attnum: number): number =>
  table.columns.findIndex((c) => c.attnum === attnum);

const keyText = (names: readonly string[], values: readonly Value[], types: readonly SqlType[]): string =>
  `Key (${names.join(', ')})=(${values.map((v, i) => (v === null ? 'null' : formatText(v, types[i]))).join(', ')})`;

/** Is the version at hand one the foreign key logic counts (live, or being deleted by another)? */
function counts(rt: Runtime, v: { xmin: number; xmax: number }): boolean {
  const s = rt.ctx.tx.uniqueCheck(v as never);
  if (s === 'live') return true;
  if (s === 'dead') return false;
  return v.xmin !== s;
}

/** Does some member of the HOT chain at `tid` count (`counts`)? See hot-chain.ts. */
function chainCounts(rt: Runtime, store: TableStore, tid: Tid): boolean {
  for (let v = store.fetch(tid); v; v = nextInHotChain(store, v)) if (counts(rt, v)) return true;
  return false;
}

/** One FOREIGN KEY of the table being written: the parent must have the key. */
export class OutgoingKey {
  /** Deferred for the statement being run (set by TableWriter.beginStatement): queued, not checked. */
  deferred = false;
  readonly #parentIndex: Index;
  readonly #parentStore: TableStore;
  readonly #index: IndexDef;
  readonly #parent: TableDef;
  /** Per parent index key position: the child's row slot, child type and parent type. */
  readonly #slots: number[];
  readonly #childTypes: SqlType[];
  readonly #parentTypes: SqlType[];

  constructor(
    private readonly rt: Runtime,
    private readonly table: TableDef,
    readonly constraint: ConstraintDef,
  ) {
    const ref = constraint.references!;
    const parent = rt.ctx.catalog.tableByOid(ref.table);
    const index = parent?.indexes.find((i) => i.oid === constraint.index);
    if (!parent || !index)
      throw new DbError('XX000', `foreign key "${constraint.name}" lost its referenced index`);
    this.#parent = parent;
    this.#index = index;
    this.#parentIndex = rt.ctx.relations.index(index);
    this.#parentStore = rt.ctx.relations.store(parent);
    this.#slots = index.columns.map((a) => slotOf(table, constraint.columns[ref.columns.indexOf(a)]));
    this.#childTypes = this.#slots.map((s) => table.columns[s].type);
    this.#parentTypes = index.columns.map((a) => parent.columns[slotOf(parent, a)].type);
  }

  /** Did `next` change the key columns of `old`? */
  changed(old: Row, next: Row): boolean {
    for (const s of this.#slots) {
      const a = old[s];
      const b = next[s];
      if (a === null || b === null ? a !== b : !valuesEqual(a, b, this.table.columns[s].type)) return true;
    }
    return false;
  }

  /** 23503 unless `row`'s key is NULL somewhere or present in the parent. */
  check(row: Row): void {
    const values: Value[] = [];
    for (let k = 0; k < this.#slots.length; k++) {
      const v = row[this.#slots[k]];
      if (v === null) return;
      const cast = toParentType(v, this.#childTypes[k], this.#parentTypes[k]);
      if (cast === undefined) throw this.#violation(row);
      values.push(cast);
    }
    const key = encodeKey(values, this.#parentTypes, this.#index.descending);
    const cursor = this.#parentIndex.scan({
      lower: { key, inclusive: true },
      upper: { key, inclusive: true },
    });
    try {
      for (let e = cursor.next(); e; e = cursor.next()) {
        if (chainCounts(this.rt, this.#parentStore, e.tid)) return;
      }
    } finally {
      cursor.close();
    }
    throw this.#violation(row);
  }

  #violation(row: Row): DbError {
    const cols = this.constraint.columns.map((a) => slotOf(this.table, a));
    const names = cols.map((s) => this.table.columns[s].name);
    const key = keyText(
      names,
      cols.map((s) => row[s]),
      cols.map((s) => this.table.columns[s].type),
    );
    return new DbError(
      '23503',
      `insert or update on table "${this.table.name}" violates foreign key constraint "${this.constraint.name}"`,
      {
        detail: `${key} is not present in table "${this.#parent.name}".`,
        schema: this.table.schema,
        table: this.table.name,
        constraint: this.constraint.name,
      },
    );
  }
}

/** A value converted to the parent's key type; undefined when it cannot exist there. */
function toParentType(v: Value, from: SqlType, to: SqlType): Value | undefined {
  if (from.name === to.name) return v;
  try {
    return castValue(v, from, to, false);
  } catch (err) {
    // Out of the parent type's range (int8 → int4): no parent row can have it.
    if (err instanceof DbError && err.code.startsWith('22')) return undefined;
    throw err;
  }
}

/** A FOREIGN KEY of some table that references the table being written. */
export class IncomingKey {
  /** Deferred for the statement being run (set by TableWriter.beginStatement): NO ACTION is queued. */
  deferred = false;
  readonly #child: TableDef;
  readonly #childStore: TableStore;
  readonly #childLayout: RowLayout;
  /** Per constraint column: the parent's row slot and the child's row slot. */
  readonly #parentSlots: number[];
  readonly #childSlots: number[];
  /** A child index whose leading columns are the key's, with the key columns' order in it. */
  readonly #childIndex: { def: IndexDef; index: Index; order: number[] } | undefined;

  constructor(
    private readonly rt: Runtime,
    private readonly parent: TableDef,
    private readonly ref: ReferencingKey,
    private readonly writerFor: (table: TableDef) => ChildWriter,
  ) {
    const child = rt.ctx.catalog.tableByOid(ref.table);
    if (!child) throw new DbError('XX000', `foreign key "${ref.constraint.name}" lost its table`);
    this.#child = child;
    this.#childStore = rt.ctx.relations.store(child);
    this.#childLayout = new RowLayout(child);
    const c = ref.constraint;
    this.#parentSlots = c.references!.columns.map((a) => slotOf(parent, a));
    this.#childSlots = c.columns.map((a) => slotOf(child, a));
    const n = c.columns.length;
    const def = child.indexes.find(
      // A partial index lacks the rows its predicate rejects: it cannot find every referencing row.
      (i) =>
        i.predicateSql === undefined &&
        i.columns.length >= n &&
        i.columns.slice(0, n).every((a) => c.columns.includes(a)),
    );
    this.#childIndex = def && {
      def,
      index: rt.ctx.relations.index(def),
      order: def.columns.slice(0, n).map((a) => c.columns.indexOf(a)),
    };
  }

  get action(): { onDelete: string; onUpdate: string } {
    return this.ref.constraint.references!;
  }

  /** The foreign key (of the referencing table). */
  get constraint(): ConstraintDef {
    return this.ref.constraint;
  }

  /** Did `next` change the referenced columns of `old`? */
  changed(old: Row, next: Row): boolean {
    for (const s of this.#parentSlots) {
      const a = old[s];
      const b = next[s];
      if (a === null || b === null ? a !== b : !valuesEqual(a, b, this.parent.columns[s].type)) return true;
    }
    return false;
  }

  /** RESTRICT at once: 23503 if a child still references `old`'s key. */
  checkNotReferenced(old: Row): void {
    const key = this.#key(old);
    if (key && this.#firstReferencing(key)) throw this.#stillReferenced(old);
  }

  /** NO ACTION (end of statement): as RESTRICT, unless a live parent row has the key again. */
  checkNoAction(old: Row): void {
    const key = this.#key(old);
    if (!key || this.#parentHasKey(old)) return;
    if (this.#firstReferencing(key)) throw this.#stillReferenced(old);
  }

  /** Does a live parent row hold `old`'s referenced key (through the constraint's unique index)? */
  #parentHasKey(old: Row): boolean {
    const def = this.parent.indexes.find((i) => i.oid === this.ref.constraint.index);
    if (!def) return false;
    const slots = def.columns.map((a) => slotOf(this.parent, a));
    const key = encodeKey(
      slots.map((s) => old[s]),
      slots.map((s) => this.parent.columns[s].type),
      def.descending,
    );
    const store = this.rt.ctx.relations.store(this.parent);
    const cursor = this.rt.ctx.relations
      .index(def)
      .scan({ lower: { key, inclusive: true }, upper: { key, inclusive: true } });
    try {
      for (let e = cursor.next(); e; e = cursor.next()) {
        if (chainCounts(this.rt, store, e.tid)) return true;
      }
    } finally {
      cursor.close();
    }
    return false;
  }

  /** ON DELETE CASCADE / SET NULL / SET DEFAULT for a deleted parent row. */
  applyDelete(old: Row, action: string): void {
    const key = this.#key(old);
    if (!key) return;
    const w = this.writerFor(this.#child);
    for (const { tid, row } of this.#referencing(key)) {
      if (action === 'cascade') w.cascadeDelete(tid, row);
      else w.cascadeUpdate(tid, row, this.#withKey(row, action === 'setNull' ? undefined : w.defaults()));
    }
  }

  /** ON UPDATE CASCADE / SET NULL / SET DEFAULT for a parent row whose key changed. */
  applyUpdate(old: Row, next: Row, action: string): void {
    const key = this.#key(old);
    if (!key) return;
    const w = this.writerFor(this.#child);
    for (const { tid, row } of this.#referencing(key)) {
      let out: Row;
      if (action === 'cascade') {
        out = row.slice();
        this.#childSlots.forEach((s, j) => {
          out[s] = castValue(
            next[this.#parentSlots[j]],
            this.parent.columns[this.#parentSlots[j]].type,
            this.#child.columns[s].type,
            false,
          );
        });
      } else {
        out = this.#withKey(row, action === 'setNull' ? undefined : w.defaults());
      }
      w.cascadeUpdate(tid, row, out);
    }
  }

  /** The child row with its key columns set to NULL (`defaults` undefined) or their defaults. */
  #withKey(row: Row, defaults: Row | undefined): Row {
    const out = row.slice();
    for (const s of this.#childSlots) out[s] = defaults ? defaults[s] : null;
    return out;
  }

  /** The child-typed key of `old`, or undefined when a column is NULL (nothing references it). */
  #key(old: Row): Value[] | undefined {
    const out: Value[] = [];
    for (let j = 0; j < this.#parentSlots.length; j++) {
      const v = old[this.#parentSlots[j]];
      if (v === null) return undefined;
      const cast = toParentType(
        v,
        this.parent.columns[this.#parentSlots[j]].type,
        this.#child.columns[this.#childSlots[j]].type,
      );
      if (cast === undefined) return undefined;
      out.push(cast);
    }
    return out;
  }

  #firstReferencing(key: readonly Value[]): boolean {
    for (const _ of this.#referencing(key)) return true;
    return false;
  }

  /** Child versions that count and hold `key` (child-typed, in constraint column order). */
  *#referencing(key: readonly Value[]): Generator<{ tid: Tid; row: Row }> {
    const types = this.#childSlots.map((s) => this.#child.columns[s].type);
    const found: { tid: Tid; row: Row }[] = [];
    const consider = (v: { tid: Tid; xmin: number; xmax: number; data: Uint8Array }) => {
      if (!counts(this.rt, v)) return;
      const row = new Array<Value>(this.#child.columns.length).fill(null);
      this.#childLayout.decode(v.data, row);
      for (let j = 0; j < key.length; j++) {
        const x = row[this.#childSlots[j]];
        if (x === null || !valuesEqual(x, key[j], types[j])) return;
      }
      found.push({ tid: v.tid, row });
    };
    const ix = this.#childIndex;
    if (ix) {
      const values = ix.order.map((j) => key[j]);
      const prefix = encodeKeyPrefix(
        values,
        ix.order.map((j) => types[j]),
        ix.def.descending.slice(0, values.length),
      );
      const range: KeyRange = {
        lower: { key: prefix, inclusive: true, prefix: true },
        upper: { key: prefix, inclusive: true, prefix: true },
      };
      const cursor = ix.index.scan(range);
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          // Every member of a HOT chain (hot-chain.ts): `consider` keeps the one that counts.
          for (let v = this.#childStore.fetch(e.tid); v; v = nextInHotChain(this.#childStore, v)) consider(v);
        }
      } finally {
        cursor.close();
      }
    } else {
      const cursor = this.#childStore.scan();
      try {
        for (let v = cursor.next(); v; v = cursor.next()) {
          this.rt.tick();
          consider(v);
        }
      } finally {
        cursor.close();
      }
    }
    yield* found;
  }

  #stillReferenced(old: Row): DbError {
    const c = this.ref.constraint;
    const key = keyText(
      this.#parentSlots.map((s) => this.parent.columns[s].name),
      this.#parentSlots.map((s) => old[s]),
      this.#parentSlots.map((s) => this.parent.columns[s].type),
    );
    return new DbError(
      '23503',
      `update or delete on table "${this.parent.name}" violates foreign key constraint "${c.name}" on table "${this.#child.name}"`,
      {
        detail: `${key} is still referenced from table "${this.#child.name}".`,
        schema: this.#child.schema,
        table: this.#child.name,
        constraint: c.name,
      },
    );
  }
}
