/**
 * The cumulative statistics of tables and indexes since the server started, as
 * pg_stat_all_tables and pg_stat_all_indexes show them: when each table was last vacuumed and
 * analyzed, manually or automatically, and how often; the scans the executor counts and the rows
 * it inserted, updated and deleted (the executor's activity-counters.ts); and from those the
 * estimates of live and dead rows. Kept in memory: PostgreSQL's survive a clean restart, these
 * start over (n_live_tup from the last ANALYZE's row count then, see `info`).
 *
 * As in PostgreSQL (pgstat_relation.c), n_tup_ins, n_tup_upd and n_tup_del count every row
 * written, whether its transaction commits or not; the live and dead estimates follow the
 * outcome: a committed insert adds a live row, a committed update or delete a dead one (and a
 * delete takes a live one away), an aborted insert or update leaves a dead row. VACUUM and ANALYZE
 * replace both estimates with what they counted. Unlike PostgreSQL, which sends a backend's counts
 * at most once a second, a transaction's counts show as soon as it ends. Sync.
 */
import type { CatalogReader, IndexActivityInfo, TableActivityInfo, TableDef } from '@rustydb/catalog';
import type { TxnId } from '@rustydb/common';
import { type ActivityCounters, RowChange, type ScanCounters, type TableCounters } from '@rustydb/executor';
import { ChangeTally, type XidStatusOf } from '@rustydb/storage';
import { DatabaseActivity } from './database-activity.js';
import { pgNow } from './session-catalog-info.js';

export type TableActivityKind = 'vacuum' | 'autovacuum' | 'analyze' | 'autoanalyze';

/**
 * The tally's kinds of change (ChangeTally numbers them): insert, update, delete, and a TRUNCATE's
 * live and dead rows (the estimates when it ran), taken away when it commits.
 */
const INSERTED = 0;
const UPDATED = 1;
const DELETED = 2;
const TRUNCATED_LIVE = 3;
const TRUNCATED_DEAD = 4;
const KINDS = 5;

/** Entries past which making a new one first drops those of relations that no longer exist. */
const PRUNE_AT = 1024;

/** Live and dead rows as a VACUUM or ANALYZE counted them. */
export interface RowCounts {
  readonly live: number;
  readonly dead: number;
}

/** One table's statistics. */
class TableStats implements TableCounters {
  readonly seq: ScanCounters = { scans: 0, tuplesRead: 0, tuplesFetched: 0 };
  inserted = 0;
  updated = 0;
  deleted = 0;
  hotUpdated = 0;
  /** Rows inserted since the last VACUUM (n_ins_since_vacuum). */
  insertedSinceVacuum = 0;
  readonly last: Partial<Record<TableActivityKind, bigint>> = {};
  readonly count: Record<TableActivityKind, number> = {
    vacuum: 0,
    autovacuum: 0,
    analyze: 0,
    autoanalyze: 0,
  };
  readonly #tally: ChangeTally;
  /** Live and dead rows at the last VACUUM or ANALYZE (undefined: none since the start). */
  #base: RowCounts | undefined;
  /** The tally's settled rows at that time, committed then aborted, by kind. */
  readonly #settledAtBase = new Float64Array(2 * KINDS);

  constructor(status: XidStatusOf) {
    this.#tally = new ChangeTally(status, KINDS);
  }

  rowChanged(change: RowChange, xid: TxnId): void {
    switch (change) {
      case RowChange.Insert:
        this.inserted++;
        this.insertedSinceVacuum++;
        this.#tally.add(xid, INSERTED);
        return;
      case RowChange.Delete:
        this.deleted++;
        this.#tally.add(xid, DELETED);
        return;
      case RowChange.HotUpdate:
        this.hotUpdated++;
        this.updated++;
        this.#tally.add(xid, UPDATED);
        return;
      default:
        this.updated++;
        this.#tally.add(xid, UPDATED);
    }
  }

  /** A VACUUM or ANALYZE counted `rows`: the estimates start again from them. */
  rebase(rows: RowCounts): void {
    const { committed, aborted } = this.#tally.settled();
    this.#settledAtBase.set(committed, 0);
    this.#settledAtBase.set(aborted, KINDS);
    this.#base = rows;
  }

  /**
   * (Sub)transaction `xid` truncates the table: if it commits, the rows estimated now are gone
   * (rows it writes after the TRUNCATE count as usual).
   */
  truncating(xid: TxnId, liveAtStart: number): void {
    const now = this.estimates(liveAtStart);
    this.#tally.add(xid, TRUNCATED_LIVE, now.live);
    this.#tally.add(xid, TRUNCATED_DEAD, now.dead);
  }

