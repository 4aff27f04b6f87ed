/**
 * The system relations: where the catalog keeps its definitions. Each is a `heap` TableStore at a
 * fixed, reserved FileId (< 100, below the first OID 16384), with rows encoded by the row codec of
 * `@rustydb/common`. Because they are ordinary MVCC tables, DDL is transactional for free: a
 * CREATE TABLE inserts rows, a DROP sets their xmax, an ALTER replaces a row (xmax on the old
 * version, a new version inserted), and an abort leaves versions no one sees.
 *
 * sys_relation (FileId 1): one row per table, index, view or sequence (PostgreSQL's pg_class)
 *
 * | attnum | column     | type | description                                            |
 * |--------|------------|------|--------------------------------------------------------|
 * | 1      | oid        | int4 | the relation's OID                                     |
 * | 2      | schema     | text | 'public', a CREATE SCHEMA name, or 'pg_temp_<pid>'     |
 * | 3      | name       | text | unique per schema across all relation kinds            |
 * | 4      | kind       | text | 'r' table, 'i' index, 'v' view, 'm' materialized view, |
 * |        |            |      | 'S' sequence, 'c' composite type (relkind)             |
 * | 5      | method     | text | access method: 'heap', 'memory', 'btree', … ('' else)  |
 * | 6      | file       | int4 | the relation's FileId (base/<file>); 0 for a view      |
 * | 7      | definition | text | view, materialized view: its query as SQL text; NULL   |
 * |        |            |      | otherwise                                              |
 * | 8      | populated  | bool | materialized view: relispopulated (false after WITH NO |
 * |        |            |      | DATA); NULL otherwise, and in rows older than it       |
 * | 9      | options    | text | storage parameters (reloptions): a JSON array of       |
 * |        |            |      | `name=value` texts, or NULL for none                   |
 * | 10     | persistence| text | relpersistence 'u' for an unlogged table and its       |
 * |        |            |      | indexes; NULL otherwise (permanent, or temporary by    |
 * |        |            |      | its schema), and in rows older than it                 |
 * | 11     | row_type   | int4 | table, view, materialized view: the OID of its row     |
 * |        |            |      | type (pg_class.reltype); NULL for the other kinds, and |
 * |        |            |      | in rows older than it (such relations have no row type)|
 * | 12     | row_array  | int4 | the OID of the row type's array type (typarray)        |
 *
 * `file` starts equal to `oid` and changes when TRUNCATE or a rewriting ALTER TABLE gives the
 * relation a new file (PostgreSQL's relfilenode).
 *
 * sys_attribute (FileId 2): one row per table or view column (pg_attribute)
 *
 * | attnum | column   | type | description                                          |
 * |--------|----------|------|------------------------------------------------------|
 * | 1      | relation | int4 | OID of the table                                     |
 * | 2      | attnum   | int4 | 1-based column number: the position in stored rows   |
 * | 3      | name     | text | column name                                          |
 * | 4      | type     | text | SqlType name (`TypeName`, e.g. 'int4', 'varchar')    |
 * | 5      | typmod   | int4 | atttypmod, -1 for none                               |
 * | 6      | not_null | bool | NOT NULL                                             |
 * | 7      | default  | text | DEFAULT expression as SQL text, or NULL              |
 * | 8      | dropped  | bool | attisdropped: the slot stays so old rows decode      |
 * | 9      | identity | text | attidentity: 'a' ALWAYS, 'd' BY DEFAULT, NULL none   |
 * | 10     | generated| text | attgenerated: 's' stored (`default` holds the        |
 * |        |          |      | generation expression), NULL none                    |
 *
 * sys_index (FileId 3): one row per index (pg_index)
 *
 * | attnum | column     | type | description                                        |
 * |--------|------------|------|----------------------------------------------------|
 * | 1      | index      | int4 | OID of the index's sys_relation row                |
 * | 2      | table      | int4 | OID of the indexed table                           |
 * | 3      | columns    | text | key attnums, space separated; 0 for an expression  |
 * | 4      | descending | text | per key column '1' descending / '0' ascending      |
 * | 5      | unique     | bool | indisunique                                        |
 * | 6      | primary    | bool | indisprimary                                       |
 * | 7      | expressions| text | JSON array of the expression keys' SQL (indexprs)  |
 * | 8      | predicate  | text | a partial index's WHERE as SQL (indpred), or NULL  |
 * | 9      | include    | text | INCLUDE attnums, space separated, or NULL          |
 *
 * sys_constraint (FileId 4): one row per constraint (pg_constraint)
 *
 * | attnum | column      | type | description                                         |
 * |--------|-------------|------|-----------------------------------------------------|
 * | 1      | oid         | int4 | the constraint's OID                                |
 * | 2      | table       | int4 | OID of the constrained table                        |
 * | 3      | name        | text | constraint name (same as its index for pk/unique)   |
 * | 4      | kind        | text | 'primary', 'unique', 'check', 'foreign'             |
 * | 5      | columns     | text | attnums, space separated                            |
 * | 6      | index       | int4 | pk/unique: its index; foreign: the referenced index |
 * | 7      | check       | text | CHECK expression as SQL text, else NULL             |
 * | 8      | ref_table   | int4 | foreign: the referenced table (confrelid)           |
 * | 9      | ref_columns | text | foreign: referenced attnums (confkey)               |
 * | 10     | on_update   | text | foreign: confupdtype 'a' 'r' 'c' 'n' 'd'            |
 * | 11     | on_delete   | text | foreign: confdeltype                                |
 * | 12     | not_valid   | bool | check/foreign added NOT VALID and not yet validated |
 * |        |             |      | (NOT convalidated); NULL in older rows: validated   |
 * | 13     | deferral    | text | pk/unique/foreign DEFERRABLE: 'i' INITIALLY         |
 * |        |             |      | IMMEDIATE, 'd' INITIALLY DEFERRED; NULL: NOT        |
 * |        |             |      | DEFERRABLE (condeferrable / condeferred)            |
 *
 * sys_namespace (FileId 6): one row per CREATE SCHEMA (pg_namespace). `pg_catalog` and `public`
 * are built in and have no row; temporary schemas `pg_temp_<pid>` exist implicitly.
 *
 * | attnum | column | type | description        |
 * |--------|--------|------|--------------------|
 * | 1      | oid    | int4 | the schema's OID   |
 * | 2      | name   | text | the schema's name  |
 *
 * sys_sequence (FileId 7): the options of each sequence (pg_sequence). The current value is not
 * here: it lives in the sequence's own file (sequence-page.ts), changed non-transactionally.
 *
 * | attnum | column    | type | description                          |
 * |--------|-----------|------|--------------------------------------|
 * | 1      | relation  | int4 | OID of the sequence                  |
 * | 2      | type      | text | 'int2', 'int4' or 'int8'             |
 * | 3      | start     | int8 | START WITH                           |
 * | 4      | increment | int8 | INCREMENT BY                         |
 * | 5      | min       | int8 | MINVALUE                             |
 * | 6      | max       | int8 | MAXVALUE                             |
 * | 7      | cache     | int8 | CACHE (recorded; values are not cached per session) |
 * | 8      | cycle     | bool | CYCLE                                |
 *
 * sys_depend (FileId 8): what must not outlive what (pg_depend)
 *
 * | attnum | column        | type | description                                              |
 * |--------|---------------|------|----------------------------------------------------------|
 * | 1      | object        | int4 | the dependent object (a view, a sequence, a table)       |
 * | 2      | object_column | int4 | the dependent column (a column DEFAULT), 0 for the object |
 * | 3      | referenced    | int4 | the object it depends on (a table, a view, a sequence)   |
 * | 4      | ref_column    | int4 | the referenced column's attnum, 0 for the whole object   |
 * | 5      | type          | text | 'n' normal: dropping the referenced object needs CASCADE; 'a' auto: the dependent goes with it (a sequence OWNED BY a column); 'i' internal: likewise (an identity column's sequence) |
 *
 * sys_type (FileId 15): one row per user-defined type (pg_type; today only enums, typtype 'e',
 * with their pg_enum rows inline). The array type (`_mood`) has no row of its own.
 *
 * | attnum | column    | type | description                                                  |
 * |--------|-----------|------|--------------------------------------------------------------|
 * | 1      | oid       | int4 | the type's OID                                               |
 * | 2      | schema    | text | its schema                                                   |
 * | 3      | name      | text | unique per schema among types (and tables, whose row types   |
 * |        |           |      | PostgreSQL names alike)                                      |
 * | 4      | array_oid | int4 | the OID of its array type (typarray)                         |
 * | 5      | owner     | int4 | the owning role's OID (typowner)                             |
 * | 6      | labels    | text | JSON `[[oid, sortorder, "label"], …]`: pg_enum's rows        |
 *
 * sys_extension (FileId 16): one row per CREATE EXTENSION (pg_extension). `plpgsql`, which
 * PostgreSQL's initdb installs, has no row: the catalog always shows it (catalog-view.ts).
 *
 * | attnum | column  | type | description                                      |
 * |--------|---------|------|--------------------------------------------------|
 * | 1      | oid     | int4 | the extension's OID                              |
 * | 2      | name    | text | its name (unique per database)                   |
 * | 3      | owner   | int4 | the installing role's OID (extowner)             |
 * | 4      | schema  | text | the schema holding its functions (extnamespace)  |
 * | 5      | version | text | the installed version (extversion)               |
 *
 * sys_attribute stores a column of an enum type as type 'anyenum' (arrays: '_anyenum') with
 * the enum's OID in `typmod` (enums take no modifier): the catalog resolves it through sys_type.
 *
 * NB: arrays are stored as text because the row codec has no array type yet; they are tiny and
 * parsed once per catalog cache build. The codec decodes columns past a row's stored count as
 * NULL, so appending columns keeps old rows readable (a row written before `dropped` existed
 * reads NULL there, meaning false).
 *
 * Owners and privileges are not columns here but rows of sys_acl (acl-store.ts), so objects
 * the bootstrap superuser owns with default ACLs cost nothing. FileId 5 stays unused. FileId 9 is sys_description, the comments of COMMENT ON
 * (descriptions.ts); FileId 10 is sys_statistic, ANALYZE's results (statistics.ts); FileId 11 is
 * sys_authid, the roles (role-store.ts); FileId 12 is sys_acl, owners and ACLs (acl-store.ts);
 * FileId 13 is sys_auth_members, role memberships (member-store.ts); FileId 14 is
 * sys_default_acl, ALTER DEFAULT PRIVILEGES (default-acl-store.ts). FileId 15 is sys_type
 * and FileId 16 sys_extension (above); FileId 17 is sys_proc, user-defined functions (proc-row.ts).
 * FileId 18 is sys_trigger, triggers (trigger-row.ts). The next free reserved FileId is 19.
 */
