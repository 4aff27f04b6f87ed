/**
 * CREATE TABLE and CREATE INDEX, and the constraints a table can carry: PRIMARY KEY and UNIQUE
 * (each backed by a unique btree index), CHECK (an expression stored as SQL text) and FOREIGN
 * KEY (the referenced columns, the referenced table's unique index the check goes through, and
 * the ON DELETE / ON UPDATE actions). Names are invented as PostgreSQL does (`t_pkey`,
 * `t_a_key`, `t_a_check`, `t_check`, `c_p_fkey`); the checks on definitions and their SQLSTATEs
 * are PostgreSQL's.
 */
import {
  canCast,
  DbError,
  fileId,
  formatTypeName,
  type Oid,
  type SqlType,
  undefinedTable,
} from '@rustydb/common';
import { actionCode, isTempSchema, storedColumnType } from './catalog-data.js';
import type { ColumnDef, IndexDef, ReferentialAction, TableDef } from './catalog-reader.js';
import type { CatalogWriter } from './catalog-writer.js';
import { insertDependencies } from './depend-rows.js';
import { indexNameAddition } from './relation-names.js';
import { allocateRowType } from './row-types.js';
import type { Deferral } from './system-tables.js';
import { checkTypeNameFree } from './type-ddl.js';

export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType;
  readonly notNull?: boolean;
  /** Already validated DEFAULT expression as SQL text. */
  readonly defaultSql?: string;
  /** The sequences the DEFAULT names (nextval('s'::regclass)): DROP SEQUENCE then needs CASCADE. */
  readonly defaultDependsOn?: readonly Oid[];
  /** GENERATED … AS IDENTITY. */
  readonly identity?: 'always' | 'byDefault';
  /**
   * GENERATED ALWAYS AS (defaultSql) STORED, and the other columns of the table its expression
   * reads (by name): dropping one of them needs CASCADE, which drops this column too.
   */
  readonly generated?: { readonly reads: readonly string[] };
}

/** A PRIMARY KEY or UNIQUE constraint by column names; `name` is CONSTRAINT name, if given. */
export interface KeySpec {
  readonly name?: string;
  readonly columns: readonly string[];
  /** DEFERRABLE INITIALLY IMMEDIATE ('i') or DEFERRED ('d'); absent: NOT DEFERRABLE. */
  readonly deferral?: Deferral;
  /** `INCLUDE (…)`: columns stored in the index after the key, not part of it. */
  readonly include?: readonly string[];
  /** `WITH (…)`: the index's checked storage parameters as `name=value` texts. */
  readonly options?: readonly string[];
}

/** A CHECK constraint: its validated expression as SQL text, and the columns it references. */
export interface CheckSpec {
  readonly name?: string;
  readonly sql: string;
  /** The distinct columns the expression reads (one column: the name is `t_col_check`). */
  readonly columns: readonly string[];
  /** ALTER TABLE … ADD … NOT VALID: the existing rows are not checked (convalidated false). */
  readonly notValid?: boolean;
}

/** A FOREIGN KEY by column names. `refTable` 'self' is the table being created. */
export interface ForeignKeySpec {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly refTable: Oid | 'self';
  /** Empty: the referenced table's primary key. */
  readonly refColumns: readonly string[];
  readonly onDelete?: ReferentialAction;
  readonly onUpdate?: ReferentialAction;
  /** ALTER TABLE … ADD … NOT VALID: the existing rows are not checked (convalidated false). */
  readonly notValid?: boolean;
  /** DEFERRABLE INITIALLY IMMEDIATE ('i') or DEFERRED ('d'); absent: NOT DEFERRABLE. */
  readonly deferral?: Deferral;
}

