/**
 * HOT chains on a heap page (PostgreSQL's heap_page_prune / heap_prune_chain, simplified).
 *
 * A HOT chain starts at a root: a tuple that is not HEAP_ONLY (index entries point at it), or a
 * REDIRECT line pointer left where a pruned root was. From the root, each member flagged
 * HEAP_HOT_UPDATED links through its ctid to the next member, which must be on the same page,
 * be HEAP_ONLY, and have xmin = the previous member's xmax (the check PostgreSQL makes: a freed
 * and reused slot never extends a chain).
 *
 * Pruning (`heapPruneChains`) with the caller's `isDead` (dead to every snapshot, the vacuum
 * rule; storage never decides visibility):
 * - a chain whose members are ALL dead is left whole: vacuum removes the root's index entries
 *   (it needs a member's key for that) and frees every slot of the chain (`heapChainSlots`);
 * - otherwise the dead members before the first surviving one are removed: their slots become
 *   unused and the root's line pointer becomes a redirect to the first survivor (a root tuple's
 *   bytes are freed). Dead members after it (an aborted updater's versions) are removed too;
 * - a HEAP_ONLY tuple no chain reaches (its updater aborted and the row was updated again) is
 *   removed when dead.
 * Then the page is compacted (`heapCompact`); slot numbers never change. Everything changed is
 * appended to `ranges`, and the tuples moved to `moves`, so the caller logs it as one page change
 * (redo replays the moves, then the bytes).
 */
import { INVALID_TXN_ID, PAGE_SIZE } from '@rustydb/common';
import type { TupleVersion } from '../table-store.js';
import {
  HEAP_HEADER_SIZE,
  HEAP_HOT_UPDATED,
  HEAP_ONLY_TUPLE,
  heapCompact,
  heapRedirectTarget,
  heapSetRedirect,
  heapSlotCount,
  heapTupleCtidPage,
  heapTupleCtidSlot,
  heapTupleFlags,
  heapTupleOffset,
  heapTupleXmax,
  heapTupleXmin,
  LINE_POINTER_SIZE,
  readHeapTuple,
} from './heap-page.js';

/**
 * Pushes onto `out` the slots of the chain rooted at `root` (not the root itself when it is a
 * redirect): each member's tuple, in chain order. Pushes nothing for an unused slot or a
 * HEAP_ONLY tuple (not a root). Synchronous; reads only.
 */
export function heapChainSlots(page: Uint8Array, pageNo: number, root: number, out: number[]): void {
  let slot = heapRedirectTarget(page, root);
  let offset: number;
  if (slot !== 0) {
    offset = heapTupleOffset(page, slot);
    if (offset === 0 || (heapTupleFlags(page, offset) & HEAP_ONLY_TUPLE) === 0) return;
  } else {
    offset = heapTupleOffset(page, root);
    if (offset === 0 || (heapTupleFlags(page, offset) & HEAP_ONLY_TUPLE) !== 0) return;
    slot = root;
  }
  const start = out.length;
  const slots = heapSlotCount(page);
  for (;;) {
    out.push(slot);
    const flags = heapTupleFlags(page, offset);
    if ((flags & HEAP_HOT_UPDATED) === 0 || heapTupleCtidPage(page, offset) !== pageNo) return;
    const xmax = heapTupleXmax(page, offset);
    const next = heapTupleCtidSlot(page, offset);
    const nextOffset = heapTupleOffset(page, next);
    if (nextOffset === 0 || (heapTupleFlags(page, nextOffset) & HEAP_ONLY_TUPLE) === 0) return;
    if (heapTupleXmin(page, nextOffset) !== xmax) return;
    // A cycle cannot arise from valid links (xmin = previous xmax only ascends); a corrupt page
    // could still loop: a chain never has more members than the page has slots.
    if (out.length - start >= slots) return;
    slot = next;
    offset = nextOffset;
  }
}

/**
 * Prunes the page's HOT chains (see the file comment) and compacts it when anything was removed.
 * `isDead(v)` gets views valid during the call only and is asked once per chain member or
 * heap-only tuple, except, without `verdicts`, about a tuple no HOT update touched (a chain of
 * one, left as it is either way); with `verdicts` (length > the slot count) every answer is
 * recorded per slot (1 dead, 2 not dead, 0 not asked), still valid for the slots left afterwards
 * (vacuum reuses them). Returns the number of tuples removed (0: the page was not changed and
 * nothing was appended to `ranges` or `moves`). Synchronous.
 */
