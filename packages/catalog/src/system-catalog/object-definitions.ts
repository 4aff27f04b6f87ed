/**
 * The SQL text PostgreSQL's ruleutils.c prints for catalog objects: pg_get_indexdef,
 * pg_get_constraintdef, pg_get_viewdef. Relation names are schema-qualified where
 * PostgreSQL qualifies them (always for the indexed table; referenced tables only when not visible).
 */
import type { ConstraintDef, ReferentialAction, TableDef } from '../catalog-reader.js';
import { quoteIdent, type SystemCatalog } from './system-catalog.js';

const columnName = (table: TableDef, attnum: number): string =>
  quoteIdent(table.columns.find((c) => c.attnum === attnum)?.name ?? `........pg.dropped.${attnum}........`);

/** pg_get_indexdef(oid): `CREATE [UNIQUE] INDEX name ON schema.table USING method (cols)`, or null. */
export function indexDefinition(sc: SystemCatalog, indexOid: number, column = 0): string | null {
  const found = sc.indexTable(indexOid);
  if (!found) return null;
  const { def, table } = found;
  // One column (column > 0) is its expression alone, without DESC (ruleutils' attrsOnly).
  if (column > 0)
    return def.columns[column - 1] === undefined ? null : columnName(table, def.columns[column - 1]!);
  const keys = def.columns.map((a, i) => columnName(table, a) + (def.descending[i] ? ' DESC' : ''));
  const unique = def.unique ? 'UNIQUE ' : '';
  return `CREATE ${unique}INDEX ${quoteIdent(def.name)} ON ${quoteIdent(table.schema)}.${quoteIdent(table.name)} USING ${def.method} (${keys.join(', ')})${withOptions(def.options)}`;
}

/** ` WITH (name='value', …)` of an index's reloptions, as ruleutils' flatten_reloptions. */
function withOptions(options: readonly string[] | undefined): string {
  if (!options || options.length === 0) return '';
  const items = options.map((o) => {
    const eq = o.indexOf('=');
    return `${o.slice(0, eq)}='${o.slice(eq + 1).replaceAll("'", "''")}'`;
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

/** pg_get_constraintdef of constraint `c` of `table`: ` NOT VALID` after one not yet validated. */
export function constraintDefinition(sc: SystemCatalog, table: TableDef, c: ConstraintDef): string {
  const sql = constraintBody(sc, table, c);
  return c.notValid ? `${sql} NOT VALID` : sql;
}

function constraintBody(sc: SystemCatalog, table: TableDef, c: ConstraintDef): string {
  const cols = (t: TableDef, attnums: readonly number[]) => attnums.map((a) => columnName(t, a)).join(', ');
  switch (c.kind) {
    case 'primary':
      return `PRIMARY KEY (${cols(table, c.columns)})`;
    case 'unique':
      return `UNIQUE (${cols(table, c.columns)})`;
    case 'check':
      return `CHECK (${c.checkSql ?? ''})`;
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

/** pg_get_viewdef(oid): the view's query as stored (PostgreSQL reprints it; ours is formatQuery's). */
export function viewDefinition(sc: SystemCatalog, viewOid: number): string | null {
  const v = sc.view.viewByOid(viewOid as never) ?? sc.view.tableByOid(viewOid as never)?.matview;
  return v ? ` ${v.querySql};` : null;
}
