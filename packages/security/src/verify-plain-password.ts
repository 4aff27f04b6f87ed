/**
 * Stored password kinds and the cleartext check of the `password` method, after PostgreSQL's
 * get_password_type and plain_crypt_verify (src/backend/libpq/crypt.c).
 */
import { timingSafeEqual } from 'node:crypto';
import { isMd5Verifier, md5Verifier } from './md5-password.js';
import { parseScramVerifier, verifyScramPlainPassword } from './scram-verifier.js';

/** What a role's stored secret is. `plaintext` is never stored by PostgreSQL ≥ 10 and never matches. */
export type PasswordType = 'md5' | 'scram-sha-256' | 'plaintext';

/** Classifies a stored secret as PostgreSQL does. Sync. */
export function passwordType(secret: string): PasswordType {
  if (isMd5Verifier(secret)) return 'md5';
  if (parseScramVerifier(secret) !== undefined) return 'scram-sha-256';
  return 'plaintext';
}

/**
 * Checks a cleartext password against a stored md5 or SCRAM verifier. A secret in any other
 * format fails, as in PostgreSQL (passwords are never stored in clear). Async (PBKDF2 on the
 * thread pool for SCRAM).
 * @throws DbError 54000 `password too long` (SCRAM: over 1024 bytes).
 */
export async function verifyPlainPassword(
  user: string,
  password: string | Uint8Array,
  secret: string,
): Promise<boolean> {
  if (isMd5Verifier(secret)) {
    const computed = Buffer.from(md5Verifier(password, user), 'latin1');
    return timingSafeEqual(computed, Buffer.from(secret, 'latin1'));
  }
  const scram = parseScramVerifier(secret);
  if (scram !== undefined) return verifyScramPlainPassword(password, scram);
  return false;
}
