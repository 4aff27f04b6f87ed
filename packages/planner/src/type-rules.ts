/**
 * PostgreSQL's type-resolution rules for the types RustyDB knows, reduced to tables.
 *
 * PostgreSQL decides with pg_cast (which casts are implicit, assignment-only or explicit) and
 * type categories with one preferred type each (numeric: float8, string: text). The numeric
 * category is totally ordered by implicit casts, int2 → int4 → int8 → numeric → float4 → float8,
 * so "the common type" of numeric types is the highest in that order; strings meet at text
 * (varchar/bpchar cast to text implicitly, and text is preferred).
 *
 * NB: arithmetic differs from the common type in one case: PostgreSQL has float4 operators only
 * for (float4, float4) and (float4, float8), so float4 with anything else resolves to float8.
 * The int2/int4/int8 cross-type operators (int24pl, int48pl, …) yield the wider integer type.
 */
import { canCast, isArrayType, isRegType, type SqlType, sqlType } from '@rustydb/common';

/**
 * pg_type.typcategory, by name: N numeric, S string, B boolean, D datetime, T timespan, A array,
 * U user-defined (uuid, json, jsonb, macaddr), E enum, I network address (inet, cidr), R range.
 */
export type TypeCategory =
  | 'numeric'
  | 'string'
  | 'boolean'
  | 'datetime'
  | 'timespan'
  | 'array'
  | 'user'
  | 'enum'
  | 'network'
  | 'range'
  | 'unknown'
  | 'other';

/** The preferred type of each category that has one (typispreferred). */
export const PREFERRED_TYPE: Partial<Record<TypeCategory, SqlType['name']>> = {
  numeric: 'float8',
  string: 'text',
  datetime: 'timestamptz',
  timespan: 'interval',
  network: 'inet',
};

const NUMERIC_RANK: Partial<Record<SqlType['name'], number>> = {
  int2: 0,
  int4: 1,
  int8: 2,
  numeric: 3,
  float4: 4,
  float8: 5,
};

/** Position in the numeric implicit-cast order, or undefined for non-numeric types. */
export const numericRank = (t: SqlType): number | undefined => NUMERIC_RANK[t.name];

export const isIntegerType = (t: SqlType): boolean =>
  t.name === 'int2' || t.name === 'int4' || t.name === 'int8';

export const isStringType = (t: SqlType): boolean =>
  t.name === 'text' || t.name === 'varchar' || t.name === 'bpchar' || t.name === 'name';

export function typeCategory(t: SqlType): TypeCategory {
  if (t.name === 'unknown') return 'unknown';
  if (numericRank(t) !== undefined) return 'numeric';
  if (isStringType(t)) return 'string';
  if (t.name === 'bool') return 'boolean';
  switch (t.name) {
    case 'date':
    case 'time':
    case 'timestamp':
    case 'timestamptz':
      return 'datetime';
    case 'interval':
      return 'timespan';
    case 'uuid':
    case 'json':
    case 'jsonb':
    case 'macaddr':
    case 'tsvector':
    case 'tsquery':
    case 'jsonpath':
      return 'user';
    case 'inet':
    case 'cidr':
      return 'network';
    case 'anyenum':
      return 'enum';
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return 'range';
  }
  return isArrayType(t) ? 'array' : 'other';
}

/**
 * The type a comparison's two sides meet at: their common type, except that a `"char"` compared
 * with a string type compares as text — PostgreSQL's operator resolution takes `"char"`'s implicit
 * cast to text (`relkind = ANY (array['r', 'v'])`, as pg_dump writes it), though UNION, CASE and
 * COALESCE refuse to match the two.
 */
export function comparisonCommonType(a: SqlType, b: SqlType): SqlType | undefined {
  if ((a.name === 'char' && isStringType(b)) || (b.name === 'char' && isStringType(a)))
    return sqlType('text');
  return commonType([a, b]);
}

/**
 * The type several expressions resolve to (PostgreSQL's select_common_type), or undefined when
 * they cannot be matched. All-unknown inputs resolve to text.
 */
export function commonType(types: readonly SqlType[]): SqlType | undefined {
  let result: SqlType | undefined;
  for (const t of types) {
    if (t.name === 'unknown') continue;
    if (result === undefined) {
      result = t;
      continue;
    }
    if (result.name === t.name) {
      // Two enums (or arrays of them) share a name but meet only if they are the same enum.
      if (result.enum?.oid !== t.enum?.oid) return undefined;
      // Same type with different modifiers (varchar(3), varchar(5)): drop the modifier.
      if (result.typmod !== t.typmod) result = sqlType(t.name);
      continue;
    }
    const oid = oidCommonType(result, t);
    if (oid) {
      result = oid;
      continue;
    }
    const cr = typeCategory(result);
    if (cr !== typeCategory(t)) return undefined;
    if (cr === 'numeric') {
      if (numericRank(t)! > numericRank(result)!) result = t;
    } else if (cr === 'string') {
      result = sqlType('text');
    } else if (cr === 'network') {
      result = sqlType('inet'); // cidr meets inet at inet, the category's preferred type
    } else if (cr === 'datetime') {
      // select_common_type: move to the new type when it takes the old one implicitly and not
      // the other way round (date → timestamp → timestamptz).
      if (canCast(result, t, 'implicit') && !canCast(t, result, 'implicit')) result = t;
      else if (!canCast(t, result, 'implicit')) return undefined;
    } else {
      return undefined;
    }
  }
  return result ?? sqlType('text');
}

const INTEGERS = new Set(['int2', 'int4', 'int8']);

/**
 * oid with an integer or an OID alias (regclass, …) meets at oid, PostgreSQL's preferred type of
 * that category (`relnamespace = 2200`, `conrelid = 'p'::regclass`); undefined otherwise.
 */
function oidCommonType(a: SqlType, b: SqlType): SqlType | undefined {
  const oidA = a.name === 'oid' || isRegType(a.name);
  const oidB = b.name === 'oid' || isRegType(b.name);
  if (!oidA && !oidB) return undefined;
  if ((oidA || INTEGERS.has(a.name)) && (oidB || INTEGERS.has(b.name))) return sqlType('oid');
  return undefined;
}

/** The first type in `types` that `commonType` could not match with the ones before it. */
export function firstMismatch(
  types: readonly SqlType[],
): { a: SqlType; b: SqlType; index: number } | undefined {
  const seen: SqlType[] = [];
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (t.name === 'unknown') continue;
    if (seen.length > 0 && commonType([...seen, t]) === undefined) {
      return { a: commonType(seen)!, b: t, index: i };
    }
    seen.push(t);
  }
  return undefined;
}

/**
 * The operand type both sides of a binary arithmetic operator are coerced to, or undefined when
 * the operator does not exist for the pair. `left`/`right` are never unknown here.
 */
export function arithmeticType(left: SqlType, right: SqlType): SqlType | undefined {
  const rl = numericRank(left);
  const rr = numericRank(right);
  if (rl === undefined || rr === undefined) return undefined;
  if (left.name === right.name) return sqlType(left.name);
  if (left.name === 'float4' || right.name === 'float4') return sqlType('float8');
  return sqlType(rl > rr ? left.name : right.name);
}
