/**
 * Scans: Seq Scan (every version of the store, visible ones decoded) and Index Scan (entries of
 * a key range, each version fetched by tid, visibility and the full predicate re-checked).
 *
 * Rows are decoded into a pool of BATCH_SIZE arrays reused from batch to batch. With `emitTid`
 * the row gets one more slot: the version's packed tid (UPDATE/DELETE find their target there).
 */
import type { IndexDef, TableDef } from '@rustydb/catalog';
import {
  emptyArray,
  INVALID_TXN_ID,
  packTid,
  type Row,
  type SqlType,
  type TxnId,
  type Value,
} from '@rustydb/common';
import {
  encodeKey,
  encodeKeyInto,
  encodeKeyPrefix,
  type Index,
  type IndexCursor,
  type KeyBound,
  type KeyRange,
} from '@rustydb/index';
import type { IndexKeyCond } from '@rustydb/optimizer';
import { indexKeyExprs } from '@rustydb/planner';
import {
  HEAP_HOT_UPDATED,
  type TableStore,
  type TupleCursor,
  type TupleFetcher,
  type TupleHeader,
  type TupleVersion,
} from '@rustydb/storage';
import type { SerializableXact } from '@rustydb/txn';
import { type ScanCounters, UNCOUNTED_SCANS } from './activity-counters.js';
import type { CompiledExpr } from './compile-expr.js';
import { nextInHotChain, type VersionSource } from './hot-chain.js';
import { BATCH_SIZE, type Operator, YIELD, type Yield } from './operator.js';
import { type ColumnSubset, RowLayout } from './row-layout.js';
import type { Runtime } from './runtime.js';

/**
 * Decodes visible versions into reused rows and applies the filter. With `readSlots` (the plan's:
 * the only columns the query reads) the other columns are not decoded and stay NULL. With
 * `filterSlots` (the columns the filter reads, fewer than it would decode) those are decoded
 * first and the filter applied, so a row it rejects costs no other column (PostgreSQL deforms a
 * tuple only as far as its qual needs, too).
 */
abstract class ScanBase implements Operator {
  protected readonly store: TableStore;
  private readonly layout: RowLayout;
  private readonly read: ColumnSubset | undefined;
  private readonly filterFirst: ColumnSubset | undefined;
  /** With `filterFirst`: the other columns it decodes, once the filter accepted the row. */
  private readonly filterRest: ColumnSubset | undefined;
  private readonly pool: Row[] = [];
  private readonly batch: Row[] = [];
  /** Live versions returned since the last `countReturned` (activity-counters.ts). */
  private returned = 0;

  constructor(
    protected readonly rt: Runtime,
    protected readonly table: TableDef,
    private readonly emitTid: boolean,
    private readonly filter: CompiledExpr | undefined,
    readSlots: readonly number[] | undefined,
    filterSlots?: readonly number[],
  ) {
    this.store = rt.ctx.relations.store(table);
    this.layout = RowLayout.of(table);
    this.read = readSlots === undefined ? undefined : this.layout.subset(readSlots);
    if (filter !== undefined && filterSlots !== undefined) {
      this.filterFirst = this.layout.subset(filterSlots);
      const rest = (readSlots ?? this.layout.types.map((_, i) => i)).filter((i) => !filterSlots.includes(i));
      this.filterRest = this.layout.subset(rest);
    }
  }

  abstract open(): void;
  abstract close(): void;
  /** The next candidate version, or undefined at the end. */
  protected abstract nextVersion(): TupleVersion | undefined;
  /** The version nextVersion returned has been decoded (or skipped): its page may go. */
  protected versionDone(): void {}
  /** Adds `n` live versions returned to the scan's counter (seq_tup_read or idx_tup_fetch). */
  protected abstract count(n: number): void;

  /** Hands the live versions returned so far to `count` (at close: a field bump per row till then). */
  protected countReturned(): void {
    if (this.returned === 0) return;
    this.count(this.returned);
    this.returned = 0;
  }

  /**
   * SERIALIZABLE only: SSI's view of a version the scan examined (conflict-out; an index scan
   * also SIREAD-locks what it returns).
   */
  protected ssiRead(ssi: SerializableXact, v: TupleVersion, visible: boolean): void {
    ssi.checkConflictOut(v, visible);
  }

