import type { ConstraintDef } from '@rustydb/catalog';
import type { Oid } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { CHECK_ROW, DeferredConstraints, EMPTY_DEFERRED_MARK, NO_ACTION } from './deferred-constraints.js';

const fk = (oid: number, deferrable: boolean, initiallyDeferred = false): ConstraintDef => ({
  oid: oid as Oid,
  name: `c${oid}`,
  kind: 'foreign',
  columns: [1],
  ...(deferrable ? { deferrable } : {}),
  ...(initiallyDeferred ? { initiallyDeferred } : {}),
});

/** Fires `q` (of `only`), returning the events checked as `kind:constraint:table:page/slot`. */
function fired(q: DeferredConstraints, only?: ReadonlySet<Oid>): string[] {
  const out: string[] = [];
  q.fire((kind, c, t, tid) => out.push(`${kind}:${c}:${t}:${tid.page}/${tid.slot}`), only);
  return out;
}

describe('DeferredConstraints', () => {
  it('is deferred by SET CONSTRAINTS name, else ALL, else INITIALLY DEFERRED; never when NOT DEFERRABLE', () => {
    const q = new DeferredConstraints();
    const [imm, def, no] = [fk(1, true), fk(2, true, true), fk(3, false)];
    expect([q.isDeferred(imm), q.isDeferred(def), q.isDeferred(no)]).toEqual([false, true, false]);
    q.set(undefined, true);
    expect([q.isDeferred(imm), q.isDeferred(def), q.isDeferred(no)]).toEqual([true, true, false]);
    q.set([2 as Oid], false);
    expect([q.isDeferred(imm), q.isDeferred(def)]).toEqual([true, false]);
    // ALL forgets the names set before it.
    q.set(undefined, true);
    expect(q.isDeferred(def)).toBe(true);
  });

  it('fires pending events once, in order, only those asked for', () => {
    const q = new DeferredConstraints();
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 0, slot: 1 });
    q.queue(NO_ACTION, 11 as Oid, 101 as Oid, { page: 70000, slot: 65535 });
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 2, slot: 3 });
    expect(fired(q, new Set([11 as Oid]))).toEqual(['2:11:101:70000/65535']);
    expect(q.pending).toBe(2);
    expect(fired(q)).toEqual(['1:10:100:0/1', '1:10:100:2/3']);
    expect(fired(q)).toEqual([]);
  });

  it('ROLLBACK TO drops later events, re-arms events fired since the mark and restores the state', () => {
    const q = new DeferredConstraints();
    expect(q.mark()).toBe(EMPTY_DEFERRED_MARK);
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 0, slot: 1 });
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 0, slot: 2 });
    expect(fired(q)).toHaveLength(2);
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 0, slot: 3 });
    const mark = q.mark();
    q.set(undefined, false);
    q.queue(CHECK_ROW, 10 as Oid, 100 as Oid, { page: 0, slot: 4 });
    expect(fired(q)).toEqual(['1:10:100:0/3', '1:10:100:0/4']);
    q.rollbackTo(mark);
    // Slot 3 was fired after the mark: pending again; slot 4 is gone; slots 1 and 2 stay done.
    expect(q.pending).toBe(1);
    expect(q.isDeferred(fk(5, true, true))).toBe(true);
    expect(fired(q)).toEqual(['1:10:100:0/3']);
    q.clear();
    expect(q.pending).toBe(0);
    expect(q.mark()).toBe(EMPTY_DEFERRED_MARK);
  });

  it('grows its buffer past the first allocation without losing events', () => {
    const q = new DeferredConstraints();
    for (let i = 0; i < 1000; i++) q.queue(CHECK_ROW, 1 as Oid, 2 as Oid, { page: i, slot: i % 7 });
    const out = fired(q);
    expect(out).toHaveLength(1000);
    expect(out[999]).toBe('1:1:2:999/5');
  });
});
