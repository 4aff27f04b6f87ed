/**
 * Schema statements run by the engine itself (utility statements, in PostgreSQL's words):
 * CREATE TABLE [AS], CREATE INDEX, CREATE VIEW, CREATE SCHEMA, CREATE / ALTER SEQUENCE, ALTER
 * TABLE, TRUNCATE and DROP. Each turns its AST into catalog calls (`Catalog.createTable`, …) in
 * the statement's transaction, so it commits or rolls back with it. What PostgreSQL checks while
 * transforming the statement (conflicting NULL / NOT NULL, multiple primary keys, the positions
 * of those errors) is checked here and in column-definitions.ts; what concerns the stored
 * definitions (name collisions, key columns, dependencies) is the catalog's.
 *
 * Statements the parser accepts but this version does not build answer 0A000 naming the
 * statement (`unsupportedStatement`).
 */
import type { CatalogView } from '@rustydb/catalog';
import { DbError, duplicateTable, featureNotSupported, type Oid } from '@rustydb/common';
import type {
  AlterDomainStmt,
  AlterIndexStmt,
  AlterSequenceStmt,
  AlterTableStmt,
  AlterTypeStmt,
  CreateCompositeTypeStmt,
  CreateDomainStmt,
  CreateEnumStmt,
  CreateExtensionStmt,
  CreateIndexStmt,
  CreateSchemaStmt,
  CreateSequenceStmt,
  CreateTableAsStmt,
  CreateTableStmt,
  CreateViewStmt,
  DropStmt,
  ObjectName,
  RefreshMatViewStmt,
  Statement,
  TruncateStmt,
} from '@rustydb/parser';
import { alterIndex } from './alter-index-statement.js';
import { alterTable } from './alter-table-statement.js';
import {
  addConstraint,
  columnSpec,
  columnTypeOf,
  createColumnSequences,
  emptyConstraints,
  ownColumnSequences,
  withGenerationExprs,
} from './column-definitions.js';
import { createCompositeType } from './composite-type-statements.js';
import { createIndex } from './create-index-statement.js';
import { checkStatementPrivileges, recordOwnership } from './ddl-privileges.js';
import { alterDomain, createDomain, dropDomains } from './domain-statements.js';
import { createExtension, dropExtensions } from './extension-statements.js';
import { refreshMatView } from './materialized-view-statements.js';
import { checkOnCommit } from './on-commit-actions.js';
import { KIND_KEYWORDS, KIND_WORDS, objectKindOf } from './relation-kinds.js';
import { alterSequence, createSequence } from './sequence-statements.js';
import type { StatementContext } from './session.js';
import { checkNoPendingChecks } from './set-constraints-statement.js';
import { notice, sendCascadeNotice } from './statement-notices.js';
import { tableOptions } from './storage-parameters.js';
import { createTableAs } from './table-as-statement.js';
import { expandTableLikes, finishTableLikes } from './table-like.js';
import { truncate } from './truncate-statement.js';
import { alterType, createEnum, dropTypes } from './type-statements.js';
import { createView } from './view-statements.js';

/** The statements this file runs. */
export type SchemaStatement =
  | CreateTableStmt
  | CreateTableAsStmt
  | RefreshMatViewStmt
  | CreateIndexStmt
  | CreateViewStmt
  | CreateSchemaStmt
  | CreateSequenceStmt
  | AlterSequenceStmt
  | AlterTableStmt
  | AlterIndexStmt
  | TruncateStmt
  | DropStmt
  | CreateEnumStmt
  | CreateCompositeTypeStmt
  | CreateExtensionStmt
  | AlterTypeStmt
  | CreateDomainStmt
  | AlterDomainStmt;

const KINDS: ReadonlySet<Statement['kind']> = new Set([
  'createTable',
  'createTableAs',
  'refreshMatView',
  'createIndex',
  'createView',
  'createSchema',
  'createSequence',
  'alterSequence',
  'alterTable',
  'alterIndex',
  'truncate',
  'drop',
  'createEnum',
  'createCompositeType',
  'createExtension',
  'alterType',
  'createDomain',
  'alterDomain',
]);

/** Is `stmt` one `runSchemaStatement` runs? */
export const isSchemaStatement = (stmt: Statement): stmt is SchemaStatement => KINDS.has(stmt.kind);

