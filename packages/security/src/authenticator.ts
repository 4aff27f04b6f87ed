/**
 * The authentication phase of a connection, between the StartupMessage and the session:
 * PostgreSQL's ClientAuthentication (src/backend/libpq/auth.c), minus the transport.
 *
 *   begin(conn)         host rules → method; throttle; the role's secret → an AuthExchange
 *   exchange.request    what to send first (AuthenticationOk / CleartextPassword / MD5Password / SASL)
 *   exchange.receive(p) each 'p' message body in turn → AuthenticationSASLContinue, or
 *                       AuthenticationOk (after AuthenticationSASLFinal for SCRAM), or a FATAL DbError
 *
 * Method choice, as PostgreSQL 15 (CheckPWChallengeAuth):
 * - `trust`: AuthenticationOk at once. `reject` or no matching rule: 28000 from `begin`.
 * - `scram-sha-256`: always SCRAM. A role without a usable SCRAM secret (unknown, no password,
 *   md5 password) runs a doomed exchange that ends in 28P01, indistinguishable from a wrong
 *   password.
 * - `md5`: md5 only when the stored secret is an md5 verifier; a SCRAM secret cannot answer an
 *   md5 challenge, so SCRAM is used. An unknown role gets what `passwordEncryption` says most
 *   roles have (PostgreSQL's password_encryption, default scram-sha-256), so it blends in.
 * - `password`: cleartext password checked against the md5 or SCRAM secret. For an unknown role
 *   we still run PBKDF2 over a fake SCRAM secret, so the answer takes as long as a real check.
 *
 * Failed password checks (28P01) count in the LoginThrottle; malformed messages and clients that
 * hang up do not. Nothing here logs, and no error carries a password, verifier, proof or nonce;
 * `logDetail` says *why* a check failed (PostgreSQL's errdetail_log) for the server log only.
 */
import { randomBytes } from 'node:crypto';
import { assert, DbError } from '@rustydb/common';
import {
  type ConnectionDescription,
  authProtocolError,
  hbaRejectsConnection,
  noHbaEntry,
  passwordAuthenticationFailed,
} from './auth-errors.js';
import { decodePasswordMessage, decodeSaslInitialResponse } from './auth-message.js';
import type { HbaMethod, HbaRule } from './hba-rule.js';
import { normalizeClientAddress } from './ip-address.js';
import type { LoginThrottle } from './login-throttle.js';
import { matchHbaRule } from './match-hba-rule.js';
import { checkMd5Response, isMd5Verifier } from './md5-password.js';
import { MOCK_AUTH_NONCE_LENGTH, ScramServerSession, scramMockSalt } from './scram-server-session.js';
import {
  formatScramVerifier,
  parseScramVerifier,
  type ScramSecret,
  SCRAM_DEFAULT_ITERATIONS,
  SCRAM_KEY_LENGTH,
} from './scram-verifier.js';
import { verifyPlainPassword } from './verify-plain-password.js';

/**
 * The role's stored secret (pg_authid.rolpassword): an md5 or SCRAM verifier. `undefined`: no
 * such role; `null`: the role exists but has no password. Sync (the catalog's role cache).
 */
export type RoleSecrets = (user: string) => string | null | undefined;

/** The only SASL mechanism we offer (no -PLUS: channel binding is not supported). */
export const SCRAM_SHA_256 = 'SCRAM-SHA-256';

export interface AuthenticatorOptions {
  /** Host rules, first match wins (parseHbaRules or defaultHbaRules). */
  readonly hba: readonly HbaRule[];
  readonly roleSecrets: RoleSecrets;
  /** Failed-login limits; absent: none. */
  readonly throttle?: LoginThrottle;
  /** PostgreSQL's password_encryption: what an unknown role pretends to have under `md5`. */
  readonly passwordEncryption?: 'scram-sha-256' | 'md5';
  /**
   * The cluster's 32-byte secret for fake SCRAM salts (PostgreSQL keeps it in pg_control).
   * Persist it: a fresh random one per start (the default) lets a client spot unknown roles by
   * their salt changing across restarts.
   */
  readonly mockAuthNonce?: Uint8Array;
  /** Role membership for `+role` and `samerole` rules; absent: a role is a member of itself only. */
  readonly isMemberOf?: (user: string, role: string) => boolean;
}

/** Who is connecting, from where. */
export type ConnectionInfo = ConnectionDescription;

/** The first authentication request of an exchange, named as the protocol docs name the message. */
export type AuthRequest =
  | { readonly kind: 'AuthenticationOk' }
  | { readonly kind: 'AuthenticationCleartextPassword' }
  | { readonly kind: 'AuthenticationMD5Password'; readonly salt: Buffer }
  | { readonly kind: 'AuthenticationSASL'; readonly mechanisms: readonly string[] };

