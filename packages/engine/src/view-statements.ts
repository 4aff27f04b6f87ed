/**
 * CREATE [OR REPLACE] [TEMP] VIEW: the query is bound now (so a view over a missing table or
 * column fails at CREATE, as in PostgreSQL), its output columns become the view's (renamed by
 * the written column list; PostgreSQL 15 turns unknown-typed literals into text), and it is
 * stored as SQL text (`formatQuery`) with a dependency on every table and view it names.
 */
import type { CatalogView } from '@rustydb/catalog';
import { DbError, featureNotSupported, type Oid, sqlType } from '@rustydb/common';
import { type CreateViewStmt, forEachNode, formatQuery, type SelectStmt } from '@rustydb/parser';
import { bindStatement, checkOptionRefusal, hasDataModifyingWith } from '@rustydb/planner';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { qualifyRelations } from './view-relation-names.js';

export function createView(stmt: CreateViewStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  if (stmt.recursive) throw featureNotSupported('CREATE RECURSIVE VIEW');
  const view = ctx.catalog;
  const options = viewOptions(stmt, view);
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
      options,
    },
    view.searchPath,
  );
  ctx.out.commandComplete('CREATE VIEW');
}

/**
 * The view's reloptions from `WITH (…)` and `WITH [LOCAL | CASCADED] CHECK OPTION`, as
 * PostgreSQL stores them: `check_option=local|cascaded` (22023 for another value; only on an
 * automatically updatable view, 0A000 with the reason as HINT), `security_barrier[=value]`
 * (stored; such views stay updatable). `security_invoker` is 0A000; anything else 22023.
 */
function viewOptions(stmt: CreateViewStmt, view: CatalogView): string[] {
  const out: string[] = [];
  let check = false;
  const options = [...(stmt.options ?? [])];
  if (stmt.checkOption) options.push({ name: 'check_option', value: stmt.checkOption, location: 0 });
  for (const o of options) {
    const name = o.name.toLowerCase();
    const value = o.value ?? 'true';
    if (name === 'check_option') {
      if (value.toLowerCase() !== 'local' && value.toLowerCase() !== 'cascaded') {
        throw new DbError('22023', `invalid value for enum option "check_option": ${value}`, {
          detail: 'Valid values are "local" and "cascaded".',
        });
      }
      check = true;
    } else if (name === 'security_barrier') {
      if (!BOOLEANS.test(value)) {
        throw new DbError('22023', `invalid value for boolean option "security_barrier": ${value}`);
      }
    } else if (name === 'security_invoker') {
      throw featureNotSupported('security_invoker views');
    } else {
      throw new DbError('22023', `unrecognized parameter "${o.name}"`);
    }
    out.push(`${name}=${value}`);
  }
  const refusal = check ? checkOptionRefusal(stmt.query, view) : undefined;
  if (refusal !== undefined) {
    throw new DbError('0A000', 'WITH CHECK OPTION is supported only on automatically updatable views', {
      hint: refusal,
    });
  }
  return out;
}

/** What PostgreSQL's parse_bool accepts (a prefix of true / false / yes / no, on / off, 1 / 0). */
const BOOLEANS = /^(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)$/i;

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
