import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileResult } from './runner.js';
import {
  checkRatchet,
  failureList,
  formatFileLine,
  formatTotalLine,
  loadAgreedList,
  loadRatchet,
  reportJson,
  scoreResults,
} from './score.js';

const file = (path: string, records: FileResult['records'], extra: Partial<FileResult> = {}): FileResult => ({
  path,
  records,
  cleanupErrors: [],
  durationMs: 12.4,
  ...extra,
});

const results: FileResult[] = [
  file('/c/slt/a.test', [
    { line: 1, kind: 'statement', outcome: 'pass' },
    { line: 4, kind: 'query', outcome: 'fail', reason: 'expected 1 values [1], got 1 [2]' },
    { line: 9, kind: 'query', outcome: 'skip' },
    { line: 14, kind: 'query', outcome: 'pass' },
  ]),
  file('/c/slt/b.test', [], { error: 'cannot connect: refused' }),
];
const keyOf = (p: string) => p.replace('/c/slt/', '');

describe('scoreResults', () => {
  it('without an agreed list counts every record that ran', () => {
    const score = scoreResults(results, keyOf);
    expect(score).toMatchObject({ passed: 2, failed: 1, scored: 3 });
    expect(score.passRate).toBeCloseTo(2 / 3);
    expect(score.files[0].failures).toEqual([{ line: 4, reason: 'expected 1 values [1], got 1 [2]' }]);
    expect(score.files[1]).toMatchObject({ passed: 0, failed: 0, error: 'cannot connect: refused' });
  });

  it('with an agreed list counts only listed records; listed ones that did not pass fail', () => {
    const agreed = new Map([
      ['a.test', new Set([1, 9, 14, 20])],
      ['b.test', new Set([3])],
    ]);
    const score = scoreResults(results, keyOf, agreed);
    expect(score).toMatchObject({ passed: 2, failed: 3, scored: 5 });
    expect(score.files[0].failures).toEqual([
      { line: 9, reason: 'skipped by skipif/onlyif' },
      { line: 20, reason: 'not run' },
    ]);
    expect(score.files[1].failures).toEqual([{ line: 3, reason: 'not run: cannot connect: refused' }]);
  });

  it('scores files missing from the agreed list as nothing', () => {
    const score = scoreResults(results, keyOf, new Map());
    expect(score).toMatchObject({ passed: 0, failed: 0, scored: 0, passRate: 1 });
  });
});

describe('output', () => {
  const score = scoreResults(results, keyOf);

  it('prints per-file and total lines', () => {
    expect(formatFileLine(score.files[0])).toBe('a.test: 2/3 (66.7%)');
    expect(formatFileLine(score.files[1])).toBe('b.test: 0/0 (100.0%) [cannot connect: refused]');
    expect(formatTotalLine(score)).toBe('total: 2/3 (66.7%)');
  });

  it('lists failures as file:line reason', () => {
    expect(failureList(score)).toBe('a.test:4 expected 1 values [1], got 1 [2]\n');
    expect(failureList(scoreResults([], keyOf))).toBe('');
  });

  it('writes the JSON report', () => {
    expect(reportJson(score)).toEqual({
      total: { passed: 2, failed: 1, scored: 3, passRate: 2 / 3 },
      files: {
        'a.test': {
          passed: 2,
          failed: 1,
          failures: [{ line: 4, reason: 'expected 1 values [1], got 1 [2]' }],
          durationMs: 12,
        },
        'b.test': { passed: 0, failed: 0, failures: [], error: 'cannot connect: refused', durationMs: 12 },
      },
    });
  });
});

describe('ratchet', () => {
  const score = scoreResults(results, keyOf);

  it('holds when both minimums are met', () => {
    expect(checkRatchet(score, { minPassRate: 0.6, minPassed: 2 })).toEqual([]);
  });

  it('names each minimum that is not met', () => {
    const problems = checkRatchet(score, { minPassRate: 0.7, minPassed: 3 });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/pass rate 0.6667 is below the ratchet's 0.7/);
    expect(problems[1]).toMatch(/2 passed is below the ratchet's 3/);
  });
});

describe('loading files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slt-score-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ratchets and checks their ranges', () => {
    const ok = join(dir, 'ratchet.json');
    writeFileSync(ok, '{ "minPassRate": 0.5, "minPassed": 10 }');
    expect(loadRatchet(ok)).toEqual({ minPassRate: 0.5, minPassed: 10 });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "minPassRate": 50 }');
    expect(() => loadRatchet(bad)).toThrow(/minPassRate/);
  });

  it('reads agreed lists and rejects malformed ones', () => {
    const ok = join(dir, 'agreed.json');
    writeFileSync(ok, '{ "select1.test": [1, 4, 7] }');
    expect(loadAgreedList(ok).get('select1.test')).toEqual(new Set([1, 4, 7]));
    const bad = join(dir, 'bad-agreed.json');
    writeFileSync(bad, '{ "select1.test": ["x"] }');
    expect(() => loadAgreedList(bad)).toThrow(/line numbers/);
  });
});
