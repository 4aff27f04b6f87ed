/**
 * The CONTEXT of errors raised under PL/pgSQL (error-context.ts): a line for every function on
 * the way out, the SQL each ran, and the internal query for an error with a position inside it.
 * Every expected text is what PostgreSQL 15 printed for the same statements (psql).
 */
import { DbError } from '@rustydb/common';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedSession } from '../embedded-session.js';
import { queryError, useTestDatabases } from '../test-database.js';

const databases = useTestDatabases();
let s: EmbeddedSession;

beforeEach(async () => {
  s = (await databases.open()).connect();
  await s.query('CREATE TABLE one (v int)');
  await s.query('INSERT INTO one VALUES (0)');
  await s.query(`CREATE FUNCTION inner1(x int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 10 / x;
END $$`);
});

const contextOf = (sql: string) => queryError(s, sql, true);

const plpgsql = (name: string, body: string, returns = 'int') =>
  s.query(`CREATE FUNCTION ${name}(x int) RETURNS ${returns} LANGUAGE plpgsql AS $$ ${body} $$`);

const inner = 'PL/pgSQL function inner1(integer) line 3 at RETURN';

describe('CONTEXT under PL/pgSQL', () => {
  it('names every function on the way out, and the SQL statements between them', async () => {
    await plpgsql('by_assignment', 'DECLARE r int; BEGIN r := inner1(x); RETURN r; END');
    await plpgsql('by_select', 'DECLARE r int; BEGIN SELECT inner1(x) INTO r; RETURN r; END');
    await plpgsql('by_perform', 'BEGIN PERFORM by_assignment(x); END', 'void');
    await plpgsql('by_execute', "BEGIN EXECUTE 'SELECT inner1($1)' USING x; END", 'void');
    expect(await contextOf('SELECT by_assignment(0)')).toBe(
      `22012 division by zero | ${inner}\nPL/pgSQL function by_assignment(integer) line 1 at assignment`,
    );
    expect(await contextOf('SELECT by_select(0)')).toBe(
      `22012 division by zero | ${inner}\nSQL statement "SELECT inner1(x)"\nPL/pgSQL function by_select(integer) line 1 at SQL statement`,
    );
    expect(await contextOf('SELECT by_perform(0)')).toBe(
      `22012 division by zero | ${inner}\nPL/pgSQL function by_assignment(integer) line 1 at assignment\nSQL statement "SELECT by_assignment(x)"\nPL/pgSQL function by_perform(integer) line 1 at PERFORM`,
    );
    expect(await contextOf('SELECT by_execute(0)')).toBe(
      `22012 division by zero | ${inner}\nSQL statement "SELECT inner1($1)"\nPL/pgSQL function by_execute(integer) line 1 at EXECUTE`,
    );
    expect(await contextOf('DO $$ BEGIN PERFORM by_select(0); END $$')).toBe(
      `22012 division by zero | ${inner}\nSQL statement "SELECT inner1(x)"\nPL/pgSQL function by_select(integer) line 1 at SQL statement\nSQL statement "SELECT by_select(0)"\nPL/pgSQL function inline_code_block line 1 at PERFORM`,
    );
  });

  it('adds a function line once, however deep in blocks and loops the statement was', async () => {
    await plpgsql('nested', 'DECLARE r int; BEGIN LOOP BEGIN r := inner1(x); END; END LOOP; END');
    expect(await contextOf('SELECT nested(0)')).toBe(
      `22012 division by zero | ${inner}\nPL/pgSQL function nested(integer) line 1 at assignment`,
    );
    // A handler that re-raises keeps the context of where the error happened.
    await plpgsql(
      'reraise',
      'BEGIN BEGIN PERFORM inner1(x); EXCEPTION WHEN division_by_zero THEN RAISE; END; RETURN 1; END',
    );
    expect(await contextOf('SELECT reraise(0)')).toBe(
      `22012 division by zero | ${inner}\nSQL statement "SELECT inner1(x)"\nPL/pgSQL function reraise(integer) line 1 at PERFORM`,
    );
    // GET STACKED DIAGNOSTICS sees the same stack, up to the handling function.
    await plpgsql(
      'stacked',
      'DECLARE c text; BEGIN PERFORM inner1(x); RETURN NULL; EXCEPTION WHEN others THEN GET STACKED DIAGNOSTICS c = PG_EXCEPTION_CONTEXT; RETURN c; END',
      'text',
    );
    expect((await s.query('SELECT stacked(0)')).rows).toEqual([
      [`${inner}\nSQL statement "SELECT inner1(x)"\nPL/pgSQL function stacked(integer) line 1 at PERFORM`],
    ]);
  });

  it('gives a simple expression no line of its own at run time, a folded constant one', async () => {
    await plpgsql('simple_if', 'BEGIN IF 10 / x > 0 THEN RETURN 1; END IF; RETURN 0; END');
    await plpgsql('constant', 'BEGIN RETURN 1 / 0; END');
    await plpgsql('subquery', 'DECLARE r int; BEGIN r = (SELECT 10 / x); RETURN r; END');
    await plpgsql('from_clause', 'BEGIN RETURN 10 / v FROM one; END');
    expect(await contextOf('SELECT simple_if(0)')).toBe(
      '22012 division by zero | PL/pgSQL function simple_if(integer) line 1 at IF',
    );
    expect(await contextOf('SELECT constant(0)')).toBe(
      '22012 division by zero | SQL expression "1 / 0"\nPL/pgSQL function constant(integer) line 1 at RETURN',
    );
    expect(await contextOf('SELECT subquery(0)')).toBe(
      '22012 division by zero | PL/pgSQL assignment "r = (SELECT 10 / x)"\nPL/pgSQL function subquery(integer) line 1 at assignment',
    );
    expect(await contextOf('SELECT from_clause(0)')).toBe(
      '22012 division by zero | SQL expression "10 / v FROM one"\nPL/pgSQL function from_clause(integer) line 1 at RETURN',
    );
  });

  it('quotes a statement with its INTO blanked out, as PL/pgSQL keeps it', async () => {
    await plpgsql('into_middle', 'DECLARE r int; BEGIN SELECT 10 / v INTO r FROM one; RETURN r; END');
    expect(await contextOf('SELECT into_middle(0)')).toBe(
      '22012 division by zero | SQL statement "SELECT 10 / v        FROM one"\nPL/pgSQL function into_middle(integer) line 1 at SQL statement',
    );
  });

  it('moves a position inside the function’s SQL to the internal query', async () => {
    await plpgsql('bad_column', 'BEGIN PERFORM nocol FROM one; END', 'void');
    await plpgsql('bad_execute', "BEGIN EXECUTE 'SELECT nocol'; END", 'void');
    for (const [call, query, position] of [
      ['SELECT bad_column(1)', 'SELECT nocol FROM one', 8],
      ['SELECT bad_execute(1)', 'SELECT nocol', 8],
    ] as const) {
      const err = await s.query(call).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DbError);
      const { fields } = err as DbError;
      expect([fields.position, fields.internalQuery, fields.internalPosition]).toEqual([
        undefined,
        query,
        position,
      ]);
      expect(fields.where).toMatch(/^PL\/pgSQL function bad_\w+\(integer\) line 1 at (PERFORM|EXECUTE)$/);
    }
  });
});
