/**
 * PostgreSQL 15's authentication error texts. Clients (libpq, node-postgres, .pgpass handling)
 * match on these, so each factory reproduces PostgreSQL's wording and SQLSTATE exactly.
 *
 * Every error raised while a connection authenticates is FATAL in PostgreSQL: no transaction
 * exists yet to catch an ERROR, so elog promotes it, and the backend exits. The factories set
 * `severity: 'FATAL'` so the protocol sends exactly that and closes the connection.
 *
 * NB: never put a password, a verifier, a proof or a nonce into any of these: they reach the
 * client and the server log.
 */
import { DbError } from '@rustydb/common';

const FATAL = { severity: 'FATAL' } as const;

/** What the host-rule messages name: the client's address, or `[local]` for a Unix-domain socket. */
export interface ConnectionDescription {
  readonly user: string;
  readonly database: string;
  /** Client IP address; absent for a Unix-domain socket. */
  readonly address?: string;
  readonly ssl: boolean;
}

function hostOf(conn: ConnectionDescription): string {
  return conn.address ?? '[local]';
}

function encryptionOf(conn: ConnectionDescription): string {
  return conn.ssl ? 'SSL encryption' : 'no encryption';
}

/** 28P01 `password authentication failed for user "x"`: wrong password, unknown user, no password alike. */
export const passwordAuthenticationFailed = (user: string): DbError =>
  new DbError('28P01', `password authentication failed for user "${user}"`, FATAL);

/** 28000 `no pg_hba.conf entry for host "h", user "u", database "d", no encryption` (or `SSL encryption`). */
export const noHbaEntry = (conn: ConnectionDescription): DbError =>
  new DbError(
    '28000',
    `no pg_hba.conf entry for host "${hostOf(conn)}", user "${conn.user}", database "${conn.database}", ${encryptionOf(conn)}`,
    FATAL,
  );

/** 28000 `pg_hba.conf rejects connection for host "h", user "u", database "d", no encryption`: a `reject` rule matched. */
export const hbaRejectsConnection = (conn: ConnectionDescription): DbError =>
  new DbError(
    '28000',
    `pg_hba.conf rejects connection for host "${hostOf(conn)}", user "${conn.user}", database "${conn.database}", ${encryptionOf(conn)}`,
    FATAL,
  );

/**
 * 28000 for a client locked out by `LoginThrottle`. PostgreSQL has no such limit built in; the
 * text is deliberately generic (no counts, no remaining time) and names only what the client
 * sent.
 */
export const tooManyAuthenticationFailures = (user: string): DbError =>
  new DbError('28000', `too many failed authentication attempts for user "${user}"`, {
    ...FATAL,
    hint: 'Try again later.',
  });

/** 08P01 `malformed SCRAM message` with PostgreSQL's detail. */
export const malformedScramMessage = (detail: string): DbError =>
  new DbError('08P01', 'malformed SCRAM message', { ...FATAL, detail });

/** 08P01 or 0A000 with a bare message, for the remaining SCRAM and password-packet errors. */
export const authProtocolError = (
  code: '08P01' | '0A000' | '28P01',
  message: string,
  detail?: string,
): DbError => new DbError(code, message, detail === undefined ? FATAL : { ...FATAL, detail });
