/**
 * populateIndex: CREATE INDEX on a table that already has rows: an entry (key = the index's
 * columns, value = the version's tid) per version, as WHICH VERSIONS below says.
 *
 * Two paths:
 * - Bulk (an index method with `bulkLoad`, the B+tree, and a plain index: key columns only, no
 *   expression, predicate or INCLUDE column — the common case of primary keys): the entries are collected in an
 *   IndexEntryBuffer, sorted, checked for duplicates in one pass over the sorted keys (unique
 *   indexes), and handed over at once; an empty B+tree then builds itself bottom-up instead of
 *   taking one descent and maybe a split per row. Past the buffer's memory budget, or for other
 *   methods, the second path runs.
 * - One by one: each entry (index-keys.ts: expressions, INCLUDE columns, only the rows a partial
 *   index's predicate accepts) is inserted; for a unique index each new key is first checked
 *   against the keys seen so far.
 *
 * WHICH VERSIONS. Every visible version, and every invisible one outside a HOT chain (a deleted
 * or replaced row's old version, an aborted insert's): as PostgreSQL's build indexes recently
 * dead versions for the snapshots older than the index, and so that VACUUM's key lookup finds
 * the entry of each dead version it removes (vacuum.ts; without one it scans the whole index, a
 * scan per batch of pages). Uniqueness is checked among the visible versions only. HOT chains:
 * a visible heap-only version is indexed at its chain's root (`indexTid`), the slot index scans
 * start their chain walk from; a chain's invisible members are not indexed (their keys may differ
 * from the visible member's for a new index, and the root has one entry). Versions of rows other
 * transactions are still writing are not visible; the engine keeps CREATE INDEX from running
 * concurrently with writers of the table (a table lock).
 *
 * TURNS. The table scan gives the event loop a turn (`setImmediate`) whenever a time slice
 * (`TIME_SLICE_MS`) is used up, checking for cancellation there and every 1,024 versions, so a
 * long build does not hold other sessions up; its table lock keeps writers, VACUUM and
 * autovacuum off the table meanwhile. The bulk path's sort takes turns too (sorted runs merged
 * in pieces, `IndexEntryBuffer.sortInTurns`); the bottom-up load after it does not.
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import { assert, DbError, decodeColumn, formatText, type SqlType, type Value } from '@rustydb/common';
import { encodeKey, type Index, IndexEntryBuffer } from '@rustydb/index';
import { HEAP_HOT_UPDATED, HEAP_ONLY_TUPLE, type TableStore, type TupleVersion } from '@rustydb/storage';
import type { ExecutionContext } from './execution-context.js';
import { indexTid, visibleInChain } from './hot-chain.js';
import { IndexKeys } from './index-keys.js';
import { RowLayout } from './row-layout.js';
import { Runtime } from './runtime.js';
import { Turns } from './turns.js';

/** What both paths need to know about the index's columns. */
interface KeyColumns {
  readonly layout: RowLayout;
  /** Positions of the index's columns in the table's rows. */
  readonly slots: readonly number[];
  readonly keyTypes: readonly SqlType[];
}

/**
 * Fills `index` from `table`'s visible versions. Synchronous. Throws 23505 `could not create
 * unique index "name"` with detail `Key (a)=(1) is duplicated.` for a unique index over
 * duplicate keys (NULLs never conflict); the index is then left without entries.
 */
export async function populateIndex(table: TableDef, index: IndexDef, ctx: ExecutionContext): Promise<void> {
  const store = ctx.relations.store(table);
  const target = ctx.relations.index(index);
  const layout = new RowLayout(table);
  const plain =
    index.expressions === undefined && index.predicateSql === undefined && (index.include?.length ?? 0) === 0;
  let versions = -1;
  if (plain && target.bulkLoad !== undefined) {
    const slots = index.columns.map((a) => table.columns.findIndex((c) => c.attnum === a));
    const cols: KeyColumns = { layout, slots, keyTypes: slots.map((s) => layout.types[s]!) };
    versions = await populateBulk(table, index, ctx, store, target, cols);
  }
  if (versions < 0) versions = await populateOneByOne(table, index, ctx, store, target, layout);
  // PostgreSQL's index build reads the table with a sequential scan, which pg_stat_all_tables
  // counts, with every version it returned (activity-counters.ts).
  const seq = ctx.activity?.table(table.oid).seq;
  if (seq !== undefined) {
    seq.scans++;
    seq.tuplesRead += versions;
  }
}

/**
 * The bulk path: the versions it read, or -1 (nothing done) when the entries exceed the buffer's
 * budget.
 */
