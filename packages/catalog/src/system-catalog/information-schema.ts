/**
 * information_schema as PostgreSQL 15 defines it (the parts ORMs and JDBC read): schemata, tables,
 * columns, views, table_constraints, key_column_usage, referential_constraints,
 * constraint_column_usage, check_constraints, sequences, character_sets (routines and parameters:
 * information-schema-routines.ts). Domain types
 * (sql_identifier, cardinal_number, …) are their base types. Only user objects are listed (the
 * catalogs' own rows are left out), as a non-superuser without privileges would see them.
 */
import {
  charLength,
  formatType,
  intervalFields,
  intervalPrecision,
  isArrayType,
  numericPrecision,
  type SqlType,
  type Value,
} from '@rustydb/common';
import type { ConstraintDef, SequenceDef, TableDef, ViewDef } from '../catalog-reader.js';
import { domainCheckText } from './domain-rows.js';
import { checkText, viewQueryText } from './object-definitions.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

const yes = (b: boolean): string => (b ? 'YES' : 'NO');

/** Which columns of view `v` are updatable; undefined when it is not automatically updatable. */
const updatableColumns = (sc: SystemCatalog, v: ViewDef): readonly boolean[] | undefined =>
  sc.session.updatableViewColumns?.(v, sc.view);

/** An automatically updatable view with an updatable column takes INSERT, UPDATE and DELETE. */
const viewWritable = (sc: SystemCatalog, v: ViewDef): boolean =>
  updatableColumns(sc, v)?.some((c) => c) === true;

/** information_schema.views.check_option: the view's check_option reloption. */
function checkOption(v: ViewDef): string {
  const o = v.options?.find((x) => x.startsWith('check_option='));
  return o === undefined ? 'NONE' : o.slice('check_option='.length).toUpperCase();
}

/** information_schema's data_type: format_type without modifiers, ARRAY for arrays. */
export function sqlDataType(t: SqlType): string {
  if (isArrayType(t)) return 'ARRAY';
  if (t.enum !== undefined || t.domain !== undefined) return 'USER-DEFINED';
  if (t.name === 'char') return '"char"';
  // format_type(oid, NULL): bpchar without a typmod is `character`.
  if (t.name === 'bpchar') return 'character';
  return formatType({ name: t.name, typmod: -1 });
}

/** udt_name: the pg_type name (`_mood` for an array of enum mood). */
export function udtName(t: SqlType): string {
  if (t.domain !== undefined) return t.domain.name;
  if (t.enum === undefined) return t.name;
  return isArrayType(t) ? `_${t.enum.name}` : t.enum.name;
}

/** udt_schema: where the pg_type row of `t` is. */
export const udtSchema = (t: SqlType): string => t.domain?.schema ?? t.enum?.schema ?? 'pg_catalog';

/**
 * character_maximum_length, character_octet_length, numeric_precision, radix, scale,
 * datetime_precision; none for a domain's (a column of a domain over a domain).
 */
export function typeFacets(t: SqlType): Value[] {
  if (t.domain !== undefined) return [null, null, null, null, null, null];
  const len = charLength(t);
  const isChar = t.name === 'varchar' || t.name === 'bpchar' || t.name === 'text';
  const charMax = len ?? null;
  const octets = isChar ? (len !== undefined ? len * 4 : 1073741824) : null;
  let precision: Value = null;
  let radix: Value = null;
  let scale: Value = null;
  switch (t.name) {
    case 'int2':
      [precision, radix, scale] = [16, 2, 0];
      break;
    case 'int4':
      [precision, radix, scale] = [32, 2, 0];
      break;
    case 'int8':
      [precision, radix, scale] = [64, 2, 0];
      break;
    case 'float4':
      [precision, radix] = [24, 2];
      break;
    case 'float8':
      [precision, radix] = [53, 2];
      break;
    case 'numeric': {
      const p = numericPrecision(t);
      radix = 10;
      if (p) [precision, scale] = [p.precision, p.scale];
      break;
    }
  }
  return [charMax, octets, precision, radix, scale, datetimePrecision(t)];
}

