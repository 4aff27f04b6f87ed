/**
 * Catalog: the definitions of tables, columns, indexes and constraints, kept in the system
 * relations (system-tables.ts) and read back as frozen definitions (catalog-view.ts).
 *
 * VISIBILITY. The catalog reads its rows the way PostgreSQL reads its own catalogs: with the
 * latest committed state, not the transaction's snapshot (PostgreSQL takes a fresh catalog
 * snapshot per lookup), plus the transaction's own uncommitted changes. A version is visible to
 * transaction X when
 *
 *     xmin = X and xmax ≠ X                                  (X made it and did not drop it), or
 *     xmin committed and (xmax = 0, or xmax aborted/in progress and ≠ X).
 *
 * CACHE. The committed view is built once and shared by every transaction that has not changed
 * the catalog. It is rebuilt after any transaction that changed the catalog commits or aborts
 * (`commitTransaction` / `abortTransaction`, called by the engine). A transaction that changed
 * the catalog gets its own view, rebuilt after each of its changes.
 *
 * FILES. A relation's file is created when CREATE runs (so the statement can fill it) and removed
 * only when the DROP commits; an aborted transaction's created files are removed at abort. Each
 * transaction keeps these pending lists. NB: a crash between commit and the removal, or before an
 * abort is seen, leaks the file (PostgreSQL 15 has the same gap for aborted creations); the
 * catalog no longer references it, so nothing reads it.
 *
 * CONCURRENT DDL (simplified). PostgreSQL serializes DDL on one relation with table locks and
 * makes a second CREATE of the same name wait for the first. Here a CREATE of a name another
 * live transaction created raises 42P07 at once, and a DROP of a relation another live
 * transaction dropped raises 55P03; nothing waits. NB: nor does a DROP wait for transactions
 * still using the table (PostgreSQL's AccessExclusiveLock): once the DROP commits and its file is
 * gone, their next access to it fails. Table locks in `txn` will close this gap.
 *
 * SEARCH PATH (simplified). Unqualified names resolve in `public` only; the session's
 * search_path setting is not consulted yet (there are no other user schemas).
 */
import {
  type CommandId,
  DbError,
  duplicateTable,
  type FileId,
  fileId,
  type Logger,
  type Oid,
  type SqlType,
  type TxnId,
  undefinedTable,
} from '@rustydb/common';
import type { Index, IndexMethod } from '@rustydb/index';
import type { StoreContext, TableStore, TableStoreMethod, TupleVersion } from '@rustydb/storage';
import type { IndexDef, TableDef } from './catalog-reader.js';
import { CatalogView, DEFAULT_SCHEMA, type Located, type SystemSnapshot } from './catalog-view.js';
import type { OidCounter } from './oid-counter.js';
import { chooseRelationName, indexNameAddition } from './relation-names.js';
import {
  decodeSystemRow,
  encodeSystemRow,
  SYSTEM_FILES,
  type SystemRows,
  type SystemTable,
} from './system-tables.js';

/** What the catalog needs of a transaction (txn's `Transaction` fits). */
export interface CatalogTransaction {
  /** The transaction's id, or 0 before one is assigned. */
  readonly xid: TxnId;
  assignXid(): TxnId;
  /** The current command id: catalog rows are stamped with it. */
  readonly cid: CommandId;
}

/** Commit-log state of a transaction id, as the catalog's visibility rule needs it. */
export type XidStatus = 'committed' | 'aborted' | 'in-progress';

export interface CatalogOptions {
  /** Buffer pool, WAL and logger handed to every store and index the catalog opens. */
  readonly context: StoreContext;
  readonly oids: OidCounter;
  /** The commit log: `txns.status(xid)`. Must answer 'committed' for the bootstrap xid 1. */
  readonly status: (xid: TxnId) => XidStatus;
  readonly tableStores: ReadonlyMap<string, TableStoreMethod>;
  readonly indexMethods: ReadonlyMap<string, IndexMethod>;
  /** The store of the system relations; 'heap' from `tableStores` by default. */
  readonly systemMethod?: TableStoreMethod;
}

