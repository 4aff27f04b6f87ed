/**
 * The PL/pgSQL parser: the tree it builds for each construct, and its errors.
 */
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { tokenize } from './lexer.js';
import { parseBlockBody } from './parser.js';

const errorOf = (body: string): string => {
  try {
    parseBlockBody(body);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  return 'ok';
};

describe('lexer', () => {
  it('skips comments and keeps quoted text whole, with line numbers', () => {
    const tokens = tokenize(`a -- c ; \n 'x;''y' /* ; /* nested */ */ $t$;$t$ E'\\';' "Q;" 1..2`);
    expect(tokens.map((t) => [t.type, t.value, t.line])).toEqual([
      ['word', 'a', 1],
      ['string', "'x;''y'", 2],
      ['string', '$t$;$t$', 2],
      ['string', "E'\\';'", 2],
      ['qword', 'Q;', 2],
      ['number', '1', 2],
      ['op', '..', 2],
      ['number', '2', 2],
    ]);
  });
});

describe('parser', () => {
  it('builds a block with declarations, statements and handlers', () => {
    const block = parseBlockBody(`<<top>>
DECLARE
  a int := 1;
  r record;
BEGIN
  a := a + 1;
  SELECT x INTO STRICT a FROM t WHERE y = a;
  INSERT INTO t VALUES (a) RETURNING x INTO a;
EXCEPTION WHEN unique_violation OR SQLSTATE '22012' THEN NULL;
END top;`);
    expect(block.label).toBe('top');
    expect(block.declarations.map((d) => [d.name, d.type, d.default?.text])).toEqual([
      ['a', 'int', '1'],
      ['r', 'record', undefined],
    ]);
    expect(block.body).toMatchObject([
      { kind: 'assign', target: ['a'], expr: { text: 'a + 1', line: 6 }, source: 'a := a + 1' },
      {
        kind: 'sql',
        sql: { text: `SELECT x ${' '.repeat(13)} FROM t WHERE y = a` },
        into: { strict: true, targets: [['a']] },
      },
      { kind: 'sql', sql: { text: 'INSERT INTO t VALUES (a) RETURNING x' }, into: { strict: false } },
    ]);
    expect(block.handlers).toEqual([
      {
        conditions: [{ name: 'unique_violation' }, { sqlstate: '22012' }],
        body: [{ kind: 'null', line: 9 }],
      },
    ]);
  });

  it('reads expressions up to their keyword at parenthesis depth 0', () => {
    const block = parseBlockBody(`BEGIN
  IF (SELECT count(*) FROM t WHERE a IN (1, 2)) > 0 THEN NULL; ELSIF b THEN NULL; END IF;
  FOR i IN REVERSE f(1, 2)..3 BY 2 LOOP END LOOP;
  FOR r IN SELECT 1..2 LOOP END LOOP;
  RAISE NOTICE 'a % b %', f(1, 2), 3 USING HINT = 'h';
  EXECUTE 'x' || y INTO z USING 1, 2;
END`);
    expect(block.body).toMatchObject([
      {
        kind: 'if',
        branches: [
          { cond: { text: '(SELECT count(*) FROM t WHERE a IN (1, 2)) > 0' } },
          { cond: { text: 'b' } },
        ],
      },
      {
        kind: 'forInteger',
        reverse: true,
        lower: { text: 'f(1, 2)' },
        upper: { text: '3' },
        step: { text: '2' },
      },
      { kind: 'forInteger', lower: { text: 'SELECT 1' } },
      { kind: 'raise', level: 'notice', format: 'a % b %', args: [{ text: 'f(1, 2)' }, { text: '3' }] },
      {
        kind: 'execute',
        command: { text: "'x' || y" },
        into: { targets: [['z']] },
        using: [{ text: '1' }, { text: '2' }],
      },
    ]);
  });

  it('reports syntax errors and unsupported constructs', () => {
    expect(errorOf('BEGIN WHEN; END')).toBe('42601 syntax error at or near "WHEN"');
    expect(errorOf('BEGIN NULL;')).toBe('42601 syntax error at end of input');
    expect(errorOf('BEGIN CONTINUE; END')).toBe('42601 CONTINUE cannot be used outside a loop');
    expect(errorOf('BEGIN LOOP EXIT nope; END LOOP; END')).toBe(
      '42601 there is no label "nope" attached to any block or loop enclosing this statement',
    );
    expect(errorOf('<<a>> BEGIN END b')).toBe(`42601 end label "b" differs from block's label "a"`);
    expect(errorOf(`BEGIN RAISE NOTICE '%'; END`)).toBe('42601 too few parameters specified for RAISE');
    expect(errorOf(`BEGIN NULL; EXCEPTION WHEN nope THEN NULL; END`)).toBe(
      '42704 unrecognized exception condition "nope"',
    );
    expect(errorOf('DECLARE c CONSTANT int; BEGIN END')).toBe(
      '42601 constant variable must have a default value',
    );
    expect(errorOf('BEGIN OPEN c; END')).toMatch(/^0A000 /);
    expect(errorOf('DECLARE x t%ROWTYPE; BEGIN END')).toMatch(/^0A000 /);
  });
});
