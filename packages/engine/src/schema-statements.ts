/**
 * Schema statements run by the engine itself (utility statements, in PostgreSQL's words):
 * CREATE TABLE, DROP TABLE / DROP INDEX, CREATE INDEX. Each turns its AST into a catalog call
 * (`Catalog.createTable`, …) in the statement's transaction, so it commits or rolls back with it.
 * What PostgreSQL checks while transforming the statement (conflicting NULL / NOT NULL, multiple
 * primary keys, the positions of those errors) is checked here; what concerns the stored
 * definitions (name collisions, key columns) is the catalog's.
 *
 * Statements the parser accepts but this version does not build answer 0A000 naming the
 * statement (`unsupportedStatement`).
 */
import type { ColumnSpec, KeySpec } from '@rustydb/catalog';
import { DbError, duplicateTable, featureNotSupported, undefinedTable } from '@rustydb/common';
import { populateIndex } from '@rustydb/executor';
import {
  type ColumnDef,
  type Constraint,
  type CreateIndexStmt,
  type CreateTableStmt,
  type DropStmt,
  formatExpr,
  type ObjectName,
  type Statement,
} from '@rustydb/parser';
import { bindColumnDefault, resolveTypeName } from '@rustydb/planner';
import type { StatementContext } from './session.js';

/** The statements this file runs. */
export type SchemaStatement = CreateTableStmt | CreateIndexStmt | DropStmt;

/** Runs a schema statement in `ctx.tx`. Sync work. @throws DbError as PostgreSQL. */
export function runSchemaStatement(stmt: SchemaStatement, ctx: StatementContext): void {
  switch (stmt.kind) {
    case 'createTable':
      createTable(stmt, ctx);
      return;
    case 'createIndex':
      createIndex(stmt, ctx);
      return;
    case 'drop':
      dropRelations(stmt, ctx);
      return;
  }
}

const notice = (code: '00000' | '42P07', message: string) =>
  new DbError(code, message, { severity: 'NOTICE' });

/** `db.schema.name`: only the current database is reachable. */
function checkCatalogName(name: ObjectName): void {
  if (name.catalog !== undefined && name.catalog !== 'rustydb') {
    throw new DbError(
      '0A000',
      `cross-database references are not implemented: "${name.catalog}.${name.schema}.${name.name}"`,
      { position: name.location + 1 },
    );
  }
}

function createTable(stmt: CreateTableStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  const tableName = stmt.name.name;
  if (stmt.temporary) throw featureNotSupported('CREATE TEMPORARY TABLE');
  if (stmt.unlogged) throw featureNotSupported('CREATE UNLOGGED TABLE (use USING memory)');
  if (ctx.catalog.relation(tableName, stmt.name.schema)) {
    if (!stmt.ifNotExists) throw duplicateTable(tableName);
    ctx.out.notice(notice('42P07', `relation "${tableName}" already exists, skipping`));
    ctx.out.commandComplete('CREATE TABLE');
    return;
  }
  let primaryKey: (KeySpec & { location: number }) | undefined;
  const unique: KeySpec[] = [];
  const addKey = (c: Constraint, columns: readonly string[]) => {
    if (c.kind !== 'primaryKey' && c.kind !== 'unique') return;
    if (c.include.length > 0) throw featureNotSupported('INCLUDE columns');
    if (c.deferrable) throw featureNotSupported('DEFERRABLE constraints');
    if (c.kind === 'unique' && c.nullsNotDistinct) throw featureNotSupported('UNIQUE NULLS NOT DISTINCT');
    const key = { columns, ...(c.name === undefined ? {} : { name: c.name }) };
    if (c.kind === 'unique') {
      unique.push(key);
      return;
    }
    if (primaryKey) {
      throw new DbError('42P16', `multiple primary keys for table "${tableName}" are not allowed`, {
        position: c.location + 1,
      });
    }
    primaryKey = { ...key, location: c.location };
  };
  const columns = stmt.columns.map((col) => columnSpec(col, tableName, ctx, addKey));
  for (const c of stmt.constraints) {
    checkConstraintSupported(c);
    addKey(c, c.kind === 'primaryKey' || c.kind === 'unique' ? c.columns : []);
  }
  ctx.engine.catalog.createTable(ctx.tx, {
    name: tableName,
    ...(stmt.name.schema === undefined ? {} : { schema: stmt.name.schema }),
    method: stmt.accessMethod ?? ctx.settings.get('default_table_access_method'),
    columns,
    ...(primaryKey ? { primaryKey } : {}),
    unique,
  });
  ctx.out.commandComplete('CREATE TABLE');
}

/** One column: its type, NULL / NOT NULL, DEFAULT, and the keys declared on it. */
function columnSpec(
  col: ColumnDef,
  table: string,
  ctx: StatementContext,
  addKey: (c: Constraint, columns: readonly string[]) => void,
): ColumnSpec {
  const type = resolveTypeName(col.type);
  let notNull: boolean | undefined;
  let defaultSql: string | undefined;
  for (const c of col.constraints) {
    checkConstraintSupported(c);
    switch (c.kind) {
      case 'notNull':
      case 'nullable': {
        const wants = c.kind === 'notNull';
        if (notNull !== undefined && notNull !== wants) {
          throw new DbError(
            '42601',
            `conflicting NULL/NOT NULL declarations for column "${col.name}" of table "${table}"`,
            { position: c.location + 1 },
          );
        }
        notNull = wants;
        break;
      }
      case 'columnDefault':
        if (defaultSql !== undefined) {
          throw new DbError(
            '42601',
            `multiple default values specified for column "${col.name}" of table "${table}"`,
            {
              position: c.location + 1,
            },
          );
        }
        bindColumnDefault(c.expr, { name: col.name, type }, ctx.catalog);
        defaultSql = formatExpr(c.expr);
        break;
      case 'primaryKey':
      case 'unique':
        addKey(c, [col.name]);
        break;
    }
  }
  if (col.collation !== undefined && col.collation !== 'C' && col.collation !== 'default') {
    throw featureNotSupported(`COLLATE "${col.collation}"`);
  }
  return {
    name: col.name,
    type,
    ...(notNull ? { notNull } : {}),
    ...(defaultSql === undefined ? {} : { defaultSql }),
  };
}

