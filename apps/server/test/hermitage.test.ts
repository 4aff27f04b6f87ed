/**
 * The hermitage isolation cases (../shared/conformance/hermitage) against the real server, every
 * case at every isolation level, compared event by event with what PostgreSQL 15 did. Runs that
 * RustyDB cannot match yet are listed in tools/hermitage/allowed-failures.txt (with why); a listed
 * run that starts passing fails this test too, so the list only shrinks.
 */
import { fileURLToPath } from 'node:url';
import { caseKey, judge, loadAllowList, loadCases, loadExpected, runCase } from '@rustydb/hermitage';
import { describe, expect, it } from 'vitest';
import { useServer } from './support/server-process.js';

const ALLOWED = fileURLToPath(new URL('../../../tools/hermitage/allowed-failures.txt', import.meta.url));

describe('hermitage isolation cases', () => {
  const env = useServer();

  it('behaves as PostgreSQL 15 in every case and level but the listed ones', async () => {
    const corpus = loadCases();
    const expected = loadExpected();
    const allowed = loadAllowList(ALLOWED);
    const connection = { host: '127.0.0.1', port: env.server.port, user: 'rustydb', database: 'rustydb' };
    const unexpected: string[] = [];
    const nowPassing: string[] = [];
    let passed = 0;
    for (const c of corpus.cases) {
      for (const level of corpus.levels) {
        const verdict = judge(await runCase(connection, corpus.setup, c, level), expected, allowed);
        if (verdict.passed) passed++;
        if (verdict.passed && allowed.has(caseKey(c.name, level))) nowPassing.push(verdict.run.key);
        if (!verdict.passed && !verdict.allowed) unexpected.push(verdict.run.key);
      }
    }
    console.log(
      `hermitage: ${passed} of ${corpus.cases.length * corpus.levels.length} runs match PostgreSQL 15`,
    );
    expect(unexpected).toEqual([]);
    expect(nowPassing).toEqual([]);
  }, 300_000);
});
