/**
 * Catalog: the definitions of schemas, tables, columns, indexes, constraints, views and
 * sequences, kept in the system relations (system-tables.ts, read and written through
 * system-relations.ts) and read back as frozen definitions (catalog-data.ts, catalog-view.ts).
 * Every DDL method runs in the caller's transaction (catalog-writer.ts) and is implemented in the
 * DDL files: table-ddl.ts, drop-ddl.ts, alter-table.ts, view-ddl.ts, sequence-ddl.ts.
 *
 * CACHE. The committed view is built once and shared by every transaction that has not changed
 * the catalog. It is rebuilt after any transaction that changed the catalog commits or aborts
 * (`commitTransaction` / `abortTransaction`, called by the engine). A transaction that changed
 * the catalog gets its own view, rebuilt after each of its changes.
 *
 * FILES. A relation's file is created when CREATE (or TRUNCATE, or a rewrite) runs, so the
 * statement can fill it, and removed only when the DROP (or the TRUNCATE, or the rewrite)
 * commits; an aborted transaction's created files are removed at abort. Each transaction keeps
 * these pending lists. NB: a crash between commit and the removal, or before an abort is seen,
 * leaks the file (PostgreSQL 15 has the same gap for aborted creations); the catalog no longer
 * references it, so nothing reads it.
 *
 * SEQUENCES. nextval/setval change a sequence's file outside the transaction (sequence-page.ts).
 *
 * CONCURRENT DDL (simplified). PostgreSQL serializes DDL on one relation with table locks and
 * makes a second CREATE of the same name wait for the first. Here a CREATE of a name another
 * live transaction created raises 42P07 at once, and a change to a row another live transaction
 * changed raises 55P03; nothing waits. NB: nor does a DROP or ALTER wait for transactions still
 * using the table (PostgreSQL's AccessExclusiveLock). Table locks in `txn` will close this gap.
 */
import {
  assert,
  type CompositeType,
  DbError,
  type DomainType,
  type EnumType,
  type FileId,
  type Logger,
  type Oid,
  type TxnId,
} from '@rustydb/common';
import type { Index, IndexMethod } from '@rustydb/index';
import type { StoreContext, TableStore, TableStoreMethod } from '@rustydb/storage';
import { ACL_FORMAT, type ObjectPrivileges } from './acl-store.js';
import * as alter from './alter-table.js';
import { CatalogData, isTempSchema } from './catalog-data.js';
import type { ColumnDef, IndexDef, SequenceDef, TableDef, ViewDef } from './catalog-reader.js';
import { CatalogView, type SearchPath } from './catalog-view.js';
import {
  type CatalogState,
  type CatalogTransaction,
  CatalogWriter,
  type Pending,
  type PendingFile,
} from './catalog-writer.js';
import * as composites from './composite-type-ddl.js';
import { DEFAULT_ACL_FORMAT, type DefaultAcl } from './default-acl-store.js';
import { DescriptionStore } from './descriptions.js';
import * as domains from './domain-ddl.js';
import * as drop from './drop-ddl.js';
import * as extensions from './extension-ddl.js';
import * as functions from './function-ddl.js';
import { KeyedStore } from './keyed-store.js';
import { MEMBER_FORMAT, type Membership } from './member-store.js';
import type { OidCounter } from './oid-counter.js';
import {
  isPredefinedMembership,
  PREDEFINED_MEMBERSHIPS,
  predefinedRole,
  withPredefinedRoles,
} from './predefined-roles.js';
import { type RoleAttributes, type RoleDef, RoleStore } from './role-store.js';
import * as sequences from './sequence-ddl.js';
import {
  dropSequencePage,
  nextSequenceValue,
  readSequenceState,
  type SequenceState,
  setSequenceValue,
} from './sequence-page.js';
import * as relationSchema from './set-schema.js';
import { StatisticsStore, type TableStatistics } from './statistics.js';
import { SystemRelations, type XidStatus } from './system-relations.js';
import * as tables from './table-ddl.js';
import * as triggers from './trigger-ddl.js';
import type { TriggerDef } from './trigger-row.js';
import * as types from './type-ddl.js';
import * as views from './view-ddl.js';

export type { CatalogTransaction } from './catalog-writer.js';

/** Lengths of a transaction's pending lists at a SAVEPOINT (`Catalog.savepointMark`). */
export interface SavepointMark {
  readonly created: number;
  readonly dropped: number;
  readonly names: number;
}
export type { CascadeNotice } from './drop-ddl.js';
export type { XidStatus } from './system-relations.js';

export interface CatalogOptions {
  /** Buffer pool, WAL and logger handed to every store and index the catalog opens. */
  readonly context: StoreContext;
  readonly oids: OidCounter;
  /** The commit log: `txns.status(xid)`. Must answer 'committed' for the bootstrap xid 1. */
  readonly status: (xid: TxnId) => XidStatus;
  /**
   * `txns.topXidOf(xid)`: the transaction a live sub-xid belongs to (rows written after a
   * SAVEPOINT carry sub-xids). Identity by default (no subtransactions).
   */
  readonly topXid?: (xid: TxnId) => TxnId;
  readonly tableStores: ReadonlyMap<string, TableStoreMethod>;
  readonly indexMethods: ReadonlyMap<string, IndexMethod>;
  /** The store of the system relations; 'heap' from `tableStores` by default. */
  readonly systemMethod?: TableStoreMethod;
  /** The bootstrap superuser's name in a new directory (role-store.ts); default 'rustydb'. */
  readonly bootstrapSuperuser?: string;
}

