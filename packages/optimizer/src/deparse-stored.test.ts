/**
 * deparseStored over hand-made bound expressions: ruleutils' parentheses (every operator when
 * not pretty, isSimpleNode's when pretty), implicit casts shown only where showimplicit is on,
 * and the binder's rewrites printed as PostgreSQL's syntax. The difftest corpus
 * 46-expression-display compares the same through the catalogs with PostgreSQL 15.
 */
import { type SqlType, sqlType } from '@rustydb/common';
import type { BoundExpr } from '@rustydb/planner';
import { describe, expect, it } from 'vitest';
import { deparseStored } from './deparse-stored.js';
import { looksLikeFunction } from './deparse-stored-rules.js';

type Expr = BoundExpr<unknown>;
const INT = sqlType('int4');
const TEXT = sqlType('text');
const BOOL = sqlType('bool');
const col = (name: string, type: SqlType = INT): Expr => ({ kind: 'column', type, index: 0, name });
const num = (value: number, type: SqlType = INT): Expr => ({ kind: 'const', type, value });
const str = (value: string): Expr => ({ kind: 'const', type: TEXT, value });
const op = (o: string, a: Expr, b: Expr, type: SqlType = BOOL): Expr => ({
  kind: 'op',
  type,
  op: o as never,
  args: [a, b],
});
const cast = (arg: Expr, type: SqlType, explicit = false): Expr => ({ kind: 'cast', type, arg, explicit });
const names = { userType: (t: SqlType) => t.name, column: (n: string) => n };
const both = (e: Expr) => [deparseStored(e, false, names), deparseStored(e, true, names)];

describe('deparseStored', () => {
  it('parenthesizes every operator, or only where precedence needs it when pretty', () => {
    const range: Expr = {
      kind: 'and',
      type: BOOL,
      args: [op('>', col('a'), num(0)), op('<', col('a'), num(10))],
    };
    expect(both(range)).toEqual(['((a > 0) AND (a < 10))', 'a > 0 AND a < 10']);
    const sum = op('>', op('+', op('*', col('m'), num(2), INT), num(1), INT), op('-', col('m'), num(3), INT));
    expect(both(sum)).toEqual(['(((m * 2) + 1) > (m - 3))', '(m * 2 + 1) > (m - 3)']);
    const left = op('-', op('-', col('a'), col('b'), INT), col('c'), INT);
    const right = op('-', col('a'), op('-', col('b'), col('c'), INT), INT);
    expect([both(left)[1], both(right)[1]]).toEqual(['a - b - c', 'a - (b - c)']);
    const or: Expr = {
      kind: 'or',
      type: BOOL,
      args: [range, { kind: 'isNull', type: BOOL, arg: col('a'), negated: false }],
    };
    expect(both(or)).toEqual(['(((a > 0) AND (a < 10)) OR (a IS NULL))', 'a > 0 AND a < 10 OR a IS NULL']);
  });

  it('shows implicit casts as operator and function arguments, not at the top', () => {
    const varchar = sqlType('varchar');
    const lower: Expr = { kind: 'func', type: TEXT, name: 'lower', args: [cast(col('n', varchar), TEXT)] };
    expect(both(lower)).toEqual(['lower((n)::text)', 'lower(n::text)']);
    expect(both(cast(op('+', col('a'), num(1), INT), sqlType('int8')))).toEqual(['(a + 1)', '(a + 1)']);
    expect(both(op('<', col('w', sqlType('numeric')), cast(num(100), sqlType('numeric'))))).toEqual([
      '(w < (100)::numeric)',
      'w < 100::numeric',
    ]);
    // int8 > int4 is PostgreSQL's own operator: no cast on the widened side.
    expect(both(op('>', col('q', sqlType('int8')), cast(col('a'), sqlType('int8'))))).toEqual([
      '(q > a)',
      'q > a',
    ]);
  });

  it("prints the binder's rewrites as PostgreSQL's syntax", () => {
    const inList: Expr = {
      kind: 'inList',
      type: BOOL,
      arg: col('b'),
      list: [num(1), num(2)],
      negated: false,
    };
    expect(both(inList)).toEqual(['(b = ANY (ARRAY[1, 2]))', 'b = ANY (ARRAY[1, 2])']);
    const notIn: Expr = { ...inList, list: [num(7)], negated: true } as Expr;
    expect(both(notIn)).toEqual(['(b <> 7)', 'b <> 7']);
    const like: Expr = {
      kind: 'like',
      type: BOOL,
      arg: col('d', TEXT),
      pattern: str('x%'),
      caseInsensitive: true,
      negated: true,
    };
    expect(both(like)).toEqual(["(d !~~* 'x%'::text)", "d !~~* 'x%'::text"]);
    const now: Expr = {
      kind: 'func',
      type: sqlType('timestamptz'),
      name: 'now',
      args: [],
      keyword: 'CURRENT_TIMESTAMP',
    };
    expect(both(now)).toEqual(['CURRENT_TIMESTAMP', 'CURRENT_TIMESTAMP']);
    const regex: Expr = {
      kind: 'not',
      type: BOOL,
      arg: { kind: 'func', type: BOOL, name: 'textregexeq', args: [col('b', TEXT), str('z')] },
    };
    expect(both(regex)).toEqual(["(b !~ 'z'::text)", "b !~ 'z'::text"]);
  });

  it('lays CASE out over lines, as PRETTY_INDENT does in both modes', () => {
    const e: Expr = {
      kind: 'case',
      type: BOOL,
      whens: [{ cond: op('>', col('k'), num(10)), result: op('<', col('k'), num(20)) }],
      otherwise: { kind: 'const', type: BOOL, value: true },
    };
    expect(both(e)).toEqual([
      '\nCASE\n    WHEN (k > 10) THEN (k < 20)\n    ELSE true\nEND',
      '\nCASE\n    WHEN k > 10 THEN k < 20\n    ELSE true\nEND',
    ]);
  });

  it('tells function calls from other index keys', () => {
    expect(looksLikeFunction({ kind: 'func', type: TEXT, name: 'lower', args: [col('b', TEXT)] })).toBe(true);
    expect(looksLikeFunction(op('||', col('b', TEXT), str('x'), TEXT))).toBe(false);
    expect(
      looksLikeFunction({ kind: 'func', type: BOOL, name: 'textregexeq', args: [col('b', TEXT), str('x')] }),
    ).toBe(false);
  });
});