  next(): Row[] | undefined | Yield {
    const rt = this.rt;
    if (rt.yieldDue) return YIELD;
    const tx = rt.ctx.tx;
    const ssi = tx.ssi;
    const n = this.layout.types.length;
    emptyArray(this.batch);
    // A yield falls due between two versions (never while one is pinned: versionDone ran).
    for (let read = 0; this.batch.length < BATCH_SIZE; read++) {
      if (rt.tick() && read > 0) return this.batch.length > 0 ? this.batch : YIELD;
      const v = this.nextVersion();
      if (!v) break;
      const visible = tx.isVisible(v);
      if (ssi !== undefined) this.ssiRead(ssi, v, visible);
      if (!visible) {
        this.versionDone();
        continue;
      }
      this.returned++;
      let row = this.pool[this.batch.length];
      if (!row) {
        row = new Array<Value>(n + (this.emitTid ? 1 : 0)).fill(null);
        this.pool.push(row);
      }
      const filterFirst = this.filterFirst;
      if (filterFirst !== undefined) {
        this.layout.decodeSubset(v.data, row, filterFirst);
        if (this.filter!(row) !== true) {
          this.versionDone();
          continue;
        }
        this.layout.decodeSubset(v.data, row, this.filterRest!);
      } else if (this.read === undefined) this.layout.decode(v.data, row);
      else this.layout.decodeSubset(v.data, row, this.read);
      if (this.emitTid) row[n] = packTid(v.tid.page, v.tid.slot);
      this.versionDone();
      if (filterFirst === undefined && this.filter && this.filter(row) !== true) continue;
      this.batch.push(row);
    }
    return this.batch.length > 0 ? this.batch : undefined;
  }
}

export class SeqScan extends ScanBase {
  constructor(
    rt: Runtime,
    table: TableDef,
    emitTid: boolean,
    filter: CompiledExpr | undefined,
    readSlots: readonly number[] | undefined,
    filterSlots: readonly number[] | undefined,
  ) {
    super(rt, table, emitTid, filter, readSlots, filterSlots);
    this.counters = rt.ctx.activity?.table(table.oid).seq ?? UNCOUNTED_SCANS;
  }

  private readonly counters: ScanCounters;
  private cursor: TupleCursor | undefined;
  /** The vacuum horizon of this execution's `isDead`; 0 until first asked for. */
  private horizon: TxnId = INVALID_TXN_ID;
  /**
   * Dead to every snapshot: the store leaves such versions out of the scan (`TableStore.scan`).
   * No snapshot sees them and, their deleter having committed before every running transaction
   * began, SSI has no conflict to record. Made once per operator, not per execution.
   */
  private readonly isDead = (v: TupleHeader): boolean => {
    const tx = this.rt.ctx.tx;
    if (this.horizon === INVALID_TXN_ID) this.horizon = tx.deadHorizon();
    return tx.isDeadToAll(v, this.horizon);
  };

  open(): void {
    this.close();
    this.horizon = INVALID_TXN_ID;
    this.rt.ctx.tx.ssi?.lockRelation(this.table.oid);
    this.cursor = this.store.scan(this.isDead);
    this.counters.scans++;
  }

  protected nextVersion(): TupleVersion | undefined {
    return this.cursor?.next();
  }

  protected count(n: number): void {
    this.counters.tuplesRead += n;
  }

  close(): void {
    this.countReturned();
    this.cursor?.close();
    this.cursor = undefined;
  }
}

/** Key bound values are computed at open(), so parameters and outer columns are current. */
export class IndexScan extends ScanBase {
  private readonly index: Index;
  /** Fetches versions as views into their pinned page (no copy), when the store can. */
  private readonly fetcher: TupleFetcher | undefined;
  private cursor: IndexCursor | undefined;
  /** Where `open` writes an exact range (keyRange). */
  private readonly scratch = exactRangeScratch();
  /** The last cursor, closed, kept for the next `open` when the index can rescan it. */
  private idle: IndexCursor | undefined;
  /** The vacuum horizon for killing entries (nextVersion); 0 until read. */
  private horizon: TxnId = INVALID_TXN_ID;

  constructor(
    rt: Runtime,
    table: TableDef,
    private readonly def: IndexDef,
    emitTid: boolean,
    filter: CompiledExpr | undefined,
    private readonly conds: readonly { cond: IndexKeyCond; value: CompiledExpr }[],
    readSlots: readonly number[] | undefined,
  ) {
    super(rt, table, emitTid, filter, readSlots);
    this.index = rt.ctx.relations.index(def);
    this.fetcher = this.store.fetcher?.();
    this.keyTypes = indexKeyExprs(table, def, rt.ctx.catalog).keys.map((k) => k.type);
    this.counters = rt.ctx.activity?.index(def.oid) ?? UNCOUNTED_SCANS;
  }

