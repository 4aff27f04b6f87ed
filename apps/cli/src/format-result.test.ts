import { describe, expect, it } from 'vitest';
import { formatErrorReport, formatStatementResult } from './format-result.js';
import { formatTiming } from './sql-shell.js';

describe('formatStatementResult', () => {
  const columns = [{ name: 'a', align: 'right' as const }];

  it('prints the tag of a command without rows', () => {
    expect(formatStatementResult({ tag: 'CREATE TABLE', rows: [] })).toBe('CREATE TABLE\n');
    expect(formatStatementResult({ tag: 'INSERT 0 1', rows: [] })).toBe('INSERT 0 1\n');
    expect(formatStatementResult({ tag: '', rows: [] })).toBe('');
  });

  it('prints the table, and the tag after RETURNING rows as psql does', () => {
    expect(formatStatementResult({ tag: 'SELECT 1', columns, rows: [['1']] })).toBe(
      ' a \n---\n 1\n(1 row)\n\n',
    );
    expect(formatStatementResult({ tag: 'INSERT 0 1', columns, rows: [['7']] })).toBe(
      ' a \n---\n 7\n(1 row)\n\nINSERT 0 1\n',
    );
    expect(formatStatementResult({ tag: 'DELETE 0', columns, rows: [] })).toBe(
      ' a \n---\n(0 rows)\n\nDELETE 0\n',
    );
  });
});

describe('formatErrorReport', () => {
  it('lays out libpq fields in order: message, LINE, DETAIL, HINT, CONTEXT', () => {
    const report = { severity: 'ERROR', message: 'bad', detail: 'd', hint: 'h', context: 'c', position: 8 };
    expect(formatErrorReport(report, 'SELECT  nope')).toBe(
      'ERROR:  bad\nLINE 1: SELECT  nope\n               ^\nDETAIL:  d\nHINT:  h\nCONTEXT:  c\n',
    );
  });

  it('points into the right line of a multi-line statement', () => {
    const report = { severity: 'ERROR', message: 'syntax error at or near "FORM"', position: 12 };
    expect(formatErrorReport(report, 'SELECT 1\n  FORM t')).toBe(
      'ERROR:  syntax error at or near "FORM"\nLINE 2:   FORM t\n          ^\n',
    );
  });

  it('omits the position without a statement, and notices keep their severity', () => {
    expect(formatErrorReport({ severity: 'NOTICE', message: 'hi', position: 3 })).toBe('NOTICE:  hi\n');
  });
});

describe('formatTiming', () => {
  it('prints like psql \\timing', () => {
    expect(formatTiming(0.5)).toBe('0.500 ms');
    expect(formatTiming(1234.5678)).toBe('1234.568 ms (00:01.235)');
    expect(formatTiming(3_723_004)).toBe('3723004.000 ms (01:02:03.004)');
    expect(formatTiming(90_000_000)).toBe('90000000.000 ms (1 d 01:00:00.000)');
  });
});
