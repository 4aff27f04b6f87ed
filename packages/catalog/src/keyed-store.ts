/**
 * KeyedStore: a small system relation holding at most one visible row per key, written in the
 * caller's transaction — the storage of ownership/ACLs (acl-store.ts) and role memberships
 * (member-store.ts). It is descriptions.ts's scheme made generic:
 *
 * VISIBILITY is the catalog's (system-relations.ts): the committed state plus the reading
 * transaction's own changes. A write sets xmax on the key's visible versions and inserts the new
 * one; a version another live transaction is replacing raises 55P03 (nothing waits, as for other
 * DDL). When two transactions that both wrote a key commit, readers take the version with the
 * highest xmin. The committed state is cached until `invalidate()` (the catalog calls it when a
 * transaction that changed the catalog ends). NB: dead versions are not reclaimed (system
 * relations are not vacuumed yet); these rows change rarely.
 */
import {
  DbError,
  decodeRow,
  encodeRow,
  type FileId,
  type SqlType,
  type TxnId,
  type Value,
} from '@rustydb/common';
import type { StoreContext, TableStore, TableStoreMethod, TupleVersion } from '@rustydb/storage';
import {
  catalogVisible,
  deletedByOther,
  noSubtransactions,
  type XidOracle,
  type XidStatus,
} from './catalog-visibility.js';

/** The part of a transaction a write needs (stamped on the versions). */
export interface KeyedWriter {
  readonly xid: TxnId;
  readonly cid: number;
}

/** How a row type is stored: its column types, its key, and the conversions. */
export interface RowFormat<R> {
  readonly file: FileId;
  readonly columns: readonly SqlType[];
  key(row: R): string;
  encode(row: R): Value[];
  decode(values: readonly Value[]): R;
}

interface Stored<R> {
  readonly tid: TupleVersion['tid'];
  readonly row: R;
  readonly xmin: TxnId;
}

/** See the file comment. Synchronous. */
export class KeyedStore<R> {
  readonly #store: TableStore;
  readonly #format: RowFormat<R>;
  readonly #topXid: (xid: TxnId) => TxnId;
  readonly #oracle: XidOracle;
  #committed: Map<string, Stored<R>[]> | undefined;
  readonly #own = new Map<TxnId, Map<string, Stored<R>[]>>();

  /** Opens the relation, creating it (empty) in a new directory or one that predates it. Sync. */
  constructor(
    format: RowFormat<R>,
    method: TableStoreMethod,
    ctx: StoreContext,
    create: boolean,
    status: (xid: TxnId) => XidStatus,
    topXid: (xid: TxnId) => TxnId = noSubtransactions,
  ) {
    this.#format = format;
    this.#topXid = topXid;
    this.#oracle = { status, topXid };
    const missing = !create && ctx.pool.pageCount(format.file) === 0;
    this.#store = create || missing ? method.create(ctx, format.file) : method.open(ctx, format.file);
  }

  /** The row at `key` as `xid` sees it (0: the committed state), or undefined. Sync. */
  get(key: string, xid: TxnId = 0 as TxnId): R | undefined {
    return this.#rows(xid).get(key)?.[0]?.row;
  }

  /** Every row `xid` sees. Sync. */
  list(xid: TxnId = 0 as TxnId): R[] {
    const out: R[] = [];
    for (const versions of this.#rows(xid).values()) out.push(versions[0]!.row);
    return out;
  }

  /**
   * Replaces the row at `key` with `row` (undefined: removes it) in `w`'s transaction. Sync.
   * @throws DbError 55P03 naming `name` when another live transaction is changing the same row.
   */
  write(w: KeyedWriter, key: string, row: R | undefined, name: string): void {
    const own = this.#topXid(w.xid);
    for (const old of this.#rows(own).get(key) ?? []) this.#delete(w, old, name);
    if (row !== undefined) {
      this.#store.insert(w.xid, w.cid as never, encodeRow(this.#format.encode(row), this.#format.columns));
    }
    this.#own.set(own, this.#load(own));
  }

  /**
   * Deletes, in `w`'s transaction, every row `keep` rejects (their objects were dropped). Cheap
   * when the relation is empty. Sync. @throws DbError 55P03.
   */
  removeWhere(w: KeyedWriter, keep: (row: R) => boolean): void {
    const own = this.#topXid(w.xid);
    let removed = false;
    for (const versions of this.#rows(own).values()) {
      if (keep(versions[0]!.row)) continue;
      for (const v of versions) this.#delete(w, v, this.#format.key(v.row));
      removed = true;
    }
    if (removed) this.#own.set(own, this.#load(own));
  }

  /** A transaction that changed the catalog ended: every cached state may be stale. */
  invalidate(): void {
    this.#committed = undefined;
    this.#own.clear();
  }

  #rows(xid: TxnId): Map<string, Stored<R>[]> {
    if (xid !== 0) {
      const own = this.#own.get(xid);
      if (own) return own;
    }
    this.#committed ??= this.#load(0 as TxnId);
    return this.#committed;
  }

  #delete(w: KeyedWriter, row: Stored<R>, name: string): void {
    // The cached version may predate another transaction's change: read its xmax now.
    const xmax = this.#store.fetch(row.tid)?.xmax ?? 0;
    if (deletedByOther(xmax as TxnId, w.xid, this.#oracle)) {
      throw new DbError('55P03', `could not obtain lock on relation "${name}"`);
    }
    this.#store.setXmax(row.tid, w.xid, w.cid as never);
  }

  #load(xid: TxnId): Map<string, Stored<R>[]> {
    const newest = new Map<string, Stored<R>[]>();
    const values: Value[] = [];
    const cursor = this.#store.scan();
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (!catalogVisible(v, xid, this.#oracle)) continue;
        values.length = 0;
        decodeRow(v.data, this.#format.columns, values);
        const stored: Stored<R> = {
          tid: v.tid,
          row: this.#format.decode(values),
          xmin: this.#topXid(v.xmin),
        };
        const key = this.#format.key(stored.row);
        const seen = newest.get(key);
        if (!seen) {
          newest.set(key, [stored]);
          continue;
        }
        // Own changes first, else the newest committed version (see the file comment).
        const first = seen[0]!;
        if (first.xmin !== xid && (stored.xmin === xid || stored.xmin > first.xmin)) seen.unshift(stored);
        else seen.push(stored);
      }
    } finally {
      cursor.close();
    }
    return newest;
  }
}