/** _pg_datetime_precision: the fractional digits of a date/time type (6 without a typmod). */
function datetimePrecision(t: SqlType): number | null {
  if (t.name === 'date') return 0;
  if (t.name === 'interval') return intervalPrecision(t.typmod) ?? 6;
  if (['timestamp', 'timestamptz', 'time', 'timetz'].includes(t.name)) return t.typmod >= 0 ? t.typmod : 6;
  return null;
}

/**
 * interval_type (_pg_interval_type: the fields of an interval declared with them, upper-cased,
 * with a precision after them: `DAY TO SECOND(2)`) and interval_precision (always null, as in
 * PostgreSQL 15).
 */
export function intervalFacets(t: SqlType): [string | null, null] {
  const fields = t.name === 'interval' ? intervalFields(t.typmod) : undefined;
  if (fields === undefined) return [null, null];
  const p = intervalPrecision(t.typmod);
  return [`${fields.toUpperCase()}${p === undefined ? '' : `(${p})`}`, null];
}

export const isSchemata = defineRelation(
  'information_schema',
  'schemata',
  13001,
  `catalog_name sql_identifier, schema_name sql_identifier, schema_owner sql_identifier,
  default_character_set_catalog sql_identifier, default_character_set_schema sql_identifier,
  default_character_set_name sql_identifier, sql_path character_data`,
  (sc) =>
    sc.namespaces().map((n) => [sc.session.database, n.name, sc.userName(n.owner), null, null, null, null]),
);

export const isTables = defineRelation(
  'information_schema',
  'tables',
  13002,
  `table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  table_type character_data, self_referencing_column_name sql_identifier,
  reference_generation character_data, user_defined_type_catalog sql_identifier,
  user_defined_type_schema sql_identifier, user_defined_type_name sql_identifier,
  is_insertable_into yes_or_no, is_typed yes_or_no, commit_action character_data`,
  (sc) =>
    sc
      .relations()
      .filter((r) => r.kind === 'r' || r.kind === 'v')
      .map((r) => {
        const temp = r.schema.startsWith('pg_temp_');
        const type = r.kind === 'v' ? 'VIEW' : temp ? 'LOCAL TEMPORARY' : 'BASE TABLE';
        return [
          sc.session.database,
          r.schema,
          r.name,
          type,
          null,
          null,
          null,
          null,
          null,
          yes(r.kind === 'r' || (r.entry.kind === 'view' && viewWritable(sc, r.entry.def))),
          'NO',
          temp ? 'PRESERVE' : null,
        ];
      }),
);

const COLUMNS_COLUMNS = `table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  column_name sql_identifier, ordinal_position cardinal_number, column_default character_data,
  is_nullable yes_or_no, data_type character_data, character_maximum_length cardinal_number,
  character_octet_length cardinal_number, numeric_precision cardinal_number,
  numeric_precision_radix cardinal_number, numeric_scale cardinal_number,
  datetime_precision cardinal_number, interval_type character_data,
  interval_precision cardinal_number, character_set_catalog sql_identifier,
  character_set_schema sql_identifier, character_set_name sql_identifier,
  collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier,
  domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier,
  udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier,
  scope_catalog sql_identifier, scope_schema sql_identifier, scope_name sql_identifier,
  maximum_cardinality cardinal_number, dtd_identifier sql_identifier,
  is_self_referencing yes_or_no, is_identity yes_or_no, identity_generation character_data,
  identity_start character_data, identity_increment character_data,
  identity_maximum character_data, identity_minimum character_data, identity_cycle yes_or_no,
  is_generated character_data, generation_expression character_data, is_updatable yes_or_no`;

