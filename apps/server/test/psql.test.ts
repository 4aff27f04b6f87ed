/**
 * The "done when", through psql against the real server: a table with a primary key,
 * 100,000 rows, WHERE / ORDER BY / GROUP BY, then kill -9 and a restart keep every committed row
 * and none of the uncommitted ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

describe('psql end to end', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start();
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('creates a table with a primary key and loads 100,000 rows', async () => {
    await server.psql(
      'CREATE TABLE accounts (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2), branch int)',
    );
    await server.psql(
      "INSERT INTO accounts SELECT g, 'owner ' || g, g * 1.25, g % 10 FROM generate_series(1, 100000) AS g",
    );
    expect((await server.psql('SELECT count(*) FROM accounts')).trim()).toBe('100000');
  }, 300_000);

  it('answers WHERE, ORDER BY and GROUP BY queries', async () => {
    expect((await server.psql('SELECT owner, balance FROM accounts WHERE id = 4242')).trim()).toBe(
      'owner 4242|5302.50',
    );
    expect(
      (await server.psql('SELECT id FROM accounts WHERE id > 99997 ORDER BY id DESC')).trim().split('\n'),
    ).toEqual(['100000', '99999', '99998']);
    const groups = (
      await server.psql('SELECT branch, count(*), sum(balance) FROM accounts GROUP BY branch ORDER BY branch')
    )
      .trim()
      .split('\n');
    expect(groups).toHaveLength(10);
    expect(groups[0]).toBe('0|10000|625062500.00');
    expect(groups[3]).toBe('3|10000|624975000.00');
  }, 120_000);

  it('reads a 1,000-row query through a cursor with FETCH_COUNT (DECLARE _psql_cursor, FETCH FORWARD 100)', async () => {
    const lines = (
      await server.psql('SELECT id, owner FROM accounts WHERE id <= 1000 ORDER BY id', [
        '-v',
        'FETCH_COUNT=100',
      ])
    )
      .trim()
      .split('\n');
    expect(lines).toHaveLength(1000);
    expect([lines[0], lines[99], lines[100], lines[999]]).toEqual([
      '1|owner 1',
      '100|owner 100',
      '101|owner 101',
      '1000|owner 1000',
    ]);
  }, 60_000);

  it('reports errors with their SQLSTATE and keeps the session usable', async () => {
    await expect(server.psql('INSERT INTO accounts VALUES (1, $$dup$$, 0, 0)')).rejects.toThrow(
      /duplicate key value violates unique constraint "accounts_pkey"/,
    );
    await expect(server.psql('SELEC 1')).rejects.toThrow(/syntax error at or near "SELEC"/);
    const out = await server.psql('SELECT 1/0', ['-v', 'ON_ERROR_STOP=0']).catch((e: Error) => e.message);
    expect(out).toMatch(/division by zero/);
  }, 60_000);

  it('keeps committed rows and drops uncommitted ones across kill -9', async () => {
    await server.psql("UPDATE accounts SET owner = 'renamed' WHERE id <= 10");
    await server.psql('DELETE FROM accounts WHERE id > 99990');
    const open = await server.connect();
    open.on('error', () => undefined); // the server is about to die under it
    await open.query('BEGIN');
    await open.query("INSERT INTO accounts VALUES (200001, 'uncommitted', 1, 1)");
    await open.query('DELETE FROM accounts WHERE id = 5000');
    await server.kill9();
    await open.end().catch(() => undefined);
    await server.restart();
    expect((await server.psql('SELECT count(*) FROM accounts')).trim()).toBe('99990');
    expect((await server.psql("SELECT count(*) FROM accounts WHERE owner = 'renamed'")).trim()).toBe('10');
    expect((await server.psql('SELECT count(*) FROM accounts WHERE id = 200001 OR id = 5000')).trim()).toBe(
      '1',
    );
    expect((await server.psql('SELECT owner FROM accounts WHERE id = 5000')).trim()).toBe('owner 5000');
  }, 300_000);
});
