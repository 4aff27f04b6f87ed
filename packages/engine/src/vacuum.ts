/**
 * VACUUM of one table: which versions are dead, removing their index entries, and the store's
 * pruning — shared by the VACUUM statement (vacuum-statement.ts) and autovacuum (autovacuum.ts).
 *
 * THE DEAD-VERSION RULE (PostgreSQL's HeapTupleSatisfiesVacuum, reduced to what we store):
 *
 * | xmin             | xmax                                   | verdict                       |
 * |------------------|----------------------------------------|-------------------------------|
 * | aborted          | any                                    | dead: nobody ever saw it      |
 * | in progress      | any                                    | live (its inserter may commit)|
 * | committed        | 0, in progress or aborted              | live                          |
 * | committed        | committed, xmax <  horizon             | dead                          |
 * | committed        | committed, xmax >= horizon             | recently dead: kept           |
 *
 * The horizon is `txns.oldestXmin()`: the smallest xid still running and the smallest xmin of
 * any snapshot in use. A deleter that committed below it committed before every snapshot that
 * exists was taken (and every later one), so no snapshot can see the version. A snapshot taken
 * later only moves the horizon up. NB: every xmax is a deleter today; once lock-only xmax
 * (SELECT … FOR UPDATE) lands in the tuple header, such an xmax must count as 0 here.
 *
 * INDEX ENTRIES. Every version has an entry in every index of its table (an UPDATE inserts
 * entries for the new version). Before the store frees a dead version's slot — which a later
 * insert may reuse for another row — each entry pointing at it is removed: the key is recomputed
 * from the dead version's row exactly as the executor computed it (the row codec with the
 * table's stored types, `encodeKey` over the index's columns) and `Index.delete(key, tid)`
 * removes that one entry, O(log n) per version. CREATE INDEX indexes the invisible versions
 * outside HOT chains too (populate-index.ts), so that their lookups find their entries. When an
 * entry is not found (a HOT chain that was dead before its index was built, an index built by an
 * older version of this code, a crash between removing entries and pruning the page), the index
 * is scanned once for every such tid of the batch, so no entry can survive to point at a reused
 * slot whatever the key (PostgreSQL's ambulkdelete, done only when needed). Nothing may build an
 * index of the table meanwhile: the VACUUM statement locks the table, autovacuum defers to that
 * lock (autovacuum.ts).
 *
 * Everything here is synchronous: a batch is collected, its entries removed and its pages pruned
 * without any other statement running in between.
 */
import type { Catalog, IndexDef, TableDef } from '@rustydb/catalog';
import { decodeRow, INVALID_TXN_ID, packTid, type SqlType, type TxnId, type Value } from '@rustydb/common';
import { IndexKeys } from '@rustydb/executor';
import { encodeKey, type Index } from '@rustydb/index';
import { isPlainIndex } from '@rustydb/planner';
import type { TupleVersion, VacuumResult } from '@rustydb/storage';
import type { LockManager, TxnManager, VersionHeader, XidStatus } from '@rustydb/txn';
import type { RowCounts, TableActivity } from './table-activity.js';

/** What vacuum needs from the database. */
export interface VacuumHost {
  readonly txns: TxnManager;
  readonly catalog: Catalog;
  /** Where vacuums are recorded for pg_stat_all_tables. Absent: not recorded. */
  readonly tableActivity?: TableActivity;
  /** The heavyweight locks, which autovacuum defers to (autovacuum.ts). Absent: none are held. */
  readonly locks?: LockManager;
}

/** A version's fate for vacuum: see the table in the file comment. */
export type VacuumVerdict = 'live' | 'recently-dead' | 'dead';

/** Judges `v` against `horizon` (`txns.oldestXmin()`). Synchronous, no allocation. */
export function vacuumVerdict(
  v: VersionHeader,
  horizon: TxnId,
  status: (xid: TxnId) => XidStatus,
): VacuumVerdict {
  const inserter = status(v.xmin);
  if (inserter === 'aborted') return 'dead';
  if (inserter !== 'committed' || v.xmax === INVALID_TXN_ID) return 'live';
  if (status(v.xmax) !== 'committed') return 'live';
  return v.xmax < horizon ? 'dead' : 'recently-dead';
}

/** Totals of one or more `vacuumTablePages` calls on a table. */
export interface TableVacuumStats {
  scannedPages: number;
  removed: number;
  /** Versions kept, the recently dead included. */
  kept: number;
  /** Kept because a snapshot may still see them. */
  recentlyDead: number;
  truncatedPages: number;
  /** Index entries removed through an index scan because their key lookup missed. */
  entriesFoundByScan: number;
  /** Whole-index scans made for such misses (one per index per batch with any). */
  indexScans: number;
}

/** What a whole pass counted, as the live and dead rows of pg_stat_all_tables. */
export const vacuumRowCounts = (stats: TableVacuumStats): RowCounts => ({
  live: stats.kept - stats.recentlyDead,
  dead: stats.recentlyDead,
});

/** Zeroed totals. */
export const emptyVacuumStats = (): TableVacuumStats => ({
  scannedPages: 0,
  removed: 0,
  kept: 0,
  recentlyDead: 0,
  truncatedPages: 0,
  entriesFoundByScan: 0,
  indexScans: 0,
});

/**
 * Vacuums pages [fromPage, fromPage + maxPages) of `table` (`Infinity`: to the end), adding to
 * `stats`. Returns the store's result (`nextPage` -1 when the pass is done), or undefined when
 * the table's store has no `vacuum`. Synchronous.
 * @throws DbError from the store or an index (53200, XX001); nothing of the failing batch is freed.
 */