  /** n_live_tup and n_dead_tup: the last count (else `liveAtStart`, 0 dead) and the changes since. */
  estimates(liveAtStart: number): RowCounts {
    const { committed, aborted } = this.#tally.settled();
    const at = this.#settledAtBase;
    const since = (kind: number) => committed[kind]! - at[kind]!;
    const abortedRows = aborted[INSERTED]! - at[KINDS + INSERTED]! + aborted[UPDATED]! - at[KINDS + UPDATED]!;
    const base = this.#base ?? { live: liveAtStart, dead: 0 };
    return {
      live: Math.max(0, base.live + since(INSERTED) - since(DELETED) - since(TRUNCATED_LIVE)),
      dead: Math.max(0, base.dead + since(UPDATED) + since(DELETED) + abortedRows - since(TRUNCATED_DEAD)),
    };
  }
}

/** Entries by relation OID, made on first use; those of dropped relations are let go in time. */
class PerRelation<T> {
  readonly #map = new Map<number, T>();
  #pruneAt = PRUNE_AT;

  /** `onDrop`: told of each entry let go (not those `clear` drops). */
  constructor(
    private readonly relations: () => ReadonlySet<number>,
    private readonly make: () => T,
    private readonly onDrop: (entry: T) => void,
  ) {}

  get(oid: number): T {
    let entry = this.#map.get(oid);
    if (entry === undefined) {
      if (this.#map.size >= this.#pruneAt) this.#prune();
      entry = this.make();
      this.#map.set(oid, entry);
    }
    return entry;
  }

  /** The entry of `oid` if it has one (nothing is made). */
  peek(oid: number): T | undefined {
    return this.#map.get(oid);
  }

  clear(): void {
    this.#map.clear();
  }

  drop(oid: number): void {
    const entry = this.#map.get(oid);
    if (entry === undefined) return;
    this.#map.delete(oid);
    this.onDrop(entry);
  }

  values(): IterableIterator<T> {
    return this.#map.values();
  }

  #prune(): void {
    const existing = this.relations();
    for (const oid of this.#map.keys()) if (!existing.has(oid)) this.drop(oid);
    this.#pruneAt = Math.max(PRUNE_AT, 2 * this.#map.size);
  }
}

/** The rows pg_stat_database counts, summed over the tables and indexes. */
export interface RowTotals {
  /** Live rows sequential scans returned plus the entries index scans returned (tup_returned). */
  returned: number;
  /** Live rows fetched through indexes (tup_fetched). */
  fetched: number;
  inserted: number;
  updated: number;
  deleted: number;
}

const noRows = (): RowTotals => ({ returned: 0, fetched: 0, inserted: 0, updated: 0, deleted: 0 });

function addTable(to: RowTotals, t: TableStats): void {
  to.returned += t.seq.tuplesRead;
  to.inserted += t.inserted;
  to.updated += t.updated;
  to.deleted += t.deleted;
}

function addIndex(to: RowTotals, ix: ScanCounters): void {
  to.returned += ix.tuplesRead;
  to.fetched += ix.tuplesFetched;
}

export class TableActivity implements ActivityCounters {
  /** The database's own counters (database-activity.ts): temporary files land there. */
  readonly database = new DatabaseActivity();
  readonly #tables: PerRelation<TableStats>;
  readonly #indexes: PerRelation<ScanCounters>;
  /** The rows of entries let go (dropped relations, a single-table reset): the database keeps them. */
  #retired = noRows();
  /** Until a `reset`, a table never vacuumed or analyzed here starts from pg_class.reltuples. */
  #liveFromCatalog = true;

  /**
   * `status`: the commit log's answer for an xid; `relations`: the OIDs of the tables and
   * indexes that exist (asked only now and then, to let go of dropped ones' entries).
   */
  constructor(status: XidStatusOf, relations: () => ReadonlySet<number>) {
    this.#tables = new PerRelation(
      relations,
      () => new TableStats(status),
      (t) => addTable(this.#retired, t),
    );
    this.#indexes = new PerRelation(
      relations,
      () => ({ scans: 0, tuplesRead: 0, tuplesFetched: 0 }),
      (ix) => addIndex(this.#retired, ix),
    );
  }

  /** ActivityCounters: table `oid`'s counters, made on first use. */
  table(oid: number): TableStats {
    return this.#tables.get(oid);
  }

  /** ActivityCounters: index `oid`'s counters, made on first use. */
  index(oid: number): ScanCounters {
    return this.#indexes.get(oid);
  }

