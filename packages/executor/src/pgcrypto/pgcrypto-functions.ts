/**
 * The functions of the pgcrypto extension (PostgreSQL 15's contrib/pgcrypto 1.3), available while
 * `CREATE EXTENSION pgcrypto` is installed (the planner checks that): digest and hmac over
 * OpenSSL's hash algorithms, gen_random_bytes, crypt() and gen_salt() for the bcrypt (`bf`) and
 * MD5 (`md5`) algorithms, and the raw AES ciphers of encrypt / decrypt / encrypt_iv /
 * decrypt_iv. Messages and SQLSTATEs are pgcrypto's.
 *
 * Not provided: the OpenPGP functions (pgp_*, armor, dearmor), and crypt() / gen_salt() with the
 * DES-based `des` and `xdes` algorithms (0A000). The Blowfish, DES and CAST5 ciphers of encrypt()
 * fail as they do in a PostgreSQL 15 built against OpenSSL 3 without its legacy provider
 * (Debian's): `encrypt error: Cipher cannot be initialized`.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  getHashes,
  randomBytes,
} from 'node:crypto';
import { DbError, randomUuid } from '@rustydb/common';
import type { Impl } from '../date-time-functions.js';
import { bcrypt, encode64 } from './bcrypt.js';
import { md5Crypt } from './md5-crypt.js';

const utf8 = (v: unknown): Uint8Array => Buffer.from(v as string, 'utf8');
const bytes = (v: unknown): Uint8Array => v as Uint8Array;

let hashes: ReadonlySet<string> | undefined;

/** OpenSSL's name for hash `type` (case-insensitive, as EVP_get_digestbyname), or 22023. */
function hashName(type: string): string {
  hashes ??= new Set(getHashes().map((h) => h.toLowerCase()));
  const name = type.toLowerCase();
  if (!hashes.has(name)) throw new DbError('22023', `Cannot use "${type}": No such hash algorithm`);
  return name;
}

function digest(data: Uint8Array, type: string): Uint8Array {
  return new Uint8Array(createHash(hashName(type)).update(data).digest());
}

function hmac(data: Uint8Array, key: Uint8Array, type: string): Uint8Array {
  return new Uint8Array(createHmac(hashName(type), key).update(data).digest());
}

function genRandomBytes(n: number): Uint8Array {
  if (n < 1 || n > 1024) throw new DbError('39000', 'Length not in range');
  return new Uint8Array(randomBytes(n));
}

const BF_DEFAULT_ROUNDS = 6;
const MD5_ROUNDS = 1000;
/** crypt(3)'s base-64 alphabet (the MD5 salt's characters). */
const CRYPT_ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const badRounds = () => new DbError('22023', 'gen_salt: Incorrect number of rounds');
const desUnsupported = () =>
  new DbError('0A000', 'the DES-based crypt() algorithms (des, xdes) are not supported');

/** gen_salt(type[, rounds]): a new random salt for crypt(); rounds 0 means the default. */
function genSalt(type: string, rounds: number): string {
  switch (type.toLowerCase()) {
    case 'bf': {
      const r = rounds === 0 ? BF_DEFAULT_ROUNDS : rounds;
      if (r < 4 || r > 31) throw badRounds();
      return `$2a$${String(r).padStart(2, '0')}$${encode64(randomBytes(16))}`;
    }
    case 'md5': {
      if (rounds !== 0 && rounds !== MD5_ROUNDS) throw badRounds();
      const b = randomBytes(6);
      let out = '$1$';
      for (const v of [b[0]! | (b[1]! << 8) | (b[2]! << 16), b[3]! | (b[4]! << 8) | (b[5]! << 16)]) {
        for (let i = 0, x = v; i < 4; i++, x >>>= 6) out += CRYPT_ITOA64[x & 0x3f];
      }
      return out;
    }
    case 'des':
    case 'xdes':
      throw desUnsupported();
    default:
      throw new DbError('22023', 'gen_salt: Unknown salt algorithm');
  }
}

const invalidSalt = () => new DbError('22023', 'invalid salt');

/** crypt(password, salt): the algorithm is the salt's prefix, as pgcrypto's px_crypt picks it. */
function crypt(password: string, salt: string): string {
  const pw = utf8(password);
  if (salt.startsWith('$2a$') || salt.startsWith('$2x$')) {
    const out = bcrypt(pw, salt);
    if (out === undefined) throw invalidSalt();
    return out;
  }
  // `$2$` (bcrypt's first version) has no implementation in pgcrypto: px_crypt returns NULL.
  if (salt.startsWith('$2$')) throw new DbError('39000', 'crypt(3) returned NULL');
  if (salt.startsWith('$1$')) return md5Crypt(pw, salt);
  // Anything else is a DES salt: `_` + 8 characters (extended), or 2 characters.
  if (salt.length < (salt.startsWith('_') ? 9 : 2)) throw invalidSalt();
  throw desUnsupported();
}

