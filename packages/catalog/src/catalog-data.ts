/**
 * CatalogData: the definitions one snapshot of the system relations holds, assembled into the
 * frozen `TableDef` / `IndexDef` / `ViewDef` / `SequenceDef` shapes. Immutable; the catalog builds
 * a new one whenever what it saw may have changed, and every `CatalogView` (one per search path)
 * shares it.
 *
 * It also remembers where each object's system rows live (their tids and contents), so that DROP
 * can set their xmax and ALTER can replace them.
 */
import {
  type CompositeType,
  compositeSqlType,
  type DomainType,
  domainBaseType,
  domainSqlType,
  type EnumType,
  enumSqlType,
  enumType,
  type FileId,
  type Oid,
  type RecordField,
  recordType,
  type SqlType,
  sqlType,
  type Tid,
  type TypeName,
  vectorType,
} from '@rustydb/common';
import type {
  ColumnDef,
  ConstraintDef,
  IndexDef,
  ReferencingKey,
  ReferentialAction,
  SequenceDef,
  TableDef,
  ViewDef,
} from './catalog-reader.js';
import type { ProcRow } from './proc-row.js';
import { rowTypeOf } from './row-types.js';
import type {
  ActionCode,
  AttributeRow,
  ConstraintRow,
  DependRow,
  ExtensionRow,
  IndexRow,
  NamespaceRow,
  RelationRow,
  SequenceRow,
  SystemRows,
  SystemTable,
  TypeRow,
} from './system-tables.js';
import { type TriggerDef, type TriggerRow, triggerDef } from './trigger-row.js';

/** A system row and the tid of its version. */
export interface Located<T> {
  readonly tid: Tid;
  readonly row: T;
}

/** Every visible row of every system relation. */
export type SystemSnapshot = { readonly [T in SystemTable]: readonly Located<SystemRows[T]>[] };

/** One system row of an object: which relation, where, and what it says. */
export type ObjectRow = {
  [T in SystemTable]: { readonly table: T; readonly tid: Tid; readonly row: SystemRows[T] };
}[SystemTable];

/** A relation of any kind, as name lookups see them (all kinds share a namespace per schema). */
export type RelationEntry =
  | { readonly kind: 'table'; readonly def: TableDef }
  | { readonly kind: 'index'; readonly def: IndexDef; readonly table: TableDef }
  | { readonly kind: 'view'; readonly def: ViewDef }
  | { readonly kind: 'sequence'; readonly def: SequenceDef };

/** The schemas every database has (PostgreSQL's OIDs). */
export const BUILTIN_SCHEMAS: ReadonlyMap<string, number> = new Map([
  ['pg_catalog', 11],
  ['public', 2200],
]);

/** Is `schema` a session's temporary schema (`pg_temp_<n>`)? They exist without a row. */
export const isTempSchema = (schema: string): boolean =>
  schema.startsWith('pg_temp_') && /^pg_temp_\d+$/.test(schema);

export const qualified = (schema: string, name: string): string => `${schema}.${name}`;

const ACTIONS: Record<ActionCode, ReferentialAction> = {
  a: 'noAction',
  r: 'restrict',
  c: 'cascade',
  n: 'setNull',
  d: 'setDefault',
};

/** The one-letter code of a referential action (stored form). */
export const actionCode = (a: ReferentialAction): ActionCode =>
  (Object.keys(ACTIONS) as ActionCode[]).find((k) => ACTIONS[k] === a)!;

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byOid = (a: { oid: Oid }, b: { oid: Oid }) => a.oid - b.oid;

