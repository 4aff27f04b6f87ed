/**
 * pg_type's facts about the types RustyDB knows, with PostgreSQL's OIDs, names, lengths,
 * categories and array links — what format_type, regtype and clients' type caches read.
 */
import {
  arrayTypeOf,
  elementType,
  isArrayType,
  isRangeType,
  type SqlType,
  sqlType,
  TYPE_OID,
  type TypeName,
  typeLength,
  VECTOR_OID,
  VECTOR_TYPES,
  type VectorTypeName,
} from '@rustydb/common';

/** pg_type.typcategory. */
export function typeCategory(t: SqlType): string {
  if (isArrayType(t)) return 'A';
  switch (t.name) {
    case 'bool':
      return 'B';
    case 'int2':
    case 'int4':
    case 'int8':
    case 'float4':
    case 'float8':
    case 'numeric':
    case 'oid':
    case 'regclass':
    case 'regtype':
    case 'regproc':
    case 'regnamespace':
    case 'regrole':
    case 'regprocedure':
    case 'regconfig':
      return 'N';
    case 'text':
    case 'varchar':
    case 'bpchar':
    case 'name':
    case 'char':
      return 'S';
    case 'date':
    case 'time':
    case 'timetz':
    case 'timestamp':
    case 'timestamptz':
      return 'D';
    case 'interval':
      return 'T';
    case 'inet':
    case 'cidr':
      return 'I';
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return 'R';
    case 'any':
    case 'anyarray':
    case 'anyelement':
    case 'record':
    case 'void':
    case 'unknown':
      return 'P';
    default:
      return 'U';
  }
}

const PSEUDO = new Set<TypeName>(['any', 'anyarray', 'anyelement', 'record', 'void', 'unknown']);

/** pg_type.typtype: p(seudo), r(ange) or b(ase) for the built-in types. */
export const typeKind = (f: TypeFacts): string => (f.pseudo ? 'p' : isRangeType(f.type) ? 'r' : 'b');

/** pg_type.typstorage / pg_attribute.attstorage: p(lain), m(ain) or x (extended). */
export function typeStorage(t: SqlType): string {
  if (t.name === 'numeric' || t.name === 'inet' || t.name === 'cidr') return 'm';
  return typeLength(t) === -1 && !PSEUDO.has(t.name) ? 'x' : 'p';
}

/** pg_type.typbyval. */
export function typeByValue(t: SqlType): boolean {
  const len = typeLength(t);
  return len === 1 || len === 2 || len === 4 || len === 8;
}

/** pg_type.typalign. */
export function typeAlign(t: SqlType): string {
  if (isArrayType(t)) return typeAlign(elementType(t)!) === 'd' ? 'd' : 'i';
  const len = typeLength(t);
  if (len === 1 || len === 64) return 'c';
  if (len === 2) return 's';
  if (len === 8 || t.name === 'interval' || t.name === 'timetz') return 'd';
  // A range aligns as its subtype's widest part (int8range, tsrange, tstzrange: double).
  if (t.name === 'int8range' || t.name === 'tsrange' || t.name === 'tstzrange') return 'd';
  return 'i';
}

/** pg_type.typcollation: 100 (default) for the collatable string types. */
export const typeCollation = (t: SqlType): number =>
  t.name === 'text' || t.name === 'varchar' || t.name === 'bpchar' ? 100 : t.name === 'name' ? 950 : 0;

/** One pg_type row's facts. */
export interface TypeFacts {
  readonly oid: number;
  readonly name: string;
  readonly type: SqlType;
  readonly elem: number;
  readonly array: number;
  readonly pseudo: boolean;
}

/** int2vector and oidvector (their array types, int2vector[] and oidvector[], are not here). */
const VECTOR_FACTS: readonly TypeFacts[] = (Object.keys(VECTOR_TYPES) as VectorTypeName[]).map((name) => {
  const type = VECTOR_TYPES[name];
  return {
    oid: VECTOR_OID[name],
    name,
    type,
    elem: TYPE_OID[elementType(type)!.name],
    array: 0,
    pseudo: false,
  };
});

/** Every type, in OID order. */
export const TYPE_FACTS: readonly TypeFacts[] = (Object.keys(TYPE_OID) as TypeName[])
  .map((name): TypeFacts => {
    const type = sqlType(name);
    const elem = elementType(type);
    const array = arrayTypeOf(type);
    return {
      oid: TYPE_OID[name],
      name: name === 'char' ? 'char' : name,
      type,
      elem: elem ? TYPE_OID[elem.name] : 0,
      array: array && !PSEUDO.has(name) ? TYPE_OID[array.name] : 0,
      pseudo: PSEUDO.has(name),
    };
  })
  .concat(VECTOR_FACTS)
  .sort((a, b) => a.oid - b.oid);

/** The input/output function names PostgreSQL gives a type (int4in/int4out, array_in, …). */
export function typeIoNames(f: TypeFacts): [string, string, string, string] {
  if (f.elem !== 0 && f.type.vector === undefined)
    return ['array_in', 'array_out', 'array_recv', 'array_send'];
  if (isRangeType(f.type)) return ['range_in', 'range_out', 'range_recv', 'range_send'];
  // ---- jsonpath: its functions have an underscore (jsonpath_in, …) ----
  if (f.name === 'jsonpath') return ['jsonpath_in', 'jsonpath_out', 'jsonpath_recv', 'jsonpath_send'];
  const base = f.name === 'char' ? 'char' : f.name;
  return [`${base}in`, `${base}out`, `${base}recv`, `${base}send`];
}
