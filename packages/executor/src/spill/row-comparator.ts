/**
 * Row comparators for sorting: the order of ORDER BY keys over row columns, as the executor's
 * Sort applies them (compareValues per type, DESC reverses it, NULLS FIRST/LAST place NULLs
 * independently of the direction, as PostgreSQL does).
 */
import { compareValues, type Row, type SqlType } from '@rustydb/common';

/** Orders two rows: negative, zero or positive. Must be a total preorder; may throw DbError. */
export type RowComparator = (a: Row, b: Row) => number;

/** One ORDER BY key over a row column. */
export interface RowSortKey {
  readonly column: number;
  readonly type: SqlType;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
}

/**
 * The comparator of `keys`, applied in order; rows equal on every key compare 0 (the sorter keeps
 * their input order). Synchronous, allocation-free per comparison.
 */
export function compareRowsBy(keys: readonly RowSortKey[]): RowComparator {
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const x = a[k.column];
      const y = b[k.column];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      const c = compareValues(x, y, k.type);
      if (c !== 0) return k.descending ? -c : c;
    }
    return 0;
  };
}
