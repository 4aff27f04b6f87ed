/**
 * convert_to(text, encoding), convert_from(bytea, encoding) and convert(bytea, from, to) for the
 * encodings RustyDB converts: UTF8 (the server encoding), SQL_ASCII (bytes taken as they are,
 * then checked as UTF8, as PostgreSQL checks them in a UTF8 database) and LATIN1. Encoding names
 * are matched as PostgreSQL's pg_char_to_encoding matches them: case and punctuation ignored
 * (`utf-8`, `Unicode`, `iso-8859-1`). PostgreSQL's other encodings are 0A000.
 */
import { checkUtf8, DbError } from '@rustydb/common';
import type { Impl } from './date-time-functions.js';

type Encoding = 'UTF8' | 'SQL_ASCII' | 'LATIN1';

/** PostgreSQL's encoding names (and aliases) in their cleaned form, to the ones RustyDB converts. */
const CONVERTED: ReadonlyMap<string, Encoding> = new Map([
  ['utf8', 'UTF8'],
  ['unicode', 'UTF8'],
  ['sqlascii', 'SQL_ASCII'],
  ['latin1', 'LATIN1'],
  ['iso88591', 'LATIN1'],
]);

/** PostgreSQL's other encodings (pg_wchar.h's names, cleaned), which RustyDB does not convert. */
const OTHERS: ReadonlySet<string> = new Set(
  [
    ...['EUC_JP', 'EUC_CN', 'EUC_KR', 'EUC_TW', 'EUC_JIS_2004', 'MULE_INTERNAL', 'KOI8R', 'KOI8U'],
    ...['LATIN2', 'LATIN3', 'LATIN4', 'LATIN5', 'LATIN6', 'LATIN7', 'LATIN8', 'LATIN9', 'LATIN10'],
    ...['WIN1250', 'WIN1251', 'WIN1252', 'WIN1253', 'WIN1254', 'WIN1255', 'WIN1256', 'WIN1257'],
    ...['WIN1258', 'WIN866', 'WIN874', 'ISO_8859_5', 'ISO_8859_6', 'ISO_8859_7', 'ISO_8859_8'],
    ...['SJIS', 'BIG5', 'GBK', 'UHC', 'GB18030', 'JOHAB', 'SHIFT_JIS_2004'],
  ].map(clean),
);

function clean(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function encodingOf(name: string, role: 'source' | 'destination'): Encoding {
  const c = clean(name);
  const e = CONVERTED.get(c);
  if (e !== undefined) return e;
  if (OTHERS.has(c)) throw new DbError('0A000', `conversion to and from encoding "${name}" is not supported`);
  throw new DbError('22023', `invalid ${role} encoding name "${name}"`);
}

const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');

/** `bytes` as UTF-8 text; 22021 naming the first bad sequence (NUL included), as PostgreSQL. */
function checkedUtf8(bytes: Uint8Array): string {
  checkUtf8(bytes, 0, bytes.length, true);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** Text from `bytes` in encoding `e`. */
function decode(bytes: Uint8Array, e: Encoding): string {
  if (e !== 'LATIN1') return checkedUtf8(bytes);
  const zero = bytes.indexOf(0);
  if (zero >= 0) throw new DbError('22021', 'invalid byte sequence for encoding "LATIN1": 0x00');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** `text`'s bytes in encoding `e`; 22P05 for a character LATIN1 has no byte for. */
function encode(text: string, e: Encoding): Uint8Array {
  if (e !== 'LATIN1') return new Uint8Array(Buffer.from(text, 'utf8'));
  const out = new Uint8Array(text.length);
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0xff) {
      throw new DbError(
        '22P05',
        `character with byte sequence ${hex(Buffer.from(ch, 'utf8'))} in encoding "UTF8" has no equivalent in encoding "LATIN1"`,
      );
    }
    out[n++] = cp;
  }
  return out.subarray(0, n);
}

/** The implementation of convert_to / convert_from / convert, or undefined for another name. */
export function convertFunction(name: string): Impl | undefined {
  switch (name) {
    case 'convert_to':
      return ([t, to]) => encode(t as string, encodingOf(to as string, 'destination'));
    case 'convert_from':
      return ([b, from]) => decode(b as Uint8Array, encodingOf(from as string, 'source'));
    case 'convert':
      return ([b, from, to]) => {
        const source = encodingOf(from as string, 'source');
        const destination = encodingOf(to as string, 'destination');
        return encode(decode(b as Uint8Array, source), destination);
      };
    default:
      return undefined;
  }
}
