/**
 * ALTER TABLE's catalog changes, TRUNCATE's and rewrites' file swaps, and renames.
 *
 * DROPPED COLUMNS (PostgreSQL's attisdropped). Stored rows encode columns by position (attnum),
 * so DROP COLUMN keeps the column's sys_attribute row, renamed `........pg.dropped.N........`
 * and flagged `dropped`, with its type: old rows still decode (TableDef.storedTypes), and the
 * slot reads NULL in rows written afterwards. ADD COLUMN takes the next attnum after every
 * column, dropped ones included.
 *
 * NEW FILES (PostgreSQL's relfilenode). TRUNCATE and rewriting ALTERs (ALTER COLUMN TYPE, ADD
 * COLUMN with a DEFAULT) give the table and each of its indexes a new, empty file in the
 * transaction: the sys_relation row is replaced with the new FileId, the old file is removed only
 * when the transaction commits, and the new one when it aborts. ROLLBACK therefore restores the
 * old contents exactly, and a crash at any point leaves either the old or the new catalog rows,
 * each naming a complete file.
 */
import { DbError, type FileId, type Oid, type SqlType } from '@rustydb/common';
import type { ObjectRow } from './catalog-data.js';
import { storedColumnType } from './catalog-data.js';
import type { ColumnDef, IndexDef, TableDef } from './catalog-reader.js';
import type { CatalogWriter } from './catalog-writer.js';
import { type CascadeNotice, cascadeNotice, describeRelation } from './drop-ddl.js';
import { renameInDefaults } from './set-schema.js';
import type { AttributeRow } from './system-tables.js';
import {
  type ColumnSpec,
  checkNotSystemColumnName,
  insertColumn,
  MAX_TABLE_COLUMNS,
  tableOf,
  tooManyColumns,
} from './table-ddl.js';

type AttributeLocation = ObjectRow & { table: 'attribute'; row: AttributeRow };

function attributeRows(w: CatalogWriter, tableOid: Oid): AttributeLocation[] {
  return w
    .view()
    .rowsOf(tableOid)
    .filter((r): r is AttributeLocation => r.table === 'attribute');
}

/** The live column `name` of `table`, or 42703 `column "x" of relation "t" does not exist`. */
export function columnOf(table: TableDef, name: string): ColumnDef {
  const c = table.columns.find((x) => x.name === name);
  if (!c) throw new DbError('42703', `column "${name}" of relation "${table.name}" does not exist`);
  return c;
}

function attribute(w: CatalogWriter, tableOid: Oid, attnum: number): AttributeLocation {
  const r = attributeRows(w, tableOid).find((a) => a.row.attnum === attnum && !a.row.dropped);
  if (!r) throw new DbError('42703', `column number ${attnum} does not exist`);
  return r;
}

function checkColumnNameFree(table: TableDef, name: string): void {
  checkNotSystemColumnName(name);
  if (table.columns.some((c) => c.name === name)) {
    throw new DbError('42701', `column "${name}" of relation "${table.name}" already exists`);
  }
}

/** ADD COLUMN: the new column's definition (the caller fills existing rows if it has a default). */
export function addColumn(w: CatalogWriter, tableOid: Oid, spec: ColumnSpec): ColumnDef {
  const table = tableOf(w, tableOid);
  checkColumnNameFree(table, spec.name);
  const attnum = attributeRows(w, tableOid).reduce((m, a) => Math.max(m, a.row.attnum), 0) + 1;
  if (attnum > MAX_TABLE_COLUMNS) throw tooManyColumns();
  const notNull = (spec.notNull ?? false) || spec.identity !== undefined;
  insertColumn(w, tableOid, attnum, spec, notNull, (n) => columnOf(table, n).attnum);
  return tableOf(w, tableOid).columns.find((c) => c.attnum === attnum)!;
}

/**
 * DROP COLUMN: flags the column dropped; drops the indexes and this table's constraints that use
 * it, and a sequence it owns. Foreign keys of other tables that reference it, and triggers fired
 * by UPDATE OF it, need CASCADE.
 */
