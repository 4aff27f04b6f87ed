/**
 * A statement that waited for a relation lock runs against what the lock holder committed
 * (plan-locks.ts): session A rewrites `t` (TRUNCATE, ALTER … TYPE, DROP) and fills it anew while
 * holding ACCESS EXCLUSIVE; session B's statement waits, and once A commits, reads A's new rows
 * (READ COMMITTED) through a plan made against the new definition — not its pre-wait plan over
 * the old file. Expected results are PostgreSQL 15's for the same two sessions.
 */
import type { Value } from '@rustydb/common';
import type { CopyFormat } from '@rustydb/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outcome, pending, useLockTestTable } from './concurrency-test-helpers.js';
import type { Database } from './database.js';
import { type EmbeddedSession, ResultCollector } from './embedded-session.js';

let db: Database;
useLockTestTable((opened) => {
  db = opened;
}, 5);

let a: EmbeddedSession;
let b: EmbeddedSession;
beforeEach(() => {
  a = db.connect();
  b = db.connect();
});
afterEach(async () => {
  await a.close();
  await b.close();
});

const TRUNCATE = 'TRUNCATE t';
const ALTER_TYPE = 'ALTER TABLE t ALTER v TYPE bigint';

/** Rows as strings (bigint counts, int and bigint columns print alike). */
const text = (rows: readonly (readonly Value[])[]): string[][] =>
  rows.map((r) => r.map((v) => (v === null ? 'null' : String(v))));

/**
 * A runs `ddl`, then (unless it dropped something) replaces t's rows by (1, 100), (2, 200),
 * (3, 300), holding its lock; `waiter`
 * starts B's statement, which must still be waiting when A commits. Returns B's promise.
 */
async function afterRewrite<T>(ddl: string, waiter: () => Promise<T>): Promise<T> {
  await a.query('BEGIN');
  await a.query(ddl);
  if (!/^(DROP|ALTER TABLE t DROP)/.test(ddl)) {
    await a.query('DELETE FROM t');
    await a.query('INSERT INTO t SELECT g, 100 * g FROM generate_series(1, 3) g');
  }
  const p = waiter();
  expect(await pending(p)).toBe(true);
  await a.query('COMMIT');
  return p;
}

describe('a simple query that waited', () => {
  for (const ddl of [TRUNCATE, ALTER_TYPE]) {
    it(`reads the new rows after ${ddl} (cached plan, index lookup, new text)`, async () => {
      // Run once before, so the statement cache holds plans over the old definition.
      await b.query('SELECT count(*), min(v) FROM t');
      await b.query('SELECT v FROM t WHERE id = 2');
      const r = await afterRewrite(ddl, () => b.query('SELECT count(*), min(v) FROM t'));
      expect(text(r.rows)).toEqual([['3', '100']]);
      expect(text((await b.query('SELECT v FROM t WHERE id = 2')).rows)).toEqual([['200']]);
      const fresh = await afterRewrite(ddl, () => b.query('SELECT sum(v) FROM t'));
      expect(text(fresh.rows)).toEqual([['600']]);
    });
  }

  it('sees rows committed behind a LOCK TABLE (a new snapshot after the wait)', async () => {
    await b.query('SELECT count(*) FROM t');
    const r = await afterRewrite('LOCK TABLE t IN ACCESS EXCLUSIVE MODE', () =>
      b.query('SELECT count(*) FROM t'),
    );
    expect(text(r.rows)).toEqual([['3']]);
  });

  it('fails as PostgreSQL when the table or a column was dropped meanwhile', async () => {
    await b.query('SELECT count(*) FROM t');
    expect(await afterRewrite('DROP TABLE t', () => outcome(b.query('SELECT count(*) FROM t')))).toBe(
      '42P01 relation "t" does not exist',
    );
    await db.query('CREATE TABLE t (id int PRIMARY KEY, v int)');
    await db.query('INSERT INTO t VALUES (1, 10)');
    await b.query('SELECT v FROM t WHERE id = 1');
    const dropV = 'ALTER TABLE t DROP COLUMN v';
    expect(await afterRewrite(dropV, () => outcome(b.query('SELECT v FROM t WHERE id = 1')))).toBe(
      '42703 column "v" does not exist',
    );
  });

  it('SELECT * after a column was dropped returns the columns left', async () => {
    await b.query('SELECT * FROM t WHERE id = 1');
    const r = await afterRewrite('ALTER TABLE t DROP COLUMN v', () =>
      b.query('SELECT * FROM t WHERE id = 1'),
    );
    expect(r.fields.map((f) => f.name)).toEqual(['id']);
    expect(text(r.rows)).toEqual([['1']]);
  });
});

describe('DML that waited', () => {
  for (const ddl of [TRUNCATE, ALTER_TYPE]) {
    it(`UPDATE and DELETE change the new rows after ${ddl}`, async () => {
      await b.query('UPDATE t SET v = v + 1 WHERE id > 0');
      const r = await afterRewrite(ddl, () => b.query('UPDATE t SET v = v + 1 WHERE id > 0'));
      expect(r.command).toBe('UPDATE 3');
      const d = await afterRewrite(ddl, () => b.query('DELETE FROM t WHERE id > 1'));
      expect(d.command).toBe('DELETE 2');
      expect(text((await b.query('SELECT id, v FROM t ORDER BY id')).rows)).toEqual([['1', '100']]);
    });
  }

  it('SELECT … FOR UPDATE locks the new rows', async () => {
    const r = await afterRewrite(TRUNCATE, () => b.query('SELECT id FROM t ORDER BY id FOR UPDATE'));
    expect(text(r.rows)).toEqual([['1'], ['2'], ['3']]);
  });
});

