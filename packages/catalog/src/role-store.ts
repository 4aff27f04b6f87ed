/**
 * Roles (CREATE ROLE / ALTER ROLE / DROP ROLE), PostgreSQL's pg_authid: stored transactionally in
 * the system relation sys_authid and read back as frozen `RoleDef`s. Authentication reads the
 * committed state (`Catalog.role(name)`); pg_roles, pg_authid and psql's \du read `Catalog.roles()`.
 *
 * sys_authid (FileId 11): one row per role.
 *
 * | attnum | column       | type        | description                                           |
 * |--------|--------------|-------------|-------------------------------------------------------|
 * | 1      | oid          | int4        | the role's OID (10 for the bootstrap superuser)       |
 * | 2      | name         | text        | rolname, unique                                       |
 * | 3      | superuser    | bool        | rolsuper                                              |
 * | 4      | inherit      | bool        | rolinherit                                            |
 * | 5      | create_role  | bool        | rolcreaterole                                         |
 * | 6      | create_db    | bool        | rolcreatedb                                           |
 * | 7      | can_login    | bool        | rolcanlogin                                           |
 * | 8      | replication  | bool        | rolreplication                                        |
 * | 9      | bypass_rls   | bool        | rolbypassrls                                          |
 * | 10     | conn_limit   | int4        | rolconnlimit, -1 for no limit                         |
 * | 11     | password     | text        | rolpassword: a SCRAM-SHA-256 or md5 verifier, or NULL |
 * | 12     | valid_until  | timestamptz | rolvaliduntil, NULL for no limit                      |
 *
 * BOOTSTRAP. A new data directory (and one made before roles existed, on open) gets the bootstrap
 * superuser — OID 10, every attribute, no password — written by the bootstrap transaction (xid 1,
 * always committed), as initdb does for PostgreSQL's install user.
 *
 * VISIBILITY is the catalog's (system-relations.ts): the committed state plus the reading
 * transaction's own changes. ALTER and RENAME set xmax on the visible row and insert the new
 * version. A row another live transaction is changing raises 55P03, and a CREATE of a name
 * another live transaction created raises 42710 at once (PostgreSQL waits on the unique index
 * first; nothing here waits). NB: dead versions are not reclaimed (system relations are not
 * vacuumed yet); roles change rarely.
 *
 * SECRETS. `password` is a verifier, never a password; nothing here logs.
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
import { catalogVisible, deletedByOther, noSubtransactions, type XidOracle } from './catalog-visibility.js';
import type { RoleInfo } from './system-catalog/session-info.js';
import type { XidStatus } from './system-relations.js';

/** The reserved FileId of sys_authid. Stored on disk: never renumber. */
export const AUTHID_FILE = fileId(11);

/** The bootstrap superuser's OID (PostgreSQL's BOOTSTRAP_SUPERUSERID). */
export const BOOTSTRAP_SUPERUSER_OID = 10;

/** A role as pg_authid describes it. Frozen. */
export interface RoleDef extends RoleInfo {
  /** The stored verifier (SCRAM-SHA-256 or md5), or null: no password. */
  readonly password: string | null;
  /** timestamptz (microseconds since 2000-01-01 UTC) after which the password is invalid; null: never. */
  readonly validUntil: bigint | null;
}

/** The attributes of a role, without its identity (what CREATE sets and ALTER changes). */
export type RoleAttributes = Omit<RoleDef, 'oid' | 'name'>;

/** The part of a transaction a write needs (stamped on the versions). */
export interface RoleWriter {
  readonly xid: TxnId;
  readonly cid: number;
}

const bool = sqlType('bool');
const COLUMNS: readonly SqlType[] = [
  sqlType('int4'),
  sqlType('text'),
  bool,
  bool,
  bool,
  bool,
  bool,
  bool,
  bool,
  sqlType('int4'),
  sqlType('text'),
  sqlType('timestamptz'),
];

