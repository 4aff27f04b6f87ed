/**
 * SQL types as the layers above storage see them. A type is a name from PostgreSQL's catalog plus
 * a type modifier (`varchar(10)` has typmod 14, as in PostgreSQL: length + 4; `numeric(10,2)` has
 * ((10 << 16) | 2) + 4; -1 means none). Clients see the OIDs in RowDescription, so they are
 * PostgreSQL's own.
 *
 * How values of each type live in JavaScript is in `value.ts`.
 */

import { intervalTypmodText } from './datetime-typmod.js';

/** PostgreSQL's type OIDs for the types RustyDB knows (pg_type.oid). */
export const TYPE_OID = {
  bool: 16,
  bytea: 17,
  char: 18,
  name: 19,
  int8: 20,
  int2: 21,
  int4: 23,
  regproc: 24,
  text: 25,
  oid: 26,
  tid: 27,
  xid: 28,
  json: 114,
  float4: 700,
  float8: 701,
  unknown: 705,
  bpchar: 1042,
  varchar: 1043,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  timetz: 1266,
  numeric: 1700,
  regclass: 2205,
  regtype: 2206,
  regprocedure: 2202,
  regnamespace: 4089,
  regrole: 4096,
  record: 2249,
  void: 2278,
  uuid: 2950,
  jsonb: 3802,
  cidr: 650,
  macaddr: 829,
  inet: 869,
  tsvector: 3614,
  tsquery: 3615,
  regconfig: 3734,
  // Range types (range.ts).
  int4range: 3904,
  numrange: 3906,
  tsrange: 3908,
  tstzrange: 3910,
  daterange: 3912,
  int8range: 3926,
  // ---- jsonpath (SQL/JSON path language) ----
  jsonpath: 4072,
  // Polymorphic pseudo-types: only in function signatures, never a value's type.
  any: 2276,
  anyarray: 2277,
  anyelement: 2283,
  // Every enum type's name (the enum itself is the SqlType's `enum`); alone, the pseudo-type.
  anyenum: 3500,
  // Array types (PostgreSQL's typarray of each element type, named `_elem` as in pg_type).
  _bool: 1000,
  _bytea: 1001,
  _char: 1002,
  _name: 1003,
  _int2: 1005,
  _int4: 1007,
  _text: 1009,
  _bpchar: 1014,
  _varchar: 1015,
  _int8: 1016,
  _float4: 1021,
  _float8: 1022,
  _oid: 1028,
  _timestamp: 1115,
  _date: 1182,
  _time: 1183,
  _timestamptz: 1185,
  _interval: 1187,
  _numeric: 1231,
  _uuid: 2951,
  _cidr: 651,
  _macaddr: 1040,
  _inet: 1041,
  _json: 199,
  _jsonb: 3807,
  _tsvector: 3643,
  _tsquery: 3645,
  _regconfig: 3735,
  // ---- jsonpath ----
  _jsonpath: 4073,
  _regtype: 2211,
  // Arrays of the range types.
  _int4range: 3905,
  _numrange: 3907,
  _tsrange: 3909,
  _tstzrange: 3911,
  _daterange: 3913,
  _int8range: 3927,
  // Arrays of an enum: no such name in PostgreSQL; the OID is the enum's typarray (`typeOid`).
  _anyenum: 0,
} as const;

export type TypeName = keyof typeof TYPE_OID;

/** The array type names (`_int4`, …). */
export type ArrayTypeName = Extract<TypeName, `_${string}`>;

/** Every type name but the arrays': what a per-type switch handles once `isArrayType` is out of the way. */
export type ScalarTypeName = Exclude<TypeName, ArrayTypeName>;

/** A SQL type: its name and modifier. Plain data, compared by `sameType`. */
export interface SqlType {
  readonly name: TypeName;
  /** PostgreSQL's atttypmod: -1 when there is none. */
  readonly typmod: number;
  /**
   * `record` only: the fields of the composite, when the binder knows them (a function's OUT
   * columns, a row constructor's f1…fn). Absent for other types and for unknown record shapes.
   */
  readonly fields?: readonly RecordField[];
  /** `anyenum` and `_anyenum` only: the enum (of the elements), as the catalog describes it. */
  readonly enum?: EnumType;
  /**
   * `_int2` / `_oid` only: the type is PostgreSQL's `int2vector` / `oidvector` (VECTOR_TYPES),
   * an array of its element type everywhere but in its OID, its name and its text form.
   */
  readonly vector?: VectorTypeName;
  /**
   * A domain's type: `name`, `typmod` and `enum` are its base type's (a domain value is a value of
   * the base type everywhere but in casts and assignments, which check the domain's constraints),
   * and the OID clients see is the domain's.
   */
  readonly domain?: DomainType;
  /**
   * `record` only: the named composite type (a table's, view's or CREATE TYPE … AS's row type)
   * whose fields `fields` are; the OID clients see is the composite's.
   */
  readonly composite?: CompositeType;
}

