/**
 * @internal Test helpers: a throwaway database in a temporary directory, without fsync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DbError, yieldToEventLoop } from '@rustydb/common';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { Database, type DatabaseOptions } from './database.js';
import { EmbeddedSession } from './embedded-session.js';
import type { EngineSession } from './session.js';

/** A fresh temporary directory; remove it with `removeDir`. */
export const makeTempDir = (): string => mkdtempSync(join(tmpdir(), 'rustydb-engine-'));

export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** Opens a database in `dir` for a test: no fsync, a small pool. */
export function openTestDatabase(dir: string, options: DatabaseOptions = {}): Promise<Database> {
  return Database.open(dir, { fsync: false, bufferPoolPages: 256, ...options });
}

/**
 * Simulates a crash: stops the database's timers so it writes nothing more, and drops it without
 * the shutdown checkpoint. Pages only in its buffer pool are lost, as in a power failure; the WAL
 * it flushed (every acknowledged commit) stays.
 */
export function crash(db: Database): void {
  db.checkpointer.stop();
  db.pool.stopBackgroundWriter();
  db.wal.close();
  db.disk.close();
}

/**
 * What `sql` fails with on `session`, as `SQLSTATE message` (with `withContext`, ` | ` and the
 * error's CONTEXT after it), or `ok` when it succeeds. A thrown non-DbError is rethrown.
 */
export async function queryError(
  session: Pick<EmbeddedSession, 'query'>,
  sql: string,
  withContext = false,
): Promise<string> {
  try {
    await session.query(sql);
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return `${err.code} ${err.message}${withContext ? ` | ${err.fields.where}` : ''}`;
  }
  return 'ok';
}

/** Per-test databases in a fresh temporary directory (see `useTestDatabases`). */
export interface TestDatabases {
  /** The current test's directory. */
  readonly dir: string;
  /** Opens (or reopens) the database in `dir` with the defaults and `options`; closed after the test. */
  open(options?: DatabaseOptions): Promise<Database>;
  /** The test closed or crashed `db` itself: do not close it after the test. */
  forget(db: Database): void;
}

/**
 * Registers beforeEach/afterEach hooks in the calling scope: each test gets a new temporary
 * directory, and every database `open` made in it is closed (then the directory removed) after
 * the test. `defaults` are applied before each call's options.
 */
export function useTestDatabases(defaults: DatabaseOptions = {}): TestDatabases {
  let dir = '';
  const opened: Database[] = [];
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
    removeDir(dir);
  });
  return {
    get dir() {
      return dir;
    },
    async open(options = {}) {
      const db = await openTestDatabase(dir, { ...defaults, ...options });
      opened.push(db);
      return db;
    },
    forget(db) {
      const i = opened.indexOf(db);
      if (i >= 0) opened.splice(i, 1);
    },
  };
}

/**
 * One database for every test of a file: opened in `beforeAll`, closed and removed in
 * `afterAll`. Returns a getter (the database exists only once `beforeAll` has run).
 */
export function useFileDatabase(options: DatabaseOptions = {}): () => Database {
  let dir = '';
  let db: Database | undefined;
  beforeAll(async () => {
    dir = makeTempDir();
    db = await openTestDatabase(dir, options);
  });
  afterAll(async () => {
    await db?.close();
    removeDir(dir);
  });
  return () => db!;
}

/** A session of `db` logged in as `user`, as the protocol opens one (its role's checks apply). */
export async function loginAs(db: Database, user: string): Promise<EmbeddedSession> {
  const session = await db.startSession({ user, database: 'rustydb' }, { address: '', port: 0 });
  return new EmbeddedSession(session as EngineSession);
}

/** Expects `p` to reject with a DbError of `code` and exactly `message`. Async. */
export const rejects = (p: Promise<unknown>, code: string, message: string): Promise<void> =>
  expect(p).rejects.toMatchObject({ code, message });

/**
 * Starts `sql` on `db`, then runs `other` (another session's work, started a turn later) and
 * reports which finished first: 'other' when `sql` gave the event loop turns while it ran (a
 * long VACUUM, ANALYZE or index build must), 'sql' when it held the loop to its end.
 */
export async function firstToFinish(
  db: Database,
  sql: string,
  other: () => Promise<unknown>,
): Promise<'sql' | 'other'> {
  let first: 'sql' | 'other' | undefined;
  const running = db.query(sql).then(() => {
    first ??= 'sql';
  });
  await yieldToEventLoop();
  await other();
  first ??= 'other';
  await running;
  return first;
}
