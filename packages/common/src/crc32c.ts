/**
 * CRC32C (Castagnoli), the checksum of WAL records and pages. Slicing-by-8 over lookup tables:
 * eight bytes per step; no allocation per call except one typed-array view for long inputs.
 */
const POLY = 0x82f63b78;
const TABLES: Uint32Array[] = [];
{
  const t0 = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
    t0[i] = c >>> 0;
  }
  TABLES.push(t0);
  for (let s = 1; s < 8; s++) {
    const prev = TABLES[s - 1]!;
    const t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) t[i] = (prev[i]! >>> 8) ^ t0[prev[i]! & 0xff]!;
    TABLES.push(t);
  }
}
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** Word-at-a-time loads read little-endian words: only valid on a little-endian machine. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** Below this many bytes a typed-array view costs more than it saves. */
const WORD_PATH_MIN = 256;

/**
 * Continues a CRC32C over `bytes[start, end)`. Start a fresh checksum with `crc = 0`;
 * chain calls by passing the previous result. Synchronous; long inputs (pages) are read two
 * 32-bit words per step through a Uint32Array view, short ones (WAL records) byte by byte.
 *
 * `words`, optional: a Uint32Array over the same ArrayBuffer as `bytes`, starting at byte 0 of
 * that buffer, that the caller keeps (the WAL over its record buffer); with it short inputs take
 * the word path too, since no view has to be made per call.
 */
export function crc32c(
  bytes: Uint8Array,
  crc = 0,
  start = 0,
  end = bytes.length,
  words?: Uint32Array,
): number {
  let c = ~crc >>> 0;
  let i = start;
  const given = words !== undefined && LITTLE_ENDIAN && end - start >= 16;
  if (given || (LITTLE_ENDIAN && end - start >= WORD_PATH_MIN)) {
    // Bytes up to a 4-byte boundary of the underlying buffer, then aligned words.
    for (; (bytes.byteOffset + i) & 3; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    const pairs = (end - i) >>> 3;
    const view = given ? words! : new Uint32Array(bytes.buffer, bytes.byteOffset + i, pairs << 1);
    let w = given ? (bytes.byteOffset + i) >>> 2 : 0;
    for (const last = w + (pairs << 1); w < last; w += 2) {
      const lo = (c ^ view[w]!) >>> 0;
      const hi = view[w + 1]!;
      c =
        T7[lo & 0xff]! ^
        T6[(lo >>> 8) & 0xff]! ^
        T5[(lo >>> 16) & 0xff]! ^
        T4[lo >>> 24]! ^
        T3[hi & 0xff]! ^
        T2[(hi >>> 8) & 0xff]! ^
        T1[(hi >>> 16) & 0xff]! ^
        T0[hi >>> 24]!;
    }
    i += pairs << 3;
  }
  for (; i + 8 <= end; i += 8) {
    const lo = (c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))) >>> 0;
    c =
      T7[lo & 0xff]! ^
      T6[(lo >>> 8) & 0xff]! ^
      T5[(lo >>> 16) & 0xff]! ^
      T4[lo >>> 24]! ^
      T3[bytes[i + 4]!]! ^
      T2[bytes[i + 5]!]! ^
      T1[bytes[i + 6]!]! ^
      T0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) c = T0[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