import {
  type DomainCheck,
  decodeRow,
  type EnumLabel,
  encodeRow,
  fileId,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';
import { PROC_COLUMNS, type ProcRow, procRow, procValues } from './proc-row.js';
import { TRIGGER_COLUMNS, type TriggerRow, triggerRow, triggerValues } from './trigger-row.js';

/** The reserved FileIds of the system relations. Stored on disk: never renumber. */
export const SYSTEM_FILES = {
  relation: fileId(1),
  attribute: fileId(2),
  index: fileId(3),
  constraint: fileId(4),
  namespace: fileId(6),
  sequence: fileId(7),
  depend: fileId(8),
  type: fileId(15),
  extension: fileId(16),
  proc: fileId(17),
  trigger: fileId(18),
} as const;

export type SystemTable = keyof typeof SYSTEM_FILES;

/** Every system relation, in the order the catalog scans them. */
export const SYSTEM_TABLES: readonly SystemTable[] = [
  'relation',
  'attribute',
  'index',
  'constraint',
  'namespace',
  'sequence',
  'depend',
  'type',
  'extension',
  'proc',
  'trigger',
];

const int4 = sqlType('int4');
const int8 = sqlType('int8');
const text = sqlType('text');
const bool = sqlType('bool');

/** Column types of each system relation, in attnum order. */
export const SYSTEM_COLUMNS: Readonly<Record<SystemTable, readonly SqlType[]>> = {
  relation: [int4, text, text, text, text, int4, text, bool, text, text, int4, int4],
  attribute: [int4, int4, text, text, int4, bool, text, bool, text, text],
  index: [int4, int4, text, text, bool, bool, text, text, text],
  constraint: [int4, int4, text, text, text, int4, text, int4, text, text, text, bool, text],
  namespace: [int4, text],
  sequence: [int4, text, int8, int8, int8, int8, int8, bool],
  depend: [int4, int4, int4, int4, text],
  type: [int4, text, text, int4, int4, text],
  extension: [int4, text, int4, text, text],
  proc: PROC_COLUMNS,
  trigger: TRIGGER_COLUMNS,
};

/** pg_class.relkind values the catalog stores. */
export type RelationKind = 'r' | 'i' | 'v' | 'm' | 'S' | 'c';

/** A sys_relation row. */
export interface RelationRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly kind: RelationKind;
  readonly method: string;
  readonly file: number;
  readonly definition: string | null;
  /** A materialized view's relispopulated; absent (true) for other kinds. */
  readonly populated?: boolean;
  /** Storage parameters (pg_class.reloptions), `name=value`; absent or empty for none. */
  readonly options?: readonly string[];
  /** relpersistence 'u': an unlogged table or an index on one; absent otherwise. */
  readonly persistence?: 'u';
  /** A table's, view's or materialized view's row type (pg_class.reltype) and its array type. */
  readonly rowType?: RowTypeOids;
}

