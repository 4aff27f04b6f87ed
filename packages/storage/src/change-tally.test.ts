import type { TxnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { ChangeTally } from './change-tally.js';

type Status = 'in-progress' | 'committed' | 'aborted';

/** A tally over a fake commit log: every xid is running until `end` says otherwise. */
function tallyWithLog(): { tally: ChangeTally; end: (xid: number, status: Status) => void; asked: number[] } {
  const log = new Map<number, Status>();
  const asked: number[] = [];
  const tally = new ChangeTally((xid) => {
    asked.push(xid);
    return log.get(xid) ?? 'in-progress';
  });
  return { tally, end: (xid, status) => log.set(xid, status), asked };
}

const add = (t: ChangeTally, xid: number, rows: number) => {
  for (let i = 0; i < rows; i++) t.add(xid as TxnId);
};

describe('ChangeTally', () => {
  it("counts a transaction's rows only once it committed, an aborted one's never", () => {
    const { tally, end } = tallyWithLog();
    add(tally, 10, 3000);
    add(tally, 11, 40);
    add(tally, 10, 5);
    expect(tally.committed()).toBe(0);
    end(11, 'aborted');
    expect(tally.committed()).toBe(0);
    end(10, 'committed');
    expect(tally.committed()).toBe(3005);
    add(tally, 12, 7);
    end(12, 'committed');
    expect(tally.committed()).toBe(3012);
  });

  it('resolves its pending xids by itself once thousands of transactions wrote and nobody asked', () => {
    const { tally, end, asked } = tallyWithLog();
    for (let xid = 100; xid < 100 + 5000; xid++) {
      add(tally, xid, 1);
      end(xid, 'committed');
    }
    // The map was resolved at 4,096 pending xids without a `committed()` call.
    expect(asked.length).toBeGreaterThan(0);
    expect(tally.committed()).toBe(5000);
  });

  it('settles an ended xid when the next one starts, so autocommit writes file nothing', () => {
    const { tally, end, asked } = tallyWithLog();
    for (let xid = 100; xid < 110; xid++) {
      add(tally, xid, 2);
      end(xid, xid === 105 ? 'aborted' : 'committed');
    }
    // Each earlier xid was asked once, when the next one's first row came; none waits in the map.
    expect(asked).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
    expect(tally.pendingXids).toBe(0);
    expect(tally.committed()).toBe(18);
    // A still-running xid is filed and counted once it commits.
    add(tally, 200, 3);
    add(tally, 201, 1);
    expect(tally.pendingXids).toBe(1);
    end(200, 'committed');
    end(201, 'committed');
    expect(tally.committed()).toBe(22);
    expect(tally.pendingXids).toBe(0);
  });
});

describe('ChangeTally by kind', () => {
  it("keeps each kind's rows apart, and an aborted transaction's (or savepoint's) rows under aborted", () => {
    const log = new Map<number, Status>();
    const tally = new ChangeTally((xid) => log.get(xid) ?? 'in-progress', 3);
    const rows = (xid: number, kind: number, n: number) => {
      for (let i = 0; i < n; i++) tally.add(xid as TxnId, kind);
    };
    rows(10, 0, 4); // inserts
    rows(10, 1, 2); // updates
    rows(11, 0, 3); // a savepoint's sub-xid
    rows(10, 2, 1); // a delete
    expect([...tally.settled().committed]).toEqual([0, 0, 0]);
    log.set(11, 'aborted');
    log.set(10, 'committed');
    const { committed, aborted } = tally.settled();
    expect([...committed]).toEqual([4, 2, 1]);
    expect([...aborted]).toEqual([3, 0, 0]);
    expect(tally.committed()).toBe(7);
    // A run of one xid still running when asked is filed, then settles with its later rows.
    rows(12, 1, 5);
    expect([...tally.settled().committed]).toEqual([4, 2, 1]);
    rows(12, 2, 2);
    log.set(12, 'aborted');
    expect([...tally.settled().aborted]).toEqual([3, 5, 2]);
    expect(tally.pendingXids).toBe(0);
  });
});
