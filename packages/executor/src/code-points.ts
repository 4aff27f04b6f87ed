/**
 * Text functions count characters as PostgreSQL does in UTF-8: code points, not UTF-16 code
 * units, walked by index with common's code-points.ts (`codePointOffset`, `codePointWidth`, …)
 * rather than by spreading a string into an array (`Array.from(s)`), which costs an allocation
 * per character and, for a string of a hundred million characters, asks V8 for an array it
 * cannot hold. What is here needs an array or more than one string: those that must have
 * random access to characters, reversing, and splitting with a bound.
 */
import { arraySizeExceeded, codePointWidthBefore, DbError, MAX_ARRAY_ELEMENTS } from '@rustydb/common';

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