interface StoredRole {
  readonly tid: TupleVersion['tid'];
  readonly def: RoleDef;
}

/** What a fresh role gets in PostgreSQL (CREATE ROLE without options). */
export const DEFAULT_ROLE_ATTRIBUTES: RoleAttributes = Object.freeze({
  superuser: false,
  inherit: true,
  createRole: false,
  createDb: false,
  canLogin: false,
  replication: false,
  bypassRls: false,
  connectionLimit: -1,
  password: null,
  validUntil: null,
});

/**
 * sys_authid: see the file comment. Synchronous; the committed state is cached and rebuilt after
 * `invalidate()` (the catalog calls it when a transaction that changed the catalog ends).
 */
export class RoleStore {
  readonly #store: TableStore;
  readonly #status: (xid: TxnId) => XidStatus;
  readonly #topXid: (xid: TxnId) => TxnId;
  readonly #oracle: XidOracle;
  #committed: Map<string, StoredRole> | undefined;
  readonly #own = new Map<TxnId, Map<string, StoredRole>>();

  /**
   * Opens sys_authid, creating it (with the bootstrap superuser `superuser`) in a new directory
   * or one that predates roles. Sync.
   */
  constructor(
    method: TableStoreMethod,
    ctx: StoreContext,
    create: boolean,
    status: (xid: TxnId) => XidStatus,
    superuser: string,
    topXid: (xid: TxnId) => TxnId = noSubtransactions,
  ) {
    this.#topXid = topXid;
    this.#oracle = { status, topXid };
    const missing = !create && ctx.pool.pageCount(AUTHID_FILE) === 0;
    this.#status = status;
    if (create || missing) {
      this.#store = method.create(ctx, AUTHID_FILE);
      const all: RoleAttributes = {
        ...DEFAULT_ROLE_ATTRIBUTES,
        superuser: true,
        createRole: true,
        createDb: true,
        canLogin: true,
        replication: true,
        bypassRls: true,
      };
      const bootstrap = { xid: 1 as TxnId, cid: 0 };
      this.#insert(bootstrap, { oid: BOOTSTRAP_SUPERUSER_OID, name: superuser, ...all });
    } else {
      this.#store = method.open(ctx, AUTHID_FILE);
    }
  }

  /** Every role `xid` sees (0: the committed state), by OID. Sync. */
  list(xid: TxnId = 0 as TxnId): RoleDef[] {
    return [...this.#rows(xid).values()].map((r) => r.def).sort((a, b) => a.oid - b.oid);
  }

  /** The role `name` as `xid` sees it (0: the committed state), or undefined. Sync. */
  get(name: string, xid: TxnId = 0 as TxnId): RoleDef | undefined {
    return this.#rows(xid).get(name)?.def;
  }

  /**
   * Inserts a new role in `w`'s transaction. The caller checked permissions. Sync.
   * @throws DbError 42710 `role "x" already exists` (also when another live transaction created it).
   */
  create(w: RoleWriter, def: RoleDef): RoleDef {
    // `w.xid` is stamped (a sub-xid after a SAVEPOINT); `own` is the transaction's identity.
    const own = this.#topXid(w.xid);
    if (this.#rows(own).has(def.name) || this.#createdByOther(own, def.name)) {
      throw new DbError('42710', `role "${def.name}" already exists`);
    }
    const frozen = this.#insert(w, def);
    this.#own.set(own, this.#load(own));
    return frozen;
  }

  /**
   * Replaces role `name` with `def` (same OID; a new name for RENAME) in `w`'s transaction. Sync.
   * @throws DbError 42704 (no such role), 42710 (the new name is taken), 55P03 (another live
   *   transaction is changing the role).
   */
  replace(w: RoleWriter, name: string, def: RoleDef): RoleDef {
    const own = this.#topXid(w.xid);
    const rows = this.#rows(own);
    const old = rows.get(name);
    if (old === undefined) throw roleNotFound(name);
    if (def.name !== name && (rows.has(def.name) || this.#createdByOther(own, def.name))) {
      throw new DbError('42710', `role "${def.name}" already exists`);
    }
    this.#delete(w, old);
    const frozen = this.#insert(w, { ...def, oid: old.def.oid });
    this.#own.set(own, this.#load(own));
    return frozen;
  }

  /** Deletes role `name` in `w`'s transaction. Sync. @throws DbError 42704, 55P03. */
  drop(w: RoleWriter, name: string): void {
    const own = this.#topXid(w.xid);
    const old = this.#rows(own).get(name);
    if (old === undefined) throw roleNotFound(name);
    this.#delete(w, old);
    this.#own.set(own, this.#load(own));
  }

  /** A transaction that changed the catalog committed or aborted: every cached state may be stale. */
  invalidate(): void {
    this.#committed = undefined;
    this.#own.clear();
  }

  #rows(xid: TxnId): Map<string, StoredRole> {
    if (xid !== 0) {
      const own = this.#own.get(xid);
      if (own) return own;
    }
    this.#committed ??= this.#load(0 as TxnId);
    return this.#committed;
  }

  #insert(w: RoleWriter, def: RoleDef): RoleDef {
    const values: Value[] = [
      def.oid,
      def.name,
      def.superuser,
      def.inherit,
      def.createRole,
      def.createDb,
      def.canLogin,
      def.replication,
      def.bypassRls,
      def.connectionLimit,
      def.password,
      def.validUntil,
    ];
    this.#store.insert(w.xid, w.cid as never, encodeRow(values, COLUMNS));
    return Object.freeze({ ...def });
  }

