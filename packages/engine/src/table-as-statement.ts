/**
 * CREATE [TEMP] TABLE [IF NOT EXISTS] t [(names)] AS query [WITH [NO] DATA] and CREATE
 * MATERIALIZED VIEW [IF NOT EXISTS] m [(names)] AS query [WITH [NO] DATA]: the query is bound
 * first, its output columns (renamed by the written list; unknown literals typed text) become
 * the new relation's, and its rows are inserted through the ordinary INSERT path. The command tag
 * is PostgreSQL's `SELECT n` (the statement's name under WITH NO DATA).
 *
 * The three steps are apart because EXPLAIN CREATE … AS takes them one by one, as PostgreSQL's
 * ExplainOneUtility does: `planTableAs` (the existence check and the query's plan) for every
 * EXPLAIN, `createTableAsRelation` and `planInsertFrom` only under ANALYZE, which creates and
 * fills the relation.
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { DbError, duplicateTable, sqlType } from '@rustydb/common';
import { type CreateTableAsStmt, formatQuery } from '@rustydb/parser';
import { bindStatement, bindStatementWithParams, type LogicalPlan } from '@rustydb/planner';
import { insertFromPlan } from './internal-query.js';
import { checkOnCommit } from './on-commit-actions.js';
import { lockInternalQuery } from './plan-locks.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';
import { qualifyRelations } from './view-relation-names.js';
import { relationsNamedIn } from './view-statements.js';

/** The query of a CREATE … AS, bound and locked, and the schema its relation goes to. */
export interface TableAsQuery {
  readonly schema: string;
  readonly logical: LogicalPlan;
  /** The catalog `logical` was bound against. */
  readonly catalog: CatalogView;
}

export async function createTableAs(stmt: CreateTableAsStmt, ctx: StatementContext): Promise<void> {
  const query = await planTableAs(stmt, ctx);
  const name = stmt.materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
  if (query === undefined) return ctx.out.commandComplete(name);
  const table = createTableAsRelation(stmt, ctx, query);
  // WITH NO DATA reports what it did, not a row count (PostgreSQL's tag).
  if (!stmt.withData) return ctx.out.commandComplete(name);
  const n = await insertFromPlan(ctx, table, query.logical, query.catalog);
  ctx.out.commandComplete(`SELECT ${n}`);
}

/**
 * The query of `stmt`, bound (its `$n` typed as Parse inferred, for a table), locked and its
 * privileges checked; undefined (with PostgreSQL's NOTICE) when the relation exists and IF NOT
 * EXISTS was written. Async (a lock may wait).
 * @throws DbError 42P07 when it exists, 0A000 for an UNLOGGED materialized view, the binder's errors.
 */
export async function planTableAs(
  stmt: CreateTableAsStmt,
  ctx: StatementContext,
): Promise<TableAsQuery | undefined> {
  checkCatalogName(stmt.name);
  if (stmt.unlogged && stmt.materialized) throw new DbError('0A000', 'materialized views cannot be unlogged');
  const schema = creationSchema(ctx.catalog, stmt.name, stmt.temporary && !stmt.materialized);
  if (ctx.catalog.relation(stmt.name.name, schema)) {
    if (!stmt.ifNotExists) throw duplicateTable(stmt.name.name);
    ctx.out.notice(notice('42P07', `relation "${stmt.name.name}" already exists, skipping`));
    return undefined;
  }
  checkOnCommit(stmt.onCommit, schema);
  // Locked before the relation is made from its columns: a wait may change them (plan-locks.ts).
  // `$n` in a table's query: the statement's parameters (extended protocol), typed as Parse
  // inferred; a materialized view keeps its query, which cannot hold them.
  const paramTypes = stmt.materialized ? undefined : ctx.paramTypes;
  const { logical, catalog } = await lockInternalQuery(ctx, (c) =>
    paramTypes === undefined || paramTypes.length === 0
      ? bindStatement(stmt.query, { catalog: c, sql: ctx.sql })
      : bindStatementWithParams(stmt.query, { catalog: c, sql: ctx.sql, paramTypes }).plan,
  );
  // The query runs as an internal one (unchecked): its privileges are checked here.
  planPrivilegeCheck(catalog, currentUserOf(ctx.settings))(logical);
  return { schema, logical, catalog };
}

/**
 * Creates the table or materialized view of `stmt` with the columns of its query. Sync.
 * @throws DbError 42601 for more column names than the query has columns.
 */
export function createTableAsRelation(
  stmt: CreateTableAsStmt,
  ctx: StatementContext,
  query: TableAsQuery,
): TableDef {
  const plan = query.logical;
  if (stmt.columns.length > plan.columns.length)
    throw new DbError('42601', 'too many column names were specified');
  const columns = plan.columns.map((c, i) => ({
    name: stmt.columns[i] ?? c.name,
    type: c.type.name === 'unknown' ? sqlType('text') : c.type,
  }));
  const name = stmt.name.name;
  const schema = query.schema;
  if (!stmt.materialized) {
    const method =
      stmt.accessMethod ?? (stmt.temporary ? 'memory' : ctx.settings.get('default_table_access_method'));
    const unlogged = stmt.unlogged;
    const table = ctx.engine.catalog.createTable(ctx.tx, { name, schema, method, columns, unlogged });
    if (stmt.onCommit !== undefined) ctx.onCommit.register(table.oid, stmt.onCommit);
    return table;
  }
  return ctx.engine.catalog.createTable(ctx.tx, {
    name,
    schema,
    method: stmt.accessMethod ?? ctx.settings.get('default_table_access_method'),
    columns,
    matview: {
      querySql: formatQuery(qualifyRelations(stmt.query, ctx.catalog)),
      populated: stmt.withData,
      dependsOn: relationsNamedIn(stmt.query, ctx.catalog),
    },
  });
}
