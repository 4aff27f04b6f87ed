/**
 * The system relations: where the catalog keeps its definitions. Each is a `heap` TableStore at a
 * fixed, reserved FileId (< 100, below the first OID 16384), with rows encoded by the row codec of
 * `@rustydb/common`. Because they are ordinary MVCC tables, DDL is transactional for free: a
 * CREATE TABLE inserts rows, a DROP sets their xmax, and an abort leaves versions no one sees.
 *
 * sys_relation (FileId 1): one row per table or index (PostgreSQL's pg_class)
 *
 * | attnum | column | type | description                                            |
 * |--------|--------|------|--------------------------------------------------------|
 * | 1      | oid    | int4 | the relation's OID                                     |
 * | 2      | schema | text | 'public' (and 'pg_catalog', reserved)                  |
 * | 3      | name   | text | unique per schema across tables and indexes            |
 * | 4      | kind   | text | 'r' table, 'i' index (pg_class.relkind)                |
 * | 5      | method | text | access method: 'heap', 'memory', 'btree', …            |
 * | 6      | file   | int4 | the relation's FileId (base/<file>)                    |
 *
 * sys_attribute (FileId 2): one row per table column (pg_attribute)
 *
 * | attnum | column   | type | description                                          |
 * |--------|----------|------|------------------------------------------------------|
 * | 1      | relation | int4 | OID of the table                                     |
 * | 2      | attnum   | int4 | 1-based column number                                |
 * | 3      | name     | text | column name                                          |
 * | 4      | type     | text | SqlType name (`TypeName`, e.g. 'int4', 'varchar')    |
 * | 5      | typmod   | int4 | atttypmod, -1 for none                               |
 * | 6      | not_null | bool | NOT NULL                                             |
 * | 7      | default  | text | DEFAULT expression as SQL text, or NULL              |
 *
 * sys_index (FileId 3): one row per index (pg_index)
 *
 * | attnum | column     | type | description                                        |
 * |--------|------------|------|----------------------------------------------------|
 * | 1      | index      | int4 | OID of the index's sys_relation row                |
 * | 2      | table      | int4 | OID of the indexed table                           |
 * | 3      | columns    | text | key attnums, space separated (as int2vector prints)|
 * | 4      | descending | text | per key column '1' descending / '0' ascending      |
 * | 5      | unique     | bool | indisunique                                        |
 * | 6      | primary    | bool | indisprimary                                       |
 *
 * sys_constraint (FileId 4): one row per constraint (pg_constraint)
 *
 * | attnum | column  | type | description                                           |
 * |--------|---------|------|-------------------------------------------------------|
 * | 1      | oid     | int4 | the constraint's OID                                  |
 * | 2      | table   | int4 | OID of the constrained table                          |
 * | 3      | name    | text | constraint name (same as its index for pk/unique)     |
 * | 4      | kind    | text | 'primary', 'unique', 'check', 'foreign'               |
 * | 5      | columns | text | attnums, space separated                              |
 * | 6      | index   | int4 | OID of the enforcing index, or NULL                   |
 *
 * NB: arrays are stored as text because the row codec has no array type yet; they are tiny and
 * parsed once per catalog cache build. The codec decodes columns past a row's stored count as
 * NULL, so appending columns keeps old rows readable.
 *
 * Room left for later issues (nothing built): roles go in `sys_role` (FileId 5) and privileges in
 * an `acl` column appended to sys_relation (attnum 7), as PostgreSQL's pg_authid and relacl;
 * an `owner` column (attnum 8) then names the owning role.
 */
import {
  decodeRow,
  encodeRow,
  fileId,
  type FileId,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';

/** The reserved FileIds of the system relations. Stored on disk: never renumber. */
export const SYSTEM_FILES = {
  relation: fileId(1),
  attribute: fileId(2),
  index: fileId(3),
  constraint: fileId(4),
} as const;

export type SystemTable = keyof typeof SYSTEM_FILES;

const int4 = sqlType('int4');
const text = sqlType('text');
const bool = sqlType('bool');

/** Column types of each system relation, in attnum order. */
export const SYSTEM_COLUMNS: Readonly<Record<SystemTable, readonly SqlType[]>> = {
  relation: [int4, text, text, text, text, int4],
  attribute: [int4, int4, text, text, int4, bool, text],
  index: [int4, int4, text, text, bool, bool],
  constraint: [int4, int4, text, text, text, int4],
};

/** A sys_relation row. */
export interface RelationRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: 'r' | 'i';
  readonly method: string;
  readonly file: number;
}

