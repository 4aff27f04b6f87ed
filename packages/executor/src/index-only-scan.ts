/**
 * Index Only Scan: an index scan that answers from the index entries themselves. Each entry's
 * bytes hold the key columns followed by the INCLUDE columns (index-keys.ts); when the
 * version's page is all-visible in the table store's visibility map (`TableStore.isAllVisible`)
 * the entry's values are the row's, visible to every snapshot, and the version is not fetched.
 * Otherwise the version is fetched and checked as an Index Scan does, and counted in
 * `heapFetches` (EXPLAIN ANALYZE's `Heap Fetches`).
 *
 * SERIALIZABLE: the key range read is SIREAD-locked and every version is fetched (no shortcut
 * through the visibility map), so SSI sees the read as an Index Scan's.
 *
 * The optimizer chooses it only when every column the query reads is a key or INCLUDE column of
 * a type that decodes exactly; the row's other slots stay NULL.
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import { emptyArray, packTid, type Row, type SqlType, type Value } from '@rustydb/common';
import { decodeKey, type Index, type IndexCursor } from '@rustydb/index';
import type { IndexKeyCond } from '@rustydb/optimizer';
import { indexKeyExprs } from '@rustydb/planner';
import type { TableStore } from '@rustydb/storage';
import { type ScanCounters, UNCOUNTED_SCANS } from './activity-counters.js';
import type { CompiledExpr } from './compile-expr.js';
import { nextInHotChain } from './hot-chain.js';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';
import { keyRange } from './scan.js';

export class IndexOnlyScan implements Operator {
  /** Entries whose version had to be fetched, over every loop (read by instrumentation). */
  heapFetches = 0;
  private readonly store: TableStore;
  private readonly index: Index;
  private readonly layout: RowLayout;
  private readonly keyTypes: readonly SqlType[];
  private readonly entryTypes: readonly SqlType[];
  private readonly entryDescending: readonly boolean[];
  /** Per read slot: its position in the entry. */
  private readonly positions: readonly { readonly slot: number; readonly at: number }[];
  private readonly pool: Row[] = [];
  private readonly batch: Row[] = [];
  private cursor: IndexCursor | undefined;
  /** The index's idx_scan, idx_tup_read and idx_tup_fetch (activity-counters.ts). */
  private readonly counters: ScanCounters;

  constructor(
    private readonly rt: Runtime,
    private readonly table: TableDef,
    private readonly def: IndexDef,
    private readonly filter: CompiledExpr | undefined,
    private readonly conds: readonly { cond: IndexKeyCond; value: CompiledExpr }[],
    readSlots: readonly number[],
  ) {
    this.store = rt.ctx.relations.store(table);
    this.index = rt.ctx.relations.index(def);
    this.layout = new RowLayout(table);
    const bound = indexKeyExprs(table, def, rt.ctx.catalog);
    const parts = [...bound.keys, ...bound.include];
    this.keyTypes = bound.keys.map((k) => k.type);
    this.entryTypes = parts.map((p) => p.type);
    this.entryDescending = [...def.descending, ...bound.include.map(() => false)];
    this.positions = readSlots.map((slot) => ({
      slot,
      at: parts.findIndex((p) => p.kind === 'column' && p.index === slot),
    }));
    this.counters = rt.ctx.activity?.index(def.oid) ?? UNCOUNTED_SCANS;
  }

  open(): void {
    this.close();
    const range = keyRange(this.table, this.def, this.conds, this.keyTypes);
    if (!range) return;
    this.rt.ctx.tx.ssi?.lockKeyRange(this.def.oid, range);
    this.cursor = this.index.scan(range);
    this.counters.scans++;
  }

  next(): Row[] | undefined | Yield {
    const cursor = this.cursor;
    if (!cursor) return undefined;
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    const tx = rt.ctx.tx;
    const n = this.layout.types.length;
    emptyArray(this.batch);
    // As ScanBase.next: a yield falls due between two entries.
    for (let read = 0; this.batch.length < BATCH_SIZE; read++) {
      if (rt.tick() && read > 0) return this.batch.length > 0 ? this.batch : YIELD;
      const e = cursor.next();
      if (!e) break;
      this.counters.tuplesRead++;
      let row = this.pool[this.batch.length];
      if (!row) {
        row = new Array<Value>(n).fill(null);
        this.pool.push(row);
      }
      // SERIALIZABLE reads every version (SSI's conflict-out check and tuple lock need it).
      if (tx.ssi === undefined && this.store.isAllVisible?.(e.tid.page) === true) {
        const values = decodeKey(e.key, this.entryTypes, this.entryDescending);
        for (const { slot, at } of this.positions) row[slot] = values[at]!;
      } else {
        this.heapFetches++;
        let v = this.store.fetch(e.tid);
        if (!v) continue;
        let visible = tx.isVisible(v);
        // A HOT chain (hot-chain.ts): step to the member this snapshot sees, if any.
        while (!visible) {
          const next = nextInHotChain(this.store, v);
          if (next === undefined) break;
          tx.ssi?.checkConflictOut(v, false);
          v = next;
          visible = tx.isVisible(v);
        }
        if (tx.ssi !== undefined) {
          tx.ssi.checkConflictOut(v, visible);
          if (visible && !tx.isOwnXid(v.xmin))
            tx.ssi.lockTuple(this.table.oid, packTid(v.tid.page, v.tid.slot));
        }
        if (!visible) continue;
        this.counters.tuplesFetched++;
        this.layout.decode(v.data, row);
      }
      if (this.filter && this.filter(row) !== true) continue;
      this.batch.push(row);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }

  close(): void {
    this.cursor?.close();
    this.cursor = undefined;
  }
}
