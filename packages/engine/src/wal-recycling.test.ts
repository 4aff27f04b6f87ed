import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { crash, makeTempDir, openTestDatabase, removeDir } from './test-database.js';

// Recycled WAL segments (wal.ts, "Segment lifecycle") under the whole engine: a checkpoint renames
// retired segments ahead of the log, commits go on into them, and a crash (no shutdown
// checkpoint) in a recycled segment recovers exactly the acknowledged commits.
let dir: string;
const open: Database[] = [];
const SEGMENT = 64 * 1024;

async function openDb(): Promise<Database> {
  const db = await openTestDatabase(dir, {
    fsync: true,
    walSegmentSize: SEGMENT,
    checkpointIntervalMs: 3_600_000,
    autovacuum: false,
  });
  open.push(db);
  return db;
}
const segments = (): number[] =>
  readdirSync(join(dir, 'wal'))
    .filter((n) => /^[0-9A-F]{16}$/.test(n))
    .map((n) => Number.parseInt(n, 16))
    .sort((a, b) => a - b);

/** The start LSN in the header of segment file `seg` (bytes 8..16, little endian). */
function headerStart(seg: number): number {
  const bytes = readFileSync(join(dir, 'wal', seg.toString(16).toUpperCase().padStart(16, '0')));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return dv.getUint32(12, true) * 2 ** 32 + dv.getUint32(8, true);
}

beforeEach(() => {
  dir = makeTempDir();
});
afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
  removeDir(dir);
});

describe('WAL segment recycling', () => {
  it('recovers every acknowledged commit after a crash inside a recycled segment', async () => {
    let db = await openDb();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL, pad text NOT NULL)');
    await db.query("INSERT INTO t SELECT g, 0, repeat('x', 100) FROM generate_series(1, 500) g");
    let expected = 0;
    for (let round = 0; round < 3; round++) {
      // Enough WAL for several segments, then a checkpoint retires (recycles) them.
      while (db.wal.insertLsn < (round + 1) * 6 * SEGMENT) {
        await db.query('UPDATE t SET n = n + 1');
        expected++;
      }
      await db.checkpointer.run();
      const current = db.wal.insertLsn - (db.wal.insertLsn % SEGMENT);
      // Recycled files still carry their old header (a preallocated one has its own start).
      const recycled = segments().filter((s) => s > current && headerStart(s) !== s);
      expect(recycled.length).toBeGreaterThan(0);
      // Autocommit updates by key until the log is well into the first recycled segment.
      const target = recycled[0]! + SEGMENT / 3;
      let i = 0;
      while (db.wal.insertLsn < target) {
        await db.query('UPDATE t SET n = n + 1 WHERE id = $1', [1 + (i++ % 500)]);
      }
      const before = (await db.query('SELECT sum(n)::int, max(n) FROM t')).rows[0];
      expect(before![0]).toBe(expected * 500 + i);
      crash(db);
      open.pop();
      db = await openDb();
      expect((await db.query('SELECT sum(n)::int, max(n) FROM t')).rows[0]).toEqual(before);
      expected = (before![0] as number) / 500;
      // Start the next round from a round number: bring every row to the same count.
      await db.query('UPDATE t SET n = (SELECT max(n) FROM t)');
      expected = (await db.query('SELECT max(n) FROM t')).rows[0]![0] as number;
    }
  }, 120_000);
});