export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull?: boolean;
  /** Already validated DEFAULT expression as SQL text. */
  readonly defaultSql?: string;
}

/** A PRIMARY KEY or UNIQUE constraint by column names; `name` is CONSTRAINT name, if given. */
export interface KeySpec {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface TableSpec {
  /** 'public' when omitted. */
  readonly schema?: string;
  readonly name: string;
  /** Table access method; 'heap' when omitted. */
  readonly method?: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: KeySpec;
  readonly unique?: readonly KeySpec[];
}

export interface IndexSpec {
  /** Invented as PostgreSQL does (`t_a_idx`) when omitted. */
  readonly name?: string;
  readonly table: Oid;
  /** Index access method; 'btree' when omitted. */
  readonly method?: string;
  readonly columns: readonly { readonly name: string; readonly descending?: boolean }[];
  readonly unique?: boolean;
}

interface PendingFile {
  readonly file: FileId;
  readonly kind: 'table' | 'index';
  readonly method: string;
}

interface Pending {
  readonly created: PendingFile[];
  readonly dropped: PendingFile[];
  readonly names: string[];
}

const SYSTEM_TABLES: readonly SystemTable[] = ['relation', 'attribute', 'index', 'constraint'];

export class Catalog {
  readonly #ctx: StoreContext;
  readonly #oids: OidCounter;
  readonly #status: (xid: TxnId) => XidStatus;
  readonly #tableStores: ReadonlyMap<string, TableStoreMethod>;
  readonly #indexMethods: ReadonlyMap<string, IndexMethod>;
  readonly #system: Record<SystemTable, TableStore>;
  readonly #stores = new Map<FileId, TableStore>();
  readonly #indexes = new Map<FileId, Index>();
  readonly #pending = new Map<TxnId, Pending>();
  /** Names created by live transactions: qualified name → xid. */
  readonly #liveNames = new Map<string, TxnId>();
  readonly #views = new Map<TxnId, CatalogView>();
  #committed: CatalogView | undefined;
  readonly #logger: Logger;

  private constructor(options: CatalogOptions, create: boolean) {
    this.#ctx = options.context;
    this.#oids = options.oids;
    this.#status = options.status;
    this.#tableStores = options.tableStores;
    this.#indexMethods = options.indexMethods;
    this.#logger = options.context.logger;
    const method = options.systemMethod ?? options.tableStores.get('heap');
    if (!method) throw new DbError('XX000', 'no "heap" table store registered for the system relations');
    const open = (t: SystemTable) =>
      create ? method.create(this.#ctx, SYSTEM_FILES[t]) : method.open(this.#ctx, SYSTEM_FILES[t]);
    this.#system = {
      relation: open('relation'),
      attribute: open('attribute'),
      index: open('index'),
      constraint: open('constraint'),
    };
  }

  /** Bootstrap: creates the (empty) system relations of a new database. Sync. */
  static create(options: CatalogOptions): Catalog {
    return new Catalog(options, true);
  }

  /** Opens the system relations of an existing database (after WAL replay). Sync. */
  static open(options: CatalogOptions): Catalog {
    return new Catalog(options, false);
  }

