/**
 * The order of LSM entries, (key bytes, tid), and probes: positions in that order that range
 * scans start and stop at. Written over (buffer, start, length) triples so that comparing an
 * entry on a page, in the memtable or in a fence allocates nothing.
 *
 * A probe is (key, tid, prefix), as in the B+tree (btree-search.ts): `tid = TID_MIN` sorts before
 * every entry with its key, `tid = TID_MAX` after every one; with `prefix` (and TID_MAX) the
 * probe sorts after every key that starts with `key`. Range probes therefore never equal an
 * entry; a cursor resuming after the entry it returned last uses that entry as the probe.
 */
import type { KeyBound } from '../index-method.js';

/** Tid of a probe before every entry with its key. */
export const TID_MIN = -1;
/** Tid of a probe after every entry with its key. */
export const TID_MAX = Number.POSITIVE_INFINITY;

/** A position in (key, tid) order; see the file comment. */
export interface Probe {
  readonly key: Uint8Array;
  readonly tid: number;
  readonly prefix: boolean;
}

/** The probe just before the range's first entry. */
export function lowerProbe(b: KeyBound): Probe {
  if (b.inclusive) return { key: b.key, tid: TID_MIN, prefix: false };
  return { key: b.key, tid: TID_MAX, prefix: b.prefix === true };
}

/** The probe just after the range's last entry. */
export function upperProbe(b: KeyBound): Probe {
  if (b.inclusive) return { key: b.key, tid: TID_MAX, prefix: b.prefix === true };
  return { key: b.key, tid: TID_MIN, prefix: false };
}

/** Compares the entry (buf[start, start + len), tid) with `probe`: negative when it sorts first. */
export function compareToProbe(
  buf: Uint8Array,
  start: number,
  len: number,
  tid: number,
  probe: Probe,
): number {
  const key = probe.key;
  const n = Math.min(len, key.length);
  for (let i = 0; i < n; i++) {
    const d = buf[start + i]! - key[i]!;
    if (d !== 0) return d;
  }
  if (probe.prefix && len >= key.length) return -1;
  if (len !== key.length) return len - key.length;
  return tid < probe.tid ? -1 : tid > probe.tid ? 1 : 0;
}

/** Compares two entries by (key bytes, tid). */
export function compareEntries(
  a: Uint8Array,
  aStart: number,
  aLen: number,
  aTid: number,
  b: Uint8Array,
  bStart: number,
  bLen: number,
  bTid: number,
): number {
  const n = Math.min(aLen, bLen);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  if (aLen !== bLen) return aLen - bLen;
  return aTid < bTid ? -1 : aTid > bTid ? 1 : 0;
}
