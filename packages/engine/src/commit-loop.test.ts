import { describe, expect, it } from 'vitest';
import { useTestDatabases } from './test-database.js';

// A tight loop of durable autocommit statements: each commit fdatasyncs synchronously (sole
// writer), so without help the event loop would never turn and no timer would fire
// (loop-watch.ts). The timed checkpoint must still happen.
const databases = useTestDatabases();

describe('commits in a loop that never yields', () => {
  it('still lets the timers run (timed checkpoints happen)', async () => {
    const db = await databases.open({
      fsync: true,
      autovacuum: false,
      checkpointIntervalMs: 50,
    });
    await db.query('CREATE TABLE t (id int PRIMARY KEY, n int NOT NULL)');
    await db.query('INSERT INTO t SELECT g, 0 FROM generate_series(1, 100) g');
    const session = db.connect();
    const before = db.checkpointer.count;
    const start = performance.now();
    let commits = 0;
    // At least 600 ms (twelve checkpoint intervals) and 20 commits, however slow the disk is.
    while (performance.now() - start < 600 || commits < 20) {
      await session.query('UPDATE t SET n = n + 1 WHERE id = $1', [1 + (commits++ % 100)]);
    }
    expect(db.checkpointer.count).toBeGreaterThan(before);
    await session.close();
  });
});
