/**
 * The printer of stored expressions the engine gives the computed catalogs
 * (SessionInfo.printExpression): the catalog's text is parsed and bound over the row it reads
 * (planner's bindStoredExpression) and printed as PostgreSQL's ruleutils prints the node tree it
 * stored (optimizer's deparseStored). Names come from the statement's catalog view, so a
 * renamed column or type shows its new name, and a type outside the search path is qualified.
 *
 * psql's `\d` prints every default and CHECK of a table per statement, so the texts are kept
 * per catalog version (its CatalogData: a DDL makes a new one) and per what else decides them —
 * the search path (which types need their schema) and the TimeZone (timestamptz constants).
 */
import {
  type CatalogView,
  formatEnumType,
  quoteIdent,
  type StoredExpression,
  splitQualifiedName,
  type TableDef,
} from '@rustydb/catalog';
import { DbError, formatType, parseTimeZoneSetting, type SqlType } from '@rustydb/common';
import { deparseStored, looksLikeFunction } from '@rustydb/optimizer';
import { type Expr, formatExpr, parseExpression } from '@rustydb/parser';
import { bindStoredExpression } from '@rustydb/planner';

/** Printed texts by catalog version, then by expression and setting (see keyOf). */
const printed = new WeakMap<CatalogView['data'], Map<string, string | undefined>>();

/** The search path of a view, as the cache keys spell it (a view's path does not change). */
const paths = new WeakMap<CatalogView, string>();

function keyOf(e: StoredExpression, view: CatalogView, pretty: boolean, timeZone: string): string {
  let path = paths.get(view);
  if (path === undefined) {
    path = view.effectivePath.join(',');
    paths.set(view, path);
  }
  const type = e.type ? formatType(e.type) : '';
  const table = e.table?.oid ?? (e.triggerRow === undefined ? '' : `trigger ${e.triggerRow.oid}`);
  return `${pretty ? 'p' : 'n'}|${timeZone}|${path}|${e.role}|${table}|${e.domain?.oid ?? ''}|${type}|${e.sql}`;
}

/**
 * `e` as ruleutils prints it (timestamptz constants in `timeZone`, the TimeZone setting);
 * undefined when its text no longer binds (it then shows as stored).
 */
export function printStoredExpression(
  e: StoredExpression,
  view: CatalogView,
  pretty: boolean,
  timeZone: string,
): string | undefined {
  let texts = printed.get(view.data);
  if (texts === undefined) {
    texts = new Map();
    printed.set(view.data, texts);
  }
  const key = keyOf(e, view, pretty, timeZone);
  if (texts.has(key)) return texts.get(key);
  const text = print(e, view, pretty, timeZone);
  texts.set(key, text);
  return text;
}

/**
 * A trigger's WHEN reads `old.a` and `new.a`: it is bound over one row holding both, whose
 * columns are named `old` / `new`, ROW_PREFIX and the column's name, and printed back as
 * `old.a` (ruleutils' varprefix form).
 */
const ROW_PREFIX = '\u0001';

function triggerRow(table: TableDef): { name: string; columns: { name: string; type: SqlType }[] } {
  const columns = (prefix: string) =>
    table.columns.map((c) => ({ name: `${prefix}${ROW_PREFIX}${c.name}`, type: c.type }));
  return { name: '', columns: [...columns('old'), ...columns('new')] };
}

/** `old.a` → the row's column `old<ROW_PREFIX>a`, through the AST (quoting stays right). */
function triggerRowSql(sql: string): string {
  const rename = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rename);
    if (node === null || typeof node !== 'object') return node;
    const o = node as { kind?: string; names?: readonly string[] };
    if (o.kind === 'columnRef' && o.names?.length === 2 && (o.names[0] === 'old' || o.names[0] === 'new')) {
      return { ...o, names: [`${o.names[0]}${ROW_PREFIX}${o.names[1]}`] };
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, rename(v)]));
  };
  return formatExpr(rename(parseExpression(sql)) as Expr);
}

function triggerColumn(name: string): string {
  const i = name.indexOf(ROW_PREFIX);
  return i < 0 ? quoteIdent(name) : `${name.slice(0, i)}.${quoteIdent(name.slice(i + 1))}`;
}

function print(
  e: StoredExpression,
  view: CatalogView,
  pretty: boolean,
  timeZone: string,
): string | undefined {
  const row = e.domain
    ? { name: e.domain.name, columns: [{ name: 'value', type: e.domain.baseType }] }
    : e.triggerRow !== undefined
      ? triggerRow(e.triggerRow)
      : e.table;
  let bound: ReturnType<typeof bindStoredExpression>;
  try {
    const sql = e.triggerRow === undefined ? e.sql : triggerRowSql(e.sql);
    bound = bindStoredExpression(sql, e.role === 'condition' ? 'condition' : 'value', row, view, e.type);
  } catch (err) {
    if (err instanceof DbError) return undefined;
    throw err;
  }
  const text = deparseStored(bound, pretty, {
    userType: (t) => formatEnumType(t, view),
    column: e.triggerRow === undefined ? quoteIdent : triggerColumn,
    domainValue: e.domain !== undefined,
    zone: parseTimeZoneSetting(timeZone),
    regclass: (stored) => regclassText(stored, view),
  });
  // pg_get_indexdef sets an expression key in parentheses unless it reads as a function call.
  return e.role !== 'indexKey' || looksLikeFunction(bound) ? text : `(${text})`;
}

/**
 * A stored regclass text (column defaults store `'s'::regclass` for a sequence in public and
 * `'app.s'::regclass` elsewhere: column-definitions.ts) as regclassout prints it for `view`'s
 * search path: a public relation the path does not find by its bare name is qualified
 * (`'public.s'::regclass`, as pg_dump's empty search path needs it).
 */
export function regclassText(stored: string, view: CatalogView): string {
  const parts = splitQualifiedName(stored);
  if (parts === undefined || parts[0] !== undefined) return stored;
  const found = view.relation(parts[1]);
  const foundSchema =
    found === undefined ? undefined : found.kind === 'index' ? found.table.schema : found.def.schema;
  if (foundSchema === 'public' || view.relation(parts[1], 'public') === undefined) return stored;
  return `public.${stored}`;
}
