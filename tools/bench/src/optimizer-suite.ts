/**
 * The optimizer suite (issue 5): what the cost-based optimizer's choices are worth. RustyDB in
 * process (fsync on) loads a `big` table (1,000,000 rows; 100,000 with --quick) with a primary
 * key and a secondary index, and five 100-row dimension tables, then runs ANALYZE.
 *
 * - Point lookups by each index with the planner free (an index scan, when the optimizer picks
 *   it) and with `SET enable_indexscan = off` (a sequential scan per lookup).
 * - A 6-table join (`big` through a chain of the five dimensions, a selective filter on the last)
 *   with the planner free (it starts from the filtered end and probes `big` once) and forced
 *   into the written order, which starts from `big` (`join_collapse_limit = 1`), with hash joins
 *   and with merge joins (`enable_hashjoin = off` too: each join sorts the big intermediate).
 *
 * Each row prints both rates, the speedup, and the plans EXPLAIN showed (for joins: the top
 * node and the scans in plan order), so a "speedup" of 1 with the same plan in both columns
 * reads as what it is. A forced run over the time budget is cancelled and its speedup printed as
 * a lower bound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type EmbeddedSession } from '@rustydb/engine';
import type { BenchScale } from './bench-options.js';
import { formatKib, formatRatio } from './format-table.js';
import {
  attempt,
  errorText,
  isMeasurement,
  measureRepeated,
  type Outcome,
  outcomeCell,
  scatteredKey,
} from './measure.js';
import { readPeakRss, resetPeakRss } from './process-memory.js';
import type { SuiteReport } from './suite-report.js';

export interface LookupResult {
  readonly lookup: string;
  readonly indexed: Outcome;
  readonly seqScan: Outcome;
  readonly indexedPlan: string;
  readonly seqScanPlan: string;
}

/** The 6-table join with the planner free and under one forcing. */
export interface JoinResult {
  readonly forcing: string;
  readonly free: Outcome;
  readonly forced: Outcome;
  readonly freePlan: string;
  readonly forcedPlan: string;
}

/** The settings that force the 6-table join away from the chosen plan. */
const JOIN_FORCINGS: readonly {
  readonly label: string;
  readonly settings: Readonly<Record<string, string>>;
}[] = [
  { label: 'join_collapse_limit = 1', settings: { join_collapse_limit: '1' } },
  {
    label: 'join_collapse_limit = 1, enable_hashjoin = off',
    settings: { join_collapse_limit: '1', enable_hashjoin: 'off' },
  },
];

const INSERT_BATCH = 1000;
/** Rows of each dimension table of the 6-table join. */
const DIMENSION_ROWS = 100;
const LOOKUPS = [
  { lookup: 'by primary key (id)', column: 'id' },
  { lookup: 'by secondary index (k)', column: 'k' },
] as const;

/**
 * Runs the suite on `scale.optimizerRows` rows. Async. Rejects only when the temp directory or
 * the database cannot be opened; a failed load shows in every cell.
 */
