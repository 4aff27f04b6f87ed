/**
 * DROP of tables, views, sequences, indexes, schemas and constraints, with PostgreSQL's
 * dependency rules (dependency.c, reduced to the dependencies RustyDB records):
 *
 * - a view or materialized view depends on the relations its query names ('n': DROP of those
 *   needs CASCADE, which drops it too);
 * - a FOREIGN KEY depends on the referenced table and its unique index ('n');
 * - a column DEFAULT depends on the sequences it calls nextval on ('n': CASCADE drops the default);
 * - a sequence OWNED BY a column ('a', SERIAL) or behind an identity column ('i') goes with its
 *   table silently;
 * - the tables, views, sequences, types and functions of a schema depend on it;
 * - a function whose parameters or result are of a relation's row type depends on the type, and
 *   so on the relation (row-types.ts; found by looking at the functions, not recorded).
 *
 * Without CASCADE a drop with dependents fails with 2BP01 `cannot drop table t because other
 * objects depend on it`, one DETAIL line per dependent and the hint to use CASCADE; with CASCADE
 * the dependents go first and the caller gets PostgreSQL's NOTICE lines (`drop cascades to view v`).
 */
import { DbError, formatType, type Oid, type SqlType } from '@rustydb/common';
import type { ConstraintDef, TableDef } from './catalog-reader.js';
import type { CatalogView } from './catalog-view.js';
import type { CatalogWriter } from './catalog-writer.js';
import { dropDomain } from './domain-ddl.js';
import { tableOf } from './table-ddl.js';
import { dropType } from './type-ddl.js';

/** An object found depending on the one being dropped. */
interface Dependent {
  readonly kind: 'view' | 'matview' | 'constraint' | 'default' | 'function';
  readonly oid: number;
  /** The table of a constraint or default, the column of a default. */
  readonly table?: Oid;
  readonly attnum?: number;
  /** How PostgreSQL names it in messages: `view v`, `constraint c_p_fkey on table c`. */
  readonly text: string;
  /** What it depends on, when not the dropped object itself: `type t` for a relation's row type. */
  readonly on?: string;
}

/** The NOTICE a cascading drop reports, PostgreSQL's wording; undefined when nothing cascaded. */
export interface CascadeNotice {
  readonly message: string;
  readonly detail?: string;
}

/** How a relation is named in dependency messages: qualified when its schema is not searched. */
export function describeRelation(view: CatalogView, oid: number): string {
  const d = view.describe(oid);
  const rel = view.data.relationRows.get(oid);
  if (!d || !rel) return `relation ${oid}`;
  const visible = view.effectivePath.includes(rel.schema);
  return `${d.kind} ${visible ? d.name : `${rel.schema}.${d.name}`}`;
}

/** Views, foreign keys of other tables and column defaults that depend on relation `oid`. */
function dependentsOf(view: CatalogView, oid: number): Dependent[] {
  const out: Dependent[] = [];
  for (const d of view.data.dependents.get(oid) ?? []) {
    if (d.type !== 'n') continue;
    if (d.objectColumn > 0) {
      const table = view.tableByOid(d.object as Oid);
      const col = table?.columns.find((c) => c.attnum === d.objectColumn);
      if (table && col?.defaultSql !== undefined) {
        out.push({
          kind: 'default',
          oid: d.object,
          table: table.oid,
          attnum: col.attnum,
          text: `default value for column ${col.name} of ${describeRelation(view, table.oid)}`,
        });
      }
    } else if (!out.some((o) => o.oid === d.object)) {
      const kind = view.viewByOid(d.object as Oid)
        ? 'view'
        : view.tableByOid(d.object as Oid)?.matview
          ? 'matview'
          : undefined;
      if (kind) out.push({ kind, oid: d.object, text: describeRelation(view, d.object) });
    }
  }
  const table = view.tableByOid(oid as Oid);
  for (const ref of table?.referencedBy ?? []) {
    if (ref.table === oid) continue;
    out.push(constraintDependent(view, ref.table, ref.constraint));
  }
  out.push(...rowTypeDependents(view, oid));
  return out;
}

