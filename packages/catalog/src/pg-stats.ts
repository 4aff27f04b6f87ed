/**
 * pgStatsRows: the rows of PostgreSQL's `pg_stats` view (one per analyzed column) built from the
 * statistics a CatalogReader exposes. There is no system-view mechanism yet: the pg_catalog
 * views work calls this to serve `SELECT … FROM pg_stats`.
 *
 * Columns as PostgreSQL 15 names and types them: schemaname, tablename, attname (name),
 * inherited (bool, always false: no inheritance), null_frac (real), avg_width (int4),
 * n_distinct (real), most_common_vals / histogram_bounds (anyarray: here its text form, e.g.
 * `{1,2,3}`), most_common_freqs (real[]), correlation (real). NULL where PostgreSQL has NULL:
 * no MCVs, no histogram, an unsortable type's correlation.
 */
import { formatArray, formatText, SqlArray } from '@rustydb/common';
import type { CatalogReader } from './catalog-reader.js';

/** One row of pg_stats. */
export interface PgStatsRow {
  readonly schemaname: string;
  readonly tablename: string;
  readonly attname: string;
  readonly inherited: boolean;
  readonly null_frac: number;
  readonly avg_width: number;
  readonly n_distinct: number;
  /** anyarray in PostgreSQL: the array's text form. */
  readonly most_common_vals: string | null;
  readonly most_common_freqs: readonly number[] | null;
  /** anyarray in PostgreSQL: the array's text form. */
  readonly histogram_bounds: string | null;
  readonly correlation: number | null;
}

/** real (float4) as PostgreSQL rounds it. */
const real = (x: number): number => Math.fround(x);

/**
 * pg_stats for every table `catalog` lists, in table then attnum order. Columns whose type
 * changed since ANALYZE (their statistics no longer apply) and dropped columns are left out.
 * Synchronous, never throws; empty when the reader has no statistics.
 */
export function pgStatsRows(catalog: CatalogReader): PgStatsRow[] {
  const out: PgStatsRow[] = [];
  for (const table of catalog.tables()) {
    const stats = catalog.statistics?.(table.oid);
    if (!stats) continue;
    for (const col of table.columns) {
      const s = stats.columns.get(col.attnum);
      if (!s || s.type.name !== col.type.name) continue;
      const text = (values: readonly unknown[]) =>
        values.length === 0 ? null : formatArray(SqlArray.of(values as never), (v) => formatText(v, s.type));
      out.push({
        schemaname: table.schema,
        tablename: table.name,
        attname: col.name,
        inherited: false,
        null_frac: real(s.nullFrac),
        avg_width: s.avgWidth,
        n_distinct: real(s.nDistinct),
        most_common_vals: text(s.mostCommonValues),
        most_common_freqs: s.mostCommonFreqs.length === 0 ? null : s.mostCommonFreqs.map(real),
        histogram_bounds: text(s.histogramBounds),
        correlation: s.correlation === undefined ? null : real(s.correlation),
      });
    }
  }
  return out;
}
