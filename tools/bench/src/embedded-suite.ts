/**
 * The embedded suite: RustyDB in process (`Database.open` on a temp directory, fsync on) against
 * SQLite through better-sqlite3 (a file database in WAL mode with synchronous=FULL, so a commit
 * is as durable as RustyDB's), the same data and queries. A repeated workload (everything but the
 * bulk insert) is warmed up on both engines and then measured in ROUNDS rounds, RustyDB first in
 * odd rounds and SQLite first in even ones, so a drift of the machine (the disk's fsync latency
 * moves by tens of percent within minutes on a shared VM) hits both alike: each engine's rate is
 * over all its rounds, the ratio is the median of the rounds' ratios (listed under "rounds").
 *
 * Both get the same cache budget: RustyDB's default 128 MiB buffer pool, SQLite `cache_size` of
 * 128 MiB. The `items` table uses `integer PRIMARY KEY`, which in SQLite is the rowid itself (the
 * table is clustered on it); that is how SQLite is used, so it is what we compare with.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, type EmbeddedSession } from '@rustydb/engine';
import SqliteDatabase from 'better-sqlite3';
import type { BenchScale } from './bench-options.js';
import { formatKib, formatRatio } from './format-table.js';
import {
  attempt,
  isMeasurement,
  type Limits,
  measureOnce,
  measureOnceSync,
  measureRepeated,
  measureRepeatedSync,
  median,
  type Outcome,
  outcomeCell,
  ratioCell,
  scatteredKey,
} from './measure.js';
import { readPeakRss, resetPeakRss } from './process-memory.js';
import type { SuiteReport } from './suite-report.js';

/** One workload's figures on both engines. */
export interface EmbeddedResult {
  readonly workload: string;
  readonly unit: string;
  readonly rustydb: Outcome;
  readonly sqlite: Outcome;
  /** A measured-in-rounds workload's ratio RustyDB / SQLite per round, in run order. */
  readonly roundRatios?: readonly number[];
}

/** Rounds of a repeated workload (see the file comment). */
export const ROUNDS = 5;

export type EmbeddedScale = Pick<BenchScale, 'rows' | 'lookups' | 'updates' | 'maxMeasureMs'>;

/** Rows per multi-row INSERT statement when loading RustyDB. */
const INSERT_BATCH = 1000;
/** Distinct `grp` values: the GROUP BY's groups and the join's dimension rows. */
const GROUPS = 100;

export const ITEMS_DDL =
  'CREATE TABLE items (id integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL, amount integer NOT NULL)';
const GROUPS_DDL =
  'CREATE TABLE groups (grp integer PRIMARY KEY, label text NOT NULL, weight integer NOT NULL)';
export const POINT_SELECT = 'SELECT name, amount FROM items WHERE id = $1';
const UPDATE = 'UPDATE items SET amount = amount + 1 WHERE id = $1';
const GROUP_BY = 'SELECT grp, count(*), sum(amount) FROM items GROUP BY grp';
const JOIN = 'SELECT count(*), sum(i.amount * g.weight) FROM items i JOIN groups g ON g.grp = i.grp';

/** The values of row `i` of `items`: id, grp, name, amount. */
export function itemRow(i: number): [number, number, string, number] {
  return [i, i % GROUPS, `name-${i}`, (i * 7) % 1000];
}

/** Row `i` as SQL literal text for a multi-row VALUES list. */
export function itemRowSql(i: number): string {
  const [id, grp, name, amount] = itemRow(i);
  return `(${id}, ${grp}, '${name}', ${amount})`;
}

/**
 * Runs the suite at `scale`. Async. Workload failures are reported in the results (and the
 * table); only a failure to create the temp directory or open either engine rejects.
 */