  /**
   * The catalog as `tx` sees it (the committed state when `tx` is omitted or has not changed the
   * catalog). The view is immutable: call again after DDL to see the change. Sync.
   */
  reader(tx?: CatalogTransaction): CatalogView {
    const xid = tx?.xid ?? 0;
    if (xid !== 0 && this.#pending.has(xid as TxnId)) {
      let view = this.#views.get(xid as TxnId);
      if (!view) {
        view = new CatalogView(this.#scan(xid as TxnId));
        this.#views.set(xid as TxnId, view);
      }
      return view;
    }
    if (!this.#committed) this.#committed = new CatalogView(this.#scan(0 as TxnId));
    return this.#committed;
  }

  /**
   * CREATE TABLE: creates the table's file, its rows in the system relations, and an index per
   * PRIMARY KEY / UNIQUE constraint (named `t_pkey`, `t_a_key`, … as PostgreSQL). Sync.
   * @throws DbError 42P07 (name taken), 42701 (duplicate column), 42703 (key column missing),
   *   42704 (unknown access method), 3F000 (unknown schema).
   */
  createTable(tx: CatalogTransaction, spec: TableSpec): TableDef {
    const schema = spec.schema ?? DEFAULT_SCHEMA;
    this.#checkSchema(schema, spec.name);
    const method = spec.method ?? 'heap';
    const storeMethod = this.#tableStores.get(method);
    if (!storeMethod) throw new DbError('42704', `access method "${method}" does not exist`);
    const seen = new Set<string>();
    for (const c of spec.columns) {
      if (seen.has(c.name)) throw new DbError('42701', `column "${c.name}" specified more than once`);
      seen.add(c.name);
    }
    const keys = keyList(spec);
    const attnum = (name: string) => {
      const i = spec.columns.findIndex((c) => c.name === name);
      if (i < 0) throw new DbError('42703', `column "${name}" named in key does not exist`);
      return i + 1;
    };
    const resolved = keys.map((k) => {
      const kind = k.primary ? 'primary key' : 'unique';
      const cols = k.columns.map(attnum);
      if (new Set(cols).size !== cols.length) {
        const dup = k.columns.find((c, i) => k.columns.indexOf(c) !== i)!;
        throw new DbError('42701', `column "${dup}" appears twice in ${kind} constraint`);
      }
      return { ...k, attnums: cols };
    });
    const pkCols = new Set(resolved.filter((k) => k.primary).flatMap((k) => k.attnums));
    const view = this.reader(tx);
    this.#checkNameFree(view, tx, schema, spec.name);

    const xid = tx.assignXid();
    const pending = this.#pendingOf(xid);
    const oid = this.#oids.allocate();
    const file = fileId(oid);
    this.#stores.set(file, storeMethod.create(this.#ctx, file));
    pending.created.push({ file, kind: 'table', method });
    this.#claimName(pending, xid, schema, spec.name);
    this.#insert(tx, 'relation', { oid, schema, name: spec.name, kind: 'r', method, file });
    spec.columns.forEach((c, i) => {
      this.#insert(tx, 'attribute', {
        relation: oid,
        attnum: i + 1,
        name: c.name,
        type: c.type.name,
        typmod: c.type.typmod,
        notNull: (c.notNull ?? false) || pkCols.has(i + 1),
        defaultSql: c.defaultSql ?? null,
      });
    });
    this.#changed(xid);
    for (const key of resolved) {
      const names = key.columns;
      const name =
        key.name ??
        chooseRelationName(
          spec.name,
          key.primary ? undefined : indexNameAddition(names),
          key.primary ? 'pkey' : 'key',
          (n) => this.reader(tx).nameTaken(n, schema) || this.#takenByOthers(xid, schema, n),
        );
      this.#addIndex(tx, {
        schema,
        table: oid,
        name,
        method: 'btree',
        columns: key.attnums,
        descending: key.attnums.map(() => false),
        unique: true,
        primary: key.primary,
        constraint: key.primary ? 'primary' : 'unique',
      });
    }
    return this.reader(tx).tableByOid(oid)!;
  }

  /**
   * DROP TABLE: marks the table's rows, columns, indexes and constraints deleted by `tx`; the
   * files go when `tx` commits. Sync.
   * @throws DbError 42P01 (no such table in this transaction's view), 55P03 (being dropped by
   *   another live transaction).
   */
  dropTable(tx: CatalogTransaction, oid: Oid): void {
    const table = this.reader(tx).tableByOid(oid);
    if (!table) throw undefinedTable(String(oid));
    const xid = tx.assignXid();
    const pending = this.#pendingOf(xid);
    // The table's own rows first: a concurrent DROP is then reported on the table.
    this.#deleteRows(tx, table.oid, table.name);
    for (const ix of table.indexes) this.#deleteRows(tx, ix.oid, ix.name);
    for (const c of table.constraints) this.#deleteRows(tx, c.oid, table.name);
    for (const ix of table.indexes) pending.dropped.push({ file: ix.file, kind: 'index', method: ix.method });
    pending.dropped.push({ file: table.file, kind: 'table', method: table.method });
    this.#changed(xid);
  }

  /**
   * CREATE INDEX: creates the (empty) index file and its rows; the caller fills it (the
   * executor's populateIndex). Sync.
   * @throws DbError 42P07, 42703 `column "x" does not exist`, 42704 unknown access method.
   */
  createIndex(tx: CatalogTransaction, spec: IndexSpec): IndexDef {
    const view = this.reader(tx);
    const table = view.tableByOid(spec.table);
    if (!table) throw undefinedTable(String(spec.table));
    const method = spec.method ?? 'btree';
    if (!this.#indexMethods.has(method))
      throw new DbError('42704', `access method "${method}" does not exist`);
    const attnums = spec.columns.map((c) => {
      const col = table.columns.find((d) => d.name === c.name);
      if (!col) throw new DbError('42703', `column "${c.name}" does not exist`);
      return col.attnum;
    });
    const xid = tx.assignXid();
    let name = spec.name;
    if (name === undefined) {
      name = chooseRelationName(
        table.name,
        indexNameAddition(spec.columns.map((c) => c.name)),
        'idx',
        (n) => view.nameTaken(n, table.schema) || this.#takenByOthers(xid, table.schema, n),
      );
    } else {
      this.#checkNameFree(view, tx, table.schema, name);
    }
    const oid = this.#addIndex(tx, {
      schema: table.schema,
      table: table.oid,
      name,
      method,
      columns: attnums,
      descending: spec.columns.map((c) => c.descending ?? false),
      unique: spec.unique ?? false,
      primary: false,
    });
    return this.reader(tx).indexByOid(oid)!.def;
  }

  /**
   * DROP INDEX: marks the index's rows deleted; the file goes when `tx` commits. Sync.
   * @throws DbError 2BP01 when a constraint uses the index, 42704 when there is no such index.
   */
  dropIndex(tx: CatalogTransaction, oid: Oid): void {
    const entry = this.reader(tx).indexByOid(oid);
    if (!entry) throw new DbError('42704', `index with OID ${oid} does not exist`);
    const { def, table } = entry;
    const constraint = table.constraints.find((c) => c.index === def.oid);
    if (constraint) {
      throw new DbError(
        '2BP01',
        `cannot drop index ${def.name} because constraint ${constraint.name} on table ${table.name} requires it`,
        { hint: `You can drop constraint ${constraint.name} on table ${table.name} instead.` },
      );
    }
    const xid = tx.assignXid();
    this.#deleteRows(tx, def.oid, def.name);
    this.#pendingOf(xid).dropped.push({ file: def.file, kind: 'index', method: def.method });
    this.#changed(xid);
  }

  /**
   * Call after `tx` committed (its commit record is durable): removes the files of relations it
   * dropped and publishes its changes to every other transaction. A no-op for a transaction that
   * did not change the catalog. Sync.
   */
  commitTransaction(tx: CatalogTransaction): void {
    const pending = this.#finish(tx);
    if (pending) for (const f of pending.dropped) this.#dropFile(f);
  }

  /** Call after `tx` aborted: removes the files it created. A no-op without catalog changes. Sync. */
  abortTransaction(tx: CatalogTransaction): void {
    const pending = this.#finish(tx);
    if (pending) for (const f of pending.created) this.#dropFile(f);
  }

  /** The open store of a table (opened on first use). Sync. @throws DbError 42704 unknown method. */
  store(table: TableDef): TableStore {
    let store = this.#stores.get(table.file);
    if (!store) {
      const method = this.#tableStores.get(table.method);
      if (!method) throw new DbError('42704', `access method "${table.method}" does not exist`);
      store = method.open(this.#ctx, table.file);
      this.#stores.set(table.file, store);
    }
    return store;
  }

  /** The open index (opened on first use). Sync. @throws DbError 42704 unknown method. */
  index(def: IndexDef): Index {
    let index = this.#indexes.get(def.file);
    if (!index) {
      const method = this.#indexMethods.get(def.method);
      if (!method) throw new DbError('42704', `access method "${def.method}" does not exist`);
      index = method.open(this.#ctx, def.file);
      this.#indexes.set(def.file, index);
    }
    return index;
  }

  /**
   * Startup, after recovery: empties every table whose store is not durable (`memory`) and the
   * indexes on it, as PostgreSQL resets unlogged relations. Returns how many tables it reset. Sync.
   */
  resetUnloggedRelations(): number {
    let n = 0;
    for (const table of this.reader().tables()) {
      if (this.#tableStores.get(table.method)?.durable !== false) continue;
      this.store(table).truncate();
      for (const ix of table.indexes) this.index(ix).truncate();
      n++;
    }
    if (n > 0) this.#logger.info({ tables: n }, 'reset unlogged tables');
    return n;
  }

  // --- internals -------------------------------------------------------------------------------

  #checkSchema(schema: string, name: string): void {
    if (schema === 'pg_catalog') {
      throw new DbError('42501', `permission denied to create "pg_catalog.${name}"`, {
        detail: 'System catalog modifications are currently disallowed.',
      });
    }
    if (schema !== DEFAULT_SCHEMA) throw new DbError('3F000', `schema "${schema}" does not exist`);
  }

  #checkNameFree(view: CatalogView, tx: CatalogTransaction, schema: string, name: string): void {
    if (view.relation(name, schema) || this.#takenByOthers(tx.xid, schema, name)) throw duplicateTable(name);
  }

  #takenByOthers(xid: TxnId, schema: string, name: string): boolean {
    const owner = this.#liveNames.get(`${schema}.${name}`);
    return owner !== undefined && owner !== xid;
  }

  #claimName(pending: Pending, xid: TxnId, schema: string, name: string): void {
    const key = `${schema}.${name}`;
    this.#liveNames.set(key, xid);
    pending.names.push(key);
  }

  #addIndex(
    tx: CatalogTransaction,
    ix: {
      schema: string;
      table: Oid;
      name: string;
      method: string;
      columns: readonly number[];
      descending: readonly boolean[];
      unique: boolean;
      primary: boolean;
      constraint?: 'primary' | 'unique';
    },
  ): Oid {
    const method = this.#indexMethods.get(ix.method);
    if (!method) throw new DbError('42704', `access method "${ix.method}" does not exist`);
    const xid = tx.assignXid();
    const pending = this.#pendingOf(xid);
    const oid = this.#oids.allocate();
    const file = fileId(oid);
    this.#indexes.set(file, method.create(this.#ctx, file));
    pending.created.push({ file, kind: 'index', method: ix.method });
    this.#claimName(pending, xid, ix.schema, ix.name);
    this.#insert(tx, 'relation', {
      oid,
      schema: ix.schema,
      name: ix.name,
      kind: 'i',
      method: ix.method,
      file,
    });
    this.#insert(tx, 'index', {
      index: oid,
      table: ix.table,
      columns: ix.columns,
      descending: ix.descending,
      unique: ix.unique,
      primary: ix.primary,
    });
    if (ix.constraint) {
      this.#insert(tx, 'constraint', {
        oid: this.#oids.allocate(),
        table: ix.table,
        name: ix.name,
        kind: ix.constraint,
        columns: ix.columns,
        index: oid,
      });
    }
    this.#changed(xid);
    return oid;
  }

  #insert<T extends SystemTable>(tx: CatalogTransaction, table: T, row: SystemRows[T]): void {
    this.#system[table].insert(tx.assignXid(), tx.cid, encodeSystemRow(table, row));
  }

  /** Sets xmax on every system row of object `oid`; 55P03 if another live transaction did. */
  #deleteRows(tx: CatalogTransaction, oid: Oid, name: string): void {
    const xid = tx.assignXid();
    for (const { table, tid } of this.reader(tx).rowsOf(oid)) {
      const store = this.#system[table];
      const version = store.fetch(tid);
      if (
        version &&
        version.xmax !== 0 &&
        version.xmax !== xid &&
        this.#status(version.xmax) === 'in-progress'
      ) {
        throw new DbError('55P03', `could not obtain lock on relation "${name}"`);
      }
      store.setXmax(tid, xid, tx.cid);
    }
  }

  #pendingOf(xid: TxnId): Pending {
    let p = this.#pending.get(xid);
    if (!p) {
      p = { created: [], dropped: [], names: [] };
      this.#pending.set(xid, p);
    }
    return p;
  }

  #changed(xid: TxnId): void {
    this.#views.delete(xid);
  }

  #finish(tx: CatalogTransaction): Pending | undefined {
    const xid = tx.xid;
    const pending = this.#pending.get(xid);
    if (!pending) return undefined;
    this.#pending.delete(xid);
    for (const key of pending.names) if (this.#liveNames.get(key) === xid) this.#liveNames.delete(key);
    // Every view may have seen this transaction as in progress.
    this.#committed = undefined;
    this.#views.clear();
    return pending;
  }

  #dropFile(f: PendingFile): void {
    if (f.kind === 'table') {
      this.#stores.delete(f.file);
      const method = this.#tableStores.get(f.method);
      if (method) method.drop(this.#ctx, f.file);
    } else {
      this.#indexes.delete(f.file);
      const method = this.#indexMethods.get(f.method);
      if (method) method.drop(this.#ctx, f.file);
    }
  }

  #scan(xid: TxnId): SystemSnapshot {
    const out: Record<SystemTable, Located<unknown>[]> = {
      relation: [],
      attribute: [],
      index: [],
      constraint: [],
    };
    for (const table of SYSTEM_TABLES) {
      const cursor = this.#system[table].scan();
      try {
        for (let v = cursor.next(); v; v = cursor.next()) {
          if (this.#visible(v, xid)) out[table].push({ tid: v.tid, row: decodeSystemRow(table, v.data) });
        }
      } finally {
        cursor.close();
      }
    }
    return out as unknown as SystemSnapshot;
  }

  #visible(v: TupleVersion, xid: TxnId): boolean {
    if (xid !== 0 && v.xmin === xid) return v.xmax !== xid;
    if (this.#status(v.xmin) !== 'committed') return false;
    if (v.xmax === 0) return true;
    if (xid !== 0 && v.xmax === xid) return false;
    return this.#status(v.xmax) !== 'committed';
  }
}

/**
 * The key constraints of a CREATE TABLE, in creation order: the primary key first, then each
 * UNIQUE, dropping a UNIQUE whose columns equal an earlier key's (PostgreSQL keeps one index).
 */
function keyList(spec: TableSpec): { name?: string; columns: readonly string[]; primary: boolean }[] {
  const keys: { name?: string; columns: readonly string[]; primary: boolean }[] = [];
  if (spec.primaryKey) keys.push({ ...spec.primaryKey, primary: true });
  for (const u of spec.unique ?? []) {
    const same = keys.find(
      (k) => k.columns.length === u.columns.length && k.columns.every((c, i) => c === u.columns[i]),
    );
    if (!same) keys.push({ ...u, primary: false });
  }
  return keys;
}