export class CatalogData {
  readonly tables = new Map<number, TableDef>();
  readonly indexes = new Map<number, { def: IndexDef; table: TableDef }>();
  readonly views = new Map<number, ViewDef>();
  readonly sequences = new Map<number, SequenceDef>();
  readonly byName = new Map<string, RelationEntry>();
  readonly constraintNames = new Set<string>();
  /** User schemas (CREATE SCHEMA) by name → their sys_namespace row. */
  readonly schemas = new Map<string, Located<NamespaceRow>>();
  /** sys_depend rows by referenced object, and by dependent object. */
  readonly dependents = new Map<number, DependRow[]>();
  readonly dependencies = new Map<number, DependRow[]>();
  /** Every system row of each object, by the object's OID (attribute rows by their table). */
  readonly rows = new Map<number, ObjectRow[]>();
  /** The relation row of each relation. */
  readonly relationRows = new Map<number, RelationRow>();
  /** Every schema that holds at least one relation. */
  readonly schemasInUse = new Set<string>();
  /** User-defined (enum) types by OID, with their sys_type rows; and by qualified name. */
  readonly types = new Map<number, { readonly def: EnumType; readonly row: TypeRow }>();
  readonly typesByName = new Map<string, EnumType>();
  /** Domains by OID, with their sys_type rows; and by qualified name. */
  readonly domains = new Map<number, { readonly def: DomainType; readonly row: TypeRow }>();
  readonly domainsByName = new Map<string, DomainType>();
  /** Installed extensions (CREATE EXTENSION) by name. */
  readonly extensions = new Map<string, ExtensionRow>();
  /** User-defined functions (CREATE FUNCTION) by OID, and by name (every schema's, OID order). */
  readonly functions = new Map<number, FunctionDef>();
  readonly functionsByName = new Map<string, FunctionDef[]>();
  /** Row types (row-types.ts) by their OID, and by the OID of their relation. */
  readonly rowTypes = new Map<number, CompositeType>();
  readonly rowTypeByRelation = new Map<number, CompositeType>();
  /** Standalone composite types (CREATE TYPE … AS, relkind 'c') by qualified name. */
  readonly compositesByName = new Map<string, CompositeType>();