export const isColumns = defineRelation('information_schema', 'columns', 13003, COLUMNS_COLUMNS, (sc) => {
  const db = sc.session.database;
  const out: Value[][] = [];
  // The sequences behind identity columns, by "table oid:attnum" (identity_start … identity_cycle).
  const owned = new Map<string, SequenceDef>();
  for (const s of sc.view.sequences()) if (s.ownedBy) owned.set(`${s.ownedBy.table}:${s.ownedBy.attnum}`, s);
  for (const r of sc.relations()) {
    const e = r.entry;
    // Materialized views are not in the SQL standard's information schema (as PostgreSQL).
    if ((e.kind !== 'table' && e.kind !== 'view') || r.kind === 'm') continue;
    const cols =
      e.kind === 'table'
        ? e.def.columns
        : e.def.columns.map((c, i) => ({
            ...c,
            attnum: i + 1,
            notNull: false,
            defaultSql: undefined,
            identity: undefined,
            generated: undefined,
          }));
    const updatable = e.kind === 'view' ? updatableColumns(sc, e.def) : undefined;
    for (const c of cols) {
      const identity = c.identity;
      const generated = c.generated !== undefined;
      // A domain column describes the domain's base type (one level down), and names the domain.
      const domain = c.type.domain;
      const udt = domain?.baseType ?? c.type;
      out.push([
        db,
        r.schema,
        r.name,
        c.name,
        c.attnum,
        identity || generated || c.defaultSql === undefined || e.kind !== 'table'
          ? null
          : sc.columnDefault(e.def, c),
        yes(!c.notNull),
        sqlDataType(udt),
        ...typeFacets(udt),
        ...intervalFacets(udt),
        null,
        null,
        null,
        null,
        null,
        null,
        domain === undefined ? null : db,
        domain?.schema ?? null,
        domain?.name ?? null,
        db,
        udtSchema(udt),
        udtName(udt),
        null,
        null,
        null,
        null,
        String(c.attnum),
        'NO',
        yes(identity !== undefined),
        identity === 'always' ? 'ALWAYS' : identity === 'byDefault' ? 'BY DEFAULT' : null,
        ...identityFacets(identity ? owned.get(`${e.def.oid}:${c.attnum}`) : undefined),
        generated ? 'ALWAYS' : 'NEVER',
        generated && c.defaultSql !== undefined && e.kind === 'table' ? sc.columnDefault(e.def, c) : null,
        yes(e.kind === 'table' || updatable?.[c.attnum - 1] === true),
      ]);
    }
  }
  return out;
});

export const isViews = defineRelation(
  'information_schema',
  'views',
  13004,
  `table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  view_definition character_data, check_option character_data, is_updatable yes_or_no,
  is_insertable_into yes_or_no, is_trigger_updatable yes_or_no, is_trigger_deletable yes_or_no,
  is_trigger_insertable_into yes_or_no`,
  (sc) =>
    sc.view
      .views()
      .map((v) => [
        sc.session.database,
        v.schema,
        v.name,
        viewQueryText(sc, v.querySql, false, v.columns),
        checkOption(v),
        yes(viewWritable(sc, v)),
        yes(viewWritable(sc, v)),
        'NO',
        'NO',
        'NO',
      ]),
);

const CONSTRAINT_TYPE = {
  primary: 'PRIMARY KEY',
  unique: 'UNIQUE',
  check: 'CHECK',
  foreign: 'FOREIGN KEY',
} as const;

/** Every constraint with its table, plus NOT NULL columns as PostgreSQL lists them (`…_not_null` CHECKs). */
function constraints(sc: SystemCatalog): { table: TableDef; c: ConstraintDef }[] {
  return sc.view.tables().flatMap((table) => table.constraints.map((c) => ({ table, c })));
}

