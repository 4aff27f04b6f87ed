/**
 * CRC32C (Castagnoli), the checksum of WAL records and pages. Slicing-by-8 over one lookup table:
 * eight bytes per step; no allocation per call except one typed-array view for long inputs.
 */
const POLY = 0x82f63b78;
/**
 * The eight slicing tables in one array, table k at [256k, 256k + 256): one typed array the
 * compiler keeps in a register is a quarter faster here than eight module-level arrays.
 */
const T = new Int32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  T[i] = c;
}
for (let i = 256; i < 8 * 256; i++) {
  const prev = T[i - 256]!;
  T[i] = (prev >>> 8) ^ T[prev & 0xff]!;
}

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
    for (; (bytes.byteOffset + i) & 3; i++) c = T[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    const pairs = (end - i) >>> 3;
    const view = given ? words! : new Uint32Array(bytes.buffer, bytes.byteOffset + i, pairs << 1);
    let w = given ? (bytes.byteOffset + i) >>> 2 : 0;
    for (const last = w + (pairs << 1); w < last; w += 2) {
      const lo = c ^ view[w]!;
      const hi = view[w + 1]!;
      c = slice8(lo, hi);
    }
    i += pairs << 3;
  }
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    c = slice8(lo, bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24));
  }
  for (; i < end; i++) c = T[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** One slicing-by-8 step: the CRC state after eight bytes, given as two little-endian words. */
function slice8(lo: number, hi: number): number {
  return (
    T[1792 + (lo & 0xff)]! ^
    T[1536 + ((lo >>> 8) & 0xff)]! ^
    T[1280 + ((lo >>> 16) & 0xff)]! ^
    T[1024 + (lo >>> 24)]! ^
    T[768 + (hi & 0xff)]! ^
    T[512 + ((hi >>> 8) & 0xff)]! ^
    T[256 + ((hi >>> 16) & 0xff)]! ^
    T[hi >>> 24]!
  );
}
