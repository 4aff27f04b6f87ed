/**
 * Queries DDL runs on its own behalf, through the same planner, optimizer and executor as client
 * statements (PostgreSQL's ALTER TABLE and RI code use SPI the same way):
 *
 * - `queryRows`: validation queries (does a row violate the new CHECK? is a column NULL
 *   somewhere? does every referencing key exist?), bound against a given catalog view.
 * - `rewriteTable`: fills a table's new files (see Catalog.newRelationFiles) from its old
 *   contents: each row of the old table, computed by a SELECT bound against the catalog as it
 *   was, is cast to the new column types and inserted with the new definition's TableWriter, which
 *   rebuilds every index and re-checks NOT NULL, CHECK and unique constraints. Errors are
 *   reported as PostgreSQL reports a failed rewrite (`column "c" of relation "t" contains null
 *   values`, `check constraint "k" of relation "t" is violated by some row`).
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { canCast, DbError, formatType, type Row, type SqlType } from '@rustydb/common';
import { type ExecutionContext, executePlan } from '@rustydb/executor';
import { type InsertNode, optimize } from '@rustydb/optimizer';
import { parse, quoteIdent, type Statement } from '@rustydb/parser';
import { bindStatement, type LogicalExpr, type LogicalPlan } from '@rustydb/planner';
import type { StatementContext } from './session.js';

/** Runs a query (SQL text or AST) bound against `catalog` and returns copies of its rows. Async. */
export async function queryRows(
  ctx: StatementContext,
  query: string | Statement,
  catalog: CatalogView = ctx.catalog,
): Promise<Row[]> {
  const stmt = typeof query === 'string' ? parse(query)[0]!.stmt : query;
  const logical = bindStatement(stmt, { catalog, sql: typeof query === 'string' ? query : ctx.sql });
  return runBoundPlan(ctx, logical, catalog);
}

/** Runs a plan bound against `catalog`; returns copies of its rows. Async. */
export async function runBoundPlan(
  ctx: StatementContext,
  logical: LogicalPlan,
  catalog: CatalogView,
): Promise<Row[]> {
  const physical = optimize(logical, { catalog, settings: ctx.settings.all() });
  const rows: Row[] = [];
  await executePlan(
    physical,
    ctx.execution(undefined, catalog, true /* DDL's own query: its ownership was checked */),
    {
      rows(batch) {
        for (const r of batch) rows.push(r.slice());
      },
    },
  );
  return rows;
}

/**
 * Inserts the rows of `plan` (bound against `catalog`) into `table`, cast to its column types.
 * Returns the row count. Async.
 */
export async function insertFromPlan(
  ctx: StatementContext,
  table: TableDef,
  plan: LogicalPlan,
  catalog: CatalogView,
): Promise<number> {
  const { physical, exec } = planInsertFrom(ctx, table, plan, catalog);
  const { rowCount } = await executePlan(physical, exec, { rows() {} });
  return rowCount;
}

/**
 * `insertFromPlan`'s INSERT, optimized against the catalog that sees `table` (created by the
 * statement), with the execution context it runs in: EXPLAIN ANALYZE CREATE TABLE AS runs it
 * instrumented and shows its input, the query's plan. Sync.
 */
export function planInsertFrom(
  ctx: StatementContext,
  table: TableDef,
  plan: LogicalPlan,
  catalog: CatalogView,
): { readonly physical: InsertNode; readonly exec: ExecutionContext } {
  const exprs = table.columns.map((c, i) =>
    castTo(plan.columns[i]!, i, c.type, c.name, { kind: 'column', name: c.name }),
  );
  const input: LogicalPlan = {
    kind: 'project',
    input: plan,
    exprs,
    columns: table.columns.map((c) => ({
      name: c.name,
      type: c.type,
      tableOid: table.oid,
      columnAttnum: c.attnum,
    })),
  };
  const after = ctx.engine.catalog.reader(ctx.tx, catalog.searchPath);
  const physical = optimize(
    { kind: 'insert', table, input, columns: [] },
    { catalog: after, settings: ctx.settings.all() },
  ) as InsertNode;
  return { physical, exec: ctx.execution(undefined, after, true) };
}

