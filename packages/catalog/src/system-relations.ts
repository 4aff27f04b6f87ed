/**
 * SystemRelations: the open system relations (system-tables.ts) and the three ways DDL touches
 * them — insert a row, delete a row (set its xmax), scan what one transaction sees.
 *
 * VISIBILITY. The catalog reads its rows the way PostgreSQL reads its own catalogs: with the
 * latest committed state, not the transaction's snapshot (PostgreSQL takes a fresh catalog
 * snapshot per lookup), plus the transaction's own uncommitted changes. A version is visible to
 * transaction X when
 *
 *     xmin = X and xmax ≠ X                                  (X made it and did not drop it), or
 *     xmin committed and (xmax = 0, or xmax aborted/in progress and ≠ X).
 *
 * UPGRADE. Relations added after a data directory was made (sys_namespace, sys_sequence,
 * sys_depend) are created, empty, when such a directory is opened; rows written by an older
 * version decode with NULL in the columns appended since.
 */
import { DbError, type TxnId } from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod, TupleVersion } from '@rustydb/storage';
import type { Located, SystemSnapshot } from './catalog-data.js';
import {
  catalogVisible,
  deletedByOther,
  noSubtransactions,
  type XidOracle,
  type XidStatus,
} from './catalog-visibility.js';
import {
  decodeSystemRow,
  encodeSystemRow,
  SYSTEM_FILES,
  SYSTEM_TABLES,
  type SystemRows,
  type SystemTable,
} from './system-tables.js';

export type { XidStatus } from './catalog-visibility.js';

/** The part of a transaction a system row write needs. */
export interface SystemWriter {
  readonly xid: TxnId;
  readonly cid: number;
}

export class SystemRelations {
  readonly #stores: Record<SystemTable, TableStore>;
  readonly #oracle: XidOracle;

  constructor(
    method: TableStoreMethod,
    ctx: StoreContext,
    create: boolean,
    status: (xid: TxnId) => XidStatus,
    topXid: (xid: TxnId) => TxnId = noSubtransactions,
  ) {
    this.#oracle = { status, topXid };
    const stores = {} as Record<SystemTable, TableStore>;
    for (const t of SYSTEM_TABLES) {
      const file = SYSTEM_FILES[t];
      // A relation this directory predates is created (empty) on open.
      const missing = !create && ctx.pool.pageCount(file) === 0;
      stores[t] = create || missing ? method.create(ctx, file) : method.open(ctx, file);
    }
    this.#stores = stores;
  }

  /** Inserts a row version stamped (xid, cid). Sync. */
  insert<T extends SystemTable>(w: SystemWriter, table: T, row: SystemRows[T]): void {
    this.#stores[table].insert(w.xid, w.cid as never, encodeSystemRow(table, row));
  }

  /**
   * Sets xmax on the row at `tid`. Sync.
   * @throws DbError 55P03 naming `name` when another live transaction already deleted or replaced it.
   */
  delete(w: SystemWriter, table: SystemTable, tid: Located<unknown>['tid'], name: string): void {
    const store = this.#stores[table];
    const version = store.fetch(tid);
    if (version && deletedByOther(version.xmax, w.xid, this.#oracle)) {
      throw new DbError('55P03', `could not obtain lock on relation "${name}"`);
    }
    store.setXmax(tid, w.xid, w.cid as never);
  }

  /** Every row visible to `xid` (0: the committed state). Sync. */
  scan(xid: TxnId): SystemSnapshot {
    const out = {} as Record<SystemTable, Located<unknown>[]>;
    for (const table of SYSTEM_TABLES) {
      const rows: Located<unknown>[] = [];
      const cursor = this.#stores[table].scan();
      try {
        for (let v = cursor.next(); v; v = cursor.next()) {
          if (this.#visible(v, xid)) rows.push({ tid: v.tid, row: decodeSystemRow(table, v.data) });
        }
      } finally {
        cursor.close();
      }
      out[table] = rows;
    }
    return out as unknown as SystemSnapshot;
  }

  #visible(v: TupleVersion, xid: TxnId): boolean {
    return catalogVisible(v, xid, this.#oracle);
  }
}
