/**
 * Constraint checks and index maintenance for the DML operators.
 *
 * - NOT NULL: 23502 with PostgreSQL's `Failing row contains (…)` detail.
 * - Unique indexes (PRIMARY KEY, UNIQUE): before a version is written, each unique index is
 *   scanned for the new key as an exact-match range; each entry's version is fetched and judged
 *   by `tx.uniqueCheck`: a live version (or one our own transaction inserted) is a duplicate,
 *   23505. Keys with a NULL column never conflict. Uniqueness is never checked by scanning the
 *   table.
 *
 * TODO(issue 4): a version inserted or deleted by another in-progress transaction should make us
 * wait for it and check again (PostgreSQL's behaviour); for now it counts as a duplicate.
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import {
  DbError,
  formatText,
  notNullViolation,
  type Row,
  type SqlType,
  type Tid,
  type Value,
  uniqueViolation,
} from '@rustydb/common';
import { encodeKey, type Index } from '@rustydb/index';
import type { TableStore } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';

/** PostgreSQL's row rendering in error details: `(1, null, abc)`. */
export function formatRowDetail(row: readonly Value[], types: readonly SqlType[]): string {
  return `(${row.map((v, i) => (v === null ? 'null' : formatText(v, types[i]))).join(', ')})`;
}

/** Everything the writers of one table need, prepared once per statement. */
export class TableWriter {
  readonly types: SqlType[];
  private readonly indexes: { def: IndexDef; index: Index; slots: number[]; types: SqlType[] }[];

  constructor(
    readonly table: TableDef,
    readonly store: TableStore,
    openIndex: (def: IndexDef) => Index,
  ) {
    this.types = table.columns.map((c) => c.type);
    this.indexes = table.indexes.map((def) => {
      const slots = def.columns.map((a) => table.columns.findIndex((c) => c.attnum === a));
      return { def, index: openIndex(def), slots, types: slots.map((s) => this.types[s]) };
    });
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

  /** 23505 when a unique index already holds a live version with `row`'s key. */
  checkUnique(row: Row, tx: Transaction): void {
    for (const ix of this.indexes) {
      if (!ix.def.unique) continue;
      const values = ix.slots.map((s) => row[s]);
      if (values.some((v) => v === null)) continue;
      const key = encodeKey(values, ix.types, ix.def.descending);
      const cursor = ix.index.scan({ lower: { key, inclusive: true }, upper: { key, inclusive: true } });
      try {
        for (let e = cursor.next(); e; e = cursor.next()) {
          const v = this.store.fetch(e.tid);
          if (!v) continue;
          // An in-progress other transaction's version is reported as a duplicate for now
          // (TODO(issue 4): wait for it, then re-check).
          if (tx.uniqueCheck(v) === 'dead') continue;
          const names = ix.slots.map((s) => this.table.columns[s].name).join(', ');
          const shown = values.map((v2, i) => formatText(v2, ix.types[i])).join(', ');
          throw uniqueViolation(ix.def.name, `Key (${names})=(${shown}) already exists.`, {
            schema: this.table.schema,
            table: this.table.name,
          });
        }
      } finally {
        cursor.close();
      }
    }
  }

  /** Adds `row`'s entries (one per index) for the version at `tid`. */
  insertIndexEntries(row: Row, tid: Tid): void {
    for (const ix of this.indexes) {
      const values = ix.slots.map((s) => row[s]);
      ix.index.insert(encodeKey(values, ix.types, ix.def.descending), tid);
    }
  }
}

/** 25006 for writes in a read-only transaction, naming the statement as PostgreSQL does. */
export function checkWritable(tx: Transaction, statement: string): void {
  if (tx.readOnly) throw new DbError('25006', `cannot execute ${statement} in a read-only transaction`);
}
