/**
 * Access paths: a table scan with its pushed-down predicates becomes the cheapest of a Seq Scan
 * with a filter and an Index Scan per usable index, costed as PostgreSQL's cost_seqscan and
 * cost_index (+ btcostestimate) do.
 *
 * An index is usable when the predicate has `column op value` conjuncts (op one of = < <= > >=,
 * `value` independent of the row: a constant, a parameter, an outer column) on a prefix of its
 * key: equalities on key positions 0..k-1, then optionally a range on position k (hash indexes:
 * equalities on the whole key only).
 *
 * INDEX SCAN COST. The key conditions select `indexSel` of the table: that many index entries
 * (cpu_index_tuple_cost + cpu_operator_cost per condition each) on a proportional share of the
 * index's leaf pages (random_page_cost each; the index's size is estimated from its key width,
 * as there are no index statistics), plus a btree descent (log2 of the entries comparisons,
 * 50 × cpu_operator_cost per level). Heap pages: Mackert–Lohman for uncorrelated fetches,
 * sequential for a perfectly correlated column, interpolated by the leading column's
 * correlation squared. Then cpu_tuple_cost plus the filter per fetched row.
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import type { PlanColumn } from '@rustydb/planner';
import { visitExpr } from '@rustydb/planner';
import type { ColumnInfo, RelationSize } from './column-info.js';
import { BLCKSZ, type CostParams, clampRows, DISABLE_COST, pagesFetched } from './cost-model.js';
import { slotRange } from './expr-rewrite.js';
import { andAll } from './fold-constants.js';
import { asKeyCond, impliedBy, indexShape, sameExpr } from './index-match.js';
import type {
  IndexKeyCond,
  IndexScanNode,
  PhysicalExpr,
  PlanEstimate,
  SeqScanNode,
} from './physical-plan.js';
import { type ColumnLookup, clauseListSelectivity } from './selectivity.js';

/** What costing a scan needs: the parameters and what is known of the table. */
export interface ScanEnv {
  readonly params: CostParams;
  readonly size: RelationSize;
  /** Per table slot. */
  readonly infos: readonly (ColumnInfo | undefined)[];
  /**
   * Binds index expressions and predicates (index-match.ts). Without it, only indexes whose keys
   * are all columns and that have no predicate are considered.
   */
  readonly catalog?: CatalogReader;
  /** Pages the visibility map marks all-visible (relallvisible); 0 when unknown. */
  readonly allVisiblePages?: number;
}

/** The catalog says (`IndexDef.ordered`, from the method's registry entry); older defs: by name. */
const isOrdered = (index: IndexDef): boolean =>
  index.ordered ?? (index.method === 'btree' || index.method === 'lsm');

/**
 * The key conditions `index` can use on `conds` (conjuncts over the table row), or undefined when
 * it cannot narrow the scan. `keys` are the index's key expressions (index-match.ts).
 */
function matchIndex(
  index: IndexDef,
  keys: readonly PhysicalExpr[],
  preds: readonly PhysicalExpr[],
): IndexKeyCond[] {
  const out: IndexKeyCond[] = [];
  const ordered = isOrdered(index);
  for (let k = 0; k < keys.length; k++) {
    const conds = preds.flatMap((cond) => {
      const m = asKeyCond(cond, keys[k]!);
      return m ? [{ ...m, cond }] : [];
    });
    const eq = conds.find((c) => c.op === '=');
    if (eq) {
      out.push({ keyPos: k, op: '=', value: eq.value, cond: eq.cond });
      continue;
    }
    if (ordered) {
      const lower = conds.find((c) => c.op === '>' || c.op === '>=');
      const upper = conds.find((c) => c.op === '<' || c.op === '<=');
      for (const c of [lower, upper]) if (c) out.push({ keyPos: k, op: c.op, value: c.value, cond: c.cond });
    }
    break;
  }
  // Hash-like methods can only look up a complete key.
  if (!ordered && out.length < keys.length) return [];
  return out;
}

/**
 * Types whose values decode from a key exactly as stored: not numeric (the key drops the display
 * scale), bpchar (trailing spaces), floats (-0) or interval (normalized).
 */
const EXACT_KEY_TYPES = new Set([
  'bool',
  'int2',
  'int4',
  'int8',
  'oid',
  'text',
  'varchar',
  'name',
  'bytea',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  // ranges over exact subtypes (numrange keys drop the bounds' display scale)
  'int4range',
  'int8range',
  'daterange',
  'tsrange',
  'tstzrange',
]);

/**
 * Does `index` hold every slot in `read`? Only plain key columns and INCLUDE columns count
 * (their values decode from the entry), and only ordered methods, whose entries carry their keys.
 */
function covers(table: TableDef, index: IndexDef, read: ReadonlySet<number>): boolean {
  if (!isOrdered(index)) return false;
  const held = new Set<number>();
  for (const attnum of [...index.columns, ...(index.include ?? [])]) {
    const slot = table.columns.findIndex((c) => c.attnum === attnum);
    if (slot >= 0 && EXACT_KEY_TYPES.has(table.columns[slot]!.type.name)) held.add(slot);
  }
  for (const slot of read) if (!held.has(slot)) return false;
  return true;
}

