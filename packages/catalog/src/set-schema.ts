/**
 * ALTER TABLE | MATERIALIZED VIEW … SET SCHEMA (PostgreSQL's AlterTableNamespaceInternal): the
 * relation, its indexes and the sequences it owns (SERIAL, identity) move together; constraints
 * follow their table (connamespace is the table's). A column DEFAULT names its sequence in its
 * stored text (`nextval('app.t_id_seq'::regclass)`, see SystemCatalog.storedExpression), so the
 * defaults calling a moved (or renamed) sequence are rewritten to name it where it now is.
 */
import { DbError, type Oid } from '@rustydb/common';
import type { SequenceDef, ViewDef } from './catalog-reader.js';
import type { CatalogView } from './catalog-view.js';
import type { CatalogWriter } from './catalog-writer.js';
import { quoteIdent, splitQualifiedName } from './system-catalog/system-catalog.js';
import { checkSchema, tableOf } from './table-ddl.js';

/**
 * Moves table, materialized view, view or sequence `oid` to `schema`; a no-op when it is there
 * already. A view or sequence moves alone; a sequence owned by a column may not move on its own.
 * @throws DbError 3F000 (no such schema), 42P07 (a name is taken there), 0A000 (an owned sequence).
 */
export function setRelationSchema(w: CatalogWriter, oid: Oid, schema: string): void {
  const view = w.view();
  const single = view.viewByOid(oid) ?? view.sequenceByOid(oid);
  if (single) {
    moveSingle(w, single, schema);
    return;
  }
  const table = tableOf(w, oid);
  checkSchema(w, schema, table.name);
  if (schema === table.schema) return;
  const sequences = ownedSequences(view, oid);
  const moved = [table, ...table.indexes, ...sequences];
  // All names are checked before any row moves: an index is found under its table's schema.
  for (const { name } of moved) {
    if (view.relation(name, schema)) {
      throw new DbError('42P07', `relation "${name}" already exists in schema "${schema}"`);
    }
    w.checkNameFree(schema, name);
  }
  for (const { oid: relOid, name } of moved) {
    const rel = view.rowsOf(relOid).find((r) => r.table === 'relation');
    if (rel?.table !== 'relation') continue;
    w.claimName(schema, name);
    w.replace(rel, { ...rel.row, schema }, name);
  }
  for (const seq of sequences) renameInDefaults(w, view, seq, schema, seq.name);
}

/** SET SCHEMA of a view or a sequence (PostgreSQL's AlterTableNamespace for those kinds). */
function moveSingle(w: CatalogWriter, def: ViewDef | SequenceDef, schema: string): void {
  checkSchema(w, schema, def.name);
  if ('ownedBy' in def && def.ownedBy !== undefined) {
    const owner = w.view().tableByOid(def.ownedBy.table);
    throw new DbError('0A000', 'cannot move an owned sequence into another schema', {
      detail: `Sequence "${def.name}" is linked to table "${owner?.name ?? def.ownedBy.table}".`,
    });
  }
  if (schema === def.schema) return;
  if (w.view().relation(def.name, schema)) {
    throw new DbError('42P07', `relation "${def.name}" already exists in schema "${schema}"`);
  }
  w.checkNameFree(schema, def.name);
  const rel = w
    .view()
    .rowsOf(def.oid)
    .find((r) => r.table === 'relation');
  if (rel?.table !== 'relation') return;
  w.claimName(schema, def.name);
  w.replace(rel, { ...rel.row, schema }, def.name);
  if (!('querySql' in def)) renameInDefaults(w, w.view(), def, schema, def.name);
}

/** The sequences OWNED BY a column of table `oid` (dependencies 'a' / 'i', as DROP TABLE drops). */
function ownedSequences(view: CatalogView, oid: Oid): SequenceDef[] {
  const out: SequenceDef[] = [];
  for (const d of view.data.dependents.get(oid) ?? []) {
    const seq = d.type === 'n' ? undefined : view.sequenceByOid(d.object as Oid);
    if (seq) out.push(seq);
  }
  return out;
}

/** The regclass text a stored default names `name` in `schema` by (createColumnSequences' form). */
const storedName = (schema: string, name: string): string =>
  schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;

const regclassLiteral = (text: string): string => `'${text.replaceAll("'", "''")}'::regclass`;

/**
 * Rewrites the defaults calling sequence `seq` (their 'n' dependencies) to name it `name` in
 * `schema` (SET SCHEMA of its table, RENAME of the sequence).
 */
export function renameInDefaults(
  w: CatalogWriter,
  view: CatalogView,
  seq: SequenceDef,
  schema: string,
  name: string,
): void {
  const after = regclassLiteral(storedName(schema, name));
  // A name in the text is this sequence's when it is (its 'n' dependency says the default calls it).
  const names = (text: string): boolean => {
    const parts = splitQualifiedName(text.replaceAll("''", "'"));
    return (
      parts !== undefined && parts[1] === seq.name && (parts[0] === undefined || parts[0] === seq.schema)
    );
  };
  for (const d of view.data.dependents.get(seq.oid) ?? []) {
    if (d.type !== 'n') continue;
    const a = w
      .view()
      .rowsOf(d.object as Oid)
      .find((r) => r.table === 'attribute' && r.row.attnum === d.objectColumn);
    if (a?.table !== 'attribute' || a.row.defaultSql === null) continue;
    // `'s'::regclass`, or a default written `nextval('s')`, stored so, without the cast.
    const sql = a.row.defaultSql
      .replace(/'((?:[^']|'')*)'::regclass/g, (whole, text: string) => (names(text) ? after : whole))
      .replace(/nextval\('((?:[^']|'')*)'\)/g, (whole, text: string) =>
        names(text) ? `nextval(${after})` : whole,
      );
    const table = view.tableByOid(d.object as Oid)?.name ?? a.row.name;
    if (sql !== a.row.defaultSql) w.replace(a, { ...a.row, defaultSql: sql }, table);
  }
}