describe('the extended protocol', () => {
  /** Bind (A holds its lock: the plan is the old definition's) + Execute of statement `name`. */
  async function execute(name: string) {
    const out = new ResultCollector();
    await afterRewrite(TRUNCATE, async () => {
      b.session.bind('', name, [], []);
      return b.session.execute('', 0, out);
    });
    await b.session.sync(false); // ends the implicit transaction (and its locks)
    return out.result!;
  }

  it('a prepared query and a prepared UPDATE run on the new rows', async () => {
    b.session.prepare('q', 'SELECT count(*), min(v) FROM t', []);
    expect(text((await execute('q')).rows)).toEqual([['3', '100']]);
    b.session.prepare('u', 'UPDATE t SET v = v + 1', []);
    expect((await execute('u')).command).toBe('UPDATE 3');
  });

  it('a prepared query whose result type changed meanwhile fails (0A000)', async () => {
    b.session.prepare('star', 'SELECT * FROM t', []);
    const run = () => {
      b.session.bind('', 'star', [], []);
      return outcome((async () => b.session.execute('', 0, new ResultCollector()))());
    };
    expect(await afterRewrite('ALTER TABLE t DROP COLUMN v', run)).toBe(
      '0A000 cached plan must not change result type',
    );
  });
});

describe('cursors, COPY and REPEATABLE READ', () => {
  it('DECLARE CURSOR that waited fetches the new rows', async () => {
    await b.query('BEGIN');
    await afterRewrite(TRUNCATE, () => b.query('DECLARE c CURSOR FOR SELECT id, v FROM t ORDER BY id'));
    expect(text((await b.query('FETCH ALL FROM c')).rows)).toEqual([
      ['1', '100'],
      ['2', '200'],
      ['3', '300'],
    ]);
    await b.query('COMMIT');
  });

  it('COPY (query) TO that waited writes the new rows', async () => {
    const data: string[] = [];
    const out = Object.assign(new ResultCollector(), {
      copyOut: (_: CopyFormat) => {},
      copyData: (line: string) => data.push(line),
      copyDone: () => {},
    });
    await afterRewrite(TRUNCATE, async () =>
      b.session.run('COPY (SELECT id, v FROM t ORDER BY id) TO STDOUT', [], out),
    );
    expect(data).toEqual(['1\t100\n', '2\t200\n', '3\t300\n']);
  });

  it('REPEATABLE READ reads the new file with its old snapshot: no rows (TRUNCATE is not MVCC-safe)', async () => {
    await b.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await b.query('SELECT 1');
    const r = await afterRewrite(TRUNCATE, () => b.query('SELECT count(*) FROM t'));
    expect(text(r.rows)).toEqual([['0']]);
    expect(text((await b.query('SELECT count(*) FROM t WHERE id = 2')).rows)).toEqual([['0']]);
    await b.query('COMMIT');
    expect(text((await b.query('SELECT count(*) FROM t')).rows)).toEqual([['3']]);
  });
});

describe("DDL's own queries that waited", () => {
  for (const ddl of [TRUNCATE, ALTER_TYPE]) {
    it(`CREATE TABLE AS and SELECT INTO copy the new rows after ${ddl}`, async () => {
      const r = await afterRewrite(ddl, () => b.query('CREATE TABLE copied AS SELECT id, v FROM t'));
      expect(r.command).toBe('SELECT 3');
      expect(text((await b.query('SELECT id, v FROM copied ORDER BY id')).rows)).toEqual([
        ['1', '100'],
        ['2', '200'],
        ['3', '300'],
      ]);
      await b.query('DROP TABLE copied');
      const into = await afterRewrite(ddl, () => b.query('SELECT sum(v) AS s INTO summed FROM t'));
      expect(into.command).toBe('SELECT 1');
      expect(text((await b.query('SELECT s FROM summed')).rows)).toEqual([['600']]);
      await b.query('DROP TABLE summed');
    });
  }

  it('ALTER TABLE validates a CHECK against the rows committed while it waited', async () => {
    // The old rows (v = 10 … 50) pass; the new ones (100, 200, 300) do not.
    const r = await afterRewrite(TRUNCATE, () =>
      outcome(b.query('ALTER TABLE t ADD CONSTRAINT small CHECK (v < 100)')),
    );
    expect(r).toBe('23514 check constraint "small" of relation "t" is violated by some row');
    const notNull = await afterRewrite(TRUNCATE, async () => {
      const q = b.query('ALTER TABLE t ALTER v SET NOT NULL');
      await a.query('UPDATE t SET v = NULL WHERE id = 3');
      return outcome(q);
    });
    expect(notNull).toBe('23502 column "v" of relation "t" contains null values');
  });

  it('REFRESH MATERIALIZED VIEW fills from the new rows of a source that was truncated', async () => {
    await b.query('CREATE MATERIALIZED VIEW mv AS SELECT count(*) AS n, sum(v) AS s FROM t');
    await afterRewrite(TRUNCATE, () => b.query('REFRESH MATERIALIZED VIEW mv'));
    expect(text((await b.query('SELECT n, s FROM mv')).rows)).toEqual([['3', '600']]);
    await b.query('DROP MATERIALIZED VIEW mv');
  });
});

describe('EXPLAIN that waited', () => {
  it('EXPLAIN ANALYZE runs the plan of the new definition (it took no locks before)', async () => {
    const r = await afterRewrite(TRUNCATE, () =>
      b.query('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT * FROM t'),
    );
    expect(r.rows.map((row) => row[0])).toEqual(['Seq Scan on t (actual rows=3 loops=1)']);
  });
});
