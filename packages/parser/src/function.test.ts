import { describe, expect, test } from 'vitest';
import type {
  AlterFunctionOwnerStmt,
  CommentStmt,
  CreateFunctionStmt,
  DropFunctionStmt,
} from './ast/index.js';
import { parse } from './index.js';

const one = <T>(sql: string): T => parse(sql)[0]!.stmt as T;

describe('CREATE FUNCTION', () => {
  test('arguments with names, defaults and options in any order', () => {
    const s = one<CreateFunctionStmt>(
      'CREATE OR REPLACE FUNCTION public.add(a integer, b int DEFAULT 1) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT a + b $$',
    );
    expect(s).toMatchObject({
      kind: 'createFunction',
      replace: true,
      schema: 'public',
      name: 'add',
      returns: { name: 'int4' },
      returnsSet: false,
      language: 'sql',
      volatility: 'i',
      strict: true,
      body: ' SELECT a + b ',
    });
    expect(s.args.map((a) => [a.name, a.type.name, a.default?.kind])).toEqual([
      ['a', 'int4', undefined],
      ['b', 'int4', 'literal'],
    ]);
  });

  test('unnamed arguments of multi-word types, a quoted body before LANGUAGE', () => {
    const s = one<CreateFunctionStmt>(
      "create function f(character varying, int) returns void as 'select 1' language plpgsql called on null input security invoker cost 100 parallel safe",
    );
    expect(s.args.map((a) => [a.name, a.type.name])).toEqual([
      [undefined, 'varchar'],
      [undefined, 'int4'],
    ]);
    expect(s).toMatchObject({ language: 'plpgsql', strict: false, securityDefiner: false, body: 'select 1' });
  });

  test('RETURNS SETOF, RETURNS TABLE and OUT parameters are parsed', () => {
    expect(
      one<CreateFunctionStmt>('CREATE FUNCTION f() RETURNS SETOF int AS $$ $$ LANGUAGE sql').returnsSet,
    ).toBe(true);
    const t = one<CreateFunctionStmt>('CREATE FUNCTION f() RETURNS TABLE (a int) AS $$ $$ LANGUAGE sql');
    expect(t.returnsTable?.[0]?.name).toBe('a');
    expect(one<CreateFunctionStmt>('CREATE FUNCTION f(OUT x int) AS $$ $$ LANGUAGE sql').args[0]?.mode).toBe(
      'out',
    );
  });

  test('a repeated option is 42601, an unknown word a syntax error', () => {
    expect(() => parse('CREATE FUNCTION f() RETURNS int LANGUAGE sql STRICT STRICT AS $$ $$')).toThrow(
      'conflicting or redundant options',
    );
    expect(() => parse('CREATE FUNCTION f() RETURNS int LANGUAGE sql IMMUTABLE VOLATILE AS $$ $$')).toThrow(
      'conflicting or redundant options',
    );
    expect(() => parse('CREATE FUNCTION f() RETURNS int LANGUAGE sql BOGUS AS $$ $$')).toThrow(
      'syntax error at or near "BOGUS"',
    );
  });
});

describe('DROP FUNCTION', () => {
  test('with and without argument lists', () => {
    const s = one<DropFunctionStmt>('DROP FUNCTION IF EXISTS f(int, text), s.g, h() CASCADE');
    expect(s.ifExists).toBe(true);
    expect(s.behavior).toBe('cascade');
    expect(s.functions.map((f) => [f.schema, f.name, f.args?.map((a) => a.type.name)])).toEqual([
      [undefined, 'f', ['int4', 'text']],
      ['s', 'g', undefined],
      [undefined, 'h', []],
    ]);
  });
});

describe('ALTER FUNCTION … OWNER TO', () => {
  test('with and without an argument list, as pg_dump writes it', () => {
    const s = one<AlterFunctionOwnerStmt>(
      'ALTER FUNCTION app.greet(who text, punct text) OWNER TO "App Owner"',
    );
    expect(s.kind).toBe('alterFunctionOwner');
    expect([s.function.schema, s.function.name, s.function.args?.map((a) => [a.name, a.type.name])]).toEqual([
      'app',
      'greet',
      [
        ['who', 'text'],
        ['punct', 'text'],
      ],
    ]);
    expect(s.owner).toMatchObject({ name: 'App Owner' });
    expect(
      one<AlterFunctionOwnerStmt>('ALTER FUNCTION f OWNER TO CURRENT_USER').function.args,
    ).toBeUndefined();
  });

  test('a word other than OWNER is a syntax error', () => {
    expect(() => parse('ALTER FUNCTION f() OWNR TO r')).toThrow(/syntax error/);
  });
});

describe('COMMENT ON FUNCTION / TYPE / DOMAIN / EXTENSION', () => {
  test('a function with its argument types, as pg_dump writes it', () => {
    const s = one<CommentStmt>("COMMENT ON FUNCTION public.add_one(x integer) IS 'adds one'");
    expect(s).toMatchObject({ kind: 'comment', objectType: 'function', comment: 'adds one' });
    expect([s.function?.schema, s.function?.name, s.function?.args?.map((a) => a.type.name)]).toEqual([
      'public',
      'add_one',
      ['int4'],
    ]);
    expect(one<CommentStmt>('COMMENT ON FUNCTION f IS NULL')).toMatchObject({
      objectType: 'function',
      comment: null,
    });
  });

  test('types and domains may be qualified, extensions may not', () => {
    expect(one<CommentStmt>("COMMENT ON TYPE app.mood IS 'x'")).toMatchObject({
      objectType: 'type',
      object: { schema: 'app', name: 'mood' },
    });
    expect(one<CommentStmt>("COMMENT ON DOMAIN posint IS 'x'")).toMatchObject({ objectType: 'domain' });
    expect(one<CommentStmt>(`COMMENT ON EXTENSION "uuid-ossp" IS 'x'`)).toMatchObject({
      objectType: 'extension',
      object: { name: 'uuid-ossp' },
    });
    expect(() => parse("COMMENT ON EXTENSION a.b IS 'x'")).toThrow(/syntax error at or near "."/);
  });
});
