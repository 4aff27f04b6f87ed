/**
 * Savepoints and two-phase commit against the real server binary, through node-postgres (its
 * parameterized queries take the extended query protocol): ROLLBACK TO inside a pipeline's
 * transaction, and a prepared transaction that outlives `kill -9` and is committed after the
 * restart by another connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

describe('savepoints and prepared transactions over the wire', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({
      args: ['--buffer-pool', '64', '-c', 'max_prepared_transactions=4'],
    });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('rolls back to a savepoint with parameterized statements', async () => {
    await server.psql('CREATE TABLE sp (a int PRIMARY KEY)');
    const client = await server.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO sp VALUES ($1)', [1]);
    await client.query('SAVEPOINT s');
    await client.query('INSERT INTO sp VALUES ($1)', [2]);
    await expect(client.query('INSERT INTO sp VALUES ($1)', [2])).rejects.toMatchObject({ code: '23505' });
    await expect(client.query('SELECT 1')).rejects.toMatchObject({ code: '25P02' });
    await client.query('ROLLBACK TO SAVEPOINT s');
    await client.query('INSERT INTO sp VALUES ($1)', [3]);
    await client.query('COMMIT');
    const { rows } = await client.query('SELECT a FROM sp ORDER BY a');
    expect(rows.map((r: { a: number }) => r.a)).toEqual([1, 3]);
    const shown = await client.query('SHOW max_prepared_transactions');
    expect(shown.rows).toEqual([{ max_prepared_transactions: '4' }]);
    await client.end();
  }, 60_000);

  it('keeps a prepared transaction across kill -9 and commits it after the restart', async () => {
    await server.psql('CREATE TABLE tp (a int PRIMARY KEY, b text)');
    await server.psql(`INSERT INTO tp VALUES (1, 'old')`);
    const client = await server.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO tp VALUES ($1, $2)', [2, 'new']);
    await client.query('SAVEPOINT s');
    await client.query('UPDATE tp SET b = $1 WHERE a = 1', ['updated']);
    await client.query(`PREPARE TRANSACTION 'wire-1'`);
    const { rows: before } = await client.query('SELECT a, b FROM tp ORDER BY a');
    expect(before).toEqual([{ a: 1, b: 'old' }]);
    await client.end();

    await server.kill9();
    await server.restart();

    const other = await server.connect();
    const listed = await other.query('SELECT gid, owner, database FROM pg_prepared_xacts');
    expect(listed.rows).toEqual([{ gid: 'wire-1', owner: 'rustydb', database: 'rustydb' }]);
    const { rows: invisible } = await other.query('SELECT a, b FROM tp ORDER BY a');
    expect(invisible).toEqual([{ a: 1, b: 'old' }]);
    await other.query(`COMMIT PREPARED 'wire-1'`);
    const { rows: after } = await other.query('SELECT a, b FROM tp ORDER BY a');
    expect(after).toEqual([
      { a: 1, b: 'updated' },
      { a: 2, b: 'new' },
    ]);
    await expect(other.query(`COMMIT PREPARED 'wire-1'`)).rejects.toMatchObject({ code: '42704' });
    await other.end();
  }, 120_000);
});