function checkConstraintSupported(c: Constraint): void {
  switch (c.kind) {
    case 'check':
      throw featureNotSupported('CHECK constraints');
    case 'foreignKey':
      throw featureNotSupported('FOREIGN KEY constraints');
    case 'identity':
      throw featureNotSupported('identity columns');
    case 'generated':
      throw featureNotSupported('generated columns');
  }
}

function createIndex(stmt: CreateIndexStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.table);
  if (stmt.where) throw featureNotSupported('partial indexes (CREATE INDEX … WHERE)');
  if (stmt.include.length > 0) throw featureNotSupported('INCLUDE columns');
  if (stmt.nullsNotDistinct) throw featureNotSupported('NULLS NOT DISTINCT');
  const catalog = ctx.catalog;
  const entry = catalog.relation(stmt.table.name, stmt.table.schema);
  if (!entry) throw undefinedTable(stmt.table.name);
  if (entry.kind !== 'table') {
    throw new DbError('42809', `cannot create index on relation "${stmt.table.name}"`, {
      detail: 'This operation is not supported for indexes.',
    });
  }
  if (stmt.name !== undefined && catalog.relation(stmt.name, entry.def.schema)) {
    if (!stmt.ifNotExists) throw duplicateTable(stmt.name);
    ctx.out.notice(notice('42P07', `relation "${stmt.name}" already exists, skipping`));
    ctx.out.commandComplete('CREATE INDEX');
    return;
  }
  const columns = stmt.elements.map((e) => {
    if (e.column === undefined) throw featureNotSupported('index expressions');
    const descending = e.direction === 'desc';
    // Only the default NULLS placement (LAST ascending, FIRST descending) is stored.
    if (e.nulls !== 'default' && (e.nulls === 'first') !== descending) {
      throw featureNotSupported(`NULLS ${e.nulls.toUpperCase()} in an index`);
    }
    return { name: e.column, descending };
  });
  const index = ctx.engine.catalog.createIndex(ctx.tx, {
    table: entry.def.oid,
    columns,
    unique: stmt.unique,
    ...(stmt.name === undefined ? {} : { name: stmt.name }),
    ...(stmt.method === undefined ? {} : { method: stmt.method }),
  });
  const table = ctx.catalog.tableByOid(entry.def.oid)!;
  populateIndex(table, index, ctx.execution());
  ctx.out.commandComplete('CREATE INDEX');
}

/** DROP TABLE / DROP INDEX a, b: every name is resolved before anything is dropped, as PostgreSQL. */
function dropRelations(stmt: DropStmt, ctx: StatementContext): void {
  if (stmt.objectType !== 'table' && stmt.objectType !== 'index') {
    throw featureNotSupported(`DROP ${stmt.objectType.toUpperCase()}`);
  }
  const what = stmt.objectType;
  const catalog = ctx.catalog;
  const oids = new Set<number>();
  for (const name of stmt.names) {
    checkCatalogName(name);
    const entry = catalog.relation(name.name, name.schema);
    if (!entry) {
      const message = `${what} "${name.name}" does not exist`;
      if (!stmt.ifExists) throw new DbError(what === 'table' ? '42P01' : '42704', message);
      ctx.out.notice(notice('00000', `${message}, skipping`));
      continue;
    }
    if (entry.kind !== what) {
      throw new DbError('42809', `"${name.name}" is not ${what === 'table' ? 'a table' : 'an index'}`, {
        hint: `Use DROP ${entry.kind.toUpperCase()} to remove ${entry.kind === 'table' ? 'a table' : 'an index'}.`,
      });
    }
    oids.add(entry.def.oid);
  }
  const catalogWriter = ctx.engine.catalog;
  for (const oid of oids) {
    if (what === 'table') catalogWriter.dropTable(ctx.tx, oid as never);
    else catalogWriter.dropIndex(ctx.tx, oid as never);
  }
  ctx.out.commandComplete(what === 'table' ? 'DROP TABLE' : 'DROP INDEX');
}

/** What each statement the engine does not build yet is called in its 0A000 error. */
const STATEMENT_NAMES: Readonly<Record<Statement['kind'], string>> = {
  select: 'SELECT',
  values: 'VALUES',
  setOp: 'set operations',
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  createTable: 'CREATE TABLE',
  createTableAs: 'CREATE TABLE AS',
  createIndex: 'CREATE INDEX',
  createView: 'CREATE VIEW',
  createSchema: 'CREATE SCHEMA',
  createSequence: 'CREATE SEQUENCE',
  alterSequence: 'ALTER SEQUENCE',
  alterTable: 'ALTER TABLE',
  drop: 'DROP',
  truncate: 'TRUNCATE',
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
};

/** 0A000 for a statement the parser accepts but this version does not run. */
export function unsupportedStatement(stmt: Statement): DbError {
  return featureNotSupported(STATEMENT_NAMES[stmt.kind]);
}
