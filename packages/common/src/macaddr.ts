/**
 * macaddr: represented as its canonical text `08:00:2b:01:02:03` (lowercase, colon-separated),
 * so comparing the strings compares the 6 bytes and equality is `===`. Stored and sent in binary
 * as the 6 bytes.
 *
 * Input (macaddr_in): six hex bytes as `xx:xx:xx:xx:xx:xx`, `xx-xx-xx-xx-xx-xx`,
 * `xxxxxx:xxxxxx`, `xxxxxx-xxxxxx`, `xxxx.xxxx.xxxx`, `xxxx-xxxx-xxxx` or `xxxxxxxxxxxx`,
 * either case, with surrounding spaces allowed.
 */
import { invalidTextRepresentation } from './errors.js';

const FORMS: readonly RegExp[] = [
  /^([0-9a-f]{1,2})([:-])([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})\2([0-9a-f]{1,2})$/i,
  /^([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})[:-]([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i,
  /^([0-9a-f]{2})([0-9a-f]{2})\.([0-9a-f]{2})([0-9a-f]{2})\.([0-9a-f]{2})([0-9a-f]{2})$/i,
  /^([0-9a-f]{2})([0-9a-f]{2})-([0-9a-f]{2})([0-9a-f]{2})-([0-9a-f]{2})([0-9a-f]{2})$/i,
  /^([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i,
];

/** macaddr_in. Throws 22P02 `invalid input syntax for type macaddr: "x"`. */
export function parseMacaddr(text: string): string {
  const s = text.trim();
  for (const form of FORMS) {
    const m = form.exec(s);
    if (m === null) continue;
    const hex = m.slice(1).filter((g) => g !== ':' && g !== '-');
    return formatMacaddr(Uint8Array.from(hex, (h) => Number.parseInt(h, 16)));
  }
  throw invalidTextRepresentation('macaddr', text);
}

/** The canonical text of six bytes. */
export function formatMacaddr(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += (i > 0 ? ':' : '') + bytes[i].toString(16).padStart(2, '0');
  return s;
}

/** The six bytes of a canonical macaddr. */
export function macaddrBytes(value: string): Uint8Array {
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) out[i] = Number.parseInt(value.slice(3 * i, 3 * i + 2), 16);
  return out;
}
