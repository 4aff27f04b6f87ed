/**
 * CREATE TYPE … AS ENUM, ALTER TYPE (ADD VALUE, RENAME VALUE, RENAME TO) and DROP TYPE, with
 * PostgreSQL 15's checks and messages (typecmds.c DefineEnum, pg_enum.c).
 *
 * An enum is one sys_type row holding its labels (system-tables.ts); the array type `_name` has
 * no row of its own. SORT ORDER: CREATE numbers the labels 1…n; ADD VALUE appends max + 1, or
 * takes the midpoint between the neighbour and the label beside it (PostgreSQL's AddEnumLabel).
 * NB: PostgreSQL renumbers the labels when a midpoint runs out of float precision; we refuse
 * (0A000) instead, because B+tree keys hold the sort order (key-encoding.ts) and renumbering
 * would have to rewrite every index on the type.
 *
 * DEPENDENCIES are not rows in sys_depend: the columns of a type are found by scanning the
 * tables' and views' column types (DROP TYPE is rare; a catalog has few columns).
 */
import { DbError, type EnumLabel, type EnumType, enumSqlType, formatType, type Oid } from '@rustydb/common';
import { dropColumn } from './alter-table.js';
import type { CatalogView } from './catalog-view.js';
import type { CatalogWriter } from './catalog-writer.js';
import { type CascadeNotice, cascadeNotice, describeRelation, dropView } from './drop-ddl.js';
import type { TypeRow } from './system-tables.js';
import { checkSchema } from './table-ddl.js';

/** PostgreSQL's NAMEDATALEN - 1: the longest label, in bytes. */
const MAX_LABEL_BYTES = 63;
const utf8 = new TextEncoder();

export interface EnumSpec {
  /** The first search_path schema when omitted. */
  readonly schema?: string;
  readonly name: string;
  readonly labels: readonly string[];
  /** The creating role's OID (typowner). */
  readonly owner: number;
}

/** 42602 for a label over 63 bytes (EnumValuesCreate, AddEnumLabel, RenameEnumLabel). */
function checkLabel(label: string): void {
  if (utf8.encode(label).length > MAX_LABEL_BYTES) {
    throw new DbError('42602', `invalid enum label "${label}"`, {
      detail: `Labels must be ${MAX_LABEL_BYTES} bytes or less.`,
    });
  }
}

/**
 * CREATE TABLE / VIEW / SEQUENCE: 42710 when an enum is called `name` in `schema` (the relation's
 * row type would take its name, as in PostgreSQL, which says so in the hint).
 */
export function checkTypeNameFree(view: CatalogView, schema: string, name: string): void {
  if (
    view.enumType(name, schema) === undefined &&
    view.domainType(name, schema) === undefined &&
    view.standaloneComposite(name, schema) === undefined
  )
    return;
  throw new DbError('42710', `type "${name}" already exists`, {
    hint: "A relation has an associated type of the same name, so you must use a name that doesn't conflict with any existing type.",
  });
}

/** Is `name` a type in `schema`: an enum, a domain, or the row type of a table, view or sequence? */
export function typeNameTaken(w: CatalogWriter, schema: string, name: string): boolean {
  const view = w.view();
  const rel = view.relation(name, schema);
  return (
    view.enumType(name, schema) !== undefined ||
    view.domainType(name, schema) !== undefined ||
    view.standaloneComposite(name, schema) !== undefined ||
    (rel !== undefined && rel.kind !== 'index') ||
    w.takenByOthers(schema, name)
  );
}

