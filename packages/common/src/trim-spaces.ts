/**
 * C's isspace() set: what PostgreSQL's input functions skip around a value. JavaScript's
 * `trim()` also strips Unicode spaces (NBSP, U+2028, …) that PostgreSQL rejects, so input
 * functions use this instead.
 */

/** True for space, \t, \n, \v, \f, \r. */
export function isCSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** `s` without leading and trailing C whitespace; returns `s` itself when there is none. */
export function trimSpaces(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isCSpace(s.charCodeAt(start))) start++;
  while (end > start && isCSpace(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}