/** The OIDs of a relation's row type and of its array type. */
export interface RowTypeOids {
  readonly oid: number;
  readonly arrayOid: number;
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
  readonly dropped: boolean;
  readonly identity: 'a' | 'd' | null;
  /** attgenerated: 's' for GENERATED ALWAYS AS (expr) STORED; older rows read NULL. */
  readonly generated: 's' | null;
}

/** A sys_index row. */
export interface IndexRow {
  readonly index: number;
  readonly table: number;
  readonly columns: readonly number[];
  readonly descending: readonly boolean[];
  readonly unique: boolean;
  readonly primary: boolean;
  /** SQL texts of the expression key columns (those whose `columns` entry is 0), in key order. */
  readonly expressions?: readonly string[];
  /** A partial index's WHERE, as SQL text over the table's column names; null or absent: none. */
  readonly predicate?: string | null;
  /** INCLUDE columns' attnums (stored after the key, not part of it). */
  readonly include?: readonly number[];
}

/** PostgreSQL's one-letter referential actions (confupdtype / confdeltype). */
export type ActionCode = 'a' | 'r' | 'c' | 'n' | 'd';

/** A sys_constraint row. */
export interface ConstraintRow {
  readonly oid: number;
  readonly table: number;
  readonly name: string;
  readonly kind: 'primary' | 'unique' | 'check' | 'foreign';
  readonly columns: readonly number[];
  readonly index: number | null;
  readonly check: string | null;
  readonly refTable: number | null;
  readonly refColumns: readonly number[];
  readonly onUpdate: ActionCode | null;
  readonly onDelete: ActionCode | null;
  /** ADD … NOT VALID and not yet VALIDATE CONSTRAINT'd: existing rows were not checked. */
  readonly notValid?: boolean;
  /** DEFERRABLE INITIALLY IMMEDIATE ('i') or DEFERRED ('d'); absent: NOT DEFERRABLE. */
  readonly deferral?: Deferral;
}

