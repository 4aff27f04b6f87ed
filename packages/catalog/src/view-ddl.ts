/**
 * CREATE [OR REPLACE] VIEW and CREATE SCHEMA.
 *
 * A view is a relation of kind 'v' whose sys_relation row holds its query as SQL text; its columns
 * are sys_attribute rows (names and types as first bound), and sys_depend rows name every table
 * and view the query reads, so DROP of those needs CASCADE. The planner expands the view where it
 * is named (PostgreSQL stores a parsed tree instead; text is what RustyDB can keep stable).
 *
 * CREATE OR REPLACE keeps PostgreSQL's rule: the new query must produce the same columns (names
 * and types, in order) and may only add columns at the end. The view's options (reloptions:
 * check_option, security_barrier) sit in the relation row's `options`, replaced by OR REPLACE.
 */
import { DbError, formatType, type Oid, type SqlType } from '@rustydb/common';
import { BUILTIN_SCHEMAS, storedColumnType } from './catalog-data.js';
import type { ViewDef } from './catalog-reader.js';
import type { CatalogWriter } from './catalog-writer.js';
import { insertDependencies } from './depend-rows.js';
import { allocateRowType } from './row-types.js';
import { checkSchema } from './table-ddl.js';
import { checkTypeNameFree } from './type-ddl.js';

export interface ViewSpec {
  /** The first search_path schema when omitted. */
  readonly schema?: string;
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  /** The validated query as SQL text. */
  readonly querySql: string;
  /** The tables and views the query names. */
  readonly dependsOn: readonly Oid[];
  readonly orReplace?: boolean;
  /** reloptions (`check_option=local`, `security_barrier=true`), validated by the caller. */
  readonly options?: readonly string[];
}

const typeText = (t: SqlType) => formatType(t);

/** CREATE [OR REPLACE] VIEW. See Catalog.createView. */
export function createView(w: CatalogWriter, spec: ViewSpec): ViewDef {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  const seen = new Set<string>();
  for (const c of spec.columns) {
    if (seen.has(c.name)) throw new DbError('42701', `column "${c.name}" specified more than once`);
    seen.add(c.name);
  }
  const existing = w.view().relation(spec.name, schema);
  if (existing && (existing.kind !== 'view' || !spec.orReplace)) {
    if (spec.orReplace) throw new DbError('42809', `"${spec.name}" is not a view`);
    throw new DbError('42P07', `relation "${spec.name}" already exists`);
  }
  if (existing?.kind === 'view') return replaceView(w, existing.def, spec);
  w.checkNameFree(schema, spec.name);
  checkTypeNameFree(w.view(), schema, spec.name);
  const oid = w.allocateOid();
  const rowType = allocateRowType(w);
  w.claimName(schema, spec.name);
  w.insert('relation', {
    oid,
    schema,
    name: spec.name,
    kind: 'v',
    method: '',
    file: 0,
    definition: spec.querySql,
    ...(spec.options && spec.options.length > 0 ? { options: spec.options } : {}),
    rowType,
  });
  spec.columns.forEach((c, i) => {
    insertViewColumn(w, oid, i + 1, c);
  });
  insertDependencies(w, oid, spec.dependsOn);
  return w.view().viewByOid(oid)!;
}

function insertViewColumn(w: CatalogWriter, view: Oid, attnum: number, c: ViewSpec['columns'][number]): void {
  w.insert('attribute', {
    relation: view,
    attnum,
    name: c.name,
    ...storedColumnType(c.type),
    notNull: false,
    defaultSql: null,
    dropped: false,
    identity: null,
    generated: null,
  });
}

function replaceView(w: CatalogWriter, old: ViewDef, spec: ViewSpec): ViewDef {
  if (spec.columns.length < old.columns.length) throw new DbError('42P16', 'cannot drop columns from view');
  old.columns.forEach((c, i) => {
    const next = spec.columns[i];
    if (next.name !== c.name) {
      throw new DbError('42P16', `cannot change name of view column "${c.name}" to "${next.name}"`, {
        hint: 'Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.',
      });
    }
    if (next.type.name !== c.type.name || next.type.typmod !== c.type.typmod) {
      throw new DbError(
        '42P16',
        `cannot change data type of view column "${c.name}" from ${typeText(c.type)} to ${typeText(next.type)}`,
      );
    }
  });
  for (const r of w.view().rowsOf(old.oid)) {
    if (r.table === 'relation') {
      const { options: _old, ...row } = r.row;
      const options = spec.options && spec.options.length > 0 ? { options: spec.options } : {};
      w.replace(r, { ...row, definition: spec.querySql, ...options }, old.name);
    }
    if (r.table === 'depend') w.deleteRow(r, old.name);
  }
  for (let i = old.columns.length; i < spec.columns.length; i++)
    insertViewColumn(w, old.oid, i + 1, spec.columns[i]);
  insertDependencies(w, old.oid, spec.dependsOn);
  return w.view().viewByOid(old.oid)!;
}

/** A view column's DEFAULT (null: none). See Catalog.setViewColumnDefault. */
export function setViewColumnDefault(w: CatalogWriter, view: Oid, attnum: number, sql: string | null): void {
  const name = w.view().viewByOid(view)?.name ?? '';
  for (const r of w.view().rowsOf(view)) {
    if (r.table === 'attribute' && r.row.attnum === attnum) w.replace(r, { ...r.row, defaultSql: sql }, name);
  }
}

/** CREATE SCHEMA. See Catalog.createSchema. */
export function createSchema(w: CatalogWriter, name: string): void {
  if (name.startsWith('pg_')) {
    throw new DbError('42939', `unacceptable schema name "${name}"`, {
      detail: 'The prefix "pg_" is reserved for system schemas.',
    });
  }
  if (BUILTIN_SCHEMAS.has(name) || w.view().data.schemas.has(name) || w.takenByOthers('', name)) {
    throw new DbError('42P06', `schema "${name}" already exists`);
  }
  w.claimName('', name);
  w.insert('namespace', { oid: w.allocateOid(), name });
}