  /**
   * `isOrdered` tells whether an index access method serves ranges and ORDER BY (its
   * `IndexMethod.ordered`); it sets `IndexDef.ordered`. Omitted: btree and lsm are.
   */
  constructor(snapshot: SystemSnapshot, isOrdered: (method: string) => boolean = builtInOrdered) {
    const note = (owner: number, r: ObjectRow) => appendTo(this.rows, owner, r);
    for (const { tid, row } of snapshot.namespace) {
      note(row.oid, { table: 'namespace', tid, row });
      this.schemas.set(row.name, { tid, row });
    }
    for (const { tid, row } of snapshot.depend) {
      note(row.object, { table: 'depend', tid, row });
      appendTo(this.dependents, row.referenced, row);
      appendTo(this.dependencies, row.object, row);
    }
    const domainRows: TypeRow[] = [];
    for (const { tid, row } of snapshot.type) {
      note(row.oid, { table: 'type', tid, row });
      this.schemasInUse.add(row.schema);
      if (row.domain !== undefined) {
        domainRows.push(row);
        continue;
      }
      const def = enumType(row, row.labels);
      this.types.set(row.oid, { def, row });
      this.typesByName.set(qualified(row.schema, row.name), def);
    }
    const types: UserTypes = {
      enumOf: (oid) => this.types.get(oid)?.def,
      domainOf: (oid) => this.domains.get(oid)?.def,
      compositeOf: (oid) => this.rowTypes.get(oid),
    };
    // A domain's base may be an older domain: in OID order, each finds its base built.
    for (const row of domainRows.sort((a, b) => a.oid - b.oid)) {
      const def = domainDef(row, types);
      this.domains.set(row.oid, { def, row });
      this.domainsByName.set(qualified(row.schema, row.name), def);
    }
    for (const { tid, row } of snapshot.extension) {
      note(row.oid, { table: 'extension', tid, row });
      this.extensions.set(row.name, row);
    }
    const columns = new Map<number, AttributeRow[]>();
    for (const { tid, row } of snapshot.attribute) {
      note(row.relation, { table: 'attribute', tid, row });
      appendTo(columns, row.relation, row);
    }
    const indexRows = new Map<number, IndexRow>();
    for (const { tid, row } of snapshot.index) {
      note(row.index, { table: 'index', tid, row });
      indexRows.set(row.index, row);
    }
    const constraints = new Map<number, ConstraintDef[]>();
    for (const { tid, row } of snapshot.constraint) {
      note(row.oid, { table: 'constraint', tid, row });
      appendTo(constraints, row.table, constraintDef(row));
    }
    const triggers = new Map<number, TriggerRow[]>();
    for (const { tid, row } of snapshot.trigger) {
      note(row.oid, { table: 'trigger', tid, row });
      appendTo(triggers, row.table, row);
    }
    const sequenceRows = new Map<number, SequenceRow>();
    for (const { tid, row } of snapshot.sequence) {
      note(row.relation, { table: 'sequence', tid, row });
      sequenceRows.set(row.relation, row);
    }
    for (const { tid, row } of snapshot.relation) {
      note(row.oid, { table: 'relation', tid, row });
      this.relationRows.set(row.oid, row);
      this.schemasInUse.add(row.schema);
    }
    const indexesByTable = new Map<number, IndexDef[]>();
    for (const rel of this.relationRows.values()) {
      if (rel.kind !== 'i') continue;
      const ix = indexRows.get(rel.oid);
      if (ix) appendTo(indexesByTable, ix.table, indexDef(rel, ix, isOrdered(rel.method)));
    }
    const referencing = new Map<number, ReferencingKey[]>();
    for (const [table, list] of constraints) {
      for (const c of list) {
        if (c.references) appendTo(referencing, c.references.table, { table: table as Oid, constraint: c });
      }
    }
    for (const rel of this.relationRows.values()) {
      switch (rel.kind) {
        case 'r':
        case 'm': {
          const def = tableDef(
            rel,
            columns.get(rel.oid) ?? [],
            indexesByTable.get(rel.oid) ?? [],
            constraints.get(rel.oid) ?? [],
            referencing.get(rel.oid) ?? [],
            types,
            triggers.get(rel.oid),
          );
          this.tables.set(rel.oid, def);
          this.byName.set(qualified(rel.schema, rel.name), { kind: 'table', def });
          this.#addRowType(rowTypeOf(rel, def.columns));
          for (const c of def.constraints) this.constraintNames.add(qualified(rel.schema, c.name));
          for (const ix of def.indexes) {
            this.indexes.set(ix.oid, { def: ix, table: def });
            this.byName.set(qualified(rel.schema, ix.name), { kind: 'index', def: ix, table: def });
          }
          break;
        }
        case 'v': {
          const def = viewDef(rel, columns.get(rel.oid) ?? [], types);
          this.views.set(rel.oid, def);
          this.byName.set(qualified(rel.schema, rel.name), { kind: 'view', def });
          this.#addRowType(rowTypeOf(rel, def.columns));
          break;
        }
        case 'S': {
          const seq = sequenceRows.get(rel.oid);
          if (!seq) break;
          const owner = (this.dependencies.get(rel.oid) ?? []).find((d) => d.type !== 'n');
          const def = sequenceDef(rel, seq, owner);
          this.sequences.set(rel.oid, def);
          this.byName.set(qualified(rel.schema, rel.name), { kind: 'sequence', def });
          break;
        }
        case 'c': {
          const attributes = (columns.get(rel.oid) ?? []).sort((a, b) => a.attnum - b.attnum);
          const def = rowTypeOf(
            rel,
            attributes.map((a) => ({ name: a.name, type: typeOf(a, types) })),
          );
          this.#addRowType(def);
          if (def !== undefined) this.compositesByName.set(qualified(rel.schema, rel.name), def);
          break;
        }
        case 'i':
          break;
      }
    }
    // After the relations: a function's parameters and result may be their row types.
    for (const { tid, row } of [...snapshot.proc].sort((a, b) => a.row.oid - b.row.oid)) {
      note(row.oid, { table: 'proc', tid, row });
      const def = functionDef(row, types);
      this.functions.set(row.oid, def);
      appendTo(this.functionsByName, row.name, def);
    }
  }

