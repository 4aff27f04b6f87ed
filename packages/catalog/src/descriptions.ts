/**
 * Object comments (COMMENT ON), PostgreSQL's pg_description: stored transactionally in the system
 * relation sys_description and read back through `CatalogReader.description`.
 *
 * sys_description (FileId 9, reserved for it since the first catalog; see system-tables.ts): one
 * row per commented object.
 *
 * | attnum | column      | type | description                                                 |
 * |--------|-------------|------|-------------------------------------------------------------|
 * | 1      | object      | int4 | OID of the relation or schema (objoid)                       |
 * | 2      | sub_id      | int4 | column attnum for a column comment, else 0 (objsubid)        |
 * | 3      | description | text | the comment, never empty (`IS ''` removes the row, as PG)    |
 *
 * PostgreSQL's classoid is left out: relation and schema OIDs come from one counter, so the
 * object OID alone is unambiguous.
 *
 * VISIBILITY is the catalog's (system-relations.ts): the committed state plus the reading
 * transaction's own changes. A COMMENT sets xmax on the object's visible row and inserts the new
 * one; a row another live transaction is replacing raises 55P03 (nothing waits, as for other
 * DDL). Two transactions that both comment an uncommented object may both commit; readers take
 * the version with the highest xmin. When an object (or a column) is dropped, the catalog calls
 * `removeOrphans`, which deletes the rows of objects the dropping transaction no longer sees, so
 * the comments go, and come back on ROLLBACK, with the object.
 * NB: dead versions are not reclaimed (system relations are not vacuumed yet).
 */
import {
  DbError,
  decodeRow,
  encodeRow,
  fileId,
  type SqlType,
  sqlType,
  type TxnId,
  type Value,
} from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod, TupleVersion } from '@rustydb/storage';
import type { XidStatus } from './catalog-visibility.js';
import { catalogVisible, deletedByOther, noSubtransactions, type XidOracle } from './catalog-visibility.js';

/** The reserved FileId of sys_description. Stored on disk: never renumber. */
export const DESCRIPTION_FILE = fileId(9);

const COLUMNS: readonly SqlType[] = [sqlType('int4'), sqlType('int4'), sqlType('text')];

/** The part of a transaction a write needs (stamped on the versions). */
export interface DescriptionWriter {
  readonly xid: TxnId;
  readonly cid: number;
}

interface StoredRow {
  readonly tid: TupleVersion['tid'];
  readonly object: number;
  readonly subId: number;
  readonly text: string;
  readonly xmin: TxnId;
}

const keyOf = (object: number, subId: number) => `${object}:${subId}`;

/**
 * sys_description: see the file comment. Synchronous; the committed state is cached and rebuilt
 * after `invalidate()` (the catalog calls it when a transaction that changed the catalog ends).
 */
export class DescriptionStore {
  readonly #store: TableStore;
  readonly #topXid: (xid: TxnId) => TxnId;
  readonly #oracle: XidOracle;
  /** Visible versions by object key, the one readers see first (see the file comment). */
  #committed: Map<string, StoredRow[]> | undefined;
  readonly #own = new Map<TxnId, Map<string, StoredRow[]>>();

  constructor(
    method: TableStoreMethod,
    ctx: StoreContext,
    create: boolean,
    status: (xid: TxnId) => XidStatus,
    topXid: (xid: TxnId) => TxnId = noSubtransactions,
  ) {
    this.#topXid = topXid;
    this.#oracle = { status, topXid };
    // A directory made before comments existed gets the relation, empty, on open.
    const missing = !create && ctx.pool.pageCount(DESCRIPTION_FILE) === 0;
    this.#store =
      create || missing ? method.create(ctx, DESCRIPTION_FILE) : method.open(ctx, DESCRIPTION_FILE);
  }

  /**
   * The comment on object `object` (column `subId`, 0 for the object itself) as transaction
   * `xid` sees it (0: the committed state), or undefined when there is none. Sync.
   */
  read(object: number, subId: number, xid: TxnId = 0 as TxnId): string | undefined {
    return this.#rows(xid).get(keyOf(object, subId))?.[0]?.text;
  }

  /**
   * COMMENT ON: sets (or with `text` null or '' removes) the comment on `object`/`subId` in
   * `w`'s transaction. The caller checked that the object exists. Sync.
   * @throws DbError 55P03 when another live transaction is changing the same comment.
   */
  write(w: DescriptionWriter, object: number, subId: number, text: string | null, name: string): void {
    // `w.xid` is stamped (a sub-xid after a SAVEPOINT); `own` is the transaction's identity.
    const own = this.#topXid(w.xid);
    for (const old of this.#rows(own).get(keyOf(object, subId)) ?? []) this.#delete(w, old, name);
    if (text !== null && text !== '') {
      this.#store.insert(w.xid, w.cid as never, encodeRow([object, subId, text], COLUMNS));
    }
    this.#own.set(own, this.#load(own));
  }

  /**
   * Deletes, in `w`'s transaction, the comments of objects `exists` says are gone (dropped by
   * this transaction). Cheap when there are no comments. Sync.
   * @throws DbError 55P03 when another live transaction is changing one of those comments.
   */
  removeOrphans(w: DescriptionWriter, exists: (object: number, subId: number) => boolean): void {
    const own = this.#topXid(w.xid);
    const rows = this.#rows(own);
    let removed = false;
    for (const versions of rows.values()) {
      const { object, subId } = versions[0];
      if (exists(object, subId)) continue;
      for (const row of versions) this.#delete(w, row, String(object));
      removed = true;
    }
    if (removed) this.#own.set(own, this.#load(own));
  }

  /** A transaction that changed the catalog committed or aborted: every cached state may be stale. */
  invalidate(): void {
    this.#committed = undefined;
    this.#own.clear();
  }

  #rows(xid: TxnId): Map<string, StoredRow[]> {
    if (xid !== 0) {
      const own = this.#own.get(xid);
      if (own) return own;
    }
    this.#committed ??= this.#load(0 as TxnId);
    return this.#committed;
  }

  #delete(w: DescriptionWriter, row: StoredRow, name: string): void {
    // The cached version may predate another transaction's change: read its xmax now.
    const xmax = this.#store.fetch(row.tid)?.xmax ?? 0;
    if (deletedByOther(xmax as TxnId, w.xid, this.#oracle)) {
      throw new DbError('55P03', `could not obtain lock on relation "${name}"`);
    }
    this.#store.setXmax(row.tid, w.xid, w.cid as never);
  }

  #load(xid: TxnId): Map<string, StoredRow[]> {
    const newest = new Map<string, StoredRow[]>();
    const values: Value[] = [];
    const cursor = this.#store.scan();
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (!this.#visible(v, xid)) continue;
        values.length = 0;
        decodeRow(v.data, COLUMNS, values);
        const row: StoredRow = {
          tid: v.tid,
          object: values[0] as number,
          subId: values[1] as number,
          text: values[2] as string,
          xmin: this.#topXid(v.xmin),
        };
        const key = keyOf(row.object, row.subId);
        const seen = newest.get(key);
        if (!seen) {
          newest.set(key, [row]);
          continue;
        }
        // Own changes first, else the newest committed version (see file comment).
        const first = seen[0];
        const better = first.xmin !== xid && (row.xmin === xid || row.xmin > first.xmin);
        if (better) seen.unshift(row);
        else seen.push(row);
      }
    } finally {
      cursor.close();
    }
    return newest;
  }

  /** The catalog's rule (system-relations.ts): committed, or this transaction's own. */
  #visible(v: TupleVersion, xid: TxnId): boolean {
    return catalogVisible(v, xid, this.#oracle);
  }
}