  private readonly counters: ScanCounters;

  /** The key columns' types (an expression key's is its result type). */
  private readonly keyTypes: readonly SqlType[];

  open(): void {
    this.close();
    this.horizon = INVALID_TXN_ID;
    const ssi = this.rt.ctx.tx.ssi;
    const range = keyRange(this.table, this.def, this.conds, this.keyTypes, ssi ? undefined : this.scratch);
    if (!range) return;
    ssi?.lockKeyRange(this.def.oid, range);
    // A kept plan opens its scans once per execution: the previous cursor starts again.
    const idle = this.idle;
    if (idle?.rescan !== undefined) {
      idle.rescan(range);
      this.cursor = idle;
    } else this.cursor = this.index.scan(range);
    this.counters.scans++;
  }

  protected count(n: number): void {
    this.counters.tuplesFetched += n;
  }

  protected override ssiRead(ssi: SerializableXact, v: TupleVersion, visible: boolean): void {
    ssi.checkConflictOut(v, visible);
    if (visible && !this.rt.ctx.tx.isOwnXid(v.xmin))
      ssi.lockTuple(this.table.oid, packTid(v.tid.page, v.tid.slot));
  }

  /**
   * A version dead to every snapshot (its deleter committed below the vacuum horizon) is not
   * returned, and its entry is killed so that later scans skip it without the fetch
   * (`IndexCursor.kill`, PostgreSQL's kill_prior_tuple). No snapshot can see it and, its deleter
   * having committed before every running transaction began, SSI has no conflict to record.
   */
  protected nextVersion(): TupleVersion | undefined {
    const cursor = this.cursor;
    if (!cursor) return undefined;
    const fetcher = this.fetcher;
    const source = fetcher ?? this.store;
    for (let e = cursor.next(); e; e = cursor.next()) {
      this.counters.tuplesRead++;
      // A view into the pinned page: next() decodes it before asking for another version.
      let v = source.fetch(e.tid);
      if (!v) continue;
      // A HOT chain (hot-chain.ts): walk to the member this snapshot sees (or the last one).
      let allDeadToAll = true;
      if (v.flags !== undefined && (v.flags & HEAP_HOT_UPDATED) !== 0) {
        const walked = this.walkChain(source, v);
        if (walked === undefined) continue;
        v = walked;
        allDeadToAll = this.chainDead === this.chainWalked;
      }
      if (v.xmax !== INVALID_TXN_ID && cursor.kill !== undefined && allDeadToAll) {
        const tx = this.rt.ctx.tx;
        // Read once per scan, when first needed: a stale horizon is only more careful.
        if (this.horizon === INVALID_TXN_ID) this.horizon = tx.deadHorizon();
        if (tx.isDeadToAll(v, this.horizon)) {
          cursor.kill();
          continue;
        }
      }
      return v;
    }
    return undefined;
  }

  /** Members `walkChain` stepped over, and how many of them were dead to every snapshot. */
  private chainWalked = 0;
  private chainDead = 0;

  /**
   * From a HOT-updated version, the chain member the snapshot sees, else the chain's last member
   * (undefined if pruning removed it meanwhile). SERIALIZABLE records the members it steps over
   * as invisible reads. When it stepped over PRUNE_AFTER_DEAD members dead to every snapshot,
   * the page is pruned (`TableStore.prunePage`) before the member is fetched again.
   */
  private walkChain(source: VersionSource, first: TupleVersion): TupleVersion | undefined {
    const tx = this.rt.ctx.tx;
    const ssi = tx.ssi;
    let v = first;
    this.chainWalked = 0;
    this.chainDead = 0;
    for (;;) {
      if (tx.isVisible(v)) break;
      if (ssi !== undefined) this.ssiRead(ssi, v, false);
      if (this.horizon === INVALID_TXN_ID) this.horizon = tx.deadHorizon();
      const dead = tx.isDeadToAll(v, this.horizon);
      // The next member is on the same page: a fetcher keeps it pinned, so `v` stays valid.
      const next = nextInHotChain(source, v);
      if (next === undefined) break;
      this.chainWalked++;
      if (dead) this.chainDead++;
      v = next;
    }
    if (this.chainDead < PRUNE_AFTER_DEAD || this.store.prunePage === undefined) return v;
    const tid = v.tid;
    // Our own pin would keep the page from being pruned (prunePage wants the only pin).
    this.fetcher?.release();
    const horizon = this.horizon;
    this.store.prunePage(tid.page, (d) => tx.isDeadToAll(d, horizon));
    return source.fetch(tid);
  }