  #addRowType(c: CompositeType | undefined): void {
    if (c === undefined) return;
    this.rowTypes.set(c.oid, c);
    this.rowTypeByRelation.set(c.relid, c);
  }

  /** Does schema `name` exist (built in, created, or a temporary schema)? */
  hasSchema(name: string): boolean {
    return BUILTIN_SCHEMAS.has(name) || this.schemas.has(name) || isTempSchema(name);
  }
}

function constraintDef(row: ConstraintRow): ConstraintDef {
  return Object.freeze({
    oid: row.oid as Oid,
    name: row.name,
    kind: row.kind,
    columns: Object.freeze([...row.columns]),
    ...(row.index === null ? {} : { index: row.index as Oid }),
    ...(row.check === null ? {} : { checkSql: row.check }),
    ...(row.notValid === true ? { notValid: true } : {}),
    ...(row.deferral === undefined
      ? {}
      : { deferrable: true, ...(row.deferral === 'd' ? { initiallyDeferred: true } : {}) }),
    ...(row.refTable === null
      ? {}
      : {
          references: Object.freeze({
            table: row.refTable as Oid,
            columns: Object.freeze([...row.refColumns]),
            onDelete: ACTIONS[row.onDelete ?? 'a'],
            onUpdate: ACTIONS[row.onUpdate ?? 'a'],
          }),
        }),
  });
}

const builtInOrdered = (method: string): boolean => method === 'btree' || method === 'lsm';

function indexDef(rel: RelationRow, ix: IndexRow, ordered: boolean): IndexDef {
  return Object.freeze({
    oid: rel.oid as Oid,
    name: rel.name,
    table: ix.table as Oid,
    file: rel.file as FileId,
    method: rel.method,
    ordered,
    columns: Object.freeze([...ix.columns]),
    descending: Object.freeze([...ix.descending]),
    unique: ix.unique,
    primary: ix.primary,
    ...(ix.expressions && ix.expressions.length > 0
      ? { expressions: Object.freeze([...ix.expressions]) }
      : {}),
    ...(ix.predicate ? { predicateSql: ix.predicate } : {}),
    ...(ix.include && ix.include.length > 0 ? { include: Object.freeze([...ix.include]) } : {}),
    ...optionsOf(rel),
    ...unloggedOf(rel),
  });
}

/** The user-defined types by OID, as this snapshot has them. */
interface UserTypes {
  readonly enumOf: (oid: number) => EnumType | undefined;
  readonly domainOf: (oid: number) => DomainType | undefined;
  readonly compositeOf: (oid: number) => CompositeType | undefined;
}

/**
 * A column's type from its attribute row (or a domain's base from its sys_type row):
 * `int2vector` / `oidvector` by name; an enum column stores 'anyenum' ('_anyenum') with the
 * enum's OID as typmod (system-tables.ts); a domain column stores `base@oid`, its base type's
 * stored name, '@' and the domain's OID. A dropped column whose enum is gone since decodes as
 * `oid` (`_oid`), one whose domain is gone as the base: the same fields, so old rows still decode.
 */
function typeOf(row: { readonly type: string; readonly typmod: number }, types: UserTypes): SqlType {
  const at = row.type.indexOf('@');
  if (at >= 0) {
    const base = typeOf({ type: row.type.slice(0, at), typmod: row.typmod }, types);
    const d = types.domainOf(Number(row.type.slice(at + 1)));
    return d === undefined ? base : domainSqlType(d);
  }
  const vector = vectorType(row.type);
  if (vector !== undefined) return vector;
  if (row.type === 'record' && row.typmod > 0) {
    // A named composite: its OID in the typmod, as an enum's (a dropped one reads as `record`).
    const c = types.compositeOf(row.typmod);
    return c === undefined ? recordType([]) : compositeSqlType(c);
  }
  if (row.type !== 'anyenum' && row.type !== '_anyenum') return sqlType(row.type as TypeName, row.typmod);
  const array = row.type === '_anyenum';
  const e = types.enumOf(row.typmod);
  if (e === undefined) return sqlType(array ? '_oid' : 'oid');
  return enumSqlType(e, array);
}

