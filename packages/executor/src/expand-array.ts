/**
 * information_schema._pg_expandarray(anyarray): one row (x, n) per subscript of the array's first
 * dimension, `n` counting from 1 whatever the lower bound (int2vector's is 0 in PostgreSQL).
 * PostgreSQL defines it as `SELECT $1[s], s - array_lower($1, 1) + 1 FROM generate_series(…) s`,
 * so for a multi-dimensional array `$1[s]` has too few subscripts and `x` is NULL.
 */
import type { SqlArray, Value } from '@rustydb/common';

/** The rows of `_pg_expandarray(a)` for a non-null array `a`. Synchronous; allocates the rows. */
export function expandArrayRows(a: Value): Value[][] {
  const arr = a as SqlArray;
  if (arr.ndims === 0) return [];
  const n = arr.dims[0];
  const rows: Value[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = [arr.ndims === 1 ? arr.elements[i] : null, i + 1];
  return rows;
}
