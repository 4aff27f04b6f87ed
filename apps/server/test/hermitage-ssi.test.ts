/**
 * SSI conformance: 60 random SERIALIZABLE interleavings (tools/hermitage/ssi) against the real
 * server, compared event by event with what PostgreSQL 15 did: the same statements must fail with
 * 40001, and no others. No allow list: every run must match.
 */
import { fileURLToPath } from 'node:url';
import { judge, loadCases, loadExpected, runCase } from '@rustydb/hermitage';
import { describe, expect, it } from 'vitest';
import { useServer } from './support/server-process.js';

const DIR = fileURLToPath(new URL('../../../tools/hermitage/ssi/', import.meta.url));

describe('SSI interleavings', () => {
  const env = useServer();

  it('fails the same statements with 40001 as PostgreSQL 15', async () => {
    const corpus = loadCases(`${DIR}cases.json`);
    const expected = loadExpected(`${DIR}expected-postgresql15.json`);
    const connection = { host: '127.0.0.1', port: env.server.port, user: 'rustydb', database: 'rustydb' };
    const failed: string[] = [];
    let failures = 0;
    for (const c of corpus.cases) {
      for (const level of corpus.levels) {
        const verdict = judge(await runCase(connection, corpus.setup, c, level), expected, new Set());
        if (!verdict.passed) failed.push(verdict.run.key);
        failures += expected.get(verdict.run.key)!.filter((e) => e.includes('error 40001')).length;
      }
    }
    expect(failures).toBeGreaterThan(10); // the corpus does exercise SSI
    expect(failed).toEqual([]);
  }, 300_000);
});
