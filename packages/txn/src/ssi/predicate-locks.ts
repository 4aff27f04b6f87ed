/**
 * SIREAD predicate locks: which serializable transactions read what, so that a later write can
 * find the readers it conflicts with (PostgreSQL's predicate lock targets, predicate.c).
 *
 * Three granularities, all of them plain marks that never block anyone:
 * - a relation (a sequential scan read all of it, or many tuple/range locks were promoted);
 * - a tuple (an index scan returned this version), keyed by the relation and the packed tid;
 * - a key range of an index (an index scan searched it). PostgreSQL locks the btree leaf pages
 *   it visited; a key range is more precise and independent of the access method: an insert of
 *   key k into the index conflicts exactly with the readers whose searched range contains k.
 *   An unbounded range stands for "the whole index" (what promotion leaves).
 *
 * Bounded memory: a transaction holding more than `PROMOTE_AFTER` tuple locks in one relation
 * trades them for a relation lock, and more than `PROMOTE_AFTER` ranges in one index for the
 * whole index, as PostgreSQL promotes tuple → page → relation. Locks are released with their
 * owner: at abort, at a read-only transaction's proof of safety, or once a committed owner no
 * longer overlaps any running serializable transaction.
 *
 * Synchronous; every method is O(locks on the target) except `holdersOfKey`, which is
 * O(range locks on that index).
 */

/** One bound of a locked key range: the same shape as an index scan's `KeyBound`. */
export interface LockedKeyBound {
  readonly key: Uint8Array;
  readonly inclusive: boolean;
  /** The bound is a key prefix (every key starting with it is at the bound). */
  readonly prefix?: boolean;
}

/** A locked key range (the shape of an index scan's `KeyRange`); no bounds: the whole index. */
export interface LockedKeyRange {
  readonly lower?: LockedKeyBound;
  readonly upper?: LockedKeyBound;
}

/** Past this many tuple (range) locks in one relation (index), take the coarser lock. */
export const PROMOTE_AFTER = 64;

const WHOLE_INDEX: LockedKeyRange = {};
const NO_HOLDERS: readonly never[] = [];

/** The locks one owner holds, kept beside the table so release is O(own locks). */
export class HeldLocks {
  readonly relations = new Set<number>();
  readonly tuples = new Map<number, Set<number>>();
  readonly ranges = new Map<number, LockedKeyRange[]>();

  /** Number of locks held (for tests and bounded-memory checks). */
  get size(): number {
    let n = this.relations.size;
    for (const s of this.tuples.values()) n += s.size;
    for (const r of this.ranges.values()) n += r.length;
    return n;
  }
}

/**
 * The lock table of one database: targets → holders. `O` is the owner type (the
 * SerializableXact); the table never looks inside it.
 */
export class PredicateLockTable<O extends { readonly locks: HeldLocks }> {
  private readonly relations = new Map<number, Set<O>>();
  private readonly tuples = new Map<number, Map<number, Set<O>>>();
  private readonly ranges = new Map<number, Map<O, LockedKeyRange[]>>();

  /** SIREAD lock on the whole relation; drops the owner's tuple locks there (now redundant). */
  lockRelation(owner: O, rel: number): void {
    if (owner.locks.relations.has(rel)) return;
    owner.locks.relations.add(rel);
    addTo(this.relations, rel, owner);
    const held = owner.locks.tuples.get(rel);
    if (held === undefined) return;
    const byTid = this.tuples.get(rel);
    for (const tid of held) removeFrom(byTid, tid, owner);
    if (byTid?.size === 0) this.tuples.delete(rel);
    owner.locks.tuples.delete(rel);
  }

  /** SIREAD lock on one tuple version, unless the relation is locked; may promote. */
  lockTuple(owner: O, rel: number, tid: number): void {
    if (owner.locks.relations.has(rel)) return;
    let held = owner.locks.tuples.get(rel);
    if (held === undefined) {
      held = new Set();
      owner.locks.tuples.set(rel, held);
    } else if (held.has(tid)) {
      return;
    }
    if (held.size >= PROMOTE_AFTER) {
      this.lockRelation(owner, rel);
      return;
    }
    held.add(tid);
    let byTid = this.tuples.get(rel);
    if (byTid === undefined) {
      byTid = new Map();
      this.tuples.set(rel, byTid);
    }
    addTo(byTid, tid, owner);
  }