export function vacuumTablePages(
  host: VacuumHost,
  table: TableDef,
  fromPage: number,
  maxPages: number,
  stats: TableVacuumStats,
): VacuumResult | undefined {
  const store = host.catalog.store(table);
  if (!store.vacuum) return undefined;
  const horizon = host.txns.oldestXmin();
  const status = (xid: TxnId): XidStatus => host.txns.status(xid);
  const cleaner = new IndexCleaner(table, host.catalog);
  const result = store.vacuum({
    isDead: (v) => {
      const verdict = vacuumVerdict(v, horizon, status);
      if (verdict === 'recently-dead') stats.recentlyDead++;
      return verdict === 'dead';
    },
    removeIndexEntries: (dead) => {
      stats.entriesFoundByScan += cleaner.remove(dead);
      stats.indexScans += cleaner.takeScans();
    },
    // The visibility map's test: inserted before every snapshot that exists or may exist, and
    // not deleted (an aborted deleter's xmax deletes nothing).
    isAllVisible: (v) =>
      v.xmin < horizon &&
      status(v.xmin) === 'committed' &&
      (v.xmax === INVALID_TXN_ID || status(v.xmax) === 'aborted'),
    fromPage,
    maxPages,
  });
  stats.scannedPages += result.scannedPages;
  stats.removed += result.removed;
  stats.kept += result.kept;
  stats.truncatedPages += result.truncatedPages;
  return result;
}

/** One index of the table, with what computing its keys needs. */
interface IndexTarget {
  readonly def: IndexDef;
  readonly index: Index;
  /** Per key column: its position in the decoded row. */
  readonly positions: readonly number[];
  readonly types: readonly SqlType[];
  readonly values: Value[];
  /** For an index with expressions, a predicate or INCLUDE columns: its entry computation. */
  readonly keys?: IndexKeys;
}

/**
 * Removes the index entries of dead versions of one table. Decodes rows as the executor's
 * RowLayout does: with the live column types when no column was dropped, else with the stored
 * types by attnum.
 */
class IndexCleaner {
  readonly #decodeTypes: readonly SqlType[];
  readonly #row: Value[];
  readonly #targets: IndexTarget[];
  /** Per live column: its position in the decoded row; and the live row IndexKeys reads. */
  readonly #livePositions: readonly number[];
  readonly #liveRow: Value[];
  #scans = 0;

  constructor(table: TableDef, catalog: Catalog) {
    const stored = table.storedTypes;
    this.#decodeTypes = stored ?? table.columns.map((c) => c.type);
    this.#row = new Array<Value>(this.#decodeTypes.length).fill(null);
    this.#livePositions = table.columns.map((c, i) => (stored ? c.attnum - 1 : i));
    this.#liveRow = new Array<Value>(table.columns.length).fill(null);
    this.#targets = table.indexes.map((def) => {
      if (!isPlainIndex(def)) {
        const keys = new IndexKeys(table, def, catalog.reader());
        return { def, index: catalog.index(def), positions: [], types: [], values: [], keys };
      }
      const columns = def.columns.map((attnum) => {
        const i = table.columns.findIndex((c) => c.attnum === attnum);
        return { position: stored ? attnum - 1 : i, type: table.columns[i]!.type };
      });
      return {
        def,
        index: catalog.index(def),
        positions: columns.map((c) => c.position),
        types: columns.map((c) => c.type),
        values: new Array<Value>(columns.length).fill(null),
      };
    });
  }

  /** Removes every entry of `dead` from every index; returns how many an index scan had to find. */
  remove(dead: readonly TupleVersion[]): number {
    const targets = this.#targets;
    if (targets.length === 0) return 0;
    const missed = targets.map(() => new Set<number>());
    const row = this.#row;
    for (const v of dead) {
      decodeRow(v.data, this.#decodeTypes, row);
      for (let k = 0; k < targets.length; k++) {
        const t = targets[k]!;
        let key: Uint8Array;
        if (t.keys) {
          const live = this.#liveRow;
          for (let i = 0; i < live.length; i++) live[i] = row[this.#livePositions[i]!]!;
          // A partial index never had an entry for a row its (immutable) predicate rejects.
          if (!t.keys.covers(live)) continue;
          key = t.keys.entry(live);
        } else {
          for (let i = 0; i < t.positions.length; i++) t.values[i] = row[t.positions[i]!]!;
          key = encodeKey(t.values, t.types, t.def.descending);
        }
        // A miss the index explains (it reclaimed the killed entry itself) needs no scan.
        if (!t.index.delete(key, v.tid) && t.index.forgetReclaimed?.(v.tid) !== true) {
          missed[k]!.add(packTid(v.tid.page, v.tid.slot));
        }
      }
    }
    let found = 0;
    for (let k = 0; k < targets.length; k++) {
      if (missed[k]!.size === 0) continue;
      found += removeByScan(targets[k]!.index, missed[k]!);
      this.#scans++;
    }
    return found;
  }

  /** Whole-index scans made since the last call. */
  takeScans(): number {
    const n = this.#scans;
    this.#scans = 0;
    return n;
  }
}

/** Scans all of `index` and removes the entries whose tid is in `tids`; returns how many. */
function removeByScan(index: Index, tids: ReadonlySet<number>): number {
  const doomed: { key: Uint8Array; tid: { page: number; slot: number } }[] = [];
  // Killed entries too: they point at dead versions as well, whose slots are about to be freed.
  const cursor = index.scan(undefined, false, { includeKilled: true });
  try {
    for (let e = cursor.next(); e !== undefined; e = cursor.next()) {
      if (tids.has(packTid(e.tid.page, e.tid.slot))) {
        doomed.push({ key: e.key.slice(), tid: { page: e.tid.page, slot: e.tid.slot } });
      }
    }
  } finally {
    cursor.close();
  }
  for (const e of doomed) index.delete(e.key, e.tid);
  return doomed.length;
}
