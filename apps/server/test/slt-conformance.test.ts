/**
 * The shared sqllogictest corpus (../shared/conformance/slt, written for SQLite, filtered to the
 * records PostgreSQL 15 answers as the corpus expects) against the real env.server. Every record runs
 * in order; only the PostgreSQL-agreed ones are scored. The run fails when
 * - the score falls below tools/slt/ratchet.json, or
 * - a scored record fails that is not listed in tools/slt/known-failures.txt (each known failure
 *   is listed there with its reason; fixing one means deleting its line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkRatchet,
  collectTestFiles,
  corpusKey,
  failureList,
  loadAgreedList,
  loadRatchet,
  runSltFiles,
  scoreResults,
  sltCorpusDir,
} from '@rustydb/slt';
import { describe, expect, it } from 'vitest';
import { useServer } from './support/server-process.js';

const SLT_TOOL = fileURLToPath(new URL('../../../tools/slt/', import.meta.url));

describe('sqllogictest conformance corpus', () => {
  const env = useServer();

  it('passes every PostgreSQL-agreed record but the known failures, above the ratchet', async () => {
    const corpus = sltCorpusDir();
    const files = collectTestFiles([corpus]);
    expect(files.length).toBeGreaterThan(20);
    const results = await runSltFiles(files, {
      connection: { host: '127.0.0.1', port: env.server.port, user: 'rustydb', database: 'rustydb' },
      timeoutMs: 20_000,
    });
    const score = scoreResults(
      results,
      (p) => corpusKey(p, corpus),
      loadAgreedList(join(corpus, 'postgresql-agreed.json')),
    );
    console.log(`slt conformance: ${score.passed}/${score.scored} (${(score.passRate * 100).toFixed(2)}%)`);

    const known = new Set(
      readFileSync(join(SLT_TOOL, 'known-failures.txt'), 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => l.split(' ')[0]),
    );
    const unexpected = failureList(score)
      .split('\n')
      .filter((l) => l && !known.has(l.split(' ')[0]!));
    expect(unexpected).toEqual([]);
    expect(checkRatchet(score, loadRatchet(join(SLT_TOOL, 'ratchet.json')))).toEqual([]);
  }, 900_000);
});