export const isTableConstraints = defineRelation(
  'information_schema',
  'table_constraints',
  13005,
  `constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier,
  table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  constraint_type character_data, is_deferrable yes_or_no, initially_deferred yes_or_no,
  enforced yes_or_no, nulls_distinct yes_or_no`,
  (sc) => {
    const db = sc.session.database;
    const out: Value[][] = [];
    for (const { table, c } of constraints(sc)) {
      out.push([
        db,
        table.schema,
        c.name,
        db,
        table.schema,
        table.name,
        CONSTRAINT_TYPE[c.kind],
        c.deferrable ? 'YES' : 'NO',
        c.initiallyDeferred ? 'YES' : 'NO',
        'YES',
        c.kind === 'primary' || c.kind === 'unique' ? 'YES' : null,
      ]);
    }
    // NOT NULL columns appear as CHECK constraints named <ns oid>_<table oid>_<attnum>_not_null.
    for (const table of sc.view.tables()) {
      const ns = sc.namespaceOid(table.schema) ?? 0;
      for (const col of table.columns) {
        if (!col.notNull) continue;
        out.push([
          db,
          table.schema,
          `${ns}_${table.oid}_${col.attnum}_not_null`,
          db,
          table.schema,
          table.name,
          'CHECK',
          'NO',
          'NO',
          'YES',
          null,
        ]);
      }
    }
    return out;
  },
);

export const isCheckConstraints = defineRelation(
  'information_schema',
  'check_constraints',
  13006,
  'constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier, check_clause character_data',
  (sc) => {
    const db = sc.session.database;
    const out: Value[][] = [];
    for (const { table, c } of constraints(sc)) {
      if (c.kind === 'check') out.push([db, table.schema, c.name, `(${checkText(sc, table, c)})`]);
    }
    for (const { def } of sc.view.domainTypes()) {
      for (const c of def.checks) out.push([db, def.schema, c.name, `(${domainCheckText(sc, def, c)})`]);
    }
    for (const table of sc.view.tables()) {
      const ns = sc.namespaceOid(table.schema) ?? 0;
      for (const col of table.columns) {
        if (col.notNull)
          out.push([
            db,
            table.schema,
            `${ns}_${table.oid}_${col.attnum}_not_null`,
            `${col.name} IS NOT NULL`,
          ]);
      }
    }
    return out;
  },
);

const colName = (t: TableDef, attnum: number): string =>
  t.columns.find((c) => c.attnum === attnum)?.name ?? '';

/** The unique constraint (PK or UNIQUE) of `table` whose index a foreign key goes through. */
function referencedKey(
  sc: SystemCatalog,
  c: ConstraintDef,
): { table: TableDef; key: ConstraintDef } | undefined {
  const ref = c.references;
  const table = ref ? sc.view.tableByOid(ref.table) : undefined;
  if (!ref || !table) return undefined;
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((x) => b.includes(x));
  const key = table.constraints.find(
    (k) =>
      (k.kind === 'primary' || k.kind === 'unique') && (k.index === c.index || same(k.columns, ref.columns)),
  );
  return key ? { table, key } : undefined;
}

export const isKeyColumnUsage = defineRelation(
  'information_schema',
  'key_column_usage',
  13007,
  `constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier,
  table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  column_name sql_identifier, ordinal_position cardinal_number,
  position_in_unique_constraint cardinal_number`,
  (sc) => {
    const db = sc.session.database;
    const out: Value[][] = [];
    for (const { table, c } of constraints(sc)) {
      if (c.kind === 'check') continue;
      const key = c.kind === 'foreign' ? referencedKey(sc, c) : undefined;
      c.columns.forEach((a, i) => {
        const position = key ? key.key.columns.indexOf(c.references!.columns[i]!) + 1 : null;
        out.push([
          db,
          table.schema,
          c.name,
          db,
          table.schema,
          table.name,
          colName(table, a),
          i + 1,
          position || null,
        ]);
      });
    }
    return out;
  },
);

const RULE = {
  noAction: 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  setNull: 'SET NULL',
  setDefault: 'SET DEFAULT',
} as const;

