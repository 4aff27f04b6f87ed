/**
 * Text functions count characters as PostgreSQL does in UTF-8: code points, not UTF-16 code
 * units. These helpers walk a string's code points by index instead of spreading it into an array
 * (`Array.from(s)`), which costs an allocation per character and, for a string of a hundred
 * million characters, asks V8 for an array it cannot hold. (Counting them is common's
 * `codePointLength`.)
 */
import { arraySizeExceeded, DbError, MAX_ARRAY_ELEMENTS } from '@rustydb/common';

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * The code-unit index where code point number `n` (0-based) counted from code-unit index `from`
 * starts; `s.length` past the end.
 */
export function codePointOffset(s: string, n: number, from = 0): number {
  let i = from;
  for (let k = 0; k < n && i < s.length; k++) {
    i += isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** The code-unit length of the code point starting at `i` (1 or 2). */
export function codePointWidth(s: string, i: number): number {
  return isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
}

/** The code-unit length of the code point ending just before `end` (1 or 2). */
export function codePointWidthBefore(s: string, end: number): number {
  return end >= 2 && isLow(s.charCodeAt(end - 1)) && isHigh(s.charCodeAt(end - 2)) ? 2 : 1;
}

/**
 * `s` as an array of code points, for the functions that need random access to characters
 * (patterns, translate's maps, overlay). 54000 for a string whose array V8 could not hold.
 */
export function codePointArray(s: string): string[] {
  if (s.length > MAX_ARRAY_ELEMENTS) throw new DbError('54000', 'requested length too large');
  return Array.from(s);
}

/** `s` with its code points in reverse order. */
export function reverseCodePoints(s: string): string {
  if (s.length < 2) return s;
  const out = new Uint16Array(s.length);
  let o = 0;
  for (let end = s.length; end > 0; ) {
    const w = codePointWidthBefore(s, end);
    for (let i = end - w; i < end; i++) out[o++] = s.charCodeAt(i);
    end -= w;
  }
  const chunks: string[] = [];
  for (let a = 0; a < out.length; a += CHUNK) {
    chunks.push(String.fromCharCode.apply(null, out.subarray(a, a + CHUNK) as unknown as number[]));
  }
  return chunks.join('');
}

/** Code units per String.fromCharCode call: well below the engine's argument limit. */
const CHUNK = 8192;

/**
 * `s.split(delim)` (`delim` not empty), or 54000 when the pieces would be more than an array may
 * hold: V8 aborts the process on a split whose result it cannot allocate, so a string long enough
 * to get there has its delimiters counted first.
 */
export function splitBounded(s: string, delim: string): string[] {
  if (s.length / delim.length >= MAX_ARRAY_ELEMENTS) {
    let pieces = 1;
    for (let i = s.indexOf(delim); i >= 0; i = s.indexOf(delim, i + delim.length)) {
      if (++pieces > MAX_ARRAY_ELEMENTS) throw arraySizeExceeded();
    }
  }
  return s.split(delim);
}