/** What to send after a client message. For SCRAM's end, send AuthenticationSASLFinal(saslFinal) first. */
export type AuthStep =
  | { readonly kind: 'AuthenticationSASLContinue'; readonly data: Buffer }
  | { readonly kind: 'AuthenticationOk'; readonly saslFinal?: Buffer };

/** The method an exchange actually runs (`md5` rules may run SCRAM). */
export type ExchangeMethod = Exclude<HbaMethod, 'reject'>;

/** Decides how each connection authenticates. One per server; holds no per-connection state. */
export class Authenticator {
  private readonly mockAuthNonce: Uint8Array;

  constructor(private readonly options: AuthenticatorOptions) {
    this.mockAuthNonce = options.mockAuthNonce ?? randomBytes(MOCK_AUTH_NONCE_LENGTH);
    assert(this.mockAuthNonce.length === MOCK_AUTH_NONCE_LENGTH, 'mockAuthNonce must be 32 bytes');
  }

  /**
   * True when some host rule demands a password (`scram-sha-256`, `md5` or `password`). A server
   * may listen beyond loopback only then: with `trust` and `reject` rules alone, anyone who can
   * reach the port would be let in as any role.
   */
  get usesPasswords(): boolean {
    return this.options.hba.some((r) => r.method !== 'trust' && r.method !== 'reject');
  }

  /**
   * Starts authenticating one connection. Sync. Send `exchange.request`; if it is not
   * AuthenticationOk, feed each following 'p' message to `exchange.receive`.
   * @throws DbError 28000 (FATAL): no pg_hba.conf entry, a `reject` rule, or a throttled client.
   */
  begin(conn: ConnectionInfo): AuthExchange {
    const address = conn.address === undefined ? undefined : normalizeClientAddress(conn.address);
    const normalized: ConnectionInfo = { ...conn, address };
    const rule = matchHbaRule(this.options.hba, { ...normalized, isMemberOf: this.options.isMemberOf });
    if (rule === undefined) throw noHbaEntry(normalized);
    if (rule.method === 'reject') throw hbaRejectsConnection(normalized);
    if (rule.method !== 'trust') this.options.throttle?.check(conn.user, address);
    const secret = rule.method === 'trust' ? undefined : this.options.roleSecrets(conn.user);
    return new AuthExchange(
      normalized,
      rule,
      this.chooseMethod(rule.method, secret),
      secret,
      this.mockAuthNonce,
      this.options.throttle,
    );
  }

  private chooseMethod(method: ExchangeMethod, secret: string | null | undefined): ExchangeMethod {
    if (method !== 'md5') return method;
    if (secret === undefined || secret === null) {
      return this.options.passwordEncryption === 'md5' ? 'md5' : 'scram-sha-256';
    }
    return isMd5Verifier(secret) ? 'md5' : 'scram-sha-256';
  }
}

type ExchangeState = 'sasl-initial' | 'sasl-response' | 'password' | 'done' | 'failed';

/**
 * One connection's authentication exchange, driven by the connection with the client's 'p'
 * messages. Single use; not reentrant (await each `receive` before the next).
 */
export class AuthExchange {
  readonly request: AuthRequest;
  private state: ExchangeState;
  private readonly md5Salt: Buffer | undefined;
  private scram: ScramServerSession | undefined;
  private failure: string | undefined;

  /** @internal Created by Authenticator.begin. */
  constructor(
    readonly conn: ConnectionInfo,
    /** The matching host rule (its `line` and `text` belong in the server log on failure). */
    readonly rule: HbaRule,
    /** The method actually run. */
    readonly method: ExchangeMethod,
    private readonly secret: string | null | undefined,
    private readonly mockAuthNonce: Uint8Array,
    private readonly throttle: LoginThrottle | undefined,
  ) {
    switch (method) {
      case 'trust':
        this.request = { kind: 'AuthenticationOk' };
        this.state = 'done';
        break;
      case 'password':
        this.request = { kind: 'AuthenticationCleartextPassword' };
        this.state = 'password';
        break;
      case 'md5':
        this.md5Salt = randomBytes(4);
        this.request = { kind: 'AuthenticationMD5Password', salt: this.md5Salt };
        this.state = 'password';
        break;
      case 'scram-sha-256':
        this.request = { kind: 'AuthenticationSASL', mechanisms: [SCRAM_SHA_256] };
        this.state = 'sasl-initial';
        break;
    }
  }

  /** True once the client is authenticated (immediately for `trust`). */
  get authenticated(): boolean {
    return this.state === 'done';
  }

  /**
   * Why the last check failed, for the server log only (PostgreSQL's errdetail_log, e.g.
   * `Role "x" does not exist.` plus the matching pg_hba.conf line). Never sent to the client.
   */
  get logDetail(): string | undefined {
    return this.failure;
  }

