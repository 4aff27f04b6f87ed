import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { ResultCollector } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

const failure = async (p: Promise<unknown>): Promise<DbError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected an error');
};

describe('PREPARE / EXECUTE', () => {
  it("points an argument's error at the argument in the EXECUTE text, as PostgreSQL does", async () => {
    const s = db.connect();
    await s.query('PREPARE ins (int, text) AS SELECT $1, $2');
    const err = await failure(s.query("EXECUTE ins ('x', 'a')"));
    expect([err.code, err.message, err.fields.position]).toEqual([
      '22P02',
      'invalid input syntax for type integer: "x"',
      14,
    ]);
    const detail = await failure(s.query('EXECUTE ins (1)'));
    expect(detail.fields.detail).toBe('Expected 2 parameters but got 1.');
    await s.close();
  });

  it('ignores the arguments of a statement without parameters, unevaluated, as PostgreSQL does', async () => {
    const s = db.connect();
    await s.query('PREPARE none AS SELECT 1 AS one');
    expect((await s.query("EXECUTE none (1 / 0, 'x')")).rows).toEqual([[1]]);
    await s.query('PREPARE one (int) AS SELECT $1 AS v');
    expect((await failure(s.query('EXECUTE one (1 / 0, 2)'))).fields.detail).toBe(
      'Expected 1 parameters but got 2.',
    );
    await s.close();
  });

  it('refuses a parameter whose type it cannot determine, at PREPARE and at Parse (42P18)', async () => {
    const s = db.connect();
    const undetermined = async (p: Promise<unknown>) => {
      const err = await failure(p);
      return `${err.code} ${err.message}`;
    };
    expect(await undetermined(s.query('PREPARE z AS SELECT $2::int'))).toBe(
      '42P18 could not determine data type of parameter $1',
    );
    expect(await undetermined(s.query('PREPARE z AS SELECT $3::int, $1::text'))).toBe(
      '42P18 could not determine data type of parameter $2',
    );
    expect(await undetermined(s.query('PREPARE z (int) AS SELECT $3::int'))).toBe(
      '42P18 could not determine data type of parameter $2',
    );
    expect(await undetermined(s.query('PREPARE z AS SELECT 1 WHERE $1 IS NULL'))).toBe(
      '42P18 could not determine data type of parameter $1',
    );
    expect(
      await undetermined(Promise.resolve().then(() => s.session.prepare('', 'SELECT $2::int', []))),
    ).toBe('42P18 could not determine data type of parameter $1');
    // Declared, or inferred (the select list makes an unknown text), they are determined.
    await s.query('PREPARE z1 (int, int) AS SELECT $1; PREPARE z2 AS SELECT $1, $2 = $3');
    expect(s.session.preparedStatement('z2').paramTypes.map((t) => t.name)).toEqual(['text', 'text', 'text']);
    s.session.prepare('', 'SELECT $2::int', [23]);
    expect(s.session.preparedStatement('').paramTypes.map((t) => t.name)).toEqual(['int4', 'int4']);
    await s.close();
  });

  it("refuses subqueries, aggregates, window and set-returning functions in EXECUTE's arguments", async () => {
    const s = db.connect();
    await s.query('PREPARE p (int) AS SELECT $1 + 1 AS x');
    const refused = async (sql: string) => {
      const err = await failure(s.query(sql));
      return `${err.code} ${err.message} @${err.fields.position}`;
    };
    // Positions as PostgreSQL 15 reports them.
    expect(await refused('EXECUTE p(count(*))')).toBe(
      '42803 aggregate functions are not allowed in EXECUTE parameters @11',
    );
    expect(await refused('EXECUTE p(count(*) + 1)')).toBe(
      '42803 aggregate functions are not allowed in EXECUTE parameters @11',
    );
    expect(await refused('EXECUTE p((SELECT 1))')).toBe('0A000 cannot use subquery in EXECUTE parameter @11');
    expect(await refused('EXECUTE p(1 + (SELECT 1))')).toBe(
      '0A000 cannot use subquery in EXECUTE parameter @15',
    );
    expect(await refused('EXECUTE p(EXISTS (SELECT 1)::int)')).toBe(
      '0A000 cannot use subquery in EXECUTE parameter @11',
    );
    expect(await refused('EXECUTE p(ARRAY(SELECT 1))')).toMatch(
      /^0A000 cannot use subquery in EXECUTE parameter/,
    );
    expect(await refused('EXECUTE p(row_number() OVER ())')).toBe(
      '42P20 window functions are not allowed in EXECUTE parameters @11',
    );
    expect(await refused('EXECUTE p(generate_series(1, 2))')).toBe(
      '0A000 set-returning functions are not allowed in EXECUTE parameters @11',
    );
    expect(await refused('EXECUTE p(a)')).toBe('42703 column "a" does not exist @11');
    expect(await refused('EXECUTE p($1)')).toBe('42P02 there is no parameter $1 @11');
    // Arguments are assigned to the parameters' types (an explicit cast is not made).
    expect(await refused("EXECUTE p('abc'::text)")).toBe(
      '42804 parameter $1 of type text cannot be coerced to the expected type integer @11',
    );
    expect(await refused('EXECUTE p(true)')).toBe(
      '42804 parameter $1 of type boolean cannot be coerced to the expected type integer @11',
    );
    expect((await s.query('EXECUTE p(1.5)')).rows).toEqual([[3]]);
    expect((await s.query("EXECUTE p('41')")).rows).toEqual([[42]]);
    await s.close();
  });

  it('shares one namespace with the protocol: a PREPAREd statement can be bound by name', async () => {
    const s = db.connect();
    await s.query('PREPARE two AS SELECT $1::int * 2 AS v');
    expect(s.session.preparedStatement('two').paramTypes.map((t) => t.name)).toEqual(['int4']);
    s.session.prepare('proto', 'SELECT $1::text AS t', []);
    expect((await s.query("EXECUTE proto ('hi')")).rows).toEqual([['hi']]);
    await s.close();
  });
});

