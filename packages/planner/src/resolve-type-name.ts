/**
 * Type names as written in SQL (already normalized by the parser: `integer` → int4, `character
 * varying(10)` → varchar with modifier 10) resolved to SqlTypes with PostgreSQL's typmods.
 */
import {
  arrayTypeOf,
  type CompositeType,
  charTypmod,
  compositeSqlType,
  DbError,
  type DomainType,
  domainSqlType,
  type EnumType,
  enumSqlType,
  intervalTypmod,
  MAX_DATETIME_PRECISION,
  numericTypmod,
  type SqlType,
  sqlType,
  TYPE_OID,
  type TypeName,
  vectorType,
} from '@rustydb/common';
import type * as ast from '@rustydb/parser';

/** Spellings the parser leaves alone that name one of our types. */
// NB: a type name the catalog does not know stays 42704; enums, domains and row types are the user types.
const ALIASES: Record<string, TypeName> = {
  int: 'int4',
  integer: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  float: 'float8',
  boolean: 'bool',
  decimal: 'numeric',
  character: 'bpchar',
  string: 'text',
};

/** The TypeName a written (normalized) type name denotes, or undefined when unknown. */
export function typeNameOf(name: string): TypeName | undefined {
  if (Object.hasOwn(TYPE_OID, name)) return name as TypeName;
  return ALIASES[name];
}

/** Where user-defined (enum) type names are found: the catalog as the statement sees it. */
export interface TypeLookup {
  enumType?(name: string, schema?: string): EnumType | undefined;
  domainType?(name: string, schema?: string): DomainType | undefined;
  /** The row type of a table or view (or a CREATE TYPE … AS type) called `name`. */
  compositeType?(name: string, schema?: string): CompositeType | undefined;
  /** The row type of relation `oid` (pg_class.reltype), when it has one. */
  rowTypeOfRelation?(oid: number): CompositeType | undefined;
}

/**
 * The SqlType `t` denotes (`int[]` is `_int4`): a built-in type (pg_catalog comes first, as in
 * PostgreSQL's search path), else an enum `types` finds. Synchronous. Throws 42704 `type "x"
 * does not exist`, 22023 for bad modifiers (as PostgreSQL).
 */
export function resolveTypeName(t: ast.TypeName, types?: TypeLookup): SqlType {
  const position = t.location + 1;
  const name = t.schema === undefined || t.schema === 'pg_catalog' ? typeNameOf(t.name) : undefined;
  const e = name === undefined && t.schema !== 'pg_catalog' ? types?.enumType?.(t.name, t.schema) : undefined;
  if (e !== undefined) {
    if (t.modifiers.length > 0) {
      throw new DbError('42601', `type modifier is not allowed for type "${e.name}"`, { position });
    }
    return enumSqlType(e, t.arrayBounds.length > 0);
  }
  const d =
    name === undefined && t.schema !== 'pg_catalog' ? types?.domainType?.(t.name, t.schema) : undefined;
  if (d !== undefined) {
    if (t.modifiers.length > 0) {
      throw new DbError('42601', `type modifier is not allowed for type "${d.name}"`, { position });
    }
    return t.arrayBounds.length > 0 ? arrayTypeOf(domainSqlType(d))! : domainSqlType(d);
  }
  const c =
    name === undefined && t.schema !== 'pg_catalog' ? types?.compositeType?.(t.name, t.schema) : undefined;
  if (c !== undefined) return compositeTypeName(c, t, position);
  const vector = t.schema === undefined || t.schema === 'pg_catalog' ? vectorType(t.name) : undefined;
  if (vector !== undefined && t.arrayBounds.length === 0 && t.modifiers.length === 0) return vector;
  if (name === undefined) {
    const full = t.schema === undefined ? t.name : `${t.schema}.${t.name}`;
    throw new DbError('42704', `type "${full}" does not exist`, { position });
  }
  if (name === 'any' || name === 'anyarray' || name === 'anyelement') {
    throw new DbError('42P18', `cannot use pseudo-type ${name === 'any' ? '"any"' : name} here`, {
      position,
    });
  }
  if (t.arrayBounds.length > 0) {
    // int[], int[3], int[][]: PostgreSQL ignores the sizes and the number of dimensions.
    const elem = resolveTypeName({ ...t, arrayBounds: [] }, types);
    const arr = arrayTypeOf(elem);
    if (!arr) throw new DbError('42704', `type "${t.name}[]" does not exist`, { position });
    return arr;
  }
  const mods = t.modifiers;
  switch (name) {
    case 'varchar':
    case 'bpchar': {
      if (mods.length === 0) return sqlType(name);
      if (mods.length > 1) throw badModifiers(name, position);
      if (mods[0] < 1) {
        throw new DbError('22023', `length for type ${name} must be at least 1`, { position });
      }
      if (mods[0] > 10485760) {
        throw new DbError('22023', `length for type ${name} cannot exceed 10485760`, { position });
      }
      return sqlType(name, charTypmod(mods[0]));
    }
    case 'numeric': {
      if (mods.length === 0) return sqlType(name);
      if (mods.length > 2) throw badModifiers(name, position);
      const [precision, scale = 0] = mods;
      if (precision < 1 || precision > 1000) {
        throw new DbError('22023', `NUMERIC precision ${precision} must be between 1 and 1000`, { position });
      }
      if (scale < -1000 || scale > 1000) {
        throw new DbError('22023', `NUMERIC scale ${scale} must be between -1000 and 1000`, { position });
      }
      return sqlType(name, numericTypmod(precision, scale));
    }
    case 'timestamp':
    case 'timestamptz':
    case 'time':
    case 'timetz': {
      if (mods.length === 0) return sqlType(name);
      if (mods.length > 1) throw badModifiers(name, position);
      return sqlType(name, datetimePrecision(DATETIME_WORDS[name], mods[0]!, position));
    }
    case 'interval': {
      if (mods.length > 1) throw badModifiers(name, position);
      const precision = mods.length === 0 ? undefined : datetimePrecision('INTERVAL', mods[0]!, position);
      return sqlType(name, intervalTypmod(t.intervalFields, precision));
    }
    default:
      if (mods.length > 0) {
        throw new DbError('42601', `type modifier is not allowed for type "${name}"`, { position });
      }
      return sqlType(name);
  }
}

/** How anytime_typmod_check names the types in its messages. */
const DATETIME_WORDS: Readonly<Record<string, string>> = {
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMP(%d) WITH TIME ZONE',
  time: 'TIME',
  timetz: 'TIME(%d) WITH TIME ZONE',
};

/**
 * The fractional-second precision `p` of a date/time type: 22023 when negative; above 6 it is 6
 * (PostgreSQL also warns that it reduced it).
 */
function datetimePrecision(word: string, p: number, position: number): number {
  const named = word.includes('%d') ? word.replace('%d', String(p)) : `${word}(${p})`;
  if (p < 0) throw new DbError('22023', `${named} precision must not be negative`, { position });
  return Math.min(p, MAX_DATETIME_PRECISION);
}

/** A row type as written: no modifiers, and no arrays of it (0A000: we have no `_name` values). */
function compositeTypeName(c: CompositeType, t: ast.TypeName, position: number): SqlType {
  if (t.modifiers.length > 0) {
    throw new DbError('42601', `type modifier is not allowed for type "${c.name}"`, { position });
  }
  if (t.arrayBounds.length > 0) {
    throw new DbError('0A000', `arrays of composite type ${c.name} are not supported`, { position });
  }
  return compositeSqlType(c);
}

const badModifiers = (name: string, position: number) =>
  new DbError('22023', `invalid type modifier`, { position, detail: `for type ${name}` });
