/**
 * The 42P10 check of a FROM item's column aliases (`t AS a(x, y)`): no more names than the item
 * has columns, as PostgreSQL's parse_relation.c reports it.
 */
import { DbError } from '@rustydb/common';

/**
 * Throws 42P10 `table "alias" has N columns available but M columns specified` (position: the
 * FROM item's 0-based `location` + 1) when `specified` exceeds `available`. Sync.
 */
export function checkAliasColumns(
  alias: string,
  available: number,
  specified: number,
  location: number,
): void {
  if (specified > available) {
    throw new DbError(
      '42P10',
      `table "${alias}" has ${available} columns available but ${specified} columns specified`,
      {
        position: location + 1,
      },
    );
  }
}