/**
 * A named composite type: the row type of a table, view or materialized view, or a standalone
 * CREATE TYPE … AS (…) (PostgreSQL's pg_type row with typtype 'c', typrelid its pg_class row).
 * Immutable, rebuilt with each catalog snapshot that changes the relation, like EnumType.
 */
export interface CompositeType {
  readonly oid: number;
  /** The OID of its array type `_name` (pg_type.typarray). */
  readonly arrayOid: number;
  readonly name: string;
  readonly schema: string;
  /** typrelid: the relation whose columns are the fields. */
  readonly relid: number;
  readonly fields: readonly RecordField[];
}

const compositeTypes = new WeakMap<CompositeType, SqlType>();
/** The SqlType of composite `c`: a record with its fields; the same frozen object every call. */
export function compositeSqlType(c: CompositeType): SqlType {
  let t = compositeTypes.get(c);
  if (!t) {
    t = Object.freeze({ name: 'record', typmod: -1, fields: c.fields, composite: c });
    compositeTypes.set(c, t);
  }
  return t;
}

/**
 * A domain (CREATE DOMAIN; PostgreSQL's pg_type row with typtype 'd' plus its pg_constraint
 * rows). Immutable, rebuilt for each catalog snapshot that changes it, like EnumType.
 */
export interface DomainType {
  readonly oid: number;
  readonly arrayOid: number;
  readonly name: string;
  readonly schema: string;
  /** typbasetype/typtypmod: the type it constrains, itself a domain's SqlType for a domain over a domain. */
  readonly baseType: SqlType;
  /** typnotnull. */
  readonly notNull: boolean;
  /** typdefault: the DEFAULT expression's SQL text. */
  readonly defaultSql?: string;
  /** CHECK constraints (pg_constraint rows with contypid), in creation order. */
  readonly checks: readonly DomainCheck[];
}

/** One CHECK constraint of a domain: `checkSql` mentions the value as `VALUE`. */
export interface DomainCheck {
  readonly oid: number;
  readonly name: string;
  readonly checkSql: string;
  /** convalidated: false after ADD CONSTRAINT … NOT VALID until VALIDATE CONSTRAINT. */
  readonly validated: boolean;
}

const domainTypes = new WeakMap<DomainType, SqlType>();
/** The SqlType of domain `d`; the same frozen object every call. */
export function domainSqlType(d: DomainType): SqlType {
  let t = domainTypes.get(d);
  if (!t) {
    t = Object.freeze({ ...d.baseType, domain: d });
    domainTypes.set(d, t);
  }
  return t;
}

/** `t` without its domain: the base type of a domain (of a domain …); any other type itself. */
export function domainBaseType(t: SqlType): SqlType {
  let out = t;
  while (out.domain !== undefined) out = out.domain.baseType;
  return out;
}

/**
 * PostgreSQL's two catalog vector types (pg_index.indkey, pg_proc.proargtypes): arrays of int2 /
 * oid with lower bound 0 that print space-separated (`2 1`, not `[0:1]={2,1}`). Everything else
 * treats them as their arrays: subscripts, `= ANY`, array functions — whose array results are
 * plain `smallint[]` / `oid[]`, as in PostgreSQL — and a cast to the array is binary (the value
 * keeps its lower bound 0). Nothing casts to them but text.
 */
export type VectorTypeName = 'int2vector' | 'oidvector';

export const VECTOR_TYPES: Readonly<Record<VectorTypeName, SqlType>> = Object.freeze({
  int2vector: Object.freeze({ name: '_int2', typmod: -1, vector: 'int2vector' }),
  oidvector: Object.freeze({ name: '_oid', typmod: -1, vector: 'oidvector' }),
});

/** pg_type.oid of the vector types. */
export const VECTOR_OID: Readonly<Record<VectorTypeName, number>> = { int2vector: 22, oidvector: 30 };

/** The vector type called `name`, or undefined. */
export const vectorType = (name: string): SqlType | undefined =>
  name === 'int2vector' || name === 'oidvector' ? VECTOR_TYPES[name] : undefined;

/**
 * A user-defined enum type (CREATE TYPE … AS ENUM; PostgreSQL's pg_type plus its pg_enum rows).
 * Values of the type are held in JavaScript as their label strings and stored as the label's
 * OID (row-codec.ts), so RENAME VALUE rewrites no row. Ordering is by `sortOrder`, never by the
 * label's text. Immutable: the catalog builds a new one for each catalog snapshot that changes
 * the type, so a transaction's ADD VALUE is invisible to others until it commits.
 */
