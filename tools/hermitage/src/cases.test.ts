import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseKey, loadCases, loadExpected, stepSql } from './cases.js';

const dir = mkdtempSync(join(tmpdir(), 'hermitage-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, json: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(json));
  return path;
};

describe('the corpus', () => {
  const corpus = loadCases();
  const expected = loadExpected();

  it('has the 14 cases at the 3 levels, sessions T1..T3', () => {
    expect(corpus.cases).toHaveLength(14);
    expect(corpus.levels).toEqual(['read committed', 'repeatable read', 'serializable']);
    const sessions = new Set(corpus.cases.flatMap((c) => c.steps.map((s) => s.session)));
    expect([...sessions].sort()).toEqual([1, 2, 3]);
  });

  it('has an expected sequence for exactly every case at every level', () => {
    const keys = corpus.cases.flatMap((c) => corpus.levels.map((level) => caseKey(c.name, level)));
    expect([...expected.keys()].sort()).toEqual(keys.sort());
  });

  it('replaces LEVEL in a step', () => {
    const [begin] = corpus.cases[0].steps;
    expect(stepSql(begin, 'repeatable read')).toBe('begin isolation level repeatable read');
  });
});

describe('loadCases', () => {
  const valid = { setup: ['create table test (id int)'], levels: ['serializable'] };

  it('reads steps as session and SQL', () => {
    const path = write('ok.json', { ...valid, cases: [{ name: 'c', steps: [[2, 'select 1']] }] });
    expect(loadCases(path).cases).toEqual([{ name: 'c', steps: [{ session: 2, sql: 'select 1' }] }]);
  });

  it('rejects a malformed step, naming the file and the case', () => {
    const path = write('bad-step.json', { ...valid, cases: [{ name: 'c', steps: [['1', 'select 1']] }] });
    expect(() => loadCases(path)).toThrow(`${path}: case "c" step 0 must be [session >= 1, sql]`);
  });

  it('rejects duplicate case names and missing levels', () => {
    const twice = { name: 'c', steps: [[1, 'select 1']] };
    expect(() => loadCases(write('dup.json', { ...valid, cases: [twice, twice] }))).toThrow(
      'case "c" appears twice',
    );
    expect(() => loadCases(write('nolevels.json', { setup: [], levels: [], cases: [] }))).toThrow(
      '"levels" must be a list of levels',
    );
  });
});

describe('loadExpected', () => {
  it('rejects a value that is not a list of events', () => {
    const path = write('expected.json', { 'c @ serializable': 'step 0 T1: ok BEGIN' });
    expect(() => loadExpected(path)).toThrow('"c @ serializable" must be a list of events');
  });
});
