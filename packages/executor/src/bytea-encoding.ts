/**
 * encode(bytea, format) and decode(text, format) for PostgreSQL's formats (encode.c): `hex`,
 * `base64` (lines of at most 76 characters, as PostgreSQL writes them) and `escape` (bytes 0 and
 * 0x80–0xff as `\ooo`, a backslash doubled). The format name is case-insensitive.
 */
import { DbError, parseBytea } from '@rustydb/common';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

function unknownFormat(format: string): never {
  throw new DbError('22023', `unrecognized encoding: "${format}"`);
}

/** encode(bytes, format). Throws 22023 for an unknown format. */
export function encodeBytes(bytes: Uint8Array, format: string): string {
  switch (format.toLowerCase()) {
    case 'hex':
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    case 'base64': {
      const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      return text.replace(/.{76}(?=.)/g, '$&\n');
    }
    case 'escape':
      return escapeEncode(bytes);
    default:
      return unknownFormat(format);
  }
}

/** decode(text, format). Throws 22023 for an unknown format or malformed input. */
export function decodeText(text: string, format: string): Uint8Array {
  switch (format.toLowerCase()) {
    case 'hex':
      return hexDecode(text);
    case 'base64':
      return base64Decode(text);
    case 'escape':
      // byteain's escape format, without its `\x` hex form (a `\x` is invalid here).
      if (text.startsWith('\\x')) throw new DbError('22P02', 'invalid input syntax for type bytea');
      return parseBytea(text);
    default:
      return unknownFormat(format);
  }
}

function escapeEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b === 0x5c) out += '\\\\';
    else if (b === 0 || b >= 0x80) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

function hexDigit(c: string): number {
  const v = Number.parseInt(c, 16);
  if (Number.isNaN(v)) throw new DbError('22023', `invalid hexadecimal digit: "${c}"`);
  return v;
}

/** hex_decode: digit pairs, white space allowed between pairs. */
function hexDecode(text: string): Uint8Array {
  const out = new Uint8Array(text.length >> 1);
  let n = 0;
  for (let i = 0; i < text.length; ) {
    if (isSpace(text[i])) {
      i++;
      continue;
    }
    const hi = hexDigit(text[i++]);
    if (i >= text.length) throw new DbError('22023', 'invalid hexadecimal data: odd number of digits');
    out[n++] = (hi << 4) | hexDigit(text[i++]);
  }
  return out.slice(0, n);
}

function badBase64End(): never {
  throw new DbError('22023', 'invalid base64 end sequence', {
    hint: 'Input data is missing padding, is truncated, or is otherwise corrupted.',
  });
}

/** pg_base64_decode: white space ignored, `=` padding only at the end of a quantum. */
function base64Decode(text: string): Uint8Array {
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
  let n = 0;
  let buf = 0;
  let pos = 0;
  let end = 0;
  for (const c of text) {
    if (isSpace(c)) continue;
    let b = 0;
    if (c === '=') {
      if (end === 0) {
        if (pos === 2) end = 1;
        else if (pos === 3) end = 2;
        else throw new DbError('22023', 'unexpected "=" while decoding base64 sequence');
      }
    } else {
      const code = c.codePointAt(0)!;
      b = code < 128 ? B64_VALUE[code] : -1;
      if (b < 0) throw new DbError('22023', `invalid symbol "${c}" found while decoding base64 sequence`);
      if (end) badBase64End();
    }
    buf = (buf << 6) | b;
    if (++pos === 4) {
      out[n++] = (buf >> 16) & 0xff;
      if (end === 0 || end > 1) out[n++] = (buf >> 8) & 0xff;
      if (end === 0 || end > 2) out[n++] = buf & 0xff;
      buf = 0;
      pos = 0;
    }
  }
  if (pos !== 0) badBase64End();
  return out.slice(0, n);
}