export async function runOptimizerSuite(
  scale: Pick<BenchScale, 'optimizerRows' | 'maxMeasureMs'>,
): Promise<{ lookups: LookupResult[]; joins: JoinResult[]; report: SuiteReport }> {
  const n = scale.optimizerRows;
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-bench-optimizer-'));
  resetPeakRss(process.pid);
  const db = await Database.open(dir, { fsync: true }).catch((err: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  });
  const session = db.connect();
  try {
    const loadStart = performance.now();
    const loadError = await load(session, n);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const budget = scale.maxMeasureMs / 2;
    const lookups: LookupResult[] = [];
    for (const { lookup, column } of LOOKUPS) {
      const sql = `SELECT payload FROM big WHERE ${column} = $1`;
      const measure = (ops: number) =>
        loadError !== undefined
          ? Promise.resolve({ error: `load failed: ${loadError}` })
          : attempt(() =>
              measureRepeated({ ops, maxMs: budget }, async (i) => {
                const r = await session.query(sql, [scatteredKey(i * 7 + 1, n)]);
                if (r.rows.length !== 1) throw new Error(`lookup returned ${r.rows.length} rows, expected 1`);
              }),
            );
      const probe = `SELECT payload FROM big WHERE ${column} = ${scatteredKey(12345, n)}`;
      const indexedPlan = await planOf(session, probe);
      // Warm up (JIT, buffer pool) so the first lookup kind measured is not the slower for it.
      await measure(500);
      const indexed = await measure(20_000);
      await session.query('SET enable_indexscan = off');
      const seqScanPlan = await planOf(session, probe);
      const seqScan = await measure(50);
      await session.query('RESET enable_indexscan');
      lookups.push({ lookup, indexed, seqScan, indexedPlan, seqScanPlan });
    }
    const joins: JoinResult[] = [];
    if (loadError === undefined) {
      const freePlan = await joinPlanOf(session);
      const free = await sixTableJoin(session, n, scale.maxMeasureMs);
      for (const { label, settings } of JOIN_FORCINGS) {
        for (const [k, v] of Object.entries(settings)) await session.query(`SET ${k} = ${v}`);
        const forcedPlan = await joinPlanOf(session);
        const forced = await sixTableJoin(session, n, scale.maxMeasureMs);
        for (const k of Object.keys(settings)) await session.query(`RESET ${k}`);
        joins.push({ forcing: label, free, forced, freePlan, forcedPlan });
      }
    }
    const peak = readPeakRss(process.pid);
    const rate = (o: Outcome) => (isMeasurement(o) ? o.rate : undefined);
    const rows = lookups.map((l) => [
      `point lookup ${l.lookup} (lookups/s) vs enable_indexscan = off`,
      outcomeCell(l.indexed),
      outcomeCell(l.seqScan),
      formatRatio(rate(l.indexed), rate(l.seqScan)),
      `${l.indexedPlan} / ${l.seqScanPlan}`,
    ]);
    for (const j of joins) {
      rows.push([
        `6-table join (queries/s) vs ${j.forcing}`,
        outcomeCell(j.free),
        outcomeCell(j.forced),
        joinSpeedup(j.free, j.forced, scale.maxMeasureMs),
        `${j.freePlan} / ${j.forcedPlan}`,
      ]);
    }
    if (loadError !== undefined) rows.push(['6-table join', `FAILED: load failed: ${loadError}`, '', '', '']);
    return {
      lookups,
      joins,
      report: {
        title: 'Optimizer (issue 5): the chosen plan vs plans forced by planner settings, RustyDB in process',
        table: {
          headers: ['query', 'planner free', 'forced', 'speedup', 'plans (free / forced)'],
          rows,
          numeric: [1, 2, 3],
        },
        notes: [
          `${n} rows in big (id integer PRIMARY KEY, k integer, d integer, payload text), index big_k on k; five 100-row tables d1…d5; ANALYZE after the load, which took ${loadSeconds.toFixed(1)} s${loadError ? ` (FAILED: ${loadError})` : ''}; fsync on.`,
          'speedup = planner free / forced. Lookup plans are the first line of EXPLAIN; join plans the join tree, outer input first, H/M/N for hash, merge and nested loop joins.',
          `A forced run still going after ${scale.maxMeasureMs / 1000} s is cancelled; its speedup is then a lower bound (≥).`,
          `Peak RSS of this process during the suite: ${peak === undefined ? 'n/a' : formatKib(peak)}.`,
        ],
      },
    };
  } finally {
    await session.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads big (+ its index) and the dimension tables. Async. @returns the error text, or undefined. */
async function load(session: EmbeddedSession, n: number): Promise<string | undefined> {
  try {
    await session.query(
      'CREATE TABLE big (id integer PRIMARY KEY, k integer NOT NULL, d integer NOT NULL, payload text NOT NULL)',
    );
    await session.query('BEGIN');
    for (let start = 0; start < n; start += INSERT_BATCH) {
      const values: string[] = [];
      for (let i = start; i < Math.min(n, start + INSERT_BATCH); i++) {
        values.push(`(${i}, ${scatteredKey(i, n)}, ${i % DIMENSION_ROWS}, 'payload-${i}')`);
      }
      await session.query(`INSERT INTO big VALUES ${values.join(', ')}`);
    }
    await session.query('COMMIT');
    await session.query('CREATE INDEX big_k ON big (k)');
    for (let t = 1; t <= 5; t++) {
      await session.query(
        `CREATE TABLE d${t} (id integer PRIMARY KEY, next integer NOT NULL, label text NOT NULL)`,
      );
      const values: string[] = [];
      // next = (3 id + 1) mod 100 is a permutation, so each hop of the chain is one-to-one.
      for (let i = 0; i < DIMENSION_ROWS; i++)
        values.push(`(${i}, ${(3 * i + 1) % DIMENSION_ROWS}, 'label-${i}')`);
      await session.query(`INSERT INTO d${t} VALUES ${values.join(', ')}`);
    }
    await session.query('ANALYZE');
    return undefined;
  } catch (err) {
    if (session.transactionStatus() !== 'I') await session.query('ROLLBACK');
    return errorText(err);
  }
}

/** The first line of EXPLAIN, trimmed to the node: `Index Scan using big_pkey on big`. */
async function planOf(session: EmbeddedSession, sql: string): Promise<string> {
  try {
    const plan = await session.query(`EXPLAIN ${sql}`);
    const first = String(plan.rows[0]?.[0] ?? '');
    return first.replace(/\s+\(cost=.*$/, '').trim() || '(empty plan)';
  } catch (err) {
    return `EXPLAIN failed: ${errorText(err)}`;
  }
}

const SIX_TABLE_JOIN = [
  'SELECT count(*) FROM big b',
  'JOIN d1 ON d1.id = b.d JOIN d2 ON d2.id = d1.next JOIN d3 ON d3.id = d2.next',
  "JOIN d4 ON d4.id = d3.next JOIN d5 ON d5.id = d4.next WHERE d5.label = 'label-7'",
].join(' ');

/**
 * The join's plan in brief, from EXPLAIN (FORMAT JSON): the join tree with each join's method
 * (H hash, M merge, N nested loop) and outer input first: `H(big b, H(d1, …))`.
 */
async function joinPlanOf(session: EmbeddedSession): Promise<string> {
  interface PlanNode {
    readonly 'Node Type': string;
    readonly Alias?: string;
    readonly Plans?: readonly PlanNode[];
  }
  const brief = (p: PlanNode): string => {
    const kids = p.Plans ?? [];
    const type = p['Node Type'];
    if (p.Alias !== undefined) return p.Alias;
    if (type === 'Hash Join' || type === 'Merge Join' || type === 'Nested Loop') {
      return `${type[0]}(${kids.map(brief).join(', ')})`;
    }
    return kids.length === 1 ? brief(kids[0]) : kids.map(brief).join(', ');
  };
  try {
    const r = await session.query(`EXPLAIN (COSTS OFF, FORMAT JSON) ${SIX_TABLE_JOIN}`);
    const [doc] = JSON.parse(String(r.rows[0]?.[0])) as { Plan: PlanNode }[];
    return brief(doc.Plan);
  } catch (err) {
    return `EXPLAIN failed: ${errorText(err)}`;
  }
}

/** free / forced, or a lower bound when the forced run was cancelled at the time budget. */
function joinSpeedup(free: Outcome, forced: Outcome, maxMs: number): string {
  if (!isMeasurement(free)) return '';
  if (isMeasurement(forced)) return formatRatio(free.rate, forced.rate);
  if (forced.error.startsWith('cancelled')) return `≥ ${formatRatio(free.rate, 1000 / maxMs)}`;
  return '';
}

/**
 * Times the 6-table join; cancels it after the time budget (a bad join order over `big` can run
 * for hours). Async; never rejects.
 */
async function sixTableJoin(session: EmbeddedSession, n: number, maxMs: number): Promise<Outcome> {
  const sql = SIX_TABLE_JOIN;
  const d = chainStart();
  const expected = Math.floor(n / DIMENSION_ROWS) + (n % DIMENSION_ROWS > d ? 1 : 0);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    session.session.cancel();
  }, maxMs);
  try {
    const outcome = await attempt(() =>
      measureRepeated({ ops: 5, maxMs }, async () => {
        const [row] = (await session.query(sql)).rows;
        if (Number(row?.[0]) !== expected)
          throw new Error(`returned count ${String(row?.[0])}, expected ${expected}`);
      }),
    );
    if (timedOut && !isMeasurement(outcome)) return { error: `cancelled after ${maxMs / 1000} s` };
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** The `big.d` value whose chain d1 → d2 → d3 → d4 → d5 ends at d5.id = 7 ('label-7'). */
function chainStart(): number {
  // Invert next = (3x + 1) mod 100 four times; 67 is the inverse of 3 modulo 100.
  let x = 7;
  for (let hop = 0; hop < 4; hop++) x = (67 * (x - 1 + DIMENSION_ROWS)) % DIMENSION_ROWS;
  return x;
}