/** CREATE TYPE … AS ENUM. See Catalog.createEnum. */
export function createEnum(w: CatalogWriter, spec: EnumSpec): EnumType {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  if (typeNameTaken(w, schema, spec.name) || w.takenByOthers(schema, spec.name)) {
    throw new DbError('42710', `type "${spec.name}" already exists`);
  }
  // The array type's OID first, then the type's, as PostgreSQL's DefineEnum assigns them.
  const arrayOid = w.allocateOid();
  const oid = w.allocateOid();
  const labels: EnumLabel[] = [];
  for (const [i, label] of spec.labels.entries()) {
    checkLabel(label);
    if (labels.some((l) => l.label === label)) {
      throw new DbError(
        '23505',
        'duplicate key value violates unique constraint "pg_enum_typid_label_index"',
        {
          detail: `Key (enumtypid, enumlabel)=(${oid}, ${label}) already exists.`,
          schema: 'pg_catalog',
          table: 'pg_enum',
          constraint: 'pg_enum_typid_label_index',
        },
      );
    }
    labels.push({ oid: w.allocateOid(), sortOrder: i + 1, label });
  }
  w.claimName(schema, spec.name);
  w.insert('type', { oid, schema, name: spec.name, arrayOid, owner: spec.owner, labels });
  return w.view().enumTypeByOid(oid)!;
}

/** The sys_type row of type `oid` as this transaction sees it. */
export function typeRow(w: CatalogWriter, oid: number) {
  const r = w
    .view()
    .rowsOf(oid)
    .find((x) => x.table === 'type');
  if (r === undefined || r.table !== 'type')
    throw new DbError('42704', `type with OID ${oid} does not exist`);
  return r;
}

export function replaceType(w: CatalogWriter, oid: number, change: (row: TypeRow) => TypeRow): void {
  const r = typeRow(w, oid);
  w.replace(r, change(r.row), r.row.name);
}

const notALabel = (label: string) => new DbError('22023', `"${label}" is not an existing enum label`);

/**
 * ALTER TYPE … ADD VALUE. Returns false when the label exists and `ifNotExists` (the caller
 * sends PostgreSQL's NOTICE). @throws DbError 42710 (exists), 22023 (no such neighbour), 42602.
 */
export function addEnumValue(
  w: CatalogWriter,
  oid: number,
  label: string,
  neighbor: { readonly label: string; readonly after: boolean } | undefined,
  ifNotExists: boolean,
): boolean {
  const e = w.view().enumTypeByOid(oid)!;
  checkLabel(label);
  if (e.byLabel.has(label)) {
    if (ifNotExists) return false;
    throw new DbError('42710', `enum label "${label}" already exists`);
  }
  const sortOrder = newSortOrder(e, neighbor);
  const added = { oid: w.allocateOid(), sortOrder, label };
  replaceType(w, oid, (row) => ({ ...row, labels: [...row.labels, added] }));
  return true;
}

/** Where a new label goes: after the last, or between `neighbor` and the label on its other side. */
function newSortOrder(
  e: EnumType,
  neighbor: { readonly label: string; readonly after: boolean } | undefined,
): number {
  const labels = e.labels;
  if (neighbor === undefined) return labels.length === 0 ? 1 : labels[labels.length - 1]!.sortOrder + 1;
  const at = labels.findIndex((l) => l.label === neighbor.label);
  if (at < 0) throw notALabel(neighbor.label);
  const here = labels[at]!.sortOrder;
  const other = labels[neighbor.after ? at + 1 : at - 1];
  if (other === undefined) return neighbor.after ? here + 1 : here - 1;
  const mid = (here + other.sortOrder) / 2;
  if (mid === here || mid === other.sortOrder) {
    throw new DbError('0A000', `no room left between enum labels "${neighbor.label}" and "${other.label}"`, {
      hint: 'Add the value elsewhere, or recreate the type.',
    });
  }
  return mid;
}

/** ALTER TYPE … RENAME VALUE. @throws DbError 22023 (no such label), 42710 (new label exists), 42602. */
export function renameEnumValue(w: CatalogWriter, oid: number, from: string, to: string): void {
  const e = w.view().enumTypeByOid(oid)!;
  checkLabel(to);
  if (!e.byLabel.has(from)) throw notALabel(from);
  if (e.byLabel.has(to)) throw new DbError('42710', `enum label "${to}" already exists`);
  replaceType(w, oid, (row) => ({
    ...row,
    labels: row.labels.map((l) => (l.label === from ? { ...l, label: to } : l)),
  }));
}

