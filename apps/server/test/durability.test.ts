/**
 * Durability under load: several clients commit rows as fast as they can while another holds an
 * open transaction; the server is killed with SIGKILL in the middle. After a restart every commit
 * the server acknowledged is there, and the open transaction's rows are not. The writers use
 * parameterized queries, so the extended query protocol's path (Parse/Bind/Execute/Sync and its
 * implicit transaction committed at Sync) is what is tested for durability.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

describe('kill -9 in the middle of a workload', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({ args: ['--buffer-pool', '64'] });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('loses no acknowledged commit and keeps no uncommitted row', async () => {
    await server.psql(
      'CREATE TABLE events (writer int NOT NULL, seq int NOT NULL, payload text, PRIMARY KEY (writer, seq))',
    );
    const acknowledged: Array<[number, number]> = [];
    let stop = false;
    const writers = [1, 2, 3, 4].map(async (writer) => {
      const client = await server.connect();
      client.on('error', () => undefined);
      for (let seq = 1; !stop; seq++) {
        try {
          if (seq % 5 === 0) {
            // Multi-statement transactions too: both rows or neither.
            await client.query('BEGIN');
            await client.query('INSERT INTO events VALUES ($1, $2, repeat($3, 20))', [writer, seq, 'x']);
            await client.query('INSERT INTO events VALUES ($1, $2, repeat($3, 20))', [writer, -seq, 'y']);
            await client.query('COMMIT');
            acknowledged.push([writer, seq], [writer, -seq]);
          } else {
            await client.query('INSERT INTO events VALUES ($1, $2, repeat($3, 200))', [writer, seq, 'z']);
            acknowledged.push([writer, seq]);
          }
        } catch {
          return; // the server is gone
        }
      }
    });
    const open = await server.connect();
    open.on('error', () => undefined);
    await open.query('BEGIN');
    for (let i = 1; i <= 50; i++) await open.query(`INSERT INTO events VALUES (99, ${i}, 'never committed')`);

    await new Promise((r) => setTimeout(r, 1500));
    await server.kill9();
    stop = true;
    await Promise.all(writers);
    expect(acknowledged.length).toBeGreaterThan(20);

    await server.restart();
    const client = await server.connect();
    const { rows } = await client.query('SELECT writer, seq FROM events');
    await client.end();
    const present = new Set(rows.map((r: { writer: number; seq: number }) => `${r.writer}/${r.seq}`));
    const lost = acknowledged.filter(([w, s]) => !present.has(`${w}/${s}`));
    expect(lost).toEqual([]);
    expect(rows.filter((r: { writer: number }) => r.writer === 99)).toEqual([]);
    // Each multi-statement transaction is all or nothing.
    for (const r of rows as Array<{ writer: number; seq: number }>) {
      if (r.seq % 5 === 0) expect(present.has(`${r.writer}/${-r.seq}`)).toBe(true);
    }
  }, 300_000);
});
