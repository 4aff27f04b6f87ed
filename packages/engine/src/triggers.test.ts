/**
 * CREATE TRIGGER end to end (trigger-statements.ts, routines/plpgsql-trigger.ts, the executor's
 * table-triggers.ts): BEFORE and AFTER, ROW and STATEMENT triggers on INSERT, UPDATE, DELETE and
 * TRUNCATE, NEW / OLD and the TG_ variables, WHEN, UPDATE OF, ON CONFLICT, COPY FROM, foreign-key
 * cascades, recursion, the catalog (pg_trigger, pg_get_triggerdef, information_schema.triggers),
 * ENABLE / DISABLE, RENAME, DROP, the errors PostgreSQL 15 gives (checked against it with psql),
 * and durability across a restart and a crash.
 */
import type { CopyInStream } from '@rustydb/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';
import { crash, queryError, useTestDatabases } from './test-database.js';

const databases = useTestDatabases();
let db: Database;
let s: EmbeddedSession;

beforeEach(async () => {
  db = await databases.open();
  s = db.connect();
});

/** A COPY client sending `input`. */
class CopyIn extends ResultCollector {
  constructor(private readonly input: readonly string[]) {
    super();
  }

  copyIn(): CopyInStream {
    let i = 0;
    return { read: async () => (i < this.input.length ? Buffer.from(this.input[i++]!) : undefined) };
  }
}

const rows = async (sql: string) => (await s.query(sql)).rows;

const errorOf = (sql: string) => queryError(s, sql);

