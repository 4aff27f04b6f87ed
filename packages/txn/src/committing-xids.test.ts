/** CommittingXids: set, move, delete (in any order), the largest LSN and the xids left. */
import type { Lsn, TxnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { CommittingXids } from './committing-xids.js';

const x = (n: number) => n as TxnId;
const l = (n: number) => n as Lsn;

describe('CommittingXids', () => {
  it('keeps each xid once with its latest LSN, and forgets in any order', () => {
    const c = new CommittingXids();
    expect(c.maxLsn()).toBe(0);
    expect(c.xids()).toEqual([]);
    c.set(x(10), l(100));
    c.set(x(11), l(300));
    c.set(x(12), l(200));
    c.set(x(10), l(400));
    expect([...c.xids()].sort()).toEqual([10, 11, 12]);
    expect(c.maxLsn()).toBe(400);
    c.delete(x(10));
    expect(c.maxLsn()).toBe(300);
    expect([...c.xids()].sort()).toEqual([11, 12]);
    c.delete(x(99));
    c.delete(x(11));
    expect(c.xids()).toEqual([12]);
    expect(c.maxLsn()).toBe(200);
    c.delete(x(12));
    expect(c.xids()).toEqual([]);
    expect(c.maxLsn()).toBe(0);
    for (let i = 0; i < 3; i++) {
      c.set(x(20 + i), l(1000 - i));
      c.delete(x(20 + i));
    }
    expect(c.xids()).toEqual([]);
  });
});
