/**
 * The authentication files the server keeps in its data directory, under `auth/` (mode 0700).
 *
 * auth/roles.json — LEGACY, read once and removed: before roles lived in the catalog, the
 * superuser's verifier was kept here. A data directory that still has it is migrated at start
 * (server-security.ts imports each entry as that role's password, then `removeRolesFile`):
 *
 *   { "rustydb": "SCRAM-SHA-256$4096:<salt, base64>$<StoredKey, base64>:<ServerKey, base64>" }
 *
 * | KEY        | VALUE                                                                         |
 * |------------|-------------------------------------------------------------------------------|
 * | role name  | the role's secret exactly as PostgreSQL stores it in pg_authid.rolpassword:   |
 * |            | a SCRAM-SHA-256 verifier or an md5 verifier ("md5" + 32 hex digits)           |
 *
 * auth/mock_auth_nonce — mode 0600: 64 hex digits and a newline, the 32 random bytes from which
 * fake SCRAM salts for unknown roles are derived (PostgreSQL keeps them in pg_control). Kept so
 * that an unknown role's salt does not change across restarts, which would tell it apart from a
 * real one. Created at the first start with a password.
 */
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isMd5Verifier, MOCK_AUTH_NONCE_LENGTH, parseScramVerifier } from '@rustydb/security';

/** The data directory's subdirectory for authentication files. */
export const AUTH_DIR = 'auth';
/** Where older versions kept role secrets, relative to the data directory (imported once). */
export const ROLES_FILE = join(AUTH_DIR, 'roles.json');
/** Where the mock-authentication nonce lives, relative to the data directory. */
export const MOCK_AUTH_NONCE_FILE = join(AUTH_DIR, 'mock_auth_nonce');

/**
 * Reads auth/roles.json. Sync. Returns undefined when the file does not exist.
 * @throws Error naming the file when it cannot be read, is not a JSON object, or holds a value
 *   that is not a SCRAM-SHA-256 or md5 verifier (the message never quotes a value).
 */
export function readRolesFile(dataDir: string): Map<string, string> | undefined {
  const path = join(dataDir, ROLES_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error(`${path} must hold a JSON object of role name → password verifier`);
  const roles = new Map<string, string>();
  for (const [role, secret] of Object.entries(parsed)) {
    const valid =
      typeof secret === 'string' && (parseScramVerifier(secret) !== undefined || isMd5Verifier(secret));
    if (!valid)
      throw new Error(`${path}: the entry of role "${role}" is not a SCRAM-SHA-256 or md5 verifier`);
    roles.set(role, secret);
  }
  return roles;
}

/**
 * Removes auth/roles.json once its roles are in the catalog, durably (the directory is fsynced).
 * Sync. @throws Error when it cannot be removed (a missing file is fine).
 */
export function removeRolesFile(dataDir: string): void {
  try {
    unlinkSync(join(dataDir, ROLES_FILE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return;
  }
  fsyncDirectory(join(dataDir, AUTH_DIR));
}

/**
 * The mock-authentication nonce from auth/mock_auth_nonce. Sync. Undefined when the file does not
 * exist.
 * @throws Error when the file cannot be read or does not hold 64 hex digits.
 */
export function readMockAuthNonce(dataDir: string): Buffer | undefined {
  const path = join(dataDir, MOCK_AUTH_NONCE_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  const hex = text.trim();
  if (hex.length !== MOCK_AUTH_NONCE_LENGTH * 2 || !/^[0-9a-f]+$/.test(hex))
    throw new Error(`${path} must hold ${MOCK_AUTH_NONCE_LENGTH * 2} hexadecimal digits`);
  return Buffer.from(hex, 'hex');
}

/**
 * Creates auth/mock_auth_nonce holding `nonce` (MOCK_AUTH_NONCE_LENGTH bytes), mode 0600,
 * durably. Sync.
 * @throws Error when the file already exists or cannot be written.
 */
export function createMockAuthNonceFile(dataDir: string, nonce: Uint8Array): void {
  writeNewFile(join(dataDir, MOCK_AUTH_NONCE_FILE), `${Buffer.from(nonce).toString('hex')}\n`);
}

/** Writes a new owner-only file durably; fails (EEXIST) rather than replace an existing one. */
function writeNewFile(path: string, content: string): void {
  const dir = join(path, '..');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
  } finally {
    unlinkSync(temp);
  }
  fsyncDirectory(dir);
}

function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
