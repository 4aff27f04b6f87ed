/**
 * json's `->`, `->>`, `#>` and `#>>` over the value's text: a json value keeps its text as
 * written (json_in only validates), and so do the members these operators return, as
 * PostgreSQL's json functions slice them out of the input rather than re-print them. A member
 * named twice in an object: the last one, as PostgreSQL's.
 */
import { jsonMembers, jsonMemberText } from './jsonb.js';

/** `->` with a text key: the member's text, or undefined (not an object, no such key). */
export function jsonTextField(text: string, key: string): string | undefined {
  const m = jsonMembers(text);
  if (m.kind !== 'object') return undefined;
  const i = m.keys.lastIndexOf(key);
  return i < 0 ? undefined : m.values[i];
}

/** `->` with an int: the element's text (negative from the end), or undefined. */
export function jsonTextElement(text: string, index: number): string | undefined {
  const m = jsonMembers(text);
  if (m.kind !== 'array') return undefined;
  const i = index < 0 ? m.values.length + index : index;
  return i >= 0 && i < m.values.length ? m.values[i] : undefined;
}

/** `#>`: follows keys (objects) and integer indexes (arrays); an empty path is the whole value. */
export function jsonTextPath(text: string, path: readonly (string | null)[]): string | undefined {
  let cur: string | undefined = text;
  for (const p of path) {
    if (cur === undefined || p === null) return undefined;
    const m = jsonMembers(cur);
    if (m.kind === 'array') {
      if (!/^\s*-?\d+\s*$/.test(p)) return undefined;
      const n = Number(p);
      const i = n < 0 ? m.values.length + n : n;
      cur = i >= 0 && i < m.values.length ? m.values[i] : undefined;
    } else if (m.kind === 'object') {
      const i = m.keys.lastIndexOf(p);
      cur = i < 0 ? undefined : m.values[i];
    } else return undefined;
  }
  return cur;
}

/** `->>` / `#>>` of a member found (undefined: NULL). */
export const jsonTextOf = (member: string | undefined): string | null =>
  member === undefined ? null : jsonMemberText(member);