export class Catalog {
  readonly #ctx: StoreContext;
  readonly #tableStores: ReadonlyMap<string, TableStoreMethod>;
  readonly #indexMethods: ReadonlyMap<string, IndexMethod>;
  readonly #system: SystemRelations;
  /** sys_statistic (statistics.ts): ANALYZE's results. */
  readonly #statistics: StatisticsStore;
  /** sys_description (descriptions.ts): COMMENT ON. */
  readonly #descriptions: DescriptionStore;
  /** sys_authid (role-store.ts): roles. */
  readonly #roles: RoleStore;
  /** sys_acl (acl-store.ts): owners and ACLs. */
  readonly #acls: KeyedStore<ObjectPrivileges>;
  /** sys_auth_members (member-store.ts): role memberships. */
  readonly #members: KeyedStore<Membership>;
  /** sys_default_acl (default-acl-store.ts): ALTER DEFAULT PRIVILEGES. */
  readonly #defaultAcls: KeyedStore<DefaultAcl>;
  readonly #stores = new Map<FileId, TableStore>();
  readonly #indexes = new Map<FileId, Index>();
  readonly #pending = new Map<TxnId, Pending>();
  /** Names created by live transactions: qualified name → xid. */
  readonly #liveNames = new Map<string, TxnId>();
  readonly #views = new Map<TxnId, CatalogView>();
  #committed: CatalogView | undefined;
  readonly #state: CatalogState;
  readonly #logger: Logger;

