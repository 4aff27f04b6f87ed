/**
 * REFRESH MATERIALIZED VIEW (PostgreSQL's matview.c); CREATE MATERIALIZED VIEW is a CREATE TABLE
 * AS (table-as-statement.ts).
 *
 * A materialized view is a table (relkind 'm') whose sys_relation row also holds its query, as
 * a view's, and relispopulated. It is stored, indexed, analyzed and scanned as a table; only
 * REFRESH changes its rows (the planner refuses DML on it, and reading an unpopulated one).
 *
 * REFRESH replaces the contents inside the statement's transaction as MVCC versions: the old rows
 * are deleted and the query's inserted, so a ROLLBACK keeps the old rows, a crash before COMMIT
 * leaves them (the WAL makes both durable alike), and every snapshot sees the old rows or the new
 * ones, never a mix. The two forms differ in their lock, as in PostgreSQL:
 *
 * - plain: AccessExclusive, so readers wait for it; one that waited re-plans and, under READ
 *   COMMITTED, sees the new rows (plan-locks.ts). PostgreSQL swaps in a new, frozen file instead,
 *   as TRUNCATE does; row versions were kept here because internal queries (another REFRESH or a
 *   CREATE TABLE AS reading this view) still run the plan they made before a wait, and a
 *   REPEATABLE READ reader would see an unfrozen new file as empty. Their price: dead versions
 *   for VACUUM.
 * - CONCURRENTLY: Exclusive, which readers do not wait for. It needs a unique index over plain
 *   columns with no WHERE, as PostgreSQL (which applies a diff: fewer writes when little changed,
 *   the same result for every reader).
 */
import type { TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import { parse, quoteIdent, type RefreshMatViewStmt } from '@rustydb/parser';
import { bindStatement } from '@rustydb/planner';
import { insertFromPlan, runBoundPlan } from './internal-query.js';
import { lockInternalQuery } from './plan-locks.js';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';

/** REFRESH MATERIALIZED VIEW [CONCURRENTLY] m [WITH [NO] DATA]. */
export async function refreshMatView(stmt: RefreshMatViewStmt, ctx: StatementContext): Promise<void> {
  checkCatalogName(stmt.name);
  const def = matviewNamed(stmt, ctx);
  if (stmt.concurrently) {
    if (!def.matview!.populated) {
      throw new DbError('0A000', 'CONCURRENTLY cannot be used when the materialized view is not populated');
    }
    if (!stmt.withData) {
      throw new DbError('42601', 'CONCURRENTLY and WITH NO DATA options cannot be used together');
    }
    checkConcurrentlyRefreshable(def);
  }
  // An unpopulated materialized view has no visible rows (and cannot be scanned).
  if (def.matview!.populated) await deleteAll(def, ctx);
  ctx.engine.catalog.setMatviewPopulated(ctx.tx, def.oid, stmt.withData);
  if (stmt.withData) await fill(def, ctx);
  ctx.out.commandComplete('REFRESH MATERIALIZED VIEW');
}

function matviewNamed(stmt: RefreshMatViewStmt, ctx: StatementContext): TableDef {
  const { name, schema, location } = stmt.name;
  const entry = ctx.catalog.relation(name, schema);
  if (!entry) {
    const full = schema === undefined ? name : `${schema}.${name}`;
    throw new DbError('42P01', `relation "${full}" does not exist`, { position: location + 1 });
  }
  if (entry.kind !== 'table' || !entry.def.matview) {
    throw new DbError('0A000', `"${name}" is not a materialized view`);
  }
  return entry.def;
}

/** Inserts the rows of `table`'s query (bound against the catalog as the transaction sees it). */
async function fill(table: TableDef, ctx: StatementContext): Promise<void> {
  const sql = table.matview!.querySql;
  const query = parse(sql)[0]!.stmt;
  // Locked as a client query is (plan-locks.ts): behind a TRUNCATE of a source, the new rows.
  const { logical, catalog } = await lockInternalQuery(ctx, (c) => bindStatement(query, { catalog: c, sql }));
  await insertFromPlan(ctx, table, logical, catalog);
}

/** PostgreSQL's precondition: a unique index on plain columns, with no WHERE. */
function checkConcurrentlyRefreshable(def: TableDef): void {
  const usable = def.indexes.some(
    (ix) => ix.unique && ix.predicateSql === undefined && ix.columns.every((attnum) => attnum !== 0),
  );
  if (!usable) {
    throw new DbError('55000', `cannot refresh materialized view "${def.schema}.${def.name}" concurrently`, {
      hint: 'Create a unique index with no WHERE clause on one or more columns of the materialized view.',
    });
  }
}

/** Deletes every row the transaction sees (the binder lets this one DELETE change `def`). */
async function deleteAll(def: TableDef, ctx: StatementContext): Promise<void> {
  const sql = `DELETE FROM ${quoteIdent(def.schema)}.${quoteIdent(def.name)}`;
  const plan = bindStatement(parse(sql)[0]!.stmt, { catalog: ctx.catalog, sql, refreshing: def.oid });
  await runBoundPlan(ctx, plan, ctx.catalog);
}
