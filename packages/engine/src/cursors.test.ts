import type { Value } from '@rustydb/common';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { makeTempDir, openTestDatabase, rejects, removeDir } from './test-database.js';

let dir: string;
let db: Database;
let s: EmbeddedSession;

beforeAll(async () => {
  dir = makeTempDir();
  db = await openTestDatabase(dir);
  s = db.connect();
  await s.query('CREATE TABLE ten AS SELECT g AS n FROM generate_series(1, 10) g');
  await s.query('CREATE TABLE big AS SELECT g AS id, g % 7 AS k FROM generate_series(1, 1000) g');
});

afterEach(async () => {
  await s.query('ROLLBACK'); // a failed test leaves no block behind for the next
});

afterAll(async () => {
  await s.close();
  await db.close();
  removeDir(dir);
});

/** A FETCH/MOVE's tag and its rows' first column. */
async function fetch(sql: string): Promise<[string, Value[]]> {
  const r = await s.query(sql);
  return [r.command, r.rows.map((row) => row[0]!)];
}

describe('DECLARE / FETCH / MOVE / CLOSE', () => {
  it('moves a SCROLL cursor in every direction, with PostgreSQL counts at the edges', async () => {
    await s.query('BEGIN');
    expect((await s.query('DECLARE c SCROLL CURSOR FOR SELECT n FROM ten ORDER BY n')).command).toBe(
      'DECLARE CURSOR',
    );
    expect(await fetch('FETCH c')).toEqual(['FETCH 1', [1]]);
    expect(await fetch('FETCH NEXT FROM c')).toEqual(['FETCH 1', [2]]);
    expect(await fetch('FETCH 3 IN c')).toEqual(['FETCH 3', [3, 4, 5]]);
    expect(await fetch('FETCH PRIOR FROM c')).toEqual(['FETCH 1', [4]]);
    expect(await fetch('FETCH BACKWARD 2 FROM c')).toEqual(['FETCH 2', [3, 2]]);
    expect(await fetch('FETCH RELATIVE 0 FROM c')).toEqual(['FETCH 1', [2]]);
    expect(await fetch('FETCH RELATIVE 3 FROM c')).toEqual(['FETCH 1', [5]]);
    expect(await fetch('FETCH RELATIVE -2 FROM c')).toEqual(['FETCH 1', [3]]);
    expect(await fetch('FETCH ABSOLUTE 9 FROM c')).toEqual(['FETCH 1', [9]]);
    expect(await fetch('FETCH ABSOLUTE -3 FROM c')).toEqual(['FETCH 1', [8]]);
    expect(await fetch('FETCH LAST FROM c')).toEqual(['FETCH 1', [10]]);
    expect(await fetch('FETCH c')).toEqual(['FETCH 0', []]); // past the end
    expect(await fetch('FETCH c')).toEqual(['FETCH 0', []]);
    expect(await fetch('FETCH PRIOR FROM c')).toEqual(['FETCH 1', [10]]);
    expect(await fetch('FETCH FIRST FROM c')).toEqual(['FETCH 1', [1]]);
    expect(await fetch('FETCH PRIOR FROM c')).toEqual(['FETCH 0', []]); // before the first
    expect(await fetch('FETCH RELATIVE 0 FROM c')).toEqual(['FETCH 0', []]);
    expect(await fetch('FETCH ABSOLUTE 11 FROM c')).toEqual(['FETCH 0', []]);
    expect(await fetch('FETCH BACKWARD ALL FROM c')).toEqual(['FETCH 10', [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]]);
    expect(await fetch('FETCH ALL FROM c')).toEqual(['FETCH 10', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    expect(await fetch('FETCH ABSOLUTE 0 FROM c')).toEqual(['FETCH 0', []]);
    expect(await fetch('FETCH FORWARD 2 FROM c')).toEqual(['FETCH 2', [1, 2]]);
    expect(await fetch('FETCH -1 FROM c')).toEqual(['FETCH 1', [1]]);
    expect(await fetch('MOVE FORWARD ALL IN c')).toEqual(['MOVE 9', []]);
    expect(await fetch('MOVE BACKWARD 3 IN c')).toEqual(['MOVE 3', []]);
    expect(await fetch('MOVE 0 IN c')).toEqual(['MOVE 1', []]);
    expect(await fetch('FETCH 0 FROM c')).toEqual(['FETCH 1', [8]]);
    expect(await fetch('MOVE ABSOLUTE 4 IN c')).toEqual(['MOVE 1', []]);
    expect(await fetch('FETCH c')).toEqual(['FETCH 1', [5]]);
    expect(await fetch('MOVE LAST IN c')).toEqual(['MOVE 1', []]);
    expect(await fetch('MOVE c')).toEqual(['MOVE 0', []]);
    expect(await fetch('MOVE 0 IN c')).toEqual(['MOVE 0', []]);
    expect((await s.query('CLOSE c')).command).toBe('CLOSE CURSOR');
    await s.query('COMMIT');
  });

  it('refuses backward movement without SCROLL, as a NO SCROLL cursor does', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE c CURSOR FOR SELECT n FROM ten ORDER BY n');
    expect(await fetch('FETCH ABSOLUTE 1 FROM c')).toEqual(['FETCH 1', [1]]);
    expect(await fetch('FETCH ABSOLUTE 4 FROM c')).toEqual(['FETCH 1', [4]]);
    expect(await fetch('MOVE RELATIVE 2 IN c')).toEqual(['MOVE 1', []]);
    expect(await fetch('FETCH FORWARD 10 FROM c')).toEqual(['FETCH 4', [7, 8, 9, 10]]);
    await expect(s.query('FETCH PRIOR FROM c')).rejects.toMatchObject({
      code: '55000',
      message: 'cursor can only scan forward',
      fields: { hint: 'Declare it with SCROLL option to enable backward scan.' },
    });
    await rejects(
      s.query('FETCH c'),
      '25P02',
      'current transaction is aborted, commands ignored until end of transaction block',
    );
    await s.query('ROLLBACK');
    await rejects(s.query('FETCH c'), '34000', 'cursor "c" does not exist');
  });

  it('checks the transaction block, the name and the options', async () => {
    await rejects(
      s.query('DECLARE c CURSOR FOR SELECT 1'),
      '25P01',
      'DECLARE CURSOR can only be used in transaction blocks',
    );
    await rejects(s.query('CLOSE nope'), '34000', 'cursor "nope" does not exist');
    await s.query('BEGIN');
    await s.query('DECLARE c CURSOR FOR SELECT 1');
    await rejects(s.query('DECLARE c CURSOR FOR SELECT 2'), '42P03', 'cursor "c" already exists');
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await expect(s.query('DECLARE c SCROLL CURSOR FOR SELECT n FROM ten FOR UPDATE')).rejects.toMatchObject({
      code: '0A000',
      message: 'DECLARE SCROLL CURSOR ... FOR UPDATE is not supported',
      fields: { detail: 'Scrollable cursors must be READ ONLY.' },
    });
    await s.query('ROLLBACK');
    await rejects(
      s.query('DECLARE c CURSOR WITH HOLD FOR SELECT n FROM ten FOR SHARE'),
      '0A000',
      'DECLARE CURSOR WITH HOLD ... FOR SHARE is not supported',
    );
  });

  it('closes cursors at COMMIT and ROLLBACK; CLOSE ALL closes every one', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE a CURSOR FOR SELECT n FROM ten');
    await s.query('DECLARE b CURSOR FOR SELECT n FROM ten');
    expect(await fetch('FETCH 2 FROM a')).toEqual(['FETCH 2', [1, 2]]);
    expect(await fetch('FETCH 1 FROM b')).toEqual(['FETCH 1', [1]]);
    expect(await fetch('FETCH 1 FROM a')).toEqual(['FETCH 1', [3]]);
    expect((await s.query('CLOSE ALL')).command).toBe('CLOSE CURSOR ALL');
    await rejects(s.query('FETCH a'), '34000', 'cursor "a" does not exist');
    await s.query('ROLLBACK');
    await s.query('BEGIN');
    await s.query('DECLARE a CURSOR FOR SELECT n FROM ten');
    await s.query('COMMIT');
    await rejects(s.query('FETCH a'), '34000', 'cursor "a" does not exist');
  });

  it('keeps a WITH HOLD cursor past COMMIT (autocommit too), and drops it if its transaction rolls back', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE h CURSOR WITH HOLD FOR SELECT id FROM big WHERE k = 0 ORDER BY id');
    expect(await fetch('FETCH 2 FROM h')).toEqual(['FETCH 2', [7, 14]]);
    await s.query('COMMIT');
    await s.query('DELETE FROM big WHERE id = 21');
    expect(await fetch('FETCH 2 FROM h')).toEqual(['FETCH 2', [21, 28]]);
    expect(await fetch('MOVE ALL IN h')).toEqual(['MOVE 138', []]);
    await s.query('INSERT INTO big VALUES (21, 0)');
    await s.query('CLOSE h');

    await s.query('DECLARE auto NO SCROLL CURSOR WITH HOLD FOR SELECT n FROM ten');
    expect(await fetch('FETCH 3 FROM auto')).toEqual(['FETCH 3', [1, 2, 3]]);
    await s.query('BEGIN');
    expect(await fetch('FETCH 3 FROM auto')).toEqual(['FETCH 3', [4, 5, 6]]);
    await s.query('ROLLBACK'); // declared by a committed transaction: it stays
    expect(await fetch('FETCH ALL FROM auto')).toEqual(['FETCH 4', [7, 8, 9, 10]]);
    await s.query('CLOSE auto');

    await s.query('BEGIN');
    await s.query('DECLARE gone SCROLL CURSOR WITH HOLD FOR SELECT n FROM ten');
    await s.query('FETCH ALL FROM gone');
    await s.query('ROLLBACK');
    await rejects(s.query('FETCH gone'), '34000', 'cursor "gone" does not exist');
  });

  it('scrolls a held SCROLL cursor back over the rows read before COMMIT', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE h SCROLL CURSOR WITH HOLD FOR SELECT n FROM ten ORDER BY n');
    expect(await fetch('FETCH 3 FROM h')).toEqual(['FETCH 3', [1, 2, 3]]);
    await s.query('COMMIT');
    expect(await fetch('FETCH PRIOR FROM h')).toEqual(['FETCH 1', [2]]);
    expect(await fetch('FETCH LAST FROM h')).toEqual(['FETCH 1', [10]]);
    expect(await fetch('FETCH ABSOLUTE 5 FROM h')).toEqual(['FETCH 1', [5]]);
    await s.query('CLOSE h');
  });

  it('reads as of the DECLARE: later changes of the transaction and of others are not seen', async () => {
    const other = db.connect();
    await s.query('BEGIN');
    await s.query('DECLARE c CURSOR FOR SELECT n FROM ten ORDER BY n');
    await s.query('DECLARE d CURSOR FOR SELECT count(*) FROM ten');
    await s.query('DELETE FROM ten WHERE n = 2');
    await other.query('DELETE FROM ten WHERE n = 3');
    expect(await fetch('FETCH 4 FROM c')).toEqual(['FETCH 4', [1, 2, 3, 4]]);
    expect(await fetch('FETCH d')).toEqual(['FETCH 1', [10n]]);
    expect((await s.query('SELECT count(*) FROM ten')).rows).toEqual([[8n]]);
    await s.query('ROLLBACK');
    await other.query('INSERT INTO ten VALUES (3)');
    await other.close();
  });

  it('closes cursors declared after a savepoint when rolling back to it', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE before_sp CURSOR FOR SELECT n FROM ten ORDER BY n');
    await s.query('SAVEPOINT sp');
    await s.query('DECLARE after_sp CURSOR FOR SELECT n FROM ten');
    await s.query('ROLLBACK TO SAVEPOINT sp');
    await rejects(s.query('FETCH after_sp'), '34000', 'cursor "after_sp" does not exist');
    await s.query('ROLLBACK TO SAVEPOINT sp');
    expect(await fetch('FETCH before_sp')).toEqual(['FETCH 1', [1]]);
    await s.query('COMMIT');
  });

  it('closes a cursor re-declared after a savepoint under the name of a closed one at ROLLBACK TO', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE c CURSOR FOR SELECT n FROM ten ORDER BY n');
    await s.query('SAVEPOINT sp');
    await s.query('CLOSE c');
    await s.query('DECLARE c CURSOR FOR SELECT n * 100 FROM ten ORDER BY n');
    await s.query('ROLLBACK TO SAVEPOINT sp');
    // Closing is not undone (portals are not transactional) and the new c goes with the savepoint.
    await rejects(s.query('FETCH c'), '34000', 'cursor "c" does not exist');
    await s.query('COMMIT');
  });

  it('runs over joins, aggregates and subqueries past one executor batch, forward and back', async () => {
    await s.query('BEGIN');
    await s.query(
      'DECLARE j SCROLL CURSOR FOR SELECT a.id FROM big a JOIN big b ON b.id = a.id + 1 WHERE a.id IN (SELECT id FROM big WHERE k <> 3) ORDER BY a.id',
    );
    await s.query('DECLARE g CURSOR FOR SELECT k, count(*) FROM big GROUP BY k ORDER BY k');
    const [tag, rows] = await fetch('FETCH 600 FROM j');
    expect(tag).toBe('FETCH 600');
    expect(rows.slice(0, 3)).toEqual([1, 2, 4]);
    expect(await fetch('FETCH 2 FROM g')).toEqual(['FETCH 2', [0, 1]]);
    const [, all] = await fetch('FETCH ALL FROM j');
    expect(all.length).toBe(856 - 600);
    const [, back] = await fetch('FETCH BACKWARD ALL FROM j');
    expect(back.length).toBe(856);
    expect(back.at(-1)).toBe(1);
    expect(new Set(back).size).toBe(856); // copies, not the executor's reused rows
    await s.query('COMMIT');
  });

  it('runs no row before the first FETCH; an error reading a WITH HOLD cursor at COMMIT aborts', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE hz CURSOR WITH HOLD FOR SELECT 10 / (n - 5) FROM ten ORDER BY n');
    await s.query('INSERT INTO ten VALUES (100)');
    await rejects(s.query('COMMIT'), '22012', 'division by zero');
    expect(s.session.transactionStatus()).toBe('I');
    await rejects(s.query('FETCH hz'), '34000', 'cursor "hz" does not exist');
    expect((await s.query('SELECT count(*) FROM ten WHERE n = 100')).rows).toEqual([[0n]]);
  });

  it('lists the open cursors in pg_cursors', async () => {
    await s.query('BEGIN');
    await s.query('DECLARE a BINARY SCROLL CURSOR WITH HOLD FOR SELECT 1');
    await s.query('DECLARE "B" CURSOR FOR VALUES (2)');
    const r = await s.query(
      'SELECT name, statement, is_holdable, is_binary, is_scrollable, creation_time <= now() FROM pg_cursors ORDER BY name',
    );
    expect(r.rows).toEqual([
      ['B', 'DECLARE "B" CURSOR FOR VALUES (2)', false, false, false, true],
      ['a', 'DECLARE a BINARY SCROLL CURSOR WITH HOLD FOR SELECT 1', true, true, true, true],
    ]);
    await s.query('COMMIT');
    expect((await s.query('SELECT name FROM pg_cursors')).rows).toEqual([['a']]);
    await s.query('CLOSE a');
  });

  it('takes parameters through the extended protocol', async () => {
    const session = s.session;
    await s.query('BEGIN');
    session.prepare('', 'DECLARE p CURSOR FOR SELECT n FROM ten WHERE n > $1 ORDER BY n', []);
    session.bind('', '', ['7'], []);
    const out = { rows: [] as Value[][], tag: '' };
    await session.execute('', 0, {
      rowDescription() {},
      dataRow(row: Value[]) {
        out.rows.push(row.slice());
      },
      commandComplete(tag: string) {
        out.tag = tag;
      },
      notice() {},
      emptyQuery() {},
    } as never);
    expect(out.tag).toBe('DECLARE CURSOR');
    expect(await fetch('FETCH ALL FROM p')).toEqual(['FETCH 3', [8, 9, 10]]);
    await s.query('COMMIT');
  });
});
