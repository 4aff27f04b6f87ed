import { describe, expect, it } from 'vitest';
import { finalEvent, finishedEvent, formatOutcome, formatRows, stepEvent } from './events.js';

describe('formatOutcome', () => {
  it('prints a result set as sorted id:value rows', () => {
    expect(
      formatOutcome({
        kind: 'rows',
        rows: [
          ['2', '20'],
          ['1', '10'],
        ],
      }),
    ).toBe('rows 1:10,2:20');
  });

  it('prints an empty result set as rows -', () => {
    expect(formatOutcome({ kind: 'rows', rows: [] })).toBe('rows -');
  });

  it('prints other statements by command tag, errors by SQLSTATE only', () => {
    expect(formatOutcome({ kind: 'ok', command: 'UPDATE' })).toBe('ok UPDATE');
    expect(formatOutcome({ kind: 'error', code: '40001', message: 'could not serialize access' })).toBe(
      'error 40001',
    );
  });

  it('prints a lost session with its reason (never equal to an expected event)', () => {
    expect(formatOutcome({ kind: 'lost', reason: 'server closed the connection' })).toBe(
      'lost: server closed the connection',
    );
  });
});

describe('formatRows', () => {
  it('sorts numbers numerically, not as text', () => {
    expect(
      formatRows([
        ['10', '1'],
        ['9', '2'],
        ['-1', '3'],
      ]),
    ).toBe('-1:3,9:2,10:1');
  });

  it('sorts by the next column when the first ties, NULL last', () => {
    expect(
      formatRows([
        ['1', null],
        ['1', '5'],
        ['1', '40'],
      ]),
    ).toBe('1:5,1:40,1:NULL');
  });

  it('sorts text bytewise and leaves its input alone', () => {
    const rows = [['b'], ['a'], ['B']];
    expect(formatRows(rows)).toBe('B,a,b');
    expect(rows).toEqual([['b'], ['a'], ['B']]);
  });
});

describe('event lines', () => {
  it('spells the events as expected-postgresql15.json does', () => {
    expect(stepEvent(3, 2, 'blocks')).toBe('step 3 T2: blocks');
    expect(stepEvent(0, 1, formatOutcome({ kind: 'ok', command: 'BEGIN' }))).toBe('step 0 T1: ok BEGIN');
    expect(finishedEvent(3, 2, 5, { kind: 'error', code: '40001', message: '' })).toBe(
      'step 3 T2 finished after step 5: error 40001',
    );
    expect(
      finalEvent({
        kind: 'rows',
        rows: [
          ['1', '11'],
          ['2', '21'],
        ],
      }),
    ).toBe('final: rows 1:11,2:21');
  });
});
