/**
 * Domains in the engine: the checks on every way a value becomes a domain's (casts, INSERT,
 * UPDATE, defaults, parameters), ALTER DOMAIN checking the stored values, and the definitions
 * surviving a crash (WAL replay of sys_type). Messages are PostgreSQL 15's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
const open: Database[] = [];

async function openDb(): Promise<Database> {
  const db = await openTestDatabase(dir, { bufferPoolPages: 32 });
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = makeTempDir();
});

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  removeDir(dir);
});

const rows = async (db: Database, sql: string) => (await db.query(sql)).rows;

async function setUp(db: Database): Promise<void> {
  await db.query('CREATE DOMAIN posint AS integer NOT NULL CHECK (VALUE > 0)');
  await db.query('CREATE DOMAIN small AS posint CONSTRAINT under_100 CHECK (VALUE < 100)');
  await db.query("CREATE DOMAIN email AS text DEFAULT 'none@x' CHECK (VALUE ~ '@')");
  await db.query("CREATE TABLE t (id posint PRIMARY KEY, q small, m email, n email DEFAULT 'col@x')");
}

describe('domain checks', () => {
  it('run on casts, INSERT, UPDATE and defaults, the base domain first', async () => {
    const db = await openDb();
    await setUp(db);
    await db.query('INSERT INTO t (id, q) VALUES (1, 5)');
    expect(await rows(db, 'SELECT id, q, m, n FROM t')).toEqual([[1, 5, 'none@x', 'col@x']]);
    await expect(db.query('SELECT 0::small')).rejects.toThrow(
      'value for domain posint violates check constraint "posint_check"',
    );
    await expect(db.query('SELECT 200::small')).rejects.toThrow(
      'value for domain small violates check constraint "under_100"',
    );
    await expect(db.query('SELECT NULL::small')).rejects.toThrow('domain posint does not allow null values');
    await expect(db.query('INSERT INTO t (q) VALUES (1)')).rejects.toThrow(
      expect.objectContaining({ code: '23502', message: 'domain posint does not allow null values' }),
    );
    await expect(db.query("UPDATE t SET m = 'nope'")).rejects.toThrow(
      expect.objectContaining({
        code: '23514',
        message: 'value for domain email violates check constraint "email_check"',
      }),
    );
    await expect(db.query('UPDATE t SET q = q * 100')).rejects.toThrow(
      'violates check constraint "under_100"',
    );
    expect(await rows(db, 'SELECT q + 1000, pg_typeof(q)::text, pg_typeof(q + 1)::text FROM t')).toEqual([
      [1005, 'small', 'integer'],
    ]);
  });

  it('run on parameters bound to a domain column, which take the domain type', async () => {
    const db = await openDb();
    await setUp(db);
    const s = db.connect();
    await s.query('INSERT INTO t (id, q) VALUES ($1, $2)', [2, 3]);
    await expect(s.query('INSERT INTO t (id, q) VALUES ($1, $2)', [3, -3])).rejects.toThrow('posint_check');
    await expect(s.query('INSERT INTO t (id, q) VALUES ($1, $2)', [null, 3])).rejects.toThrow(
      'domain posint does not allow null values',
    );
    await s.close();
  });

  it('ALTER DOMAIN checks the stored values unless NOT VALID', async () => {
    const db = await openDb();
    await setUp(db);
    await db.query("INSERT INTO t (id, q, m) VALUES (1, 5, 'a@b')");
    await expect(
      db.query('ALTER DOMAIN email ADD CONSTRAINT longer CHECK (length(VALUE) > 3)'),
    ).rejects.toThrow(
      expect.objectContaining({
        code: '23514',
        message: 'column "m" of table "t" contains values that violate the new constraint',
      }),
    );
    await db.query('ALTER DOMAIN email ADD CONSTRAINT longer CHECK (length(VALUE) > 3) NOT VALID');
    await expect(db.query("INSERT INTO t (id, q, m) VALUES (2, 5, 'b@c')")).rejects.toThrow('"longer"');
    await expect(db.query('ALTER DOMAIN email VALIDATE CONSTRAINT longer')).rejects.toThrow(
      'violate the new',
    );
    await db.query("UPDATE t SET m = 'long@enough'");
    await db.query('ALTER DOMAIN email VALIDATE CONSTRAINT longer');
    await db.query('ALTER DOMAIN email DROP DEFAULT');
    await db.query('INSERT INTO t (id, q) VALUES (3, 5)');
    await expect(db.query('ALTER DOMAIN email SET NOT NULL')).rejects.toThrow(
      expect.objectContaining({ code: '23502', message: 'column "m" of table "t" contains null values' }),
    );
    await expect(db.query('DROP DOMAIN email')).rejects.toThrow(expect.objectContaining({ code: '2BP01' }));
  });

  it('survive a crash: definitions, later ALTERs and the columns using them (WAL replay)', async () => {
    let db = await openDb();
    await setUp(db);
    await db.query('INSERT INTO t (id, q) VALUES (1, 5)');
    await db.query('ALTER DOMAIN posint ADD CONSTRAINT under_50 CHECK (VALUE < 50)');
    await db.query("ALTER DOMAIN email SET DEFAULT 'later@x'");
    crash(db);
    open.splice(open.indexOf(db), 1);
    db = await openDb();
    await expect(db.query('INSERT INTO t (id, q) VALUES (60, 5)')).rejects.toThrow('"under_50"');
    await db.query('INSERT INTO t (id, q) VALUES (2, 6)');
    expect(await rows(db, 'SELECT id, q, m FROM t ORDER BY id')).toEqual([
      [1, 5, 'none@x'],
      [2, 6, 'later@x'],
    ]);
    expect(await rows(db, "SELECT typname, typnotnull FROM pg_type WHERE typtype = 'd' ORDER BY 1")).toEqual([
      ['email', false],
      ['posint', true],
      ['small', false],
    ]);
  });
});
