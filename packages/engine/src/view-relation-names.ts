/**
 * The relation names of a view's (or materialized view's) stored query. PostgreSQL binds a view's
 * relations when the view is created and prints them qualified only where the reader's search
 * path would not find them (ruleutils' generate_relation_name). RustyDB stores the query as SQL
 * text, so CREATE VIEW stores every relation it names with the schema it was found in
 * (`qualifyRelations`): the view then reads the same relations whatever the search path later is
 * (pg_dump's script sets it empty). Printing (pg_get_viewdef, pg_views) drops the schema of each
 * relation the current search path finds anyway (`printViewQuery`), as PostgreSQL prints it.
 *
 * WITH query names are never qualified (a relation named like a CTE of the same query stays as
 * written), nor pg_catalog's computed relations, which every search path finds first.
 */
import { type CatalogView, findSystemRelation } from '@rustydb/catalog';
import { forEachNode, formatQuery, parse, type SelectStmt, type Statement } from '@rustydb/parser';

type Name = { readonly schema?: string; readonly catalog?: string; readonly name: string };

/** Every WITH query name anywhere in `query`. */
function cteNames(query: SelectStmt): Set<string> {
  const names = new Set<string>();
  forEachNode(query, (n) => {
    if (Array.isArray(n.ctes)) for (const c of n.ctes as { name: string }[]) names.add(c.name);
  });
  return names;
}

/** `query` with each relation name replaced by `rename(name)` (same object when unchanged). */
function mapRelationNames(query: SelectStmt, rename: (name: Name) => Name): SelectStmt {
  const visit = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(visit);
    if (!n || typeof n !== 'object') return n;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) out[k] = visit(v);
    const node = n as { kind?: string; name?: Name };
    if (node.kind === 'relation' && node.name) out.name = rename(node.name);
    return out;
  };
  return visit(query) as SelectStmt;
}

/** The schema `name` (unqualified) resolves to through `view`'s search path, or undefined. */
function schemaFound(view: CatalogView, name: string): string | undefined {
  const entry = view.relation(name);
  return entry === undefined ? undefined : entry.kind === 'index' ? entry.table.schema : entry.def.schema;
}

/** `query` with every unqualified user relation qualified with the schema it resolves to now. */
export function qualifyRelations(query: SelectStmt, view: CatalogView): SelectStmt {
  const ctes = cteNames(query);
  return mapRelationNames(query, (n) => {
    if (n.schema !== undefined || ctes.has(n.name) || findSystemRelation(n.name)) return n;
    const schema = schemaFound(view, n.name);
    return schema === undefined ? n : { ...n, schema };
  });
}

/**
 * A stored view query as pg_get_viewdef prints it for `view`'s search path: a relation's schema
 * is dropped where the path finds that relation by its bare name. The text is returned unchanged
 * when it does not parse as one query.
 */
export function printViewQuery(sql: string, view: CatalogView): string {
  let stmt: Statement | undefined;
  try {
    stmt = parse(sql)[0]?.stmt;
  } catch {
    return sql;
  }
  if (stmt === undefined || (stmt.kind !== 'select' && stmt.kind !== 'values' && stmt.kind !== 'setOp'))
    return sql;
  const ctes = cteNames(stmt);
  const printed = mapRelationNames(stmt, (n) => {
    if (n.schema === undefined || n.catalog !== undefined || ctes.has(n.name) || findSystemRelation(n.name))
      return n;
    if (schemaFound(view, n.name) !== n.schema) return n;
    const { schema: _schema, ...bare } = n;
    return bare;
  });
  return formatQuery(printed);
}