/** A user-defined function with its types resolved. */
export interface FunctionDef {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly row: ProcRow;
  readonly argTypes: readonly SqlType[];
  /**
   * Undefined for a trigger function (RETURNS trigger). RETURNS TABLE (…): the type of its one
   * column, else a record of its columns (as PostgreSQL's prorettype).
   */
  readonly result: SqlType | undefined;
  /** RETURNS TABLE (…): its columns. */
  readonly columns?: readonly RecordField[];
}

/** One declared parameter of a routine, in the order written (see `declaredParameters`). */
export interface DeclaredParameter {
  /** '' when unnamed. */
  readonly name: string;
  readonly type: SqlType;
  /** proargmodes' letter: IN, OUT, INOUT. */
  readonly mode: 'i' | 'o' | 'b';
  /** An input's DEFAULT as SQL text. */
  readonly default?: string;
  /** An input's index in `argTypes` (the call signature of a function). */
  readonly input?: number;
}

/**
 * A routine's parameters in declared order: the inputs (IN, INOUT) with the OUT parameters at
 * their stored positions (after the inputs when a row has none). RETURNS TABLE's columns are
 * not parameters.
 */
export function declaredParameters(f: FunctionDef): DeclaredParameter[] {
  const out: DeclaredParameter[] = f.row.args.map((a, i) => ({
    name: a.name ?? '',
    type: f.argTypes[i]!,
    mode: a.mode ?? 'i',
    ...(a.default === undefined ? {} : { default: a.default }),
    input: i,
  }));
  const stored = f.row.result.columns ?? [];
  stored.forEach((c, i) => {
    if (c.mode !== 'o') return;
    const p: DeclaredParameter = { name: c.name, type: f.columns![i]!.type, mode: 'o' };
    if (c.position === undefined || c.position > out.length) out.push(p);
    else out.splice(c.position, 0, p);
  });
  return out;
}

function functionDef(row: ProcRow, types: UserTypes): FunctionDef {
  const columns = row.result.columns?.map((c) => ({ name: c.name, type: typeOf(c, types) }));
  const base = {
    oid: row.oid,
    schema: row.schema,
    name: row.name,
    row,
    argTypes: row.args.map((a) => typeOf(a, types)),
  };
  if (columns === undefined) return { ...base, result: resultOf(row, types) };
  // A procedure's OUT parameters always make a record (prorettype), even a lone one.
  const single = columns.length === 1 && row.kind !== 'p';
  return { ...base, result: single ? columns[0]!.type : recordType(columns), columns };
}

const resultOf = (row: ProcRow, types: UserTypes): SqlType | undefined =>
  row.result.type === 'trigger' ? undefined : typeOf(row.result, types);

/** What sys_attribute stores for a column of type `t` (see `typeOf`); a vector type by its name. */
export function storedColumnType(t: SqlType): { readonly type: string; readonly typmod: number } {
  if (t.domain !== undefined) {
    const base = storedColumnType(domainBaseType(t));
    return { type: `${base.type}@${t.domain.oid}`, typmod: base.typmod };
  }
  if (t.vector !== undefined) return { type: t.vector, typmod: -1 };
  if (t.composite !== undefined) return { type: 'record', typmod: t.composite.oid };
  return t.enum === undefined ? { type: t.name, typmod: t.typmod } : { type: t.name, typmod: t.enum.oid };
}

/** A domain from its sys_type row; its base type found among `types`. */
function domainDef(row: TypeRow, types: UserTypes): DomainType {
  const d = row.domain!;
  return Object.freeze({
    oid: row.oid,
    arrayOid: row.arrayOid,
    name: row.name,
    schema: row.schema,
    baseType: typeOf(d.base, types),
    notNull: d.notNull,
    ...(d.defaultSql === undefined ? {} : { defaultSql: d.defaultSql }),
    checks: Object.freeze(d.checks.map((c) => Object.freeze({ ...c }))),
  });
}