export interface TableSpec {
  /** 'public' when omitted. */
  readonly schema?: string;
  readonly name: string;
  /** Table access method; 'heap' when omitted. */
  readonly method?: string;
  readonly columns: readonly ColumnSpec[];
  readonly primaryKey?: KeySpec;
  readonly unique?: readonly KeySpec[];
  readonly checks?: readonly CheckSpec[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
  /** `WITH (…)`: checked storage parameters as `name=value` texts (pg_class.reloptions). */
  readonly options?: readonly string[];
  /** CREATE MATERIALIZED VIEW: the relation is kind 'm' and depends on what its query reads. */
  readonly matview?: MatviewSpec;
  /** CREATE UNLOGGED TABLE: relpersistence 'u', for the table and its indexes. */
  readonly unlogged?: boolean;
}

export interface MatviewSpec {
  /** The validated query as SQL text. */
  readonly querySql: string;
  /** False for WITH NO DATA. */
  readonly populated: boolean;
  /** The tables, views and materialized views the query names. */
  readonly dependsOn: readonly Oid[];
}

export interface IndexSpec {
  /** Invented as PostgreSQL does (`t_a_idx`) when omitted. */
  readonly name?: string;
  readonly table: Oid;
  /** Index access method; 'btree' when omitted. */
  readonly method?: string;
  /**
   * The key columns: a column `name`, or an `expression` (validated SQL text over the table's
   * columns) with `name` the word PostgreSQL would name it by (`lower`, else `expr`).
   */
  readonly columns: readonly {
    readonly name: string;
    readonly expression?: string;
    readonly descending?: boolean;
  }[];
  readonly unique?: boolean;
  /** INCLUDE column names. */
  readonly include?: readonly string[];
  /** A partial index's validated WHERE, as SQL text. */
  readonly predicateSql?: string;
  /** `WITH (…)`: checked storage parameters as `name=value` texts (pg_class.reloptions). */
  readonly options?: readonly string[];
  /**
   * The columns the expressions and the predicate read: each gets an auto dependency (sys_depend
   * type 'a', PostgreSQL's), so DROP COLUMN drops the index.
   */
  readonly dependsOn?: readonly string[];
}

/** 3F000 / 42501 unless `schema` may hold new objects. */
export function checkSchema(w: CatalogWriter, schema: string, name: string): void {
  if (schema === 'pg_catalog') {
    throw new DbError('42501', `permission denied to create "pg_catalog.${name}"`, {
      detail: 'System catalog modifications are currently disallowed.',
    });
  }
  if (!w.view().schemaExists(schema)) throw new DbError('3F000', `schema "${schema}" does not exist`);
}

/** Inserts the attribute row of a new column. */
export function insertColumn(
  w: CatalogWriter,
  table: Oid,
  attnum: number,
  c: ColumnSpec,
  notNull: boolean,
  attnumOf: (column: string) => number,
): void {
  w.insert('attribute', {
    relation: table,
    attnum,
    name: c.name,
    ...storedColumnType(c.type),
    notNull,
    defaultSql: c.defaultSql ?? null,
    dropped: false,
    identity: c.identity === undefined ? null : c.identity === 'always' ? 'a' : 'd',
    generated: c.generated === undefined ? null : 's',
  });
  for (const seq of c.defaultDependsOn ?? []) {
    w.insert('depend', { object: table, objectColumn: attnum, referenced: seq, refColumn: 0, type: 'n' });
  }
  // A generated column depends on the columns its expression reads ('a': not a reason to refuse
  // DROP TABLE; DROP COLUMN of a read column looks for these rows itself, see dropColumn).
  for (const name of c.generated?.reads ?? []) {
    const refColumn = attnumOf(name);
    w.insert('depend', { object: table, objectColumn: attnum, referenced: table, refColumn, type: 'a' });
  }
}

/** CREATE TABLE. See Catalog.createTable. */
/** PostgreSQL's MaxHeapAttributeNumber: the most columns a table may have (dropped ones count). */
export const MAX_TABLE_COLUMNS = 1600;
/** PostgreSQL's INDEX_MAX_KEYS: key and INCLUDE columns of one index. */
export const MAX_INDEX_KEYS = 32;

/** 54011 `tables can have at most 1600 columns`. */
export const tooManyColumns = (): DbError =>
  new DbError('54011', `tables can have at most ${MAX_TABLE_COLUMNS} columns`);

export function createTable(w: CatalogWriter, spec: TableSpec): TableDef {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  const method = spec.method ?? 'heap';
  w.checkTableMethod(method);
  if (spec.columns.length > MAX_TABLE_COLUMNS) throw tooManyColumns();
  const seen = new Set<string>();
  for (const c of spec.columns) {
    if (seen.has(c.name)) throw new DbError('42701', `column "${c.name}" specified more than once`);
    checkNotSystemColumnName(c.name);
    seen.add(c.name);
  }
  const keys = keyList(spec);
  const attnum = (name: string) => {
    const i = spec.columns.findIndex((c) => c.name === name);
    if (i < 0) throw new DbError('42703', `column "${name}" named in key does not exist`);
    return i + 1;
  };
  const resolved = keys.map((k) => {
    const kind = k.primary ? 'primary key' : 'unique';
    const cols = k.columns.map(attnum);
    if (new Set(cols).size !== cols.length) {
      const dup = k.columns.find((c, i) => k.columns.indexOf(c) !== i)!;
      throw new DbError('42701', `column "${dup}" appears twice in ${kind} constraint`);
    }
    return { ...k, attnums: cols, includeAttnums: (k.include ?? []).map(attnum) };
  });
  const pkCols = new Set(resolved.filter((k) => k.primary).flatMap((k) => k.attnums));
  w.checkNameFree(schema, spec.name);
  checkTypeNameFree(w.view(), schema, spec.name);

  const oid = w.allocateOid();
  const rowType = allocateRowType(w);
  const unlogged = spec.unlogged === true;
  w.createTableFile(method, unlogged, fileId(oid));
  w.claimName(schema, spec.name);
  const mv = spec.matview;
  w.insert('relation', {
    oid,
    schema,
    name: spec.name,
    kind: mv ? 'm' : 'r',
    method,
    file: oid,
    definition: mv ? mv.querySql : null,
    ...(mv ? { populated: mv.populated } : {}),
    ...(spec.options && spec.options.length > 0 ? { options: spec.options } : {}),
    ...(unlogged ? { persistence: 'u' } : {}),
    rowType,
  });
  if (mv) insertDependencies(w, oid, mv.dependsOn);
  spec.columns.forEach((c, i) => {
    const notNull = (c.notNull ?? false) || pkCols.has(i + 1) || c.identity !== undefined;
    insertColumn(w, oid, i + 1, c, notNull, (n) => spec.columns.findIndex((x) => x.name === n) + 1);
  });
  for (const key of resolved) {
    const name =
      key.name ??
      w.chooseName(
        spec.name,
        key.primary ? undefined : indexNameAddition([...key.columns, ...(key.include ?? [])]),
        key.primary ? 'pkey' : 'key',
        schema,
      );
    addIndex(w, {
      schema,
      table: oid,
      name,
      method: 'btree',
      columns: key.attnums,
      descending: key.attnums.map(() => false),
      unique: true,
      primary: key.primary,
      constraint: key.primary ? 'primary' : 'unique',
      ...keyIndexParts(key, key.includeAttnums),
    });
  }
  const named = new Set<string>();
  for (const check of spec.checks ?? []) {
    if (check.name !== undefined) {
      if (named.has(check.name))
        throw new DbError('42710', `check constraint "${check.name}" already exists`);
      named.add(check.name);
    }
    addCheck(w, oid, check);
  }
  for (const fk of spec.foreignKeys ?? []) addForeignKey(w, oid, fk);
  return w.view().tableByOid(oid)!;
}

/** A table visible to this transaction, or 42P01. */
export function tableOf(w: CatalogWriter, oid: Oid): TableDef {
  const table = w.view().tableByOid(oid);
  if (!table) throw undefinedTable(String(oid));
  return table;
}

/** 42710 when table `oid` already has a constraint called `name`. */
function checkConstraintName(table: TableDef, name: string): void {
  if (table.constraints.some((c) => c.name === name)) {
    throw new DbError('42710', `constraint "${name}" for relation "${table.name}" already exists`);
  }
}

/** Adds a CHECK constraint (the caller validated the expression and existing rows). */
export function addCheck(w: CatalogWriter, tableOid: Oid, check: CheckSpec): string {
  const table = tableOf(w, tableOid);
  const attnums = check.columns.map((n) => table.columns.find((c) => c.name === n)?.attnum ?? 0);
  let name = check.name;
  if (name === undefined) {
    name = w.chooseName(
      table.name,
      check.columns.length === 1 ? check.columns[0] : undefined,
      'check',
      table.schema,
    );
  } else {
    checkConstraintName(table, name);
  }
  w.insert('constraint', {
    oid: w.allocateOid(),
    table: tableOid,
    name,
    kind: 'check',
    columns: attnums.filter((a) => a > 0),
    index: null,
    check: check.sql,
    refTable: null,
    refColumns: [],
    onUpdate: null,
    onDelete: null,
    ...(check.notValid ? { notValid: true } : {}),
  });
  return name;
}

/** pg_class.relpersistence of a table: 't' temporary, 'u' unlogged, 'p' permanent. */
const persistenceOf = (t: TableDef): 't' | 'u' | 'p' =>
  isTempSchema(t.schema) ? 't' : t.unlogged ? 'u' : 'p';

/**
 * PostgreSQL's rule for a foreign key's tables: a permanent table references only permanent
 * ones, an unlogged one permanent or unlogged ones, a temporary one only temporary ones.
 * @throws DbError 42P16.
 */
function checkReferencePersistence(table: TableDef, ref: TableDef): void {
  const mine = persistenceOf(table);
  const theirs = persistenceOf(ref);
  if (mine === theirs || (mine === 'u' && theirs === 'p')) return;
  const message =
    mine === 'u'
      ? 'constraints on unlogged tables may reference only permanent or unlogged tables'
      : `constraints on ${mine === 't' ? 'temporary' : 'permanent'} tables may reference only ${mine === 't' ? 'temporary' : 'permanent'} tables`;
  throw new DbError('42P16', message);
}

/** Adds a FOREIGN KEY after checking it can be implemented (the caller validates existing rows). */
export function addForeignKey(w: CatalogWriter, tableOid: Oid, fk: ForeignKeySpec): string {
  const table = tableOf(w, tableOid);
  const refOid = fk.refTable === 'self' ? tableOid : fk.refTable;
  const ref = tableOf(w, refOid);
  checkReferencePersistence(table, ref);
  const columnOf = (t: TableDef, n: string) => {
    const c = t.columns.find((x) => x.name === n);
    if (!c) throw new DbError('42703', `column "${n}" referenced in foreign key constraint does not exist`);
    return c;
  };
  const cols = fk.columns.map((n) => columnOf(table, n));
  let index: IndexDef | undefined;
  let refCols: ColumnDef[];
  // A DEFERRABLE key cannot be referenced (PostgreSQL's indimmediate test): 55000.
  const deferrable = (i: IndexDef) => ref.constraints.some((c) => c.index === i.oid && c.deferrable === true);
  if (fk.refColumns.length === 0) {
    index = ref.indexes.find((i) => i.primary);
    if (!index) throw new DbError('42830', `there is no primary key for referenced table "${ref.name}"`);
    if (deferrable(index)) {
      throw new DbError('55000', `cannot use a deferrable primary key for referenced table "${ref.name}"`);
    }
    refCols = index.columns.map((a) => ref.columns.find((c) => c.attnum === a)!);
  } else {
    refCols = fk.refColumns.map((n) => columnOf(ref, n));
    const set = new Set(refCols.map((c) => c.attnum));
    const matching = (i: IndexDef) =>
      i.unique &&
      i.predicateSql === undefined &&
      i.columns.length === set.size &&
      i.columns.every((a) => set.has(a));
    index = set.size === refCols.length ? ref.indexes.find((i) => matching(i) && !deferrable(i)) : undefined;
    if (!index && set.size === refCols.length && ref.indexes.some((i) => matching(i) && deferrable(i))) {
      throw new DbError(
        '55000',
        `cannot use a deferrable unique constraint for referenced table "${ref.name}"`,
      );
    }
    if (!index) {
      throw new DbError(
        '42830',
        `there is no unique constraint matching given keys for referenced table "${ref.name}"`,
      );
    }
  }
  if (cols.length !== refCols.length) {
    throw new DbError('42830', 'number of referencing and referenced columns for foreign key disagree');
  }
  const name =
    fk.name ?? w.chooseName(table.name, indexNameAddition(cols.map((c) => c.name)), 'fkey', table.schema);
  if (fk.name !== undefined) checkConstraintName(table, name);
  cols.forEach((c, i) => {
    const r = refCols[i];
    if (!canCast(c.type, r.type, 'implicit') && !canCast(r.type, c.type, 'implicit')) {
      throw new DbError('42804', `foreign key constraint "${name}" cannot be implemented`, {
        detail: `Key columns "${c.name}" and "${r.name}" are of incompatible types: ${formatTypeName(c.type)} and ${formatTypeName(r.type)}.`,
      });
    }
  });
  w.insert('constraint', {
    oid: w.allocateOid(),
    table: tableOid,
    name,
    kind: 'foreign',
    columns: cols.map((c) => c.attnum),
    index: index.oid,
    check: null,
    refTable: refOid,
    refColumns: refCols.map((c) => c.attnum),
    onUpdate: actionCode(fk.onUpdate ?? 'noAction'),
    onDelete: actionCode(fk.onDelete ?? 'noAction'),
    ...(fk.notValid ? { notValid: true } : {}),
    ...(fk.deferral === undefined ? {} : { deferral: fk.deferral }),
  });
  return name;
}

/** What addIndex stores. */
export interface NewIndex {
  readonly schema: string;
  readonly table: Oid;
  readonly name: string;
  readonly method: string;
  readonly columns: readonly number[];
  readonly descending: readonly boolean[];
  readonly unique: boolean;
  readonly primary: boolean;
  readonly constraint?: 'primary' | 'unique';
  /** The key constraint's DEFERRABLE mode (with `constraint`). */
  readonly deferral?: Deferral;
  readonly expressions?: readonly string[];
  readonly predicate?: string;
  readonly include?: readonly number[];
  readonly options?: readonly string[];
}

/** Creates an (empty) index file and its rows, and the constraint row of a key. */
export function addIndex(w: CatalogWriter, ix: NewIndex): Oid {
  if (ix.columns.length + (ix.include?.length ?? 0) > MAX_INDEX_KEYS) {
    throw new DbError('54011', `cannot use more than ${MAX_INDEX_KEYS} columns in an index`);
  }
  const oid = w.allocateOid();
  // An index is unlogged with its table (PostgreSQL gives it the table's relpersistence).
  const unlogged = w.view().tableByOid(ix.table)?.unlogged === true;
  w.createIndexFile(ix.method, unlogged, fileId(oid));
  w.claimName(ix.schema, ix.name);
  w.insert('relation', {
    oid,
    schema: ix.schema,
    name: ix.name,
    kind: 'i',
    method: ix.method,
    file: oid,
    definition: null,
    ...(ix.options && ix.options.length > 0 ? { options: ix.options } : {}),
    ...(unlogged ? { persistence: 'u' } : {}),
  });
  w.insert('index', {
    index: oid,
    table: ix.table,
    columns: ix.columns,
    descending: ix.descending,
    unique: ix.unique,
    primary: ix.primary,
    ...(ix.expressions ? { expressions: ix.expressions } : {}),
    ...(ix.predicate ? { predicate: ix.predicate } : {}),
    ...(ix.include ? { include: ix.include } : {}),
  });
  if (ix.constraint) {
    w.insert('constraint', {
      oid: w.allocateOid(),
      table: ix.table,
      name: ix.name,
      kind: ix.constraint,
      columns: ix.columns,
      index: oid,
      check: null,
      refTable: null,
      refColumns: [],
      onUpdate: null,
      onDelete: null,
      ...(ix.deferral === undefined ? {} : { deferral: ix.deferral }),
    });
  }
  return oid;
}

/** CREATE INDEX. See Catalog.createIndex. */
export function createIndex(w: CatalogWriter, spec: IndexSpec): IndexDef {
  const table = tableOf(w, spec.table);
  const method = spec.method ?? 'btree';
  const attnumOf = (column: string): number => {
    const col = table.columns.find((d) => d.name === column);
    if (!col) throw new DbError('42703', `column "${column}" does not exist`);
    return col.attnum;
  };
  const attnums = spec.columns.map((c) => (c.expression === undefined ? attnumOf(c.name) : 0));
  const expressions = spec.columns.flatMap((c) => (c.expression === undefined ? [] : [c.expression]));
  const include = (spec.include ?? []).map(attnumOf);
  let name = spec.name;
  if (name === undefined) {
    // PostgreSQL's ChooseIndexColumnNames: key and INCLUDE columns alike.
    const words = [...spec.columns.map((c) => c.name), ...(spec.include ?? [])];
    name = w.chooseName(table.name, indexNameAddition(words), 'idx', table.schema);
  } else {
    w.checkNameFree(table.schema, name);
  }
  const oid = addIndex(w, {
    schema: table.schema,
    table: table.oid,
    name,
    method,
    columns: attnums,
    descending: spec.columns.map((c) => c.descending ?? false),
    unique: spec.unique ?? false,
    primary: false,
    ...(expressions.length > 0 ? { expressions } : {}),
    ...(spec.predicateSql === undefined ? {} : { predicate: spec.predicateSql }),
    ...(include.length > 0 ? { include } : {}),
    ...(spec.options ? { options: spec.options } : {}),
  });
  for (const attnum of new Set((spec.dependsOn ?? []).map(attnumOf))) {
    w.insert('depend', { object: oid, objectColumn: 0, referenced: table.oid, refColumn: attnum, type: 'a' });
  }
  return w.view().indexByOid(oid)!.def;
}

/**
 * ALTER TABLE ADD PRIMARY KEY / UNIQUE: the constraint's (empty) index; the caller fills it. A
 * primary key also makes its columns NOT NULL (the caller checked there are no NULLs).
 */
export function addKeyConstraint(w: CatalogWriter, tableOid: Oid, key: KeySpec, primary: boolean): IndexDef {
  const table = tableOf(w, tableOid);
  if (primary && table.indexes.some((i) => i.primary)) {
    throw new DbError('42P16', `multiple primary keys for table "${table.name}" are not allowed`);
  }
  const attnumOf = (n: string) => {
    const c = table.columns.find((x) => x.name === n);
    if (!c) throw new DbError('42703', `column "${n}" named in key does not exist`);
    return c.attnum;
  };
  const attnums = key.columns.map(attnumOf);
  const include = (key.include ?? []).map(attnumOf);
  const name =
    key.name ??
    w.chooseName(
      table.name,
      primary ? undefined : indexNameAddition([...key.columns, ...(key.include ?? [])]),
      primary ? 'pkey' : 'key',
      table.schema,
    );
  if (key.name !== undefined) w.checkNameFree(table.schema, name);
  if (primary) {
    for (const r of w.view().rowsOf(tableOid)) {
      if (r.table === 'attribute' && attnums.includes(r.row.attnum) && !r.row.notNull) {
        w.replace(r, { ...r.row, notNull: true }, table.name);
      }
    }
  }
  const oid = addIndex(w, {
    schema: table.schema,
    table: tableOid,
    name,
    method: 'btree',
    columns: attnums,
    descending: attnums.map(() => false),
    unique: true,
    primary,
    constraint: primary ? 'primary' : 'unique',
    ...keyIndexParts(key, include),
  });
  return w.view().indexByOid(oid)!.def;
}

/** What a key constraint adds to its index: INCLUDE attnums, storage parameters, DEFERRABLE. */
function keyIndexParts(
  key: KeySpec,
  include: readonly number[],
): Pick<NewIndex, 'include' | 'options' | 'deferral'> {
  return {
    ...(include.length > 0 ? { include } : {}),
    ...(key.options && key.options.length > 0 ? { options: key.options } : {}),
    ...(key.deferral === undefined ? {} : { deferral: key.deferral }),
  };
}

/**
 * The key constraints of a CREATE TABLE, in creation order: the primary key first, then each
 * UNIQUE, dropping a UNIQUE whose columns equal an earlier key's (PostgreSQL keeps one index).
 */
function keyList(spec: TableSpec): (KeySpec & { primary: boolean })[] {
  const keys: (KeySpec & { primary: boolean })[] = [];
  if (spec.primaryKey) keys.push({ ...spec.primaryKey, primary: true });
  for (const u of spec.unique ?? []) {
    const same = keys.find(
      (k) =>
        k.columns.length === u.columns.length &&
        k.columns.every((c, i) => c === u.columns[i]) &&
        (k.include ?? []).join() === (u.include ?? []).join() &&
        k.deferral === u.deferral,
    );
    if (!same) keys.push({ ...u, primary: false });
  }
  return keys;
}

/** PostgreSQL's system column names, which a table's own columns may not take. */
const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set([
  'tableoid',
  'ctid',
  'xmin',
  'xmax',
  'cmin',
  'cmax',
]);

/** @throws DbError 42701 `column name "ctid" conflicts with a system column name`. */
export function checkNotSystemColumnName(name: string): void {
  if (SYSTEM_COLUMN_NAMES.has(name)) {
    throw new DbError('42701', `column name "${name}" conflicts with a system column name`);
  }
}