export function heapPruneChains(
  page: Uint8Array,
  pageNo: number,
  isDead: (v: TupleVersion) => boolean,
  ranges: number[],
  moves: number[],
  verdicts?: Uint8Array,
): number {
  const slots = heapSlotCount(page);
  const reached = reachedScratch.fill(0, 0, slots + 1);
  const toFree: number[] = [];
  const redirects: number[] = []; // (root, target) pairs
  let removedRoots = 0;
  const members: number[] = [];
  const dead: boolean[] = [];
  for (let root = 1; root <= slots; root++) {
    // A chain of one member (a root tuple, or a redirect's target, that no HOT update has left
    // behind since) is left as it is whatever its verdict: dead, the whole chain is vacuum's;
    // alive, nothing precedes it and a redirect already points at it. Only vacuum wants that
    // verdict, so an opportunistic prune skips such a chain unread. On a page of a table updated
    // at random these are nearly all the chains.
    if (verdicts === undefined) {
      const member = singleMember(page, root);
      if (member !== 0) {
        reached[member] = 1;
        continue;
      }
    }
    // Most slots are no root (unused, heap-only): no length store for them (a runtime call).
    if (members.length !== 0) members.length = 0;
    heapChainSlots(page, pageNo, root, members);
    if (members.length === 0) continue;
    if (dead.length !== 0) dead.length = 0;
    // The aborted tail: from the first member whose inserter aborted (it can only follow a
    // member that is not dead, whose deleter is that aborted transaction), every member is dead.
    let tail = members.length;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      reached[m] = 1;
      const v = readHeapTuple(page, pageNo, m, false)!;
      const d = isDead(v);
      if (verdicts !== undefined) verdicts[m] = d ? 1 : 2;
      dead.push(d);
      // Dead without its deleter too: the inserter aborted (the vacuum rule).
      if (d && i > 0 && !dead[i - 1] && tail === members.length && isDead({ ...v, xmax: INVALID_TXN_ID })) {
        tail = i;
      }
    }
    // Survivors start after the LAST dead member before the tail, not the first live one:
    // "dead" compares the deleter's xid with the horizon, and xids do not ascend along a chain
    // (a READ COMMITTED updater with an older xid may update a newer version), so a dead member
    // may follow one that is not yet; removing it alone would cut the chain (PostgreSQL's
    // heap_prune_chain likewise prunes up to the latest DEAD member, past RECENTLY_DEAD ones).
    let lastDead = -1;
    for (let i = 0; i < tail; i++) if (dead[i]) lastDead = i;
    // Every member dead: vacuum's work (the root's index entries must go first).
    if (tail > 0 && lastDead === tail - 1) continue;
    const firstLive = lastDead + 1;
    const rootIsTuple = members[0] === root;
    for (let i = 0; i < members.length; i++) {
      if (i >= firstLive && i < tail) continue;
      if (members[i] === root) continue; // becomes the redirect below
      toFree.push(members[i]!);
    }
    if (firstLive > 0 || !rootIsTuple) {
      const target = members[firstLive]!;
      if (rootIsTuple || heapRedirectTarget(page, root) !== target) redirects.push(root, target);
      if (rootIsTuple) removedRoots++;
    }
  }
  // Orphans: heap-only tuples no chain reaches (an aborted update's version, its row updated
  // again since), removed once dead.
  for (let slot = 1; slot <= slots; slot++) {
    if (reached[slot] === 1) continue;
    const offset = heapTupleOffset(page, slot);
    if (offset === 0 || (heapTupleFlags(page, offset) & HEAP_ONLY_TUPLE) === 0) continue;
    const d = isDead(readHeapTuple(page, pageNo, slot, false)!);
    if (verdicts !== undefined) verdicts[slot] = d ? 1 : 2;
    if (d) toFree.push(slot);
  }
  if (toFree.length === 0 && redirects.length === 0) return 0;
  for (const slot of toFree) freeLine(page, slot);
  for (let i = 0; i < redirects.length; i += 2) heapSetRedirect(page, redirects[i]!, redirects[i + 1]!);
  heapCompact(page, ranges, moves);
  return toFree.length + removedRoots;
}

/** `heapPruneChains`' per-slot marks, reused (a page has fewer line pointers than bytes / 4). */
const reachedScratch = new Uint8Array(PAGE_SIZE / LINE_POINTER_SIZE + 1);

/**
 * The one member of the chain rooted at `root` when it has exactly one (its first member, as
 * `heapChainSlots` finds it, is not HEAP_HOT_UPDATED), else 0. Synchronous; reads only.
 */
function singleMember(page: Uint8Array, root: number): number {
  const target = heapRedirectTarget(page, root);
  const first = target === 0 ? root : target;
  const offset = heapTupleOffset(page, first);
  if (offset === 0) return 0;
  const flags = heapTupleFlags(page, offset);
  // A redirect's target is heap-only; a root tuple is not (heapChainSlots' checks).
  if (((flags & HEAP_ONLY_TUPLE) !== 0) !== (target !== 0)) return 0;
  return (flags & HEAP_HOT_UPDATED) === 0 ? first : 0;
}

/** Sets `slot`'s line pointer to unused (both fields zero). */
function freeLine(page: Uint8Array, slot: number): void {
  const lp = HEAP_HEADER_SIZE + (slot - 1) * LINE_POINTER_SIZE;
  page.fill(0, lp, lp + LINE_POINTER_SIZE);
}
