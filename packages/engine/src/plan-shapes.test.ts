/**
 * The cost-based optimizer end to end, read through EXPLAIN (COSTS OFF) after ANALYZE: index vs
 * sequential scans by selectivity, join methods by input size, join order for a chain and a
 * star, the enable_* settings forcing methods, decorrelated subqueries, and the results of merge
 * joins (every join type, duplicates and NULLs) against the other methods.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

const SIX = [
  'SELECT count(*) FROM big b',
  'JOIN d1 ON d1.id = b.d JOIN d2 ON d2.id = d1.next JOIN d3 ON d3.id = d2.next',
  "JOIN d4 ON d4.id = d3.next JOIN d5 ON d5.id = d4.next WHERE d5.label = 'label-7'",
].join(' ');

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  s = db.connect();
  await s.query('CREATE TABLE big (id int PRIMARY KEY, k int NOT NULL, d int NOT NULL, payload text)');
  await s.query(
    "INSERT INTO big SELECT g, (g * 7919) % 20000, g % 100, 'p' || g FROM generate_series(1, 20000) g",
  );
  await s.query('CREATE INDEX big_k ON big (k)');
  for (let t = 1; t <= 5; t++) {
    await s.query(`CREATE TABLE d${t} (id int PRIMARY KEY, next int NOT NULL, label text NOT NULL)`);
    await s.query(
      `INSERT INTO d${t} SELECT g, (3 * g + 1) % 100, 'label-' || g FROM generate_series(0, 99) g`,
    );
  }
  // Joins with NULLs and duplicate keys.
  await s.query('CREATE TABLE l (k int, v text)');
  await s.query('CREATE TABLE r (k int, w text)');
  await s.query("INSERT INTO l VALUES (1, 'a'), (2, 'b'), (2, 'c'), (NULL, 'd'), (4, 'e'), (5, 'f')");
  await s.query("INSERT INTO r VALUES (2, 'x'), (2, 'y'), (3, 'z'), (NULL, 'n'), (5, 'q'), (5, 'p')");
  await s.query('ANALYZE');
});

afterAll(async () => {
  await s.close();
  await db.close();
  removeDir(dir);
});

const plan = async (sql: string): Promise<string[]> =>
  (await s.query(`EXPLAIN (COSTS OFF) ${sql}`)).rows.map((r) => String(r[0]));

const totalCost = async (sql: string): Promise<number> => {
  const first = String((await s.query(`EXPLAIN ${sql}`)).rows[0][0]);
  return Number(/\.\.(\d+\.\d\d) /.exec(first)![1]);
};

/** Runs `fn` with `settings` SET, resetting them afterwards. */
async function withSettings<T>(settings: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  for (const [k, v] of Object.entries(settings)) await s.query(`SET ${k} = ${v}`);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(settings)) await s.query(`RESET ${k}`);
  }
}

describe('access paths by selectivity', () => {
  it('uses the index for few rows and a sequential scan for many', async () => {
    expect(await plan('SELECT * FROM big WHERE k = 5')).toEqual([
      'Index Scan using big_k on big',
      '  Index Cond: (k = 5)',
    ]);
    expect(await plan('SELECT * FROM big WHERE k < 10')).toEqual([
      'Index Scan using big_k on big',
      '  Index Cond: (k < 10)',
    ]);
    expect(await plan('SELECT * FROM big WHERE k < 15000')).toEqual([
      'Seq Scan on big',
      '  Filter: (k < 15000)',
    ]);
  });

  it('lets enable_seqscan / enable_indexscan = off push the choice, never forbid it', async () => {
    await withSettings({ enable_seqscan: 'off' }, async () => {
      expect((await plan('SELECT * FROM big WHERE k < 15000'))[0]).toBe('Index Scan using big_k on big');
      // No index can serve this: the disabled sequential scan still runs.
      expect((await plan("SELECT * FROM big WHERE payload = 'p1'"))[0]).toBe('Seq Scan on big');
    });
    await withSettings({ enable_indexscan: 'off' }, async () => {
      expect(await plan('SELECT * FROM big WHERE k = 5')).toEqual(['Seq Scan on big', '  Filter: (k = 5)']);
    });
  });
});

