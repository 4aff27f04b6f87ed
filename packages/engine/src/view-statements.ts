/**
 * CREATE [OR REPLACE] [TEMP] VIEW: the query is bound now (so a view over a missing table or
 * column fails at CREATE, as in PostgreSQL), its output columns become the view's (renamed by
 * the written column list; PostgreSQL 15 turns unknown-typed literals into text), and it is
 * stored as SQL text (`formatQuery`) with a dependency on every table and view it names.
 */
import type { CatalogView } from '@rustydb/catalog';
import { DbError, featureNotSupported, type Oid, sqlType } from '@rustydb/common';
import { type CreateViewStmt, forEachNode, formatQuery, type SelectStmt } from '@rustydb/parser';
import { bindStatement, hasDataModifyingWith } from '@rustydb/planner';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { qualifyRelations } from './view-relation-names.js';

export function createView(stmt: CreateViewStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  if (stmt.recursive) throw featureNotSupported('CREATE RECURSIVE VIEW');
  if (stmt.checkOption) throw featureNotSupported('WITH CHECK OPTION');
  const view = ctx.catalog;
  const schema = creationSchema(view, stmt.name, stmt.temporary);
  if (hasDataModifyingWith(stmt.query)) {
    throw new DbError('0A000', 'views must not contain data-modifying statements in WITH');
  }
  const plan = bindStatement(stmt.query, { catalog: view, sql: ctx.sql });
  if (stmt.columns.length > plan.columns.length) {
    throw new DbError('42601', 'CREATE VIEW specifies more column names than columns');
  }
  const columns = plan.columns.map((c, i) => ({
    name: stmt.columns[i] ?? c.name,
    type: c.type.name === 'unknown' ? sqlType('text') : c.type,
  }));
  ctx.engine.catalog.createView(
    ctx.tx,
    {
      schema,
      name: stmt.name.name,
      columns,
      querySql: formatQuery(qualifyRelations(stmt.query, view)),
      dependsOn: relationsNamedIn(stmt.query, view),
      orReplace: stmt.orReplace,
    },
    view.searchPath,
  );
  ctx.out.commandComplete('CREATE VIEW');
}

/**
 * The tables and views a query names in FROM (subqueries and CTE bodies included), resolved
 * through the search path; names of the query's own CTEs are skipped.
 */
export function relationsNamedIn(query: SelectStmt, view: CatalogView): Oid[] {
  const ctes = new Set<string>();
  const refs: { schema?: string; name: string }[] = [];
  forEachNode(query, (n) => {
    const node = n as { kind?: string; name?: { schema?: string; name: string }; ctes?: { name: string }[] };
    if (node.kind === 'relation' && node.name) refs.push(node.name);
    if (Array.isArray(node.ctes)) for (const c of node.ctes) ctes.add(c.name);
  });
  const out = new Set<Oid>();
  for (const r of refs) {
    if (r.schema === undefined && ctes.has(r.name)) continue;
    const entry = view.relation(r.name, r.schema);
    if (entry && (entry.kind === 'table' || entry.kind === 'view')) out.add(entry.def.oid);
  }
  return [...out];
}
