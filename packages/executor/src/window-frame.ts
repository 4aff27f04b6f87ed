/**
 * Window frames: for a row of a sorted partition, the range [start, end) of sorted positions its
 * frame covers, for ROWS, RANGE and GROUPS frames as PostgreSQL defines them:
 *
 *   ROWS    offsets count rows;
 *   RANGE   offsets are distances in the (single) ORDER BY value; CURRENT ROW means the peers;
 *   GROUPS  offsets count peer groups.
 *
 * A frame may be empty (start >= end), e.g. `ROWS BETWEEN 3 FOLLOWING AND 5 FOLLOWING` near the
 * end of a partition. EXCLUDE clauses are applied by the caller (`excluded`).
 */
import { compareValues, DbError, type Numeric, type SqlType, type Value } from '@rustydb/common';
import type { WindowFrame } from '@rustydb/planner';

/** Per partition: where each sorted position's peer group starts and ends, and its group number. */
export interface Peers {
  /** Partition bounds in sorted positions. */
  readonly ps: number;
  readonly pe: number;
  readonly peerStart: Int32Array;
  readonly peerEnd: Int32Array;
  readonly group: Int32Array;
  /** Start position of each peer group (group numbers are per partition, from 0). */
  readonly groupStarts: number[];
}

/** A frame with its offsets evaluated (once per execution: they are row-independent). */
export interface FrameSpec {
  readonly frame: WindowFrame<unknown>;
  readonly startOffset: Value;
  readonly endOffset: Value;
  /** The ORDER BY key (RANGE with offsets): its values by sorted position, type, direction. */
  readonly orderValues?: readonly Value[];
  readonly orderType?: SqlType;
  readonly descending?: boolean;
  readonly nullsFirst?: boolean;
}

/** Evaluates and checks a frame offset: 22004 for NULL, 22013 for a negative one. */
export function checkOffset(v: Value, which: 'starting' | 'ending'): Value {
  if (v === null) throw new DbError('22004', `frame ${which} offset must not be null`);
  const negative = typeof v === 'number' ? v < 0 : typeof v === 'bigint' ? v < 0n : (v as Numeric).sign() < 0;
  if (negative) throw new DbError('22013', `frame ${which} offset must not be negative`);
  return v;
}

/** The frame [start, end) of sorted position `p`. */
export function frameBounds(spec: FrameSpec, peers: Peers, p: number): [number, number] {
  const { frame } = spec;
  return [
    bound(spec, peers, p, frame.start, spec.startOffset, true),
    bound(spec, peers, p, frame.end, spec.endOffset, false),
  ];
}

function bound(
  spec: FrameSpec,
  peers: Peers,
  p: number,
  b: WindowFrame<unknown>['start'],
  offset: Value,
  isStart: boolean,
): number {
  const { ps, pe } = peers;
  switch (b.type) {
    case 'unboundedPreceding':
      return ps;
    case 'unboundedFollowing':
      return pe;
    case 'currentRow':
      if (spec.frame.mode === 'rows') return isStart ? p : p + 1;
      return isStart ? peers.peerStart[p] : peers.peerEnd[p];
    default:
      break;
  }
  const sign = b.type === 'preceding' ? -1 : 1;
  switch (spec.frame.mode) {
    case 'rows': {
      const n = Number(offset as bigint);
      const at = p + sign * n + (isStart ? 0 : 1);
      return Math.min(pe, Math.max(ps, at));
    }
    case 'groups': {
      const n = Number(offset as bigint);
      const g = peers.group[p] + sign * n;
      const groups = peers.groupStarts;
      if (isStart) return g < 0 ? ps : g >= groups.length ? pe : groups[g];
      if (g < 0) return ps;
      return g + 1 >= groups.length ? pe : groups[g + 1];
    }
    case 'range':
      return rangeBound(spec, peers, p, sign, offset, isStart);
  }
}

/**
 * RANGE offset bound: the first position whose key is past `key ∓ offset` (start) or the
 * position after the last within it (end). Rows with a NULL key are peers only of each other.
 */
function rangeBound(
  spec: FrameSpec,
  peers: Peers,
  p: number,
  sign: number,
  offset: Value,
  isStart: boolean,
): number {
  const values = spec.orderValues!;
  const type = spec.orderType!;
  const key = values[p];
  if (key === null) return isStart ? peers.peerStart[p] : peers.peerEnd[p];
  // The non-NULL keys of the partition occupy [lo, hi), sorted by the ORDER BY direction.
  let lo = peers.ps;
  let hi = peers.pe;
  if (spec.nullsFirst) while (lo < hi && values[lo] === null) lo++;
  else while (hi > lo && values[hi - 1] === null) hi--;
  const desc = spec.descending === true;
  // In sort order, "preceding" moves toward smaller keys when ascending, larger when descending.
  const target = addOffset(key, offset, type, desc ? -sign : sign);
  // cmp(v) < 0 means v comes before the target in sort order.
  const cmp = (v: Value) => (desc ? -1 : 1) * compareValues(v, target, type);
  // start: first position not before the target; end: first position after the target.
  let a = lo;
  let z = hi;
  while (a < z) {
    const m = (a + z) >> 1;
    const c = cmp(values[m]);
    if (isStart ? c < 0 : c <= 0) a = m + 1;
    else z = m;
  }
  return a;
}

/** `v + sign * offset` in the ORDER BY column's type (integers widened to bigint). */
function addOffset(v: Value, offset: Value, type: SqlType, sign: number): Value {
  switch (type.name) {
    case 'int2':
    case 'int4':
    case 'int8': {
      const r = BigInt(v as number | bigint) + BigInt(sign) * (offset as bigint);
      return type.name === 'int8' ? r : Number(r);
    }
    case 'numeric': {
      const o = offset as Numeric;
      return sign > 0 ? (v as Numeric).add(o) : (v as Numeric).sub(o);
    }
    default:
      return (v as number) + sign * Number(offset);
  }
}

/** Is sorted position `q` left out of `p`'s frame by the EXCLUDE clause? */
export function excluded(
  exclusion: WindowFrame<unknown>['exclusion'],
  peers: Peers,
  p: number,
  q: number,
): boolean {
  switch (exclusion) {
    case 'noOthers':
      return false;
    case 'currentRow':
      return q === p;
    case 'group':
      return q >= peers.peerStart[p] && q < peers.peerEnd[p];
    case 'ties':
      return q !== p && q >= peers.peerStart[p] && q < peers.peerEnd[p];
  }
}