export interface EnumType {
  readonly oid: number;
  /** The OID of the type's array type (`_mood`, pg_type.typarray). */
  readonly arrayOid: number;
  readonly name: string;
  readonly schema: string;
  /** The labels in sort order. */
  readonly labels: readonly EnumLabel[];
  readonly byLabel: ReadonlyMap<string, EnumLabel>;
  readonly byOid: ReadonlyMap<number, EnumLabel>;
}

/** One label of an enum: pg_enum's row. */
export interface EnumLabel {
  readonly oid: number;
  /** pg_enum.enumsortorder: a float so ADD VALUE BEFORE/AFTER can fit between two labels. */
  readonly sortOrder: number;
  readonly label: string;
}

/** The EnumType with `labels` (any order; sorted here). Frozen. */
export function enumType(
  head: { oid: number; arrayOid: number; name: string; schema: string },
  labels: readonly EnumLabel[],
): EnumType {
  const sorted = Object.freeze(
    [...labels].sort((a, b) => a.sortOrder - b.sortOrder).map((l) => Object.freeze(l)),
  );
  return Object.freeze({
    ...head,
    labels: sorted,
    byLabel: new Map(sorted.map((l) => [l.label, l])),
    byOid: new Map(sorted.map((l) => [l.oid, l])),
  });
}

const enumTypes = new WeakMap<EnumType, readonly [SqlType, SqlType]>();
/** The SqlType of the enum `e` (its array type when `array`); the same frozen object every call. */
export function enumSqlType(e: EnumType, array = false): SqlType {
  let pair = enumTypes.get(e);
  if (!pair) {
    pair = [
      Object.freeze({ name: 'anyenum', typmod: -1, enum: e }),
      Object.freeze({ name: '_anyenum', typmod: -1, enum: e }),
    ];
    enumTypes.set(e, pair);
  }
  return pair[array ? 1 : 0];
}

/** Is `t` an enum type (not an array of one)? */
export const isEnumType = (t: SqlType): boolean => t.name === 'anyenum' && t.enum !== undefined;

/** One field of a composite (`record`) type: its name and type. */
export interface RecordField {
  readonly name: string;
  readonly type: SqlType;
}

/** The `record` type with fields `fields` (a new frozen object: record shapes are not interned). */
export function recordType(fields: readonly RecordField[]): SqlType {
  return Object.freeze({ name: 'record', typmod: -1, fields: Object.freeze([...fields]) });
}

const plain = new Map<TypeName, SqlType>();
/** The type `name` without a modifier; the same frozen object every call. */
export function sqlType(name: TypeName, typmod = -1): SqlType {
  if (typmod !== -1) return Object.freeze({ name, typmod });
  let t = plain.get(name);
  if (!t) {
    t = Object.freeze({ name, typmod: -1 });
    plain.set(name, t);
  }
  return t;
}

/** Same name and modifier; two enums are the same type only when they are the same enum. */
export const sameType = (a: SqlType, b: SqlType): boolean =>
  a.name === b.name &&
  a.typmod === b.typmod &&
  a.enum?.oid === b.enum?.oid &&
  a.vector === b.vector &&
  a.domain?.oid === b.domain?.oid &&
  a.composite?.oid === b.composite?.oid;

export function typeOid(t: SqlType): number {
  if (t.domain !== undefined) return t.domain.oid;
  if (t.composite !== undefined) return t.composite.oid;
  const e = t.enum;
  if (e !== undefined) return t.name === 'anyenum' ? e.oid : e.arrayOid;
  if (t.vector !== undefined) return VECTOR_OID[t.vector];
  return TYPE_OID[t.name];
}

const BY_OID = new Map<number, TypeName>(
  Object.entries(TYPE_OID)
    .filter(([n]) => n !== '_anyenum')
    .map(([n, o]) => [o, n as TypeName]),
);
/** The type with PostgreSQL OID `oid`, or undefined when RustyDB does not know it. */
export function typeByOid(oid: number): SqlType | undefined {
  if (oid === VECTOR_OID.int2vector) return VECTOR_TYPES.int2vector;
  if (oid === VECTOR_OID.oidvector) return VECTOR_TYPES.oidvector;
  const name = BY_OID.get(oid);
  return name ? sqlType(name) : undefined;
}

/** pg_type.typlen: the fixed width in bytes, or -1 for variable length (what RowDescription sends). */
export function typeLength(t: SqlType): number {
  switch (t.name) {
    case 'bool':
    case 'char':
      return 1;
    case 'int2':
      return 2;
    case 'int4':
    case 'float4':
    case 'oid':
    case 'xid':
    case 'regclass':
    case 'regtype':
    case 'regnamespace':
    case 'regrole':
    case 'regprocedure':
    case 'regproc':
    case 'regconfig':
    case 'date':
      return 4;
    case 'int8':
    case 'float8':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 8;
    case 'tid':
    case 'macaddr':
      return 6;
    case 'timetz':
      return 12;
    case 'interval':
    case 'uuid':
      return 16;
    case 'name':
      return 64;
    case 'void':
      return 4;
    case 'anyenum':
      return 4;
    default:
      return -1;
  }
}