describe('deparseStored with a query printer (pg_get_viewdef)', () => {
  const sub = (mode: 'scalar' | 'exists' | 'in', negated = false, testExpr?: Expr): Expr => ({
    kind: 'subquery',
    type: mode === 'scalar' ? INT : BOOL,
    mode,
    plan: {},
    negated,
    correlated: false,
    ...(testExpr ? { testExpr } : {}),
  });
  const printer = {
    ...names,
    columnRef: (e: { name: string; table?: string }) => `${e.table}.${e.name}`,
    subquery: () => ' SELECT 1',
    allOperator: () => undefined,
  };
  const print = (e: Expr) => [deparseStored(e, false, printer), deparseStored(e, true, printer)];
  const qualified: Expr = { kind: 'column', type: INT, index: 0, name: 'a', table: 't' };

  it('prints columns through the printer and sublinks with their own parentheses', () => {
    expect(print(op('=', qualified, num(1)))).toEqual(['(t.a = 1)', 't.a = 1']);
    expect(print(sub('exists'))).toEqual(['(EXISTS ( SELECT 1))', '(EXISTS ( SELECT 1))']);
    expect(print(sub('in', true, qualified))).toEqual([
      '(NOT (t.a IN ( SELECT 1)))',
      'NOT (t.a IN ( SELECT 1))',
    ]);
  });

  it('sets a scalar sublink in parentheses again under an operator (pretty), not under AND', () => {
    expect(print(op('>', qualified, sub('scalar')))).toEqual(['(t.a > ( SELECT 1))', 't.a > (( SELECT 1))']);
    const and: Expr = { kind: 'and', type: BOOL, args: [sub('exists'), op('=', qualified, num(1))] };
    expect(print(and)).toEqual(['((EXISTS ( SELECT 1)) AND (t.a = 1))', '(EXISTS ( SELECT 1)) AND t.a = 1']);
  });

  it('prints `<> ALL` where the printer says the sublink was written so', () => {
    const all = { ...printer, allOperator: () => '<>' };
    expect(deparseStored(sub('in', true, qualified), true, all)).toBe('(t.a <> ALL ( SELECT 1))');
  });
});
