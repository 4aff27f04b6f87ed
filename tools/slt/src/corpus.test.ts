import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTestFiles, conformanceDir, corpusKey, sltCorpusDir } from './corpus.js';
import { type ReferencePostgres, startReferencePostgres } from './reference-postgres.js';
import { runSltFiles } from './runner.js';
import { loadAgreedList, scoreResults } from './score.js';

describe('corpus files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slt-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('collects .test and .slt files recursively, sorted, and keys them relative to the corpus', () => {
    mkdirSync(join(dir, 'slt', 'index', 'b'), { recursive: true });
    for (const f of ['slt/z.test', 'slt/index/b/a.slt', 'slt/index/notes.md', 'slt/a.test']) {
      writeFileSync(join(dir, f), '');
    }
    const files = collectTestFiles([join(dir, 'slt'), join(dir, 'slt', 'a.test')]);
    expect(files.map((f) => corpusKey(f, join(dir, 'slt')))).toEqual(['a.test', 'index/b/a.slt', 'z.test']);
    expect(() => collectTestFiles([join(dir, 'missing')])).toThrow();
  });

  it('finds the conformance directory beside the repository, or where RUSTYDB_CONFORMANCE_DIR says', () => {
    const saved = process.env.RUSTYDB_CONFORMANCE_DIR;
    try {
      delete process.env.RUSTYDB_CONFORMANCE_DIR;
      // tools/slt/src → the repository root's parent holds shared/conformance.
      const repoRoot = join(import.meta.dirname, '..', '..', '..');
      expect(conformanceDir()).toBe(join(repoRoot, '..', 'shared', 'conformance'));
      process.env.RUSTYDB_CONFORMANCE_DIR = dir;
      expect(sltCorpusDir()).toBe(join(dir, 'slt'));
    } finally {
      if (saved === undefined) delete process.env.RUSTYDB_CONFORMANCE_DIR;
      else process.env.RUSTYDB_CONFORMANCE_DIR = saved;
    }
  });
});

/**
 * The proof that the runner formats, sorts and hashes as the corpus expects: PostgreSQL 15 must
 * pass exactly the records `postgresql-agreed.json` lists, over the whole corpus (about 94k
 * records, under a minute against a local PostgreSQL). Skips only when PostgreSQL is not
 * installed; a missing corpus fails.
 */
describe('the sqllogictest corpus against the reference PostgreSQL', () => {
  let postgres: ReferencePostgres | undefined;
  let unavailable = '';

  beforeAll(async () => {
    try {
      postgres = await startReferencePostgres();
    } catch (err) {
      if (!(err as Error).message.startsWith('PostgreSQL 15 is not installed')) throw err;
      unavailable = (err as Error).message;
    }
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('passes every agreed record, and only those', { timeout: 600_000 }, async (ctx) => {
    if (postgres === undefined) return ctx.skip(unavailable);
    const corpus = sltCorpusDir();
    const agreed = loadAgreedList(join(corpus, 'postgresql-agreed.json'));
    const files = collectTestFiles([corpus]);
    const keyOf = (path: string) => corpusKey(path, corpus);
    expect(files.map(keyOf).sort()).toEqual([...agreed.keys()].sort());

    const results = await runSltFiles(files, { connection: postgres, timeoutMs: 30_000 });
    const score = scoreResults(results, keyOf, agreed);
    const failing = score.files.flatMap((f) => f.failures.map((x) => `${f.key}:${x.line} ${x.reason}`));
    expect(failing).toEqual([]);
    expect(score.passed).toBe([...agreed.values()].reduce((n, lines) => n + lines.size, 0));

    // Records PostgreSQL is known to answer differently must fail here too: a runner more lenient
    // than the one that produced the list would pass some of them.
    const unexpectedPasses = results.flatMap((r) =>
      r.records
        .filter((x) => x.outcome === 'pass' && !agreed.get(keyOf(r.path))?.has(x.line))
        .map((x) => `${keyOf(r.path)}:${x.line}`),
    );
    expect(unexpectedPasses).toEqual([]);
    expect(results.every((r) => r.cleanupErrors.length === 0 && r.lost === undefined)).toBe(true);
  });
});
