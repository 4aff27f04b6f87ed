import { readdirSync } from 'node:fs';
import { type Row, sqlType } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { valueKey } from '../row-key.js';
import { SpillingHashJoinTable, type SpillingHashJoinTableOptions } from './spilling-hash-join-table.js';
import { TempFileSet } from './temp-file-set.js';
import { makeTempDir, seededRandom } from './test-rows.js';

// Build (right) rows: [k int4, id int4]; probe (left) rows: [k int4, id int4, pad text].
const buildTypes = [sqlType('int4'), sqlType('int4')];
const probeTypes = [sqlType('int4'), sqlType('int4'), sqlType('text')];
const keyOf = (row: Row) => (row[0] === null ? undefined : valueKey(row[0], buildTypes[0]));

type JoinType = 'inner' | 'left' | 'right' | 'full';

let tmp: ReturnType<typeof makeTempDir>;
let set: TempFileSet;
beforeEach(() => {
  tmp = makeTempDir();
  set = new TempFileSet(tmp.dir);
});
afterEach(() => {
  set.close();
  tmp.remove();
});

/**
 * A hash join driven the way the HashJoin operator will drive the table: matched flags per batch
 * for RIGHT/FULL, unmatched probe rows emitted when probed for LEFT/FULL. Output rows are
 * `probeId:buildId` strings (`-` for the NULL side).
 */
function hashJoin(
  probe: Row[],
  build: Row[],
  joinType: JoinType,
  options: Partial<SpillingHashJoinTableOptions> = {},
) {
  const emitsBuild = joinType === 'right' || joinType === 'full';
  const emitsProbe = joinType === 'left' || joinType === 'full';
  const table = new SpillingHashJoinTable({
    buildTypes,
    probeTypes,
    buildKey: keyOf,
    probeKey: keyOf,
    files: set,
    emitsUnmatchedBuild: emitsBuild,
    emitsUnmatchedProbe: emitsProbe,
    ...options,
  });
  const out: string[] = [];
  let matched = new Uint8Array(0);
  const probeRow = (l: Row) => {
    const k = keyOf(l);
    const list = k === undefined ? undefined : table.lookup(k);
    if (list)
      for (const i of list) {
        matched[i] = 1;
        out.push(`${l[1]}:${table.rows[i][1]}`);
      }
    if (!list && emitsProbe) out.push(`${l[1]}:-`);
  };
  const endBatch = () => {
    if (!emitsBuild) return;
    for (let i = 0; i < table.rows.length; i++) if (!matched[i]) out.push(`-:${table.rows[i][1]}`);
  };
  try {
    for (const r of build) table.addBuild(r.slice());
    table.finishBuild();
    matched = new Uint8Array(table.rows.length);
    const reused: Row = new Array(3);
    for (const l of probe) {
      for (let i = 0; i < 3; i++) reused[i] = l[i];
      if (table.routeProbe(reused, keyOf(reused))) probeRow(reused);
    }
    endBatch();
    while (table.nextBatch()) {
      matched = new Uint8Array(table.rows.length);
      for (let l = table.readProbe(); l; l = table.readProbe()) probeRow(l);
      endBatch();
    }
    return { out: out.sort(), stats: table.stats };
  } finally {
    table.close();
  }
}

/** The oracle: an in-memory join over build rows grouped by key (NULL keys never match). */
function inMemoryJoin(probe: Row[], build: Row[], joinType: JoinType): string[] {
  const out: string[] = [];
  const matched = new Uint8Array(build.length);
  const byKey = new Map<unknown, number[]>();
  build.forEach((r, i) => {
    if (r[0] !== null) byKey.set(r[0], [...(byKey.get(r[0]) ?? []), i]);
  });
  for (const l of probe) {
    const list = l[0] === null ? undefined : byKey.get(l[0]);
    for (const i of list ?? []) {
      matched[i] = 1;
      out.push(`${l[1]}:${build[i][1]}`);
    }
    if (!list && (joinType === 'left' || joinType === 'full')) out.push(`${l[1]}:-`);
  }
  if (joinType === 'right' || joinType === 'full') {
    for (let i = 0; i < build.length; i++) if (!matched[i]) out.push(`-:${build[i][1]}`);
  }
  return out.sort();
}