/** A sys_attribute row. */
export interface AttributeRow {
  readonly relation: number;
  readonly attnum: number;
  readonly name: string;
  readonly type: string;
  readonly typmod: number;
  readonly notNull: boolean;
  readonly defaultSql: string | null;
}

/** A sys_index row. */
export interface IndexRow {
  readonly index: number;
  readonly table: number;
  readonly columns: readonly number[];
  readonly descending: readonly boolean[];
  readonly unique: boolean;
  readonly primary: boolean;
}

/** A sys_constraint row. */
export interface ConstraintRow {
  readonly oid: number;
  readonly table: number;
  readonly name: string;
  readonly kind: 'primary' | 'unique' | 'check' | 'foreign';
  readonly columns: readonly number[];
  readonly index: number | null;
}

export interface SystemRows {
  relation: RelationRow;
  attribute: AttributeRow;
  index: IndexRow;
  constraint: ConstraintRow;
}

const formatInts = (ns: readonly number[]): string => ns.join(' ');
const parseInts = (s: string): number[] => (s === '' ? [] : s.split(' ').map(Number));

/** Encodes a system row into a tuple payload. The returned buffer is the caller's. */
export function encodeSystemRow<T extends SystemTable>(table: T, row: SystemRows[T]): Uint8Array {
  return encodeRow(toValues(table, row), SYSTEM_COLUMNS[table]);
}

function toValues(table: SystemTable, row: SystemRows[SystemTable]): Value[] {
  switch (table) {
    case 'relation': {
      const r = row as RelationRow;
      return [r.oid, r.schema, r.name, r.kind, r.method, r.file];
    }
    case 'attribute': {
      const r = row as AttributeRow;
      return [r.relation, r.attnum, r.name, r.type, r.typmod, r.notNull, r.defaultSql];
    }
    case 'index': {
      const r = row as IndexRow;
      return [
        r.index,
        r.table,
        formatInts(r.columns),
        r.descending.map((d) => (d ? '1' : '0')).join(' '),
        r.unique,
        r.primary,
      ];
    }
    case 'constraint': {
      const r = row as ConstraintRow;
      return [r.oid, r.table, r.name, r.kind, formatInts(r.columns), r.index];
    }
  }
}

/** Decodes a tuple payload of a system relation. Does not keep `data`. */
export function decodeSystemRow<T extends SystemTable>(table: T, data: Uint8Array): SystemRows[T] {
  const v: Value[] = [];
  decodeRow(data, SYSTEM_COLUMNS[table], v);
  return fromValues(table, v) as SystemRows[T];
}

function fromValues(table: SystemTable, v: readonly Value[]): SystemRows[SystemTable] {
  switch (table) {
    case 'relation':
      return {
        oid: v[0] as number,
        schema: v[1] as string,
        name: v[2] as string,
        kind: v[3] as RelationRow['kind'],
        method: v[4] as string,
        file: v[5] as number,
      };
    case 'attribute':
      return {
        relation: v[0] as number,
        attnum: v[1] as number,
        name: v[2] as string,
        type: v[3] as string,
        typmod: v[4] as number,
        notNull: v[5] as boolean,
        defaultSql: v[6] as string | null,
      };
    case 'index':
      return {
        index: v[0] as number,
        table: v[1] as number,
        columns: parseInts(v[2] as string),
        descending: (v[3] as string) === '' ? [] : (v[3] as string).split(' ').map((d) => d === '1'),
        unique: v[4] as boolean,
        primary: v[5] as boolean,
      };
    case 'constraint':
      return {
        oid: v[0] as number,
        table: v[1] as number,
        name: v[2] as string,
        kind: v[3] as ConstraintRow['kind'],
        columns: parseInts(v[4] as string),
        index: v[5] as number | null,
      };
  }
}

/** The FileId of a system relation. */
export const systemFile = (table: SystemTable): FileId => SYSTEM_FILES[table];