  /** SIREAD lock on a key range of index `index`; may promote to the whole index. */
  lockKeyRange(owner: O, index: number, range: LockedKeyRange): void {
    let mine = owner.locks.ranges.get(index);
    if (mine === undefined) {
      mine = [];
      owner.locks.ranges.set(index, mine);
    }
    if (mine.length === 1 && mine[0] === WHOLE_INDEX) return;
    if (mine.some((r) => sameRange(r, range))) return;
    if (mine.length >= PROMOTE_AFTER) {
      mine.length = 0;
      range = WHOLE_INDEX;
    }
    mine.push(range);
    let byOwner = this.ranges.get(index);
    if (byOwner === undefined) {
      byOwner = new Map();
      this.ranges.set(index, byOwner);
    }
    byOwner.set(owner, mine);
  }

  /** Owners of a relation lock on `rel`. */
  holdersOfRelation(rel: number): ReadonlySet<O> | undefined {
    return this.relations.get(rel);
  }

  /** Owners of a tuple lock on (`rel`, `tid`). */
  holdersOfTuple(rel: number, tid: number): ReadonlySet<O> | undefined {
    return this.tuples.get(rel)?.get(tid);
  }

  /** Calls `f` for each owner of a tuple lock in `rel` (an owner may come more than once). */
  forEachTupleHolder(rel: number, f: (owner: O) => void): void {
    const byTid = this.tuples.get(rel);
    if (byTid === undefined) return;
    for (const owners of byTid.values()) for (const o of owners) f(o);
  }

  /** Owners of a range lock on `index` containing `key` (a full encoded key). */
  holdersOfKey(index: number, key: Uint8Array): readonly O[] {
    const byOwner = this.ranges.get(index);
    if (byOwner === undefined) return NO_HOLDERS;
    const out: O[] = [];
    for (const [owner, ranges] of byOwner) {
      if (ranges.some((r) => keyInRange(key, r))) out.push(owner);
    }
    return out;
  }

  /** Releases every lock `owner` holds. */
  releaseAll(owner: O): void {
    const held = owner.locks;
    for (const rel of held.relations) removeFrom(this.relations, rel, owner);
    for (const [rel, tids] of held.tuples) {
      const byTid = this.tuples.get(rel);
      for (const tid of tids) removeFrom(byTid, tid, owner);
      if (byTid?.size === 0) this.tuples.delete(rel);
    }
    for (const index of held.ranges.keys()) {
      const byOwner = this.ranges.get(index);
      byOwner?.delete(owner);
      if (byOwner?.size === 0) this.ranges.delete(index);
    }
    held.relations.clear();
    held.tuples.clear();
    held.ranges.clear();
  }
}

function addTo<K, O>(map: Map<K, Set<O>>, key: K, owner: O): void {
  const set = map.get(key);
  if (set === undefined) map.set(key, new Set([owner]));
  else set.add(owner);
}

function removeFrom<K, O>(map: Map<K, Set<O>> | undefined, key: K, owner: O): void {
  const set = map?.get(key);
  if (set === undefined) return;
  set.delete(owner);
  if (set.size === 0) map!.delete(key);
}

function sameBound(a: LockedKeyBound | undefined, b: LockedKeyBound | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.inclusive === b.inclusive &&
    (a.prefix ?? false) === (b.prefix ?? false) &&
    compareBytes(a.key, b.key) === 0
  );
}

function sameRange(a: LockedKeyRange, b: LockedKeyRange): boolean {
  return sameBound(a.lower, b.lower) && sameBound(a.upper, b.upper);
}

/** memcmp order, the order of encoded keys. */
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (key.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}

/**
 * Does the index scan range `r` cover `key`? The bounds mean what the index scan means by them:
 * an inclusive prefix upper bound admits every key starting with it, an exclusive prefix lower
 * bound excludes every key starting with it.
 */
export function keyInRange(key: Uint8Array, r: LockedKeyRange): boolean {
  const lo = r.lower;
  if (lo !== undefined) {
    const c = compareBytes(key, lo.key);
    if (lo.inclusive ? c < 0 : c <= 0 || (lo.prefix === true && startsWith(key, lo.key))) return false;
  }
  const hi = r.upper;
  if (hi !== undefined) {
    const c = compareBytes(key, hi.key);
    if (hi.inclusive) {
      if (c > 0 && !(hi.prefix === true && startsWith(key, hi.key))) return false;
    } else if (c >= 0) {
      return false;
    }
  }
  return true;
}
