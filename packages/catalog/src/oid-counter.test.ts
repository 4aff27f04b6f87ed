import { describe, expect, it } from 'vitest';
import { FIRST_NORMAL_OID, OID_PREFETCH, OidCounter } from './oid-counter.js';

function counter(start?: number) {
  const logged: number[] = [];
  const c = new OidCounter({ append: (r) => logged.push(r.nextOid) }, start);
  return { c, logged };
}

describe('OidCounter', () => {
  it('starts at 16384 and logs one next-oid record per batch', () => {
    const { c, logged } = counter();
    expect(c.allocate()).toBe(FIRST_NORMAL_OID);
    expect(logged).toEqual([FIRST_NORMAL_OID + OID_PREFETCH]);
    for (let i = 1; i < OID_PREFETCH; i++) c.allocate();
    expect(logged).toHaveLength(1);
    expect(c.allocate()).toBe(FIRST_NORMAL_OID + OID_PREFETCH);
    expect(logged).toEqual([FIRST_NORMAL_OID + OID_PREFETCH, FIRST_NORMAL_OID + 2 * OID_PREFETCH]);
  });

  it('records the announced limit in an online checkpoint, the next OID at shutdown', () => {
    const { c } = counter();
    c.allocate();
    expect(c.checkpointValue(false)).toBe(FIRST_NORMAL_OID + OID_PREFETCH);
    expect(c.checkpointValue(true)).toBe(FIRST_NORMAL_OID + 1);
  });

  it('restores from a record and announces a new batch before the next OID', () => {
    const { c, logged } = counter(20000);
    c.restore(30000);
    expect(c.allocate()).toBe(30000);
    expect(logged).toEqual([30000 + OID_PREFETCH]);
  });

  it('never hands out reserved OIDs', () => {
    const { c } = counter(5);
    expect(c.allocate()).toBe(FIRST_NORMAL_OID);
  });
});
