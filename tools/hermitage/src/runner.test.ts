import { type ReferencePostgres, startReferencePostgres } from '@rustydb/slt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseKey, type HermitageCase, loadCases, loadExpected } from './cases.js';
import { runCase } from './runner.js';
import { HermitageSession, type ServerOptions } from './session.js';

/**
 * The runner against a real PostgreSQL 15: it must reproduce expected-postgresql15.json exactly
 * (that validates the runner, not PostgreSQL). When PostgreSQL is not installed these tests skip
 * with the launcher's reason.
 *
 * The three levels of a case run at the same time, each in its own database (a case only touches
 * its database's `test` table), so the 700 ms waits overlap: about 5 s instead of 15.
 */
describe('against the reference PostgreSQL', () => {
  const corpus = loadCases();
  const expected = loadExpected();
  let postgres: ReferencePostgres | undefined;
  let unavailable = '';
  const databaseOf = (level: string): ServerOptions => ({
    ...postgres!,
    database: `hermitage_${corpus.levels.indexOf(level)}`,
  });

  beforeAll(async () => {
    try {
      postgres = await startReferencePostgres();
    } catch (err) {
      if (!(err as Error).message.startsWith('PostgreSQL 15 is not installed')) throw err;
      unavailable = (err as Error).message;
      return;
    }
    const admin = await HermitageSession.open(postgres, 5_000);
    for (const level of corpus.levels) {
      expect(await admin.run(`create database ${databaseOf(level).database}`)).toEqual({
        kind: 'ok',
        command: 'CREATE',
      });
    }
    await admin.close(1_000);
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it.for(corpus.cases.map((c) => [c.name, c] as const))(
    '%s: reproduces PostgreSQL 15 at every level',
    async ([, hermitageCase], ctx) => {
      if (postgres === undefined) return ctx.skip(unavailable);
      const runs = await Promise.all(
        corpus.levels.map((level) => runCase(databaseOf(level), corpus.setup, hermitageCase, level)),
      );
      for (const [i, level] of corpus.levels.entries()) {
        const key = caseKey(hermitageCase.name, level);
        expect({ key: runs[i].key, events: runs[i].events }).toEqual({ key, events: expected.get(key) });
      }
    },
  );

  it('queues a step behind a blocked one on the same session; both finish after the release', async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const queued: HermitageCase = {
      name: 'queued',
      steps: [
        { session: 1, sql: 'begin isolation level LEVEL' },
        { session: 1, sql: 'update test set value = 11 where id = 1' },
        { session: 2, sql: 'update test set value = 12 where id = 1' },
        { session: 2, sql: 'select * from test where id = 1' },
        { session: 1, sql: 'commit' },
      ],
    };
    const run = await runCase(postgres, corpus.setup, queued, 'read committed');
    expect(run.events).toEqual([
      'step 0 T1: ok BEGIN',
      'step 1 T1: ok UPDATE',
      'step 2 T2: blocks',
      'step 3 T2: blocks',
      'step 4 T1: ok COMMIT',
      'step 2 T2 finished after step 4: ok UPDATE',
      'step 3 T2 finished after step 4: rows 1:12',
      'final: rows 1:12,2:20',
    ]);
  });

  it('gives up on a step that never ends, and leaves the server usable', async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const stuck: HermitageCase = {
      name: 'stuck',
      steps: [
        { session: 1, sql: 'begin' },
        { session: 1, sql: 'update test set value = 11 where id = 1' },
        { session: 2, sql: 'update test set value = 12 where id = 1' },
      ],
    };
    const started = performance.now();
    const run = await runCase(postgres, corpus.setup, stuck, 'read committed', { caseTimeoutMs: 1_500 });
    expect(run.events).toEqual([
      'step 0 T1: ok BEGIN',
      'step 1 T1: ok UPDATE',
      'step 2 T2: blocks',
      'step 2 T2 did not finish within 1500 ms',
      'final: rows 1:10,2:20',
    ]);
    expect(performance.now() - started).toBeLessThan(4_000);
    // The stuck sessions are gone: the next case's setup (drop table) is not blocked.
    const next = corpus.cases.find((c) => c.name === 'G1a aborted reads')!;
    const after = await runCase(postgres, corpus.setup, next, 'read committed');
    expect(after.events).toEqual(expected.get(after.key));
  });

  it('reports a server it cannot reach as a connect event', async () => {
    const run = await runCase(
      { host: '127.0.0.1', port: 1, user: 'nobody', database: 'nowhere' },
      corpus.setup,
      corpus.cases[0],
      corpus.levels[0],
    );
    expect(run.events).toEqual([expect.stringMatching(/^connect: lost: /)]);
  });
});
