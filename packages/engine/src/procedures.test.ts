/**
 * CREATE PROCEDURE and CALL end to end (function-statements.ts, call-statement.ts, the PL/pgSQL
 * interpreter): calls with positional, named and default arguments, OUT and INOUT results,
 * CALL from PL/pgSQL storing them back, the errors PostgreSQL 15 gives (checked against it with
 * psql), transaction control inside procedures and DO blocks, the catalogs, and durability
 * across a restart and a crash.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { crash, queryError, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  db = await databases.open();
  s = db.connect();
});

const rows = async (sql: string) => (await s.query(sql)).rows;

/** `code message` of the error `sql` fails with (its CONTEXT too when asked). */
const errorOf = (sql: string, withContext = false) => queryError(s, sql, withContext);

describe('CALL', () => {
  it('runs a PL/pgSQL procedure with positional, named and default arguments', async () => {
    await s.query('CREATE TABLE t (a int, b text)');
    await s.query(
      "CREATE PROCEDURE ins(x int, y text DEFAULT 'dflt') LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (x, y); END $$",
    );
    const r = await s.query("CALL ins(1, 'one')");
    expect(r.command).toBe('CALL');
    expect(r.fields).toEqual([]);
    await s.query('CALL ins(2)');
    await s.query("CALL ins(y => 'three', x => 3)");
    expect(await rows('SELECT a, b FROM t ORDER BY a')).toEqual([
      [1, 'one'],
      [2, 'dflt'],
      [3, 'three'],
    ]);
  });

  it('returns one row of the OUT and INOUT parameters, an argument given for each', async () => {
    await s.query(
      "CREATE PROCEDURE pio(OUT x int, a int, INOUT y text) LANGUAGE plpgsql AS $$ BEGIN x := a * 2; y := y || 'z'; END $$",
    );
    const r = await s.query("CALL pio(NULL, 5, 'q')");
    expect(r.command).toBe('CALL');
    expect(r.fields.map((f) => [f.name, f.type.name])).toEqual([
      ['x', 'int4'],
      ['y', 'text'],
    ]);
    expect(r.rows).toEqual([[10, 'qz']]);
    expect(await errorOf("CALL pio(5, 'q')")).toBe('42883 procedure pio(integer, unknown) does not exist');
  });

  it('runs a SQL procedure; its OUT parameters come from the last statement', async () => {
    await s.query('CREATE TABLE t (a int)');
    await s.query(
      'CREATE PROCEDURE addone(x int, OUT y int) LANGUAGE sql AS $$ INSERT INTO t VALUES (x); SELECT x + 1 $$',
    );
    expect(await rows('CALL addone(4, NULL)')).toEqual([[5]]);
    expect(await rows('SELECT a FROM t')).toEqual([[4]]);
  });
});
