/**
 * max_connections and superuser_reserved_connections: wire sessions (Database.startSession) take
 * a slot each, embedded sessions none; PostgreSQL's 53300 errors when none is left.
 */
import { describe, expect, it } from 'vitest';
import { loginAs, rejects, useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });

describe('connection slots', () => {
  it('keeps the reserved slots for superusers and refuses everyone past max_connections', async () => {
    const db = await databases.open({ maxConnections: 3, superuserReservedConnections: 1 });
    await db.query('CREATE USER plain');
    const a = await loginAs(db, 'plain');
    const b = await loginAs(db, 'plain');
    await rejects(
      loginAs(db, 'plain'),
      '53300',
      'remaining connection slots are reserved for non-replication superuser connections',
    );
    const admin = await loginAs(db, 'rustydb');
    await rejects(loginAs(db, 'rustydb'), '53300', 'sorry, too many clients already');
    // Embedded sessions hold no slot.
    const embedded = db.connect();
    expect((await embedded.query('SHOW max_connections')).rows).toEqual([['3']]);
    expect((await admin.query('SHOW superuser_reserved_connections')).rows).toEqual([['1']]);
    await rejects(
      admin.query('SET max_connections = 5'),
      '55P02',
      'parameter "max_connections" cannot be changed without restarting the server',
    );
    // A closed session frees its slot (with b and admin in, the one free slot is the reserved one).
    await a.close();
    await rejects(
      loginAs(db, 'plain'),
      '53300',
      'remaining connection slots are reserved for non-replication superuser connections',
    );
    await admin.close();
    const c = await loginAs(db, 'plain');
    for (const s of [b, c, embedded]) await s.close();
  });

  it('defaults to PostgreSQL 100 and 3, and refuses reserved slots not below the maximum', async () => {
    const db = await databases.open();
    expect((await db.query('SHOW max_connections')).rows).toEqual([['100']]);
    await expect(
      databases.open({ maxConnections: 2, superuserReservedConnections: 2 }),
    ).rejects.toMatchObject({
      code: '22023',
    });
  });
});
