/**
 * One session's long query must not hold up the others: the executor's scans hand the event
 * loop a turn once the statement's time slice (10 ms) is used up, even inside a count(*), a
 * hash aggregation's or a hash join's input (executor operator.ts). The assertions are about
 * order, not time: the tables are large enough (hundreds of milliseconds of work) that the long
 * query outlives many slices on any machine.
 */
import { describe, expect, it } from 'vitest';
import { outcome } from './concurrency-test-helpers.js';
import { useFileDatabase } from './test-database.js';

const database = useFileDatabase({ autovacuum: false });
const ROWS = 300_000;

/** Runs `long` in one session and `SELECT 1` in another; returns the order they finished in. */
async function finishOrder(long: string): Promise<string[]> {
  const db = database();
  const s1 = db.connect();
  const s2 = db.connect();
  const order: string[] = [];
  const running = s1.query(long).then(() => order.push('long'));
  const short = s2.query('SELECT 1').then((r) => order.push(`short ${r.rows[0]?.[0]}`));
  await Promise.all([running, short]);
  await s1.close();
  await s2.close();
  return order;
}

describe('a long query yields to other sessions', () => {
  it('creates the table', async () => {
    await database().query(
      `CREATE TABLE big AS SELECT g AS id, g % 1000 AS k FROM generate_series(1, ${ROWS}) g`,
    );
  }, 60_000);

  it.each([
    ['count(*)', 'SELECT count(*) FROM big'],
    // Few groups: one output batch, so the executor's between-batch yields cannot help.
    ['GROUP BY', 'SELECT k % 7, count(*), sum(id) FROM big GROUP BY 1'],
    ['hash join', 'SELECT count(*) FROM big a JOIN big b ON a.id = b.id'],
    ['sort', 'SELECT id FROM big ORDER BY k, id DESC LIMIT 1'],
  ])(
    "another session's SELECT 1 completes before a long %s",
    async (_, sql) => {
      expect(await finishOrder(sql)).toEqual(['short 1', 'long']);
    },
    60_000,
  );

  it('a cancel sent while the long query is yielded stops it with 57014', async () => {
    const db = database();
    const s1 = db.connect();
    const s2 = db.connect();
    const running = outcome(s1.query('SELECT k, count(*) FROM big a JOIN big b USING (id, k) GROUP BY k'));
    // s2's statement ran during one of s1's turns: s1 is mid-way through its hash join.
    await s2.query('SELECT 1');
    db.cancel(s1.session.processId, s1.session.secretKey);
    expect(await running).toBe('57014 canceling statement due to user request');
    expect((await s1.query('SELECT count(*) FROM big')).rows).toEqual([[BigInt(ROWS)]]);
    await s1.close();
    await s2.close();
  }, 60_000);

  it('statement_timeout still stops a yielding aggregate', async () => {
    const s = database().connect();
    await s.query("SET statement_timeout = '20ms'");
    expect(await outcome(s.query('SELECT count(*) FROM big a JOIN big b ON a.id = b.id'))).toBe(
      '57014 canceling statement due to statement timeout',
    );
    await s.query('SET statement_timeout = 0');
    await s.close();
  }, 60_000);
});