  #delete(w: RoleWriter, row: StoredRole): void {
    // The cached version may predate another transaction's change: read its xmax now.
    const xmax = this.#store.fetch(row.tid)?.xmax ?? 0;
    if (deletedByOther(xmax as TxnId, w.xid, this.#oracle)) {
      throw new DbError('55P03', `could not obtain lock on role "${row.def.name}"`);
    }
    this.#store.setXmax(row.tid, w.xid, w.cid as never);
  }

  /** Does a live transaction other than `xid` hold a new, undeleted version named `name`? */
  #createdByOther(xid: TxnId, name: string): boolean {
    const values: Value[] = [];
    const cursor = this.#store.scan();
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (this.#topXid(v.xmin) === xid || v.xmax !== 0 || this.#status(v.xmin) !== 'in-progress') continue;
        values.length = 0;
        decodeRow(v.data, COLUMNS, values);
        if (values[1] === name) return true;
      }
    } finally {
      cursor.close();
    }
    return false;
  }

  #load(xid: TxnId): Map<string, StoredRole> {
    const rows = new Map<string, StoredRole>();
    const values: Value[] = [];
    const cursor = this.#store.scan();
    try {
      for (let v = cursor.next(); v; v = cursor.next()) {
        if (!this.#visible(v, xid)) continue;
        values.length = 0;
        decodeRow(v.data, COLUMNS, values);
        const def: RoleDef = Object.freeze({
          oid: values[0] as number,
          name: values[1] as string,
          superuser: values[2] as boolean,
          inherit: values[3] as boolean,
          createRole: values[4] as boolean,
          createDb: values[5] as boolean,
          canLogin: values[6] as boolean,
          replication: values[7] as boolean,
          bypassRls: values[8] as boolean,
          connectionLimit: values[9] as number,
          password: (values[10] ?? null) as string | null,
          validUntil: (values[11] ?? null) as bigint | null,
        });
        rows.set(def.name, { tid: v.tid, def });
      }
    } finally {
      cursor.close();
    }
    return rows;
  }

  /** The catalog's rule (system-relations.ts): committed, or this transaction's own. */
  #visible(v: TupleVersion, xid: TxnId): boolean {
    return catalogVisible(v, xid, this.#oracle);
  }
}

const roleNotFound = (name: string) => new DbError('42704', `role "${name}" does not exist`);
