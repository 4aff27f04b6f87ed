/**
 * The SQL text PostgreSQL's ruleutils.c prints for catalog objects: pg_get_indexdef,
 * pg_get_constraintdef, pg_get_viewdef. Relation names are schema-qualified where
 * PostgreSQL qualifies them (always for the indexed table; referenced tables only when not visible).
 */
import type { ConstraintDef, IndexDef, ReferentialAction, TableDef } from '../catalog-reader.js';
import type { StoredExpression } from './session-info.js';
import { quoteIdent, type SystemCatalog } from './system-catalog.js';

const columnName = (table: TableDef, attnum: number): string =>
  quoteIdent(table.columns.find((c) => c.attnum === attnum)?.name ?? `........pg.dropped.${attnum}........`);

/**
 * pg_get_indexdef(oid): `CREATE [UNIQUE] INDEX name ON schema.table USING method (keys) [INCLUDE
 * (cols)] [WITH (…)] [WHERE …]`, or null; with `column` > 0, that key (or INCLUDE column) alone,
 * without DESC (ruleutils' attrsOnly). `pretty` prints the expressions with fewer parentheses.
 */
export function indexDefinition(
  sc: SystemCatalog,
  indexOid: number,
  column = 0,
  pretty = false,
): string | null {
  const found = sc.indexTable(indexOid);
  if (!found) return null;
  const { def, table } = found;
  const keys = indexKeys(sc, def, table, pretty);
  const include = (def.include ?? []).map((a) => columnName(table, a));
  // Past the last column: an empty text, as ruleutils (NULL is for no such index).
  if (column > 0) return [...keys, ...include][column - 1] ?? '';
  const ordered = keys.map((k, i) => k + (def.descending[i] ? ' DESC' : ''));
  const unique = def.unique ? 'UNIQUE ' : '';
  // Pretty (psql's \d): the table as regclass prints it, qualified only when not visible.
  const on = pretty ? sc.relationName(table.oid) : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  let sql = `CREATE ${unique}INDEX ${quoteIdent(def.name)} ON ${on} USING ${def.method} (${ordered.join(', ')})`;
  if (include.length > 0) sql += ` INCLUDE (${include.join(', ')})`;
  sql += withOptions(def.options);
  if (def.predicateSql !== undefined)
    sql += ` WHERE ${sc.storedExpression(indexPredicate(def, table), pretty)}`;
  return sql;
}

/** A partial index's predicate, as a stored expression over its table's row. */
export const indexPredicate = (def: IndexDef, table: TableDef): StoredExpression => ({
  sql: def.predicateSql!,
  role: 'condition',
  table,
});

/**
 * The index's keys: a column's name, or an expression key as ruleutils sets it in an index
 * definition: bare when it prints as a function call (`lower(b)`), else in parentheses
 * (`((b || 'x'::text))`); the printer decides (role `indexKey`).
 */
function indexKeys(sc: SystemCatalog, def: IndexDef, table: TableDef, pretty: boolean): string[] {
  let next = 0;
  return def.columns.map((a) => {
    if (a !== 0) return columnName(table, a);
    return sc.storedExpression({ sql: def.expressions?.[next++] ?? '', role: 'indexKey', table }, pretty);
  });
}

/** pg_index.indexprs: the expression keys as pg_get_expr prints the list, or null. */
export function indexExpressionsText(sc: SystemCatalog, def: IndexDef, table: TableDef): string | null {
  if (!def.expressions || def.expressions.length === 0) return null;
  return def.expressions.map((sql) => sc.storedExpression({ sql, role: 'value', table })).join(', ');
}

/** pg_get_constraintdef's text of a CHECK's expression, as ruleutils prints it. */
export const checkText = (sc: SystemCatalog, table: TableDef, c: ConstraintDef, pretty = false): string =>
  sc.storedExpression({ sql: c.checkSql ?? '', role: 'condition', table }, pretty);

/**
 * ` WITH (name=value, …)` of an index's reloptions, as ruleutils' flatten_reloptions: a value
 * that reads as a plain identifier (`off`) bare, any other (`'70'`, `'on'`) as a literal.
 */