export function dropColumn(
  w: CatalogWriter,
  tableOid: Oid,
  name: string,
  cascade: boolean,
): CascadeNotice | undefined {
  let table = tableOf(w, tableOid);
  const col = columnOf(table, name);
  const view = w.view();
  const what = `column ${col.name} of ${describeRelation(view, tableOid)}`;
  const referencing = (table.referencedBy ?? []).filter(
    (r) => r.table !== tableOid && r.constraint.references!.columns.includes(col.attnum),
  );
  const generated = generatedReaders(w, table, col.attnum);
  // A trigger fired by UPDATE OF the column depends on it (pg_depend from tgattr).
  const triggers = (table.triggers ?? []).filter((t) => t.columns.includes(col.attnum));
  const dependents = [
    ...generated.map((g) => `column ${g.name} of ${describeRelation(view, tableOid)}`),
    ...referencing.map((r) => `constraint ${r.constraint.name} on ${describeRelation(view, r.table)}`),
    ...triggers.map((t) => `trigger ${t.name} on ${describeRelation(view, tableOid)}`),
  ];
  if (dependents.length > 0 && !cascade) {
    throw new DbError('2BP01', `cannot drop ${what} because other objects depend on it`, {
      detail: dependents.map((d) => `${d} depends on ${what}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  for (const g of generated) dropColumn(w, tableOid, g.name, true);
  if (generated.length > 0) table = tableOf(w, tableOid);
  for (const r of referencing) w.deleteObject(r.constraint.oid, r.constraint.name);
  for (const t of triggers) w.deleteObject(t.oid, table.name);
  for (const c of table.constraints) {
    if (
      c.columns.includes(col.attnum) ||
      (c.references?.table === tableOid && c.references.columns.includes(col.attnum))
    ) {
      w.deleteObject(c.oid, table.name);
    }
  }
  // An index goes with a column it keys on, INCLUDEs, or reads in an expression or predicate.
  const readers = new Set(
    (view.data.dependents.get(tableOid) ?? []).filter((d) => d.refColumn === col.attnum).map((d) => d.object),
  );
  for (const ix of table.indexes) {
    if (!ix.columns.includes(col.attnum) && !ix.include?.includes(col.attnum) && !readers.has(ix.oid))
      continue;
    w.deleteObject(ix.oid, ix.name);
    w.dropAtCommit(ix.file, 'index', ix.method);
  }
  for (const d of view.data.dependents.get(tableOid) ?? []) {
    const seq = view.sequenceByOid(d.object as Oid);
    if (d.type !== 'n' && d.refColumn === col.attnum && seq) {
      w.deleteObject(seq.oid, seq.name);
      w.dropAtCommit(seq.file, 'sequence', '');
    }
  }
  for (const r of view.rowsOf(tableOid)) {
    if (r.table === 'depend' && r.row.objectColumn === col.attnum) w.deleteRow(r, table.name);
  }
  const a = attribute(w, tableOid, col.attnum);
  w.replace(
    a,
    {
      ...a.row,
      name: `........pg.dropped.${col.attnum}........`,
      notNull: false,
      defaultSql: null,
      dropped: true,
      identity: null,
      generated: null,
    },
    table.name,
  );
  return cascadeNotice(dependents);
}

/** The generated columns of `table` whose expressions read column `attnum` (sys_depend 'a' rows). */
function generatedReaders(w: CatalogWriter, table: TableDef, attnum: number): ColumnDef[] {
  const attnums = new Set(
    (w.view().data.dependents.get(table.oid) ?? [])
      .filter((d) => d.object === table.oid && d.refColumn === attnum && d.objectColumn !== attnum)
      .map((d) => d.objectColumn),
  );
  return table.columns.filter((c) => c.generated !== undefined && attnums.has(c.attnum));
}

/** RENAME COLUMN. */
export function renameColumn(w: CatalogWriter, tableOid: Oid, from: string, to: string): void {
  const table = tableOf(w, tableOid);
  const col = columnOf(table, from);
  checkColumnNameFree(table, to);
  const a = attribute(w, tableOid, col.attnum);
  w.replace(a, { ...a.row, name: to }, table.name);
}

/** RENAME TO of a table, index, view or sequence; an index's constraint is renamed with it. */
export function renameRelation(w: CatalogWriter, oid: Oid, to: string): void {
  const view = w.view();
  const rel = view.rowsOf(oid).find((r) => r.table === 'relation');
  if (rel?.table !== 'relation') throw new DbError('42P01', `relation with OID ${oid} does not exist`);
  w.checkNameFree(rel.row.schema, to);
  w.claimName(rel.row.schema, to);
  w.replace(rel, { ...rel.row, name: to }, rel.row.name);
  // The defaults calling a sequence name it in their text (see set-schema.ts).
  const seq = rel.row.kind === 'S' ? view.sequenceByOid(oid) : undefined;
  if (seq) renameInDefaults(w, view, seq, seq.schema, to);
  if (rel.row.kind !== 'i') return;
  const table = view.indexByOid(oid)?.table;
  const c = table?.constraints.find((x) => x.index === oid && x.kind !== 'foreign');
  if (!c) return;
  for (const r of view.rowsOf(c.oid)) {
    if (r.table === 'constraint') w.replace(r, { ...r.row, name: to }, rel.row.name);
  }
}

/**
 * RENAME CONSTRAINT: a primary key or unique constraint renames its index with it.
 * @throws DbError 42704 (no such constraint), 42710 / 42P07 (name taken).
 */
export function renameConstraint(w: CatalogWriter, tableOid: Oid, from: string, to: string): void {
  const table = tableOf(w, tableOid);
  const c = table.constraints.find((x) => x.name === from);
  if (!c) throw new DbError('42704', `constraint "${from}" for table "${table.name}" does not exist`);
  if (table.constraints.some((x) => x.name === to)) {
    throw new DbError('42710', `constraint "${to}" for relation "${table.name}" already exists`);
  }
  if ((c.kind === 'primary' || c.kind === 'unique') && c.index !== undefined) {
    renameRelation(w, c.index, to);
    return;
  }
  for (const r of w.view().rowsOf(c.oid)) {
    if (r.table === 'constraint') w.replace(r, { ...r.row, name: to }, table.name);
  }
}

/**
 * SET DEFAULT (`sql` given) / DROP DEFAULT (`sql` null); DROP DEFAULT of a generated column is
 * DROP EXPRESSION (the column keeps its values and becomes an ordinary one).
 */
export function setColumnDefault(
  w: CatalogWriter,
  tableOid: Oid,
  attnum: number,
  sql: string | null,
  dependsOn: readonly Oid[] = [],
): void {
  const table = tableOf(w, tableOid);
  const a = attribute(w, tableOid, attnum);
  w.replace(a, { ...a.row, defaultSql: sql, generated: null }, table.name);
  for (const r of w.view().rowsOf(tableOid)) {
    if (r.table === 'depend' && r.row.objectColumn === attnum) w.deleteRow(r, table.name);
  }
  for (const seq of dependsOn) {
    w.insert('depend', { object: tableOid, objectColumn: attnum, referenced: seq, refColumn: 0, type: 'n' });
  }
}

/**
 * ADD GENERATED … AS IDENTITY, SET GENERATED, DROP IDENTITY: attidentity ('a' ALWAYS, 'd' BY
 * DEFAULT, null none). The caller creates, or drops, the identity's sequence and its default.
 */
export function setColumnIdentity(
  w: CatalogWriter,
  tableOid: Oid,
  attnum: number,
  identity: 'a' | 'd' | null,
): void {
  const table = tableOf(w, tableOid);
  const a = attribute(w, tableOid, attnum);
  if (a.row.identity !== identity) w.replace(a, { ...a.row, identity }, table.name);
}

/** SET / DROP NOT NULL (the caller checked existing rows for SET). */
export function setColumnNotNull(w: CatalogWriter, tableOid: Oid, attnum: number, notNull: boolean): void {
  const table = tableOf(w, tableOid);
  const a = attribute(w, tableOid, attnum);
  if (!notNull) {
    if (a.row.identity !== null) {
      throw new DbError('42601', `column "${a.row.name}" of relation "${table.name}" is an identity column`);
    }
    if (table.indexes.some((i) => i.primary && i.columns.includes(attnum))) {
      throw new DbError('42P16', `column "${a.row.name}" is in a primary key`);
    }
  }
  if (a.row.notNull !== notNull) w.replace(a, { ...a.row, notNull }, table.name);
}

/** ALTER COLUMN TYPE: the new type (and the re-coerced default); the caller rewrites the rows. */
export function setColumnType(
  w: CatalogWriter,
  tableOid: Oid,
  attnum: number,
  type: SqlType,
  defaultSql: string | null,
): void {
  const table = tableOf(w, tableOid);
  const a = attribute(w, tableOid, attnum);
  w.replace(a, { ...a.row, ...storedColumnType(type), defaultSql }, table.name);
}

/** Replaces a CHECK constraint's expression text (after a column it names was renamed). */
export function setCheckSql(w: CatalogWriter, constraintOid: Oid, sql: string): void {
  for (const r of w.view().rowsOf(constraintOid)) {
    if (r.table === 'constraint') w.replace(r, { ...r.row, check: sql }, r.row.name);
  }
}

/** Replaces a column's default or generation expression text (after a column it names was renamed). */
export function setColumnExpressionSql(w: CatalogWriter, tableOid: Oid, attnum: number, sql: string): void {
  const table = tableOf(w, tableOid);
  const a = attribute(w, tableOid, attnum);
  w.replace(a, { ...a.row, defaultSql: sql }, table.name);
}

/** Replaces an index's expression keys and predicate texts (after a column they name was renamed). */
export function setIndexSql(
  w: CatalogWriter,
  indexOid: Oid,
  expressions: readonly string[],
  predicate: string | undefined,
): void {
  for (const r of w.view().rowsOf(indexOid)) {
    if (r.table === 'index')
      w.replace(r, { ...r.row, expressions, predicate: predicate ?? null }, String(indexOid));
  }
}

/** ALTER TABLE / INDEX … SET | RESET (…): the relation's new reloptions (empty: none). */
export function setRelationOptions(w: CatalogWriter, oid: Oid, options: readonly string[]): void {
  const rel = w
    .view()
    .rowsOf(oid)
    .find((r) => r.table === 'relation');
  if (rel?.table !== 'relation') throw new DbError('42P01', `relation with OID ${oid} does not exist`);
  const { options: _, ...row } = rel.row;
  w.replace(rel, options.length > 0 ? { ...row, options } : row, rel.row.name);
}

/**
 * ALTER TABLE … SET LOGGED / UNLOGGED: relpersistence of table `oid` and of its indexes. The
 * caller gives them new files (newRelationFiles, made with the new persistence) and fills them.
 */
export function setTablePersistence(w: CatalogWriter, oid: Oid, unlogged: boolean): void {
  const table = tableOf(w, oid);
  for (const relation of [oid, ...table.indexes.map((ix) => ix.oid)]) {
    const rel = w
      .view()
      .rowsOf(relation)
      .find((r) => r.table === 'relation');
    if (rel?.table !== 'relation') continue;
    const { persistence: _, ...row } = rel.row;
    w.replace(rel, unlogged ? { ...row, persistence: 'u' } : row, rel.row.name);
  }
}

/** VALIDATE CONSTRAINT after the caller checked every row: convalidated becomes true. */
export function markConstraintValid(w: CatalogWriter, constraintOid: Oid): void {
  for (const r of w.view().rowsOf(constraintOid)) {
    if (r.table === 'constraint') w.replace(r, { ...r.row, notValid: false }, r.row.name);
  }
}

/**
 * Gives table `tableOid` and each of its indexes a new, empty file (TRUNCATE, table rewrites).
 * Returns the table as it is now; the caller fills the new files.
 */
export function newRelationFiles(w: CatalogWriter, tableOid: Oid): TableDef {
  const table = tableOf(w, tableOid);
  const view = w.view();
  swapFile(w, view.rowsOf(tableOid), table.name, () =>
    w.createTableFile(table.method, table.unlogged === true),
  );
  w.dropAtCommit(table.file, 'table', table.method);
  for (const ix of table.indexes) {
    swapFile(w, view.rowsOf(ix.oid), ix.name, () => w.createIndexFile(ix.method, ix.unlogged === true));
    w.dropAtCommit(ix.file, 'index', ix.method);
  }
  return tableOf(w, tableOid);
}

/** REFRESH MATERIALIZED VIEW: sets relispopulated of materialized view `oid` (a no-op when equal). */
export function setMatviewPopulated(w: CatalogWriter, oid: Oid, populated: boolean): void {
  const def = tableOf(w, oid);
  if (!def.matview) throw new DbError('42809', `"${def.name}" is not a materialized view`);
  if (def.matview.populated === populated) return;
  const r = w
    .view()
    .rowsOf(oid)
    .find((x) => x.table === 'relation');
  if (r?.table === 'relation') w.replace(r, { ...r.row, populated }, def.name);
}

/**
 * REINDEX: index `indexOid` gets a new, empty file (the old one goes at commit, the new one at
 * abort). Returns the index as it is now; the caller fills the new file.
 */
export function newIndexFile(w: CatalogWriter, indexOid: Oid): IndexDef {
  const found = w.view().indexByOid(indexOid);
  if (!found) throw new DbError('42704', `index with OID ${indexOid} does not exist`);
  const ix = found.def;
  swapFile(w, w.view().rowsOf(ix.oid), ix.name, () => w.createIndexFile(ix.method, ix.unlogged === true));
  w.dropAtCommit(ix.file, 'index', ix.method);
  return w.view().indexByOid(indexOid)!.def;
}

/**
 * TRUNCATE … RESTART IDENTITY / ALTER SEQUENCE RESTART: the sequence gets a new file at `value`
 * (its start value by default), not yet called — transactional, as PostgreSQL 10+.
 */
export function restartSequenceFile(w: CatalogWriter, seqOid: Oid, value?: bigint): void {
  const seq = w.view().sequenceByOid(seqOid);
  if (!seq) throw new DbError('42704', `sequence with OID ${seqOid} does not exist`);
  swapFile(w, w.view().rowsOf(seqOid), seq.name, () => w.createSequenceFile(value ?? seq.start));
  w.dropAtCommit(seq.file, 'sequence', '');
}

function swapFile(w: CatalogWriter, rows: readonly ObjectRow[], name: string, create: () => FileId): void {
  const rel = rows.find((r) => r.table === 'relation');
  if (rel?.table !== 'relation') return;
  const file = create();
  w.replace(rel, { ...rel.row, file: file as number }, name);
}