/** ALTER TYPE … RENAME TO. @throws DbError 42710 (a type of that name exists in the schema). */
export function renameType(w: CatalogWriter, oid: number, to: string): void {
  const e = w.view().enumTypeByOid(oid)!;
  if (typeNameTaken(w, e.schema, to) || w.takenByOthers(e.schema, to)) {
    throw new DbError('42710', `type "${to}" already exists`);
  }
  w.claimName(e.schema, to);
  replaceType(w, oid, (row) => ({ ...row, name: to }));
}

/**
 * ALTER TYPE … SET SCHEMA: the enum (and its array type, which follows its name) moves; a no-op
 * when it is there already. @throws DbError 3F000, 42710 (a type of that name exists there).
 */
export function setTypeSchema(w: CatalogWriter, oid: number, schema: string): void {
  const e = w.view().enumTypeByOid(oid)!;
  if (schema === e.schema) return;
  checkSchema(w, schema, e.name);
  if (typeNameTaken(w, schema, e.name) || w.takenByOthers(schema, e.name)) {
    throw new DbError('42710', `type "${e.name}" already exists in schema "${schema}"`);
  }
  w.claimName(schema, e.name);
  replaceType(w, oid, (row) => ({ ...row, schema }));
}

/** ALTER TYPE … OWNER TO (the caller checked the privileges). */
export function setTypeOwner(w: CatalogWriter, oid: number, owner: number): void {
  replaceType(w, oid, (row) => ({ ...row, owner }));
}

/** A column (of a table) or a view whose type is the enum or its array. */
interface TypeDependent {
  readonly table?: Oid;
  readonly column?: string;
  readonly view?: Oid;
  /** PostgreSQL's words: `column m of table t`, `view v`. */
  readonly text: string;
  /** `mood` or `mood[]`: which of the two types it uses. */
  readonly type: string;
}

function dependentsOf(view: CatalogView, e: EnumType): TypeDependent[] {
  const out: TypeDependent[] = [];
  const typeText = (array: boolean) => formatType(enumSqlType(e, array));
  for (const t of view.tables()) {
    // PostgreSQL lists a table's columns last attnum first (its pg_depend scan order).
    for (const c of [...t.columns].reverse()) {
      if (c.type.enum?.oid !== e.oid) continue;
      const text = `column ${c.name} of ${describeRelation(view, t.oid)}`;
      out.push({ table: t.oid, column: c.name, text, type: typeText(c.type.name === '_anyenum') });
    }
  }
  for (const v of view.views()) {
    const c = v.columns.find((x) => x.type.enum?.oid === e.oid);
    if (c)
      out.push({
        view: v.oid,
        text: describeRelation(view, v.oid),
        type: typeText(c.type.name === '_anyenum'),
      });
  }
  return out;
}

/**
 * DROP TYPE. Columns of the type need `cascade`, which drops them (and views of the type);
 * returns the NOTICE for what cascaded. @throws DbError 2BP01 (dependents without CASCADE).
 */
export function dropType(w: CatalogWriter, oid: number, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const e = view.enumTypeByOid(oid)!;
  const deps = dependentsOf(view, e);
  if (deps.length > 0 && !cascade) {
    throw new DbError(
      '2BP01',
      `cannot drop type ${formatType(enumSqlType(e))} because other objects depend on it`,
      {
        detail: deps.map((d) => `${d.text} depends on type ${d.type}`).join('\n'),
        hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
      },
    );
  }
  w.deleteObject(oid, e.name);
  for (const d of deps) {
    if (d.view !== undefined) {
      if (w.view().viewByOid(d.view)) dropView(w, d.view, true);
    } else if (
      w
        .view()
        .tableByOid(d.table!)
        ?.columns.some((c) => c.name === d.column)
    ) {
      dropColumn(w, d.table!, d.column!, true);
    }
  }
  return cascadeNotice(deps.map((d) => d.text));
}
