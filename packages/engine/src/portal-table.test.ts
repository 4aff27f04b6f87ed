import { describe, expect, it } from 'vitest';
import type { Portal } from './portal.js';
import { PortalTable } from './portal-table.js';

/** A stand-in portal that counts its closes. */
const fakePortal = (name: string) => {
  const p = { name, closes: 0, close: () => void p.closes++ };
  return p;
};
const asPortal = (p: ReturnType<typeof fakePortal>) => p as unknown as Portal;

describe('PortalTable', () => {
  it('keeps the unnamed portal beside the named ones, as one table', () => {
    const t = new PortalTable();
    const unnamed = fakePortal('');
    const c1 = fakePortal('c1');
    expect([t.size, t.has(''), t.get('')]).toEqual([0, false, undefined]);
    t.set('', asPortal(unnamed));
    t.set('c1', asPortal(c1));
    expect([t.size, t.has(''), t.has('c1'), t.has('c2')]).toEqual([2, true, true, false]);
    expect(t.get('')).toBe(unnamed);
    expect([...t.keys()].sort()).toEqual(['', 'c1']);
    expect([...t].map(([name, p]) => [name, p])).toEqual([
      ['', unnamed],
      ['c1', c1],
    ]);
    expect([t.delete(''), t.delete(''), t.delete('c1'), t.delete('c1')]).toEqual([true, false, true, false]);
    expect(t.size).toBe(0);
  });

  it('closes every portal once at closeAll and forgets them', () => {
    const t = new PortalTable();
    const portals = ['', 'a', 'b'].map(fakePortal);
    for (const p of portals) t.set(p.name, asPortal(p));
    t.closeAll();
    expect(portals.map((p) => p.closes)).toEqual([1, 1, 1]);
    expect(t.size).toBe(0);
    t.closeAll();
    expect(portals.map((p) => p.closes)).toEqual([1, 1, 1]);
  });

  it('lets a loop over the table delete the entry it is at', () => {
    const t = new PortalTable();
    for (const name of ['', 'x', 'y']) t.set(name, asPortal(fakePortal(name)));
    for (const [name] of t) if (name !== 'x') t.delete(name);
    expect([...t.keys()]).toEqual(['x']);
  });

  it('hands the dropped unnamed portal out once for re-binding, never the running one', () => {
    const t = new PortalTable();
    expect(t.reusableUnnamed(undefined)).toBeUndefined();
    const first = asPortal(fakePortal(''));
    t.set('', first);
    // Open: offered (the caller closes it before re-binding).
    expect(t.reusableUnnamed(undefined)).toBe(first);
    expect(t.reusableUnnamed(first)).toBeUndefined();
    t.closeAll();
    expect(t.get('')).toBeUndefined();
    expect(t.reusableUnnamed(undefined)).toBe(first);
    expect(t.reusableUnnamed(undefined)).toBeUndefined(); // taken
    t.set('', first);
    t.delete('');
    expect(t.reusableUnnamed(first)).toBeUndefined(); // still running: not offered
    expect(t.reusableUnnamed(undefined)).toBeUndefined();
    t.set('c', asPortal(fakePortal('c')));
    t.closeAll();
    expect(t.reusableUnnamed(undefined)).toBeUndefined(); // named portals are never offered
  });
});