async function populateBulk(
  table: TableDef,
  index: IndexDef,
  ctx: ExecutionContext,
  store: TableStore,
  target: Index,
  cols: KeyColumns,
): Promise<number> {
  const entries = new IndexEntryBuffer();
  const row = new Array<Value>(cols.layout.types.length).fill(null);
  const values = new Array<Value>(cols.slots.length);
  // Without dropped columns a live slot is the stored position: decode the key columns alone
  // (decodeColumn skips the fields before them) rather than whole rows.
  const direct = table.storedTypes === undefined;
  const types = cols.layout.types;
  const cursor = store.scan();
  const turns = new Turns(ctx.checkInterrupts);
  let n = 0;
  try {
    for (let v = cursor.next(); v; v = cursor.next()) {
      if ((++n & 1023) === 0 && turns.due()) await turns.take();
      const visible = ctx.tx.isVisible(v);
      if (!visible && inHotChain(v)) continue;
      if (!direct) cols.layout.decode(v.data, row);
      let hasNull = false;
      for (let i = 0; i < cols.slots.length; i++) {
        const slot = cols.slots[i]!;
        values[i] = direct ? decodeColumn(v.data, types, slot) : row[slot]!;
        if (values[i] === null) hasNull = true;
      }
      const key = encodeKey(values, cols.keyTypes, index.descending);
      // A heap-only version is indexed at its HOT chain's root (hot-chain.ts).
      const tid = indexTid(store, v);
      if (tid === undefined) continue;
      if (!entries.add(key, tid, hasNull || !visible)) return -1;
    }
  } finally {
    cursor.close();
  }
  ctx.checkInterrupts();
  await entries.sortInTurns(
    () => turns.due(),
    () => turns.take(),
  );
  if (index.unique) {
    const dup = entries.firstDuplicate();
    if (dup >= 0) {
      const version = visibleInChain(store, entries.tid(dup), ctx.tx);
      assert(version !== undefined, 'the row of a duplicate index key vanished during CREATE INDEX');
      cols.layout.decode(version.data, row);
      throw duplicateError(
        table,
        index,
        cols.slots.map((s) => table.columns[s]!.name).join(', '),
        cols.keyTypes,
        cols.slots.map((s) => row[s]!),
      );
    }
  }
  target.bulkLoad!(entries);
  return n;
}

/**
 * The one-by-one path: insert per visible version, unique keys checked as they come. Returns
 * the versions it read.
 */
async function populateOneByOne(
  table: TableDef,
  index: IndexDef,
  ctx: ExecutionContext,
  store: TableStore,
  target: Index,
  layout: RowLayout,
): Promise<number> {
  const keys = new IndexKeys(table, index, ctx.catalog, new Runtime(ctx));
  const row = new Array<Value>(layout.types.length).fill(null);
  const seen = index.unique ? new Map<string, true>() : undefined;
  const cursor = store.scan();
  const turns = new Turns(ctx.checkInterrupts);
  let n = 0;
  try {
    for (let v = cursor.next(); v; v = cursor.next()) {
      if ((++n & 1023) === 0 && turns.due()) await turns.take();
      const visible = ctx.tx.isVisible(v);
      if (!visible && inHotChain(v)) continue;
      layout.decode(v.data, row);
      // A partial index holds only the rows its predicate accepts; uniqueness is among them.
      if (!keys.covers(row)) continue;
      if (seen && visible) {
        const values = keys.keyValues(row);
        if (!values.some((x) => x === null)) {
          const k = Buffer.from(encodeKey(values, keys.keyTypes, index.descending)).toString('latin1');
          if (seen.has(k)) throw duplicateError(table, index, keys.keyNames, keys.keyTypes, values);
          seen.set(k, true);
        }
      }
      const tid = indexTid(store, v);
      if (tid !== undefined) target.insert(keys.entry(row), tid);
    }
  } finally {
    cursor.close();
  }
  return n;
}

/** True for a member of a HOT chain: a heap-only version or one HOT-updated. */
function inHotChain(v: TupleVersion): boolean {
  return v.flags !== undefined && (v.flags & (HEAP_ONLY_TUPLE | HEAP_HOT_UPDATED)) !== 0;
}

/** PostgreSQL's 23505 for a unique index built over duplicate `values`. */
function duplicateError(
  table: TableDef,
  index: IndexDef,
  names: string,
  keyTypes: readonly SqlType[],
  values: readonly Value[],
): DbError {
  const shown = values.map((x, i) => formatText(x, keyTypes[i]!)).join(', ');
  return new DbError('23505', `could not create unique index "${index.name}"`, {
    detail: `Key (${names})=(${shown}) is duplicated.`,
    schema: table.schema,
    table: table.name,
    constraint: index.name,
  });
}