export const isReferentialConstraints = defineRelation(
  'information_schema',
  'referential_constraints',
  13008,
  `constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier,
  unique_constraint_catalog sql_identifier, unique_constraint_schema sql_identifier,
  unique_constraint_name sql_identifier, match_option character_data, update_rule character_data,
  delete_rule character_data`,
  (sc) => {
    const db = sc.session.database;
    const out: Value[][] = [];
    for (const { table, c } of constraints(sc)) {
      if (c.kind !== 'foreign') continue;
      const key = referencedKey(sc, c);
      out.push([
        db,
        table.schema,
        c.name,
        key ? db : null,
        key?.table.schema ?? null,
        key?.key.name ?? null,
        'NONE',
        RULE[c.references!.onUpdate],
        RULE[c.references!.onDelete],
      ]);
    }
    return out;
  },
);

export const isConstraintColumnUsage = defineRelation(
  'information_schema',
  'constraint_column_usage',
  13009,
  `table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier,
  column_name sql_identifier, constraint_catalog sql_identifier, constraint_schema sql_identifier,
  constraint_name sql_identifier`,
  (sc) => {
    const db = sc.session.database;
    const out: Value[][] = [];
    for (const { table, c } of constraints(sc)) {
      // A foreign key uses the referenced columns; the others their own.
      const target = c.kind === 'foreign' ? sc.view.tableByOid(c.references!.table) : table;
      if (!target) continue;
      const cols = c.kind === 'foreign' ? c.references!.columns : c.columns;
      for (const a of cols)
        out.push([db, target.schema, target.name, colName(target, a), db, table.schema, c.name]);
    }
    return out;
  },
);

export const isSequences = defineRelation(
  'information_schema',
  'sequences',
  13010,
  `sequence_catalog sql_identifier, sequence_schema sql_identifier, sequence_name sql_identifier,
  data_type character_data, numeric_precision cardinal_number, numeric_precision_radix cardinal_number,
  numeric_scale cardinal_number, start_value character_data, minimum_value character_data,
  maximum_value character_data, increment character_data, cycle_option yes_or_no`,
  (sc) =>
    sc.view
      .sequences()
      .filter((s) => !isIdentitySequence(sc, s))
      .map((s) => {
        const [, , precision, radix, scale] = typeFacets(s.type);
        return [
          sc.session.database,
          s.schema,
          s.name,
          sqlDataType(s.type),
          precision,
          radix,
          scale,
          String(s.start),
          String(s.min),
          String(s.max),
          String(s.increment),
          yes(s.cycle),
        ];
      }),
);

/** An identity column's sequence: PostgreSQL's information_schema.sequences leaves it out. */
/** identity_start, _increment, _maximum, _minimum, _cycle of a column: its sequence's, as PostgreSQL. */
function identityFacets(seq: SequenceDef | undefined): Value[] {
  if (seq === undefined) return [null, null, null, null, 'NO'];
  return [String(seq.start), String(seq.increment), String(seq.max), String(seq.min), yes(seq.cycle)];
}

function isIdentitySequence(sc: SystemCatalog, s: SequenceDef): boolean {
  const owner = s.ownedBy;
  if (!owner) return false;
  const column = sc.view.tableByOid(owner.table)?.columns.find((c) => c.attnum === owner.attnum);
  return column?.identity !== undefined;
}

export const isCharacterSets = defineRelation(
  'information_schema',
  'character_sets',
  13012,
  `character_set_catalog sql_identifier, character_set_schema sql_identifier,
  character_set_name sql_identifier, character_repertoire sql_identifier, form_of_use sql_identifier,
  default_collate_catalog sql_identifier, default_collate_schema sql_identifier,
  default_collate_name sql_identifier`,
  (sc) => [[null, null, 'UTF8', 'UCS', 'UTF8', sc.session.database, 'pg_catalog', 'C']],
);
