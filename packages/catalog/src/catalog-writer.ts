/**
 * CatalogWriter: one transaction's write access to the catalog — the primitives every DDL
 * operation is built from (the DDL files: table-ddl.ts, drop-ddl.ts, alter-table.ts, …).
 *
 * - Rows: insert, delete, replace (delete + insert: PostgreSQL's catalog UPDATE) system rows,
 *   stamped with the transaction's xid and command id.
 * - Files: a file created here is removed if the transaction aborts; a file dropped here is
 *   removed only when it commits (the catalog keeps both lists per transaction).
 * - Names: a name created by a live transaction is claimed, so a concurrent CREATE of the same
 *   name fails at once with 42P07 instead of both committing.
 *
 * @internal Not exported from the package: the Catalog's methods are the public surface.
 */
import { DbError, duplicateTable, type FileId, fileId, type Oid, type TxnId } from '@rustydb/common';
import type { Index, IndexMethod } from '@rustydb/index';
import type { StoreContext, TableStore, TableStoreMethod } from '@rustydb/storage';
import type { ObjectRow } from './catalog-data.js';
import type { CatalogView, SearchPath } from './catalog-view.js';
import type { OidCounter } from './oid-counter.js';
import { chooseRelationName } from './relation-names.js';
import { createSequencePage } from './sequence-page.js';
import type { SystemRelations } from './system-relations.js';
import type { SystemRows, SystemTable } from './system-tables.js';

/** What the catalog needs of a transaction (txn's `Transaction` fits). */
export interface CatalogTransaction {
  /** The transaction's id, or 0 before one is assigned. */
  readonly xid: TxnId;
  assignXid(): TxnId;
  /** The current command id: catalog rows are stamped with it. */
  readonly cid: number;
}

/** A file a transaction created or dropped, and how to remove it. */
export interface PendingFile {
  readonly file: FileId;
  readonly kind: 'table' | 'index' | 'sequence';
  readonly method: string;
}

/** What one transaction changed beyond its rows: files and claimed names. */
export interface Pending {
  readonly created: PendingFile[];
  readonly dropped: PendingFile[];
  readonly names: string[];
}

/** The catalog's state the writer works on (owned by Catalog). */
export interface CatalogState {
  readonly ctx: StoreContext;
  readonly oids: OidCounter;
  readonly system: SystemRelations;
  readonly tableStores: ReadonlyMap<string, TableStoreMethod>;
  readonly indexMethods: ReadonlyMap<string, IndexMethod>;
  readonly stores: Map<FileId, TableStore>;
  readonly indexes: Map<FileId, Index>;
  readonly liveNames: Map<string, TxnId>;
  pendingOf(xid: TxnId): Pending;
  /** The view of transaction `xid` (rebuilt after `changed`). */
  view(xid: TxnId): CatalogView;
  /** `xid` changed the catalog: its view must be rebuilt. */
  changed(xid: TxnId): void;
}

export class CatalogWriter {
  constructor(
    private readonly state: CatalogState,
    readonly tx: CatalogTransaction,
    private readonly path?: SearchPath,
  ) {}

  /**
   * The transaction's (top-level) xid, assigned on first use: its identity for pending files and
   * claimed names. Rows are stamped with `tx.assignXid()`, a sub-xid after a SAVEPOINT.
   */
  get xid(): TxnId {
    this.tx.assignXid();
    return this.tx.xid;
  }

  /** The catalog as this transaction sees it now (including its own changes). */
  view(): CatalogView {
    const v = this.state.view(this.tx.xid);
    return this.path ? v.withSearchPath(this.path) : v;
  }

  get ctx(): StoreContext {
    return this.state.ctx;
  }

  allocateOid(): Oid {
    return this.state.oids.allocate();
  }

