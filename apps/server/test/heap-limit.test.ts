/**
 * One statement that materializes more than the server's heap can hold fails with 53200 instead
 * of V8 aborting the process (and every session with it). The server runs with a small heap
 * (--max-old-space-size) so the test reaches the limit quickly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

describe('heap watchdog', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({ env: { NODE_OPTIONS: '--max-old-space-size=256' } });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  it('cancels a statement that fills the heap and keeps serving the others', async () => {
    const bystander = await server.connect();
    const greedy = await server.connect();
    try {
      await expect(
        greedy.query(
          "WITH x AS MATERIALIZED (SELECT g, repeat('x', 40) || g AS pad FROM generate_series(1, 20000000) g) SELECT count(*) FROM x",
        ),
      ).rejects.toMatchObject({ code: '53200', message: 'out of memory' });
      expect((await greedy.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
      // A recursive CTE that never ends, without a statement_timeout: the watchdog ends it.
      await expect(
        greedy.query(
          'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
        ),
      ).rejects.toMatchObject({ code: '53200', message: 'out of memory' });
      expect((await bystander.query('SELECT 42 AS answer')).rows).toEqual([{ answer: 42 }]);
      expect(server.pid).toBeDefined();
    } finally {
      await greedy.end();
      await bystander.end();
    }
  }, 120_000);
});
