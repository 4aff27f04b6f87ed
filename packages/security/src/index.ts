/**
 * @rustydb/security — authentication, PostgreSQL 15 compatible.
 *
 * What it owns:
 * - Password verifiers in PostgreSQL's stored formats, byte-identical to pg_authid.rolpassword:
 *   `scramVerifier` (SCRAM-SHA-256 with SASLprep, falling back to raw bytes as PostgreSQL does)
 *   and `md5Verifier`.
 * - The server side of SCRAM-SHA-256 (`ScramServerSession`), of md5 challenges and of cleartext
 *   passwords, with PostgreSQL's error texts and its doomed ("mock") exchange for unknown roles.
 * - Host rules in pg_hba.conf format (`parseHbaRules`, `matchHbaRule`, `defaultHbaRules`).
 * - Failed-login limits (`LoginThrottle`).
 * - `Authenticator`: all of the above behind one call per connection, for the protocol layer.
 *
 * Invariants:
 * - Nothing here logs, and no error or return value other than the verifier functions' results
 *   carries a password, a verifier, a proof or a nonce. `AuthExchange.logDetail` (why a check
 *   failed) is for the server log only and names roles and rules, never secrets.
 * - A client cannot tell an unknown role from a wrong password: same messages, same salt for the
 *   same name on every attempt (given a persisted mock nonce), same 28P01, similar timing.
 * - Every authentication error is a DbError with severity FATAL, as in PostgreSQL.
 *
 * WIRING IT IN (protocol, engine, server) — done in @rustydb/protocol's authentication-phase.ts
 * and connection.ts, and in rustydb-server's server-security.ts (role secrets read from the
 * catalog's roles, `Catalog.role(name).password`, at each login; the engine's CREATE/ALTER
 * ROLE store the verifiers made here):
 *
 *   // once per server (engine/server): rules from the config file or defaultHbaRules, the
 *   // catalog's role secrets, a mock nonce kept in the control file
 *   const auth = new Authenticator({ hba, roleSecrets: (user) => catalog.rolePassword(user),
 *                                    mockAuthNonce, throttle: new LoginThrottle() });
 *
 *   // per connection (protocol/connection.ts, in the 'authenticating' phase):
 *   const exchange = auth.begin({ user, database, address: socket.remoteAddress, ssl });
 *   send(exchange.request);      // R 0 Ok | R 3 CleartextPassword | R 5 MD5Password(salt)
 *                                // | R 10 SASL(mechanisms, then an empty string)
 *   on each 'p' message body:    // SASLInitialResponse, SASLResponse and PasswordMessage alike
 *     const step = await exchange.receive(body);
 *     // R 11 SASLContinue(step.data) | [R 12 SASLFinal(step.saslFinal)] R 0 Ok, then the session
 *   on a DbError from begin/receive: send ErrorResponse (severity FATAL) and close; log
 *     `exchange.logDetail` if set. A client that hangs up mid-exchange is not a failure.
 *
 * Not here yet: SCRAM-SHA-256-PLUS (channel binding), client certificates, LDAP, OAuth, RBAC,
 * row-level security, the audit log (see ARCHITECTURE.md; later issues).
 */

// The per-connection exchange
export {
  type AuthenticatorOptions,
  Authenticator,
  AuthExchange,
  type AuthRequest,
  type AuthStep,
  type ConnectionInfo,
  type ExchangeMethod,
  type RoleSecrets,
  SCRAM_SHA_256,
} from './authenticator.js';
export {
  decodePasswordMessage,
  decodeSaslInitialResponse,
  type SaslInitialResponse,
} from './auth-message.js';
// Error texts
export {
  authProtocolError,
  type ConnectionDescription,
  hbaRejectsConnection,
  malformedScramMessage,
  noHbaEntry,
  passwordAuthenticationFailed,
  tooManyAuthenticationFailures,
} from './auth-errors.js';
// Host rules
export {
  defaultHbaRules,
  type HbaAddress,
  type HbaConnectionType,
  type HbaDatabase,
  type HbaMethod,
  type HbaRule,
  type HbaUser,
  parseHbaRules,
} from './hba-rule.js';
export { type HbaRequest, matchHbaRule } from './match-hba-rule.js';
export { normalizeClientAddress, parseIpAddress } from './ip-address.js';
// Failed-login limits
export { LoginThrottle, type LoginThrottleOptions } from './login-throttle.js';
// md5
export { checkMd5Response, isMd5Verifier, md5ChallengeResponse, md5Verifier } from './md5-password.js';
// SCRAM-SHA-256
export { MAX_PASSWORD_LENGTH, type SaslprepResult, saslprep, scramPasswordBytes } from './saslprep.js';
export {
  MOCK_AUTH_NONCE_LENGTH,
  ScramServerSession,
  type ScramServerSessionOptions,
  scramMockSalt,
} from './scram-server-session.js';
export {
  parseScramVerifier,
  SCRAM_DEFAULT_ITERATIONS,
  type ScramSecret,
  scramVerifier,
  verifyScramPlainPassword,
} from './scram-verifier.js';
export { type PasswordType, passwordType, verifyPlainPassword } from './verify-plain-password.js';
