import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { CommitLog } from './commit-log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('CommitLog', () => {
  it('keeps two bits per xid, grows, and round-trips through save/load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rustydb-clog-'));
    dirs.push(dir);
    const clog = CommitLog.empty();
    const x = (n: number) => n as TxnId;
    expect([0, 1, 2, 3].map((n) => clog.get(x(n)))).toEqual([
      'aborted',
      'committed',
      'committed',
      'in-progress',
    ]);
    clog.set(x(4), 'committed');
    clog.set(x(5), 'aborted');
    clog.set(x(6), 'committed');
    clog.set(x(6), 'aborted'); // overwrite clears the old bits
    clog.set(x(100_000), 'committed'); // past the initial size
    expect([4, 5, 6, 7, 100_000].map((n) => clog.get(x(n)))).toEqual([
      'committed',
      'aborted',
      'aborted',
      'in-progress',
      'committed',
    ]);
    clog.abortUnfinished(x(3), x(10));
    expect([3, 4, 7, 9, 10].map((n) => clog.get(x(n)))).toEqual([
      'aborted',
      'committed',
      'aborted',
      'aborted',
      'in-progress',
    ]);
    const path = join(dir, 'xact');
    clog.save(path, x(100_001), [x(10)]);
    const loaded = CommitLog.load(path);
    expect(loaded.savedNextXid).toBe(100_001);
    expect([4, 5, 9, 10, 11, 100_000].map((n) => loaded.get(x(n)))).toEqual([
      'committed',
      'aborted',
      'aborted',
      'committed',
      'in-progress',
      'committed',
    ]);
    expect(clog.get(x(10))).toBe('in-progress'); // alsoCommitted affects the file only
  });
});
