/**
 * Who may connect to `rustydb-server`, and how: TLS files, host rules, role passwords, put
 * together into what ProtocolServer takes (`TlsOptions`, an `Authenticator`).
 *
 * Policy:
 * - RUSTYDB_PASSWORD set: the rustydb role's password is that (only its SCRAM verifier is kept;
 *   auth/roles.json is created from it when absent, see role-secrets-file.ts). Without it, the
 *   secrets of auth/roles.json, if the file exists.
 * - Host rules: --hba-file if given, else `defaultHbaRules`: loopback clients only, with
 *   scram-sha-256 once some role has a password, trusted before.
 * - Listening beyond loopback is allowed only when some rule demands a password (main.ts and
 *   ProtocolServer.listen both check `Authenticator.usesPasswords`).
 *
 * Nothing here logs or returns a password; errors name files and lines, never secrets.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { DbError } from '@rustydb/common';
import type { TlsOptions } from '@rustydb/protocol';
import {
  Authenticator,
  defaultHbaRules,
  type HbaRule,
  LoginThrottle,
  MOCK_AUTH_NONCE_LENGTH,
  parseHbaRules,
  parseScramVerifier,
  scramVerifier,
  verifyScramPlainPassword,
} from '@rustydb/security';
import {
  createMockAuthNonceFile,
  createRolesFile,
  readMockAuthNonce,
  readRolesFile,
  AUTH_DIR,
} from './role-secrets-file.js';

/** The only role this version has (the engine's ROLE_NAME). */
export const SUPERUSER = 'rustydb';
/** The environment variable holding the superuser's password at start. */
export const PASSWORD_VARIABLE = 'RUSTYDB_PASSWORD';

/** A start-up failure to report on stderr without a stack, and the exit code to use. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * Reads and checks the TLS certificate and key files. Sync.
 * @throws StartupError (exit 2) when a file cannot be read or the pair is unusable (not PEM, a
 *   key that does not match the certificate, an encrypted key).
 */
export function readTlsFiles(certFile: string, keyFile: string): TlsOptions {
  const read = (option: string, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new StartupError(`cannot read ${option} file "${file}": ${(err as Error).message}`, 2);
    }
  };
  const tls = { cert: read('--tls-cert', certFile), key: read('--tls-key', keyFile) };
  try {
    createSecureContext(tls);
  } catch (err) {
    throw new StartupError(
      `unusable --tls-cert "${certFile}" / --tls-key "${keyFile}": ${(err as Error).message}`,
      2,
    );
  }
  return tls;
}

/**
 * Reads host rules in pg_hba.conf format. Sync.
 * @throws StartupError (exit 2) when the file cannot be read or a line is invalid (the message
 *   names the line, as PostgreSQL's does).
 */
export function readHbaFile(file: string): HbaRule[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new StartupError(`cannot read --hba-file "${file}": ${(err as Error).message}`, 2);
  }
  try {
    return parseHbaRules(text, file);
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    const where = err.fields.where === undefined ? '' : ` (${err.fields.where})`;
    const hint = err.fields.hint === undefined ? '' : ` ${err.fields.hint}`;
    throw new StartupError(`invalid --hba-file: ${err.message}${where}${hint}`, 2);
  }
}

export interface ServerAuthenticationOptions {
  readonly dataDir: string;
  /** RUSTYDB_PASSWORD's value, if set. */
  readonly password?: string;
  /** Rules from --hba-file; absent: `defaultHbaRules`. */
  readonly hba?: readonly HbaRule[];
}

/** What the server authenticates with, and what start-up should tell the operator. */
export interface ServerAuthentication {
  readonly authenticator: Authenticator;
  /** Some role has a password. */
  readonly passwordSet: boolean;
  /** Where the superuser's password came from this run. */
  readonly passwordSource: 'environment' | 'roles-file' | 'none';
  /** Both RUSTYDB_PASSWORD and auth/roles.json hold a password for rustydb, and they differ. */
  readonly environmentOverridesFile: boolean;
  /** The rules in force came from --hba-file. */
  readonly customHba: boolean;
  /**
   * Writes what this run needs in the data directory and does not find there yet: auth/roles.json
   * (from RUSTYDB_PASSWORD) and auth/mock_auth_nonce. Call it once start-up is decided. Sync.
   */
  persist(): void;
}

/**
 * Decides role secrets and host rules. Async: comparing RUSTYDB_PASSWORD with a stored verifier
 * runs PBKDF2 off the event loop. Reads auth/roles.json but writes nothing (see `persist`).
 * @throws StartupError (exit 2) for an empty RUSTYDB_PASSWORD; (exit 1) for an unreadable or
 *   malformed auth/roles.json or mock nonce.
 */
export async function setUpAuthentication(
  options: ServerAuthenticationOptions,
): Promise<ServerAuthentication> {
  const { dataDir, password } = options;
  if (password === '') throw new StartupError(`${PASSWORD_VARIABLE} is set but empty`, 2);
  let stored: Map<string, string> | undefined;
  let storedNonce: Buffer | undefined;
  try {
    stored = readRolesFile(dataDir);
    storedNonce = readMockAuthNonce(dataDir);
  } catch (err) {
    throw new StartupError((err as Error).message, 1);
  }
  const secrets = new Map(stored ?? []);
  let environmentOverridesFile = false;
  if (password !== undefined) {
    const previous = stored?.get(SUPERUSER);
    if (previous !== undefined) environmentOverridesFile = !(await passwordMatches(password, previous));
    secrets.set(SUPERUSER, scramVerifier(password));
  }
  const passwordSet = secrets.size > 0;
  const mockAuthNonce = storedNonce ?? randomBytes(MOCK_AUTH_NONCE_LENGTH);
  const authenticator = new Authenticator({
    hba: options.hba ?? defaultHbaRules({ passwordSet }),
    roleSecrets: (user) => secrets.get(user),
    throttle: new LoginThrottle(),
    mockAuthNonce,
  });
  const superuserSecret = secrets.get(SUPERUSER);
  return {
    authenticator,
    passwordSet,
    passwordSource: password !== undefined ? 'environment' : passwordSet ? 'roles-file' : 'none',
    environmentOverridesFile,
    customHba: options.hba !== undefined,
    persist: () => {
      try {
        if (stored === undefined && superuserSecret !== undefined)
          createRolesFile(dataDir, new Map([[SUPERUSER, superuserSecret]]));
        // Only a server that checks passwords needs a stable nonce.
        if (storedNonce === undefined && passwordSet) createMockAuthNonceFile(dataDir, mockAuthNonce);
      } catch (err) {
        throw new StartupError(`cannot write ${AUTH_DIR}/ in ${dataDir}: ${(err as Error).message}`, 1);
      }
    },
  };
}

/** Whether `password` is the one `secret` (a SCRAM or md5 verifier) was made from. */
async function passwordMatches(password: string, secret: string): Promise<boolean> {
  const scram = parseScramVerifier(secret);
  if (scram === undefined) return false; // an md5 verifier: RUSTYDB_PASSWORD replaces it for this run
  return verifyScramPlainPassword(password, scram);
}
