import { describe, expect, it } from 'vitest';
import { appliesTo, parseSlt, SltParseError } from './parser.js';

describe('parseSlt', () => {
  it('reads statements with their header line numbers', () => {
    const records = parseSlt(
      [
        'statement ok',
        'CREATE TABLE t1(a INTEGER,',
        '  b INTEGER)',
        '',
        '',
        'statement error',
        'SELECT nope',
      ].join('\n'),
    );
    expect(records).toEqual([
      {
        kind: 'statement',
        line: 1,
        conditions: [],
        sql: 'CREATE TABLE t1(a INTEGER,\n  b INTEGER)',
        expect: { kind: 'ok' },
      },
      { kind: 'statement', line: 6, conditions: [], sql: 'SELECT nope', expect: { kind: 'error' } },
    ]);
  });

  it('reads CockroachDB error expectations: pgcode and a message regex', () => {
    const [withCode, withRegex, codeOnly] = parseSlt(
      [
        'statement error pgcode 42P01 relation "t" does not exist',
        'SELECT * FROM t',
        '',
        'statement error division by .*',
        'SELECT 1/0',
        '',
        'statement error pgcode 22012',
        'SELECT 1/0',
      ].join('\n'),
    );
    expect(withCode).toMatchObject({
      expect: { kind: 'error', pgcode: '42P01', pattern: 'relation "t" does not exist' },
    });
    expect(withRegex).toMatchObject({ expect: { kind: 'error', pattern: 'division by .*' } });
    expect(codeOnly).toMatchObject({ expect: { kind: 'error', pgcode: '22012' } });
    expect(codeOnly.kind === 'statement' && codeOnly.expect.kind === 'error' && codeOnly.expect.pattern).toBe(
      undefined,
    );
  });

  it('reads queries: types, sort mode, label, SQL and expected values', () => {
    const [q] = parseSlt(
      ['query IT rowsort label-7', 'SELECT a, b', 'FROM t1', '----', '1', 'x', '2', '(empty)'].join('\n'),
    );
    expect(q).toEqual({
      kind: 'query',
      line: 1,
      conditions: [],
      sql: 'SELECT a, b\nFROM t1',
      types: 'IT',
      sortMode: 'rowsort',
      label: 'label-7',
      expected: { kind: 'values', values: ['1', 'x', '2', '(empty)'] },
    });
  });

  it('defaults to nosort and reads a query without results as expecting none', () => {
    const [q] = parseSlt('query R\nSELECT 1.5 WHERE false\n');
    expect(q).toMatchObject({ sortMode: 'nosort', expected: { kind: 'values', values: [] } });
  });

  it('reads hashed expectations', () => {
    const [q] = parseSlt(
      [
        'query I valuesort',
        'SELECT a FROM t1',
        '----',
        '30 values hashing to 3c13dee48d9356ae19af2515e05e6b54',
      ].join('\n'),
    );
    expect(q).toMatchObject({
      sortMode: 'valuesort',
      expected: { kind: 'hash', count: 30, hash: '3c13dee48d9356ae19af2515e05e6b54' },
    });
  });

  it('keeps skipif/onlyif conditions on the record, which is named by its header line', () => {
    const records = parseSlt(
      [
        'skipif mysql # not compatible',
        'onlyif postgresql',
        'query I rowsort',
        'SELECT 1',
        '----',
        '1',
        '',
        'onlyif sqlite',
        'statement ok',
        'CREATE TRIGGER x',
      ].join('\n'),
    );
    expect(records[0]).toMatchObject({
      line: 3,
      conditions: [
        { kind: 'skipif', engine: 'mysql' },
        { kind: 'onlyif', engine: 'postgresql' },
      ],
    });
    expect(appliesTo(records[0], 'postgresql')).toBe(true);
    expect(appliesTo(records[0], 'PostgreSQL')).toBe(true);
    expect(appliesTo(records[0], 'mysql')).toBe(false);
    expect(appliesTo(records[1], 'postgresql')).toBe(false);
    expect(appliesTo(records[1], 'SQLite')).toBe(true);
  });

  it('reads halt and hash-threshold', () => {
    const records = parseSlt('hash-threshold 8\n\nhalt\n\nstatement ok\nSELECT 1\n');
    expect(records.map((r) => r.kind)).toEqual(['hash-threshold', 'halt', 'statement']);
    expect(records[0]).toMatchObject({ threshold: 8, line: 1 });
    expect(records[1]).toMatchObject({ line: 3 });
  });

  it('reads colnames, comma- or space-separated: the first result line names the columns', () => {
    const [a, b] = parseSlt(
      [
        'query IT rowsort,colnames',
        'SELECT 1 AS a, 2 AS b',
        '----',
        'a  b',
        '1',
        '2',
        '',
        'query I colnames nosort',
        'SELECT 1 AS x',
        '----',
        'x',
        '1',
      ].join('\n'),
    );
    expect(a).toMatchObject({
      sortMode: 'rowsort',
      columnNames: ['a', 'b'],
      expected: { values: ['1', '2'] },
    });
    expect(b).toMatchObject({ sortMode: 'nosort', columnNames: ['x'], expected: { values: ['1'] } });
  });

  it('drops comment lines everywhere and strips CR, like sqllogictest.c', () => {
    const records = parseSlt(
      [
        '# a file comment',
        'statement ok\r',
        'CREATE TABLE t(a INT)\r',
        '# inside',
        '  \t',
        'query I',
        'SELECT 1',
      ].join('\n'),
    );
    expect(records[0]).toMatchObject({ line: 2, sql: 'CREATE TABLE t(a INT)' });
    expect(records[1]).toMatchObject({ line: 6, sql: 'SELECT 1' });
  });

  it('rejects unknown records and bad headers, naming the line', () => {
    expect(() => parseSlt('statement ok\nSELECT 1\n\nfrobnicate\n')).toThrow(/line 4: unknown record type/);
    expect(() => parseSlt('query IX\nSELECT 1\n')).toThrow(SltParseError);
    expect(() => parseSlt('statement maybe\nSELECT 1\n')).toThrow(/line 1/);
    expect(() => parseSlt('skipif postgresql\n')).toThrow(/condition without a record/);
    expect(() => parseSlt('statement error pgcode 42601 (\nSELECT\n')).toThrow(/bad error regex/);
  });
});
