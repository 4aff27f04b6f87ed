import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

describe('PREPARE / EXECUTE / DEALLOCATE', () => {
  it('parses PREPARE with and without parameter types and keeps the statement text', () => {
    const sql = 'PREPARE q (int, text) AS SELECT $1 + 1, $2';
    const [s] = parse(sql);
    expect(s!.stmt).toMatchObject({
      kind: 'prepare',
      name: 'q',
      paramTypes: [{ name: 'int4' }, { name: 'text' }],
      statement: { kind: 'select' },
    });
    const p = s!.stmt as Extract<typeof s.stmt, { kind: 'prepare' }>;
    expect(sql.slice(p.statementLocation, p.statementLocation + p.statementLength)).toBe('SELECT $1 + 1, $2');
    expect(parse('prepare Ins as insert into t values ($1)')[0]!.stmt).toMatchObject({
      name: 'ins',
      paramTypes: [],
      statement: { kind: 'insert' },
    });
  });

  it('parses EXECUTE with expressions and DEALLOCATE [PREPARE] name | ALL', () => {
    expect(parse("EXECUTE q (1 + 2, 'x')")[0]!.stmt).toMatchObject({
      kind: 'execute',
      name: 'q',
      params: [{ kind: 'binaryOp' }, { kind: 'literal', value: 'x' }],
    });
    expect(parse('execute q')[0]!.stmt).toMatchObject({ kind: 'execute', params: [] });
    expect(parse('DEALLOCATE PREPARE q')[0]!.stmt).toEqual({ kind: 'deallocate', name: 'q', location: 0 });
    expect(parse('deallocate all')[0]!.stmt).toEqual({ kind: 'deallocate', name: undefined, location: 0 });
  });

  it('keeps PREPARE TRANSACTION and the new keywords usable as names', () => {
    expect(parse("PREPARE TRANSACTION 'g'")[0]!.stmt).toMatchObject({ kind: 'prepareTransaction' });
    expect(parse('SELECT execute, deallocate FROM t')[0]!.stmt).toMatchObject({ kind: 'select' });
    expect(() => parse('PREPARE q AS CREATE TABLE t (a int)')).toThrow(/syntax error at or near "CREATE"/);
  });

  it('parses DISCARD ALL | PLANS | SEQUENCES | TEMP | TEMPORARY, and keeps discard a name', () => {
    const target = (sql: string) => (parse(sql)[0]!.stmt as { target?: string }).target;
    expect(
      ['DISCARD ALL', 'discard plans', 'DISCARD SEQUENCES', 'DISCARD TEMP', 'DISCARD TEMPORARY'].map(target),
    ).toEqual(['all', 'plans', 'sequences', 'temp', 'temp']);
    expect(() => parse('DISCARD foo')).toThrow(/syntax error at or near "foo"/);
    expect(parse('SELECT discard FROM discard')[0]!.stmt).toMatchObject({ kind: 'select' });
  });
});
