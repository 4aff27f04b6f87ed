/**
 * The wire suite: the embedded suite's point-select workload through the PostgreSQL protocol,
 * from node-postgres, against the RustyDB server and the reference PostgreSQL. Two modes:
 * simple (the id inlined into the text: one Query message per lookup) and prepared (a named
 * statement with a `$1` parameter: Bind/Execute on a statement parsed once). Each mode runs on
 * RustyDB and at once on PostgreSQL.
 */
import pg from 'pg';
import type { BenchScale } from './bench-options.js';
import { ITEMS_DDL, itemRowSql, POINT_SELECT } from './embedded-suite.js';
import {
  attempt,
  errorText,
  type Limits,
  measureRepeated,
  type Outcome,
  outcomeCell,
  ratioCell,
  scatteredKey,
} from './measure.js';
import type { SuiteReport } from './suite-report.js';
import { startWireSystems, type WireTarget } from './wire-systems.js';

export interface WireResult {
  readonly workload: string;
  readonly rustydb: Outcome;
  readonly postgres: Outcome | undefined;
}

const INSERT_BATCH = 1000;

/**
 * Runs the suite. Async. Rejects only when the RustyDB server cannot start; a failed load or
 * lookup is reported in its cell.
 */
export async function runWireSuite(
  scale: Pick<BenchScale, 'rows' | 'lookups' | 'maxMeasureMs'>,
  serverPath: string,
  withPostgres: boolean,
): Promise<{ results: WireResult[]; report: SuiteReport }> {
  const systems = await startWireSystems(serverPath, withPostgres);
  const clients: pg.Client[] = [];
  try {
    const open = async (target: WireTarget) => {
      const client = new pg.Client({ ...target, connectionTimeoutMillis: 10_000 });
      clients.push(client);
      await client.connect();
      return client;
    };
    const rusty = await open(systems.rustydb);
    const postgres = systems.postgres ? await open(systems.postgres) : undefined;
    const rustyLoad = await load(rusty, scale.rows);
    const pgLoad = postgres ? await load(postgres, scale.rows) : undefined;
    // Untimed warm-up first on both servers, as the embedded suite (measure.ts `warmup`).
    const limits: Limits = { ops: scale.lookups, maxMs: scale.maxMeasureMs, warmup: scale.lookups };
    const results: WireResult[] = [];
    for (const mode of ['simple', 'prepared'] as const) {
      const lookup = (client: pg.Client, loaded: string | undefined) =>
        loaded !== undefined
          ? Promise.resolve({ error: `skipped: load failed: ${loaded}` })
          : attempt(() =>
              measureRepeated(limits, (i) => pointSelect(client, mode, scatteredKey(i, scale.rows))),
            );
      results.push({
        workload: `point select by primary key, ${mode === 'simple' ? 'simple query' : 'prepared ($1)'}`,
        rustydb: await lookup(rusty, rustyLoad),
        postgres: postgres ? await lookup(postgres, pgLoad) : undefined,
      });
    }
    const notes = [
      `${scale.rows} rows; node-postgres, one connection, lookups one at a time (latency-bound); both servers durable (fsync on).`,
      'ratio = RustyDB / PostgreSQL (above 1: RustyDB is faster).',
      ...systems.notes(),
    ];
    return {
      results,
      report: {
        title: 'Wire: point selects through node-postgres',
        table: {
          headers: ['workload', 'unit', 'RustyDB', 'PostgreSQL', 'ratio'],
          rows: results.map((r) => [
            r.workload,
            'lookups/s',
            outcomeCell(r.rustydb),
            outcomeCell(r.postgres),
            ratioCell(r.rustydb, r.postgres),
          ]),
          numeric: [2, 3, 4],
        },
        notes,
      },
    };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    await systems.stop();
  }
}

/** Creates and fills `items` in one transaction. Async. @returns the error text, or undefined. */
async function load(client: pg.Client, n: number): Promise<string | undefined> {
  try {
    await client.query(ITEMS_DDL);
    await client.query('BEGIN');
    for (let start = 0; start < n; start += INSERT_BATCH) {
      const values: string[] = [];
      for (let i = start; i < Math.min(n, start + INSERT_BATCH); i++) values.push(itemRowSql(i));
      await client.query(`INSERT INTO items VALUES ${values.join(', ')}`);
    }
    await client.query('COMMIT');
    return undefined;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    return errorText(err);
  }
}

async function pointSelect(client: pg.Client, mode: 'simple' | 'prepared', id: number): Promise<void> {
  const result =
    mode === 'simple'
      ? await client.query(`SELECT name, amount FROM items WHERE id = ${id}`)
      : await client.query({ name: 'point_select', text: POINT_SELECT, values: [id] });
  if (result.rows.length !== 1)
    throw new Error(`point select returned ${result.rows.length} rows, expected 1`);
}
