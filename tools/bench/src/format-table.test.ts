import { describe, expect, it } from 'vitest';
import { formatFailure, formatKib, formatRate, formatRatio, formatTable } from './format-table.js';
import { formatSuiteReport } from './suite-report.js';

describe('formatTable', () => {
  it('pads columns, right-aligns numeric ones and marks them in the rule', () => {
    const text = formatTable({
      headers: ['workload', 'tps'],
      rows: [
        ['select-only', '12345'],
        ['tpcb', '7'],
      ],
      numeric: [1],
    });
    expect(text).toBe(
      [
        '| workload    |   tps |',
        '|-------------|------:|',
        '| select-only | 12345 |',
        '| tpcb        |     7 |',
        '',
      ].join('\n'),
    );
  });

  it('escapes pipes, flattens newlines and fills missing cells', () => {
    const text = formatTable({ headers: ['a', 'b'], rows: [['x|y\n  z']] });
    expect(text.split('\n')[2]).toBe('| x\\|y z |     |');
  });

  it('every line has the same width, so the Markdown renders as one table', () => {
    const text = formatTable({
      headers: ['workload', 'RustyDB', 'PostgreSQL', 'ratio'],
      rows: [['tpcb-like', formatFailure('ERROR: syntax error at or near "with"'), '1234', '']],
      numeric: [1, 2, 3],
    });
    const widths = new Set(
      text
        .trimEnd()
        .split('\n')
        .map((l) => l.length),
    );
    expect(widths.size).toBe(1);
  });
});

describe('number cells', () => {
  it('formatRate keeps precision proportional to size', () => {
    expect([formatRate(12345.6), formatRate(123.44), formatRate(12.34), formatRate(1.234)]).toEqual([
      '12346',
      '123',
      '12.3',
      '1.23',
    ]);
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('n/a');
  });

  it('formatRatio divides RustyDB by the other system and is empty without both', () => {
    expect(formatRatio(50, 100)).toBe('0.50');
    expect(formatRatio(300, 10)).toBe('30.0');
    expect(formatRatio(1, 1000)).toBe('0.0010');
    expect(formatRatio(undefined, 100)).toBe('');
    expect(formatRatio(100, undefined)).toBe('');
    expect(formatRatio(100, 0)).toBe('');
  });

  it('formatFailure makes one short line', () => {
    expect(formatFailure('ERROR:  boom\nLINE 1')).toBe('FAILED: ERROR: boom LINE 1');
    const long = formatFailure('x'.repeat(500), 40);
    expect(long).toHaveLength(40);
    expect(long.endsWith('…')).toBe(true);
  });

  it('formatKib prints MiB', () => {
    expect(formatKib(2048)).toBe('2.0 MiB');
  });
});

describe('formatSuiteReport', () => {
  it('prints the title, the table and the notes as a bullet list', () => {
    const text = formatSuiteReport({
      title: 'Embedded',
      table: { headers: ['a'], rows: [['1']] },
      notes: ['first', 'second'],
    });
    expect(text).toBe('## Embedded\n\n| a   |\n|-----|\n| 1   |\n\n- first\n- second\n');
  });
});
