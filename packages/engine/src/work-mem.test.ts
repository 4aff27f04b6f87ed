/**
 * work_mem through the engine: SET validates it as PostgreSQL does, statements run with it (a
 * sort past it spills into `<datadir>/tmp` and cleans up), and opening a database removes the
 * temporary files a crashed process left there.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string | undefined;
let db: Database | undefined;

afterEach(async () => {
  await db?.close();
  db = undefined;
  if (dir) removeDir(dir);
  dir = undefined;
});

describe('work_mem', () => {
  it('SET accepts PostgreSQL memory values and rejects others with 22023', async () => {
    dir = makeTempDir();
    db = await openTestDatabase(dir, { autovacuum: false });
    expect((await db.query("SET work_mem = '64kB'; SHOW work_mem")).rows).toEqual([['64kB']]);
    await expect(db.query("SET work_mem = '1kB'")).rejects.toMatchObject({
      code: '22023',
      message: '1 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647)',
    });
    await expect(db.query("SET work_mem = '64KB'")).rejects.toMatchObject({
      code: '22023',
      message: 'invalid value for parameter "work_mem": "64KB"',
    });
    expect((await db.query('SHOW work_mem')).rows).toEqual([['4MB']]);
  });

  it('a sort past work_mem spills into <datadir>/tmp and leaves nothing there', async () => {
    dir = makeTempDir();
    db = await openTestDatabase(dir, { autovacuum: false });
    const tmp = join(dir, 'tmp');
    await db.query('CREATE TABLE t (a int, b text)');
    await db.query("INSERT INTO t SELECT g, 'x' || ((g * 7919) % 5003) FROM generate_series(1, 5000) g");
    const sql = 'SELECT a FROM t ORDER BY b, a';
    const inMemory = (await db.query(sql)).rows;
    expect(existsSync(tmp)).toBe(false);
    const spilled = (await db.query(`SET work_mem = '64kB'; ${sql}`)).rows;
    expect(spilled).toEqual(inMemory);
    expect(spilled.length).toBe(5000);
    // The directory is created by the first spill; its files are gone with the statement.
    expect(existsSync(tmp)).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('opening the database removes temporary files a crash left', async () => {
    dir = makeTempDir();
    db = await openTestDatabase(dir, { autovacuum: false });
    await db.close();
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'rustydb_tmp.4242.0.0'), 'stale run');
    writeFileSync(join(tmp, 'rustydb_tmp.4242.3.17'), 'stale partition');
    writeFileSync(join(tmp, 'not-ours'), 'kept');
    db = await openTestDatabase(dir, { autovacuum: false });
    expect(readdirSync(tmp)).toEqual(['not-ours']);
  });
});
