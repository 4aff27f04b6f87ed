/**
 * populateIndex: CREATE INDEX on a table that already has rows. Every version visible to the
 * transaction gets an entry (key = the index's columns, value = the version's tid); for a
 * unique index each new key is first checked against the entries already made.
 *
 * NB: only visible versions are indexed. Versions of rows other transactions are still writing
 * are not; the engine must keep CREATE INDEX from running concurrently with writers of the table
 * (a table lock, issue 4).
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import { DbError, formatText, type Value } from '@rustydb/common';
import { encodeKey } from '@rustydb/index';
import type { ExecutionContext } from './execution-context.js';
import { IndexKeys } from './index-keys.js';
import { RowLayout } from './row-layout.js';
import { Runtime } from './runtime.js';

/**
 * Fills `index` from `table`'s visible versions. Synchronous. Throws 23505 `could not create
 * unique index "name"` with detail `Key (a)=(1) is duplicated.` for a unique index over
 * duplicate keys (NULLs never conflict).
 */
export function populateIndex(table: TableDef, index: IndexDef, ctx: ExecutionContext): void {
  const store = ctx.relations.store(table);
  const target = ctx.relations.index(index);
  const layout = new RowLayout(table);
  const keys = new IndexKeys(table, index, ctx.catalog, new Runtime(ctx));
  const row = new Array<Value>(layout.types.length).fill(null);
  const seen = index.unique ? new Map<string, true>() : undefined;
  const cursor = store.scan();
  try {
    let n = 0;
    for (let v = cursor.next(); v; v = cursor.next()) {
      if ((++n & 1023) === 0) ctx.checkInterrupts();
      if (!ctx.tx.isVisible(v)) continue;
      layout.decode(v.data, row);
      // A partial index holds only the rows its predicate accepts; uniqueness is among them.
      if (!keys.covers(row)) continue;
      if (seen) {
        const values = keys.keyValues(row);
        if (!values.some((x) => x === null)) {
          const k = Buffer.from(encodeKey(values, keys.keyTypes, index.descending)).toString('latin1');
          if (seen.has(k)) {
            const shown = values.map((x, i) => formatText(x, keys.keyTypes[i]!)).join(', ');
            throw new DbError('23505', `could not create unique index "${index.name}"`, {
              detail: `Key (${keys.keyNames})=(${shown}) is duplicated.`,
              schema: table.schema,
              table: table.name,
              constraint: index.name,
            });
          }
          seen.set(k, true);
        }
      }
      target.insert(keys.entry(row), { page: v.tid.page, slot: v.tid.slot });
    }
  } finally {
    cursor.close();
  }
}
