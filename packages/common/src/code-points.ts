/**
 * Characters as PostgreSQL counts them in UTF-8: code points, where a JavaScript string has UTF-16
 * code units (a character above U+FFFF is a surrogate pair). These walk a string by index, without
 * spreading it into an array of characters. A lone surrogate counts as one character.
 */

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** The number of characters (code points) in `s`, or in its first `end` code units. */
export function codePointLength(s: string, end = s.length): number {
  // Every unit counts but the low half of a pair: one compare per unit on the common path
  // (varchar(n) checks every value stored).
  let n = end;
  for (let i = 0; i < end - 1; i++) {
    if (isHigh(s.charCodeAt(i)) && isLow(s.charCodeAt(i + 1))) {
      n--;
      i++;
    }
  }
  return n;
}

/**
 * The code-unit index where character number `n` (0-based) counted from code-unit index `from`
 * starts; `s.length` when `s` has fewer.
 */
export function codePointOffset(s: string, n: number, from = 0): number {
  let i = from;
  for (let k = 0; k < n && i < s.length; k++) i += codePointWidth(s, i);
  return i;
}

/** The code-unit length (1 or 2) of the character starting at index `i`. */
export function codePointWidth(s: string, i: number): number {
  return isHigh(s.charCodeAt(i)) && i + 1 < s.length && isLow(s.charCodeAt(i + 1)) ? 2 : 1;
}

/** The code-unit length (1 or 2) of the character ending just before index `end`. */
export function codePointWidthBefore(s: string, end: number): number {
  return end >= 2 && isLow(s.charCodeAt(end - 1)) && isHigh(s.charCodeAt(end - 2)) ? 2 : 1;
}
