/**
 * SCRAM-SHA-256 verifiers ("secrets") in PostgreSQL's stored format (pg_authid.rolpassword):
 *
 *   SCRAM-SHA-256$<iterations>:<salt base64>$<StoredKey base64>:<ServerKey base64>
 *
 * RFC 5802's key derivation, with H = SHA-256 and HMAC = HMAC-SHA-256:
 *
 *   SaltedPassword = Hi(SASLprep(password), salt, iterations)     (Hi is PBKDF2-HMAC-SHA-256)
 *   ClientKey      = HMAC(SaltedPassword, "Client Key")
 *   StoredKey      = H(ClientKey)
 *   ServerKey      = HMAC(SaltedPassword, "Server Key")
 *
 * The server keeps StoredKey and ServerKey only: enough to check a client's proof and to prove
 * itself, not enough to impersonate the client. Defaults match PostgreSQL 15: 16 random salt
 * bytes, 4096 iterations.
 */
import { createHash, createHmac, pbkdf2, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import { assert } from '@rustydb/common';
import { scramPasswordBytes } from './saslprep.js';

/** SCRAM_DEFAULT_ITERATIONS in PostgreSQL 15. */
export const SCRAM_DEFAULT_ITERATIONS = 4096;
/** SCRAM_DEFAULT_SALT_LEN in PostgreSQL 15. */
export const SCRAM_DEFAULT_SALT_LENGTH = 16;
/** SHA-256 output length: the size of StoredKey, ServerKey, proofs and signatures. */
export const SCRAM_KEY_LENGTH = 32;

/** A parsed SCRAM-SHA-256 verifier. The Buffers are owned by this object; do not modify them. */
export interface ScramSecret {
  readonly iterations: number;
  /** The salt exactly as stored (base64): the server-first-message repeats it verbatim. */
  readonly saltBase64: string;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 decoding: undefined unless `text` is canonical, padded base64. */
export function decodeBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/** HMAC-SHA-256. Sync; returns a fresh Buffer. */
export function hmacSha256(key: Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** SHA-256. Sync; returns a fresh Buffer. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

function keysFromSaltedPassword(salted: Buffer): { storedKey: Buffer; serverKey: Buffer } {
  return {
    storedKey: sha256(hmacSha256(salted, 'Client Key')),
    serverKey: hmacSha256(salted, 'Server Key'),
  };
}

/** Formats a verifier the way PostgreSQL stores it. */
export function formatScramVerifier(
  iterations: number,
  salt: Uint8Array,
  storedKey: Uint8Array,
  serverKey: Uint8Array,
): string {
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey)}:${b64(serverKey)}`;
}

/**
 * Computes the stored verifier for `password` (SASLprep'd as PostgreSQL does, raw bytes where
 * SASLprep fails). Sync: PBKDF2 with 4096 iterations takes a few milliseconds; call it for
 * CREATE/ALTER ROLE, not per connection. `salt` defaults to 16 random bytes.
 * @throws DbError 54000 `password too long` (over 1024 bytes); InternalError for iterations < 1.
 */
export function scramVerifier(
  password: string | Uint8Array,
  options: { readonly iterations?: number; readonly salt?: Uint8Array } = {},
): string {
  const iterations = options.iterations ?? SCRAM_DEFAULT_ITERATIONS;
  assert(Number.isInteger(iterations) && iterations >= 1, 'SCRAM iteration count must be a positive integer');
  const salt = options.salt ?? randomBytes(SCRAM_DEFAULT_SALT_LENGTH);
  const salted = pbkdf2Sync(scramPasswordBytes(password), salt, iterations, SCRAM_KEY_LENGTH, 'sha256');
  const { storedKey, serverKey } = keysFromSaltedPassword(salted);
  return formatScramVerifier(iterations, salt, storedKey, serverKey);
}

/**
 * Parses a stored verifier. Returns undefined when `text` is not a well-formed SCRAM-SHA-256
 * verifier (PostgreSQL's parse_scram_secret: scheme, positive iteration count, base64 salt,
 * 32-byte keys). Sync; never throws.
 */
export function parseScramVerifier(text: string): ScramSecret | undefined {
  const m = /^SCRAM-SHA-256\$([0-9]+):([^$:]+)\$([^$:]+):([^$:]+)$/.exec(text);
  if (m === null) return undefined;
  const iterations = Number(m[1]);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > 0x7fffffff) return undefined;
  const salt = decodeBase64(m[2]);
  const storedKey = decodeBase64(m[3]);
  const serverKey = decodeBase64(m[4]);
  if (
    salt === undefined ||
    storedKey?.length !== SCRAM_KEY_LENGTH ||
    serverKey?.length !== SCRAM_KEY_LENGTH
  ) {
    return undefined;
  }
  return { iterations, saltBase64: m[2], salt, storedKey, serverKey };
}

/**
 * Checks a cleartext password (the `password` method) against a SCRAM verifier, as
 * PostgreSQL's scram_verify_plain_password does: recompute ServerKey with the stored salt and
 * iteration count and compare in constant time. Async: PBKDF2 runs on the libuv thread pool so
 * a login does not stall every other session on the event loop.
 * @throws DbError 54000 `password too long`.
 */
export async function verifyScramPlainPassword(
  password: string | Uint8Array,
  secret: ScramSecret,
): Promise<boolean> {
  const bytes = scramPasswordBytes(password);
  const salted = await new Promise<Buffer>((resolve, reject) =>
    pbkdf2(bytes, secret.salt, secret.iterations, SCRAM_KEY_LENGTH, 'sha256', (err, key) =>
      err === null ? resolve(key) : reject(err),
    ),
  );
  return timingSafeEqual(keysFromSaltedPassword(salted).serverKey, secret.serverKey);
}
