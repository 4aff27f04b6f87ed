/**
 * The activity counters the executor bumps as it scans and changes tables, for PostgreSQL's
 * cumulative statistics views (pg_stat_all_tables, pg_stat_all_indexes); the engine keeps them
 * (ExecutionContext.activity). As in PostgreSQL:
 * - a Seq Scan counts a scan each time it starts (a rescan too: a nested loop's inner side per
 *   outer row) and, as seq_tup_read, each live row it returns, before any filter;
 * - an Index Scan or Index Only Scan counts a scan of its index each time it starts, as
 *   idx_tup_read each index entry the index returns, and as idx_tup_fetch each live row it
 *   fetched from the table (an Index Only Scan answering from an all-visible page fetches none);
 * - each row inserted, updated (HOT or not) and deleted counts, with the (sub)transaction that
 *   wrote it, so that the engine can tell live rows from dead ones once it ends.
 * Scans of the system catalogs, and the checks of unique and foreign keys, are not counted.
 */
import type { TxnId } from '@rustydb/common';

/** A table's or an index's scans: started, and the rows or entries they returned. */
export interface ScanCounters {
  /** Scans started (seq_scan; an index's idx_scan). */
  scans: number;
  /** Live rows a sequential scan returned (seq_tup_read); entries an index returned (idx_tup_read). */
  tuplesRead: number;
  /** Live rows fetched through an index (idx_tup_fetch); unused for a table's own scans. */
  tuplesFetched: number;
}

/** What kind of row change `TableCounters.rowChanged` records. */
export const RowChange = { Insert: 0, Update: 1, Delete: 2, HotUpdate: 3 } as const;
export type RowChange = (typeof RowChange)[keyof typeof RowChange];

/** One table's counters. */
export interface TableCounters {
  /** Its sequential scans. */
  readonly seq: ScanCounters;
  /** A row of the table was inserted, updated or deleted by (sub)transaction `xid`. */
  rowChanged(change: RowChange, xid: TxnId): void;
}

/** The counters of every relation, made on first use, and the database's. Synchronous. */
export interface ActivityCounters {
  table(oid: number): TableCounters;
  index(oid: number): ScanCounters;
  /** A temporary file of `bytes` was deleted (pg_stat_database's temp_files and temp_bytes). */
  tempFileDone(bytes: number): void;
}

/** Counters nobody reads: where the context keeps none (internal statements). */
export const UNCOUNTED_SCANS: ScanCounters = { scans: 0, tuplesRead: 0, tuplesFetched: 0 };
export const UNCOUNTED_TABLE: TableCounters = { seq: UNCOUNTED_SCANS, rowChanged: () => {} };
