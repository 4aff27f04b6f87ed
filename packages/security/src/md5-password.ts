/**
 * PostgreSQL's legacy md5 password scheme (still accepted by PostgreSQL 15, deprecated since):
 *
 *   stored verifier   "md5" || md5hex(password || user)
 *   challenge         AuthenticationMD5Password carries 4 random salt bytes
 *   client response   "md5" || md5hex(md5hex(password || user) || salt)
 *
 * The server can check the response from the stored verifier alone (the hex digest after "md5"
 * is what the client hashes with the salt). A SCRAM verifier cannot answer an md5 challenge, so
 * the `md5` method falls back to SCRAM for such roles (see authenticator.ts). The password is
 * not SASLprep'd here: PostgreSQL hashes the bytes as given.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The length of a stored md5 verifier: "md5" and 32 hex digits. */
const MD5_VERIFIER_LENGTH = 35;

function md5hex(data: Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** True when `secret` has the stored md5 format (PostgreSQL's get_password_type). Sync. */
export function isMd5Verifier(secret: string): boolean {
  return secret.length === MD5_VERIFIER_LENGTH && /^md5[0-9a-f]{32}$/.test(secret);
}

/** The stored verifier: `md5` + md5hex(password + user), both as UTF-8. Sync. */
export function md5Verifier(password: string | Uint8Array, user: string): string {
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  return `md5${md5hex(Buffer.concat([pw, Buffer.from(user, 'utf8')]))}`;
}

/**
 * What a client must answer to an md5 challenge with `salt` (4 bytes), computed from the stored
 * verifier: `md5` + md5hex(md5hex(password + user) + salt). Sync.
 */
export function md5ChallengeResponse(verifier: string, salt: Uint8Array): string {
  return `md5${md5hex(Buffer.concat([Buffer.from(verifier.slice(3), 'latin1'), salt]))}`;
}

/**
 * Checks a client's PasswordMessage against an md5 challenge, in constant time for equal
 * lengths. False when `verifier` is not an md5 verifier. Sync.
 */
export function checkMd5Response(verifier: string, salt: Uint8Array, response: string | Uint8Array): boolean {
  if (!isMd5Verifier(verifier)) return false;
  const expected = Buffer.from(md5ChallengeResponse(verifier, salt), 'latin1');
  const got = typeof response === 'string' ? Buffer.from(response, 'utf8') : Buffer.from(response);
  return got.length === expected.length && timingSafeEqual(got, expected);
}
