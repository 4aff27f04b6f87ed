/**
 * Advisory locks over the wire (node-postgres against the real server): a blocked
 * pg_advisory_lock released by the holder's unlock and by its connection dropping, a
 * CancelRequest interrupting the wait, and a deadlock between two advisory locks.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { cancelRequest } from './support/cancel-request.js';
import { useTwoClients } from './support/server-process.js';

/** Resolves once `pid` waits for a lock (pg_locks shows its request not granted). */
async function waitingFor(client: pg.Client, pid: number): Promise<void> {
  for (;;) {
    const { rows } = await client.query('SELECT 1 FROM pg_locks WHERE pid = $1 AND NOT granted', [pid]);
    if (rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

const pidOf = (client: pg.Client): number => (client as unknown as { processID: number }).processID;

describe('advisory locks over the wire', () => {
  const clients = useTwoClients();

  it('a blocked lock goes on when the holder unlocks (extended protocol), with unlock WARNINGs', async () => {
    await clients.a.query('SELECT pg_advisory_lock(42)');
    const waiting = clients.b.query('SELECT pg_advisory_lock($1::bigint) AS locked', [42]);
    await waitingFor(clients.a, pidOf(clients.b));
    const notices: string[] = [];
    clients.a.on('notice', (n) => notices.push(`${n.severity} ${n.message}`));
    const { rows } = await clients.a.query(
      'SELECT pg_advisory_unlock(42) AS first, pg_advisory_unlock(42) AS second',
    );
    expect(rows).toEqual([{ first: true, second: false }]);
    expect((await waiting).rows).toEqual([{ locked: '' }]);
    expect(notices).toEqual(["WARNING you don't own a lock of type ExclusiveLock"]);
    expect((await clients.b.query('SELECT pg_advisory_unlock(42) AS u')).rows).toEqual([{ u: true }]);
  });

  it("a dropped connection's session locks are released", async () => {
    const c = await clients.server.connect();
    c.on('error', () => undefined);
    await c.query('SELECT pg_advisory_lock(7)');
    const waiting = clients.b.query('SELECT pg_advisory_lock(7)');
    await waitingFor(clients.a, pidOf(clients.b));
    (c as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await waiting;
    const { rows } = await clients.a.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 7`,
    );
    expect(rows).toEqual([{ pid: pidOf(clients.b) }]);
    await clients.b.query('SELECT pg_advisory_unlock_all()');
  });

  it('a cancel request interrupts a waiting lock with 57014', async () => {
    await clients.a.query('SELECT pg_advisory_lock(8)');
    const waiting = clients.b
      .query('SELECT pg_advisory_xact_lock(8)')
      .catch((e: unknown) => e as pg.DatabaseError);
    await waitingFor(clients.a, pidOf(clients.b));
    await cancelRequest(clients.server.port, clients.b);
    const err = (await waiting) as pg.DatabaseError;
    expect(err.code).toBe('57014');
    expect(err.message).toBe('canceling statement due to user request');
    await clients.a.query('SELECT pg_advisory_unlock(8)');
  });

  it('a deadlock between two advisory locks fails exactly one session with 40P01', async () => {
    await clients.a.query("SET deadlock_timeout = '50ms'");
    await clients.b.query("SET deadlock_timeout = '50ms'");
    await clients.a.query('SELECT pg_advisory_lock(1)');
    await clients.b.query('SELECT pg_advisory_lock(2)');
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => e as pg.DatabaseError,
      );
    const ra = settle(clients.a.query('SELECT pg_advisory_lock(2)'));
    const rb = settle(clients.b.query('SELECT pg_advisory_lock(1)'));
    const first = await Promise.race([
      ra.then((r) => ({ r, c: clients.a })),
      rb.then((r) => ({ r, c: clients.b })),
    ]);
    expect(first.r).not.toBe('ok');
    const victim = first.r as pg.DatabaseError;
    expect(victim.code).toBe('40P01');
    expect(victim.detail).toMatch(
      /^Process \d+ waits for ExclusiveLock on advisory lock \[\d+,0,[12],1\]; blocked by process \d+\.\nProcess \d+ waits for ExclusiveLock on advisory lock \[\d+,0,[12],1\]; blocked by process \d+\.$/,
    );
    // The victim still holds its own lock; giving it up lets the other go on.
    await first.c.query('SELECT pg_advisory_unlock_all()');
    expect([await ra, await rb].filter((r) => r === 'ok')).toHaveLength(1);
    await clients.a.query('SELECT pg_advisory_unlock_all()');
    await clients.b.query('SELECT pg_advisory_unlock_all()');
  });
});
