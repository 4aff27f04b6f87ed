/**
 * The conformance suite every TableStore runs: heap and memory here, an embedder's in its own
 * tests. It declares vitest `describe`/`it` blocks, so it is exported from `@rustydb/storage/testing`
 * only, and production code never imports vitest.
 *
 * The suite checks the contract of table-store.ts, not one implementation's layout: tids are unique
 * and stable, fetch copies, scan sees every version once, setXmax/setCtid are visible to both, and
 * truncate empties. Ordering of a scan is not checked (an embedder's store may order differently).
 * A store with the optional `vacuum` also runs the VACUUM checks: dead versions are reported
 * before they disappear, kept versions keep their tids, freed space is reused, passes resume, and
 * the counters autovacuum reads move as documented.
 */
import { type CommandId, commandId, DbError, formatTid, type Tid, type TxnId, txnId } from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableStore, TupleVersion, VacuumResult } from '../table-store.js';

/** What a test gets from the factory: a fresh empty store, and how to reopen and clean it up. */
export interface TableStoreHarness {
  readonly store: TableStore;
  /**
   * Opens the same table again through its method; a durable store may also flush or crash and
   * recover here. Rows must survive it.
   */
  reopen(): TableStore | Promise<TableStore>;
  /** Frees what the factory made (files, pools). */
  cleanup?(): void | Promise<void>;
}

export interface TableStoreSuiteOptions {
  /** The largest payload the store accepts; larger ones must throw DbError 54000. */
  readonly maxDataSize?: number;
  /** Rows for the bulk tests (default 3000, even). */
  readonly rows?: number;
  /** Does the store implement the optional `vacuum` and `vacuumCounters`? Runs their checks. */
  readonly vacuum?: boolean;
}

const X1 = txnId(10);
const X2 = txnId(11);
const C0 = commandId(0);
const C3 = commandId(3);

/** The payload of row `i`: varied sizes, including empty, and recognizable bytes. */
function rowData(i: number): Uint8Array {
  const data = new Uint8Array(i % 97);
  for (let k = 0; k < data.length; k++) data[k] = (i + k * 7) & 0xff;
  return data;
}

/** Every version of the store, copied, keyed by formatted tid. */
function scanAll(store: TableStore): Map<string, TupleVersion> {
  const out = new Map<string, TupleVersion>();
  const cursor = store.scan();
  try {
    for (let t = cursor.next(); t !== undefined; t = cursor.next()) {
      const key = formatTid(t.tid);
      expect(out.has(key), `scan returned ${key} twice`).toBe(false);
      out.set(key, { ...t, tid: { ...t.tid }, ctid: { ...t.ctid }, data: t.data.slice() });
    }
  } finally {
    cursor.close();
  }
  return out;
}

function expectVersion(
  v: TupleVersion | undefined,
  tid: Tid,
  xmin: TxnId,
  cmin: CommandId,
  data: Uint8Array,
): void {
  expect(v).toBeDefined();
  expect(v!.tid).toEqual(tid);
  expect(v!.xmin).toBe(xmin);
  expect(v!.cmin).toBe(cmin);
  expect(v!.xmax).toBe(0);
  expect(v!.ctid).toEqual(tid);
  expect(Array.from(v!.data)).toEqual(Array.from(data));
}

/** Vacuums the whole store, `maxPages` at a time; dead = xmax set. Returns the reported tids. */
function vacuumAll(
  store: TableStore,
  maxPages = Number.POSITIVE_INFINITY,
): { reported: string[]; results: VacuumResult[] } {
  const reported: string[] = [];
  const results: VacuumResult[] = [];
  let fromPage = 0;
  do {
    const result = store.vacuum!({
      isDead: (v) => v.xmax !== 0,
      removeIndexEntries: (dead) => {
        for (const v of dead) {
          // Reported before removal: the version is still there, with the data handed over.
          const still = store.fetch(v.tid);
          expect(still && Array.from(still.data)).toEqual(Array.from(v.data));
          reported.push(formatTid(v.tid));
        }
      },
      fromPage,
      maxPages,
    });
    results.push(result);
    fromPage = result.nextPage;
  } while (fromPage >= 0);
  return { reported, results };
}

/**
 * Declares the TableStore conformance suite. `setup` runs before each test and must return a
 * harness around a new, empty store.
 */
