/**
 * uuid: represented as its canonical text, 36 lowercase characters `xxxxxxxx-xxxx-…`, so
 * comparing the strings compares the 16 bytes (PostgreSQL's memcmp order) and equality is `===`.
 *
 * Input (uuid_in): 32 hex digits, either case, optionally in braces, with a hyphen allowed after
 * any group of four digits. Stored as the 16 bytes (row-codec.ts).
 */
import { randomUUID } from 'node:crypto';
import { invalidTextRepresentation } from './errors.js';

const HEX = '0123456789abcdef';

/** uuid_in. Throws 22P02 `invalid input syntax for type uuid: "x"`. */
export function parseUuid(text: string): string {
  let s = text;
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw invalidTextRepresentation('uuid', text);
    s = s.slice(1, -1);
  }
  let hex = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i].toLowerCase();
    if (HEX.includes(c)) hex += c;
    else if (c === '-' && hex.length % 4 === 0 && hex.length > 0 && i + 1 < s.length && s[i + 1] !== '-')
      continue;
    else throw invalidTextRepresentation('uuid', text);
  }
  if (hex.length !== 32) throw invalidTextRepresentation('uuid', text);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The 16 bytes of a canonical uuid string, into `out` at `pos`. */
export function uuidToBytes(uuid: string, out: Uint8Array, pos: number): void {
  let j = pos;
  for (let i = 0; i < uuid.length; i++) {
    if (uuid.charCodeAt(i) === 45) continue;
    out[j++] = (HEX.indexOf(uuid[i]) << 4) | HEX.indexOf(uuid[i + 1]);
    i++;
  }
}

/** The canonical string of 16 bytes at `pos`. */
export function uuidFromBytes(bytes: Uint8Array, pos: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    const b = bytes[pos + i];
    s += HEX[b >> 4] + HEX[b & 15];
  }
  return s;
}

/**
 * gen_random_uuid(): a version 4 (random) uuid, canonical lower-case text. node's randomUUID
 * draws from a buffered pool of CSPRNG bytes: one randomBytes(16) per call spent a third of a
 * `SELECT gen_random_uuid() FROM generate_series(…)` in randomFillSync (thirteenth session).
 */
export function randomUuid(): string {
  return randomUUID();
}