  insert<T extends SystemTable>(table: T, row: SystemRows[T]): void {
    this.state.system.insert(this.#stamp(), table, row);
    this.state.changed(this.tx.xid);
  }

  /** Marks one system row deleted. @throws DbError 55P03 (someone else changed it). */
  deleteRow(r: ObjectRow, name: string): void {
    this.state.system.delete(this.#stamp(), r.table, r.tid, name);
    this.state.changed(this.tx.xid);
  }

  /** Replaces a system row by a new version of it (catalog UPDATE). */
  replace<T extends SystemTable>(r: ObjectRow & { table: T }, row: SystemRows[T], name: string): void {
    this.deleteRow(r, name);
    this.insert(r.table as T, row);
  }

  /** Deletes every system row of object `oid` (its relation, column, index, … rows). */
  deleteObject(oid: number, name: string): void {
    for (const r of this.view().rowsOf(oid)) this.deleteRow(r, name);
  }

  /** 42704 unless table access method `method` is registered. */
  checkTableMethod(method: string): TableStoreMethod {
    const m = this.state.tableStores.get(method);
    if (!m) throw new DbError('42704', `access method "${method}" does not exist`);
    return m;
  }

  /** A new, empty table file (removed if the transaction aborts); `unlogged`: see Wal.unloggedFiles. */
  createTableFile(method: string, unlogged: boolean, file: FileId = fileId(this.allocateOid())): FileId {
    const m = this.checkTableMethod(method);
    if (unlogged) this.state.ctx.wal.unloggedFiles.add(file);
    this.state.stores.set(file, m.create(this.state.ctx, file));
    this.state.pendingOf(this.xid).created.push({ file, kind: 'table', method });
    return file;
  }

  /** A new, empty index file (removed if the transaction aborts); `unlogged`: see Wal.unloggedFiles. */
  createIndexFile(method: string, unlogged: boolean, file: FileId = fileId(this.allocateOid())): FileId {
    const m = this.state.indexMethods.get(method);
    if (!m) throw new DbError('42704', `access method "${method}" does not exist`);
    if (unlogged) this.state.ctx.wal.unloggedFiles.add(file);
    this.state.indexes.set(file, m.create(this.state.ctx, file));
    this.state.pendingOf(this.xid).created.push({ file, kind: 'index', method });
    return file;
  }

  /** A new sequence file whose page says `start`, not yet called (removed if the transaction aborts). */
  createSequenceFile(start: bigint, file: FileId = fileId(this.allocateOid())): FileId {
    createSequencePage(this.state.ctx, file, start);
    this.state.pendingOf(this.xid).created.push({ file, kind: 'sequence', method: '' });
    return file;
  }

  /** Removes `file` once the transaction commits. */
  dropAtCommit(file: FileId, kind: PendingFile['kind'], method: string): void {
    this.state.pendingOf(this.xid).dropped.push({ file, kind, method });
  }

  /** 42P07 unless `name` is free in `schema` (also among names other live transactions created). */
  checkNameFree(schema: string, name: string): void {
    const view = this.view();
    // A standalone composite type has a pg_class row too: its name is a relation's.
    if (
      view.relation(name, schema) ||
      view.standaloneComposite(name, schema) ||
      this.takenByOthers(schema, name)
    )
      throw duplicateTable(name);
  }

  takenByOthers(schema: string, name: string): boolean {
    const owner = this.state.liveNames.get(`${schema}.${name}`);
    return owner !== undefined && owner !== this.tx.xid;
  }

  /** Claims `schema.name` for this transaction until it ends. */
  claimName(schema: string, name: string): void {
    const key = `${schema}.${name}`;
    this.state.liveNames.set(key, this.xid);
    this.state.pendingOf(this.xid).names.push(key);
  }

  /** A free invented name `name1_name2_label[N]` in `schema` (relations and constraints). */
  chooseName(name1: string, name2: string | undefined, label: string, schema: string): string {
    return chooseRelationName(
      name1,
      name2,
      label,
      (n) => this.view().nameTaken(n, schema) || this.takenByOthers(schema, n),
    );
  }

  #stamp(): { xid: TxnId; cid: number } {
    return { xid: this.tx.assignXid(), cid: this.tx.cid };
  }
}