/**
 * Runs a schema statement in `ctx.tx` after checking the current user's privileges, recording
 * the ownership of what it creates (ddl-privileges.ts). Async (rewrites and validation queries
 * run plans). @throws DbError as PostgreSQL (42501 for missing privileges).
 */
export async function runSchemaStatement(stmt: SchemaStatement, ctx: StatementContext): Promise<void> {
  const mark = checkStatementPrivileges(stmt, ctx);
  await runChecked(stmt, ctx);
  recordOwnership(mark, ctx);
}

async function runChecked(stmt: SchemaStatement, ctx: StatementContext): Promise<void> {
  switch (stmt.kind) {
    case 'createTable':
      return createTable(stmt, ctx);
    case 'createTableAs':
      return createTableAs(stmt, ctx);
    case 'refreshMatView':
      return refreshMatView(stmt, ctx);
    case 'createIndex':
      return createIndex(stmt, ctx, checkCatalogName);
    case 'createView':
      return createView(stmt, ctx);
    case 'createSchema':
      return createSchema(stmt, ctx);
    case 'createSequence':
      return createSequence(stmt, ctx);
    case 'alterSequence':
      return alterSequence(stmt, ctx);
    case 'alterTable':
      return alterTable(stmt, ctx);
    case 'alterIndex':
      return alterIndex(stmt, ctx);
    case 'truncate':
      return truncate(stmt, ctx);
    case 'drop':
      return drop(stmt, ctx);
    case 'createEnum':
      return createEnum(stmt, ctx);
    case 'createCompositeType':
      return createCompositeType(stmt, ctx);
    case 'createExtension':
      return createExtension(stmt, ctx);
    case 'alterType':
      return alterType(stmt, ctx);
    case 'createDomain':
      return createDomain(stmt, ctx);
    case 'alterDomain':
      return alterDomain(stmt, ctx);
  }
}

/** `db.schema.name`: only the current database is reachable. */
export function checkCatalogName(name: ObjectName): void {
  if (name.catalog !== undefined && name.catalog !== 'rustydb') {
    throw new DbError(
      '0A000',
      `cross-database references are not implemented: "${name.catalog}.${name.schema}.${name.name}"`,
      { position: name.location + 1 },
    );
  }
}

/**
 * The schema a CREATE puts its object in: the written one (`pg_temp` → the session's temporary
 * schema), the temporary schema for TEMP, else the first existing search_path schema.
 * @throws DbError 42P16 for TEMP in a named non-temporary schema, 3F000 without any schema.
 */
export function creationSchema(view: CatalogView, name: ObjectName, temporary: boolean): string {
  const temp = view.searchPath.tempSchema!;
  if (name.schema !== undefined) {
    const schema = view.resolveSchema(name.schema);
    if (temporary && schema !== temp) {
      throw new DbError('42P16', 'cannot create temporary relation in non-temporary schema', {
        position: name.location + 1,
      });
    }
    return schema;
  }
  if (temporary) return temp;
  const schema = view.creationSchema();
  if (!schema)
    throw new DbError('3F000', 'no schema has been selected to create in', { position: name.location + 1 });
  return schema;
}

async function createTable(written: CreateTableStmt, ctx: StatementContext): Promise<void> {
  checkCatalogName(written.name);
  const tableName = written.name.name;
  const options = written.storageParameters ? tableOptions(written.storageParameters) : [];
  const schema = creationSchema(ctx.catalog, written.name, written.temporary);
  if (ctx.catalog.relation(tableName, schema)) {
    if (!written.ifNotExists) throw duplicateTable(tableName);
    ctx.out.notice(notice('42P07', `relation "${tableName}" already exists, skipping`));
    ctx.out.commandComplete('CREATE TABLE');
    return;
  }
  checkOnCommit(written.onCommit, schema);
  const { stmt, copies } = expandTableLikes(written, ctx);
  const into = emptyConstraints();
  const target = {
    name: tableName,
    schema,
    columns: stmt.columns.map((c) => ({ name: c.name, type: columnTypeOf(c, ctx.catalog) })),
  };
  const specs = stmt.columns.map((col) => columnSpec(col, target, ctx, into));
  for (const c of stmt.constraints) addConstraint(c, [], target, ctx, into);
  const columns = withGenerationExprs(specs, target, ctx, into);
  createColumnSequences(ctx, target, columns, into.sequences);
  const method =
    stmt.accessMethod ?? (stmt.temporary ? 'memory' : ctx.settings.get('default_table_access_method'));
  const table = ctx.engine.catalog.createTable(ctx.tx, {
    name: tableName,
    schema,
    method,
    columns,
    ...(into.primaryKey ? { primaryKey: into.primaryKey } : {}),
    unique: into.unique,
    checks: into.checks,
    foreignKeys: into.foreignKeys,
    options,
    unlogged: written.unlogged,
  });
  if (written.onCommit !== undefined) ctx.onCommit.register(table.oid, written.onCommit);
  ownColumnSequences(ctx, table.oid, into.sequences);
  // PostgreSQL builds each index of the new table with a sequential scan of it, which
  // pg_stat_all_tables counts (empty as the table is); so does populateIndex for CREATE INDEX.
  const seq = ctx.engine.tableActivity?.table(table.oid).seq;
  if (seq !== undefined) seq.scans += table.indexes.length;
  await finishTableLikes(copies, table, ctx);
  ctx.out.commandComplete('CREATE TABLE');
}