/** A trigger function that logs TG_ variables and NEW / OLD to table `log`, returning `ret`. */
async function logFunction(name: string, ret: string): Promise<void> {
  await s.query(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO log (line) VALUES (TG_NAME || ' ' || TG_WHEN || ' ' || TG_LEVEL || ' ' || TG_OP || ' ' || TG_TABLE_NAME
        || CASE WHEN TG_LEVEL = 'ROW' AND TG_OP <> 'DELETE' THEN ' new=' || NEW.id ELSE '' END
        || CASE WHEN TG_LEVEL = 'ROW' AND TG_OP <> 'INSERT' THEN ' old=' || OLD.id ELSE '' END);
      RETURN ${ret};
    END $$`);
}

describe('row triggers', () => {
  beforeEach(async () => {
    await s.query('CREATE TABLE log (n serial, line text)');
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v text, updated int)');
  });

  it('BEFORE ROW changes NEW with NEW.col := and skips rows with RETURN NULL', async () => {
    await s.query(`CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.v = 'skip' THEN RETURN NULL; END IF;
        NEW.updated := coalesce(NEW.updated, 0) + 1;
        NEW.v := upper(NEW.v);
        RETURN NEW;
      END $$`);
    await s.query('CREATE TRIGGER stamp BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION stamp()');
    const r = await s.query(
      "INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'skip'), (3, 'c') RETURNING id, v, updated",
    );
    expect(r.rows).toEqual([
      [1, 'A', 1],
      [3, 'C', 1],
    ]);
    expect(r.command).toBe('INSERT 0 2');
    await s.query("UPDATE t SET v = 'x' WHERE id = 1");
    expect(await rows('SELECT id, v, updated FROM t ORDER BY id')).toEqual([
      [1, 'X', 2],
      [3, 'C', 1],
    ]);
  });

  it("fires BEFORE ROW once for a row that waits for another transaction's unique key", async () => {
    await s.query(`CREATE TABLE uk (id int PRIMARY KEY, v int); CREATE TABLE audit (op text, id int, v int);
      CREATE FUNCTION log_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO audit VALUES (TG_OP, NEW.id, NEW.v); RETURN NEW; END $$;
      CREATE TRIGGER uk_log BEFORE INSERT OR UPDATE ON uk FOR EACH ROW EXECUTE FUNCTION log_row();
      INSERT INTO uk VALUES (10, 0)`);
    await s.query('DELETE FROM audit');
    const other = db.connect();
    // INSERT: waits for the other transaction's uncommitted key 1, goes in once it rolls back.
    await other.query('BEGIN; INSERT INTO uk VALUES (1, 100)');
    const insert = s.query('INSERT INTO uk VALUES (1, 1)');
    await new Promise((r) => setTimeout(r, 50));
    await other.query('ROLLBACK');
    await insert;
    // UPDATE to a key another transaction holds uncommitted: waits, goes through after rollback.
    await other.query('BEGIN; INSERT INTO uk VALUES (2, 200)');
    const update = s.query('UPDATE uk SET id = 2 WHERE id = 10');
    await new Promise((r) => setTimeout(r, 50));
    await other.query('ROLLBACK');
    await update;
    expect(await rows('SELECT op, id, v FROM audit ORDER BY op, id')).toEqual([
      ['INSERT', 1, 1],
      ['UPDATE', 2, 0],
    ]);
    await other.close();
  });

  it('AFTER ROW fires at statement end, seeing the statement, in name order per row', async () => {
    await s.query(`CREATE FUNCTION counted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO log (line) VALUES (TG_NAME || ' ' || NEW.id || ' sees ' || (SELECT count(*) FROM t));
        RETURN NULL;
      END $$`);
    await s.query('CREATE TRIGGER b AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION counted()');
    await s.query('CREATE TRIGGER a AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION counted()');
    await s.query('INSERT INTO t (id) VALUES (1), (2)');
    expect(await rows('SELECT line FROM log ORDER BY n')).toEqual([
      ['a 1 sees 2'],
      ['b 1 sees 2'],
      ['a 2 sees 2'],
      ['b 2 sees 2'],
    ]);
  });

  it('sets TG_ variables, NEW and OLD for each event and level', async () => {
    await logFunction('logit', 'NULL');
    await s.query(
      'CREATE TRIGGER r AFTER INSERT OR UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION logit()',
    );
    await s.query(
      'CREATE TRIGGER s BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON t EXECUTE FUNCTION logit()',
    );
    await s.query('INSERT INTO t (id) VALUES (1)');
    await s.query('UPDATE t SET id = 2');
    await s.query('DELETE FROM t');
    await s.query('TRUNCATE t');
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual([
      's BEFORE STATEMENT INSERT t',
      'r AFTER ROW INSERT t new=1',
      's BEFORE STATEMENT UPDATE t',
      'r AFTER ROW UPDATE t new=2 old=1',
      's BEFORE STATEMENT DELETE t',
      'r AFTER ROW DELETE t old=2',
      's BEFORE STATEMENT TRUNCATE t',
    ]);
  });
});

describe('trigger semantics', () => {
  beforeEach(async () => {
    await s.query('CREATE TABLE log (n serial, line text)');
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v text, g int GENERATED ALWAYS AS (id * 10) STORED)');
  });

  it('recomputes generated columns after BEFORE triggers', async () => {
    await s.query(`CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.id := NEW.id + 1; RETURN NEW; END $$`);
    await s.query('CREATE TRIGGER bump BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION bump()');
    expect(await rows("INSERT INTO t (id, v) VALUES (1, 'a') RETURNING id, g")).toEqual([[2, 20]]);
    expect(await rows('UPDATE t SET v = v RETURNING id, g')).toEqual([[3, 30]]);
  });

  it('WHEN and UPDATE OF decide whether a trigger fires', async () => {
    await s.query(`CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO log (line) VALUES (TG_NAME || ' ' || NEW.id); RETURN NULL; END $$`);
    await s.query(
      'CREATE TRIGGER changed AFTER UPDATE ON t FOR EACH ROW WHEN (OLD.v IS DISTINCT FROM NEW.v) EXECUTE FUNCTION note()',
    );
    await s.query('CREATE TRIGGER of_v AFTER UPDATE OF v ON t FOR EACH ROW EXECUTE FUNCTION note()');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
    await s.query("UPDATE t SET v = 'a'");
    await s.query('UPDATE t SET id = id + 10 WHERE id = 1');
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual([
      'of_v 1',
      'changed 2',
      'of_v 2',
    ]);
  });

  it('whole records: OLD.* IS DISTINCT FROM NEW.* in WHEN, NEW IS DISTINCT FROM OLD in a body, per table', async () => {
    await s.query(`CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW IS DISTINCT FROM OLD THEN
          INSERT INTO log (line) VALUES (TG_NAME || ' ' || TG_TABLE_NAME || ' ' || NEW.id);
        END IF;
        RETURN NEW;
      END $$`);
    await s.query('CREATE TABLE u (id int, a int, b int)');
    await s.query(
      'CREATE TRIGGER w BEFORE UPDATE ON t FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION note()',
    );
    await s.query('CREATE TRIGGER b AFTER UPDATE ON u FOR EACH ROW EXECUTE FUNCTION note()');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b')");
    await s.query('INSERT INTO u VALUES (1, 1, 1), (2, 2, 2)');
    await s.query("UPDATE t SET v = 'a'");
    await s.query('UPDATE u SET a = 1');
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual(['w t 2', 'b u 2']);
  });

  it('INSERT … ON CONFLICT fires BEFORE INSERT, then the UPDATE triggers of a conflict', async () => {
    await s.query(`CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO log (line) VALUES (TG_NAME || ' ' || TG_OP || ' ' || TG_LEVEL); RETURN NEW; END $$`);
    await s.query('CREATE TRIGGER a BEFORE INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION note()');
    await s.query('CREATE TRIGGER b AFTER INSERT OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION note()');
    await s.query('CREATE TRIGGER s BEFORE INSERT OR UPDATE ON t EXECUTE FUNCTION note()');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'a')");
    await s.query('DELETE FROM log');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'b') ON CONFLICT (id) DO UPDATE SET v = excluded.v");
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual([
      's INSERT STATEMENT',
      's UPDATE STATEMENT',
      'a INSERT ROW',
      'a UPDATE ROW',
      'b UPDATE ROW',
    ]);
  });

  it('COPY FROM fires BEFORE ROW triggers per row, AFTER ROW and statement triggers around the COPY', async () => {
    await s.query(`CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO log (line) VALUES (TG_NAME || ' ' || TG_LEVEL);
        IF TG_LEVEL = 'ROW' THEN NEW.v := upper(NEW.v); END IF;
        RETURN NEW;
      END $$`);
    await s.query('CREATE TRIGGER r BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION note()');
    await s.query('CREATE TRIGGER s AFTER INSERT ON t EXECUTE FUNCTION note()');
    await s.query(`CREATE FUNCTION seen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO log (line) VALUES ('after ' || NEW.id || ' sees ' || (SELECT count(*) FROM t)); RETURN NULL; END $$`);
    await s.query('CREATE TRIGGER a AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION seen()');
    const client = new CopyIn(['1\ta\n', '2\tb\n']);
    await s.session.run('COPY t (id, v) FROM STDIN', [], client);
    expect(client.result?.command).toBe('COPY 2');
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 'A'],
      [2, 'B'],
    ]);
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual([
      'r ROW',
      'r ROW',
      'after 1 sees 2',
      'after 2 sees 2',
      's STATEMENT',
    ]);
  });

  it('fires the referencing table’s triggers on ON DELETE CASCADE', async () => {
    await s.query('CREATE TABLE c (id int PRIMARY KEY, t_id int REFERENCES t ON DELETE CASCADE)');
    await s.query(`CREATE FUNCTION gone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO log (line) VALUES (TG_TABLE_NAME || ' ' || TG_WHEN || ' ' || OLD.id); RETURN OLD; END $$`);
    await s.query('CREATE TRIGGER gone_b BEFORE DELETE ON c FOR EACH ROW EXECUTE FUNCTION gone()');
    await s.query('CREATE TRIGGER gone_a AFTER DELETE ON c FOR EACH ROW EXECUTE FUNCTION gone()');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'a')");
    await s.query('INSERT INTO c VALUES (10, 1), (11, 1)');
    await s.query('DELETE FROM t');
    expect((await rows('SELECT line FROM log ORDER BY n')).map((r) => r[0])).toEqual([
      'c BEFORE 10',
      'c BEFORE 11',
      'c AFTER 10',
      'c AFTER 11',
    ]);
  });

  it('an error in a trigger aborts the statement with its SQLSTATE; recursion stops at 54001', async () => {
    await s.query(`CREATE FUNCTION bad() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'no %', NEW.id USING ERRCODE = '22012'; END $$`);
    await s.query('CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION bad()');
    expect(await errorOf("INSERT INTO t (id, v) VALUES (7, 'x')")).toBe('22012 no 7');
    expect(await rows('SELECT count(*) FROM t')).toEqual([[0n]]);
    await s.query('DROP TRIGGER bad ON t');
    await s.query(`CREATE FUNCTION again() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO t (id) VALUES (NEW.id + 1); RETURN NEW; END $$`);
    await s.query('CREATE TRIGGER again BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION again()');
    expect(await errorOf('INSERT INTO t (id) VALUES (1)')).toBe('54001 stack depth limit exceeded');
    await s.query(`CREATE FUNCTION noret() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN END $$`);
    await s.query('CREATE TABLE w (id int)');
    await s.query('CREATE TRIGGER noret BEFORE INSERT ON w FOR EACH ROW EXECUTE FUNCTION noret()');
    expect(await errorOf('INSERT INTO w VALUES (1)')).toBe(
      '2F005 control reached end of trigger procedure without RETURN',
    );
  });

  it('BEFORE DELETE returning NULL (or NEW, which is NULL) keeps the row', async () => {
    await s.query(`CREATE FUNCTION keep() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    await s.query('CREATE TRIGGER keep BEFORE DELETE ON t FOR EACH ROW EXECUTE FUNCTION keep()');
    await s.query("INSERT INTO t (id, v) VALUES (1, 'a')");
    expect((await s.query('DELETE FROM t')).command).toBe('DELETE 0');
    expect(await rows('SELECT count(*) FROM t')).toEqual([[1n]]);
  });

  it('TG_ARGV, TG_NARGS, TG_TABLE_SCHEMA and TG_RELID', async () => {
    await s.query(`CREATE FUNCTION args() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO log (line) VALUES (TG_NARGS || ' ' || TG_ARGV[0] || ' ' || TG_ARGV[1] || ' '
          || TG_TABLE_SCHEMA || ' ' || (TG_RELID = 't'::regclass));
        RETURN NULL;
      END $$`);
    await s.query("CREATE TRIGGER args AFTER INSERT ON t EXECUTE FUNCTION args('x y', 42)");
    await s.query('INSERT INTO t (id) VALUES (1)');
    expect(await rows('SELECT line FROM log')).toEqual([['2 x y 42 public true']]);
  });
});

