/**
 * CREATE [TEMP] TABLE [IF NOT EXISTS] t [(names)] AS query [WITH [NO] DATA]: the query is bound
 * first, its output columns (renamed by the written list; unknown literals typed text) become
 * the new table's, and its rows are inserted through the ordinary INSERT path. The command tag is
 * PostgreSQL's `SELECT n`.
 */
import { DbError, duplicateTable, sqlType } from '@rustydb/common';
import type { CreateTableAsStmt } from '@rustydb/parser';
import { bindStatement, bindStatementWithParams } from '@rustydb/planner';
import { insertFromPlan } from './internal-query.js';
import { lockInternalQuery } from './plan-locks.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

export async function createTableAs(stmt: CreateTableAsStmt, ctx: StatementContext): Promise<void> {
  checkCatalogName(stmt.name);
  if (stmt.unlogged) throw new DbError('0A000', 'CREATE UNLOGGED TABLE is not supported (use USING memory)');
  const schema = creationSchema(ctx.catalog, stmt.name, stmt.temporary);
  if (ctx.catalog.relation(stmt.name.name, schema)) {
    if (!stmt.ifNotExists) throw duplicateTable(stmt.name.name);
    ctx.out.notice(notice('42P07', `relation "${stmt.name.name}" already exists, skipping`));
    ctx.out.commandComplete('CREATE TABLE AS');
    return;
  }
  // Locked before the table is made from its columns: a wait may change them (plan-locks.ts).
  // `$n` in the query: the statement's parameters (extended protocol), typed as Parse inferred.
  const paramTypes = ctx.paramTypes;
  const { logical: plan, catalog } = await lockInternalQuery(ctx, (c) =>
    paramTypes === undefined || paramTypes.length === 0
      ? bindStatement(stmt.query, { catalog: c, sql: ctx.sql })
      : bindStatementWithParams(stmt.query, { catalog: c, sql: ctx.sql, paramTypes }).plan,
  );
  // The query runs as an internal one (unchecked): its privileges are checked here.
  planPrivilegeCheck(catalog, currentUserOf(ctx.settings))(plan);
  if (stmt.columns.length > plan.columns.length)
    throw new DbError('42601', 'too many column names were specified');
  const columns = plan.columns.map((c, i) => ({
    name: stmt.columns[i] ?? c.name,
    type: c.type.name === 'unknown' ? sqlType('text') : c.type,
  }));
  const method =
    stmt.accessMethod ?? (stmt.temporary ? 'memory' : ctx.settings.get('default_table_access_method'));
  const table = ctx.engine.catalog.createTable(ctx.tx, { name: stmt.name.name, schema, method, columns });
  // WITH NO DATA reports what it did, not a row count (PostgreSQL's tag).
  if (!stmt.withData) return ctx.out.commandComplete('CREATE TABLE AS');
  const n = await insertFromPlan(ctx, table, plan, catalog);
  ctx.out.commandComplete(`SELECT ${n}`);
}