function createSchema(stmt: CreateSchemaStmt, ctx: StatementContext): void {
  const name = stmt.name ?? stmt.authorization;
  if (name === undefined) throw new DbError('42601', 'CREATE SCHEMA needs a name');
  if (ctx.catalog.schemaExists(name) && stmt.ifNotExists) {
    ctx.out.notice(notice('42P06', `schema "${name}" already exists, skipping`));
    ctx.out.commandComplete('CREATE SCHEMA');
    return;
  }
  ctx.engine.catalog.createSchema(ctx.tx, name);
  ctx.out.commandComplete('CREATE SCHEMA');
}

/**
 * DROP TABLE / INDEX / VIEW / SEQUENCE / SCHEMA a, b [CASCADE]: every name is resolved before
 * anything is dropped, as PostgreSQL.
 */
function drop(stmt: DropStmt, ctx: StatementContext): void {
  const what = stmt.objectType;
  const cascade = stmt.behavior === 'cascade';
  const tag = what === 'materializedView' ? 'DROP MATERIALIZED VIEW' : `DROP ${what.toUpperCase()}`;
  if (what === 'type') {
    dropTypes(stmt, ctx);
    return;
  }
  if (what === 'domain') {
    dropDomains(stmt, ctx);
    return;
  }
  if (what === 'extension') {
    dropExtensions(stmt, ctx);
    return;
  }
  if (what === 'schema') {
    dropSchemas(stmt, ctx, cascade);
    ctx.out.commandComplete(tag);
    return;
  }
  const oids = new Set<Oid>();
  for (const name of stmt.names) {
    checkCatalogName(name);
    if (name.schema !== undefined && !ctx.catalog.schemaExists(name.schema)) {
      if (!stmt.ifExists) throw new DbError('3F000', `schema "${name.schema}" does not exist`);
      ctx.out.notice(notice('00000', `schema "${name.schema}" does not exist, skipping`));
      continue;
    }
    const entry = ctx.catalog.relation(name.name, name.schema);
    if (!entry) {
      const full = name.schema === undefined ? name.name : `${name.schema}.${name.name}`;
      const message = `${what === 'materializedView' ? 'materialized view' : what} "${full}" does not exist`;
      if (!stmt.ifExists) throw new DbError(what === 'index' ? '42704' : '42P01', message);
      ctx.out.notice(notice('00000', `${message}, skipping`));
      continue;
    }
    const kind = objectKindOf(entry);
    if (kind !== what) {
      throw new DbError('42809', `"${name.name}" is not ${KIND_WORDS[what]}`, {
        hint: `Use DROP ${KIND_KEYWORDS[kind]} to remove ${KIND_WORDS[kind]}.`,
      });
    }
    oids.add(entry.def.oid);
  }
  const catalog = ctx.engine.catalog;
  for (const oid of oids) {
    const now = ctx.catalog;
    switch (what) {
      case 'table':
      case 'materializedView': {
        const table = now.tableByOid(oid);
        if (!table) break;
        checkNoPendingChecks(ctx, table, 'DROP TABLE');
        sendCascadeNotice(ctx.out, catalog.dropTable(ctx.tx, oid, cascade));
        break;
      }
      case 'index':
        if (now.indexByOid(oid)) catalog.dropIndex(ctx.tx, oid);
        break;
      case 'view':
        if (now.viewByOid(oid)) sendCascadeNotice(ctx.out, catalog.dropView(ctx.tx, oid, cascade));
        break;
      case 'sequence':
        if (now.sequenceByOid(oid)) sendCascadeNotice(ctx.out, catalog.dropSequence(ctx.tx, oid, cascade));
        break;
    }
  }
  ctx.out.commandComplete(tag);
}

