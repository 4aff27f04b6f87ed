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
import { type CatalogView, findSystemRelation, formatEnumType } from '@rustydb/catalog';
import { forEachNode, formatQuery, parse, type SelectStmt, type Statement } from '@rustydb/parser';
import { regclassText } from './stored-expression-printer.js';
import { printViewDefinition, viewExprNames } from './view-definition.js';

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

/** Printed definitions by catalog version, then by query and setting (a DDL makes a new version). */
const printed = new WeakMap<CatalogView['data'], Map<string, string>>();

/**
 * A stored view query as pg_get_viewdef prints it for `view`'s search path: as ruleutils prints
 * the analysed query (view-definition.ts), `pretty` with PRETTYFLAG_PAREN; `columns` are the
 * view's column names. A query that does not print so (it no longer binds, or a shape the
 * printer leaves as written) prints as stored, each relation's schema dropped where the path
 * finds that relation by its bare name. The text is returned unchanged when it does not parse
 * as one query. The text starts with the space PRETTY_INDENT puts before SELECT, as
 * pg_get_viewdef's does (a set operation's starts with its parenthesis).
 */
export function printViewQuery(
  sql: string,
  view: CatalogView,
  pretty = false,
  columns?: readonly string[],
  timeZone = 'UTC',
): string {
  let texts = printed.get(view.data);
  if (texts === undefined) {
    texts = new Map();
    printed.set(view.data, texts);
  }
  const key = `${pretty ? 'p' : 'n'}|${timeZone}|${view.effectivePath.join(',')}|${columns?.join(',') ?? ''}|${sql}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = print(sql, view, pretty, columns, timeZone);
    texts.set(key, text);
  }
  return text;
}

function print(
  sql: string,
  view: CatalogView,
  pretty: boolean,
  columns: readonly string[] | undefined,
  timeZone: string,
): string {
  let stmt: Statement | undefined;
  try {
    stmt = parse(sql)[0]?.stmt;
  } catch {
    return ` ${sql}`;
  }
  if (stmt === undefined || (stmt.kind !== 'select' && stmt.kind !== 'values' && stmt.kind !== 'setOp'))
    return ` ${sql}`;
  const names = viewExprNames(
    (t) => formatEnumType(t, view),
    timeZone,
    (stored) => regclassText(stored, view),
  );
  const reprinted = printViewDefinition(stmt, view, pretty, columns, names);
  if (reprinted !== undefined) return reprinted;
  const ctes = cteNames(stmt);
  const printed = mapRelationNames(stmt, (n) => {
    if (n.schema === undefined || n.catalog !== undefined || ctes.has(n.name) || findSystemRelation(n.name))
      return n;
    if (schemaFound(view, n.name) !== n.schema) return n;
    const { schema: _schema, ...bare } = n;
    return bare;
  });
  return ` ${formatQuery(printed)}`;
}
