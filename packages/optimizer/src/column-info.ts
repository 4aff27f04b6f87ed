/**
 * What the estimator knows about a plan's output columns: for a column that is (a copy of) a
 * base table column, that column's ANALYZE statistics, the table's size and whether a unique
 * index covers it alone; and the sizes of base relations (PostgreSQL's estimate_rel_size).
 *
 * RELATION SIZE. With statistics, rows = reltuples / relpages × the store's pages now (so a
 * table that grew since ANALYZE is scaled). Without, PostgreSQL's guess: at least 10 pages,
 * each holding (8192 − 24) / (row width + 28) rows, the width summed from the column types
 * (fixed-width types their size, others 32 bytes).
 */
import type { CatalogReader, ColumnStatistics, TableDef, TableStatistics } from '@rustydb/catalog';
import { type SqlType, typeLength } from '@rustydb/common';
import { BLCKSZ } from './cost-model.js';
import type { PhysicalPlan } from './physical-plan.js';

/** What is known of one output column. */
export interface ColumnInfo {
  readonly type: SqlType;
  /** ANALYZE's statistics, when the column was analyzed with its current type. */
  readonly stats?: ColumnStatistics;
  /** Rows of the base table the column comes from. */
  readonly tuples: number;
  /** A unique index on exactly this column: every non-NULL value is distinct. */
  readonly unique: boolean;
}

/** A base relation's size. */
export interface RelationSize {
  readonly tuples: number;
  readonly pages: number;
  readonly stats?: TableStatistics;
  /** Average row width in bytes (PostgreSQL's get_rel_data_width). */
  readonly width: number;
}

/** get_typavgwidth without typmods: fixed-width types their size, the rest 32 bytes. */
export function typeWidth(t: SqlType): number {
  const n = typeLength(t);
  return n > 0 ? n : 32;
}

/** Width of one column: its statistics' average, else its type's. */
export function columnWidth(type: SqlType, stats: ColumnStatistics | undefined): number {
  return stats ? stats.avgWidth : typeWidth(type);
}

/** Statistics of `col` if they were taken with its current type. */
export function columnStatistics(
  stats: TableStatistics | undefined,
  col: { attnum: number; type: SqlType },
): ColumnStatistics | undefined {
  const s = stats?.columns.get(col.attnum);
  return s && s.type.name === col.type.name ? s : undefined;
}

/** estimate_rel_size (see the file comment). Synchronous, never throws. */
export function relationSize(catalog: CatalogReader, table: TableDef): RelationSize {
  const stats = catalog.statistics?.(table.oid);
  let width = 0;
  for (const c of table.columns) width += columnWidth(c.type, columnStatistics(stats, c));
  const current = catalog.relationPages?.(table);
  let pages = current ?? stats?.relPages ?? 0;
  // Never analyzed and small: assume 10 pages, as PostgreSQL does for a never-vacuumed table.
  if (!stats && pages < 10) pages = 10;
  if (pages === 0) return { tuples: 0, pages: 0, ...(stats ? { stats } : {}), width };
  // Rows per page without statistics: integer division, as PostgreSQL's (intentionally).
  const density =
    stats && stats.relPages > 0
      ? stats.relTuples / stats.relPages
      : Math.floor((BLCKSZ - 24) / (width + 24 + 4));
  const tuples = Math.round(density * pages);
  return { tuples, pages, ...(stats ? { stats } : {}), width };
}

/** Per output slot of a scan of `table`: its column infos (the hidden tid slot has none). */
export function tableColumnInfos(table: TableDef, size: RelationSize): (ColumnInfo | undefined)[] {
  return table.columns.map((c) => {
    const stats = columnStatistics(size.stats, c);
    const unique = table.indexes.some(
      (ix) => ix.unique && ix.columns.length === 1 && ix.columns[0] === c.attnum,
    );
    return { type: c.type, tuples: size.tuples, unique, ...(stats ? { stats } : {}) };
  });
}

/**
 * The column infos of `plan`'s output slots (undefined where a slot is computed). Follows
 * pass-through columns down to scans; `scanInfos` supplies a scan's. Cached per plan node.
 */
export function planColumnInfos(
  plan: PhysicalPlan,
  scanInfos: (table: TableDef) => (ColumnInfo | undefined)[],
): readonly (ColumnInfo | undefined)[] {
  const cached = cache.get(plan);
  if (cached) return cached;
  const of = (p: PhysicalPlan) => planColumnInfos(p, scanInfos);
  let out: readonly (ColumnInfo | undefined)[];
  switch (plan.kind) {
    case 'seqScan':
    case 'indexScan':
      out = scanInfos(plan.table);
      break;
    case 'filter':
    case 'sort':
    case 'limit':
    case 'distinct':
    case 'semiJoin':
      out = plan.kind === 'semiJoin' ? of(plan.left) : of(plan.input);
      break;
    case 'project': {
      const input = of(plan.input);
      out = plan.exprs.map((e) => (e.kind === 'column' ? input[e.index] : undefined));
      break;
    }
    case 'hashJoin':
    case 'mergeJoin':
    case 'nestedLoop':
      out = [...of(plan.left), ...fill(of(plan.right), plan.right.columns.length)];
      break;
    case 'aggregate': {
      const input = of(plan.input);
      out = plan.groupBy.map((e) => (e.kind === 'column' ? input[e.index] : undefined));
      break;
    }
    default:
      out = [];
  }
  out = fill(out, plan.columns.length);
  cache.set(plan, out);
  return out;
}

const cache = new WeakMap<PhysicalPlan, readonly (ColumnInfo | undefined)[]>();

/** `infos` padded (or cut) to `n` slots. */
function fill(infos: readonly (ColumnInfo | undefined)[], n: number): (ColumnInfo | undefined)[] {
  const out = infos.slice(0, n);
  while (out.length < n) out.push(undefined);
  return out;
}

/** Average width of a plan's output row: known columns' widths, else their types'. */
export function rowWidth(
  columns: readonly { type: SqlType }[],
  infos: readonly (ColumnInfo | undefined)[],
): number {
  let w = 0;
  columns.forEach((c, i) => {
    w += columnWidth(c.type, infos[i]?.stats);
  });
  return w;
}
