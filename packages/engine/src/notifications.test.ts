/**
 * LISTEN / NOTIFY between engine sessions: delivery at commit in commit order, nothing on abort,
 * duplicates folded, LISTEN inside a transaction taking effect at commit, UNLISTEN, the limits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { useTestDatabases } from './test-database.js';

const databases = useTestDatabases({ autovacuum: false });
let db: Database;

beforeEach(async () => {
  db = await databases.open();
});

const take = (s: EmbeddedSession) =>
  s.session.takeNotifications().map((n) => [n.processId, n.channel, n.payload]);

describe('LISTEN / NOTIFY', () => {
  it('delivers at commit, in commit order, to every listener including the sender', async () => {
    const a = db.connect();
    const b = db.connect();
    await a.query('LISTEN chan');
    await b.query('LISTEN chan');
    await b.query("BEGIN; NOTIFY chan, 'first'");
    await a.query("NOTIFY chan, 'second'");
    expect(take(a)).toEqual([[a.session.processId, 'chan', 'second']]);
    await b.query("NOTIFY chan, 'first'; NOTIFY other, 'x'; NOTIFY chan; COMMIT");
    expect(take(a)).toEqual([
      [b.session.processId, 'chan', 'first'],
      [b.session.processId, 'chan', ''],
    ]);
    expect(take(b)).toEqual([
      [a.session.processId, 'chan', 'second'],
      [b.session.processId, 'chan', 'first'],
      [b.session.processId, 'chan', ''],
    ]);
    await a.close();
    await b.close();
  });

  it('answers an empty queue with one shared empty list, and still delivers afterwards', async () => {
    const a = db.connect();
    await a.query('LISTEN chan');
    const none = a.session.takeNotifications();
    expect(none).toEqual([]);
    expect(a.session.takeNotifications()).toBe(none);
    await a.query("NOTIFY chan, 'x'");
    expect(take(a)).toEqual([[a.session.processId, 'chan', 'x']]);
    expect(none).toEqual([]);
    expect(take(a)).toEqual([]);
    await a.close();
  });

  it('discards an aborted transaction’s notifications and listens', async () => {
    const a = db.connect();
    await a.query('LISTEN c');
    await a.query("BEGIN; NOTIFY c, 'lost'; LISTEN d; ROLLBACK");
    await a.query("NOTIFY d, 'not listening'");
    expect(take(a)).toEqual([]);
    await a.close();
  });

  it('applies LISTEN and UNLISTEN at commit', async () => {
    const a = db.connect();
    const b = db.connect();
    await a.query('BEGIN; LISTEN c');
    await b.query("NOTIFY c, 'before'");
    await a.query('COMMIT');
    await b.query("NOTIFY c, 'after'");
    expect(take(a).map((n) => n[2])).toEqual(['after']);
    await a.query('UNLISTEN *');
    await b.query("NOTIFY c, 'gone'");
    expect(take(a)).toEqual([]);
    await a.query('LISTEN c; LISTEN e; UNLISTEN c; LISTEN "F"');
    expect((await a.query('SELECT * FROM pg_listening_channels() ORDER BY 1')).rows).toEqual([['F'], ['e']]);
    const listed = await a.query('SELECT pg_listening_channels()');
    expect(listed.fields.map((f) => f.name)).toEqual(['pg_listening_channels']);
    expect(listed.rows).toEqual([['e'], ['F']]);
    await a.close();
    await b.query("NOTIFY e, 'closed'");
    await b.close();
  });

  it('sends pg_notify() like NOTIFY, NULL payload as empty', async () => {
    const a = db.connect();
    await a.query('LISTEN "Mixed"');
    const r = await a.query("SELECT pg_notify('Mixed', 'p1'), pg_notify('Mixed', NULL)");
    expect(r.rows).toEqual([['', '']]);
    expect(take(a).map((n) => [n[1], n[2]])).toEqual([
      ['Mixed', 'p1'],
      ['Mixed', ''],
    ]);
    await expect(a.query("SELECT pg_notify('', 'x')")).rejects.toMatchObject({
      code: '22023',
      message: 'channel name cannot be empty',
    });
    await a.close();
  });

  it('does not reuse a Database.query session that listens', async () => {
    await db.query('LISTEN q');
    const other = db.connect();
    await other.query("NOTIFY q, 'nobody listens'");
    await other.close();
    await db.query('SELECT 1');
    const listening = await db.query('SELECT count(*) FROM pg_listening_channels()');
    expect(listening.rows).toEqual([[0n]]);
  });

  it("checks PostgreSQL's limits", async () => {
    await expect(db.query(`NOTIFY c, '${'x'.repeat(8000)}'`)).rejects.toMatchObject({
      code: '22023',
      message: 'payload string too long',
    });
    await db.query(`NOTIFY c, '${'x'.repeat(7999)}'`);
  });
});
