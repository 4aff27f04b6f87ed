/**
 * Privileges of schema statements (PostgreSQL's ownership and CREATE checks in tablecmds.c,
 * indexcmds.c, schemacmds.c, …) and the ownership of what they create.
 *
 * - DROP, ALTER TABLE, ALTER SEQUENCE, CREATE INDEX, REINDEX and COMMENT ON need ownership of the
 *   relation (of the index's table) or schema: 42501 `must be owner of table t`; a FOREIGN KEY
 *   needs REFERENCES on the table it references.
 * - TRUNCATE needs the TRUNCATE privilege; LOCK TABLE needs SELECT for ACCESS SHARE, one of
 *   INSERT/UPDATE/DELETE/TRUNCATE for ROW EXCLUSIVE, one of UPDATE/DELETE/TRUNCATE otherwise;
 *   COPY FROM needs INSERT (COPY TO's query is checked like any plan).
 * - CREATE of a table, view or sequence needs CREATE on its schema (a temporary one needs the
 *   database's TEMPORARY), CREATE SCHEMA the database's CREATE (and membership in the
 *   AUTHORIZATION role).
 * - Ownership: every table, view, sequence (serial and identity ones included) and schema a
 *   statement creates is owned by the current user, with the ACL ALTER DEFAULT PRIVILEGES set
 *   for it (PostgreSQL's get_user_default_acl) — recorded in sys_acl unless the owner is the
 *   bootstrap superuser and the ACL the default, which need no row (acl-store.ts).
 */
import {
  type Acl,
  BOOTSTRAP_SUPERUSER_OID,
  type CatalogView,
  isTempSchema,
  Privilege,
  privilegesFor,
} from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { CommentStmt, LockStmt, ObjectName, Statement } from '@rustydb/parser';
import {
  requireColumnsPrivilege,
  requireOwner,
  requireSchemaCreate,
  requireTablePrivilege,
  roleOf,
} from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';

/** What `recordOwnership` compares against: the relations and schemas before the statement. */
export interface OwnershipMark {
  readonly relations: ReadonlySet<number>;
  readonly schemas: ReadonlySet<number>;
  readonly owner: number;
}

/**
 * Checks that the current user may run schema statement `stmt` (see the file comment) and, when
 * it is not the bootstrap superuser, returns the mark `recordOwnership` needs. Sync.
 * @throws DbError 42501.
 */
export function checkStatementPrivileges(stmt: Statement, ctx: StatementContext): OwnershipMark | undefined {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  const { ctx: privs, role } = roleOf(view, user);
  if (!role.superuser) checkStatement(stmt, ctx, view, user);
  let owner = role.oid;
  if (stmt.kind === 'createSchema' && stmt.authorization !== undefined) {
    const auth = privs.roleByName(stmt.authorization);
    if (auth === undefined) throw new DbError('42704', `role "${stmt.authorization}" does not exist`);
    if (!privs.isMemberOf(role.oid, auth.oid)) {
      throw new DbError('42501', `must be member of role "${auth.name}"`);
    }
    owner = auth.oid;
  }
  // The bootstrap superuser's objects need a sys_acl row only for a default ACL.
  if (owner === BOOTSTRAP_SUPERUSER_OID && !privs.hasDefaultAcls) return undefined;
  if (!CREATES.has(stmt.kind)) return undefined;
  return {
    relations: new Set(view.data.relationRows.keys()),
    schemas: new Set([...view.data.schemas.values()].map((s) => s.row.oid)),
    owner,
  };
}

const CREATES: ReadonlySet<string> = new Set([
  'createTable',
  'createTableAs',
  'createView',
  'createSequence',
  'createSchema',
  'createCompositeType', // a relation of kind 'c'
  'alterTable', // ADD COLUMN … serial / identity creates a sequence
]);