/** The functions taking or returning the row type of relation `oid`, in OID order. */
function rowTypeDependents(view: CatalogView, oid: number): Dependent[] {
  const rowType = view.rowTypeOfRelation(oid);
  if (rowType === undefined) return [];
  const uses = (t: SqlType | undefined) => t?.composite?.oid === rowType.oid;
  return view
    .functions()
    .filter((f) => uses(f.result) || f.argTypes.some(uses) || f.columns?.some((c) => uses(c.type)))
    .map((f) => ({
      kind: 'function',
      oid: f.oid,
      text: `${f.row.kind === 'p' ? 'procedure' : 'function'} ${f.name}(${f.argTypes.map(formatType).join(', ')})`,
      on: `type ${rowType.name}`,
    }));
}

function constraintDependent(view: CatalogView, table: Oid, c: ConstraintDef): Dependent {
  return {
    kind: 'constraint',
    oid: c.oid,
    table,
    text: `constraint ${c.name} on ${describeRelation(view, table)}`,
  };
}

/** Every dependent of `oid`, and of dependent views, depth first (what CASCADE drops). */
function allDependents(view: CatalogView, oid: number, seen = new Set<number>([oid])): Dependent[] {
  const out: Dependent[] = [];
  for (const d of dependentsOf(view, oid)) {
    const relation = d.kind === 'view' || d.kind === 'matview';
    if (seen.has(d.oid) && relation) continue;
    seen.add(d.oid);
    out.push(d);
    if (relation) out.push(...allDependents(view, d.oid, seen));
  }
  return out;
}

/**
 * 2BP01 unless `cascade`; with CASCADE drops `deps` and returns the notice. `what` is the dropped
 * object as messages name it (`table t`).
 */
