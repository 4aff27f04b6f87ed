/**
 * The embedded suite: RustyDB in process (`Database.open` on a temp directory, fsync on) against
 * SQLite through better-sqlite3 (a file database in WAL mode with synchronous=FULL, so a commit
 * is as durable as RustyDB's), the same data and queries, each workload run on RustyDB and then
 * at once on SQLite so machine noise hits both alike.
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
import { formatKib } from './format-table.js';
import {
  attempt,
  type Limits,
  measureOnce,
  measureOnceSync,
  measureRepeated,
  measureRepeatedSync,
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
}

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
          headers: ['workload', 'unit', 'RustyDB', 'SQLite', 'ratio'],
          rows: results.map((r) => [
            r.workload,
            r.unit,
            outcomeCell(r.rustydb),
            outcomeCell(r.sqlite),
            ratioCell(r.rustydb, r.sqlite),
          ]),
          numeric: [2, 3, 4],
        },
        notes: [
          `${scale.rows} rows in items, ${GROUPS} in groups; RustyDB fsync on, SQLite WAL + synchronous=FULL, 128 MiB cache each.`,
          'ratio = RustyDB / SQLite (above 1: RustyDB is faster).',
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
  // Each repeated workload first runs as many operations untimed (bounded by a quarter of the
  // time budget), on both engines: the figures are steady-state rates (measure.ts `warmup`).
  const repeat = (ops: number): Limits => ({ ops, maxMs: scale.maxMeasureMs, warmup: ops });
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
  await both(
    'point select by primary key',
    'lookups/s',
    () =>
      attempt(() =>
        measureRepeated(repeat(scale.lookups), async (i) => {
          const r = await session.query(POINT_SELECT, [scatteredKey(i, n)]);
          expectRows('point select', r.rows.length, 1);
        }),
      ),
    () =>
      attempt(() =>
        measureRepeatedSync(repeat(scale.lookups), (i) => {
          if (pointLite.get(scatteredKey(i, n)) === undefined) expectRows('point select', 0, 1);
        }),
      ),
  );

  const updateLite = lite.prepare('UPDATE items SET amount = amount + 1 WHERE id = ?');
  await both(
    'autocommit update (durable commit)',
    'commits/s',
    () =>
      attempt(() =>
        measureRepeated(repeat(scale.updates), async (i) => {
          const r = await session.query(UPDATE, [scatteredKey(i, n)]);
          expectRows('update', r.rowCount, 1);
        }),
      ),
    () =>
      attempt(() =>
        measureRepeatedSync(repeat(scale.updates), (i) => {
          expectRows('update', updateLite.run(scatteredKey(i, n)).changes, 1);
        }),
      ),
  );

  const groups = Math.min(GROUPS, n);
  const groupLite = lite.prepare(GROUP_BY);
  await both(
    `GROUP BY over ${n} rows`,
    'queries/s',
    () =>
      attempt(() =>
        measureRepeated(repeat(1000), async () => {
          expectRows('GROUP BY', (await session.query(GROUP_BY)).rows.length, groups);
        }),
      ),
    () =>
      attempt(() =>
        measureRepeatedSync(repeat(1000), () => expectRows('GROUP BY', groupLite.all().length, groups)),
      ),
  );

  const joinLite = lite.prepare(JOIN).raw();
  await both(
    `join ${n} x ${GROUPS} rows`,
    'queries/s',
    () =>
      attempt(() =>
        measureRepeated(repeat(1000), async () => {
          const [row] = (await session.query(JOIN)).rows;
          expectRows('join count(*)', Number(row?.[0]), n);
        }),
      ),
    () =>
      attempt(() =>
        measureRepeatedSync(repeat(1000), () => {
          const row = joinLite.get() as unknown[] | undefined;
          expectRows('join count(*)', Number(row?.[0]), n);
        }),
      ),
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