/** After the statement: records `mark.owner` as the owner of what it created. Sync. */
export function recordOwnership(mark: OwnershipMark | undefined, ctx: StatementContext): void {
  if (mark === undefined) return;
  const view = ctx.catalog;
  const privs = privilegesFor(view);
  const catalog = ctx.engine.catalog;
  const owner = mark.owner;
  const record = (object: number, kind: 'table' | 'sequence' | 'schema', acl: Acl | null, name: string) => {
    if (owner === BOOTSTRAP_SUPERUSER_OID && acl === null) return;
    catalog.setObjectPrivileges(ctx.tx, { object, kind, owner, acl }, name);
  };
  for (const [oid, row] of view.data.relationRows) {
    if (mark.relations.has(oid) || row.kind === 'i') continue;
    const objtype = row.kind === 'S' ? 'S' : 'r';
    // A composite type's relation has no privileges of its own (PostgreSQL: relacl NULL).
    const acl =
      row.kind === 'c' ? null : privs.defaultAclFor(owner, view.schemaOid(row.schema) ?? 0, objtype);
    record(oid, objtype === 'S' ? 'sequence' : 'table', acl, row.name);
  }
  for (const s of view.data.schemas.values()) {
    if (mark.schemas.has(s.row.oid)) continue;
    record(s.row.oid, 'schema', privs.defaultAclFor(owner, 0, 'n'), s.row.name);
  }
}

