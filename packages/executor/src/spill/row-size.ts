/**
 * Memory estimates for rows held by spilling operators. The budget (`work_mem`) bounds the
 * JavaScript heap the rows occupy, so the estimate follows V8's layout roughly (pointer slots,
 * heap numbers, string headers) instead of the rows' encoded length: cheap (no encoding, no
 * allocation) and close enough to decide when to spill.
 */
import { Interval, Jsonb, Numeric, type Row, SqlArray, type Value } from '@rustydb/common';

/** An array object and its header: what a row costs before its values. */
const ROW_OVERHEAD = 32;
/** One pointer slot in the row's backing store. */
const SLOT = 8;

/** Estimated heap bytes of one value beyond its slot (the value's own objects). Synchronous. */
export function estimateValueSize(v: Value): number {
  if (v === null) return 0;
  switch (typeof v) {
    case 'boolean':
      return 0;
    case 'number':
      return 16; // a HeapNumber unless a small integer; count it always
    case 'bigint':
      return 24;
    case 'string':
      return 16 + v.length; // sequential one-byte string (two-byte strings are rarer)
    default:
      if (v instanceof Uint8Array) return 96 + v.length; // view + ArrayBuffer headers
      if (v instanceof Numeric) return 64;
      if (v instanceof Interval) return 56;
      if (v instanceof SqlArray) {
        let n = 96;
        for (const e of v.elements) n += SLOT + estimateValueSize(e);
        return n;
      }
      if (v instanceof Jsonb) return 128;
      return 64;
  }
}

/**
 * Estimated heap bytes of `row` (the array and the values it references). Synchronous, no
 * allocation. An estimate only: shared strings are counted once per row.
 */
export function estimateRowSize(row: Row): number {
  let n = ROW_OVERHEAD + SLOT * row.length;
  for (let i = 0; i < row.length; i++) n += estimateValueSize(row[i]);
  return n;
}
