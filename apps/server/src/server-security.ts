/**
 * Who may connect to `rustydb-server`, and how: TLS files, host rules, role passwords, put
 * together into what ProtocolServer takes (`TlsOptions`, an `Authenticator`).
 *
 * Policy:
 * - Role passwords live in the catalog (CREATE ROLE … PASSWORD, ALTER ROLE, psql's \password):
 *   the Authenticator reads each role's verifier from the committed catalog at every login, so a
 *   password change takes effect for the next connection. A password past its VALID UNTIL reads
 *   as no password (the login fails with 28P01, as in PostgreSQL).
 * - RUSTYDB_PASSWORD gives the bootstrap superuser (rustydb) its password when it has none (the
 *   first start); afterwards the catalog's password wins and a different RUSTYDB_PASSWORD is
 *   ignored with a warning (change it with ALTER ROLE or \password).
 * - An older data directory's auth/roles.json is imported into the catalog once (each entry
 *   becomes that role's password; a missing role is created with LOGIN) and then removed.
 * - Host rules: --hba-file if given, else `defaultHbaRules`: loopback clients only, with
 *   scram-sha-256 once some role has a password (decided at start), trusted before.
 * - Listening beyond loopback is allowed only when some rule demands a password (main.ts and
 *   ProtocolServer.listen both check `Authenticator.usesPasswords`).
 *
 * Nothing here logs or returns a password; errors name files and lines, never secrets.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { DbError } from '@rustydb/common';
import { ROLE_NAME, setRolePassword } from '@rustydb/engine';
import type { TlsOptions } from '@rustydb/protocol';
import {
  Authenticator,
  defaultHbaRules,
  type HbaRule,
  LoginThrottle,
  MOCK_AUTH_NONCE_LENGTH,
  md5Verifier,
  parseHbaRules,
  parseScramVerifier,
  scramVerifier,
  verifyScramPlainPassword,
} from '@rustydb/security';
import {
  AUTH_DIR,
  createMockAuthNonceFile,
  readMockAuthNonce,
  readRolesFile,
  removeRolesFile,
} from './role-secrets-file.js';

/** The bootstrap superuser (the engine's ROLE_NAME). */
export const SUPERUSER = ROLE_NAME;
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

/** The part of the engine's Database start-up needs: its catalog and transactions. */
export type RoleDatabase = Parameters<typeof setRolePassword>[0];

export interface ServerAuthenticationOptions {
  readonly dataDir: string;
  /** The opened database, whose catalog holds the roles. */
  readonly db: RoleDatabase;
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
  /** RUSTYDB_PASSWORD became the superuser's password in this start (it had none). */
  readonly passwordFromEnvironment: boolean;
  /** RUSTYDB_PASSWORD is set but differs from the superuser's password in the catalog: ignored. */
  readonly environmentIgnored: boolean;
  /** How many roles auth/roles.json gave a password (the file is gone now); 0 without the file. */
  readonly importedRoles: number;
  /** The rules in force came from --hba-file. */
  readonly customHba: boolean;
}

/**
 * Checks RUSTYDB_PASSWORD before anything is opened. Sync.
 * @throws StartupError (exit 2) for an empty value.
 */
export function checkPasswordVariable(password: string | undefined): void {
  if (password === '') throw new StartupError(`${PASSWORD_VARIABLE} is set but empty`, 2);
}

/**
 * Brings role secrets into the catalog (auth/roles.json once, RUSTYDB_PASSWORD at the first
 * start) and builds the Authenticator over the catalog's roles. Async: commits, and compares
 * RUSTYDB_PASSWORD with a stored verifier (PBKDF2 off the event loop). Writes
 * auth/mock_auth_nonce when some role has a password and the file is missing.
 * @throws StartupError (exit 2) for an empty RUSTYDB_PASSWORD; (exit 1) for an unreadable or
 *   malformed auth/roles.json or mock nonce, or files that cannot be written or removed.
 */
export async function setUpAuthentication(
  options: ServerAuthenticationOptions,
): Promise<ServerAuthentication> {
  const { dataDir, password, db } = options;
  checkPasswordVariable(password);
  const importedRoles = await importRolesFile(dataDir, db);
  let passwordFromEnvironment = false;
  let environmentIgnored = false;
  if (password !== undefined) {
    const stored = db.catalog.role(SUPERUSER)?.password ?? null;
    if (stored === null) {
      await setRolePassword(db, SUPERUSER, scramVerifier(password));
      passwordFromEnvironment = true;
    } else {
      environmentIgnored = !(await passwordMatches(password, stored));
    }
  }
  const passwordSet = db.catalog.roles().some((r) => r.password !== null);
  let mockAuthNonce: Buffer;
  try {
    const storedNonce = readMockAuthNonce(dataDir);
    mockAuthNonce = storedNonce ?? randomBytes(MOCK_AUTH_NONCE_LENGTH);
    // Only a server that checks passwords needs a stable nonce.
    if (storedNonce === undefined && passwordSet) createMockAuthNonceFile(dataDir, mockAuthNonce);
  } catch (err) {
    throw new StartupError(`${AUTH_DIR}/ in ${dataDir}: ${(err as Error).message}`, 1);
  }
  const authenticator = new Authenticator({
    hba: options.hba ?? defaultHbaRules({ passwordSet }),
    roleSecrets: (user) => roleSecret(db, user),
    throttle: new LoginThrottle(),
    mockAuthNonce,
  });
  return {
    authenticator,
    passwordSet,
    passwordFromEnvironment,
    environmentIgnored,
    importedRoles,
    customHba: options.hba !== undefined,
  };
}

/** Microseconds between the Unix epoch and PostgreSQL's (2000-01-01). */
const PG_EPOCH_MS = 946_684_800_000;

/**
 * The role's verifier for the Authenticator: undefined for no such role, null for none or one
 * past VALID UNTIL. Read from the committed catalog at each login.
 */
function roleSecret(db: RoleDatabase, user: string): string | null | undefined {
  const role = db.catalog.role(user);
  if (role === undefined) return undefined;
  if (role.validUntil !== null && role.validUntil < BigInt(Date.now() - PG_EPOCH_MS) * 1000n) return null;
  return role.password;
}

/** auth/roles.json into the catalog, then the file removed. Returns how many roles it held. */
async function importRolesFile(dataDir: string, db: RoleDatabase): Promise<number> {
  let roles: Map<string, string> | undefined;
  try {
    roles = readRolesFile(dataDir);
  } catch (err) {
    throw new StartupError((err as Error).message, 1);
  }
  if (roles === undefined) return 0;
  // Each commit is durable before the file goes; a crash in between imports the same again.
  for (const [role, verifier] of roles) await setRolePassword(db, role, verifier);
  try {
    removeRolesFile(dataDir);
  } catch (err) {
    throw new StartupError(
      `cannot remove ${AUTH_DIR}/roles.json in ${dataDir}: ${(err as Error).message}`,
      1,
    );
  }
  return roles.size;
}

/** Whether `password` is the one `secret` (a SCRAM or md5 verifier) was made from. */
async function passwordMatches(password: string, secret: string): Promise<boolean> {
  const scram = parseScramVerifier(secret);
  if (scram === undefined) return md5Verifier(password, SUPERUSER) === secret;
  return verifyScramPlainPassword(password, scram);
}