function sides(nBuild: number, nProbe: number, keys: number, seed: number): { build: Row[]; probe: Row[] } {
  const rnd = seededRandom(seed);
  const key = () => (rnd() < 0.03 ? null : Math.floor(rnd() * keys));
  const build: Row[] = [];
  for (let i = 0; i < nBuild; i++) build.push([key(), i]);
  const probe: Row[] = [];
  for (let i = 0; i < nProbe; i++) probe.push([key(), i, 'p'.repeat(i % 17)]);
  return { build, probe };
}

const joinTypes: JoinType[] = ['inner', 'left', 'right', 'full'];

describe('SpillingHashJoinTable', () => {
  it('joins in memory under the budget', () => {
    const { build, probe } = sides(500, 800, 300, 1);
    for (const jt of joinTypes) {
      const { out, stats } = hashJoin(probe, build, jt);
      expect(out).toEqual(inMemoryJoin(probe, build, jt));
      expect(stats).toMatchObject({ batches: 1, diskBytes: 0 });
    }
    expect(set.openFiles).toBe(0);
  });

  for (const jt of joinTypes) {
    it(`partitions both sides past a tiny budget: ${jt}`, () => {
      const { build, probe } = sides(4000, 3000, 2500, jt.length);
      const { out, stats } = hashJoin(probe, build, jt, { workMem: 16 * 1024, fanout: 8 });
      expect(out).toEqual(inMemoryJoin(probe, build, jt));
      expect(stats.batches).toBeGreaterThan(8); // some partitions were split again
      expect(stats.diskBytes).toBeGreaterThan(0);
      expect(stats.oversizedBatches).toBe(0);
      expect(set.openFiles).toBe(0);
      expect(readdirSync(tmp.dir)).toEqual([]);
    });
  }

  it('writes batch 0 out too when it alone outgrows the budget', () => {
    const { build, probe } = sides(2000, 1000, 700, 9);
    for (const jt of joinTypes) {
      const { out } = hashJoin(probe, build, jt, { workMem: 2 * 1024, fanout: 2, maxDepth: 6 });
      expect(out).toEqual(inMemoryJoin(probe, build, jt));
    }
  });

  it('loads a partition that cannot be split (one hot key) over budget', () => {
    const rnd = seededRandom(10);
    const build: Row[] = [];
    for (let i = 0; i < 3000; i++) build.push([rnd() < 0.7 ? 42 : Math.floor(rnd() * 500), i]);
    const probe: Row[] = [];
    for (let i = 0; i < 300; i++) probe.push([i % 10 === 0 ? 42 : Math.floor(rnd() * 600), i, '']);
    for (const jt of joinTypes) {
      // maxDepth 3: stopped by the depth limit; 30: by the split that does not shrink
      for (const maxDepth of [3, 30]) {
        const { out, stats } = hashJoin(probe, build, jt, { workMem: 8 * 1024, fanout: 4, maxDepth });
        expect(out).toEqual(inMemoryJoin(probe, build, jt));
        expect(stats.oversizedBatches).toBe(1);
      }
    }
  });

  it('skips batches that cannot produce rows for inner joins', () => {
    const build: Row[] = [];
    for (let i = 0; i < 2000; i++) build.push([i, i]);
    const probe: Row[] = [
      [5, 0, ''],
      [1999, 1, ''],
    ];
    const inner = hashJoin(probe, build, 'inner', { workMem: 4 * 1024, fanout: 4 });
    expect(inner.out).toEqual(['0:5', '1:1999']);
    const right = hashJoin(probe, build, 'right', { workMem: 4 * 1024, fanout: 4 });
    expect(right.out.length).toBe(2000);
    expect(inner.stats.batches).toBeLessThan(right.stats.batches);
  });
});