/** Is `t` an array type (`int4[]` is `_int4`)? */
export const isArrayType = (t: SqlType): boolean => t.name.charCodeAt(0) === 95; // '_'

/** The element type of array type `t` (its typmod carried over), or undefined for a non-array. */
export function elementType(t: SqlType): SqlType | undefined {
  if (!isArrayType(t)) return undefined;
  if (t.enum !== undefined) return enumSqlType(t.enum);
  return sqlType(t.name.slice(1) as TypeName, t.typmod);
}

/** The array type whose elements are `t` (typmod carried over), or undefined when none exists. */
export function arrayTypeOf(t: SqlType): SqlType | undefined {
  // NB: arrays of a domain are arrays of its base type here (PostgreSQL has `_domain` types).
  if (t.domain !== undefined) return arrayTypeOf(domainBaseType(t));
  if (isArrayType(t)) return undefined;
  if (t.enum !== undefined) return enumSqlType(t.enum, true);
  const name = `_${t.name}`;
  return Object.hasOwn(TYPE_OID, name) ? sqlType(name as TypeName, t.typmod) : undefined;
}

/** varchar(n) / bpchar(n): the declared length, or undefined. */
export function charLength(t: SqlType): number | undefined {
  return (t.name === 'varchar' || t.name === 'bpchar') && t.typmod >= 4 ? t.typmod - 4 : undefined;
}

/** numeric(p, s): precision and scale, or undefined. */
export function numericPrecision(t: SqlType): { precision: number; scale: number } | undefined {
  if (t.name !== 'numeric' || t.typmod < 4) return undefined;
  const m = t.typmod - 4;
  return { precision: (m >> 16) & 0xffff, scale: m & 0xffff };
}

export const numericTypmod = (precision: number, scale: number): number => ((precision << 16) | scale) + 4;
export const charTypmod = (length: number): number => length + 4;

/** `t` without its modifier (`varchar(10)` → `varchar`); an enum or a vector type stays itself. */
export const withoutTypmod = (t: SqlType): SqlType =>
  t.typmod === -1 || t.domain !== undefined ? t : sqlType(t.name);

/** format_type without the modifier (`character varying`, not `(10)`): what error messages name. */
export const formatTypeName = (t: SqlType): string =>
  formatType(t.typmod === -1 || t.domain !== undefined ? t : sqlType(t.name));

/** How PostgreSQL's format_type prints a type, e.g. `character varying(10)`, `numeric(10,2)`. */
/** `(p)` of timestamp(p) and time(p); nothing without a typmod. */
const precisionText = (t: SqlType): string => (t.typmod >= 0 ? `(${t.typmod})` : '');

export function formatType(t: SqlType): string {
  if (t.domain !== undefined) return t.domain.name;
  if (t.composite !== undefined) return t.composite.name;
  if (t.vector !== undefined) return t.vector;
  switch (t.name) {
    case 'int2':
      return 'smallint';
    case 'int4':
      return 'integer';
    case 'int8':
      return 'bigint';
    case 'float4':
      return 'real';
    case 'float8':
      return 'double precision';
    case 'bool':
      return 'boolean';
    case 'varchar': {
      const n = charLength(t);
      return n === undefined ? 'character varying' : `character varying(${n})`;
    }
    case 'bpchar': {
      const n = charLength(t);
      return n === undefined ? 'bpchar' : `character(${n})`;
    }
    case 'numeric': {
      const p = numericPrecision(t);
      return p ? `numeric(${p.precision},${p.scale})` : 'numeric';
    }
    case 'timestamp':
      return `timestamp${precisionText(t)} without time zone`;
    case 'timestamptz':
      return `timestamp${precisionText(t)} with time zone`;
    case 'time':
      return `time${precisionText(t)} without time zone`;
    case 'timetz':
      return `time${precisionText(t)} with time zone`;
    case 'interval':
      return `interval${intervalTypmodText(t.typmod)}`;
    case 'char':
      return '"char"';
    case 'any':
      return '"any"';
    case 'anyenum':
      // NB: format_type qualifies a type the search path does not find; without the search path
      // here, the name stays bare (the catalog's formatEnumType qualifies it where it can).
      return t.enum ? t.enum.name : 'anyenum';
    default:
      if (isArrayType(t)) return `${formatType(elementType(t)!)}[]`;
      return t.name;
  }
}