describe('pg_prepared_statements', () => {
  const listed = async (s: ReturnType<Database['connect']>) =>
    (
      await s.query(
        'SELECT name, statement, parameter_types::text, from_sql, generic_plans, custom_plans FROM pg_prepared_statements ORDER BY name',
      )
    ).rows;

  it("lists the session's named statements from PREPARE (its whole message) and Parse, not the unnamed one", async () => {
    const s = db.connect();
    await s.query('CREATE TABLE pst (a int, c char(3))');
    await s.query('PREPARE ins AS INSERT INTO pst VALUES ($1, $2); PREPARE one AS SELECT 1');
    s.session.prepare('proto', 'SELECT $1::int + 1', []);
    s.session.prepare('', 'SELECT 2', []);
    expect(await listed(s)).toEqual([
      [
        'ins',
        'PREPARE ins AS INSERT INTO pst VALUES ($1, $2); PREPARE one AS SELECT 1',
        '{integer,character}',
        true,
        0n,
        0n,
      ],
      ['one', 'PREPARE ins AS INSERT INTO pst VALUES ($1, $2); PREPARE one AS SELECT 1', '{}', true, 0n, 0n],
      ['proto', 'SELECT $1::int + 1', '{integer}', false, 0n, 0n],
    ]);
    const others = db.connect();
    expect(await listed(others)).toEqual([]);
    await others.close();
    await s.query('DEALLOCATE ins');
    s.session.closeStatement('proto');
    expect((await listed(s)).map((r) => r[0])).toEqual(['one']);
    await s.query('DROP TABLE pst');
    await s.close();
  });

  it('counts every run as a generic plan: RustyDB plans once from the parameter types, never per value', async () => {
    const s = db.connect();
    await s.query('PREPARE one AS SELECT 1');
    await s.query('EXECUTE one');
    await s.query('EXPLAIN EXECUTE one');
    s.session.prepare('proto', 'SELECT $1::int + 1', []);
    for (const v of [1, 2]) {
      s.session.bind('', 'proto', [v], []);
      await s.session.execute('', 0, new ResultCollector());
    }
    await s.session.sync(false);
    // PostgreSQL would count proto's two runs as custom plans (its first five runs with values).
    expect((await listed(s)).map((r) => [r[0], r[4], r[5]])).toEqual([
      ['one', 2n, 0n],
      ['proto', 2n, 0n],
    ]);
    await s.close();
  });
});