function withOptions(options: readonly string[] | undefined): string {
  if (!options || options.length === 0) return '';
  const items = options.map((o) => {
    const eq = o.indexOf('=');
    const value = o.slice(eq + 1);
    const printed = quoteIdent(value) === value ? value : `'${value.replaceAll("'", "''")}'`;
    return `${quoteIdent(o.slice(0, eq))}=${printed}`;
  });
  return ` WITH (${items.join(', ')})`;
}

const ACTION_SQL: Record<ReferentialAction, string> = {
  noAction: '',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  setNull: 'SET NULL',
  setDefault: 'SET DEFAULT',
};

/**
 * pg_get_constraintdef of constraint `c` of `table`, as ruleutils.c ends it: ` DEFERRABLE`,
 * ` INITIALLY DEFERRED`, then ` NOT VALID` after one not yet validated.
 */
export function constraintDefinition(
  sc: SystemCatalog,
  table: TableDef,
  c: ConstraintDef,
  pretty = false,
): string {
  let sql = constraintBody(sc, table, c, pretty);
  if (c.deferrable) sql += ' DEFERRABLE';
  if (c.initiallyDeferred) sql += ' INITIALLY DEFERRED';
  return c.notValid ? `${sql} NOT VALID` : sql;
}

function constraintBody(sc: SystemCatalog, table: TableDef, c: ConstraintDef, pretty: boolean): string {
  const cols = (t: TableDef, attnums: readonly number[]) => attnums.map((a) => columnName(t, a)).join(', ');
  switch (c.kind) {
    case 'primary':
    case 'unique': {
      // INCLUDE as ruleutils prints it; WITH (…) only in its fullCommand form, not here.
      const include = table.indexes.find((i) => i.oid === c.index)?.include ?? [];
      const key = `${c.kind === 'primary' ? 'PRIMARY KEY' : 'UNIQUE'} (${cols(table, c.columns)})`;
      return include.length > 0 ? `${key} INCLUDE (${cols(table, include)})` : key;
    }
    case 'check':
      return `CHECK (${checkText(sc, table, c, pretty)})`;
    case 'foreign': {
      const ref = c.references!;
      const target = sc.view.tableByOid(ref.table);
      const targetName = target ? sc.relationName(target.oid) : String(ref.table);
      let sql = `FOREIGN KEY (${cols(table, c.columns)}) REFERENCES ${targetName}(${target ? cols(target, ref.columns) : ''})`;
      if (ref.onUpdate !== 'noAction') sql += ` ON UPDATE ${ACTION_SQL[ref.onUpdate]}`;
      if (ref.onDelete !== 'noAction') sql += ` ON DELETE ${ACTION_SQL[ref.onDelete]}`;
      return sql;
    }
  }
}

/** A constraint and its table by the constraint's OID. */
export function constraintByOid(
  sc: SystemCatalog,
  oid: number,
): { table: TableDef; constraint: ConstraintDef } | undefined {
  for (const table of sc.view.tables()) {
    const constraint = table.constraints.find((c) => c.oid === oid);
    if (constraint) return { table, constraint };
  }
  return undefined;
}

/** pg_get_viewdef(oid[, pretty]): the view's query as ruleutils prints it (SessionInfo.printViewQuery). */
export function viewDefinition(sc: SystemCatalog, viewOid: number, pretty = false): string | null {
  const v = sc.view.viewByOid(viewOid as never);
  if (v) return viewQueryText(sc, v.querySql, pretty, v.columns);
  const m = sc.view.tableByOid(viewOid as never);
  return m?.matview ? viewQueryText(sc, m.matview.querySql, pretty, m.columns) : null;
}

/** A stored view query as pg_get_viewdef and pg_views print it: ` <query>;`, names as the path finds them. */
export const viewQueryText = (
  sc: SystemCatalog,
  querySql: string,
  pretty = false,
  columns?: readonly { readonly name: string }[],
): string =>
  `${
    sc.session.printViewQuery?.(
      querySql,
      sc.view,
      pretty,
      columns?.map((c) => c.name),
    ) ?? ` ${querySql}`
  };`;
