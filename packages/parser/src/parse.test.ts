import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parse, parseExpression } from './index.js';

/** The error `fn` throws, asserted to be a DbError. */
function errorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DbError);
    return err as DbError;
  }
  throw new Error('expected an error');
}

describe('parse: statements and their locations', () => {
  it('returns nothing for empty input, whitespace, comments and bare semicolons', () => {
    expect(parse('')).toEqual([]);
    expect(parse('  \n ')).toEqual([]);
    expect(parse('-- only a comment')).toEqual([]);
    expect(parse(';;; /* c */ ;')).toEqual([]);
  });

  it('delimits each statement from its first to its last token', () => {
    const sql = '  SELECT 1 ;\n insert into t values (2);;  COMMIT  ';
    const stmts = parse(sql);
    expect(stmts.map((s) => s.stmt.kind)).toEqual(['select', 'insert', 'commit']);
    expect(stmts.map((s) => sql.slice(s.location, s.location + s.length))).toEqual([
      'SELECT 1',
      'insert into t values (2)',
      'COMMIT',
    ]);
  });

  it('gives expressions 0-based offsets into the whole string', () => {
    const sql = 'SELECT 1; SELECT a + b FROM t WHERE x IS NULL';
    const second = parse(sql)[1].stmt;
    if (second.kind !== 'select') throw new Error('expected a select');
    const expr = second.targets[0].expr;
    expect(expr).toMatchObject({
      kind: 'binaryOp',
      location: 19,
      left: { location: 17 },
      right: { location: 21 },
    });
    expect(second.from[0].location).toBe(28);
    expect(second.where).toMatchObject({ kind: 'nullTest', location: 38, arg: { location: 36 } });
  });

  it('counts locations in characters, not UTF-16 units', () => {
    const stmt = parse("SELECT '😀', x")[0].stmt;
    if (stmt.kind !== 'select') throw new Error('expected a select');
    expect(stmt.targets[1].expr.location).toBe(12);
  });

  it('reports a syntax error in a later statement at its position in the whole string', () => {
    const err = errorOf(() => parse('SELECT 1; SELECT 2 FROM; SELECT 3'));
    expect(err.code).toBe('42601');
    expect(err.message).toBe('syntax error at or near ";"');
    expect(err.fields.position).toBe(24);
  });
});

describe('parse: identifiers', () => {
  it('folds unquoted identifiers to lower case and keeps quoted ones', () => {
    const stmt = parse('SELECT Abc, "Abc", "a""b", U&"d\\0061t" FROM Sch.Tbl')[0].stmt;
    expect(stmt).toMatchObject({
      targets: [
        { expr: { names: ['abc'] } },
        { expr: { names: ['Abc'] } },
        { expr: { names: ['a"b'] } },
        { expr: { names: ['dat'] } },
      ],
      from: [{ name: { schema: 'sch', name: 'tbl' } }],
    });
  });

  it('truncates identifiers to 63 bytes', () => {
    const long = 'a'.repeat(70);
    const stmt = parse(`SELECT ${long}`)[0].stmt;
    expect(stmt).toMatchObject({ targets: [{ expr: { names: ['a'.repeat(63)] } }] });
  });

  it('accepts unreserved and column-name keywords as column names but not reserved ones', () => {
    expect(parse('SELECT name, key, value, type, data, level, position FROM t')).toHaveLength(1);
    expect(parse('CREATE TABLE t (year int, month int, zone text, option int, action int)')).toHaveLength(1);
    expect(errorOf(() => parse('SELECT * FROM user')).fields.position).toBe(15);
    expect(errorOf(() => parse('CREATE TABLE t (select int)')).message).toBe(
      'syntax error at or near "select"',
    );
  });
});

