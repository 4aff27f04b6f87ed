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

describe('enum types across restarts', () => {
  it('survive a crash (WAL replay) with their labels, sort orders and indexed columns', async () => {
    let db = await openDb();
    await db.query("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    await db.query('CREATE TABLE t (id int PRIMARY KEY, m mood, h mood[])');
    await db.query('CREATE INDEX t_m ON t (m)');
    await db.query("INSERT INTO t VALUES (1, 'happy', '{sad}'), (2, 'sad', NULL)");
    await db.query("ALTER TYPE mood ADD VALUE 'awful' BEFORE 'sad'");
    await db.query("ALTER TYPE mood RENAME VALUE 'ok' TO 'fine'");
    await db.query("INSERT INTO t VALUES (3, 'awful', '{fine,awful}')");
    crash(db);
    open.splice(open.indexOf(db), 1);
    db = await openDb();
    expect(await rows(db, 'SELECT id, m, h::text FROM t ORDER BY m')).toEqual([
      [3, 'awful', '{fine,awful}'],
      [2, 'sad', null],
      [1, 'happy', '{sad}'],
    ]);
    expect(await rows(db, "SELECT id FROM t WHERE m < 'happy' ORDER BY 1")).toEqual([[2], [3]]);
    expect((await rows(db, 'SELECT enum_range(NULL::mood)::text'))[0]).toEqual(['{awful,sad,fine,happy}']);
  });

  it('survive a clean restart, and a rolled-back CREATE TYPE leaves nothing', async () => {
    let db = await openDb();
    await db.query("CREATE TYPE mood AS ENUM ('a', 'b')");
    const s = db.connect();
    await s.query('BEGIN');
    await s.query("CREATE TYPE gone AS ENUM ('x')");
    await s.query('ROLLBACK');
    await s.close();
    await db.close();
    open.splice(open.indexOf(db), 1);
    db = await openDb();
    expect(await rows(db, "SELECT typname FROM pg_type WHERE typtype = 'e'")).toEqual([['mood']]);
    await expect(db.query("SELECT 'x'::gone")).rejects.toThrow('type "gone" does not exist');
  });
});