function columnDef(row: AttributeRow, types: UserTypes): ColumnDef {
  return Object.freeze({
    attnum: row.attnum,
    name: row.name,
    type: typeOf(row, types),
    notNull: row.notNull,
    ...(row.defaultSql === null ? {} : { defaultSql: row.defaultSql }),
    ...(row.identity === null ? {} : { identity: row.identity === 'a' ? 'always' : 'byDefault' }),
    ...(row.generated === 's' ? { generated: 'stored' } : {}),
  } as ColumnDef);
}

function tableDef(
  rel: RelationRow,
  attributes: AttributeRow[],
  indexes: IndexDef[],
  constraints: ConstraintDef[],
  referencedBy: ReferencingKey[],
  types: UserTypes,
  triggers: TriggerRow[] | undefined,
): TableDef {
  attributes.sort((a, b) => a.attnum - b.attnum);
  const live = attributes.filter((a) => !a.dropped);
  const gaps = live.length !== attributes.length || attributes.some((a, i) => a.attnum !== i + 1);
  return Object.freeze({
    oid: rel.oid as Oid,
    schema: rel.schema,
    name: rel.name,
    method: rel.method,
    file: rel.file as FileId,
    columns: Object.freeze(live.map((a) => columnDef(a, types))),
    indexes: Object.freeze(indexes.sort(byOid)),
    constraints: Object.freeze(constraints.sort(byOid)),
    ...(gaps ? { storedTypes: Object.freeze(storedTypes(attributes, types)) } : {}),
    ...(referencedBy.length > 0 ? { referencedBy: Object.freeze(referencedBy) } : {}),
    ...(rel.kind === 'm'
      ? { matview: Object.freeze({ querySql: rel.definition ?? '', populated: rel.populated !== false }) }
      : {}),
    ...optionsOf(rel),
    ...unloggedOf(rel),
    ...(triggers === undefined ? {} : { triggers: triggersOf(triggers) }),
  });
}

/** A table's triggers in name order (the order PostgreSQL fires those of one event in). */
function triggersOf(rows: TriggerRow[]): readonly TriggerDef[] {
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return Object.freeze(rows.map(triggerDef));
}

const optionsOf = (rel: RelationRow): { options?: readonly string[] } =>
  rel.options && rel.options.length > 0 ? { options: Object.freeze([...rel.options]) } : {};

const unloggedOf = (rel: RelationRow): { unlogged?: true } =>
  rel.persistence === 'u' ? { unlogged: true } : {};

/** The type of every attnum 1…max; a missing attnum (never happens on disk) reads as int4. */
function storedTypes(attributes: readonly AttributeRow[], types: UserTypes): SqlType[] {
  const max = attributes.reduce((m, a) => Math.max(m, a.attnum), 0);
  const out: SqlType[] = new Array(max).fill(sqlType('int4'));
  for (const a of attributes) out[a.attnum - 1] = typeOf(a, types);
  return out;
}

function viewDef(rel: RelationRow, attributes: AttributeRow[], types: UserTypes): ViewDef {
  attributes.sort((a, b) => a.attnum - b.attnum);
  return Object.freeze({
    oid: rel.oid as Oid,
    schema: rel.schema,
    name: rel.name,
    columns: Object.freeze(
      attributes.map((a) =>
        Object.freeze({
          name: a.name,
          type: typeOf(a, types),
          ...(a.defaultSql !== null ? { defaultSql: a.defaultSql } : {}),
        }),
      ),
    ),
    querySql: rel.definition ?? '',
    ...optionsOf(rel),
  });
}

function sequenceDef(rel: RelationRow, seq: SequenceRow, owner: DependRow | undefined): SequenceDef {
  return Object.freeze({
    oid: rel.oid as Oid,
    schema: rel.schema,
    name: rel.name,
    file: rel.file as FileId,
    type: sqlType(seq.type),
    start: seq.start,
    increment: seq.increment,
    min: seq.min,
    max: seq.max,
    cache: seq.cache,
    cycle: seq.cycle,
    ...(owner ? { ownedBy: Object.freeze({ table: owner.referenced as Oid, attnum: owner.refColumn }) } : {}),
  });
}