export async function runEmbeddedSuite(
  scale: EmbeddedScale,
): Promise<{ results: EmbeddedResult[]; report: SuiteReport }> {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-bench-embedded-'));
  resetPeakRss(process.pid);
  let db: Database | undefined;
  let session: EmbeddedSession | undefined;
  let lite: SqliteDatabase.Database | undefined;
  try {
    db = await Database.open(join(dir, 'rustydb'), { fsync: true });
    session = db.connect();
    lite = new SqliteDatabase(join(dir, 'sqlite.db'));
    lite.pragma('journal_mode = WAL');
    lite.pragma('synchronous = FULL');
    lite.pragma('cache_size = -131072');
    const results = await runWorkloads(scale, session, lite);
    const peak = readPeakRss(process.pid);
    return {
      results,
      report: {
        title: 'Embedded: RustyDB in process vs SQLite (better-sqlite3)',
        table: {
          headers: ['workload', 'unit', 'RustyDB', 'SQLite', 'ratio', 'rounds'],
          rows: results.map((r) => [
            r.workload,
            r.unit,
            outcomeCell(r.rustydb),
            outcomeCell(r.sqlite),
            r.roundRatios === undefined
              ? ratioCell(r.rustydb, r.sqlite)
              : formatRatio(median(r.roundRatios), 1),
            (r.roundRatios ?? []).map((x) => formatRatio(x, 1)).join(' '),
          ]),
          numeric: [2, 3, 4],
        },
        notes: [
          `${scale.rows} rows in items, ${GROUPS} in groups; RustyDB fsync on, SQLite WAL + synchronous=FULL, 128 MiB cache each.`,
          `ratio = RustyDB / SQLite (above 1: RustyDB is faster); repeated workloads: ${ROUNDS} rounds, RustyDB first in odd ones, SQLite first in even ones, the ratio the median of the rounds' ratios.`,
          `Peak RSS of this process (node + RustyDB + SQLite together): ${peak === undefined ? 'n/a' : formatKib(peak)}.`,
        ],
      },
    };
  } finally {
    lite?.close();
    await session?.close();
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runWorkloads(
  scale: EmbeddedScale,
  session: EmbeddedSession,
  lite: SqliteDatabase.Database,
): Promise<EmbeddedResult[]> {
  const n = scale.rows;
  const results: EmbeddedResult[] = [];
  const both = async (
    workload: string,
    unit: string,
    rusty: () => Promise<Outcome>,
    sqlite: () => Promise<Outcome>,
  ) => {
    results.push({ workload, unit, rustydb: await rusty(), sqlite: await sqlite() });
  };
  // A repeated workload first runs as many operations untimed (bounded by a quarter of the time
  // budget) on both engines, so the figures are steady-state rates (measure.ts `warmup`), then
  // alternates in rounds (file comment); operation i of the whole measurement is op(i).
  const rounds = async (
    workload: string,
    unit: string,
    ops: number,
    rusty: (i: number) => Promise<unknown>,
    sqlite: (i: number) => unknown,
  ) => {
    const warm: Limits = { ops: 0, maxMs: scale.maxMeasureMs, warmup: ops };
    const per: Limits = { ops: Math.ceil(ops / ROUNDS), maxMs: scale.maxMeasureMs / ROUNDS };
    const rustyRuns: Outcome[] = [await attempt(() => measureRepeated(warm, rusty))];
    const sqliteRuns: Outcome[] = [await attempt(() => measureRepeatedSync(warm, sqlite))];
    const ratios: number[] = [];
    const failed = () =>
      !rustyRuns.every((o) => isMeasurement(o)) || !sqliteRuns.every((o) => isMeasurement(o));
    for (let r = 0; r < ROUNDS && !failed(); r++) {
      const from = r * per.ops;
      const runRusty = async () => {
        rustyRuns.push(await attempt(() => measureRepeated(per, (i) => rusty(from + i))));
      };
      const runSqlite = async () => {
        sqliteRuns.push(await attempt(() => measureRepeatedSync(per, (i) => sqlite(from + i))));
      };
      if (r % 2 === 0) await runRusty().then(runSqlite);
      else await runSqlite().then(runRusty);
      const a = rustyRuns.at(-1);
      const b = sqliteRuns.at(-1);
      if (isMeasurement(a) && isMeasurement(b) && b.rate > 0) ratios.push(a.rate / b.rate);
    }
    results.push({
      workload,
      unit,
      rustydb: combine(rustyRuns.slice(1), rustyRuns),
      sqlite: combine(sqliteRuns.slice(1), sqliteRuns),
      roundRatios: ratios,
    });
  };
  const expectRows = (what: string, got: number, want: number) => {
    if (got !== want) throw new Error(`${what} returned ${got} rows, expected ${want}`);
  };

  await both(
    `bulk insert ${n} rows, 1 transaction`,
    'rows/s',
    () => attempt(() => measureOnce(n, () => loadRustyDb(session, n))),
    () => attempt(() => measureOnceSync(n, () => loadSqlite(lite, n))),
  );

  // Untimed, on both engines: ANALYZE after a bulk load, as PostgreSQL's documentation advises
  // ("Populating a Database"). Left to RustyDB's background analyze, the pass over the new rows
  // would land in whichever timed workload runs next, on the one thread both share.
  await session.query('ANALYZE');
  lite.exec('ANALYZE');

  const pointLite = lite.prepare('SELECT name, amount FROM items WHERE id = ?');
  await rounds(
    'point select by primary key',
    'lookups/s',
    scale.lookups,
    async (i) => {
      const r = await session.query(POINT_SELECT, [scatteredKey(i, n)]);
      expectRows('point select', r.rows.length, 1);
    },
    (i) => {
      if (pointLite.get(scatteredKey(i, n)) === undefined) expectRows('point select', 0, 1);
    },
  );

  const updateLite = lite.prepare('UPDATE items SET amount = amount + 1 WHERE id = ?');
  await rounds(
    'autocommit update (durable commit)',
    'commits/s',
    scale.updates,
    async (i) => {
      const r = await session.query(UPDATE, [scatteredKey(i, n)]);
      expectRows('update', r.rowCount, 1);
    },
    (i) => expectRows('update', updateLite.run(scatteredKey(i, n)).changes, 1),
  );

  const groups = Math.min(GROUPS, n);
  const groupLite = lite.prepare(GROUP_BY);
  await rounds(
    `GROUP BY over ${n} rows`,
    'queries/s',
    1000,
    async () => expectRows('GROUP BY', (await session.query(GROUP_BY)).rows.length, groups),
    () => expectRows('GROUP BY', groupLite.all().length, groups),
  );

  const joinLite = lite.prepare(JOIN).raw();
  await rounds(
    `join ${n} x ${GROUPS} rows`,
    'queries/s',
    1000,
    async () => {
      const [row] = (await session.query(JOIN)).rows;
      expectRows('join count(*)', Number(row?.[0]), n);
    },
    () => {
      const row = joinLite.get() as unknown[] | undefined;
      expectRows('join count(*)', Number(row?.[0]), n);
    },
  );
  return results;
}

/** Creates and fills `items` (multi-row INSERTs in one transaction) and `groups`. Async. */
export async function loadRustyDb(session: EmbeddedSession, n: number): Promise<void> {
  await session.query(ITEMS_DDL);
  await session.query(GROUPS_DDL);
  await session.query('BEGIN');
  try {
    for (let start = 0; start < n; start += INSERT_BATCH) {
      const values: string[] = [];
      for (let i = start; i < Math.min(n, start + INSERT_BATCH); i++) values.push(itemRowSql(i));
      await session.query(`INSERT INTO items VALUES ${values.join(', ')}`);
    }
    const groups: string[] = [];
    for (let g = 0; g < GROUPS; g++) groups.push(`(${g}, 'group-${g}', ${g % 7})`);
    await session.query(`INSERT INTO groups VALUES ${groups.join(', ')}`);
    await session.query('COMMIT');
  } catch (err) {
    await session.query('ROLLBACK');
    throw err;
  }
}

function loadSqlite(lite: SqliteDatabase.Database, n: number): void {
  lite.exec(ITEMS_DDL);
  lite.exec(GROUPS_DDL);
  const insert = lite.prepare('INSERT INTO items VALUES (?, ?, ?, ?)');
  const insertGroup = lite.prepare('INSERT INTO groups VALUES (?, ?, ?)');
  lite.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(...itemRow(i));
    for (let g = 0; g < GROUPS; g++) insertGroup.run(g, `group-${g}`, g % 7);
  })();
}

/**
 * One engine's outcome over its rounds: the first failure among `all` (the warm-up included),
 * else the operations and seconds of `measured` summed. Sync.
 */
function combine(measured: readonly Outcome[], all: readonly Outcome[]): Outcome {
  const failed = all.find((o) => !isMeasurement(o));
  if (failed !== undefined) return failed;
  let ops = 0;
  let seconds = 0;
  for (const o of measured) {
    if (!isMeasurement(o)) continue;
    ops += o.ops;
    seconds += o.seconds;
  }
  return { ops, seconds, rate: seconds > 0 ? ops / seconds : Number.POSITIVE_INFINITY };
}
