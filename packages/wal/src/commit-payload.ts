/**
 * The payload of a plain commit record (no sub-xids), encoded by hand: every writing autocommit
 * statement appends one, and going through msgpackr cost an array, the encoder's bookkeeping and
 * ~1.5% of a warm point UPDATE's CPU. The bytes are exactly msgpackr's for `[xid, time]` (the
 * reader decodes them with msgpackr as before): a fixarray of two, the xid as msgpack's smallest
 * unsigned integer form, and the time (milliseconds since 1970, past 2^32) as a float64.
 */

/** Scratch buffer of the payload: at most 1 + 5 + 9 bytes. Reused; callers copy it at once. */
const scratch = new Uint8Array(15);
const view = new DataView(scratch.buffer);

/**
 * The msgpack payload `[xid, time]` in a shared scratch buffer (valid until the next call), or
 * undefined when `xid` or `time` is outside the forms above (the caller then uses msgpackr).
 * Synchronous; allocates nothing but the returned view.
 */
export function encodeCommitPayload(xid: number, time: number): Uint8Array | undefined {
  if (!Number.isInteger(xid) || xid < 0 || xid > 0xffffffff) return undefined;
  // msgpackr writes integers up to 2^32 - 1 as integers; later times (all since 2106) as float64.
  if (!Number.isInteger(time) || time <= 0xffffffff || time > Number.MAX_SAFE_INTEGER) return undefined;
  scratch[0] = 0x92;
  let at = 1;
  if (xid < 0x80) {
    scratch[at++] = xid;
  } else if (xid < 0x100) {
    scratch[at++] = 0xcc;
    scratch[at++] = xid;
  } else if (xid < 0x10000) {
    scratch[at++] = 0xcd;
    view.setUint16(at, xid);
    at += 2;
  } else {
    scratch[at++] = 0xce;
    view.setUint32(at, xid);
    at += 4;
  }
  scratch[at++] = 0xcb;
  view.setFloat64(at, time);
  at += 8;
  return scratch.subarray(0, at);
}