describe('trigger DDL and catalog', () => {
  beforeEach(async () => {
    await s.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await s.query(`CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
  });

  it('refuses what PostgreSQL refuses, with its SQLSTATEs', async () => {
    await s.query('CREATE FUNCTION notrig() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$');
    await s.query('CREATE VIEW vv AS SELECT 1 AS x');
    await s.query('CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()');
    const cases: [string, string][] = [
      [
        'CREATE TRIGGER a BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
        '42710 trigger "a" for relation "t" already exists',
      ],
      [
        'CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION notrig()',
        '42P17 function notrig must return type trigger',
      ],
      [
        'CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nosuch()',
        '42883 function nosuch() does not exist',
      ],
      [
        'CREATE TRIGGER b BEFORE INSERT ON nosuch FOR EACH ROW EXECUTE FUNCTION f()',
        '42P01 relation "nosuch" does not exist',
      ],
      [
        'CREATE TRIGGER b BEFORE UPDATE OF zz ON t FOR EACH ROW EXECUTE FUNCTION f()',
        '42703 column "zz" of relation "t" does not exist',
      ],
      [
        'CREATE TRIGGER b BEFORE TRUNCATE ON t FOR EACH ROW EXECUTE FUNCTION f()',
        '0A000 TRUNCATE FOR EACH ROW triggers are not supported',
      ],
      [
        'CREATE TRIGGER b BEFORE INSERT ON t FOR EACH ROW WHEN (OLD.id > 0) EXECUTE FUNCTION f()',
        "42P17 INSERT trigger's WHEN condition cannot reference OLD values",
      ],
      [
        'CREATE TRIGGER b BEFORE DELETE ON t FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION f()',
        "42P17 DELETE trigger's WHEN condition cannot reference NEW values",
      ],
      [
        'CREATE TRIGGER b BEFORE DELETE ON t WHEN (OLD.id > 0) EXECUTE FUNCTION f()',
        "42P17 statement trigger's WHEN condition cannot reference column values",
      ],
      ['CREATE TRIGGER b BEFORE INSERT ON vv FOR EACH ROW EXECUTE FUNCTION f()', '42809 "vv" is a view'],
      ['CREATE TRIGGER b INSTEAD OF INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()', '42809 "t" is a table'],
      [
        'CREATE TRIGGER b INSTEAD OF INSERT ON vv EXECUTE FUNCTION f()',
        '0A000 INSTEAD OF triggers must be FOR EACH ROW',
      ],
      [
        'CREATE TRIGGER b INSTEAD OF INSERT ON vv FOR EACH ROW WHEN (NEW.id > 0) EXECUTE FUNCTION f()',
        '0A000 INSTEAD OF triggers cannot have WHEN conditions',
      ],
      [
        'CREATE TRIGGER b INSTEAD OF UPDATE OF id ON vv FOR EACH ROW EXECUTE FUNCTION f()',
        '0A000 INSTEAD OF triggers cannot have column lists',
      ],
      [
        'CREATE TRIGGER b INSTEAD OF TRUNCATE ON vv FOR EACH ROW EXECUTE FUNCTION f()',
        '42809 "vv" is a view',
      ],
      [
        'CREATE TRIGGER b INSTEAD OF INSERT ON vv FOR EACH ROW EXECUTE FUNCTION f()',
        '0A000 INSTEAD OF triggers are not supported',
      ],
      [
        'CREATE CONSTRAINT TRIGGER b AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()',
        '0A000 CREATE CONSTRAINT TRIGGER is not supported',
      ],
      ['DROP TRIGGER nosuch ON t', '42704 trigger "nosuch" for table "t" does not exist'],
      ['DROP TRIGGER nosuch ON nosuch', '42P01 relation "nosuch" does not exist'],
      ['ALTER TRIGGER nosuch ON t RENAME TO c', '42704 trigger "nosuch" for table "t" does not exist'],
      ['ALTER TABLE t DISABLE TRIGGER nosuch', '42704 trigger "nosuch" for table "t" does not exist'],
      ['SELECT f()', '0A000 trigger functions can only be called as triggers'],
    ];
    for (const [sql, error] of cases) expect(await errorOf(sql), sql).toBe(error);
    expect(await errorOf('DROP TRIGGER IF EXISTS nosuch ON t')).toBe('ok');
    expect(await errorOf('DROP TRIGGER IF EXISTS nosuch ON nosuch')).toBe('ok');
  });

  it('shows triggers in pg_trigger, pg_get_triggerdef and information_schema.triggers', async () => {
    await s.query(
      "CREATE TRIGGER b AFTER UPDATE OF v, id ON t FOR EACH ROW WHEN (OLD.v IS DISTINCT FROM NEW.v) EXECUTE FUNCTION f('x', 1, 2.5, abc, 'it''s')",
    );
    await s.query(
      'CREATE TRIGGER c BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON t EXECUTE PROCEDURE f()',
    );
    await s.query('ALTER TABLE t DISABLE TRIGGER c');
    expect(
      await rows(
        "SELECT tgname, tgtype, tgenabled, tgnargs, tgattr::text, encode(tgargs, 'hex'), tgisinternal, tgrelid = 't'::regclass FROM pg_trigger ORDER BY 1",
      ),
    ).toEqual([
      ['b', 17, 'O', 5, '2 1', '78003100322e3500616263006974277300', false, true],
      ['c', 62, 'D', 0, '', '', false, true],
    ]);
    expect(
      await rows(
        'SELECT pg_get_triggerdef(oid), pg_get_triggerdef(oid, true) FROM pg_trigger ORDER BY tgname',
      ),
    ).toEqual([
      [
        "CREATE TRIGGER b AFTER UPDATE OF v, id ON public.t FOR EACH ROW WHEN ((old.v IS DISTINCT FROM new.v)) EXECUTE FUNCTION f('x', '1', '2.5', 'abc', 'it''s')",
        "CREATE TRIGGER b AFTER UPDATE OF v, id ON t FOR EACH ROW WHEN (old.v IS DISTINCT FROM new.v) EXECUTE FUNCTION f('x', '1', '2.5', 'abc', 'it''s')",
      ],
      [
        'CREATE TRIGGER c BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.t FOR EACH STATEMENT EXECUTE FUNCTION f()',
        'CREATE TRIGGER c BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE ON t FOR EACH STATEMENT EXECUTE FUNCTION f()',
      ],
    ]);
    expect(
      await rows(
        'SELECT trigger_name, event_manipulation, action_order, action_condition, action_statement, action_orientation, action_timing FROM information_schema.triggers ORDER BY 1, 2',
      ),
    ).toEqual([
      [
        'b',
        'UPDATE',
        1,
        '(old.v IS DISTINCT FROM new.v)',
        "EXECUTE FUNCTION f('x', '1', '2.5', 'abc', 'it''s')",
        'ROW',
        'AFTER',
      ],
      ['c', 'DELETE', 1, null, 'EXECUTE FUNCTION f()', 'STATEMENT', 'BEFORE'],
      ['c', 'INSERT', 1, null, 'EXECUTE FUNCTION f()', 'STATEMENT', 'BEFORE'],
      ['c', 'UPDATE', 1, null, 'EXECUTE FUNCTION f()', 'STATEMENT', 'BEFORE'],
    ]);
    expect(await rows("SELECT relhastriggers FROM pg_class WHERE relname = 't'")).toEqual([[true]]);
  });

  it('DISABLE / ENABLE, RENAME, OR REPLACE, DROP, and DROP FUNCTION needing CASCADE', async () => {
    await s.query('CREATE TABLE log (line text)');
    await s.query(`CREATE FUNCTION note() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN INSERT INTO log VALUES (TG_NAME || ' ' || TG_ARGV[0]); RETURN NULL; END $$`);
    await s.query("CREATE TRIGGER n AFTER INSERT ON t EXECUTE FUNCTION note('one')");
    await s.query('ALTER TABLE t DISABLE TRIGGER ALL');
    await s.query('INSERT INTO t VALUES (1)');
    await s.query('ALTER TABLE t ENABLE TRIGGER n');
    await s.query('INSERT INTO t VALUES (2)');
    await s.query("CREATE OR REPLACE TRIGGER n AFTER INSERT ON t EXECUTE FUNCTION note('two')");
    await s.query('ALTER TRIGGER n ON t RENAME TO m');
    await s.query('INSERT INTO t VALUES (3)');
    expect(await rows('SELECT line FROM log')).toEqual([['n one'], ['m two']]);
    expect(await errorOf('DROP FUNCTION note()')).toBe(
      '2BP01 cannot drop function note() because other objects depend on it',
    );
    await s.query('DROP FUNCTION note() CASCADE');
    expect(await rows('SELECT count(*) FROM pg_trigger')).toEqual([[0n]]);
    await s.query('CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()');
    await s.query('BEGIN');
    await s.query('DROP TRIGGER x ON t');
    await s.query('ROLLBACK');
    expect(await rows('SELECT tgname FROM pg_trigger')).toEqual([['x']]);
    await s.query('DROP TABLE t');
    expect(await rows('SELECT count(*) FROM pg_trigger')).toEqual([[0n]]);
  });
});

describe('locks', () => {
  it('CREATE TRIGGER waits for the table’s writers (SHARE ROW EXCLUSIVE), not its readers', async () => {
    await s.query('CREATE TABLE t (id int)');
    await s.query(`CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`);
    const other = db.connect();
    try {
      await other.query("SET lock_timeout = '30ms'");
      await s.query('BEGIN');
      await s.query('SELECT * FROM t');
      await other.query('CREATE TRIGGER r BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()');
      await s.query('INSERT INTO t VALUES (1)');
      await expect(other.query('DROP TRIGGER r ON t')).rejects.toMatchObject({ code: '55P03' });
      await expect(
        other.query('CREATE TRIGGER q BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()'),
      ).rejects.toMatchObject({ code: '55P03' });
      await s.query('COMMIT');
      await other.query('DROP TRIGGER r ON t');
    } finally {
      await other.close();
    }
  });
});

describe('triggers and their table’s columns', () => {
  it('RENAME COLUMN rewrites WHEN; DROP COLUMN of an UPDATE OF column needs CASCADE', async () => {
    await s.query('CREATE TABLE dc (id int, v text, w int)');
    await s.query(
      `CREATE FUNCTION dcf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.id := -1; RETURN NEW; END $$`,
    );
    await s.query(
      'CREATE TRIGGER dct BEFORE UPDATE OF v ON dc FOR EACH ROW WHEN (OLD.w IS DISTINCT FROM NEW.w) EXECUTE FUNCTION dcf()',
    );
    await s.query('ALTER TABLE dc RENAME COLUMN w TO ww');
    expect(await rows("SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'dct'")).toEqual([
      [
        'CREATE TRIGGER dct BEFORE UPDATE OF v ON public.dc FOR EACH ROW WHEN ((old.ww IS DISTINCT FROM new.ww)) EXECUTE FUNCTION dcf()',
      ],
    ]);
    await s.query("INSERT INTO dc VALUES (1, 'a', 1)");
    await s.query("UPDATE dc SET v = 'b', ww = 2");
    expect(await rows('SELECT id FROM dc')).toEqual([[-1]]);
    expect(await errorOf('ALTER TABLE dc DROP COLUMN v')).toBe(
      '2BP01 cannot drop column v of table dc because other objects depend on it',
    );
    await s.query('ALTER TABLE dc DROP COLUMN v CASCADE');
    expect(await rows('SELECT count(*) FROM pg_trigger')).toEqual([[0n]]);
  });
});

describe('durability', () => {
  it('a trigger survives a restart and a crash', async () => {
    await s.query('CREATE TABLE t (id int, v text)');
    await s.query(`CREATE FUNCTION up() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.v := upper(NEW.v); RETURN NEW; END $$`);
    await s.query('CREATE TRIGGER up BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION up()');
    await db.close();
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    await s.query("INSERT INTO t VALUES (1, 'a')");
    await s.query('ALTER TABLE t DISABLE TRIGGER up');
    crash(db);
    databases.forget(db);
    db = await databases.open();
    s = db.connect();
    await s.query("INSERT INTO t VALUES (2, 'b')");
    await s.query('ALTER TABLE t ENABLE TRIGGER up');
    await s.query("INSERT INTO t VALUES (3, 'c')");
    expect(await rows('SELECT id, v FROM t ORDER BY id')).toEqual([
      [1, 'A'],
      [2, 'b'],
      [3, 'C'],
    ]);
  });
});