/** The key expressions of `index` when the scan can use it: column nodes for a plain index. */
function keysOf(
  table: TableDef,
  index: IndexDef,
  env: ScanEnv,
): { keys: PhysicalExpr[]; predicate: PhysicalExpr[] } | undefined {
  if (index.columns.includes(0) || index.predicateSql !== undefined) {
    if (!env.catalog) return undefined;
    const shape = indexShape(table, index, env.catalog);
    return { keys: [...shape.keys], predicate: [...shape.predicate] };
  }
  const keys = index.columns.map((attnum): PhysicalExpr => {
    const slot = table.columns.findIndex((c) => c.attnum === attnum);
    const c = table.columns[slot]!;
    return { kind: 'column', type: c.type, index: slot, name: c.name };
  });
  return { keys, predicate: [] };
}

/** cost_qual_eval, reduced: cpu_operator_cost per operator or function a row evaluates. */
export function qualCost(p: CostParams, exprs: readonly PhysicalExpr[]): number {
  let ops = 0;
  for (const e of exprs) {
    visitExpr(e, (x) => {
      if (x.kind === 'op' || x.kind === 'func' || x.kind === 'like' || x.kind === 'isDistinct') ops++;
      else if (x.kind === 'inList') ops += x.list.length;
      else if (x.kind === 'isNull' || x.kind === 'subquery') ops++;
    });
  }
  return ops * p.cpuOperatorCost;
}

/** A scan's `readSlots` when the columns its query reads are known (else nothing: decode all). */
function readSlotsOf(read: ReadonlySet<number> | undefined): { readonly readSlots?: readonly number[] } {
  return read === undefined ? {} : { readSlots: [...read].sort((a, b) => a - b) };
}

/** The Seq Scan path. */
export function seqScanPath(
  table: TableDef,
  alias: string,
  emitTid: boolean,
  preds: readonly PhysicalExpr[],
  columns: readonly PlanColumn[],
  env: ScanEnv,
  read?: ReadonlySet<number>,
): SeqScanNode {
  const p = env.params;
  const { tuples, pages, width } = env.size;
  const sel = clauseListSelectivity(preds, lookupOf(env));
  const startup = p.enableSeqScan ? 0 : DISABLE_COST;
  const total = startup + pages * p.seqPageCost + tuples * (p.cpuTupleCost + qualCost(p, preds));
  const filter = andAll(preds);
  return {
    kind: 'seqScan',
    table,
    alias,
    emitTid,
    ...(filter ? { filter } : {}),
    columns,
    ...readSlotsOf(read),
    est: { startup, total, rows: clampRows(tuples * sel), width },
  };
}

/** One Index Scan path per usable index (see the file comment for its cost). */
export function indexScanPaths(
  table: TableDef,
  alias: string,
  emitTid: boolean,
  preds: readonly PhysicalExpr[],
  columns: readonly PlanColumn[],
  env: ScanEnv,
  loops = 1,
  read?: ReadonlySet<number>,
): IndexScanNode[] {
  if (preds.length === 0) return [];
  const width = table.columns.length;
  const local = preds.filter((x) => slotRange(x) === undefined || slotRange(x)!.max < width);
  const out: IndexScanNode[] = [];
  const filter = andAll(preds);
  for (const index of table.indexes) {
    const shape = keysOf(table, index, env);
    if (!shape) continue;
    // A partial index serves only scans whose conditions imply its predicate.
    const implying = shape.predicate.length > 0 ? impliedBy(shape.predicate, local) : [];
    if (!implying) continue;
    const keyConds = matchIndex(index, shape.keys, local);
    if (keyConds.length === 0 && implying.length === 0) continue;
    const used = new Set(keyConds.map((c) => c.cond));
    // Conjuncts that are the predicate itself need no re-check in EXPLAIN's Filter (PostgreSQL
    // leaves them out too); the executor still evaluates the whole `filter` on every row.
    const rest = preds.filter((x) => !used.has(x) && !shape.predicate.some((p) => sameExpr(p, x)));
    const residual = andAll(rest);
    const indexOnly =
      env.params.enableIndexOnlyScan && !emitTid && read !== undefined && covers(table, index, read);
    out.push({
      kind: 'indexScan',
      table,
      alias,
      index,
      emitTid,
      keyConds,
      ...(filter ? { filter } : {}),
      ...(residual ? { residual } : {}),
      columns,
      est: indexScanCost(table, index, keyConds, implying, preds, rest, env, loops, indexOnly),
      ...(indexOnly ? { indexOnly: { readSlots: [...read!].sort((a, b) => a - b) } } : {}),
      ...readSlotsOf(read),
    });
  }
  return out;
}

