/**
 * Locks and waits over the wire (node-postgres against the real server): an UPDATE waits for
 * another connection's transaction and re-checks under READ COMMITTED, SELECT … FOR UPDATE NOWAIT,
 * a two-connection deadlock ending with exactly one 40P01 (with PostgreSQL's DETAIL), a
 * CancelRequest interrupting a lock wait, and a query that waited behind TRUNCATE reading the
 * rows committed with it (plan-locks.ts in the engine).
 */
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { cancelRequest } from './support/cancel-request.js';
import { useTwoClients } from './support/server-process.js';

describe('row locks over the wire', () => {
  const clients = useTwoClients();
  beforeAll(async () => {
    await clients.a.query('CREATE TABLE acct (id int PRIMARY KEY, balance int)');
    await clients.a.query('INSERT INTO acct VALUES (1, 100), (2, 100)');
  });

  it('waits for the other transaction and applies the update to the committed row', async () => {
    await clients.a.query('BEGIN');
    await clients.a.query('UPDATE acct SET balance = balance - 10 WHERE id = 1');
    let done = false;
    const waiting = clients.b
      .query('UPDATE acct SET balance = balance - 10 WHERE id = 1 RETURNING balance')
      .then((r) => {
        done = true;
        return r;
      });
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    await clients.a.query('COMMIT');
    expect((await waiting).rows).toEqual([{ balance: 80 }]);
  });

  it('FOR UPDATE NOWAIT fails with 55P03 while another transaction holds the row', async () => {
    await clients.a.query('BEGIN');
    await clients.a.query('SELECT * FROM acct WHERE id = 2 FOR UPDATE');
    const err = await clients.b
      .query('SELECT * FROM acct WHERE id = 2 FOR UPDATE NOWAIT')
      .catch((e: unknown) => e);
    expect((err as pg.DatabaseError).code).toBe('55P03');
    expect((err as pg.DatabaseError).message).toBe('could not obtain lock on row in relation "acct"');
    await clients.a.query('COMMIT');
  });

  it('a deadlock aborts exactly one of the two transactions with 40P01', async () => {
    await clients.a.query("SET deadlock_timeout = '50ms'");
    await clients.b.query("SET deadlock_timeout = '50ms'");
    await clients.a.query('BEGIN');
    await clients.b.query('BEGIN');
    await clients.a.query('UPDATE acct SET balance = 1 WHERE id = 1');
    await clients.b.query('UPDATE acct SET balance = 2 WHERE id = 2');
    const settle = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: unknown) => e as pg.DatabaseError,
      );
    const [ra, rb] = await Promise.all([
      settle(clients.a.query('UPDATE acct SET balance = 1 WHERE id = 2')),
      settle(clients.b.query('UPDATE acct SET balance = 2 WHERE id = 1')),
    ]).catch((e: unknown) => {
      throw e;
    });
    const errors = [ra, rb].filter((r) => r !== 'ok') as pg.DatabaseError[];
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('40P01');
    expect(errors[0].message).toBe('deadlock detected');
    expect(errors[0].detail).toMatch(
      /^Process \d+ waits for ShareLock on transaction \d+; blocked by process \d+\./,
    );
    await clients.a.query(ra === 'ok' ? 'COMMIT' : 'ROLLBACK');
    await clients.b.query(rb === 'ok' ? 'COMMIT' : 'ROLLBACK');
    const { rows } = await clients.a.query('SELECT balance FROM acct ORDER BY id');
    expect(rows).toEqual(ra === 'ok' ? [{ balance: 1 }, { balance: 1 }] : [{ balance: 2 }, { balance: 2 }]);
  });

  it('a cancel request interrupts a lock wait with 57014', async () => {
    await clients.a.query('BEGIN');
    await clients.a.query('LOCK acct IN ACCESS EXCLUSIVE MODE');
    const waiting = clients.b.query('SELECT * FROM acct').catch((e: unknown) => e as pg.DatabaseError);
    await new Promise((r) => setTimeout(r, 100));
    await cancelRequest(clients.server.port, clients.b);
    const err = (await waiting) as pg.DatabaseError;
    expect(err.code).toBe('57014');
    expect(err.message).toBe('canceling statement due to user request');
    await clients.a.query('ROLLBACK');
  });

  it('a query that waited behind TRUNCATE reads the rows committed with it (simple and extended)', async () => {
    await clients.a.query('CREATE TABLE stale (id int PRIMARY KEY, v text)');
    await clients.a.query("INSERT INTO stale SELECT g, 'old' FROM generate_series(1, 5) g");
    const simple = 'SELECT count(*)::int AS n, min(v) AS m FROM stale';
    const extended = { text: 'SELECT count(*)::int AS n FROM stale WHERE id > $1', values: [0] };
    // Plans over the old file in both caches (the statement cache, the driver's unnamed statement).
    await clients.b.query(simple);
    await clients.b.query(extended);
    for (const q of [simple, extended]) {
      await clients.a.query('BEGIN');
      await clients.a.query('TRUNCATE stale');
      await clients.a.query("INSERT INTO stale SELECT g, 'new' FROM generate_series(1, 3) g");
      let done = false;
      const waiting = clients.b.query(q).then((r) => {
        done = true;
        return r;
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(done).toBe(false);
      await clients.a.query('COMMIT');
      expect((await waiting).rows[0]).toMatchObject({ n: 3 });
    }
  });
});
