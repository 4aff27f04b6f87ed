import { PAGE_SIZE, PageKind, readPageKind } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import {
  cellChild,
  cellKeyLength,
  cellKeyStart,
  cellOffset,
  cellSize,
  cellTid,
  contiguousFree,
  initNode,
  insertCell,
  insertCompacts,
  insertedCellSize,
  leafCellSpace,
  moveCellsRight,
  NODE_CAPACITY,
  nodeCount,
  readMeta,
  removeCell,
  totalFree,
  writeMeta,
} from './btree-page.js';

const keyAt = (p: Uint8Array, i: number): string => {
  const off = cellOffset(p, i);
  const start = cellKeyStart(p, off);
  return Buffer.from(p.subarray(start, start + cellKeyLength(p, off))).toString();
};
const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const keys = (p: Uint8Array): string[] => Array.from({ length: nodeCount(p) }, (_, i) => keyAt(p, i));

describe('node pages', () => {
  it('insert cells in slot order wherever their bytes land', () => {
    const p = new Uint8Array(PAGE_SIZE);
    initNode(p, 0);
    expect(readPageKind(p)).toBe(PageKind.BtreeLeaf);
    for (const [i, k] of [
      [0, 'b'],
      [0, 'a'],
      [2, 'd'],
      [2, 'c'],
    ] as const) {
      insertCell(p, i, bytes(k), 0, 1, 0x10000 * 7 + 3, 0);
    }
    expect(keys(p)).toEqual(['a', 'b', 'c', 'd']);
    expect(cellTid(p, cellOffset(p, 2))).toBe(0x10000 * 7 + 3);
    expect(totalFree(p)).toBe(NODE_CAPACITY - 4 * leafCellSpace(1));
  });

  it('reclaim deleted cells by compacting when contiguous space runs out', () => {
    const p = new Uint8Array(PAGE_SIZE);
    initNode(p, 0);
    const key = (i: number): Uint8Array => bytes(`key-${String(i).padStart(4, '0')}${'x'.repeat(92)}`);
    let n = 0;
    while (totalFree(p) >= leafCellSpace(key(0).length)) {
      expect(insertCompacts(p, key(n).length)).toBe(false);
      const offset = insertCell(p, n, key(n), 0, key(n).length, n, 0);
      expect(offset).toBe(cellOffset(p, n));
      expect(cellSize(p, offset)).toBe(insertedCellSize(p, key(n).length));
      n++;
    }
    // Remove every other cell: the space is dead, not contiguous.
    for (let i = n - 2; i >= 0; i -= 2) removeCell(p, i);
    const half = nodeCount(p);
    expect(contiguousFree(p)).toBeLessThan(leafCellSpace(key(0).length));
    expect(totalFree(p)).toBeGreaterThanOrEqual(
      half * leafCellSpace(key(0).length) - leafCellSpace(key(0).length),
    );
    const big = bytes('key-0000'.padEnd(400, 'y'));
    expect(insertCompacts(p, big.length)).toBe(true);
    insertCell(p, 0, big, 0, big.length, 1, 0);
    expect(keys(p)[0]).toBe('key-0000'.padEnd(400, 'y'));
    expect(keys(p).slice(1)).toEqual(
      Array.from({ length: half }, (_, i) => `key-${String(2 * i + 1).padStart(4, '0')}${'x'.repeat(92)}`),
    );
  });

  it('move the upper cells of a split to an empty page', () => {
    const left = new Uint8Array(PAGE_SIZE);
    const right = new Uint8Array(PAGE_SIZE);
    initNode(left, 1);
    initNode(right, 1);
    for (let i = 0; i < 10; i++) insertCell(left, i, bytes(`k${i}`), 0, 2, i, 100 + i);
    moveCellsRight(left, 6, right);
    expect(keys(left)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5']);
    expect(keys(right)).toEqual(['k6', 'k7', 'k8', 'k9']);
    expect(cellChild(right, cellOffset(right, 0))).toBe(106);
    expect(totalFree(left)).toBe(contiguousFree(left));
  });

  it('round-trip the meta page and reject other pages', () => {
    const p = new Uint8Array(PAGE_SIZE);
    expect(readMeta(p)).toBeUndefined();
    writeMeta(p, { root: 9, height: 3, firstLeaf: 1, freeHead: 12 });
    expect(readMeta(p)).toEqual({ root: 9, height: 3, firstLeaf: 1, freeHead: 12 });
    initNode(p, 0);
    expect(readMeta(p)).toBeUndefined();
  });
});
