/**
 * Window function values over one sorted partition (window.ts sorts and cuts the partitions):
 * ranking functions from the peer groups, lag/lead/ntile from positions, first/last/nth_value
 * and aggregates from each row's frame (window-frame.ts).
 */
import { DbError, type Row, type Value } from '@rustydb/common';
import type { AggregateCall } from '@rustydb/planner';
import { makeAccumulator } from './aggregate.js';
import type { CompiledWindowCall } from './window.js';
import { excluded, type FrameSpec, frameBounds, type Peers } from './window-frame.js';

/** Peer groups (rows equal under `cmp`) of the sorted positions [ps, pe). */
export function peerGroups(
  order: readonly number[],
  ps: number,
  pe: number,
  cmp: (a: number, b: number) => number,
): Peers {
  const len = order.length;
  const peerStart = new Int32Array(len);
  const peerEnd = new Int32Array(len);
  const group = new Int32Array(len);
  const groupStarts: number[] = [];
  let s = ps;
  while (s < pe) {
    let e = s + 1;
    while (e < pe && cmp(order[s], order[e]) === 0) e++;
    for (let q = s; q < e; q++) {
      peerStart[q] = s;
      peerEnd[q] = e;
      group[q] = groupStarts.length;
    }
    groupStarts.push(s);
    s = e;
  }
  return { ps, pe, peerStart, peerEnd, group, groupStarts };
}

/** Fills `out` (indexed by `order[p]`) with one call's values for the partition of `peers`. */
export function computeCall(
  c: CompiledWindowCall,
  spec: FrameSpec,
  rows: readonly Row[],
  order: readonly number[],
  peers: Peers,
  out: Value[],
): void {
  const { ps, pe } = peers;
  const count = pe - ps;
  const fn = c.call.fn;
  if (c.call.aggregate) {
    aggregateOverFrames(c, spec, rows, order, peers, out);
    return;
  }
  const arg = (k: number, p: number) => c.args[k](rows[order[p]]);
  for (let p = ps; p < pe; p++) {
    const idx = order[p];
    switch (fn) {
      case 'row_number':
        out[idx] = BigInt(p - ps + 1);
        break;
      case 'rank':
        out[idx] = BigInt(peers.peerStart[p] - ps + 1);
        break;
      case 'dense_rank':
        out[idx] = BigInt(peers.group[p] + 1);
        break;
      case 'percent_rank':
        out[idx] = count > 1 ? (peers.peerStart[p] - ps) / (count - 1) : 0;
        break;
      case 'cume_dist':
        out[idx] = (peers.peerEnd[p] - ps) / count;
        break;
      case 'ntile':
        out[idx] = ntile(arg(0, ps), p - ps, count);
        break;
      case 'lag':
      case 'lead': {
        const off = c.args.length > 1 ? arg(1, p) : 1;
        if (off === null) {
          out[idx] = null;
          break;
        }
        const q = p + (fn === 'lag' ? -1 : 1) * (off as number);
        out[idx] = q >= ps && q < pe ? arg(0, q) : c.args.length > 2 ? arg(2, p) : null;
        break;
      }
      default:
        out[idx] = frameValue(c, spec, peers, p, arg);
    }
  }
}

/** first_value, last_value, nth_value: a row of the frame (EXCLUDE applied). */
function frameValue(
  c: CompiledWindowCall,
  spec: FrameSpec,
  peers: Peers,
  p: number,
  arg: (k: number, p: number) => Value,
): Value {
  const [fs, fe] = frameBounds(spec, peers, p);
  const ex = spec.frame.exclusion;
  let nth = 1;
  if (c.call.fn === 'nth_value') {
    const n = arg(1, p);
    if (n === null) return null;
    if ((n as number) <= 0) throw new DbError('22016', 'argument of nth_value must be greater than zero');
    nth = n as number;
  }
  if (c.call.fn === 'last_value') {
    for (let q = fe - 1; q >= fs; q--) if (!excluded(ex, peers, p, q)) return arg(0, q);
    return null;
  }
  for (let q = fs; q < fe; q++) {
    if (excluded(ex, peers, p, q)) continue;
    if (--nth === 0) return arg(0, q);
  }
  return null;
}

/** ntile(buckets): the 1-based bucket of the row at `r` of `count` rows (extra rows go first). */
function ntile(buckets: Value, r: number, count: number): Value {
  if (buckets === null) return null;
  const k = buckets as number;
  if (k <= 0) throw new DbError('22014', 'argument of ntile must be greater than zero');
  const per = Math.floor(count / k);
  const rem = count % k;
  const big = rem * (per + 1);
  return r < big ? Math.floor(r / (per + 1)) + 1 : rem + Math.floor((r - big) / per) + 1;
}

/** An aggregate over each row's frame (see the file comment for the strategy). */
function aggregateOverFrames(
  c: CompiledWindowCall,
  spec: FrameSpec,
  rows: readonly Row[],
  order: readonly number[],
  peers: Peers,
  out: Value[],
): void {
  const call = c.call;
  const agg: AggregateCall<unknown> = {
    fn: call.fn as AggregateCall<unknown>['fn'],
    args: call.args,
    distinct: false,
    type: call.type,
    text: call.text,
  };
  const compiled = { call: agg, args: c.args, argTypes: call.args.map((a) => a.type) };
  const vals = new Array<Value>(c.args.length);
  const feed = (acc: ReturnType<typeof makeAccumulator>, q: number) => {
    const r = rows[order[q]];
    for (let j = 0; j < c.args.length; j++) {
      vals[j] = c.args[j](r);
      if (vals[j] === null && !(call.fn === 'string_agg' && j === 1)) return;
    }
    acc.add(vals);
  };
  const ex = spec.frame.exclusion;
  const growing = spec.frame.start.type === 'unboundedPreceding' && ex === 'noOthers';
  let acc = makeAccumulator(compiled);
  let added = peers.ps;
  let last: [number, number] | undefined;
  let lastValue: Value = null;
  for (let p = peers.ps; p < peers.pe; p++) {
    const [fs, fe] = frameBounds(spec, peers, p);
    if (growing) {
      while (added < fe) feed(acc, added++);
      out[order[p]] = acc.result();
      continue;
    }
    if (!last || last[0] !== fs || last[1] !== fe || ex !== 'noOthers') {
      acc = makeAccumulator(compiled);
      for (let q = fs; q < fe; q++) if (!excluded(ex, peers, p, q)) feed(acc, q);
      lastValue = acc.result();
      last = [fs, fe];
    }
    out[order[p]] = lastValue;
  }
}
