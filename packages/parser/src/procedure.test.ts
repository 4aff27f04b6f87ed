import { describe, expect, test } from 'vitest';
import type {
  AlterFunctionOwnerStmt,
  CallStmt,
  CommentStmt,
  CreateFunctionStmt,
  DropFunctionStmt,
} from './ast/index.js';
import { parse } from './index.js';

const one = <T>(sql: string): T => parse(sql)[0]!.stmt as T;

describe('CREATE PROCEDURE', () => {
  test('parameters of every mode, options in any order, no RETURNS', () => {
    const s = one<CreateFunctionStmt>(
      'CREATE OR REPLACE PROCEDURE s.p(a int, INOUT b text, OUT c int, d int DEFAULT 3) SECURITY DEFINER LANGUAGE plpgsql AS $$ begin end $$',
    );
    expect(s).toMatchObject({
      kind: 'createFunction',
      procedure: true,
      replace: true,
      schema: 's',
      name: 'p',
      language: 'plpgsql',
      securityDefiner: true,
      body: ' begin end ',
    });
    expect(s.returns).toBeUndefined();
    expect(s.args.map((a) => [a.mode, a.name])).toEqual([
      ['in', 'a'],
      ['inout', 'b'],
      ['out', 'c'],
      ['in', 'd'],
    ]);
  });

  test('RETURNS is a syntax error at the type, as in gram.y', () => {
    expect(() => parse('CREATE PROCEDURE p() RETURNS int LANGUAGE sql AS $$ $$')).toThrow(
      'syntax error at or near "int"',
    );
  });

  test('a function-only option is remembered where it was written', () => {
    const sql = 'CREATE PROCEDURE p() LANGUAGE sql STRICT AS $$ $$';
    expect(one<CreateFunctionStmt>(sql).functionOnlyOption).toBe(sql.indexOf('STRICT'));
    expect(one<CreateFunctionStmt>('CREATE PROCEDURE p() LANGUAGE sql AS $$ $$').functionOnlyOption).toBe(
      undefined,
    );
  });

  test('a function is no procedure', () => {
    const s = one<CreateFunctionStmt>('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ select 1 $$');
    expect(s.procedure).toBeUndefined();
  });
});

describe('CALL', () => {
  test('positional and named arguments', () => {
    const s = one<CallStmt>('CALL s.p(1, b => $1, c := NULL)');
    expect(s.kind).toBe('call');
    expect(s.call).toMatchObject({ kind: 'funcCall', schema: 's', name: 'p', argNames: [null, 'b', 'c'] });
    expect(s.call.args.map((a) => a.kind)).toEqual(['literal', 'param', 'literal']);
  });

  test('no arguments; a bare name is a syntax error', () => {
    expect(one<CallStmt>('call p()').call.args).toEqual([]);
    expect(() => parse('call p')).toThrow('syntax error at end of input');
  });

  test('call and routine stay usable as names', () => {
    expect(() => parse('CREATE TABLE call (routine int)')).not.toThrow();
    expect(() => parse('SELECT 1 call, 2 routine')).not.toThrow();
  });
});

describe('DROP / ALTER / COMMENT ON PROCEDURE and ROUTINE', () => {
  test('DROP PROCEDURE and DROP ROUTINE name their kind', () => {
    const p = one<DropFunctionStmt>('DROP PROCEDURE IF EXISTS p(int), q CASCADE');
    expect(p).toMatchObject({ kind: 'dropFunction', routineKind: 'procedure', ifExists: true });
    expect(p.functions.map((f) => f.name)).toEqual(['p', 'q']);
    expect(one<DropFunctionStmt>('DROP ROUTINE r').routineKind).toBe('routine');
    expect(one<DropFunctionStmt>('DROP FUNCTION f').routineKind).toBeUndefined();
  });

  test('ALTER PROCEDURE / ROUTINE … OWNER TO', () => {
    const a = one<AlterFunctionOwnerStmt>('ALTER PROCEDURE p(int) OWNER TO bob');
    expect(a).toMatchObject({ kind: 'alterFunctionOwner', routineKind: 'procedure' });
    expect(one<AlterFunctionOwnerStmt>('ALTER ROUTINE p OWNER TO bob').routineKind).toBe('routine');
  });

  test('COMMENT ON PROCEDURE', () => {
    const c = one<CommentStmt>("COMMENT ON PROCEDURE p(int) IS 'x'");
    expect(c).toMatchObject({ objectType: 'function', routineKind: 'procedure', comment: 'x' });
    expect(c.function?.name).toBe('p');
  });
});
