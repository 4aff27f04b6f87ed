/**
 * Rows of the set-returning functions other than generate_series (series.ts): unnest, the
 * jsonb expanders and regexp_matches / regexp_split_to_table, for Function Scan (all their
 * columns) and ProjectSet (the one column).
 * A NULL argument gives no rows, as these functions are strict.
 */
import {
  type SqlArray,
  SqlRecord,
  type SqlType,
  type TimeZone,
  TsVector,
  UTC,
  type Value,
} from '@rustydb/common';
import { unnestRows } from './array-functions.js';
import { expandArrayRows } from './expand-array.js';
import { jsonRows } from './json-functions.js';
import { jsonPathQueryRows } from './jsonpath-functions.js';
import { isRegexpSetReturning, regexpRows } from './regexp-functions.js';
import { type Series, seriesOf } from './series.js';
import { tsVectorRows } from './text-search-functions.js';

/** The rows `fn(args)` returns (each as its output columns). */
export function setReturningRows(fn: string, args: readonly Value[], zone?: TimeZone): Value[][] {
  if (args.some((a) => a === null)) return [];
  if (isRegexpSetReturning(fn)) return regexpRows(fn, args);
  // No partitioning: a relation has no partition ancestors (PostgreSQL returns none for a plain table).
  if (fn === 'pg_partition_ancestors') return [];
  if (fn === '_pg_expandarray') return expandArrayRows(args[0]);
  if (fn === 'generate_subscripts')
    return subscriptRows(args[0] as SqlArray, args[1] as number, args[2] === true);
  if (fn === 'pg_options_to_table') return optionRows(args[0] as SqlArray);
  if (fn === 'unnest' && args[0] instanceof TsVector) return tsVectorRows(args[0]);
  if (fn === 'jsonb_path_query') return jsonPathQueryRows(args);
  if (fn === 'jsonb_path_query_tz') return jsonPathQueryRows(args, zone ?? UTC);
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
  return rowSeries(setReturningRows(fn, args, zone), type, field);
}

/** A one-column series over `rows`: column `field` (the first when absent), or whole records as above. */
export function rowSeries(rows: readonly Value[][], type: SqlType, field?: number): Series {
  let i = 0;
  if (field === undefined && type.name === 'record') {
    return { next: () => (i < rows.length ? new SqlRecord(rows[i++]) : undefined) };
  }
  const col = field ?? 0;
  return { next: () => (i < rows.length ? rows[i++][col] : undefined) };
}

/** generate_subscripts(a, dim [, reverse]): the subscripts of dimension `dim` (none past the last). */
function subscriptRows(a: SqlArray, dim: number, reverse: boolean): Value[][] {
  if (dim < 1 || dim > a.dims.length) return [];
  const low = a.lbounds[dim - 1]!;
  const n = a.dims[dim - 1]!;
  const rows: Value[][] = [];
  for (let i = 0; i < n; i++) rows.push([reverse ? low + n - 1 - i : low + i]);
  return rows;
}

/**
 * pg_options_to_table(options): each `name=value` element of an options array (reloptions,
 * attfdwoptions) as (option_name, option_value), split at the first `=`; no `=`: a NULL value.
 */
function optionRows(options: SqlArray): Value[][] {
  return options.elements
    .filter((o) => o !== null)
    .map((o) => {
      const text = o as string;
      const eq = text.indexOf('=');
      return eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)];
    });
}