function indexScanCost(
  table: TableDef,
  index: IndexDef,
  keyConds: readonly IndexKeyCond[],
  implying: readonly PhysicalExpr[],
  preds: readonly PhysicalExpr[],
  rest: readonly PhysicalExpr[],
  env: ScanEnv,
  loops: number,
  indexOnly = false,
): PlanEstimate {
  const p = env.params;
  const { tuples, pages, width } = env.size;
  const lookup = lookupOf(env);
  const keyCondExprs = keyConds.map((k) => k.cond);
  const fullUnique =
    index.unique && keyConds.length === index.columns.length && keyConds.every((k) => k.op === '=');
  // A partial index holds the rows its predicate accepts: the implying conditions select them.
  const partialSel = implying.length > 0 ? clauseListSelectivity(implying, lookup) : 1;
  const indexSel = fullUnique
    ? 1 / Math.max(tuples, 1)
    : clauseListSelectivity([...new Set([...keyCondExprs, ...implying])], lookup);
  const indexTuples = Math.max(1, Math.round(indexSel * tuples));
  // Leaf pages: entries of (key width + 16 bytes of tid and header) at 90% fill.
  const keyWidth = index.columns.reduce((w, attnum) => {
    const slot = table.columns.findIndex((c) => c.attnum === attnum);
    return w + (env.infos[slot]?.stats?.avgWidth ?? 8);
  }, 0);
  const indexPages = Math.max(1, Math.ceil((tuples * partialSel * (keyWidth + 16)) / (BLCKSZ * 0.9)));
  const indexPagesRead = Math.ceil((indexTuples * indexPages) / Math.max(tuples, 1));
  let startup = 0;
  if (isOrdered(index)) {
    const height = indexPages <= 1 ? 0 : Math.ceil(Math.log(indexPages) / Math.log(256));
    startup += Math.ceil(Math.log2(Math.max(tuples, 2))) * p.cpuOperatorCost;
    startup += (height + 1) * 50 * p.cpuOperatorCost;
  }
  if (!p.enableIndexScan) startup += DISABLE_COST;
  // Repeated scans (the inner side of a nested loop) find pages cached by earlier ones: pages are
  // counted over all `loops` and the cost shared, as PostgreSQL's loop_count does.
  const cache = p.effectiveCacheSize;
  let run =
    loops > 1
      ? (pagesFetched(indexPagesRead * loops, indexPages, cache) * p.randomPageCost) / loops
      : indexPagesRead * p.randomPageCost;
  run += indexTuples * (p.cpuIndexTupleCost + keyConds.length * p.cpuOperatorCost);
  // Heap fetches: an Index Only Scan fetches only entries on pages not all-visible, as
  // PostgreSQL's cost_index scales them by (1 - relallvisible / relpages).
  const visibleFrac = indexOnly && pages > 0 ? Math.min(1, (env.allVisiblePages ?? 0) / pages) : 0;
  const fetched = Math.ceil(indexTuples * (1 - visibleFrac));
  const minPages = Math.ceil(indexSel * pages * (1 - visibleFrac));
  let maxIo: number;
  let minIo: number;
  if (loops > 1) {
    maxIo = (pagesFetched(fetched * loops, pages, cache) * p.randomPageCost) / loops;
    minIo = (pagesFetched(minPages * loops, pages, cache) * p.randomPageCost) / loops;
  } else {
    maxIo = pagesFetched(fetched, pages, cache) * p.randomPageCost;
    minIo = minPages <= 1 ? p.randomPageCost : p.randomPageCost + (minPages - 1) * p.seqPageCost;
  }
  const leadSlot = table.columns.findIndex((c) => c.attnum === index.columns[0]);
  let corr = env.infos[leadSlot]?.stats?.correlation ?? 0;
  if (index.columns.length > 1) corr *= 0.75;
  run += maxIo + corr * corr * (minIo - maxIo);
  run += fetched * (p.cpuTupleCost + qualCost(p, rest));
  const rows = clampRows(tuples * clauseListSelectivity(preds, lookup));
  return { startup, total: startup + run, rows, width };
}

const lookupOf =
  (env: ScanEnv): ColumnLookup =>
  (slot) =>
    env.infos[slot];

/**
 * The cheapest scan of `table` with `preds` (conjuncts over the table row) applied: an
 * IndexScanNode when an index path is cheaper, else a SeqScanNode. Synchronous, never throws.
 */
export function chooseScan(
  table: TableDef,
  alias: string,
  emitTid: boolean,
  preds: readonly PhysicalExpr[],
  columns: readonly PlanColumn[],
  env: ScanEnv,
  read?: ReadonlySet<number>,
): SeqScanNode | IndexScanNode {
  let best: SeqScanNode | IndexScanNode = seqScanPath(table, alias, emitTid, preds, columns, env, read);
  for (const path of indexScanPaths(table, alias, emitTid, preds, columns, env, 1, read)) {
    if (path.est!.total < best.est!.total) best = path;
  }
  return best;
}
