/**
 * Index: an access method mapping keys to tuple ids. Implementations: `btree` (B+tree on buffer
 * pages, ordered), `hash` (linear hashing, equality only) and `lsm` (log-structured merge tree,
 * ordered), all WAL-logged; an embedder registers more through `Database.open({ indexMethods })`.
 *
 * Keys are byte strings produced by `encodeKey` (key-encoding.ts): comparing two keys with
 * memcmp orders them as SQL orders the values. An index stores (key, tid) pairs and allows
 * duplicates of a key (several versions of a row, or a non-unique index): uniqueness is the
 * caller's check, made against tuple visibility, never by the index alone.
 *
 * Synchronous: page work never awaits.
 */
import type { BufferPool } from '@rustydb/buffer';
import type { FileId, Logger, Tid } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { AscendingEntries } from './ascending-entries.js';
import type { IndexEntryBuffer } from './index-entry-buffer.js';

/** One bound of a range scan. */
export interface KeyBound {
  readonly key: Uint8Array;
  readonly inclusive: boolean;
  /**
   * Treat `key` as a prefix: an inclusive lower bound matches every key starting with it, an
   * inclusive upper bound every key starting with it (for scans on a leading column subset).
   */
  readonly prefix?: boolean;
}

export interface KeyRange {
  readonly lower?: KeyBound;
  readonly upper?: KeyBound;
}

/**
 * Iterates entries in key order (or reverse). `key` is valid until the next `next()` call.
 * Always `close()` it.
 */
export interface IndexCursor {
  next(): { readonly key: Uint8Array; readonly tid: Tid } | undefined;
  close(): void;
  /**
   * Optional ability (btree): the tuple version of the entry the last `next()` returned is dead
   * to every snapshot that exists or may ever exist (its deleter committed before the vacuum
   * horizon, or its inserter aborted), so the entry is marked killed and later scans skip it
   * without fetching the version (PostgreSQL's kill_prior_tuple). A hint: it may do nothing (the
   * page changed since, or setting it would need a WAL record). Synchronous, never throws.
   */
  kill?(): void;
  /**
   * Optional ability (btree): closes the scan and starts it again over `range`, same direction
   * and options (PostgreSQL's amrescan), so that an owner running the same scan many times
   * (a kept plan's point lookup) reuses one cursor. Synchronous.
   */
  rescan?(range: KeyRange | undefined): void;
}

/** Options of `Index.scan`. */
export interface ScanOptions {
  /**
   * Return killed entries too (see `IndexCursor.kill`): for vacuum, which must remove every
   * entry pointing at a version before the version's slot is freed.
   */
  readonly includeKilled?: boolean;
}

export interface Index {
  readonly method: string;
  /** Adds an entry. Logged. */
  insert(key: Uint8Array, tid: Tid): void;
  /** Removes the exact (key, tid) entry if present; returns whether it was there. Logged. */
  delete(key: Uint8Array, tid: Tid): boolean;
  /**
   * Optional (btree): whether the index itself removed a killed entry pointing at `tid` since it
   * was opened (an insert reclaimed its space), so a `delete` of it finds nothing and nothing
   * else is left to find; forgets `tid`. Vacuum asks this before scanning the whole index for an
   * entry its key lookup missed. In memory: false after a restart (vacuum then scans).
   */
  forgetReclaimed?(tid: Tid): boolean;
  /**
   * Entries within `range` (everything when omitted), ascending unless `backward`. Killed
   * entries (see `IndexCursor.kill`) are skipped unless `options.includeKilled`. The range
   * objects are read during the call only (callers may reuse them); its key bytes are kept.
   */
  scan(range?: KeyRange, backward?: boolean, options?: ScanOptions): IndexCursor;
  /**
   * Optional ability (btree): true when `range` certainly holds no entry, killed or not, decided
   * without a cursor (an INSERT's unique probe of a new key); false when it may hold one (then
   * scan). Synchronous; reads `range` during the call only.
   */
  rangeIsEmpty?(range: KeyRange): boolean;
  /**
   * Optional ability: adds many entries at once, sorted by (key, tid) (CREATE INDEX on a
   * populated table). An empty B+tree builds itself bottom-up. Logged.
   */
  bulkLoad?(entries: IndexEntryBuffer): void;
  /**
   * Optional ability: adds a run of entries in strictly ascending key order (an INSERT's batch
   * in key order, collected by the executor); the same entries as `insert` of each in turn.
   * Keeps no reference to `entries`. Logged.
   */
  insertAscending?(entries: AscendingEntries): void;
  /**
   * Optional ability, with `insertAscending`: true when `key` certainly sorts after every entry
   * (then no entry has it: a unique check can be skipped); false when unknown. Synchronous.
   */
  keyAboveAll?(key: Uint8Array): boolean;
  /** Removes every entry (TRUNCATE). Logged. */
  truncate(): void;
  /** Pages the index occupies. */
  pageCount(): number;
}

export interface IndexContext {
  readonly pool: BufferPool;
  readonly wal: Wal;
  readonly logger: Logger;
}

/** An index access method: `CREATE INDEX … USING <name>`. Abilities are flags, not stubs. */
export interface IndexMethod {
  readonly name: string;
  /** Can it serve ORDER BY and range scans? */
  readonly ordered: boolean;
  readonly durable: boolean;
  /** Makes a new, empty index in `file`. `name` (the index's name) is for error messages. */
  create(ctx: IndexContext, file: FileId, name?: string): Index;
  /** Opens the index stored in `file`. */
  open(ctx: IndexContext, file: FileId, name?: string): Index;
  /** Removes the index's file. */
  drop(ctx: IndexContext, file: FileId): void;
}