  /**
   * Takes the body of one 'p' message (SASLInitialResponse, SASLResponse or PasswordMessage,
   * whichever the exchange expects) and says what to send next. Async: a cleartext password
   * against a SCRAM secret runs PBKDF2 off the event loop. The body is not kept.
   * @throws DbError (FATAL) 28P01 `password authentication failed for user "x"`; 08P01/0A000 for
   *   malformed messages (see ScramServerSession). After any error the exchange is over: send
   *   the error and close the connection.
   */
  async receive(body: Uint8Array): Promise<AuthStep> {
    const state = this.state;
    assert(state !== 'done' && state !== 'failed', 'AuthExchange.receive after the exchange ended');
    this.state = 'failed'; // until this message is accepted
    try {
      const step = state === 'password' ? await this.receivePassword(body) : this.receiveSasl(state, body);
      if (step.kind === 'AuthenticationOk') {
        this.state = 'done';
        this.throttle?.recordSuccess(this.conn.user, this.conn.address);
      } else {
        this.state = 'sasl-response';
      }
      return step;
    } catch (err) {
      // Only failed password checks count, not malformed messages (they test no password).
      if (this.failure !== undefined) this.throttle?.recordFailure(this.conn.user, this.conn.address);
      throw err;
    }
  }

  private receiveSasl(state: 'sasl-initial' | 'sasl-response', body: Uint8Array): AuthStep {
    if (state === 'sasl-initial') {
      const initial = decodeSaslInitialResponse(body);
      if (initial.mechanism !== SCRAM_SHA_256) {
        throw authProtocolError('08P01', 'client selected an invalid SASL authentication mechanism');
      }
      this.scram = new ScramServerSession({
        user: this.conn.user,
        secret: this.scramSecret(),
        mockAuthNonce: this.mockAuthNonce,
      });
      // No initial response: an empty challenge, and the next SASLResponse is the client-first-message.
      if (initial.data === null) return { kind: 'AuthenticationSASLContinue', data: Buffer.alloc(0) };
      return {
        kind: 'AuthenticationSASLContinue',
        data: Buffer.from(this.scram.start(initial.data), 'latin1'),
      };
    }
    const scram = this.scram;
    assert(scram !== undefined, 'SASLResponse before SASLInitialResponse');
    if (!scram.started)
      return { kind: 'AuthenticationSASLContinue', data: Buffer.from(scram.start(body), 'latin1') };
    let final: string;
    try {
      final = scram.finish(body);
    } catch (err) {
      if (err instanceof DbError && err.code === '28P01') this.failure = this.describeFailure();
      throw err;
    }
    return { kind: 'AuthenticationOk', saslFinal: Buffer.from(final, 'latin1') };
  }

  private async receivePassword(body: Uint8Array): Promise<AuthStep> {
    const password = decodePasswordMessage(body);
    const secret = this.secret;
    let ok: boolean;
    if (this.method === 'md5') {
      ok = typeof secret === 'string' && checkMd5Response(secret, this.md5Salt as Buffer, password);
    } else if (typeof secret === 'string') {
      ok = await verifyPlainPassword(this.conn.user, password, secret);
    } else {
      // Same work as a real check, so the answer's timing does not reveal a missing role.
      await verifyPlainPassword(this.conn.user, password, this.mockScramVerifier());
      ok = false;
    }
    if (!ok) {
      this.failure = this.describeFailure();
      throw passwordAuthenticationFailed(this.conn.user);
    }
    return { kind: 'AuthenticationOk' };
  }

  /** The role's SCRAM secret, or undefined for a doomed exchange. */
  private scramSecret(): ScramSecret | undefined {
    return typeof this.secret === 'string' ? parseScramVerifier(this.secret) : undefined;
  }

  private mockScramVerifier(): string {
    const zero = Buffer.alloc(SCRAM_KEY_LENGTH);
    return formatScramVerifier(
      SCRAM_DEFAULT_ITERATIONS,
      scramMockSalt(this.conn.user, this.mockAuthNonce),
      zero,
      zero,
    );
  }

  /** PostgreSQL's log detail for a failed check, plus the rule that matched. */
  private describeFailure(): string {
    const user = this.conn.user;
    let reason: string;
    if (this.secret === undefined) reason = `Role "${user}" does not exist.`;
    else if (this.secret === null) reason = `User "${user}" has no password assigned.`;
    else if (this.method === 'scram-sha-256' && this.scramSecret() === undefined) {
      reason = `User "${user}" does not have a valid SCRAM secret.`;
    } else reason = `Password does not match for user "${user}".`;
    return `${reason}\nConnection matched pg_hba.conf line ${this.rule.line}: "${this.rule.text}"`;
  }
}