/** How one column of the rewritten table gets its value. */
export type RewriteSource =
  /** A column of the old table (by name), cast to the new type. */
  | { readonly kind: 'column'; readonly name: string }
  /** An expression over the old table's columns (USING, or a new column's DEFAULT) as SQL. */
  | { readonly kind: 'expr'; readonly sql: string };

/**
 * Fills `next` (the table with its new files, as `after` sees it) from `old` (as `before` sees
 * it): one row per visible old row, column i of `next` from `sources[i]`. Async.
 * @throws DbError 42804 when a value cannot be assignment-cast to its new type, and the
 *   constraint errors of a rewrite (see the file comment).
 */
export async function rewriteTable(
  ctx: StatementContext,
  old: TableDef,
  before: CatalogView,
  next: TableDef,
  after: CatalogView,
  sources: readonly RewriteSource[],
): Promise<void> {
  const list = sources.map((s) => (s.kind === 'column' ? quoteName(s.name) : `(${s.sql})`));
  const sql = `SELECT ${list.length > 0 ? list.join(', ') : '1'} FROM ${quoteName(old.schema)}.${quoteName(old.name)}`;
  const select = bindStatement(parse(sql)[0]!.stmt, { catalog: before, sql });
  const exprs: LogicalExpr[] = next.columns.map((c, i) =>
    castTo(select.columns[i]!, i, c.type, c.name, sources[i]!),
  );
  const input: LogicalPlan = {
    kind: 'project',
    input: select,
    exprs,
    columns: next.columns.map((c) => ({
      name: c.name,
      type: c.type,
      tableOid: next.oid,
      columnAttnum: c.attnum,
    })),
  };
  try {
    await runBoundPlan(ctx, { kind: 'insert', table: next, input, columns: [] }, after);
  } catch (err) {
    throw rewriteError(err, next);
  }
}

function castTo(
  from: { name: string; type: SqlType },
  index: number,
  to: SqlType,
  column: string,
  source: RewriteSource,
): LogicalExpr {
  const arg: LogicalExpr = { kind: 'column', type: from.type, index, name: from.name };
  if (from.type.name === to.name && from.type.typmod === to.typmod) return arg;
  if (from.type.name !== 'unknown' && !canCast(from.type, to, 'assignment')) {
    const target = formatType(to);
    throw new DbError('42804', `column "${column}" cannot be cast automatically to type ${target}`, {
      ...(source.kind === 'column'
        ? { hint: `You might need to specify "USING ${column}::${target}".` }
        : {}),
    });
  }
  return { kind: 'cast', type: to, arg, explicit: false } as LogicalExpr;
}

/** A constraint error of the rewrite's inserts, as PostgreSQL words it for ALTER TABLE. */
function rewriteError(err: unknown, table: TableDef): unknown {
  if (!(err instanceof DbError)) return err;
  switch (err.code) {
    case '23502':
      return new DbError(
        '23502',
        `column "${err.fields.column}" of relation "${table.name}" contains null values`,
        {
          schema: table.schema,
          table: table.name,
          ...(err.fields.column ? { column: err.fields.column } : {}),
        },
      );
    case '23514':
      return new DbError(
        '23514',
        `check constraint "${err.fields.constraint}" of relation "${table.name}" is violated by some row`,
        {
          schema: table.schema,
          table: table.name,
          ...(err.fields.constraint ? { constraint: err.fields.constraint } : {}),
        },
      );
    case '23505': {
      const detail = err.fields.detail?.replace(/ already exists\.$/, ' is duplicated.');
      return new DbError('23505', `could not create unique index "${err.fields.constraint}"`, {
        ...(detail ? { detail } : {}),
        schema: table.schema,
        table: table.name,
      });
    }
    default:
      return err;
  }
}

/** An identifier as SQL text, quoted when needed (PostgreSQL's quote_identifier). */
export const quoteName = (name: string): string => quoteIdent(name);

/** `"schema"."name"` of a relation, for the SQL of an internal query. */
export const qualifiedName = (t: { readonly schema: string; readonly name: string }): string =>
  `${quoteName(t.schema)}.${quoteName(t.name)}`;
