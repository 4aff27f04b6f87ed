import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('CREATE TABLE … ON COMMIT', () => {
  it('records the action of CREATE TABLE and CREATE TABLE AS', () => {
    expect(one('CREATE TEMP TABLE t (x int) ON COMMIT DROP')).toMatchObject({
      kind: 'createTable',
      temporary: true,
      onCommit: 'drop',
    });
    expect(
      one('CREATE GLOBAL TEMPORARY TABLE t (x int) WITH (fillfactor = 70) ON COMMIT DELETE ROWS'),
    ).toMatchObject({ onCommit: 'deleteRows' });
    expect(one('CREATE TEMP TABLE t ON COMMIT PRESERVE ROWS AS SELECT 1')).toMatchObject({
      kind: 'createTableAs',
      onCommit: 'preserveRows',
    });
    expect(one('CREATE TABLE t (x int)')).not.toHaveProperty('onCommit');
  });

  it('keeps PRESERVE a plain name, and refuses ON COMMIT on a materialized view', () => {
    expect(one('CREATE TABLE preserve (preserve int)')).toMatchObject({ name: { name: 'preserve' } });
    expect(() => one('CREATE MATERIALIZED VIEW m ON COMMIT DROP AS SELECT 1')).toThrow(
      expect.objectContaining({ code: '42601' }),
    );
  });
});

describe('ALTER TABLE … SET LOGGED / UNLOGGED', () => {
  it('is one action, and LOGGED stays a plain name', () => {
    expect(one('ALTER TABLE t SET LOGGED')).toMatchObject({ actions: [{ kind: 'setLogged', logged: true }] });
    expect(one('ALTER TABLE t SET UNLOGGED')).toMatchObject({
      actions: [{ kind: 'setLogged', logged: false }],
    });
    expect(one('SELECT 1 AS logged')).toMatchObject({ kind: 'select' });
  });
});