function handleDependents(
  w: CatalogWriter,
  what: string,
  deps: readonly Dependent[],
  cascade: boolean,
  verb = 'drop',
): CascadeNotice | undefined {
  if (deps.length === 0) return undefined;
  if (!cascade) {
    throw new DbError('2BP01', `cannot ${verb} ${what} because other objects depend on it`, {
      detail: deps.map((d) => `${d.text} depends on ${d.on ?? what}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  for (const d of deps) dropDependent(w, d);
  return cascadeNotice(deps.map((d) => d.text));
}

/** PostgreSQL's NOTICE for objects a CASCADE removed. */
export function cascadeNotice(texts: readonly string[]): CascadeNotice | undefined {
  if (texts.length === 0) return undefined;
  if (texts.length === 1) return { message: `drop cascades to ${texts[0]}` };
  return {
    message: `drop cascades to ${texts.length} other objects`,
    detail: texts.map((t) => `drop cascades to ${t}`).join('\n'),
  };
}

function dropDependent(w: CatalogWriter, d: Dependent): void {
  const view = w.view();
  switch (d.kind) {
    case 'view':
      if (view.viewByOid(d.oid as Oid)) w.deleteObject(d.oid, view.viewByOid(d.oid as Oid)!.name);
      return;
    case 'matview': {
      const table = view.tableByOid(d.oid as Oid);
      if (table) dropTableRows(w, table);
      return;
    }
    case 'constraint':
      for (const r of view.rowsOf(d.oid)) if (r.table === 'constraint') w.deleteRow(r, d.text);
      return;
    case 'function':
      if (view.functions().some((f) => f.oid === d.oid)) w.deleteObject(d.oid, d.text);
      return;
    case 'default':
      for (const r of view.rowsOf(d.oid)) {
        if (r.table === 'attribute' && r.row.attnum === d.attnum) {
          w.replace(r, { ...r.row, defaultSql: null }, d.text);
        }
        if (r.table === 'depend' && r.row.objectColumn === d.attnum) w.deleteRow(r, d.text);
      }
      return;
  }
}

/** DROP TABLE. See Catalog.dropTable. */
export function dropTable(w: CatalogWriter, oid: Oid, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const table = tableOf(w, oid);
  // The table's own rows first: a concurrent DROP is then reported on the table.
  const first = view.rowsOf(oid).find((r) => r.table === 'relation');
  if (first) w.deleteRow(first, table.name);
  const notice = handleDependents(w, describeRelation(view, oid), allDependents(view, oid), cascade);
  dropTableRows(w, table);
  return notice;
}

/** Removes a table's rows, indexes, constraints and owned sequences; files go at commit. */
function dropTableRows(w: CatalogWriter, table: TableDef): void {
  const view = w.view();
  for (const d of view.data.dependents.get(table.oid) ?? []) {
    if (d.type !== 'n' && view.sequenceByOid(d.object as Oid)) dropSequenceRows(w, d.object as Oid);
  }
  w.deleteObject(table.oid, table.name);
  for (const ix of table.indexes) w.deleteObject(ix.oid, ix.name);
  for (const c of table.constraints) w.deleteObject(c.oid, table.name);
  for (const t of table.triggers ?? []) w.deleteObject(t.oid, table.name);
  for (const ix of table.indexes) w.dropAtCommit(ix.file, 'index', ix.method);
  w.dropAtCommit(table.file, 'table', table.method);
}

/** DROP VIEW. See Catalog.dropView. */
export function dropView(w: CatalogWriter, oid: Oid, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const def = view.viewByOid(oid);
  if (!def) throw new DbError('42704', `view with OID ${oid} does not exist`);
  const notice = handleDependents(w, describeRelation(view, oid), allDependents(view, oid), cascade);
  w.deleteObject(oid, def.name);
  return notice;
}

/**
 * DROP TYPE of a standalone composite type (composite-type-ddl.ts): the functions using it need
 * `cascade`, which drops them. See Catalog.dropCompositeType.
 */
export function dropCompositeType(
  w: CatalogWriter,
  oid: number,
  cascade: boolean,
): CascadeNotice | undefined {
  const view = w.view();
  const c = view.compositeTypeByOid(oid);
  if (c === undefined) throw new DbError('42704', `type with OID ${oid} does not exist`);
  const notice = handleDependents(w, `type ${c.name}`, rowTypeDependents(view, c.relid), cascade);
  w.deleteObject(c.relid, c.name);
  return notice;
}

/** DROP SEQUENCE. See Catalog.dropSequence. */
export function dropSequence(w: CatalogWriter, oid: Oid, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const seq = view.sequenceByOid(oid);
  if (!seq) throw new DbError('42704', `sequence with OID ${oid} does not exist`);
  const owner = (view.data.dependencies.get(oid) ?? []).find((d) => d.type === 'i');
  if (owner) {
    const table = view.tableByOid(owner.referenced as Oid);
    const col = table?.columns.find((c) => c.attnum === owner.refColumn);
    const column = `column ${col?.name} of ${describeRelation(view, owner.referenced)}`;
    throw new DbError('2BP01', `cannot drop sequence ${seq.name} because ${column} requires it`, {
      hint: `You can drop ${column} instead.`,
    });
  }
  const notice = handleDependents(w, describeRelation(view, oid), allDependents(view, oid), cascade);
  dropSequenceRows(w, oid);
  return notice;
}

function dropSequenceRows(w: CatalogWriter, oid: Oid): void {
  const seq = w.view().sequenceByOid(oid)!;
  w.deleteObject(oid, seq.name);
  w.dropAtCommit(seq.file, 'sequence', '');
}

/** DROP INDEX. See Catalog.dropIndex. */
export function dropIndex(w: CatalogWriter, oid: Oid): void {
  const view = w.view();
  const entry = view.indexByOid(oid);
  if (!entry) throw new DbError('42704', `index with OID ${oid} does not exist`);
  const { def, table } = entry;
  const constraint = table.constraints.find((c) => c.index === def.oid && c.kind !== 'foreign');
  if (constraint) {
    throw new DbError(
      '2BP01',
      `cannot drop index ${def.name} because constraint ${constraint.name} on table ${table.name} requires it`,
      { hint: `You can drop constraint ${constraint.name} on table ${table.name} instead.` },
    );
  }
  const fks = foreignKeysOn(view, def.oid);
  handleDependents(w, `index ${def.name}`, fks, false);
  w.deleteObject(def.oid, def.name);
  w.dropAtCommit(def.file, 'index', def.method);
}

/** Foreign keys (of any table) that go through unique index `index`. */
function foreignKeysOn(view: CatalogView, index: Oid): Dependent[] {
  const out: Dependent[] = [];
  for (const t of view.tables()) {
    for (const c of t.constraints) {
      if (c.kind === 'foreign' && c.index === index) out.push(constraintDependent(view, t.oid, c));
    }
  }
  return out;
}

/** ALTER TABLE DROP CONSTRAINT. See Catalog.dropConstraint. */
export function dropConstraint(
  w: CatalogWriter,
  tableOid: Oid,
  name: string,
  cascade: boolean,
): CascadeNotice | undefined {
  const view = w.view();
  const table = tableOf(w, tableOid);
  const c = table.constraints.find((x) => x.name === name);
  if (!c) throw new DbError('42704', `constraint "${name}" of relation "${table.name}" does not exist`);
  let notice: CascadeNotice | undefined;
  if ((c.kind === 'primary' || c.kind === 'unique') && c.index !== undefined) {
    const what = `constraint ${c.name} on ${describeRelation(view, tableOid)}`;
    const fks = foreignKeysOn(view, c.index).filter((d) => d.oid !== c.oid);
    notice = handleDependents(w, what, fks, cascade);
    const ix = table.indexes.find((i) => i.oid === c.index);
    if (ix) {
      w.deleteObject(ix.oid, ix.name);
      w.dropAtCommit(ix.file, 'index', ix.method);
    }
  }
  w.deleteObject(c.oid, table.name);
  return notice;
}

/** The objects a cascade NOTICE names (`column c of table t`, …). */
const cascadedTexts = (n: CascadeNotice | undefined): string[] =>
  n === undefined
    ? []
    : (n.detail?.split('\n') ?? [n.message]).map((l) => l.replace(/^drop cascades to /, ''));

const DROP_RANK = { table: 0, view: 1, sequence: 2, index: 3 } as const;

/** DROP SCHEMA. See Catalog.dropSchema. */
export function dropSchema(w: CatalogWriter, name: string, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const row = view.data.schemas.get(name);
  if (!row) {
    throw new DbError('2BP01', `cannot drop schema ${name} because it is required by the database system`);
  }
  const members = view.relationsIn(name).filter((e) => e.kind !== 'index');
  const enums = view.enumTypes().filter((t) => t.def.schema === name);
  const domains = view.domainTypes().filter((t) => t.def.schema === name);
  const composites = view.standaloneComposites().filter((c) => c.schema === name);
  const functions = view.functions().filter((f) => f.schema === name);
  const types = [...enums, ...domains].map((t) => ({ oid: t.def.oid, name: t.def.name }));
  const texts = [
    ...members.map((e) => describeRelation(view, e.def.oid)),
    ...[...types, ...composites].sort((a, b) => a.oid - b.oid).map((t) => `type ${name}.${t.name}`),
    ...functions.map(
      (f) =>
        `${f.row.kind === 'p' ? 'procedure' : 'function'} ${name}.${f.name}(${f.argTypes.map(formatType).join(', ')})`,
    ),
  ];
  if (texts.length > 0 && !cascade) {
    throw new DbError('2BP01', `cannot drop schema ${name} because other objects depend on it`, {
      detail: texts.map((t) => `${t} depends on schema ${name}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  const extra: string[] = [];
  // Tables first: the sequences they own (SERIAL, identity) go with them, and dropping an
  // identity column's sequence on its own is refused.
  const tablesFirst = [...members].sort((a, b) => DROP_RANK[a.kind] - DROP_RANK[b.kind]);
  for (const e of tablesFirst) {
    const now = w.view();
    const oid = e.def.oid as Oid;
    let n: CascadeNotice | undefined;
    if (e.kind === 'table' && now.tableByOid(oid)) n = dropTable(w, oid, true);
    else if (e.kind === 'view' && now.viewByOid(oid)) n = dropView(w, oid, true);
    else if (e.kind === 'sequence' && now.sequenceByOid(oid)) n = dropSequence(w, oid, true);
    extra.push(...cascadedTexts(n));
  }
  for (const t of enums) {
    if (w.view().enumTypeByOid(t.def.oid) === undefined) continue;
    const n = dropType(w, t.def.oid, true);
    extra.push(...cascadedTexts(n));
  }
  for (const t of domains) {
    if (w.view().domainTypeByOid(t.def.oid) === undefined) continue;
    const n = dropDomain(w, t.def.oid, true);
    extra.push(...cascadedTexts(n));
  }
  for (const c of composites) {
    if (w.view().compositeTypeByOid(c.oid) === undefined) continue;
    extra.push(...cascadedTexts(dropCompositeType(w, c.oid, true)));
  }
  for (const f of functions) {
    if (
      w
        .view()
        .functions()
        .some((g) => g.oid === f.oid)
    )
      w.deleteObject(f.oid, f.name);
  }
  w.deleteRow({ table: 'namespace', tid: row.tid, row: row.row }, name);
  return cascadeNotice([...texts, ...extra.filter((t) => !texts.includes(t))]);
}
