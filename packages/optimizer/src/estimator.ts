/**
 * Estimator: the row counts, widths and costs of the nodes that are neither scans nor joins
 * (filters, projections, sorts, limits, aggregates, set operations…), PostgreSQL's formulas
 * from costsize.c, and the memoized relation sizes and column infos every estimate starts from.
 *
 * - Filter: rows × selectivity; cpu_operator_cost per operator per input row.
 * - Sort: cost_sort (cost-model.ts); top-N when a LIMIT bounds it.
 * - Limit: the input's startup plus the fraction of its run cost the limit reads; a LIMIT that
 *   is not a constant is assumed to read 10% of the rows, as PostgreSQL does.
 * - Aggregate: groups = the product of the keys' distinct counts (200 for an unknown
 *   expression), at most the input rows (estimate_num_groups, reduced). HashAggregate pays for
 *   hashing each input row before the first group comes out; GroupAggregate (enable_hashagg =
 *   off) pays for a sort of its input and streams.
 * - Values / Function Scan: cpu_tuple_cost per row; generate_series over constants knows its
 *   count, other set-returning functions are assumed to return 1000 rows (prorows).
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import type { PlanColumn } from '@rustydb/planner';
import { qualCost, type ScanEnv } from './access-path.js';
import {
  type ColumnInfo,
  planColumnInfos,
  type RelationSize,
  relationSize,
  rowWidth,
  tableColumnInfos,
} from './column-info.js';
import { type CostParams, clampRows, DISABLE_COST, sortCost } from './cost-model.js';
import type { PhysicalExpr, PhysicalPlan, PlanEstimate } from './physical-plan.js';
import { type ColumnLookup, clauseListSelectivity, numDistinct } from './selectivity.js';

const UNKNOWN: PlanEstimate = { startup: 0, total: 0, rows: 1000, width: 32 };

export class Estimator {
  readonly #sizes = new Map<number, RelationSize>();
  readonly #scanInfos = new Map<number, (ColumnInfo | undefined)[]>();

  constructor(
    readonly params: CostParams,
    private readonly catalog: CatalogReader,
  ) {}

  /** The size of `table` (memoized for the optimization). */
  size(table: TableDef): RelationSize {
    let s = this.#sizes.get(table.oid);
    if (!s) {
      s = relationSize(this.catalog, table);
      this.#sizes.set(table.oid, s);
    }
    return s;
  }

  scanEnv(table: TableDef): ScanEnv {
    return {
      params: this.params,
      size: this.size(table),
      infos: this.#tableInfos(table),
      catalog: this.catalog,
      allVisiblePages: this.catalog.allVisiblePages?.(table) ?? 0,
    };
  }

  #tableInfos(table: TableDef): (ColumnInfo | undefined)[] {
    let infos = this.#scanInfos.get(table.oid);
    if (!infos) {
      infos = tableColumnInfos(table, this.size(table));
      this.#scanInfos.set(table.oid, infos);
    }
    return infos;
  }

  /** What is known of `plan`'s output columns. */
  infos(plan: PhysicalPlan): readonly (ColumnInfo | undefined)[] {
    return planColumnInfos(plan, (t) => this.#tableInfos(t));
  }

  lookup(plan: PhysicalPlan): ColumnLookup {
    const infos = this.infos(plan);
    return (slot) => infos[slot];
  }

  /** A node's estimate (nodes the optimizer did not cost get a neutral guess). */
  est(plan: PhysicalPlan): PlanEstimate {
    return plan.est ?? UNKNOWN;
  }

  width(plan: { columns: readonly PlanColumn[] }, infos: readonly (ColumnInfo | undefined)[]): number {
    return rowWidth(plan.columns, infos);
  }

  filter(input: PhysicalPlan, preds: readonly PhysicalExpr[]): PlanEstimate {
    const e = this.est(input);
    const sel = clauseListSelectivity(preds, this.lookup(input));
    return {
      startup: e.startup,
      total: e.total + e.rows * qualCost(this.params, preds),
      rows: clampRows(e.rows * sel),
      width: e.width,
    };
  }

  project(input: PhysicalPlan, exprs: readonly PhysicalExpr[], columns: readonly PlanColumn[]): PlanEstimate {
    const e = this.est(input);
    const inInfos = this.infos(input);
    const infos = exprs.map((x) => (x.kind === 'column' ? inInfos[x.index] : undefined));
    return { ...e, width: rowWidth(columns, infos) };
  }

  sort(input: PhysicalPlan, limit?: PhysicalExpr, offset?: PhysicalExpr): PlanEstimate {
    const e = this.est(input);
    const bound = limit ? constCount(limit) : undefined;
    const keep = bound === undefined ? undefined : bound + (offset ? (constCount(offset) ?? 0) : 0);
    const c = sortCost(this.params, e, e.rows, keep);
    return { ...c, rows: e.rows, width: e.width };
  }

  limit(input: PhysicalPlan, limit?: PhysicalExpr, offset?: PhysicalExpr): PlanEstimate {
    const e = this.est(input);
    const off = offset ? (constCount(offset) ?? e.rows * 0.1) : 0;
    const lim = limit ? (constCount(limit) ?? e.rows * 0.1) : e.rows;
    const rows = Math.max(0, Math.min(lim, e.rows - off));
    const run = e.total - e.startup;
    const frac = (n: number) => (e.rows > 0 ? Math.min(1, n / e.rows) : 0);
    const startup = e.startup + run * frac(off);
    return { startup, total: e.startup + run * frac(off + rows), rows: clampRows(rows), width: e.width };
  }

  /** estimate_num_groups, reduced (see the file comment). */
  groups(input: PhysicalPlan, keys: readonly PhysicalExpr[]): number {
    const rows = this.est(input).rows;
    const infos = this.infos(input);
    let n = 1;
    for (const k of keys) n *= k.kind === 'column' ? numDistinct(infos[k.index]).nd : 200;
    return clampRows(Math.min(n, rows));
  }

  /** HashAggregate over `input`. */
  hashAggregate(
    input: PhysicalPlan,
    keys: readonly PhysicalExpr[],
    aggs: number,
    width: number,
  ): PlanEstimate {
    const e = this.est(input);
    const p = this.params;
    const groups = this.groups(input, keys);
    let startup = e.total + e.rows * p.cpuOperatorCost * (keys.length + aggs);
    if (!p.enableHashAgg) startup += DISABLE_COST;
    return { startup, total: startup + groups * p.cpuTupleCost, rows: groups, width };
  }

  /** GroupAggregate over `sorted` (its input, sorted on the keys). */
  groupAggregate(
    sorted: PhysicalPlan,
    keys: readonly PhysicalExpr[],
    aggs: number,
    width: number,
  ): PlanEstimate {
    const e = this.est(sorted);
    const p = this.params;
    const groups = this.groups(sorted, keys);
    const total = e.total + e.rows * p.cpuOperatorCost * (keys.length + aggs) + groups * p.cpuTupleCost;
    return { startup: e.startup, total, rows: groups, width };
  }

  /** Aggregate without keys: one row after reading everything. */
  plainAggregate(input: PhysicalPlan, aggs: number, width: number): PlanEstimate {
    const e = this.est(input);
    const total =
      e.total + e.rows * this.params.cpuOperatorCost * Math.max(aggs, 1) + this.params.cpuTupleCost;
    return { startup: total, total, rows: 1, width };
  }

  values(rows: number, cells: number, width: number): PlanEstimate {
    const p = this.params;
    return {
      startup: 0,
      total: rows * p.cpuTupleCost + cells * p.cpuOperatorCost,
      rows: clampRows(rows),
      width,
    };
  }

  /** Functions side by side (ROWS FROM): as many rows as the longest; none known: 1000. */
  functionScan(
    functions: readonly { fn: string; args: readonly PhysicalExpr[] }[],
    width: number,
  ): PlanEstimate {
    const counts = functions.map((f) => seriesCount(f.fn, f.args) ?? 1000);
    const rows = counts.length > 0 ? Math.max(...counts) : 1000;
    return { startup: 0, total: rows * this.params.cpuTupleCost, rows: clampRows(rows), width };
  }

  /** A node that passes its input through at `perRow` operators per row. */
  passThrough(
    input: PhysicalPlan,
    perRow: number,
    rows = this.est(input).rows,
    width = this.est(input).width,
  ) {
    const e = this.est(input);
    return {
      startup: e.startup,
      total: e.total + e.rows * perRow * this.params.cpuOperatorCost,
      rows: clampRows(rows),
      width,
    };
  }
}

/** The value of a constant integer LIMIT / OFFSET. */
function constCount(e: PhysicalExpr): number | undefined {
  if (e.kind !== 'const' || e.value === null) return undefined;
  const n = Number(e.value);
  return Number.isFinite(n) ? Math.max(0, n) : undefined;
}

/** generate_series(a, b [, step]) over integer constants: its row count. */
function seriesCount(fn: string, args: readonly PhysicalExpr[]): number | undefined {
  if (fn !== 'generate_series' || args.length < 2) return undefined;
  const nums = args.map((a) =>
    a.kind === 'const' && (typeof a.value === 'number' || typeof a.value === 'bigint')
      ? Number(a.value)
      : undefined,
  );
  if (nums.some((n) => n === undefined)) return undefined;
  const [a, b, step = 1] = nums as number[];
  if (step === 0) return undefined;
  return Math.max(0, Math.floor((b - a) / step) + 1);
}
