import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffEvents } from './diff-events.js';
import type { CaseRun } from './runner.js';
import { formatTotal, formatVerdict, judge, loadAllowList, nowPassing, reportJson } from './verdict.js';

const run = (key: string, events: string[]): CaseRun => ({
  key,
  caseName: key.split(' @ ')[0],
  level: key.split(' @ ')[1],
  events,
  durationMs: 12.4,
});
const expected = new Map([
  ['a @ read committed', ['step 0 T1: ok BEGIN', 'step 1 T2: blocks', 'final: rows 1:10']],
  ['b @ read committed', ['step 0 T1: ok BEGIN', 'final: rows -']],
]);

describe('diffEvents', () => {
  it('marks a changed event as a -/+ pair between common lines', () => {
    expect(diffEvents(['x', 'a', 'y'], ['x', 'b', 'y'])).toEqual(['  x', '- a', '+ b', '  y']);
  });

  it('shows missing and extra events', () => {
    expect(diffEvents(['x', 'y', 'z'], ['x', 'z', 'w'])).toEqual(['  x', '- y', '  z', '+ w']);
    expect(diffEvents([], ['x'])).toEqual(['+ x']);
    expect(diffEvents(['x'], [])).toEqual(['- x']);
  });
});

describe('judge and formatVerdict', () => {
  it('passes an identical sequence only', () => {
    const ok = judge(
      run('a @ read committed', [...expected.get('a @ read committed')!]),
      expected,
      new Set(),
    );
    expect(ok.passed).toBe(true);
    expect(formatVerdict(ok)).toEqual(['PASS a @ read committed (12 ms)']);
    const prefix = judge(run('a @ read committed', ['step 0 T1: ok BEGIN']), expected, new Set());
    expect(prefix.passed).toBe(false);
  });

  it('prints a failure with the diff, marked when the allow list names it', () => {
    const events = ['step 0 T1: ok BEGIN', 'step 1 T2: ok UPDATE', 'final: rows 1:10'];
    const failed = judge(run('a @ read committed', events), expected, new Set(['a @ read committed']));
    expect(failed).toMatchObject({ passed: false, allowed: true });
    expect(formatVerdict(failed)).toEqual([
      'FAIL (allowed) a @ read committed (12 ms)',
      '      step 0 T1: ok BEGIN',
      '    - step 1 T2: blocks',
      '    + step 1 T2: ok UPDATE',
      '      final: rows 1:10',
    ]);
  });

  it('fails a key the expected file does not have', () => {
    const verdict = judge(run('c @ serializable', []), expected, new Set());
    expect(verdict.passed).toBe(false);
    expect(formatVerdict(verdict)[1]).toBe('    no expected events for "c @ serializable"');
  });
});

describe('totals, allow list and report', () => {
  const allow = new Set(['a @ read committed', 'b @ read committed']);
  const verdicts = [
    judge(run('a @ read committed', ['final: rows 1:11']), expected, allow),
    judge(run('b @ read committed', [...expected.get('b @ read committed')!]), expected, allow),
    judge(run('b @ serializable', []), expected, allow),
  ];

  it('counts passes, failures and allowed failures', () => {
    expect(formatTotal(verdicts)).toBe('hermitage: 1 passed, 2 failed (1 allowed)');
    expect(formatTotal(verdicts.slice(1))).toBe('hermitage: 1 passed, 1 failed');
  });

  it('names the allowed keys that now pass', () => {
    expect(nowPassing(verdicts, allow)).toEqual(['b @ read committed']);
  });

  it('reads an allow list, skipping blank lines and comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hermitage-allow-'));
    try {
      const path = join(dir, 'allow.txt');
      writeFileSync(
        path,
        '# row locks: issue 4\nG0 write cycles @ read committed\n\n  P4 lost update @ serializable  \n',
      );
      expect([...loadAllowList(path)]).toEqual([
        'G0 write cycles @ read committed',
        'P4 lost update @ serializable',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports totals and, for failures, both sequences', () => {
    expect(reportJson(verdicts.slice(0, 2))).toEqual({
      total: { passed: 1, failed: 1, allowed: 1 },
      cases: {
        'a @ read committed': {
          passed: false,
          allowed: true,
          durationMs: 12,
          events: ['final: rows 1:11'],
          expected: expected.get('a @ read committed'),
        },
        'b @ read committed': {
          passed: true,
          allowed: false,
          durationMs: 12,
          events: expected.get('b @ read committed'),
        },
      },
    });
  });
});