/** A parsed encrypt() type: `aes[-cbc|-ecb][/pad:pkcs|none]`. */
interface Cipher {
  readonly mode: 'cbc' | 'ecb';
  readonly padding: boolean;
}

/** pgcrypto's cipher names and aliases; the legacy ones (null) cannot be initialised. */
const CIPHERS: ReadonlyMap<string, 'cbc' | 'ecb' | null> = new Map([
  ['aes', 'cbc'],
  ['aes-cbc', 'cbc'],
  ['aes-ecb', 'ecb'],
  ['rijndael', 'cbc'],
  ['rijndael-cbc', 'cbc'],
  ['rijndael-ecb', 'ecb'],
  ...[
    'bf',
    'bf-cbc',
    'bf-ecb',
    'bf-cfb',
    'blowfish',
    'blowfish-cbc',
    'blowfish-ecb',
    'blowfish-cfb',
    'des',
    'des-cbc',
    'des-ecb',
    '3des',
    'des3',
    'des3-cbc',
    'des3-ecb',
    'cast5',
    'cast5-cbc',
    'cast5-ecb',
  ].map((n) => [n, null] as const),
]);

function parseCipher(type: string, what: 'encrypt' | 'decrypt'): Cipher {
  const unknown = () => new DbError('22023', `Cannot use "${type}": No such cipher algorithm`);
  const [name, ...options] = type.toLowerCase().split('/');
  let padding = true;
  for (const o of options) {
    if (o === 'pad:pkcs') padding = true;
    else if (o === 'pad:none') padding = false;
    else throw unknown();
  }
  const mode = CIPHERS.get(name!);
  if (mode === undefined) throw unknown();
  if (mode === null) throw new DbError('39000', `${what} error: Cipher cannot be initialized`);
  return { mode, padding };
}

/** The AES key pgcrypto uses: zero-padded to 16, 24 or 32 bytes by length, at most 32 kept. */
function aesKey(key: Uint8Array): Buffer {
  const size = key.length <= 16 ? 16 : key.length <= 24 ? 24 : 32;
  const out = Buffer.alloc(size);
  out.set(key.subarray(0, size));
  return out;
}

function aes(
  what: 'encrypt' | 'decrypt',
  data: Uint8Array,
  keyBytes: Uint8Array,
  ivBytes: Uint8Array | undefined,
  type: string,
): Uint8Array {
  const c = parseCipher(type, what);
  const key = aesKey(keyBytes);
  const algorithm = `aes-${key.length * 8}-${c.mode}`;
  let iv: Buffer | null = null;
  if (c.mode === 'cbc') {
    iv = Buffer.alloc(16);
    if (ivBytes !== undefined) iv.set(ivBytes.subarray(0, 16));
  }
  try {
    const cipher =
      what === 'encrypt' ? createCipheriv(algorithm, key, iv) : createDecipheriv(algorithm, key, iv);
    cipher.setAutoPadding(c.padding);
    return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
  } catch {
    throw new DbError(
      '39000',
      what === 'encrypt' ? 'encrypt error: Encryption failed' : 'decrypt error: Decryption failed',
    );
  }
}

/** The implementation of a pgcrypto function, or undefined for another name. */
export function pgcryptoFunction(name: string, argTypes: readonly { name: string }[]): Impl | undefined {
  const text = argTypes[0]?.name === 'text';
  switch (name) {
    case 'digest':
      return ([d, t]) => digest(text ? utf8(d) : bytes(d), t as string);
    case 'hmac':
      return text
        ? ([d, k, t]) => hmac(utf8(d), utf8(k), t as string)
        : ([d, k, t]) => hmac(bytes(d), bytes(k), t as string);
    case 'gen_random_bytes':
      return ([n]) => genRandomBytes(n as number);
    case 'gen_random_uuid':
      return () => randomUuid();
    case 'gen_salt':
      return ([t, r]) => genSalt(t as string, argTypes.length > 1 ? (r as number) : 0);
    case 'crypt':
      return ([p, s]) => crypt(p as string, s as string);
    case 'encrypt':
      return ([d, k, t]) => aes('encrypt', bytes(d), bytes(k), undefined, t as string);
    case 'decrypt':
      return ([d, k, t]) => aes('decrypt', bytes(d), bytes(k), undefined, t as string);
    case 'encrypt_iv':
      return ([d, k, iv, t]) => aes('encrypt', bytes(d), bytes(k), bytes(iv), t as string);
    case 'decrypt_iv':
      return ([d, k, iv, t]) => aes('decrypt', bytes(d), bytes(k), bytes(iv), t as string);
    default:
      return undefined;
  }
}