function dropSchemas(stmt: DropStmt, ctx: StatementContext, cascade: boolean): void {
  const names: string[] = [];
  for (const n of stmt.names) {
    const name = n.name;
    if (!ctx.catalog.schemaExists(name)) {
      if (!stmt.ifExists) throw new DbError('3F000', `schema "${name}" does not exist`);
      ctx.out.notice(notice('00000', `schema "${name}" does not exist, skipping`));
      continue;
    }
    names.push(name);
  }
  for (const name of names) sendCascadeNotice(ctx.out, ctx.engine.catalog.dropSchema(ctx.tx, name, cascade));
}

/** What each statement the engine does not build yet is called in its 0A000 error. */
const STATEMENT_NAMES: Readonly<Record<Statement['kind'], string>> = {
  select: 'SELECT',
  values: 'VALUES',
  setOp: 'set operations',
  do: 'DO',
  createFunction: 'CREATE FUNCTION',
  dropFunction: 'DROP FUNCTION',
  call: 'CALL',
  alterFunctionOwner: 'ALTER FUNCTION',
  createTrigger: 'CREATE TRIGGER',
  dropTrigger: 'DROP TRIGGER',
  alterTrigger: 'ALTER TRIGGER',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  merge: 'MERGE',
  createTable: 'CREATE TABLE',
  createTableAs: 'CREATE TABLE AS',
  refreshMatView: 'REFRESH MATERIALIZED VIEW',
  createIndex: 'CREATE INDEX',
  createView: 'CREATE VIEW',
  createSchema: 'CREATE SCHEMA',
  createSequence: 'CREATE SEQUENCE',
  alterSequence: 'ALTER SEQUENCE',
  alterTable: 'ALTER TABLE',
  alterIndex: 'ALTER INDEX',
  drop: 'DROP',
  createEnum: 'CREATE TYPE',
  createCompositeType: 'CREATE TYPE',
  createExtension: 'CREATE EXTENSION',
  alterType: 'ALTER TYPE',
  createDomain: 'CREATE DOMAIN',
  alterDomain: 'ALTER DOMAIN',
  truncate: 'TRUNCATE',
  lock: 'LOCK',
  setConstraints: 'SET CONSTRAINTS',
  begin: 'BEGIN',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  savepoint: 'SAVEPOINT',
  releaseSavepoint: 'RELEASE SAVEPOINT',
  rollbackToSavepoint: 'ROLLBACK TO SAVEPOINT',
  prepareTransaction: 'PREPARE TRANSACTION',
  commitPrepared: 'COMMIT PREPARED',
  rollbackPrepared: 'ROLLBACK PREPARED',
  setTransaction: 'SET TRANSACTION',
  set: 'SET',
  show: 'SHOW',
  reset: 'RESET',
  explain: 'EXPLAIN',
  analyze: 'ANALYZE',
  vacuum: 'VACUUM',
  copy: 'COPY',
  comment: 'COMMENT',
  prepare: 'PREPARE',
  execute: 'EXECUTE',
  deallocate: 'DEALLOCATE',
  discard: 'DISCARD',
  checkpoint: 'CHECKPOINT',
  declareCursor: 'DECLARE CURSOR',
  fetch: 'FETCH',
  closePortal: 'CLOSE',
  createRole: 'CREATE ROLE',
  alterRole: 'ALTER ROLE',
  dropRole: 'DROP ROLE',
  reassignOwned: 'REASSIGN OWNED',
  dropOwned: 'DROP OWNED',
  listen: 'LISTEN',
  unlisten: 'UNLISTEN',
  notify: 'NOTIFY',
  reindex: 'REINDEX',
  grant: 'GRANT',
  grantRole: 'GRANT ROLE',
  alterOwner: 'ALTER OWNER',
  alterDefaultPrivileges: 'ALTER DEFAULT PRIVILEGES',
};

/** 0A000 for a statement the parser accepts but this version does not run. */
export function unsupportedStatement(stmt: Statement): DbError {
  return featureNotSupported(STATEMENT_NAMES[stmt.kind]);
}
