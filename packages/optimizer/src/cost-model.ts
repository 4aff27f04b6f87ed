/**
 * The cost model: PostgreSQL's cost units and formulas (costsize.c), reduced to the operators
 * RustyDB has. A cost is an abstract unit where reading one page sequentially costs
 * `seq_page_cost` (1); every estimate has a startup part (before the first row) and a total.
 *
 * Parameters, read from the session's settings with PostgreSQL's defaults:
 *
 * | setting              | default | charged for                                            |
 * |----------------------|---------|--------------------------------------------------------|
 * | seq_page_cost        | 1       | a page read in sequence (Seq Scan)                     |
 * | random_page_cost     | 4       | a page read at random (index and heap fetches)         |
 * | cpu_tuple_cost       | 0.01    | each row a node processes                              |
 * | cpu_index_tuple_cost | 0.005   | each index entry read                                  |
 * | cpu_operator_cost    | 0.0025  | each operator or function evaluated                    |
 * | effective_cache_size | 4GB     | pages likely cached (Mackert–Lohman page fetches)      |
 *
 * `enable_seqscan`, `enable_indexscan`, `enable_hashjoin`, `enable_mergejoin`, `enable_nestloop`,
 * `enable_sort`, `enable_hashagg` = off add `disable_cost` (1e10) to the paths they name, as
 * PostgreSQL does: a disabled method is still used when nothing else can run the query.
 * `enable_indexonlyscan` = off turns an Index Only Scan back into a plain Index Scan.
 */

/** PostgreSQL's disable_cost. */
export const DISABLE_COST = 1.0e10;

/** Page size: densities and sizes are in PostgreSQL's 8 kB pages. */
export const BLCKSZ = 8192;

/** The planner parameters of one optimization. */
export interface CostParams {
  readonly seqPageCost: number;
  readonly randomPageCost: number;
  readonly cpuTupleCost: number;
  readonly cpuIndexTupleCost: number;
  readonly cpuOperatorCost: number;
  /** In pages. */
  readonly effectiveCacheSize: number;
  readonly enableSeqScan: boolean;
  readonly enableIndexScan: boolean;
  readonly enableIndexOnlyScan: boolean;
  readonly enableHashJoin: boolean;
  readonly enableMergeJoin: boolean;
  readonly enableNestLoop: boolean;
  readonly enableSort: boolean;
  readonly enableHashAgg: boolean;
  /** join_collapse_limit: 1 keeps explicit JOINs in their written order (join-search.ts). */
  readonly joinCollapseLimit: number;
}

const isOn = (v: string | undefined): boolean => v === undefined || !['off', 'false', '0', 'no'].includes(v);

function number(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : dflt;
}

/** effective_cache_size: a bare number is in pages; kB/MB/GB/TB units as PostgreSQL accepts them. */
function pages(v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(kB|MB|GB|TB)?\s*$/i.exec(v);
  if (!m) return dflt;
  const kb = { kb: 1, mb: 1024, gb: 1024 ** 2, tb: 1024 ** 3 } as const;
  const unit = m[2]?.toLowerCase() as keyof typeof kb | undefined;
  return unit ? Math.max(1, (Number(m[1]) * kb[unit]) / 8) : Math.max(1, Number(m[1]));
}

/** The parameters in `settings` (session GUCs), PostgreSQL's defaults for the rest. */
export function costParams(settings?: ReadonlyMap<string, string>): CostParams {
  const get = (k: string) => settings?.get(k);
  return {
    seqPageCost: number(get('seq_page_cost'), 1),
    randomPageCost: number(get('random_page_cost'), 4),
    cpuTupleCost: number(get('cpu_tuple_cost'), 0.01),
    cpuIndexTupleCost: number(get('cpu_index_tuple_cost'), 0.005),
    cpuOperatorCost: number(get('cpu_operator_cost'), 0.0025),
    effectiveCacheSize: pages(get('effective_cache_size'), 524288),
    enableSeqScan: isOn(get('enable_seqscan')),
    enableIndexScan: isOn(get('enable_indexscan')),
    enableIndexOnlyScan: isOn(get('enable_indexonlyscan')),
    enableHashJoin: isOn(get('enable_hashjoin')),
    enableMergeJoin: isOn(get('enable_mergejoin')),
    enableNestLoop: isOn(get('enable_nestloop')),
    enableSort: isOn(get('enable_sort')),
    enableHashAgg: isOn(get('enable_hashagg')),
    joinCollapseLimit: Math.max(1, Math.floor(number(get('join_collapse_limit'), 8))),
  };
}

/** PostgreSQL's clamp_row_est: at least one row, whole rows. */
export function clampRows(rows: number): number {
  return rows <= 1 || !Number.isFinite(rows) ? 1 : Math.round(rows);
}

/**
 * index_pages_fetched (Mackert and Lohman): distinct pages touched when fetching `tuples` rows
 * at random from a table of `pages` pages with `cache` pages of cache.
 */
export function pagesFetched(tuples: number, pages: number, cache: number): number {
  const T = Math.max(pages, 1);
  const b = Math.max(cache, 1);
  let fetched: number;
  if (T <= b) {
    fetched = (2 * T * tuples) / (2 * T + tuples);
    fetched = fetched >= T ? T : Math.ceil(fetched);
  } else {
    const lim = (2 * T * b) / (2 * T - b);
    fetched = tuples <= lim ? (2 * T * tuples) / (2 * T + tuples) : b + ((tuples - lim) * (T - b)) / T;
    fetched = Math.ceil(fetched);
  }
  return fetched;
}

/** cost_sort's in-memory comparison sort of `rows` rows (startup: everything; run: emitting). */
export function sortCost(
  p: CostParams,
  input: { startup: number; total: number },
  rows: number,
  limit?: number,
): { startup: number; total: number } {
  const n = Math.max(rows, 2);
  const comparison = 2 * p.cpuOperatorCost;
  let startup = input.total;
  if (limit !== undefined && limit < n / 2) {
    // Bounded heap sort (top-N): n log2(2k) comparisons.
    startup += comparison * n * Math.log2(2 * Math.max(limit, 1));
  } else startup += comparison * n * Math.log2(n);
  if (!p.enableSort) startup += DISABLE_COST;
  return { startup, total: startup + p.cpuOperatorCost * rows };
}
