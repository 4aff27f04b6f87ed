/**
 * pg_operator through a session: the rows are PostgreSQL's operators that the binder resolves
 * (the engine's probe, session-catalog-info.ts), so psql's `\do` and `\dC` find them.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { useTestDatabases } from './test-database.js';

const dbs = useTestDatabases();
const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

describe('pg_operator and pg_cast', () => {
  it("list the operators the binder has, with PostgreSQL's OIDs and descriptions", async () => {
    const db = await dbs.open();
    expect(
      await rows(
        db,
        `SELECT oid, oprname, oprkind, oprleft::regtype::text, oprright::regtype::text, oprresult::regtype::text,
           oprcode::text, obj_description(oid, 'pg_operator'), pg_operator_is_visible(oid)
         FROM pg_operator WHERE oid IN (96, 558, 1076, 3211, 3963) ORDER BY oid`,
      ),
    ).toEqual([
      [96, '=', 'b', 'integer', 'integer', 'boolean', 'int4eq', 'equal', true],
      [558, '-', 'l', '-', 'integer', 'integer', 'int4um', 'negate', true],
      [1076, '+', 'b', 'date', 'interval', 'timestamp without time zone', 'date_pl_interval', 'add', true],
      [3211, '->', 'b', 'jsonb', 'text', 'jsonb', 'jsonb_object_field', 'get jsonb object field', true],
      [
        3963,
        '->>',
        'b',
        'json',
        'text',
        'text',
        'json_object_field_text',
        'get json object field as text',
        true,
      ],
    ]);
    // Operators of types RustyDB lacks (point + point), and LIKE's ~~, which it spells only LIKE.
    expect(await rows(db, `SELECT oid FROM pg_operator WHERE oid IN (731, 1209)`)).toEqual([]);
  });

  it("list the casts with their functions' names, as \\dC joins pg_proc", async () => {
    const db = await dbs.open();
    expect(
      await rows(
        db,
        `SELECT c.castsource::regtype::text, c.casttarget::regtype::text, p.proname, c.castcontext, c.castmethod
         FROM pg_cast c LEFT JOIN pg_proc p ON p.oid = c.castfunc
         WHERE c.castsource = 'int4'::regtype AND c.casttarget IN ('int8'::regtype, 'int2'::regtype, 'oid'::regtype, 'bool'::regtype)
         ORDER BY 2`,
      ),
    ).toEqual([
      ['integer', 'bigint', 'int8', 'i', 'f'],
      ['integer', 'boolean', 'bool', 'e', 'f'],
      ['integer', 'oid', null, 'i', 'b'],
      ['integer', 'smallint', 'int2', 'a', 'f'],
    ]);
  });
});
