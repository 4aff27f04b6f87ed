import { describe, expect, it } from 'vitest';
import { parse } from './index.js';

const stmt = (sql: string) => parse(sql)[0]!.stmt;

describe('DECLARE / FETCH / MOVE / CLOSE', () => {
  it('parses DECLARE with its options and the query text span', () => {
    const sql = 'DECLARE "c" BINARY INSENSITIVE NO SCROLL CURSOR WITH HOLD FOR SELECT 1';
    expect(stmt(sql)).toMatchObject({
      kind: 'declareCursor',
      name: 'c',
      binary: true,
      scroll: false,
      hold: true,
      location: 0,
      length: sql.length,
      query: { kind: 'select' },
    });
    expect(stmt('declare c scroll cursor without hold for values (1)')).toMatchObject({
      scroll: true,
      hold: false,
      binary: false,
      query: { kind: 'values' },
    });
    expect(stmt('DECLARE c CURSOR FOR TABLE t')).toMatchObject({ scroll: undefined, hold: false });
  });

  it('refuses contradicting options with 42P11', () => {
    expect(() => parse('DECLARE c SCROLL NO SCROLL CURSOR FOR SELECT 1')).toThrow(
      expect.objectContaining({ code: '42P11', message: 'cannot specify both SCROLL and NO SCROLL' }),
    );
    expect(() => parse('DECLARE c ASENSITIVE INSENSITIVE CURSOR FOR SELECT 1')).toThrow(
      expect.objectContaining({ code: '42P11' }),
    );
  });

  it('reduces every FETCH direction as gram.y does', () => {
    const dir = (sql: string) => (stmt(sql) as { direction: unknown }).direction;
    expect(stmt('FETCH c')).toEqual({
      kind: 'fetch',
      move: false,
      direction: { kind: 'forward', count: 1 },
      name: 'c',
    });
    expect(dir('FETCH NEXT FROM c')).toEqual({ kind: 'forward', count: 1 });
    expect(dir('FETCH PRIOR IN c')).toEqual({ kind: 'backward', count: 1 });
    expect(dir('FETCH FIRST c')).toEqual({ kind: 'absolute', count: 1 });
    expect(dir('FETCH LAST c')).toEqual({ kind: 'absolute', count: -1 });
    expect(dir('FETCH ABSOLUTE -3 c')).toEqual({ kind: 'absolute', count: -3 });
    expect(dir('FETCH RELATIVE 0 c')).toEqual({ kind: 'relative', count: 0 });
    expect(dir('FETCH 5 c')).toEqual({ kind: 'forward', count: 5 });
    expect(dir('FETCH -5 c')).toEqual({ kind: 'backward', count: 5 });
    expect(dir('FETCH ALL c')).toEqual({ kind: 'forward', count: 'all' });
    expect(dir('FETCH FORWARD c')).toEqual({ kind: 'forward', count: 1 });
    expect(dir('FETCH FORWARD 7 FROM c')).toEqual({ kind: 'forward', count: 7 });
    expect(dir('FETCH FORWARD ALL FROM c')).toEqual({ kind: 'forward', count: 'all' });
    expect(dir('FETCH BACKWARD ALL FROM c')).toEqual({ kind: 'backward', count: 'all' });
    expect(dir('FETCH BACKWARD -2 FROM c')).toEqual({ kind: 'forward', count: 2 });
    expect(stmt('MOVE LAST IN c')).toMatchObject({ kind: 'fetch', move: true });
  });

  it('takes cursor words as names, and a cursor named like a direction', () => {
    expect(stmt('FETCH next')).toMatchObject({ name: 'next', direction: { kind: 'forward', count: 1 } });
    // Unreserved and bare labels in PostgreSQL 15 (pg_get_keywords): names, aliases without AS.
    const words =
      'absolute asensitive backward close cursor declare forward hold insensitive move prior relative scroll';
    for (const w of words.split(' ')) {
      for (const sql of [
        `SELECT ${w}, 1 ${w}, t.${w} FROM ${w} t`,
        `CREATE TABLE ${w} (${w} int)`,
        `SELECT ${w}(1)`,
      ]) {
        expect(stmt(sql).kind, sql).toBeDefined();
      }
    }
  });

  it('parses CLOSE name | ALL', () => {
    expect(stmt('CLOSE c')).toEqual({ kind: 'closePortal', name: 'c' });
    expect(stmt('close all')).toEqual({ kind: 'closePortal', name: undefined });
  });
});
