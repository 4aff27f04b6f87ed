/**
 * The UTF-8 check PostgreSQL applies to text entering a UTF8 database (pg_verify_mbstr with
 * pg_utf8_islegal): no overlong forms, no surrogates, nothing above U+10FFFF, and an error naming
 * the bytes of the first bad character as report_invalid_encoding does. Used for the wire
 * protocol's strings and text parameters and for convert_from / convert.
 */
import { DbError } from './db-error.js';

/**
 * Throws 22021 unless `bytes[start, end)` is valid UTF-8, naming the offending bytes: those of the
 * first bad character, as many as its lead byte announces (bounded by what is left). With
 * `rejectNul` a 0x00 byte is bad too (text values cannot hold it; protocol strings end at it).
 */
export function checkUtf8(bytes: Uint8Array, start: number, end: number, rejectNul = false): void {
  const lowest = rejectNul ? 1 : 0;
  let i = start;
  // ASCII fast path: most text never leaves it.
  while (i < end && bytes[i]! < 0x80 && bytes[i]! >= lowest) i++;
  while (i < end) {
    const len = utf8CharLength(bytes[i]!);
    if (!isLegalUtf8Char(bytes, i, end, len, lowest)) {
      const shown: string[] = [];
      for (let j = i; j < Math.min(i + len, end); j++)
        shown.push(`0x${bytes[j]!.toString(16).padStart(2, '0')}`);
      throw new DbError('22021', `invalid byte sequence for encoding "UTF8": ${shown.join(' ')}`);
    }
    i += len;
  }
}

function utf8CharLength(lead: number): number {
  if (lead < 0x80) return 1;
  if ((lead & 0xe0) === 0xc0) return 2;
  if ((lead & 0xf0) === 0xe0) return 3;
  if ((lead & 0xf8) === 0xf0) return 4;
  return 1;
}

/** pg_utf8_islegal: no overlong forms, no surrogates, nothing above U+10FFFF. */
function isLegalUtf8Char(b: Uint8Array, i: number, end: number, len: number, lowest: number): boolean {
  if (i + len > end) return false;
  const lead = b[i]!;
  if (len === 1) return lead < 0x80 && lead >= lowest;
  for (let j = i + 1; j < i + len; j++) if ((b[j]! & 0xc0) !== 0x80) return false;
  const second = b[i + 1]!;
  switch (len) {
    case 2:
      return lead >= 0xc2;
    case 3:
      if (lead === 0xe0) return second >= 0xa0;
      if (lead === 0xed) return second <= 0x9f;
      return true;
    default:
      if (lead === 0xf0) return second >= 0x90;
      if (lead === 0xf4) return second <= 0x8f;
      return lead < 0xf4;
  }
}
