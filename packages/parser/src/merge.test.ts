import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

describe('MERGE', () => {
  it('parses every WHEN form', () => {
    const [{ stmt: s }] = parse(
      `WITH s AS (SELECT 1 AS id) MERGE INTO t AS x USING s ON x.id = s.id
       WHEN MATCHED AND s.id > 0 THEN UPDATE SET v = 1
       WHEN MATCHED THEN DELETE
       WHEN NOT MATCHED AND true THEN INSERT (id, v) OVERRIDING USER VALUE VALUES (s.id, DEFAULT)
       WHEN NOT MATCHED THEN DO NOTHING`,
    );
    expect(s.kind).toBe('merge');
    if (s.kind !== 'merge') return;
    expect(s.alias).toBe('x');
    expect(s.with).toBeDefined();
    expect(s.when.map((w) => `${w.matched}:${w.action}`)).toEqual([
      'true:update',
      'true:delete',
      'false:insert',
      'false:nothing',
    ]);
    const ins = s.when[2];
    expect(ins.matched === false && ins.overriding).toBe('user');
    expect(ins.matched === false && ins.values?.length).toBe(2);
  });

  it('keeps MERGE and MATCHED non-reserved', () => {
    const [{ stmt: s }] = parse('SELECT merge, matched FROM merge');
    expect(s.kind).toBe('select');
  });

  it('has no RETURNING (PostgreSQL 15)', () => {
    expect(() => parse('MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE RETURNING *')).toThrow(
      /syntax error at or near "RETURNING"/,
    );
  });

  it('is refused inside WITH, as PostgreSQL 15 does, and may be prepared', () => {
    expect(() => parse('WITH x AS (MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE) SELECT 1')).toThrow(
      'MERGE not supported in WITH query',
    );
    const [{ stmt }] = parse('PREPARE p AS MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE');
    expect(stmt.kind === 'prepare' && stmt.statement.kind).toBe('merge');
  });
});