function checkStatement(stmt: Statement, ctx: StatementContext, view: CatalogView, user: string): void {
  switch (stmt.kind) {
    case 'drop':
      // type-statements.ts and extension-statements.ts check the ownership of types and extensions
      if (stmt.objectType === 'type' || stmt.objectType === 'extension') return;
      for (const n of stmt.names) {
        if (stmt.objectType === 'schema') ownSchema(view, user, n.name);
        else ownRelation(view, user, n);
      }
      return;
    case 'alterTable':
      ownRelation(view, user, stmt.table);
      referencedTables(view, user, stmt.actions);
      return;
    case 'alterSequence':
    case 'alterIndex':
      ownRelation(view, user, stmt.name);
      return;
    case 'createIndex':
      ownRelation(view, user, stmt.table);
      return;
    case 'reindex':
      ownRelation(view, user, stmt.relation);
      return;
    case 'refreshMatView':
      ownRelation(view, user, stmt.name);
      return;
    case 'truncate':
      for (const n of stmt.tables) {
        const t = view.table(n.name, n.schema);
        if (t !== undefined) requireTablePrivilege(view, user, t.oid, t.name, Privilege.TRUNCATE);
      }
      return;
    case 'createTable':
      createIn(view, user, stmt.name, stmt.temporary, ctx);
      referencedTables(view, user, [stmt.columns, stmt.constraints]);
      return;
    case 'createView':
    case 'createSequence':
    case 'createTableAs': {
      createIn(view, user, stmt.name, stmt.temporary, ctx);
      return;
    }
    case 'createSchema': {
      const { ctx: privs, role } = roleOf(view, user);
      if (!privs.hasDatabase(role.oid, Privilege.CREATE)) {
        throw new DbError('42501', `permission denied for database ${ctx.engine.databaseName ?? 'rustydb'}`);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * A FOREIGN KEY needs REFERENCES on the table it references (PostgreSQL's checkFkeyPermissions).
 * `node` is any part of the statement's AST; tables not existing yet are left to the statement.
 */
function referencedTables(view: CatalogView, user: string, node: unknown): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const item of node) referencedTables(view, user, item);
    return;
  }
  const c = node as { kind?: unknown; refTable?: ObjectName; refColumns?: readonly string[] };
  if (c.kind === 'foreignKey' && c.refTable !== undefined) {
    const t = view.table(c.refTable.name, c.refTable.schema);
    if (t === undefined) return;
    // Without REFERENCES on the table, REFERENCES on each referenced column (checkFkeyPermissions).
    const names = c.refColumns ?? [];
    const attnums =
      names.length > 0
        ? names.map((n) => t.columns.find((col) => col.name === n)?.attnum)
        : (t.indexes.find((ix) => ix.primary)?.columns ?? []);
    if (attnums.some((a) => a === undefined) || attnums.length === 0) {
      requireTablePrivilege(view, user, t.oid, t.name, Privilege.REFERENCES);
    } else {
      requireColumnsPrivilege(view, user, t.oid, t.name, Privilege.REFERENCES, attnums as number[]);
    }
    return;
  }
  for (const value of Object.values(node)) referencedTables(view, user, value);
}

/** CREATE … name: CREATE on the schema it lands in (TEMPORARY on the database for temp ones). */
function createIn(
  view: CatalogView,
  user: string,
  name: ObjectName,
  temporary: boolean,
  ctx: StatementContext,
): void {
  const schema =
    name.schema !== undefined
      ? view.resolveSchema(name.schema)
      : temporary
        ? undefined
        : view.creationSchema();
  if (temporary || (schema !== undefined && isTempSchema(schema))) {
    const { ctx: privs, role } = roleOf(view, user);
    if (!privs.hasDatabase(role.oid, Privilege.TEMPORARY)) {
      throw new DbError(
        '42501',
        `permission denied to create temporary tables in database "${ctx.engine.databaseName ?? 'rustydb'}"`,
      );
    }
    return;
  }
  // No schema (or an unknown one): the statement reports it.
  if (schema === undefined || !view.schemaExists(schema)) return;
  requireSchemaCreate(view, user, schema, name.location + 1);
}

/** Ownership of the relation `n` names (of an index's table); unknown names are left to the statement. */
function ownRelation(view: CatalogView, user: string, n: ObjectName): void {
  const entry = view.relation(n.name, n.schema);
  if (entry === undefined) return;
  if (entry.kind === 'index') {
    requireOwner(view, user, entry.table.oid, 'table', 'index', entry.def.name);
    return;
  }
  const kind = entry.kind === 'sequence' ? 'sequence' : 'table';
  const what = entry.kind === 'table' && entry.def.matview ? 'materialized view' : entry.kind;
  requireOwner(view, user, entry.def.oid, kind, what, entry.def.name);
}

function ownSchema(view: CatalogView, user: string, name: string): void {
  const oid = view.schemaOid(name);
  if (oid === undefined) return;
  requireOwner(view, user, oid, 'schema', 'schema', name);
}

/** COMMENT ON: ownership of the object (PostgreSQL's check_object_ownership). Sync. @throws DbError 42501. */
export function checkCommentPrivileges(stmt: CommentStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  if (roleOf(view, user).role.superuser) return;
  if (stmt.objectType === 'schema') ownSchema(view, user, stmt.object.name);
  else ownRelation(view, user, stmt.object);
}

/**
 * LOCK TABLE's privilege (PostgreSQL 15's LockTableAclCheck), per table. Sync.
 * @throws DbError 42501 `permission denied for table t`.
 */
export function checkLockPrivileges(stmt: LockStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  if (roleOf(view, user).role.superuser) return;
  const bits =
    stmt.mode === 'accessShare'
      ? Privilege.SELECT
      : stmt.mode === 'rowExclusive'
        ? Privilege.INSERT | Privilege.UPDATE | Privilege.DELETE | Privilege.TRUNCATE
        : Privilege.UPDATE | Privilege.DELETE | Privilege.TRUNCATE;
  for (const n of stmt.tables) {
    const entry = view.relation(n.name, n.schema);
    if (entry === undefined || (entry.kind !== 'table' && entry.kind !== 'view')) continue;
    requireTablePrivilege(view, user, entry.def.oid, entry.def.name, bits, true);
  }
}

/** COPY t [(cols)] FROM: INSERT on the table, or on each column copied. Sync. @throws DbError 42501. */
export function checkCopyFromPrivileges(
  table: { oid: number; name: string },
  columns: readonly { attnum: number }[],
  ctx: StatementContext,
): void {
  const view = ctx.catalog;
  const user = currentUserOf(ctx.settings);
  if (roleOf(view, user).role.superuser) return;
  requireColumnsPrivilege(
    view,
    user,
    table.oid,
    table.name,
    Privilege.INSERT,
    columns.map((c) => c.attnum),
  );
}