/** A deferrable constraint's initial mode: INITIALLY IMMEDIATE ('i') or DEFERRED ('d'). */
export type Deferral = 'i' | 'd';

/** A sys_namespace row. */
export interface NamespaceRow {
  readonly oid: number;
  readonly name: string;
}

/** A sys_sequence row. */
export interface SequenceRow {
  readonly relation: number;
  readonly type: 'int2' | 'int4' | 'int8';
  readonly start: bigint;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly cache: bigint;
  readonly cycle: boolean;
}

/** A sys_depend row. */
export interface DependRow {
  readonly object: number;
  readonly objectColumn: number;
  readonly referenced: number;
  readonly refColumn: number;
  readonly type: 'n' | 'a' | 'i';
}

/** A sys_type row: an enum. */
export interface TypeRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly arrayOid: number;
  readonly owner: number;
  /** pg_enum's rows of the type, in any order (none for a domain). */
  readonly labels: readonly EnumLabel[];
  /** A domain's definition (the type is an enum when absent). */
  readonly domain?: DomainRow;
}

/**
 * What a sys_type row of a domain holds in its `labels` column, as a JSON object `{"domain": …}`
 * (an enum's is a JSON array): the base type as sys_attribute stores a column type, NOT NULL,
 * the DEFAULT's SQL, and the CHECK constraints (pg_constraint's rows with contypid).
 */