describe('join methods', () => {
  it('hashes the smaller input of an equi-join', async () => {
    expect(await plan('SELECT * FROM big b JOIN d1 ON d1.id = b.d')).toEqual([
      'Hash Join',
      '  Hash Cond: (b.d = d1.id)',
      '  ->  Seq Scan on big b',
      '  ->  Hash',
      '        ->  Seq Scan on d1',
    ]);
  });

  it('runs an index nested loop for a few outer rows', async () => {
    const sql = 'SELECT b.payload FROM d1 JOIN big b ON b.id = d1.next WHERE d1.id = 5';
    // d1 fits one page: scanning it beats its index, as in PostgreSQL.
    expect(await plan(sql)).toEqual([
      'Nested Loop',
      '  ->  Seq Scan on d1',
      '        Filter: (d1.id = 5)',
      '  ->  Index Scan using big_pkey on big b',
      '        Index Cond: (b.id = d1.next)',
    ]);
    expect((await s.query(sql)).rows).toEqual([['p16']]);
    const analyzed = (await s.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) ${sql}`)).rows.map((r) =>
      String(r[0]),
    );
    expect(analyzed[0]).toBe('Nested Loop (actual rows=1 loops=1)');
    expect(analyzed[3]).toBe('  ->  Index Scan using big_pkey on big b (actual rows=1 loops=1)');
  });

  it('merge-joins when hashing is off, and nests loops when merging is off too', async () => {
    const sql = 'SELECT * FROM big b JOIN d1 ON d1.id = b.d';
    await withSettings({ enable_hashjoin: 'off' }, async () => {
      expect(await plan(sql)).toEqual([
        'Merge Join',
        '  Merge Cond: (b.d = d1.id)',
        '  ->  Sort',
        '        Sort Key: b.d',
        '        ->  Seq Scan on big b',
        '  ->  Sort',
        '        Sort Key: d1.id',
        '        ->  Seq Scan on d1',
      ]);
      await withSettings({ enable_mergejoin: 'off' }, async () => {
        expect((await plan(sql))[0]).toBe('Nested Loop');
      });
    });
  });

  it('swaps a LEFT join into a RIGHT one to hash the smaller side', async () => {
    expect(await plan('SELECT * FROM d1 LEFT JOIN big b ON b.d = d1.id')).toEqual([
      'Hash Right Join',
      '  Hash Cond: (b.d = d1.id)',
      '  ->  Seq Scan on big b',
      '  ->  Hash',
      '        ->  Seq Scan on d1',
    ]);
  });
});

describe('join order', () => {
  it('starts a chain from its filtered end and probes the big table once', async () => {
    const lines = await plan(SIX);
    const scans = lines.filter((x) => x.includes('Seq Scan')).map((x) => x.trim());
    expect(scans[0]).toBe('->  Seq Scan on big b');
    expect(scans.at(-1)).toBe('->  Seq Scan on d5');
    // big is joined last: the top join's inner side is the whole chain of dimensions.
    expect(lines.slice(0, 5)).toEqual([
      'Aggregate',
      '  ->  Hash Join',
      '        Hash Cond: (b.d = d1.id)',
      '        ->  Seq Scan on big b',
      '        ->  Hash',
    ]);
    expect((await s.query(SIX)).rows).toEqual([[200n]]);
  });

  it('keeps the written order with join_collapse_limit = 1, at a higher estimated cost', async () => {
    const free = await totalCost(SIX);
    const written = await withSettings({ join_collapse_limit: '1' }, async () => {
      const lines = await plan(SIX);
      // The first join is big ⋈ d1, as written.
      expect(
        lines
          .filter((x) => x.includes('Hash Cond'))
          .at(-1)
          ?.trim(),
      ).toBe('Hash Cond: (b.d = d1.id)');
      expect((await s.query(SIX)).rows).toEqual([[200n]]);
      return totalCost(SIX);
    });
    expect(written).toBeGreaterThan(free * 2);
  });

  it('joins the selective dimension of a star first', async () => {
    const star =
      "SELECT count(*) FROM big b JOIN d1 ON d1.id = b.d JOIN d2 ON d2.id = b.d JOIN d3 ON d3.id = b.d WHERE d3.label = 'label-7'";
    const lines = await plan(star);
    // The filtered d3 meets big first (deepest join); d1 and d2 join the 200 rows after.
    const conds = lines.filter((x) => x.includes('Hash Cond')).map((x) => x.trim());
    expect(conds.at(-1)).toMatch(/d3\.id/);
    expect((await s.query(star)).rows).toEqual([[200n]]);
  });
});

describe('aggregation', () => {
  it('groups by sorting when hashing is disabled', async () => {
    await withSettings({ enable_hashagg: 'off' }, async () => {
      expect(await plan('SELECT d, count(*) FROM big GROUP BY d')).toEqual([
        'GroupAggregate',
        '  Group Key: d',
        '  ->  Sort',
        '        Sort Key: d',
        '        ->  Seq Scan on big',
      ]);
      const rows = (await s.query('SELECT d, count(*) FROM big GROUP BY d ORDER BY d LIMIT 2')).rows;
      expect(rows).toEqual([
        [0, 200n],
        [1, 200n],
      ]);
    });
  });
});

describe('decorrelation', () => {
  it('turns EXISTS and IN into semi joins and NOT EXISTS into an anti join', async () => {
    expect(await plan('SELECT * FROM d1 WHERE EXISTS (SELECT 1 FROM d2 WHERE d2.next = d1.id)')).toEqual([
      'Hash Semi Join',
      '  Hash Cond: (d1.id = d2.next)',
      '  ->  Seq Scan on d1',
      '  ->  Hash',
      '        ->  Seq Scan on d2',
    ]);
    // Six rows each: a nested loop is cheaper than building a hash table.
    expect((await plan('SELECT * FROM l WHERE EXISTS (SELECT 1 FROM r WHERE r.k = l.k)'))[0]).toBe(
      'Nested Loop Semi Join',
    );
    const v = async (sql: string) => (await s.query(sql)).rows.map((r) => r[0]);
    expect(await v('SELECT v FROM l WHERE EXISTS (SELECT 1 FROM r WHERE r.k = l.k) ORDER BY v')).toEqual([
      'b',
      'c',
      'f',
    ]);
    expect(await v("SELECT v FROM l WHERE k IN (SELECT k FROM r WHERE w <> 'q') ORDER BY v")).toEqual([
      'b',
      'c',
      'f',
    ]);
    expect(
      (await plan('SELECT * FROM d1 WHERE NOT EXISTS (SELECT 1 FROM d2 WHERE d2.next = d1.id)'))[0],
    ).toBe('Hash Anti Join');
    expect(await v('SELECT v FROM l WHERE NOT EXISTS (SELECT 1 FROM r WHERE r.k = l.k) ORDER BY v')).toEqual([
      'a',
      'd',
      'e',
    ]);
  });

  it('keeps NOT IN a subplan when NULLs could change its answer, and anti-joins it when not', async () => {
    const nullable = await plan('SELECT * FROM l WHERE k NOT IN (SELECT k FROM r)');
    expect(nullable[0]).toBe('Seq Scan on l');
    expect(nullable[1]).toBe('  Filter: (NOT (k IN (SubPlan 1)))');
    // r.k has a NULL: NOT IN is never true.
    expect((await s.query('SELECT v FROM l WHERE k NOT IN (SELECT k FROM r)')).rows).toEqual([]);
    expect((await plan('SELECT * FROM d1 WHERE id NOT IN (SELECT next FROM d2 WHERE id < 50)'))[0]).toBe(
      'Hash Anti Join',
    );
    expect(
      (await s.query('SELECT count(*) FROM d1 WHERE id NOT IN (SELECT next FROM d2 WHERE id < 50)')).rows,
    ).toEqual([[50n]]);
  });
});

describe('merge join results', () => {
  for (const type of ['JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN']) {
    it(`${type} gives the same rows as a hash join and a nested loop, NULLs and duplicates included`, async () => {
      const sql = `SELECT l.v, r.w FROM l ${type} r ON l.k = r.k ORDER BY 1, 2`;
      const run = (settings: Record<string, string>) =>
        withSettings(settings, async () => (await s.query(sql)).rows);
      const merged = await withSettings({ enable_hashjoin: 'off', enable_nestloop: 'off' }, async () => {
        expect((await plan(sql)).some((x) => x.includes('Merge'))).toBe(true);
        return (await s.query(sql)).rows;
      });
      expect(merged).toEqual(await run({ enable_mergejoin: 'off', enable_nestloop: 'off' }));
      expect(merged).toEqual(await run({ enable_mergejoin: 'off', enable_hashjoin: 'off' }));
    });
  }
});