  /** ActivityCounters: a temporary file was deleted. */
  tempFileDone(bytes: number): void {
    this.database.tempFileDone(bytes);
  }

  /** pg_stat_database's row counts: sums over every table and index counted. */
  totals(): RowTotals {
    const sum = { ...this.#retired };
    for (const t of this.#tables.values()) addTable(sum, t);
    for (const ix of this.#indexes.values()) addIndex(sum, ix);
    return sum;
  }

  /**
   * Table `oid` was just vacuumed / analyzed (`kind`); `rows`, what it counted, replaces the live
   * and dead estimates. A vacuum also starts n_ins_since_vacuum again.
   */
  note(oid: number, kind: TableActivityKind, rows?: RowCounts): void {
    const t = this.table(oid);
    t.last[kind] = pgNow();
    t.count[kind]++;
    if (rows !== undefined) t.rebase(rows);
    if (kind === 'vacuum' || kind === 'autovacuum') t.insertedSinceVacuum = 0;
  }

  /**
   * The view's counters for table `oid`, with `modSinceAnalyze` from the change tally and
   * `liveAtStart`, the live rows assumed before any VACUUM or ANALYZE since the server started.
   */
  info(oid: number, modSinceAnalyze: number, liveAtStart: number): TableActivityInfo {
    const t = this.#tables.peek(oid);
    const last = t?.last ?? {};
    const start = this.#liveFromCatalog ? liveAtStart : 0;
    const rows = t?.estimates(start) ?? { live: start, dead: 0 };
    return {
      modSinceAnalyze,
      ...(last.vacuum === undefined ? {} : { lastVacuum: last.vacuum }),
      ...(last.autovacuum === undefined ? {} : { lastAutovacuum: last.autovacuum }),
      ...(last.analyze === undefined ? {} : { lastAnalyze: last.analyze }),
      ...(last.autoanalyze === undefined ? {} : { lastAutoanalyze: last.autoanalyze }),
      vacuumCount: t?.count.vacuum ?? 0,
      autovacuumCount: t?.count.autovacuum ?? 0,
      analyzeCount: t?.count.analyze ?? 0,
      autoanalyzeCount: t?.count.autoanalyze ?? 0,
      seqScan: t?.seq.scans ?? 0,
      seqTupRead: t?.seq.tuplesRead ?? 0,
      tupIns: t?.inserted ?? 0,
      tupUpd: t?.updated ?? 0,
      tupDel: t?.deleted ?? 0,
      tupHotUpd: t?.hotUpdated ?? 0,
      liveTup: rows.live,
      deadTup: rows.dead,
      insSinceVacuum: t?.insertedSinceVacuum ?? 0,
    };
  }

  /** The view's counters for index `oid`. */
  indexInfo(oid: number): IndexActivityInfo {
    const c = this.#indexes.peek(oid);
    return { idxScan: c?.scans ?? 0, idxTupRead: c?.tuplesRead ?? 0, idxTupFetch: c?.tuplesFetched ?? 0 };
  }

  /** (Sub)transaction `xid` truncates table `oid` (see `TableStats.truncating`). */
  truncating(oid: number, xid: TxnId, liveAtStart: number): void {
    this.table(oid).truncating(xid, liveAtStart);
  }

  /**
   * pg_stat_reset() (no `oid`): every counter back to zero, the estimates and the vacuum and
   * analyze times and counts too, as PostgreSQL drops its entries; pg_stat_reset_single_table_counters
   * (`oid`): those of that table (`isTable`) or index.
   */
  reset(oid?: number, isTable = false): void {
    if (oid === undefined) {
      this.#tables.clear();
      this.#indexes.clear();
      this.#retired = noRows();
      this.#liveFromCatalog = false;
      return;
    }
    this.#tables.drop(oid);
    this.#indexes.drop(oid);
    if (isTable && this.#liveFromCatalog) this.table(oid).rebase({ live: 0, dead: 0 });
  }
}

/** The OIDs of every table and index `reader` sees. */
export function relationOids(reader: CatalogReader): Set<number> {
  const oids = new Set<number>();
  for (const t of reader.tables()) {
    oids.add(t.oid);
    for (const ix of t.indexes) oids.add(ix.oid);
  }
  return oids;
}

/**
 * The live rows assumed for `table` before a VACUUM or ANALYZE since the server started: the last
 * ANALYZE's (pg_class.reltuples), else 0.
 */
export function liveAtStart(reader: CatalogReader, table: TableDef): number {
  return Math.max(0, Math.round(reader.statistics?.(table.oid)?.relTuples ?? 0));
}
