/**
 * A kept point lookup re-encodes its key into the last execution's key array when the lengths
 * match (keyRange with its scratch, encodeKeyInto): every execution must still find its own row,
 * for fixed- and variable-width keys, btree and hash, and when a lookup runs once per outer row.
 */
import { operatorTreeStats } from '@rustydb/executor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { ResultCollector } from './embedded-session.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

let dir: string;
let db: Database;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir, { autovacuum: false });
  await db.query('CREATE TABLE nums (k int PRIMARY KEY, v text)');
  await db.query("INSERT INTO nums SELECT g, 'n' || g FROM generate_series(1, 200) g");
  await db.query('CREATE TABLE words (w text, v int)');
  await db.query('CREATE UNIQUE INDEX words_w ON words (w)');
  await db.query('CREATE INDEX words_hash ON words USING hash (v)');
  await db.query("INSERT INTO words VALUES ('aa', 1), ('ab', 2), ('ba', 3), ('abc', 4), ('b', 5), ('', 6)");
});

afterAll(async () => {
  await db.close();
  removeDir(dir);
});

describe('kept point lookups reuse their key array', () => {
  it('finds each execution’s own int key', async () => {
    const s = db.connect();
    const kept = operatorTreeStats.reused;
    for (const k of [5, 6, 200, 1, 77, 78, 77]) {
      expect((await s.query('SELECT v FROM nums WHERE k = $1', [k])).rows).toEqual([[`n${k}`]]);
    }
    expect(operatorTreeStats.reused).toBeGreaterThan(kept);
    expect((await s.query('SELECT v FROM nums WHERE k = $1', [201])).rows).toEqual([]);
    expect((await s.query('SELECT v FROM nums WHERE k = $1', [3])).rows).toEqual([['n3']]);
    await s.close();
  });

  it('finds text keys of equal and of different lengths, btree and hash', async () => {
    const s = db.connect();
    const expected: [string, number][] = [
      ['aa', 1],
      ['ab', 2],
      ['ba', 3],
      ['abc', 4],
      ['b', 5],
      ['', 6],
      ['ab', 2],
      ['zz', 0],
      ['aa', 1],
    ];
    for (const [w, v] of expected) {
      const rows = (await s.query('SELECT v FROM words WHERE w = $1', [w])).rows;
      expect(rows).toEqual(v === 0 ? [] : [[v]]);
      if (v !== 0) expect((await s.query('SELECT w FROM words WHERE v = $1', [v])).rows).toEqual([[w]]);
    }
    await s.close();
  });

  it('serves a lookup run once per outer row, and two open cursors of one query', async () => {
    const s = db.connect();
    const join = await s.query(
      'SELECT a.k, b.v FROM nums a JOIN nums b ON b.k = a.k + 1 WHERE a.k <= 4 ORDER BY a.k',
    );
    expect(join.rows).toEqual([
      [1, 'n2'],
      [2, 'n3'],
      [3, 'n4'],
      [4, 'n5'],
    ]);
    // Two portals of one prepared lookup, both suspended after one row, then run to the end.
    const session = s.session;
    await s.query('BEGIN');
    session.prepare('one', 'SELECT v FROM nums WHERE k = $1', []);
    const fetch = async (portal: string, maxRows: number) => {
      const out = new ResultCollector();
      const rows: unknown[][] = [];
      out.dataRow = (values) => {
        rows.push(values.slice());
      };
      const suspended = await session.execute(portal, maxRows, out);
      return { rows, suspended };
    };
    session.bind('p1', 'one', [10], []);
    session.bind('p2', 'one', [20], []);
    expect(await fetch('p2', 1)).toEqual({ rows: [['n20']], suspended: true });
    expect(await fetch('p1', 1)).toEqual({ rows: [['n10']], suspended: true });
    expect(await fetch('p2', 0)).toEqual({ rows: [], suspended: false });
    expect(await fetch('p1', 0)).toEqual({ rows: [], suspended: false });
    await s.query('COMMIT');
    await s.close();
  });
});