export function describeTableStore(
  name: string,
  setup: () => TableStoreHarness | Promise<TableStoreHarness>,
  options: TableStoreSuiteOptions = {},
): void {
  const rows = options.rows ?? 3000;
  const setupHasVacuum = options.vacuum ?? false;

  describe(`TableStore conformance: ${name}`, () => {
    let h: TableStoreHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.cleanup?.();
    });

    it('starts empty', () => {
      expect(scanAll(h.store).size).toBe(0);
      expect(h.store.pageCount()).toBe(0);
      expect(h.store.fetch({ page: 0, slot: 1 })).toBeUndefined();
    });

    it('fetches what it inserted, with xmax 0 and ctid pointing to itself', () => {
      const data = Uint8Array.of(1, 2, 3);
      const tid = h.store.insert(X1, C3, data);
      expectVersion(h.store.fetch(tid), tid, X1, C3, data);
      expect(h.store.pageCount()).toBeGreaterThan(0);
    });

    it('stores a copy on insert and returns a copy on fetch', () => {
      const data = Uint8Array.of(9, 9, 9);
      const tid = h.store.insert(X1, C0, data);
      data[0] = 0;
      const fetched = h.store.fetch(tid)!;
      expect(fetched.data[0]).toBe(9);
      fetched.data[1] = 0;
      expect(Array.from(h.store.fetch(tid)!.data)).toEqual([9, 9, 9]);
    });

    it('stores an empty payload', () => {
      const tid = h.store.insert(X1, C0, new Uint8Array(0));
      expect(h.store.fetch(tid)!.data.length).toBe(0);
    });

    it('answers undefined for tids that hold nothing', () => {
      const tid = h.store.insert(X1, C0, Uint8Array.of(1));
      expect(h.store.fetch({ page: tid.page, slot: tid.slot + 1 })).toBeUndefined();
      expect(h.store.fetch({ page: tid.page + 1000, slot: 1 })).toBeUndefined();
      expect(h.store.fetch({ page: tid.page, slot: 0 })).toBeUndefined();
    });

    it(`inserts ${rows} rows with unique tids, all fetched and scanned back`, () => {
      const tids: Tid[] = [];
      for (let i = 0; i < rows; i++)
        tids.push(h.store.insert(txnId(100 + (i % 5)), commandId(i % 3), rowData(i)));
      expect(new Set(tids.map(formatTid)).size).toBe(rows);
      for (let i = 0; i < rows; i += 7) {
        expectVersion(h.store.fetch(tids[i]!), tids[i]!, txnId(100 + (i % 5)), commandId(i % 3), rowData(i));
      }
      const scanned = scanAll(h.store);
      expect(scanned.size).toBe(rows);
      for (let i = 0; i < rows; i++) {
        expect(Array.from(scanned.get(formatTid(tids[i]!))!.data)).toEqual(Array.from(rowData(i)));
      }
    });

    it('a scan after a tid returns what a whole scan returns after that version', () => {
      for (let i = 0; i < rows; i++) h.store.insert(X1, C0, rowData(i));
      const all = scanAll(h.store);
      const order = [...all.keys()];
      const tids = [...all.values()].map((v) => v.tid);
      for (const k of [0, 1, rows >> 1, rows - 2, rows - 1]) {
        const cursor = h.store.scan(undefined, tids[k]);
        const rest: string[] = [];
        for (let t = cursor.next(); t !== undefined; t = cursor.next()) rest.push(formatTid(t.tid));
        cursor.close();
        expect(rest, `after ${formatTid(tids[k]!)}`).toEqual(order.slice(k + 1));
      }
    });

    it('setXmax and setCtid are seen by fetch and scan', () => {
      const old = h.store.insert(X1, C0, Uint8Array.of(1));
      const other = h.store.insert(X1, C0, Uint8Array.of(2));
      h.store.setXmax(old, X2, C3);
      const newer = h.store.insert(X2, C3, Uint8Array.of(3));
      h.store.setCtid(old, newer);
      const v = h.store.fetch(old)!;
      expect([v.xmin, v.xmax, v.cmin, v.cmax]).toEqual([X1, X2, C0, C3]);
      expect(v.ctid).toEqual(newer);
      expect(Array.from(v.data)).toEqual([1]);
      const scanned = scanAll(h.store);
      expect(scanned.get(formatTid(old))!.xmax).toBe(X2);
      expect(scanned.get(formatTid(old))!.ctid).toEqual(newer);
      expect(scanned.get(formatTid(other))!.xmax).toBe(0);
      expect(scanned.get(formatTid(other))!.ctid).toEqual(other);
    });

    it('setXmax on many rows spread over the store', () => {
      const tids: Tid[] = [];
      for (let i = 0; i < rows; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
      for (let i = 0; i < rows; i += 3) h.store.setXmax(tids[i]!, X2, commandId(i % 5));
      const scanned = scanAll(h.store);
      for (let i = 0; i < rows; i++) {
        const v = scanned.get(formatTid(tids[i]!))!;
        expect(v.xmax).toBe(i % 3 === 0 ? X2 : 0);
        expect(v.cmax).toBe(i % 3 === 0 ? i % 5 : 0);
        expect(Array.from(v.data)).toEqual(Array.from(rowData(i)));
      }
    });

    it('a cursor closed early releases what it holds, and close is idempotent', () => {
      for (let i = 0; i < rows; i++) h.store.insert(X1, C0, rowData(i));
      for (let k = 0; k < 100; k++) {
        const cursor = h.store.scan();
        expect(cursor.next()).toBeDefined();
        cursor.close();
        cursor.close();
        expect(cursor.next()).toBeUndefined();
      }
      expect(scanAll(h.store).size).toBe(rows);
    });

    it('inserts during a scan do not disturb it', () => {
      for (let i = 0; i < 50; i++) h.store.insert(X1, C0, rowData(i));
      const cursor = h.store.scan();
      let seen = 0;
      try {
        for (let t = cursor.next(); t !== undefined && seen < 1000; t = cursor.next()) {
          seen++;
          h.store.insert(X2, C0, rowData(seen));
        }
      } finally {
        cursor.close();
      }
      expect(seen).toBeGreaterThanOrEqual(50);
      expect(seen).toBeLessThan(1000);
      expect(scanAll(h.store).size).toBe(50 + seen);
    });

    it('truncate removes every version and the store stays usable', () => {
      for (let i = 0; i < 500; i++) h.store.insert(X1, C0, rowData(i));
      h.store.truncate();
      expect(scanAll(h.store).size).toBe(0);
      expect(h.store.pageCount()).toBe(0);
      const tid = h.store.insert(X2, C0, Uint8Array.of(5));
      expectVersion(h.store.fetch(tid), tid, X2, C0, Uint8Array.of(5));
      expect(scanAll(h.store).size).toBe(1);
    });

    if (options.maxDataSize !== undefined) {
      const max = options.maxDataSize;
      it(`accepts a payload of ${max} bytes and rejects a larger one with 54000`, () => {
        const big = new Uint8Array(max).fill(7);
        const tid = h.store.insert(X1, C0, big);
        expect(h.store.fetch(tid)!.data.length).toBe(max);
        try {
          h.store.insert(X1, C0, new Uint8Array(max + 1));
          expect.unreachable('insert of an oversized tuple succeeded');
        } catch (err) {
          expect(err).toBeInstanceOf(DbError);
          expect((err as DbError).code).toBe('54000');
        }
      });
    }

    describe.runIf(setupHasVacuum)('vacuum', () => {
      it('removes dead versions after reporting them, keeps the rest at their tids', () => {
        const tids: Tid[] = [];
        for (let i = 0; i < rows; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
        for (let i = 0; i < rows; i += 3) h.store.setXmax(tids[i]!, X2, C3);
        const { reported, results } = vacuumAll(h.store);
        const deadKeys = tids.filter((_, i) => i % 3 === 0).map(formatTid);
        expect(reported.sort()).toEqual([...deadKeys].sort());
        const removed = results.reduce((n, r) => n + r.removed, 0);
        const kept = results.reduce((n, r) => n + r.kept, 0);
        expect([removed, kept]).toEqual([deadKeys.length, rows - deadKeys.length]);
        const scanned = scanAll(h.store);
        expect(scanned.size).toBe(rows - deadKeys.length);
        for (let i = 0; i < rows; i++) {
          const v = h.store.fetch(tids[i]!);
          if (i % 3 === 0) expect(v, `dead ${formatTid(tids[i]!)} still fetched`).toBeUndefined();
          else expect(Array.from(v!.data)).toEqual(Array.from(rowData(i)));
        }
        // Nothing dead is left: a second pass removes nothing.
        expect(vacuumAll(h.store).reported).toEqual([]);
      });

      it('reuses freed space: updating every row many times with vacuums does not grow the store', () => {
        let tids: Tid[] = [];
        for (let i = 0; i < 500; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
        const pages = h.store.pageCount();
        for (let round = 0; round < 10; round++) {
          tids = tids.map((tid, i) => {
            h.store.setXmax(tid, X2, C0);
            const next = h.store.insert(X2, C0, rowData(i));
            h.store.setCtid(tid, next);
            return next;
          });
          vacuumAll(h.store);
          expect(h.store.pageCount()).toBeLessThanOrEqual(2 * pages + 1);
        }
        const scanned = scanAll(h.store);
        expect(scanned.size).toBe(500);
        tids.forEach((tid, i) => {
          expect(Array.from(scanned.get(formatTid(tid))!.data)).toEqual(Array.from(rowData(i)));
        });
      });

      it('resumes a pass page by page with the same outcome, and cuts an empty tail', () => {
        const tids: Tid[] = [];
        for (let i = 0; i < rows; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
        for (let i = rows / 2; i < rows; i++) h.store.setXmax(tids[i]!, X2, C0);
        const pages = h.store.pageCount();
        const { reported, results } = vacuumAll(h.store, 1);
        expect(reported.length).toBe(rows / 2);
        expect(results.length).toBe(pages);
        expect(results.slice(0, -1).map((r) => r.nextPage)).toEqual(
          results.slice(0, -1).map((_, i) => i + 1),
        );
        expect(results.at(-1)!.nextPage).toBe(-1);
        const cut = results.reduce((n, r) => n + r.truncatedPages, 0);
        expect(cut).toBeGreaterThan(0);
        expect(h.store.pageCount()).toBe(pages - cut);
        expect(scanAll(h.store).size).toBe(rows / 2);
      });

      it('frees nothing of a batch when removing its index entries fails', () => {
        const tids = Array.from({ length: 50 }, (_, i) => h.store.insert(X1, C0, rowData(i)));
        for (const tid of tids) h.store.setXmax(tid, X2, C0);
        const fail = () =>
          h.store.vacuum!({
            isDead: () => true,
            removeIndexEntries: () => {
              throw new Error('index broken');
            },
            fromPage: 0,
            maxPages: Number.POSITIVE_INFINITY,
          });
        expect(fail).toThrow('index broken');
        expect(scanAll(h.store).size).toBe(50);
      });

      it('counts deletes since the last finished pass and estimates live versions', () => {
        const counters = () => h.store.vacuumCounters!();
        const tids = Array.from({ length: 100 }, (_, i) => h.store.insert(X1, C0, rowData(i)));
        expect(counters()).toEqual({ deadSinceVacuum: 0, liveEstimate: 100 });
        for (let i = 0; i < 30; i++) h.store.setXmax(tids[i]!, X2, C0);
        expect(counters()).toEqual({ deadSinceVacuum: 30, liveEstimate: 70 });
        vacuumAll(h.store);
        expect(counters()).toEqual({ deadSinceVacuum: 0, liveEstimate: 70 });
        h.store.insert(X2, C0, rowData(1));
        h.store.setXmax(tids[40]!, X2, C0);
        expect(counters()).toEqual({ deadSinceVacuum: 1, liveEstimate: 70 });
        h.store.truncate();
        expect(counters()).toEqual({ deadSinceVacuum: 0, liveEstimate: 0 });
      });

      it('keeps a vacuumed store across reopen', async () => {
        const tids: Tid[] = [];
        for (let i = 0; i < rows; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
        for (let i = 0; i < rows; i += 2) h.store.setXmax(tids[i]!, X2, C0);
        vacuumAll(h.store);
        for (let i = 0; i < 100; i++) h.store.insert(X2, C3, rowData(i + 7));
        const before = scanAll(h.store);
        const reopened = await h.reopen();
        expect(scanAll(reopened)).toEqual(before);
      });
    });

    it('keeps its contents across reopen', async () => {
      const tids: Tid[] = [];
      for (let i = 0; i < rows; i++) tids.push(h.store.insert(X1, C0, rowData(i)));
      h.store.setXmax(tids[0]!, X2, C3);
      h.store.setCtid(tids[0]!, tids[1]!);
      const before = scanAll(h.store);
      const reopened = await h.reopen();
      expect(scanAll(reopened)).toEqual(before);
    });
  });
}
