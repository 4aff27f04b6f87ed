/**
 * Hash keys for rows and values: what hash joins, hash aggregation, DISTINCT and IN (subquery)
 * group by. Two values get the same key exactly when PostgreSQL's `=` says they are equal
 * (valuesEqual): numerics ignore trailing zeros (1.0 = 1.00), floats equate -0 and 0 and all
 * NaNs, bpchar ignores trailing spaces. NULL gets its own key (grouping treats NULLs as equal;
 * joins skip NULL keys before hashing).
 */
import {
  elementType,
  Interval,
  Jsonb,
  jsonbKey,
  Numeric,
  rangeSubtype,
  SqlArray,
  SqlRange,
  SqlRecord,
  type SqlType,
  trimTrailingSpaces,
  type Value,
} from '@rustydb/common';

export type HashKey = string | number | bigint | boolean;

const NULL_KEY = '\u0000null';

/** The key of one value of `type`. */
export function valueKey(v: Value, type: SqlType): HashKey {
  if (v === null) return NULL_KEY;
  switch (typeof v) {
    case 'string':
      return type.name === 'bpchar' ? trimTrailingSpaces(v) : v;
    case 'number':
      return v === 0 ? 0 : Number.isNaN(v) ? 'NaN' : v;
    case 'bigint':
    case 'boolean':
      return v;
    default:
      if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
      if (v instanceof Numeric) return `n:${normalizeNumeric(v)}`;
      if (v instanceof SqlArray) {
        const elem = elementType(type);
        const parts = v.elements.map((x) => {
          const k = elem ? valueKey(x, elem) : untypedKey(x);
          return typeof k === 'string' ? `s${k.length}:${k}` : `${(typeof k)[0]}${String(k)};`;
        });
        return `a${v.dims.join('x')}@${v.lbounds.join(',')}:${parts.join('')}`;
      }
      if (v instanceof SqlRange) return rangeKey(v, (x) => valueKey(x, rangeSubtype(type)));
      if (v instanceof SqlRecord) {
        const fields = type.fields;
        return `r:${rowKey(
          v.values,
          v.values.map((_, i) => fields?.[i]?.type ?? type),
        )}`;
      }
      return untypedKey(v);
  }
}

/**
 * A key for values whose type is not at hand (IN-subquery sets): consistent with valuesEqual for
 * every representation. Intervals key by their comparison span ('1 day' = '24 hours').
 */
export function untypedKey(v: Value): HashKey {
  if (v === null) return NULL_KEY;
  if (typeof v !== 'object') return typeof v === 'number' ? (v === 0 ? 0 : Number.isNaN(v) ? 'NaN' : v) : v;
  if (v instanceof Interval) return `i:${v.span()}`;
  if (v instanceof Jsonb) return `j:${jsonbKey(v)}`;
  if (v instanceof Numeric) return `n:${normalizeNumeric(v)}`;
  if (v instanceof Uint8Array) return `\\x${Buffer.from(v).toString('hex')}`;
  if (v instanceof SqlRecord) {
    return `r:${v.values.map((x) => String(untypedKey(x))).join('\u0001')}`;
  }
  if (v instanceof SqlRange) return rangeKey(v, untypedKey);
  const a = v as SqlArray;
  return `a${a.dims.join('x')}:${a.elements.map((x) => String(untypedKey(x))).join('\u0001')}`;
}

/** A range's key: its flags and its bounds' keys (equal ranges have equal flags and bounds). */
function rangeKey(r: SqlRange, key: (v: Value) => HashKey): string {
  const part = (v: Value) => {
    const k = key(v);
    return typeof k === 'string' ? `s${k.length}:${k}` : `${(typeof k)[0]}${String(k)};`;
  };
  return `R${r.flags}:${r.lowerInf || r.isEmpty ? '' : part(r.lower)}|${r.upperInf || r.isEmpty ? '' : part(r.upper)}`;
}

function normalizeNumeric(n: Numeric): string {
  const s = n.toString();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The key of several values: the single value's key for one column (no allocation for
 * primitives), else a string joining typed parts unambiguously.
 */
export function rowKey(values: readonly Value[], types: readonly SqlType[]): HashKey {
  if (values.length === 1) return valueKey(values[0], types[0]);
  let s = '';
  for (let i = 0; i < values.length; i++) {
    const k = valueKey(values[i], types[i]);
    const part = typeof k === 'string' ? `s${k.length}:${k}` : `${(typeof k)[0]}${String(k)};`;
    s += part;
  }
  return s;
}
