/**
 * A hostile regular expression harms only its own statement: over the wire, another session
 * keeps answering while one matches patterns that backtrack exponentially, a pattern that must
 * backtrack ends with 2201B, and statement_timeout stops a statement of many such matches.
 * Without the guard each of these queries would hold the server's event loop for hours.
 */
import { describe, expect, it } from 'vitest';
import { useTwoClients } from './support/server-process.js';

describe('hostile regular expressions over the wire', () => {
  const clients = useTwoClients();

  it('another session answers while one matches exponential patterns', async () => {
    const hostile = clients.a.query(
      `SELECT count(*)::int AS n FROM generate_series(1, 300) g
        WHERE repeat('a', 25 + g % 5) || 'b' ~ '^(a+)+$' OR repeat('A', 28) || 'b' ~* '^(a|aa)+$'`,
    );
    expect((await clients.b.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await hostile).rows).toEqual([{ n: 0 }]);
  });

  it('a pattern that needs backtracking fails with 2201B, and both sessions go on', async () => {
    // The error is caught at once: it may come while b's query is awaited.
    const failed = clients.a
      .query(`SELECT repeat('a', 30) || 'b' ~ '^(a+)+\\1$'`)
      .catch((err: unknown) => err);
    expect((await clients.b.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
    expect(await failed).toMatchObject({
      code: '2201B',
      message: 'invalid regular expression: regular expression is too complex',
    });
    expect((await clients.a.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  });

  it('statement_timeout cancels a statement of many backtracking matches', async () => {
    await clients.a.query("SET statement_timeout = '300ms'");
    try {
      await expect(
        clients.a.query(
          `SELECT count(*) FROM generate_series(1, 1000000) g
            WHERE repeat('a', 12) || g ~ '^(a+)+\\1x'`,
        ),
      ).rejects.toMatchObject({ code: '57014', message: 'canceling statement due to statement timeout' });
    } finally {
      await clients.a.query('RESET statement_timeout');
    }
    expect((await clients.b.query('SELECT 4 AS four')).rows).toEqual([{ four: 4 }]);
  });
});
