/**
 * pg_cancel_backend and pg_terminate_backend over the wire (node-postgres against the real
 * server): the other connection's query is cancelled with 57014 and the connection goes on; a
 * terminated connection gets FATAL 57P01 and is closed by the server, idle or mid-query, and
 * the server goes on serving the others.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useTwoClients } from './support/server-process.js';

const pidOf = (client: pg.Client): number => (client as unknown as { processID: number }).processID;

/** Resolves once `pid` runs a statement (pg_stat_activity says active). */
async function active(client: pg.Client, pid: number): Promise<void> {
  for (;;) {
    const { rows } = await client.query(
      "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active'",
      [pid],
    );
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A new connection whose errors (the FATAL, the closed socket) are collected, not thrown. */
async function victim(server: {
  connect(): Promise<pg.Client>;
}): Promise<{ client: pg.Client; errors: string[]; ended: Promise<void> }> {
  const client = await server.connect();
  const errors: string[] = [];
  client.on('error', (e: Error) => {
    const d = e as pg.DatabaseError;
    errors.push(`${d.code} ${d.severity} ${d.message}`);
  });
  const ended = new Promise<void>((resolve) => client.on('end', () => resolve()));
  return { client, errors, ended };
}

describe('signalling other sessions over the wire', () => {
  const clients = useTwoClients();

  it("pg_cancel_backend cancels the other connection's query with 57014; it stays connected", async () => {
    const pid = pidOf(clients.b);
    const sleeping = clients.b.query('SELECT pg_sleep(30)').catch((e: pg.DatabaseError) => e);
    await active(clients.a, pid);
    expect((await clients.a.query('SELECT pg_cancel_backend($1) AS ok', [pid])).rows).toEqual([{ ok: true }]);
    const err = (await sleeping) as pg.DatabaseError;
    expect([err.code, err.message]).toEqual(['57014', 'canceling statement due to user request']);
    expect((await clients.b.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('pg_terminate_backend closes an idle connection with FATAL 57P01', async () => {
    const v = await victim(clients.server);
    const pid = pidOf(v.client);
    expect((await clients.a.query('SELECT pg_terminate_backend($1) AS ok', [pid])).rows).toEqual([
      { ok: true },
    ]);
    await v.ended;
    // node-postgres then reports the closed socket too, as it does with PostgreSQL.
    expect(v.errors[0]).toBe('57P01 FATAL terminating connection due to administrator command');
    const { rows } = await clients.a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
      pid,
    ]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('pg_terminate_backend with a timeout ends a connection mid-query and waits for it to be gone', async () => {
    const v = await victim(clients.server);
    const pid = pidOf(v.client);
    const sleeping = v.client.query('SELECT pg_sleep(30)').catch((e: pg.DatabaseError) => e);
    await active(clients.a, pid);
    const { rows } = await clients.a.query('SELECT pg_terminate_backend($1, 10000) AS ok', [pid]);
    expect(rows).toEqual([{ ok: true }]);
    const err = (await sleeping) as pg.DatabaseError;
    expect([err.code, err.severity]).toEqual(['57P01', 'FATAL']);
    await v.ended;
    const gone = await clients.a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
      pid,
    ]);
    expect(gone.rows).toEqual([{ n: 0 }]);
    expect((await clients.b.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  });

  it('pg_stat_database counts a terminated connection as killed and a vanished client as abandoned', async () => {
    const ended = async () =>
      (
        await clients.a.query(
          'SELECT sessions_killed::int AS killed, sessions_abandoned::int AS abandoned FROM pg_stat_database WHERE datname = current_database()',
        )
      ).rows[0] as { killed: number; abandoned: number };
    const before = await ended();
    const killed = await victim(clients.server);
    await clients.a.query('SELECT pg_terminate_backend($1)', [pidOf(killed.client)]);
    await killed.ended;
    const gone = await victim(clients.server);
    const gonePid = pidOf(gone.client);
    (gone.client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await gone.ended;
    // The server notices the closed socket on its own time.
    for (;;) {
      const { rows } = await clients.a.query(
        'SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1',
        [gonePid],
      );
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await ended()).toEqual({ killed: before.killed + 1, abandoned: before.abandoned + 1 });
  });

  // Each would run for minutes (or forever) with no table read between its rows: the server must
  // still serve the other connections meanwhile, and a cancel must reach it.
  it.each([
    [
      'an endless recursive CTE',
      'WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r',
    ],
    ['a large cross join', 'SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b'],
    [
      'a hash join where every key matches',
      'SELECT count(*) FROM generate_series(1, 30000) a JOIN generate_series(1, 30000) b ON a % 1 = b % 1',
    ],
    ['a long series in the select list', 'SELECT count(*) FROM (SELECT generate_series(1, 1000000000)) x'],
    [
      'a LATERAL subquery per row',
      'SELECT count(*) FROM generate_series(1, 30000) a, LATERAL (SELECT b FROM generate_series(1, 30000) b WHERE b > a) x',
    ],
    [
      'a correlated subquery per row',
      'SELECT count(*) FROM generate_series(1, 30000) a WHERE a IN (SELECT b FROM generate_series(1, 30000) b WHERE b > a)',
    ],
  ])('%s leaves the server to the others and can be cancelled', async (_what, sql) => {
    const v = await victim(clients.server);
    const pid = pidOf(v.client);
    const running = v.client.query(sql).catch((e: pg.DatabaseError) => e);
    await active(clients.a, pid);
    expect((await clients.b.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
    await clients.a.query('SELECT pg_cancel_backend($1)', [pid]);
    expect(((await running) as pg.DatabaseError).code).toBe('57014');
    await v.client.end();
  });
});
