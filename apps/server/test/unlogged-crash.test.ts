/**
 * Unlogged tables through the real server process: their rows survive a clean shutdown (SIGTERM,
 * shutdown checkpoint) and are gone after SIGKILL and the restart's recovery, while a logged
 * table beside them keeps every committed row. A CHECKPOINT before the kill puts some of the
 * unlogged table's pages on disk, so the restart must throw away pages that exist, not only
 * ones that never got there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

describe('unlogged tables across restarts', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start({ args: ['--buffer-pool', '64'] });
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
  });

  const counts = async (): Promise<string> =>
    (await server.psql("SELECT (SELECT count(*) FROM ul) || ' ' || (SELECT count(*) FROM l)")).trim();

  it('keeps their rows after a clean restart, loses them after kill -9', async () => {
    await server.psql('CREATE UNLOGGED TABLE ul (id int PRIMARY KEY, pad text)');
    await server.psql('CREATE TABLE l (id int PRIMARY KEY, pad text)');
    const fill = (table: string, from: number, to: number) =>
      server.psql(`INSERT INTO ${table} SELECT g, repeat('x', 300) FROM generate_series(${from}, ${to}) g`);
    await fill('ul', 1, 1000);
    await fill('l', 1, 1000);

    expect(await server.stop()).toBe(0);
    await server.restart();
    expect(await counts()).toBe('1000 1000');

    await server.psql('CHECKPOINT');
    await fill('ul', 1001, 1500);
    await fill('l', 1001, 1500);
    await server.kill9();
    await server.restart();
    expect(await counts()).toBe('0 1500');
    // Its primary key was reset with it: the old keys go in again and are found through it.
    await fill('ul', 1, 10);
    expect((await server.psql('SET enable_seqscan = off; SELECT pad FROM ul WHERE id = 7')).trim()).toBe(
      'x'.repeat(300),
    );
    expect(
      (
        await server.psql(
          "SELECT relpersistence FROM pg_class WHERE relname IN ('ul', 'ul_pkey', 'l') ORDER BY relname",
        )
      )
        .trim()
        .split('\n'),
    ).toEqual(['p', 'u', 'u']);
  }, 300_000);
});
