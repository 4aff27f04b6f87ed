/**
 * The optimizer suite (issue 5): what choosing an index is worth. RustyDB in process (fsync on)
 * loads a `big` table (1,000,000 rows; 100,000 with --quick) with a primary key and a secondary
 * index, then times point lookups by each with the planner free (an index scan, when the
 * optimizer picks it) and with `SET enable_indexscan = off` (a sequential scan per lookup), and
 * prints both rates, the speedup, and the plans EXPLAIN showed, so a "speedup" of 1 with a Seq
 * Scan in both columns reads as what it is.
 *
 * A 6-table join with a selective filter on the last table is attempted too: join ordering is a
 * later issue, so it prints "not available yet" (with the reason) unless it runs and returns
 * the right count within the time budget.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type EmbeddedSession } from '@rustydb/engine';
import type { BenchScale } from './bench-options.js';
import { formatKib, formatRate, formatRatio } from './format-table.js';
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
): Promise<{ lookups: LookupResult[]; join: Outcome; report: SuiteReport }> {
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
    const joined =
      loadError !== undefined
        ? { error: `load failed: ${loadError}` }
        : await sixTableJoin(session, n, scale.maxMeasureMs);
    const peak = readPeakRss(process.pid);
    const rate = (o: Outcome) => (isMeasurement(o) ? o.rate : undefined);
    const rows = lookups.map((l) => [
      l.lookup,
      outcomeCell(l.indexed),
      outcomeCell(l.seqScan),
      formatRatio(rate(l.indexed), rate(l.seqScan)),
      `${l.indexedPlan} / ${l.seqScanPlan}`,
    ]);
    rows.push([
      '6-table join, filter on the last table',
      isMeasurement(joined) ? `${formatRate(joined.rate)} queries/s` : `not available yet (${joined.error})`,
      '',
      '',
      '',
    ]);
    return {
      lookups,
      join: joined,
      report: {
        title: 'Optimizer (issue 5): index scan vs forced sequential scan, RustyDB in process',
        table: {
          headers: [
            'lookup',
            'planner free (lookups/s)',
            'enable_indexscan=off (lookups/s)',
            'speedup',
            'plans (free / off)',
          ],
          rows,
          numeric: [1, 2, 3],
        },
        notes: [
          `${n} rows in big (id integer PRIMARY KEY, k integer, d integer, payload text), index big_k on k; loaded in ${loadSeconds.toFixed(1)} s${loadError ? ` (FAILED: ${loadError})` : ''}; fsync on.`,
          'speedup = planner free / enable_indexscan=off; plans are the first line of EXPLAIN for one lookup.',
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

/**
 * Times the 6-table join; cancels it after the time budget (a bad join order over `big` can run
 * for hours). Async; never rejects.
 */
async function sixTableJoin(session: EmbeddedSession, n: number, maxMs: number): Promise<Outcome> {
  const sql = [
    'SELECT count(*) FROM big b',
    'JOIN d1 ON d1.id = b.d JOIN d2 ON d2.id = d1.next JOIN d3 ON d3.id = d2.next',
    "JOIN d4 ON d4.id = d3.next JOIN d5 ON d5.id = d4.next WHERE d5.label = 'label-7'",
  ].join(' ');
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