describe('parse: literals', () => {
  const lit = (sql: string): unknown => parseExpression(sql);

  it('keeps numbers as text and classifies them', () => {
    expect(lit('42')).toMatchObject({ kind: 'literal', type: 'integer', value: '42' });
    expect(lit('99999999999999999999')).toMatchObject({ type: 'integer', value: '99999999999999999999' });
    expect(lit('1.5e3')).toMatchObject({ type: 'numeric', value: '1.5e3' });
    expect(lit('-.5')).toMatchObject({ type: 'numeric', value: '-.5', location: 0 });
  });

  it('decodes every string form', () => {
    expect(lit("'it''s'")).toMatchObject({ type: 'string', value: "it's" });
    expect(lit("'a'\n  'b' -- comment\n'c'")).toMatchObject({ value: 'abc' });
    expect(lit("E'tab\\there\\n\\'q\\' \\x41\\101\\u00e9'")).toMatchObject({
      value: "tab\there\n'q' AA\u00e9",
    });
    expect(lit("E'\\xc3\\xa9'")).toMatchObject({ value: 'é' });
    expect(lit("U&'d\\0061t\\+000061'")).toMatchObject({ value: 'data' });
    expect(lit("U&'d!0061t' UESCAPE '!'")).toMatchObject({ value: 'dat' });
    expect(lit("$$it's $ here$$")).toMatchObject({ value: "it's $ here" });
    expect(lit('$fn$ $$ nested $$ $fn$')).toMatchObject({ value: ' $$ nested $$ ' });
    expect(lit("B'1010'")).toMatchObject({ type: 'bitstring', value: 'b1010' });
    expect(lit("x'FF'")).toMatchObject({ type: 'bitstring', value: 'xFF' });
  });

  it('rejects invalid UTF-8 built from escapes', () => {
    expect(errorOf(() => lit("E'\\xff'")).code).toBe('22021');
  });

  it('treats adjacent strings on one line as an error, as PostgreSQL does', () => {
    expect(errorOf(() => lit("'a' 'b'")).message).toBe('syntax error at or near "\'b\'"');
  });
});

describe('parse: operators and comments', () => {
  it('splits operator runs the way PostgreSQL does', () => {
    expect(parseExpression('a<-1')).toMatchObject({ op: '<', right: { value: '-1' } });
    expect(parseExpression('a!=b')).toMatchObject({ op: '<>' });
    expect(parseExpression('a @- b')).toMatchObject({ op: '@-' });
    expect(parseExpression('a*/* c */b')).toMatchObject({ op: '*' });
    expect(parseExpression('a+--c\nb')).toMatchObject({ op: '+' });
  });

  it('skips nested block comments', () => {
    expect(parse('SELECT /* a /* b */ c */ 1')).toHaveLength(1);
  });
});

describe('parse: statements nested too deep', () => {
  it('takes nesting up to MAX_NESTING_DEPTH and refuses deeper with 54001 at the first token past it', () => {
    const nested = (n: number) => `SELECT ${'('.repeat(n)}1${')'.repeat(n)}`;
    expect(parse(nested(MAX_NESTING_DEPTH))).toHaveLength(1);
    const err = errorOf(() => parse(nested(50_000)));
    expect(err).toMatchObject({ code: '54001', message: 'stack depth limit exceeded' });
    expect(err.fields.position).toBe('SELECT '.length + MAX_NESTING_DEPTH + 1);
    expect(errorOf(() => parse(`SELECT ${'ARRAY['.repeat(300)}1${']'.repeat(300)}`)).code).toBe('54001');
    expect(
      errorOf(() => parse(`SELECT ${'CASE WHEN true THEN '.repeat(300)}1${' END'.repeat(300)}`)).code,
    ).toBe('54001');
    expect(errorOf(() => parseExpression(`${'('.repeat(1000)}1${')'.repeat(1000)}`)).code).toBe('54001');
  });

  it('refuses long chains of prefix operators (each a level of recursion) with 54001', () => {
    expect(parse(`SELECT ${'- '.repeat(MAX_NESTING_DEPTH)}1`)).toHaveLength(1);
    expect(errorOf(() => parse(`SELECT ${'- '.repeat(50_000)}1`)).code).toBe('54001');
    expect(errorOf(() => parse(`SELECT ${'NOT '.repeat(50_000)}true`)).code).toBe('54001');
    expect(errorOf(() => parse(`SELECT 1 ${'@ '.repeat(50_000)}1`)).code).toBe('54001');
  });

  it('builds a chain of thousands of ORs / ANDs into one node without recursing per term', () => {
    const terms = Array.from({ length: 20_000 }, (_, i) => `a = ${i}`);
    const [{ stmt }] = parse(`SELECT 1 WHERE ${terms.join(' OR ')}`);
    const where = (stmt as { where?: { kind: string; args: unknown[] } }).where;
    expect([where?.kind, where?.args.length]).toEqual(['or', 20_000]);
    const and = parseExpression(`(a AND b) AND c AND ${terms.slice(0, 5000).join(' AND ')}`);
    expect([and.kind, and.kind === 'and' ? and.args.length : 0]).toEqual(['and', 5003]);
  });

  it('turns a stack overflow while building a long operator chain into 54001', () => {
    expect(errorOf(() => parse(`SELECT ${'1+'.repeat(50_000)}1`)).code).toBe('54001');
    // The parser is still usable afterwards.
    expect(parse('SELECT 1 + 2')).toHaveLength(1);
  });
});
