/**
 * A stand-in for `pgbench -i` while RustyDB cannot run it (it needs COPY, TRUNCATE, `WITH
 * (fillfactor)`, ALTER TABLE … ADD PRIMARY KEY): the same four tables, keys and rows, created
 * with plain SQL — CREATE TABLE with inline primary keys and multi-row INSERTs in one transaction
 * — so pgbench's runs can still measure what the engine can already do. The suite prints the
 * real `pgbench -i` failure in its own row, and this load in another, so nothing is hidden.
 *
 * Data is pgbench's client-side generation: `scale` branches, 10 tellers and 100,000 accounts
 * per branch, balances 0, fillers blank, history empty.
 */
import pg from 'pg';
import type { WireTarget } from './wire-systems.js';

const TABLES = ['pgbench_accounts', 'pgbench_branches', 'pgbench_history', 'pgbench_tellers'];
const DDL = [
  'CREATE TABLE pgbench_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22))',
  'CREATE TABLE pgbench_tellers (tid int NOT NULL PRIMARY KEY, bid int, tbalance int, filler char(84))',
  'CREATE TABLE pgbench_accounts (aid int NOT NULL PRIMARY KEY, bid int, abalance int, filler char(84))',
  'CREATE TABLE pgbench_branches (bid int NOT NULL PRIMARY KEY, bbalance int, filler char(88))',
];
const INSERT_BATCH = 1000;

/**
 * Drops and recreates pgbench's tables at `scale` on `target`. Async.
 * @returns the number of pgbench_accounts rows loaded. @throws the server's error.
 */
export async function loadPgbenchTables(target: WireTarget, scale: number): Promise<number> {
  const client = new pg.Client({ ...target, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    for (const table of TABLES) await client.query(`DROP TABLE IF EXISTS ${table}`);
    for (const ddl of DDL) await client.query(ddl);
    await client.query('BEGIN');
    await insertRows(client, 'pgbench_branches', scale, (i) => `(${i}, 0, '')`);
    await insertRows(
      client,
      'pgbench_tellers',
      scale * 10,
      (i) => `(${i}, ${Math.floor((i - 1) / 10) + 1}, 0, '')`,
    );
    const accounts = scale * 100_000;
    await insertRows(
      client,
      'pgbench_accounts',
      accounts,
      (i) => `(${i}, ${Math.floor((i - 1) / 100_000) + 1}, 0, '')`,
    );
    await client.query('COMMIT');
    return accounts;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
}

/** Inserts rows 1..count, `INSERT_BATCH` per statement. */
async function insertRows(client: pg.Client, table: string, count: number, row: (i: number) => string) {
  for (let start = 1; start <= count; start += INSERT_BATCH) {
    const values: string[] = [];
    for (let i = start; i < Math.min(count + 1, start + INSERT_BATCH); i++) values.push(row(i));
    await client.query(`INSERT INTO ${table} VALUES ${values.join(', ')}`);
  }
}