  protected override versionDone(): void {
    this.fetcher?.release();
  }

  close(): void {
    this.countReturned();
    this.fetcher?.release();
    const cursor = this.cursor;
    if (cursor !== undefined) {
      cursor.close();
      if (cursor.rescan !== undefined) this.idle = cursor;
      this.cursor = undefined;
    }
  }
}

const EMPTY_ROW: Row = [];

/**
 * Objects `keyRange` writes a whole-key (exact) range into instead of allocating them, for a
 * scan that reopens once per execution (a kept plan's point lookup). The range is valid until
 * the next `keyRange` call with the same scratch, which also overwrites the key's bytes in
 * place when the new key has the same length: only for scans that do not keep the range or its
 * key past their cursor (SSI's predicate locks do).
 */
export interface ExactRangeScratch {
  readonly eq: Value[];
  readonly bound: { key: Uint8Array; readonly inclusive: true };
  readonly range: KeyRange;
}

function exactRangeScratch(): ExactRangeScratch {
  const bound = { key: new Uint8Array(0), inclusive: true as const };
  return { eq: [], bound, range: { lower: bound, upper: bound } };
}
/** Dead-to-all chain members an index fetch steps over before it prunes the page. */
const PRUNE_AFTER_DEAD = 3;

/**
 * The key range for `conds` (equalities on key positions 0..k-1, optional bounds on k), or
 * undefined when a bound is NULL (nothing can match). A descending key column swaps which
 * conditions bound the range from below and from above.
 */
export function keyRange(
  table: TableDef,
  def: IndexDef,
  conds: readonly { cond: IndexKeyCond; value: CompiledExpr }[],
  types: readonly SqlType[] = def.columns.map((a) => table.columns.find((c) => c.attnum === a)!.type),
  scratch?: ExactRangeScratch,
): KeyRange | undefined {
  const eq: Value[] = scratch?.eq ?? [];
  let n = 0;
  let lower: KeyBound | undefined;
  let upper: KeyBound | undefined;
  // One condition (a point lookup) needs no sorted copy.
  const sorted = conds.length < 2 ? conds : [...conds].sort((a, b) => a.cond.keyPos - b.cond.keyPos);
  for (const { cond, value } of sorted) {
    if (cond.op === '=') {
      const v = value(EMPTY_ROW);
      if (v === null) return undefined;
      eq[n++] = v;
    }
  }
  // A reused array keeps its length from one lookup to the next: stored only when it changes.
  if (eq.length !== n) eq.length = n;
  for (const { cond, value } of sorted) {
    if (cond.op === '=') continue;
    const v = value(EMPTY_ROW);
    if (v === null) return undefined;
    const k = cond.keyPos;
    const key = encodeKeyPrefix([...eq, v], types.slice(0, k + 1), def.descending.slice(0, k + 1));
    const below = (cond.op === '>' || cond.op === '>=') !== (def.descending[k] === true);
    const bound: KeyBound = { key, inclusive: cond.op === '>=' || cond.op === '<=', prefix: true };
    if (below) lower = bound;
    else upper = bound;
  }
  // With INCLUDE columns after the key, even a whole key is a prefix of the entries' bytes.
  if (eq.length === types.length && !lower && !upper && (def.include?.length ?? 0) === 0) {
    // The whole key is given: an exact match, which unordered methods (hash) can serve too.
    if (scratch !== undefined) {
      // The last lookup's key array, overwritten (its cursor is closed: see ExactRangeScratch).
      scratch.bound.key = encodeKeyInto(eq, types, def.descending, scratch.bound.key);
      return scratch.range;
    }
    const key = encodeKey(eq, types, def.descending);
    const exact: KeyBound = { key, inclusive: true };
    return { lower: exact, upper: exact };
  }
  if (eq.length > 0) {
    const key = encodeKeyPrefix(eq, types.slice(0, eq.length), def.descending.slice(0, eq.length));
    const prefixBound: KeyBound = { key, inclusive: true, prefix: true };
    lower ??= prefixBound;
    upper ??= prefixBound;
  }
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}
