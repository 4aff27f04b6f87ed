/**
 * DO blocks through the real server with node-postgres: RAISE NOTICE arrives as NoticeResponse
 * with its fields, an uncaught error as ErrorResponse with CONTEXT, and a long loop neither stalls
 * other sessions nor outlives statement_timeout.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from './support/server-process.js';

/** The NoticeResponse fields node-postgres hands to 'notice' listeners. */
interface Notice {
  readonly severity?: string;
  readonly code?: string;
  readonly message?: string;
  readonly hint?: string;
  readonly where?: string;
}

describe('DO blocks end to end', () => {
  let server: ServerProcess;
  let client: pg.Client;
  beforeAll(async () => {
    server = await ServerProcess.start();
    client = await server.connect();
  }, 120_000);
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.destroy();
  });

  it('sends RAISE NOTICE / WARNING as NoticeResponse', async () => {
    const notices: Notice[] = [];
    const listener = (n: Notice) => notices.push(n);
    client.on('notice', listener);
    const r = await client.query(`DO $$
DECLARE n int := 0;
BEGIN
  FOR i IN 1..3 LOOP n := n + i; END LOOP;
  RAISE NOTICE 'sum is %', n;
  RAISE WARNING 'careful' USING HINT = 'a hint';
END $$`);
    client.off('notice', listener);
    expect(r.command).toBe('DO');
    expect(notices.map((n) => [n.severity, n.code, n.message, n.hint, n.where])).toEqual([
      ['NOTICE', '00000', 'sum is 6', undefined, 'PL/pgSQL function inline_code_block line 5 at RAISE'],
      ['WARNING', '01000', 'careful', 'a hint', 'PL/pgSQL function inline_code_block line 6 at RAISE'],
    ]);
  });

  it('fails with the uncaught error and its CONTEXT; the session goes on', async () => {
    let error: pg.DatabaseError | undefined;
    try {
      await client.query(`DO $$ BEGIN RAISE EXCEPTION 'bad %', 42 USING ERRCODE = 'check_violation'; END $$`);
    } catch (err) {
      error = err as pg.DatabaseError;
    }
    expect([error?.code, error?.message, error?.where]).toEqual([
      '23514',
      'bad 42',
      'PL/pgSQL function inline_code_block line 1 at RAISE',
    ]);
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('lets other sessions run while a loop spins, and stops it at statement_timeout', async () => {
    const other = await server.connect();
    try {
      await client.query(`SET statement_timeout = '3s'`);
      const events: string[] = [];
      const spinning = client.query(`DO $$ BEGIN LOOP PERFORM 1; END LOOP; END $$`).then(
        () => events.push('loop ended'),
        (err: pg.DatabaseError) => events.push(`loop ${err.code}`),
      );
      await other.query('SELECT 1');
      events.push('other session answered');
      await spinning;
      expect(events).toEqual(['other session answered', 'loop 57014']);
    } finally {
      await client.query('RESET statement_timeout');
      await other.end();
    }
  });
});