export interface DomainRow {
  readonly base: { readonly type: string; readonly typmod: number };
  readonly notNull: boolean;
  readonly defaultSql?: string;
  readonly checks: readonly DomainCheck[];
}

/** A sys_extension row. */
export interface ExtensionRow {
  readonly oid: number;
  readonly name: string;
  readonly owner: number;
  readonly schema: string;
  readonly version: string;
}

export interface SystemRows {
  relation: RelationRow;
  attribute: AttributeRow;
  index: IndexRow;
  constraint: ConstraintRow;
  namespace: NamespaceRow;
  sequence: SequenceRow;
  depend: DependRow;
  type: TypeRow;
  extension: ExtensionRow;
  proc: ProcRow;
  trigger: TriggerRow;
}

const formatInts = (ns: readonly number[]): string => ns.join(' ');
const parseInts = (s: string | null): number[] => (s === null || s === '' ? [] : s.split(' ').map(Number));

/** Encodes a system row into a tuple payload. The returned buffer is the caller's. */
export function encodeSystemRow<T extends SystemTable>(table: T, row: SystemRows[T]): Uint8Array {
  return encodeRow(toValues(table, row), SYSTEM_COLUMNS[table]);
}

function toValues(table: SystemTable, row: SystemRows[SystemTable]): Value[] {
  switch (table) {
    case 'relation': {
      const r = row as RelationRow;
      const options = r.options && r.options.length > 0 ? JSON.stringify(r.options) : null;
      return [
        r.oid,
        r.schema,
        r.name,
        r.kind,
        r.method,
        r.file,
        r.definition,
        r.populated ?? null,
        options,
        r.persistence ?? null,
        r.rowType?.oid ?? null,
        r.rowType?.arrayOid ?? null,
      ];
    }
    case 'attribute': {
      const r = row as AttributeRow;
      return [
        r.relation,
        r.attnum,
        r.name,
        r.type,
        r.typmod,
        r.notNull,
        r.defaultSql,
        r.dropped,
        r.identity,
        r.generated,
      ];
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
        r.expressions && r.expressions.length > 0 ? JSON.stringify(r.expressions) : null,
        r.predicate ?? null,
        r.include && r.include.length > 0 ? formatInts(r.include) : null,
      ];
    }
    case 'constraint': {
      const r = row as ConstraintRow;
      return [
        r.oid,
        r.table,
        r.name,
        r.kind,
        formatInts(r.columns),
        r.index,
        r.check,
        r.refTable,
        r.refTable === null ? null : formatInts(r.refColumns),
        r.onUpdate,
        r.onDelete,
        r.notValid === true ? true : null,
        r.deferral ?? null,
      ];
    }
    case 'namespace': {
      const r = row as NamespaceRow;
      return [r.oid, r.name];
    }
    case 'sequence': {
      const r = row as SequenceRow;
      return [r.relation, r.type, r.start, r.increment, r.min, r.max, r.cache, r.cycle];
    }
    case 'depend': {
      const r = row as DependRow;
      return [r.object, r.objectColumn, r.referenced, r.refColumn, r.type];
    }
    case 'type': {
      const r = row as TypeRow;
      const labels =
        r.domain === undefined
          ? JSON.stringify(r.labels.map((l) => [l.oid, l.sortOrder, l.label]))
          : JSON.stringify({ domain: r.domain });
      return [r.oid, r.schema, r.name, r.arrayOid, r.owner, labels];
    }
    case 'extension': {
      const r = row as ExtensionRow;
      return [r.oid, r.name, r.owner, r.schema, r.version];
    }
    case 'proc':
      return procValues(row as ProcRow);
    case 'trigger':
      return triggerValues(row as TriggerRow);
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
        kind: v[3] as RelationKind,
        method: v[4] as string,
        file: v[5] as number,
        definition: (v[6] ?? null) as string | null,
        ...(v[7] === false ? { populated: false } : {}),
        ...(v[8] == null ? {} : { options: JSON.parse(v[8] as string) as string[] }),
        ...(v[9] === 'u' ? { persistence: 'u' } : {}),
        ...(v[10] == null ? {} : { rowType: { oid: v[10] as number, arrayOid: v[11] as number } }),
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
        dropped: v[7] === true,
        identity: (v[8] ?? null) as AttributeRow['identity'],
        generated: (v[9] ?? null) as AttributeRow['generated'],
      };
    case 'index':
      return {
        index: v[0] as number,
        table: v[1] as number,
        columns: parseInts(v[2] as string),
        descending: (v[3] as string) === '' ? [] : (v[3] as string).split(' ').map((d) => d === '1'),
        unique: v[4] as boolean,
        primary: v[5] as boolean,
        // Rows written before these columns existed read NULL: a plain index.
        expressions: v[6] == null ? [] : (JSON.parse(v[6] as string) as string[]),
        predicate: (v[7] ?? null) as string | null,
        include: parseInts((v[8] ?? null) as string | null),
      };
    case 'constraint':
      return {
        oid: v[0] as number,
        table: v[1] as number,
        name: v[2] as string,
        kind: v[3] as ConstraintRow['kind'],
        columns: parseInts(v[4] as string),
        index: v[5] as number | null,
        check: (v[6] ?? null) as string | null,
        refTable: (v[7] ?? null) as number | null,
        refColumns: parseInts((v[8] ?? null) as string | null),
        onUpdate: (v[9] ?? null) as ActionCode | null,
        onDelete: (v[10] ?? null) as ActionCode | null,
        ...(v[11] === true ? { notValid: true } : {}),
        ...(v[12] === 'i' || v[12] === 'd' ? { deferral: v[12] } : {}),
      };
    case 'namespace':
      return { oid: v[0] as number, name: v[1] as string };
    case 'sequence':
      return {
        relation: v[0] as number,
        type: v[1] as SequenceRow['type'],
        start: v[2] as bigint,
        increment: v[3] as bigint,
        min: v[4] as bigint,
        max: v[5] as bigint,
        cache: v[6] as bigint,
        cycle: v[7] as boolean,
      };
    case 'depend':
      return {
        object: v[0] as number,
        objectColumn: v[1] as number,
        referenced: v[2] as number,
        refColumn: v[3] as number,
        type: v[4] as DependRow['type'],
      };
    case 'type':
      return {
        oid: v[0] as number,
        schema: v[1] as string,
        name: v[2] as string,
        arrayOid: v[3] as number,
        owner: v[4] as number,
        ...typeDefinition(v[5] as string),
      };
    case 'extension':
      return {
        oid: v[0] as number,
        name: v[1] as string,
        owner: v[2] as number,
        schema: v[3] as string,
        version: v[4] as string,
      };
    case 'proc':
      return procRow(v);
    case 'trigger':
      return triggerRow(v);
  }
}

/** sys_type's `labels` column: an enum's labels (a JSON array) or a domain's definition (an object). */
function typeDefinition(json: string): Pick<TypeRow, 'labels' | 'domain'> {
  const parsed = JSON.parse(json) as [number, number, string][] | { domain: DomainRow };
  if (!Array.isArray(parsed)) return { labels: [], domain: parsed.domain };
  return { labels: parsed.map(([oid, sortOrder, label]) => ({ oid, sortOrder, label })) };
}
