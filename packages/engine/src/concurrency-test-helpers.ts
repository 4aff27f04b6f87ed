/**
 * Helpers for tests that run several sessions of one Database against each other (waits, locks,
 * SSI): settle a statement into a comparable string, tell whether one is still waiting, and the
 * lock tests' fixture.
 */
import { DbError } from '@rustydb/common';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from './database.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

/** Settles `p` into 'ok' or the DbError's `code message`, never rejecting. */
export const outcome = (p: Promise<unknown>): Promise<string> =>
  p.then(
    () => 'ok',
    (err: unknown) => (err instanceof DbError ? `${err.code} ${err.message}` : String(err)),
  );

/** Lets the event loop run for `ms` (a waiting statement stays pending meanwhile). */
export const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Is `p` still pending after the event loop ran for `ms`? Does not consume its outcome. */
export async function pending(p: Promise<unknown>, ms = 20): Promise<boolean> {
  let done = false;
  const settle = (): void => {
    done = true;
  };
  p.then(settle, settle);
  await tick(ms);
  return !done;
}

/**
 * The fixture of the lock tests: one Database for the test file (autovacuum off, so nothing but the
 * tests takes locks), and before each test a fresh table `t (id int PRIMARY KEY, v int)` holding
 * `rows` (id i+1, v 10·(i+1)). `use` receives the database once it is open.
 */
export function useLockTestTable(use: (db: Database) => void, rows = 2): void {
  let dir: string;
  let db: Database;
  beforeAll(async () => {
    dir = makeTempDir();
    db = await openTestDatabase(dir, { autovacuum: false });
    use(db);
  });
  afterAll(async () => {
    await db.close();
    removeDir(dir);
  });
  beforeEach(async () => {
    await db.query('DROP TABLE IF EXISTS t');
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await db.query(`INSERT INTO t SELECT g, 10 * g FROM generate_series(1, ${rows}) g`);
  });
}
