/**
 * SASLprep (RFC 4013, the "stringprep" profile of RFC 3454) as PostgreSQL applies it to
 * passwords before SCRAM hashing (src/common/saslprep.c), so a verifier computed here is
 * byte-identical to one a PostgreSQL 15 server stores for the same password and salt.
 *
 * PostgreSQL's steps, which we follow in the same order:
 * 1. Password longer than 1024 bytes: ERROR 54000 `password too long`.
 * 2. Pure ASCII input is returned unchanged (NB: even ASCII control characters pass).
 * 3. Invalid UTF-8: fails (the caller then hashes the raw bytes).
 * 4. Map: non-ASCII spaces (table C.1.2) become U+0020, "commonly mapped to nothing"
 *    characters (table B.1) are dropped. Nothing left: fails ("don't allow empty password").
 * 5. Normalize with NFKC.
 * 6. Prohibit: tables C.1.2, C.2.1, C.2.2, C.3–C.9 and unassigned code points (A.1).
 *    NB: PostgreSQL checks the mapped characters from step 4, *not* the normalized output of
 *    step 5; we copy that so that the fallback decision matches.
 * 7. Bidi check (tables D.1/D.2).
 *
 * What we simplify, and why it rarely matters: the bidi check (step 7) is skipped, and
 * "unassigned" (A.1, defined against Unicode 3.2) is approximated by the running Node's
 * `\p{Cn}` (unassigned in today's Unicode, a subset of A.1); NFKC also uses today's Unicode.
 * A difference from PostgreSQL needs a password that both trips one of those checks *and*
 * changes under NFKC (e.g. fullwidth letters next to an emoji): PostgreSQL then falls back to
 * the raw bytes where we use the normalized form, and the two verifiers differ. Passwords that
 * NFKC leaves alone hash the same either way. saslprep.test.ts pins both facts.
 *
 * @see https://www.postgresql.org/docs/15/sasl-authentication.html
 */
import { DbError } from '@rustydb/common';

/** PostgreSQL's MAX_PASSWORD_LENGTH: longer passwords are refused before SASLprep. */
export const MAX_PASSWORD_LENGTH = 1024;

/** The outcome of SASLprep: the prepared string, or why PostgreSQL would fall back to raw bytes. */
export type SaslprepResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly reason: 'invalid-utf8' | 'prohibited' };

type Ranges = readonly (readonly [number, number])[];

/** RFC 3454 C.1.2: non-ASCII space characters (mapped to U+0020, and prohibited in output). */
const NON_ASCII_SPACE: Ranges = [
  [0x00a0, 0x00a0],
  [0x1680, 0x1680],
  [0x2000, 0x200b],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
];

/** RFC 3454 B.1: commonly mapped to nothing. */
const MAPPED_TO_NOTHING: Ranges = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x1806, 0x1806],
  [0x180b, 0x180d],
  [0x200b, 0x200d],
  [0x2060, 0x2060],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
];

/** RFC 3454 C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8, C.9 (PostgreSQL's prohibited_output_ranges). */
const PROHIBITED: Ranges = [
  ...NON_ASCII_SPACE,
  // C.2.1 ASCII control characters
  [0x0000, 0x001f],
  [0x007f, 0x007f],
  // C.2.2 non-ASCII control characters
  [0x0080, 0x009f],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x180e, 0x180e],
  [0x200c, 0x200d],
  [0x2028, 0x2029],
  [0x2060, 0x2063],
  [0x206a, 0x206f],
  [0xfeff, 0xfeff],
  [0xfff9, 0xfffc],
  [0x1d173, 0x1d17a],
  // C.3 private use
  [0xe000, 0xf8ff],
  [0xf0000, 0xffffd],
  [0x100000, 0x10fffd],
  // C.4 non-character code points (the U+nFFFE/U+nFFFF pairs are checked arithmetically below)
  [0xfdd0, 0xfdef],
  // C.5 surrogate codes
  [0xd800, 0xdfff],
  // C.6 inappropriate for plain text
  [0xfff9, 0xfffd],
  // C.7 inappropriate for canonical representation
  [0x2ff0, 0x2ffb],
  // C.8 change display properties or deprecated
  [0x0340, 0x0341],
  [0x200e, 0x200f],
  [0x202a, 0x202e],
  // C.9 tagging characters
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
];

const UNASSIGNED = /\p{Cn}/u;

function inRanges(code: number, ranges: Ranges): boolean {
  for (const [lo, hi] of ranges) if (code >= lo && code <= hi) return true;
  return false;
}

function isProhibited(code: number): boolean {
  if ((code & 0xfffe) === 0xfffe) return true; // C.4: U+FFFE, U+FFFF, U+1FFFE … U+10FFFF
  if (inRanges(code, PROHIBITED)) return true;
  return UNASSIGNED.test(String.fromCodePoint(code));
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b > 0x7f) return false;
  return true;
}

/**
 * Prepares a password with SASLprep, PostgreSQL's way. Sync; never logs its input.
 * A string is taken as its UTF-8 encoding (NB: a lone surrogate becomes U+FFFD there, so it
 * cannot reach the invalid-UTF-8 path; bytes can).
 * @throws DbError 54000 `password too long` (more than 1024 bytes), as PostgreSQL does.
 */
export function saslprep(password: string | Uint8Array): SaslprepResult {
  const bytes = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  if (bytes.length > MAX_PASSWORD_LENGTH) throw new DbError('54000', 'password too long');
  if (isAscii(bytes)) return { ok: true, value: Buffer.from(bytes).toString('latin1') };
  let text: string;
  try {
    text = utf8Decoder.decode(bytes);
  } catch (err) {
    if (err instanceof TypeError) return { ok: false, reason: 'invalid-utf8' };
    throw err;
  }
  // 1) Map.
  const mapped: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (inRanges(code, NON_ASCII_SPACE)) mapped.push(0x20);
    else if (!inRanges(code, MAPPED_TO_NOTHING)) mapped.push(code);
  }
  if (mapped.length === 0) return { ok: false, reason: 'prohibited' };
  // 3) Prohibit — over the mapped characters, as PostgreSQL does (see the file comment).
  for (const code of mapped) if (isProhibited(code)) return { ok: false, reason: 'prohibited' };
  // 2) Normalize.
  return { ok: true, value: String.fromCodePoint(...mapped).normalize('NFKC') };
}

/**
 * The bytes SCRAM hashes for `password`: its SASLprep form in UTF-8, or, where SASLprep fails,
 * the raw bytes (PostgreSQL's fallback, so such passwords still work from clients that send
 * them unprepared). Sync. Returns a fresh Buffer the caller owns.
 * @throws DbError 54000 `password too long`.
 */
export function scramPasswordBytes(password: string | Uint8Array): Buffer {
  const prepared = saslprep(password);
  if (prepared.ok) return Buffer.from(prepared.value, 'utf8');
  return typeof password === 'string' ? Buffer.from(password, 'utf8') : Buffer.from(password);
}