  private constructor(options: CatalogOptions, create: boolean) {
    this.#ctx = options.context;
    this.#tableStores = options.tableStores;
    this.#indexMethods = options.indexMethods;
    this.#logger = options.context.logger;
    const method = options.systemMethod ?? options.tableStores.get('heap');
    if (!method) throw new DbError('XX000', 'no "heap" table store registered for the system relations');
    this.#system = new SystemRelations(method, this.#ctx, create, options.status, options.topXid);
    this.#statistics = new StatisticsStore(method, this.#ctx, create, options.status, options.topXid);
    this.#descriptions = new DescriptionStore(method, this.#ctx, create, options.status, options.topXid);
    const superuser = options.bootstrapSuperuser ?? 'rustydb';
    this.#roles = new RoleStore(method, this.#ctx, create, options.status, superuser, options.topXid);
    this.#acls = new KeyedStore(ACL_FORMAT, method, this.#ctx, create, options.status, options.topXid);
    this.#members = new KeyedStore(MEMBER_FORMAT, method, this.#ctx, create, options.status, options.topXid);
    this.#defaultAcls = new KeyedStore(
      DEFAULT_ACL_FORMAT,
      method,
      this.#ctx,
      create,
      options.status,
      options.topXid,
    );
    this.#state = {
      ctx: this.#ctx,
      oids: options.oids,
      system: this.#system,
      tableStores: this.#tableStores,
      indexMethods: this.#indexMethods,
      stores: this.#stores,
      indexes: this.#indexes,
      liveNames: this.#liveNames,
      pendingOf: (xid) => this.#pendingOf(xid),
      view: (xid) => this.#viewOf(xid),
      changed: (xid) => this.#views.delete(xid),
    };
  }

  /** Bootstrap: creates the (empty) system relations of a new database. Sync. */
  static create(options: CatalogOptions): Catalog {
    return new Catalog(options, true);
  }

  /**
   * Opens the system relations of an existing database (after WAL replay). System relations the
   * directory predates are created empty. Sync.
   */
  static open(options: CatalogOptions): Catalog {
    return new Catalog(options, false);
  }

  /**
   * The catalog as `tx` sees it (the committed state when `tx` is omitted or has not changed the
   * catalog), looking unqualified names up through `path` (`"$user", public` by default). The
   * view is immutable: call again after DDL to see the change. Sync.
   */
  reader(tx?: CatalogTransaction, path?: SearchPath): CatalogView {
    const view = this.#viewOf((tx?.xid ?? 0) as TxnId);
    return path ? view.withSearchPath(path) : view;
  }

  /** Whether an index access method is ordered, by the registry (unknown methods are not). */
  readonly #isOrdered = (method: string): boolean => this.#indexMethods.get(method)?.ordered === true;

  #viewOf(xid: TxnId): CatalogView {
    if (xid !== 0 && this.#pending.has(xid)) {
      let view = this.#views.get(xid);
      if (!view) {
        view = new CatalogView(
          new CatalogData(this.#system.scan(xid), this.#isOrdered),
          undefined,
          this.#statisticsSource(xid),
        );
        this.#views.set(xid, view);
      }
      return view;
    }
    if (!this.#committed) {
      const data = new CatalogData(this.#system.scan(0 as TxnId), this.#isOrdered);
      this.#committed = new CatalogView(data, undefined, this.#statisticsSource(0 as TxnId));
    }
    return this.#committed;
  }

  #statisticsSource(xid: TxnId) {
    return {
      statistics: (oid: Oid) => this.#statistics.read(oid, xid),
      relationPages: (table: TableDef) => this.store(table).pageCount(),
      allVisiblePages: (table: TableDef) => this.store(table).allVisiblePages?.() ?? 0,
      description: (object: number, subId: number) => this.#descriptions.read(object, subId, xid),
      privileges: (object: number) => this.#acls.get(String(object), xid),
      memberships: () => this.#memberships(xid),
      defaultAcls: () => this.#defaultAcls.list(xid),
      roles: () => withPredefinedRoles(this.#roles.list(xid)),
    };
  }

  /**
   * COMMENT ON: sets the comment on `object` (a relation or schema OID; `subId` a column's attnum,
   * 0 for the object), or removes it when `text` is null or ''. Transactional: visible to `tx` at
   * once, to others when it commits. The caller resolved the object; `name` is for messages.
   * Sync. @throws DbError 55P03 (another live transaction is changing the same comment).
   */
  setDescription(
    tx: CatalogTransaction,
    object: number,
    subId: number,
    text: string | null,
    name: string,
  ): void {
    const stamp = tx.assignXid();
    this.#pendingOf(tx.xid);
    this.#views.delete(tx.xid);
    this.#descriptions.write({ xid: stamp, cid: tx.cid }, object, subId, text, name);
  }

  /** After a DROP COLUMN: the dropped columns' ACLs go with them (PostgreSQL's attacl). */
  #dropColumnAcls(tx: CatalogTransaction, view: CatalogView): void {
    for (const table of view.tables()) {
      const row = this.objectPrivileges(table.oid, tx);
      if (row?.columns === undefined) continue;
      const kept = new Map(
        [...row.columns].filter(([attnum]) => table.columns.some((c) => c.attnum === attnum)),
      );
      if (kept.size !== row.columns.size) this.setObjectPrivileges(tx, { ...row, columns: kept }, table.name);
    }
  }

  /**
   * After a DROP: deletes the comments of the objects and columns `tx` no longer sees, as
   * PostgreSQL's DeleteComments does for each dropped object (cascaded ones included).
   */
  #dropDescriptions<T>(tx: CatalogTransaction, result: T): T {
    const view = this.reader(tx);
    this.#acls.removeWhere(
      { xid: tx.assignXid(), cid: tx.cid },
      (p) =>
        p.kind === 'database' ||
        view.data.relationRows.has(p.object) ||
        view.schemaOidExists(p.object) ||
        view.functionByOid(p.object) !== undefined,
    );
    this.#dropColumnAcls(tx, view);
    this.#descriptions.removeOrphans({ xid: tx.assignXid(), cid: tx.cid }, (object, subId) => {
      if (subId === 0)
        return (
          view.data.relationRows.has(object) ||
          view.schemaOidExists(object) ||
          view.functionByOid(object) !== undefined ||
          view.enumSqlTypeOfOid(object) !== undefined ||
          view.extensions().some((e) => e.oid === object)
        );
      const table = view.tableByOid(object as Oid);
      if (table) return table.columns.some((c) => c.attnum === subId);
      const v = view.viewByOid(object as Oid);
      return v !== undefined && subId <= v.columns.length;
    });
    return result;
  }

  /**
   * ANALYZE: replaces the statistics of `stats.table` in `tx` (visible to `tx` at once, to
   * others when it commits). Sync. @throws DbError from the store.
   */
  setStatistics(tx: CatalogTransaction, stats: TableStatistics): void {
    const stamp = tx.assignXid();
    this.#pendingOf(tx.xid);
    this.#views.delete(tx.xid);
    this.#statistics.write({ xid: stamp, cid: tx.cid }, stats);
  }

  // --- roles (role-store.ts) -------------------------------------------------------------

  /**
   * Every role, by OID, as `tx` sees it (the committed state when omitted), the predefined ones
   * (predefined-roles.ts) included: what pg_roles, pg_authid and psql's \du list. Sync.
   */
  roles(tx?: CatalogTransaction): readonly RoleDef[] {
    return withPredefinedRoles(this.#roles.list((tx?.xid ?? 0) as TxnId));
  }

  /**
   * Role `name` as `tx` sees it (the committed state when omitted: authentication), a predefined
   * one included, or undefined. Sync.
   */
  role(name: string, tx?: CatalogTransaction): RoleDef | undefined {
    return predefinedRole(name) ?? this.#roles.get(name, (tx?.xid ?? 0) as TxnId);
  }

  /**
   * CREATE ROLE `name` with `attributes` in `tx` (the caller checked permissions and options). Sync.
   * @throws DbError 42710 `role "x" already exists`.
   */
  createRole(tx: CatalogTransaction, name: string, attributes: RoleAttributes): RoleDef {
    const oid = this.#state.oids.allocate();
    return this.#roles.create(this.#roleWriter(tx), { oid, name, ...attributes });
  }

  /**
   * ALTER ROLE: replaces role `name`'s attributes with `changes` applied and, given `rename`,
   * its name. Sync. @throws DbError 42704 (no such role), 42710 (new name taken), 55P03.
   */
  alterRole(
    tx: CatalogTransaction,
    name: string,
    changes: Partial<RoleAttributes>,
    rename?: string,
  ): RoleDef {
    assert(predefinedRole(name) === undefined, `predefined role ${name} altered`);
    const w = this.#roleWriter(tx);
    const old = this.#roles.get(name, w.xid);
    if (old === undefined) throw new DbError('42704', `role "${name}" does not exist`);
    return this.#roles.replace(w, name, { ...old, ...changes, name: rename ?? name });
  }

  /** DROP ROLE `name` in `tx`, with its memberships either way. Sync. @throws DbError 42704, 55P03. */
  dropRole(tx: CatalogTransaction, name: string): void {
    assert(predefinedRole(name) === undefined, `predefined role ${name} dropped`);
    const w = this.#roleWriter(tx);
    const oid = this.#roles.get(name, w.xid)?.oid;
    this.#roles.drop(w, name);
    this.#members.removeWhere(w, (m) => m.role !== oid && m.member !== oid);
    this.#defaultAcls.removeWhere(w, (d) => d.role !== oid);
  }

  // --- privileges (acl-store.ts, member-store.ts) ----------------------------------------------

  /**
   * ALTER DEFAULT PRIVILEGES: stores `d`, or with `remove` deletes its row (the ACL is back to
   * its default), in `tx`. Sync. @throws DbError 55P03.
   */
  setDefaultAcl(tx: CatalogTransaction, d: DefaultAcl, remove = false): void {
    const key = DEFAULT_ACL_FORMAT.key(d);
    this.#defaultAcls.write(this.#roleWriter(tx), key, remove ? undefined : Object.freeze({ ...d }), key);
  }

  /** Owner and ACL of `object` as `tx` sees them (undefined: no row, see acl-store.ts). Sync. */
  objectPrivileges(object: number, tx?: CatalogTransaction): ObjectPrivileges | undefined {
    return this.#acls.get(String(object), (tx?.xid ?? 0) as TxnId);
  }

  /**
   * Sets the owner and ACL of `p.object` in `tx` (GRANT, REVOKE, ALTER … OWNER TO, CREATE by a
   * role other than the bootstrap superuser). `name` is for messages. Sync. @throws DbError 55P03.
   */
  setObjectPrivileges(tx: CatalogTransaction, p: ObjectPrivileges, name: string): void {
    this.#acls.write(this.#roleWriter(tx), String(p.object), Object.freeze({ ...p }), name);
  }

  /**
   * Every role membership as `tx` sees it (the committed state when omitted), the built-in ones
   * of pg_monitor (predefined-roles.ts) first. Sync.
   */
  memberships(tx?: CatalogTransaction): readonly Membership[] {
    return this.#memberships((tx?.xid ?? 0) as TxnId);
  }

  #memberships(xid: TxnId): Membership[] {
    return [...PREDEFINED_MEMBERSHIPS, ...this.#members.list(xid)];
  }

  /**
   * GRANT role TO member (`m`), or with `remove` REVOKE it, in `tx`. The built-in memberships are
   * fixed (the caller refuses to change them). Sync. @throws DbError 55P03.
   */
  setMembership(tx: CatalogTransaction, m: Membership, remove = false): void {
    assert(!isPredefinedMembership(m), 'a built-in membership changed');
    const key = MEMBER_FORMAT.key(m);
    this.#members.write(this.#roleWriter(tx), key, remove ? undefined : Object.freeze({ ...m }), key);
  }

  #roleWriter(tx: CatalogTransaction): { xid: TxnId; cid: number } {
    const xid = tx.assignXid();
    this.#pendingOf(xid);
    this.#views.delete(xid);
    return { xid, cid: tx.cid };
  }

  #writer(tx: CatalogTransaction, path?: SearchPath): CatalogWriter {
    tx.assignXid();
    this.#pendingOf(tx.xid);
    return new CatalogWriter(this.#state, tx, path);
  }

  // --- tables and indexes ------------------------------------------------------------------

  /**
   * CREATE TABLE: creates the table's file, its rows in the system relations, an index per
   * PRIMARY KEY / UNIQUE constraint (named `t_pkey`, `t_a_key`, … as PostgreSQL), its CHECK
   * constraints and FOREIGN KEYs. `path` decides the schema when `spec.schema` is omitted. Sync.
   * @throws DbError 42P07 (name taken), 42701 (duplicate column), 42703 (key column missing),
   *   42704 (unknown access method), 3F000 (unknown schema), 42710 (duplicate constraint name),
   *   42830 / 42804 (a foreign key that cannot be implemented).
   */
  createTable(tx: CatalogTransaction, spec: tables.TableSpec, path?: SearchPath): TableDef {
    return tables.createTable(this.#writer(tx, path), spec);
  }

  /**
   * DROP TABLE: marks the table's rows, columns, indexes, constraints and owned sequences deleted
   * by `tx`; the files go when `tx` commits. Views and other tables' foreign keys that depend on
   * it need `cascade` (they are dropped too). Returns the NOTICE for what cascaded. Sync.
   * @throws DbError 42P01 (no such table in this transaction's view), 2BP01 (dependents without
   *   CASCADE), 55P03 (being dropped by another live transaction).
   */
  dropTable(tx: CatalogTransaction, oid: Oid, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, drop.dropTable(this.#writer(tx), oid, cascade));
  }

  /** The registered index access method called `name`, if any (its abilities: `ordered`, `durable`). */
  indexMethod(name: string): IndexMethod | undefined {
    return this.#indexMethods.get(name);
  }

  /**
   * CREATE INDEX: creates the (empty) index file and its rows; the caller fills it (the
   * executor's populateIndex). Sync.
   * @throws DbError 42P07, 42703 `column "x" does not exist`, 42704 unknown access method.
   */
  createIndex(tx: CatalogTransaction, spec: tables.IndexSpec): IndexDef {
    const method = spec.method ?? 'btree';
    if (!this.#indexMethods.has(method))
      throw new DbError('42704', `access method "${method}" does not exist`);
    return tables.createIndex(this.#writer(tx), spec);
  }

  /**
   * DROP INDEX: marks the index's rows deleted; the file goes when `tx` commits. Sync.
   * @throws DbError 2BP01 when a constraint uses the index, 42704 when there is no such index.
   */
  dropIndex(tx: CatalogTransaction, oid: Oid): void {
    this.#dropDescriptions(tx, drop.dropIndex(this.#writer(tx), oid));
  }

  // --- ALTER TABLE ------------------------------------------------------------------------

  /** ADD COLUMN (no rows change: the caller rewrites when the column has a default). Sync. @throws 42701. */
  addColumn(tx: CatalogTransaction, table: Oid, spec: tables.ColumnSpec): ColumnDef {
    return alter.addColumn(this.#writer(tx), table, spec);
  }

  /** DROP COLUMN (see alter-table.ts). Sync. @throws DbError 42703, 2BP01. */
  dropColumn(
    tx: CatalogTransaction,
    table: Oid,
    name: string,
    cascade = false,
  ): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, alter.dropColumn(this.#writer(tx), table, name, cascade));
  }

  /** RENAME COLUMN. Sync. @throws DbError 42703, 42701. */
  renameColumn(tx: CatalogTransaction, table: Oid, from: string, to: string): void {
    alter.renameColumn(this.#writer(tx), table, from, to);
  }

  /**
   * ALTER TABLE | MATERIALIZED VIEW … SET SCHEMA: moves the relation, its indexes and owned
   * sequences (see set-schema.ts). Sync. @throws DbError 3F000, 42P07.
   */
  setRelationSchema(tx: CatalogTransaction, oid: Oid, schema: string): void {
    relationSchema.setRelationSchema(this.#writer(tx), oid, schema);
  }

  /** RENAME TO of any relation. Sync. @throws DbError 42P07. */
  renameRelation(tx: CatalogTransaction, oid: Oid, to: string): void {
    alter.renameRelation(this.#writer(tx), oid, to);
  }

  /** RENAME CONSTRAINT (a key's index is renamed with it). Sync. @throws DbError 42704, 42710. */
  renameConstraint(tx: CatalogTransaction, table: Oid, from: string, to: string): void {
    alter.renameConstraint(this.#writer(tx), table, from, to);
  }

  /** SET DEFAULT (validated SQL text, and the sequences it names) / DROP DEFAULT (null). Sync. */
  setColumnDefault(
    tx: CatalogTransaction,
    table: Oid,
    attnum: number,
    sql: string | null,
    dependsOn: readonly Oid[] = [],
  ): void {
    alter.setColumnDefault(this.#writer(tx), table, attnum, sql, dependsOn);
  }

  /** An identity column's ALWAYS ('a') / BY DEFAULT ('d') / none (null). Sync. */
  setColumnIdentity(tx: CatalogTransaction, table: Oid, attnum: number, identity: 'a' | 'd' | null): void {
    alter.setColumnIdentity(this.#writer(tx), table, attnum, identity);
  }

  /** SET / DROP NOT NULL (the caller validated rows). Sync. @throws DbError 42P16, 42601. */
  setColumnNotNull(tx: CatalogTransaction, table: Oid, attnum: number, notNull: boolean): void {
    alter.setColumnNotNull(this.#writer(tx), table, attnum, notNull);
  }

  /** ALTER COLUMN TYPE's catalog part; the caller rewrites the table (`newRelationFiles`). Sync. */
  setColumnType(
    tx: CatalogTransaction,
    table: Oid,
    attnum: number,
    type: ColumnDef['type'],
    defaultSql: string | null,
  ): void {
    alter.setColumnType(this.#writer(tx), table, attnum, type, defaultSql);
  }

  /** ADD CONSTRAINT CHECK (the caller validated existing rows). Returns its name. Sync. @throws 42710. */
  addCheck(tx: CatalogTransaction, table: Oid, check: tables.CheckSpec): string {
    return tables.addCheck(this.#writer(tx), table, check);
  }

  /** Replaces a CHECK's expression text. Sync. */
  setCheckSql(tx: CatalogTransaction, constraint: Oid, sql: string): void {
    alter.setCheckSql(this.#writer(tx), constraint, sql);
  }

  /** Replaces a column's default or generation expression text, keeping what it is. Sync. */
  setColumnExpressionSql(tx: CatalogTransaction, table: Oid, attnum: number, sql: string): void {
    alter.setColumnExpressionSql(this.#writer(tx), table, attnum, sql);
  }

  /** Replaces an index's expression keys and predicate texts. Sync. */
  setIndexSql(
    tx: CatalogTransaction,
    index: Oid,
    expressions: readonly string[],
    predicate: string | undefined,
  ): void {
    alter.setIndexSql(this.#writer(tx), index, expressions, predicate);
  }

  /** ALTER TABLE / INDEX … SET | RESET (…): replaces the relation's reloptions. Sync. */
  setRelationOptions(tx: CatalogTransaction, relation: Oid, options: readonly string[]): void {
    alter.setRelationOptions(this.#writer(tx), relation, options);
  }

  /** ALTER TABLE … SET LOGGED / UNLOGGED: the table's and its indexes' relpersistence. Sync. */
  setTablePersistence(tx: CatalogTransaction, table: Oid, unlogged: boolean): void {
    alter.setTablePersistence(this.#writer(tx), table, unlogged);
  }

  /** VALIDATE CONSTRAINT: marks a NOT VALID constraint valid (the caller checked the rows). Sync. */
  markConstraintValid(tx: CatalogTransaction, constraint: Oid): void {
    alter.markConstraintValid(this.#writer(tx), constraint);
  }

  /** ADD CONSTRAINT FOREIGN KEY (the caller validated existing rows). Returns its name. Sync. */
  addForeignKey(tx: CatalogTransaction, table: Oid, fk: tables.ForeignKeySpec): string {
    return tables.addForeignKey(this.#writer(tx), table, fk);
  }

  /** ADD PRIMARY KEY / UNIQUE: the (empty) index behind it, for the caller to fill. Sync. @throws 42P16. */
  addKeyConstraint(tx: CatalogTransaction, table: Oid, key: tables.KeySpec, primary: boolean): IndexDef {
    return tables.addKeyConstraint(this.#writer(tx), table, key, primary);
  }

  /** DROP CONSTRAINT. Sync. @throws DbError 42704, 2BP01. */
  dropConstraint(
    tx: CatalogTransaction,
    table: Oid,
    name: string,
    cascade = false,
  ): drop.CascadeNotice | undefined {
    return drop.dropConstraint(this.#writer(tx), table, name, cascade);
  }

  /**
   * TRUNCATE and rewrites: the table and its indexes get new, empty files in `tx` (the old ones
   * go at commit, the new ones at abort). Returns the table with its new files. Sync.
   */
  newRelationFiles(tx: CatalogTransaction, table: Oid): TableDef {
    return alter.newRelationFiles(this.#writer(tx), table);
  }

  /** REFRESH MATERIALIZED VIEW: sets relispopulated in `tx`. Sync. @throws DbError 42809. */
  setMatviewPopulated(tx: CatalogTransaction, oid: Oid, populated: boolean): void {
    alter.setMatviewPopulated(this.#writer(tx), oid, populated);
  }

  /**
   * REINDEX: the index gets a new, empty file in `tx` (the old one goes at commit, the new one at
   * abort), so a crash or an error before commit leaves the old index in place. Returns the index
   * with its new file; the caller fills it. Sync. @throws DbError 42704 (no such index).
   */
  newIndexFile(tx: CatalogTransaction, index: Oid): IndexDef {
    return alter.newIndexFile(this.#writer(tx), index);
  }

  // --- views and schemas ------------------------------------------------------------------

  /** CREATE [OR REPLACE] VIEW. Sync. @throws DbError 42P07, 42809, 42P16, 42701, 3F000. */
  createView(tx: CatalogTransaction, spec: views.ViewSpec, path?: SearchPath): ViewDef {
    return views.createView(this.#writer(tx, path), spec);
  }

  /** ALTER VIEW … ALTER COLUMN … SET DEFAULT (`sql`) / DROP DEFAULT (null). Sync. */
  setViewColumnDefault(tx: CatalogTransaction, view: Oid, attnum: number, sql: string | null): void {
    views.setViewColumnDefault(this.#writer(tx), view, attnum, sql);
  }

  /** DROP VIEW; views on it need `cascade`. Sync. @throws DbError 2BP01. */
  dropView(tx: CatalogTransaction, oid: Oid, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, drop.dropView(this.#writer(tx), oid, cascade));
  }

  /** CREATE SCHEMA. Sync. @throws DbError 42P06, 42939. */
  createSchema(tx: CatalogTransaction, name: string): void {
    views.createSchema(this.#writer(tx), name);
  }

  /** DROP SCHEMA; its objects need `cascade`. Sync. @throws DbError 2BP01. */
  dropSchema(tx: CatalogTransaction, name: string, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, drop.dropSchema(this.#writer(tx), name, cascade));
  }

  /**
   * Drops every relation in temporary schema `schema` (a session ended). Sync; the caller
   * commits `tx`.
   */
  dropTempSchema(tx: CatalogTransaction, schema: string): number {
    if (!isTempSchema(schema)) throw new DbError('XX000', `"${schema}" is not a temporary schema`);
    const members = this.reader(tx).relationsIn(schema);
    let n = 0;
    for (const e of members) {
      const now = this.reader(tx);
      const oid = e.def.oid as Oid;
      if (e.kind === 'table' && now.tableByOid(oid)) drop.dropTable(this.#writer(tx), oid, true);
      else if (e.kind === 'view' && now.viewByOid(oid)) drop.dropView(this.#writer(tx), oid, true);
      else if (e.kind === 'sequence' && now.sequenceByOid(oid))
        drop.dropSequence(this.#writer(tx), oid, true);
      else continue;
      n++;
    }
    return n > 0 ? this.#dropDescriptions(tx, n) : n;
  }

  // --- sequences --------------------------------------------------------------------------

  /** CREATE SEQUENCE. Sync. @throws DbError 42P07, 22023 (bad options), 3F000. */
  createSequence(tx: CatalogTransaction, spec: sequences.SequenceSpec, path?: SearchPath): SequenceDef {
    return sequences.createSequence(this.#writer(tx, path), spec);
  }

  /** ALTER SEQUENCE options (transactional). Sync. @throws DbError 22023. */
  alterSequence(tx: CatalogTransaction, oid: Oid, options: sequences.SequenceOptions): SequenceDef {
    return sequences.alterSequence(this.#writer(tx), oid, options);
  }

  /** OWNED BY a column ('a': SERIAL / OWNED BY, 'i': identity), or none. Sync. */
  setSequenceOwner(
    tx: CatalogTransaction,
    oid: Oid,
    owner: { readonly table: Oid; readonly attnum: number; readonly type: 'a' | 'i' } | undefined,
  ): void {
    sequences.setSequenceOwner(this.#writer(tx), oid, owner);
  }

  /** DROP SEQUENCE; column defaults using it need `cascade`. Sync. @throws DbError 2BP01. */
  dropSequence(tx: CatalogTransaction, oid: Oid, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, drop.dropSequence(this.#writer(tx), oid, cascade));
  }

  // --- enum types (type-ddl.ts) --------------------------------------------------------------

  /**
   * CREATE TYPE … AS ENUM in `spec.schema` (the first search_path schema when omitted). Sync.
   * @throws DbError 42710 (a type or table of that name exists), 23505 (duplicate label),
   *   42602 (label over 63 bytes), 3F000 (no such schema).
   */
  createEnum(tx: CatalogTransaction, spec: types.EnumSpec, path?: SearchPath): EnumType {
    return types.createEnum(this.#writer(tx, path), spec);
  }

  /**
   * ALTER TYPE … ADD VALUE [IF NOT EXISTS] [BEFORE | AFTER]: false when the label existed and
   * `ifNotExists`. Sync. @throws DbError 42710, 22023, 42602, 0A000 (no room between two labels).
   */
  addEnumValue(
    tx: CatalogTransaction,
    oid: number,
    label: string,
    neighbor?: { readonly label: string; readonly after: boolean },
    ifNotExists = false,
  ): boolean {
    return types.addEnumValue(this.#writer(tx), oid, label, neighbor, ifNotExists);
  }

  /** ALTER TYPE … RENAME VALUE. Sync. @throws DbError 22023, 42710, 42602. */
  renameEnumValue(tx: CatalogTransaction, oid: number, from: string, to: string): void {
    types.renameEnumValue(this.#writer(tx), oid, from, to);
  }

  /** ALTER TYPE … RENAME TO. Sync. @throws DbError 42710. */
  renameType(tx: CatalogTransaction, oid: number, to: string): void {
    types.renameType(this.#writer(tx), oid, to);
  }

  /** ALTER TYPE … SET SCHEMA of an enum. Sync. @throws DbError 3F000, 42710. */
  setTypeSchema(tx: CatalogTransaction, oid: number, schema: string): void {
    types.setTypeSchema(this.#writer(tx), oid, schema);
  }

  /** ALTER TYPE … OWNER TO of an enum. Sync. */
  setTypeOwner(tx: CatalogTransaction, oid: number, owner: number): void {
    types.setTypeOwner(this.#writer(tx), oid, owner);
  }

  /**
   * DROP TYPE: columns of the type (and views) need `cascade`, which drops them. Returns the
   * NOTICE for what cascaded. Sync. @throws DbError 2BP01.
   */
  dropType(tx: CatalogTransaction, oid: number, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, types.dropType(this.#writer(tx), oid, cascade));
  }

  // --- composite types (composite-type-ddl.ts) ------------------------------------------------

  /**
   * CREATE TYPE … AS (…) in `spec.schema` (the first search_path schema when omitted). Sync.
   * @throws DbError 42710 (a type or relation of that name exists), 42701 (a field twice), 3F000.
   */
  createCompositeType(
    tx: CatalogTransaction,
    spec: composites.CompositeTypeSpec,
    path?: SearchPath,
  ): CompositeType {
    return composites.createCompositeType(this.#writer(tx, path), spec);
  }

  /**
   * DROP TYPE of a composite type (by its pg_type OID): the functions using it need `cascade`.
   * Returns the NOTICE for what cascaded. Sync. @throws DbError 2BP01.
   */
  dropCompositeType(tx: CatalogTransaction, oid: number, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, drop.dropCompositeType(this.#writer(tx), oid, cascade));
  }

  // --- domains (domain-ddl.ts) ------------------------------------------------------------------

  /**
   * CREATE DOMAIN in `spec.schema` (the first search_path schema when omitted). Sync.
   * @throws DbError 42710 (a type or table of that name exists, a duplicate constraint name), 3F000.
   */
  createDomain(tx: CatalogTransaction, spec: domains.DomainSpec, path?: SearchPath): DomainType {
    return domains.createDomain(this.#writer(tx, path), spec);
  }

  /**
   * One ALTER DOMAIN change; the caller checked the stored values a new constraint must hold for.
   * Sync. @throws DbError 42704 (no such constraint), 42710 (name taken), 3F000.
   */
  alterDomain(tx: CatalogTransaction, oid: number, change: domains.DomainChange): void {
    domains.alterDomain(this.#writer(tx), oid, change);
  }

  /**
   * DROP DOMAIN: its columns, views and the domains over it need `cascade`, which drops them.
   * Returns the NOTICE for what cascaded. Sync. @throws DbError 2BP01.
   */
  dropDomain(tx: CatalogTransaction, oid: number, cascade = false): drop.CascadeNotice | undefined {
    return this.#dropDescriptions(tx, domains.dropDomain(this.#writer(tx), oid, cascade));
  }

  // --- functions (function-ddl.ts) -------------------------------------------------------------

  /**
   * CREATE [OR REPLACE] FUNCTION: returns the function's OID. Sync.
   * @throws DbError 42723, 42P13 (OR REPLACE changes), 3F000; what `checkOwner` throws.
   */
  createFunction(
    tx: CatalogTransaction,
    spec: functions.FunctionSpec,
    replace: boolean,
    signature: string,
    checkOwner: (owner: number) => void,
  ): number {
    return functions.createFunction(this.#writer(tx), spec, replace, signature, checkOwner);
  }

  /** DROP FUNCTION of a resolved function. Sync. */
  dropFunction(tx: CatalogTransaction, oid: number, name: string): void {
    functions.dropFunction(this.#writer(tx), oid, name);
    // Its ACL (sys_acl) and comments go with it.
    this.#dropDescriptions(tx, undefined);
  }

  /** ALTER FUNCTION … OWNER TO (the caller checked the privileges). Sync. */
  setFunctionOwner(tx: CatalogTransaction, oid: number, owner: number): void {
    functions.setFunctionOwner(this.#writer(tx), oid, owner);
  }

  // --- triggers (trigger-ddl.ts) -----------------------------------------------------------------

  /** CREATE [OR REPLACE] TRIGGER on `table`: returns its OID. Sync. @throws DbError 42710. */
  createTrigger(
    tx: CatalogTransaction,
    table: TableDef,
    spec: triggers.TriggerSpec,
    replace: boolean,
  ): number {
    return triggers.createTrigger(this.#writer(tx), table, spec, replace);
  }

  /** DROP TRIGGER of trigger `t` of `table`. Sync. */
  dropTrigger(tx: CatalogTransaction, table: TableDef, t: TriggerDef): void {
    triggers.dropTrigger(this.#writer(tx), table, t);
  }

  /** ALTER TRIGGER … RENAME TO. Sync. @throws DbError 42704, 42710. */
  renameTrigger(tx: CatalogTransaction, table: TableDef, from: string, to: string): void {
    triggers.renameTrigger(this.#writer(tx), table, from, to);
  }

  /** A trigger's WHEN condition rewritten (RENAME COLUMN). Sync. */
  setTriggerWhen(tx: CatalogTransaction, table: TableDef, t: TriggerDef, when: string): void {
    triggers.setTriggerWhen(this.#writer(tx), table, t, when);
  }

  /** ALTER TABLE … ENABLE / DISABLE TRIGGER {name | ALL | USER} (`name` undefined). Sync. @throws DbError 42704. */
  setTriggersEnabled(
    tx: CatalogTransaction,
    table: TableDef,
    name: string | undefined,
    enable: boolean,
  ): void {
    triggers.setTriggersEnabled(this.#writer(tx), table, name, enable);
  }

  // --- extensions (extension-ddl.ts) ---------------------------------------------------------

  /**
   * CREATE EXTENSION: false when installed and `ifNotExists`. Sync.
   * @throws DbError 42710, 0A000 (not available), 22023 (version), 3F000 (schema).
   */
  createExtension(
    tx: CatalogTransaction,
    spec: extensions.ExtensionSpec,
    ifNotExists = false,
    path?: SearchPath,
  ): boolean {
    return extensions.createExtension(this.#writer(tx, path), spec, ifNotExists);
  }

  /** DROP EXTENSION of an installed extension. Sync. @throws DbError 42704, 0A000 (plpgsql). */
  dropExtension(tx: CatalogTransaction, name: string): void {
    extensions.dropExtension(this.#writer(tx), name);
  }

  /**
   * TRUNCATE … RESTART IDENTITY / ALTER SEQUENCE RESTART: the sequence restarts at `value` (its
   * start value by default) if `tx` commits — a new file, as PostgreSQL 10+. Sync.
   */
  restartSequence(tx: CatalogTransaction, oid: Oid, value?: bigint): void {
    alter.restartSequenceFile(this.#writer(tx), oid, value);
  }

  /**
   * nextval: the sequence's next value, non-transactionally (an abort does not give it back).
   * `tx` gets an xid when the WAL record covering the value is not yet durable, so its commit
   * makes it durable. Sync. @throws DbError 2200H (exhausted).
   */
  nextval(tx: CatalogTransaction, seq: SequenceDef): bigint {
    return nextSequenceValue(this.#ctx, seq, tx);
  }

  /** setval / ALTER SEQUENCE RESTART: non-transactional, logged. Sync. @throws DbError 22003. */
  setval(tx: CatalogTransaction, seq: SequenceDef, value: bigint, isCalled: boolean): void {
    setSequenceValue(this.#ctx, seq, value, isCalled, tx);
  }

  /** The sequence's current page state (`SELECT * FROM seq`, tests). Sync. */
  sequenceState(seq: SequenceDef): SequenceState {
    return readSequenceState(this.#ctx, seq.file);
  }

  // --- transaction end ----------------------------------------------------------------------

  /**
   * Call after `tx` committed (its commit record is durable): removes the files it dropped and
   * publishes its changes to every other transaction. A no-op for a transaction that did not
   * change the catalog. Sync.
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

  /**
   * SAVEPOINT: how far `tx`'s pending file and name lists reach now, for `rollbackToSavepoint`.
   * Sync.
   */
  savepointMark(tx: CatalogTransaction): SavepointMark {
    const p = tx.xid === 0 ? undefined : this.#pending.get(tx.xid);
    return { created: p?.created.length ?? 0, dropped: p?.dropped.length ?? 0, names: p?.names.length ?? 0 };
  }

  /**
   * ROLLBACK TO: call after `tx` rolled back its subtransactions to a savepoint taken at `mark`.
   * Files created since are removed, drops since are forgotten (the files stay: the rows that
   * dropped them are aborted), names claimed since are released, and every cached view is
   * rebuilt (the rolled-back sub-xids' rows are invisible now). Sync.
   */
  rollbackToSavepoint(tx: CatalogTransaction, mark: SavepointMark): void {
    const pending = tx.xid === 0 ? undefined : this.#pending.get(tx.xid);
    if (!pending) return;
    for (const f of pending.created.splice(mark.created)) this.#dropFile(f);
    pending.dropped.splice(mark.dropped);
    for (const key of pending.names.splice(mark.names)) {
      if (this.#liveNames.get(key) === tx.xid && !pending.names.includes(key)) this.#liveNames.delete(key);
    }
    this.#statistics.invalidate();
    this.#descriptions.invalidate();
    this.#acls.invalidate();
    this.#members.invalidate();
    this.#defaultAcls.invalidate();
    this.#views.delete(tx.xid);
  }

  /**
   * COMMIT/ROLLBACK PREPARED: settles the pending files of prepared transaction `xid` (a
   * transaction object no longer exists for it) and publishes its catalog changes. Sync.
   */
  finishPrepared(xid: TxnId, committed: boolean): void {
    const tx: CatalogTransaction = { xid, cid: 0, assignXid: () => xid };
    // After a restart its pending lists are gone (NB: its created or dropped files then leak,
    // as after a crash), but its catalog rows may still have changed every cached view.
    this.#pendingOf(xid);
    if (committed) this.commitTransaction(tx);
    else this.abortTransaction(tx);
  }

  /** The `schema.name` keys of the relations `tx` created (PREPARE's temporary-object check). Sync. */
  pendingNames(tx: CatalogTransaction): readonly string[] {
    return (tx.xid === 0 ? undefined : this.#pending.get(tx.xid))?.names ?? [];
  }

  // --- storage of relations ------------------------------------------------------------------

  /** The open store of a table (opened on first use). Sync. @throws DbError 42704 unknown method. */
  store(table: TableDef): TableStore {
    let store = this.#stores.get(table.file);
    if (!store) {
      const method = this.#tableStores.get(table.method);
      if (!method) throw new DbError('42704', `access method "${table.method}" does not exist`);
      if (table.unlogged) this.#ctx.wal.unloggedFiles.add(table.file);
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
      if (def.unlogged) this.#ctx.wal.unloggedFiles.add(def.file);
      index = method.open(this.#ctx, def.file);
      this.#indexes.set(def.file, index);
    }
    return index;
  }

  /**
   * Startup, after recovery: empties every table whose store is not durable (`memory`) and the
   * indexes on it; after a crash (`crashed`) also every unlogged table and its indexes, as
   * PostgreSQL resets unlogged relations. Returns how many tables it reset. Sync.
   */
  resetUnloggedRelations(crashed: boolean): number {
    let n = 0;
    for (const table of this.reader().tables()) {
      if (this.#tableStores.get(table.method)?.durable === false) {
        this.store(table).truncate();
        for (const ix of table.indexes) this.index(ix).truncate();
      } else if (crashed && table.unlogged) {
        this.#recreateUnlogged(table);
      } else {
        continue;
      }
      n++;
    }
    if (n > 0) this.#logger.info({ tables: n }, 'reset unlogged tables');
    return n;
  }

  /**
   * An unlogged table's files after a crash hold whatever pages reached the disk, possibly torn,
   * never read: each is dropped and created anew, empty (a new index's meta page and root), as
   * PostgreSQL replaces the main fork by the init fork. Both steps are logged, so a crash in the
   * middle leaves files the next startup recreates again. Sync.
   */
  #recreateUnlogged(table: TableDef): void {
    const unlogged = this.#ctx.wal.unloggedFiles;
    const method = this.#tableStores.get(table.method);
    if (!method) throw new DbError('42704', `access method "${table.method}" does not exist`);
    unlogged.add(table.file);
    method.drop(this.#ctx, table.file);
    this.#stores.set(table.file, method.create(this.#ctx, table.file));
    for (const ix of table.indexes) {
      const im = this.#indexMethods.get(ix.method);
      if (!im) throw new DbError('42704', `access method "${ix.method}" does not exist`);
      unlogged.add(ix.file);
      im.drop(this.#ctx, ix.file);
      this.#indexes.set(ix.file, im.create(this.#ctx, ix.file, ix.name));
    }
  }

  /** The temporary schemas that hold relations (left by sessions that ended in a crash). */
  tempSchemas(): string[] {
    return [...this.reader().data.schemasInUse].filter(isTempSchema);
  }

  // --- internals -------------------------------------------------------------------------------

  #pendingOf(xid: TxnId): Pending {
    let p = this.#pending.get(xid);
    if (!p) {
      p = { created: [], dropped: [], names: [] };
      this.#pending.set(xid, p);
    }
    return p;
  }

  #finish(tx: CatalogTransaction): Pending | undefined {
    const xid = tx.xid;
    const pending = this.#pending.get(xid);
    if (!pending) return undefined;
    this.#pending.delete(xid);
    for (const key of pending.names) if (this.#liveNames.get(key) === xid) this.#liveNames.delete(key);
    // Every view may have seen this transaction as in progress.
    this.#committed = undefined;
    this.#statistics.invalidate();
    this.#descriptions.invalidate();
    this.#roles.invalidate();
    this.#acls.invalidate();
    this.#members.invalidate();
    this.#defaultAcls.invalidate();
    this.#views.clear();
    return pending;
  }

  #dropFile(f: PendingFile): void {
    switch (f.kind) {
      case 'table': {
        this.#stores.delete(f.file);
        const method = this.#tableStores.get(f.method);
        if (method) method.drop(this.#ctx, f.file);
        return;
      }
      case 'index': {
        this.#indexes.delete(f.file);
        const method = this.#indexMethods.get(f.method);
        if (method) method.drop(this.#ctx, f.file);
        return;
      }
      case 'sequence':
        dropSequencePage(this.#ctx, f.file);
        return;
    }
  }
}
