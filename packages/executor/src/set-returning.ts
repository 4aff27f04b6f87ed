/**
 * Rows of the set-returning functions other than generate_series (series.ts): unnest and the
 * jsonb expanders, for Function Scan (all their columns) and ProjectSet (the one column).
 * A NULL argument gives no rows, as these functions are strict.
 */
import { SqlRecord, type SqlType, type TimeZone, type Value } from '@rustydb/common';
import { unnestRows } from './array-functions.js';
import { expandArrayRows } from './expand-array.js';
import { jsonRows } from './json-functions.js';
import { type Series, seriesOf } from './series.js';

/** The rows `fn(args)` returns (each as its output columns). */
export function setReturningRows(fn: string, args: readonly Value[]): Value[][] {
  if (args.some((a) => a === null)) return [];
  // No partitioning: a relation has no partition ancestors (PostgreSQL returns none for a plain table).
  if (fn === 'pg_partition_ancestors') return [];
  if (fn === '_pg_expandarray') return expandArrayRows(args[0]);
  // pg_listening_channels gets its channels as an array argument (session-functions.ts).
  return fn === 'unnest' || fn === 'pg_listening_channels' ? unnestRows(args[0]) : jsonRows(fn, args[0]);
}

/**
 * A one-column series over `fn(args)`: generate_series when `fn` is absent. It yields column
 * `field` of each row (the first when absent), or with `type` record and no `field` each whole
 * row as a record (a multi-column function in a select list).
 */
export function seriesFor(
  fn: string | undefined,
  args: readonly Value[],
  type: SqlType,
  field?: number,
  zone?: TimeZone,
): Series {
  if (fn === undefined || fn === 'generate_series') return seriesOf(args, type, zone);
  const rows = setReturningRows(fn, args);
  let i = 0;
  if (field === undefined && type.name === 'record') {
    return { next: () => (i < rows.length ? new SqlRecord(rows[i++]) : undefined) };
  }
  const col = field ?? 0;
  return { next: () => (i < rows.length ? rows[i++][col] : undefined) };
}

/** How many columns `fn` itself returns (generate_series and unnest: one). */
export function setReturningWidth(fn: string): number {
  if (fn === '_pg_expandarray') return 2;
  return fn === 'jsonb_each' || fn === 'jsonb_each_text' ? 2 : 1;
}
