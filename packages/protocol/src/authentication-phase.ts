/**
 * AuthenticationPhase: one connection's authentication exchange on the wire, between the
 * StartupMessage and AuthenticationOk. The decisions (host rules, methods, password checks, error
 * texts) are @rustydb/security's `AuthExchange`; this file turns them into backend messages and
 * log lines, and checks what the client sends meanwhile.
 *
 *   begin       Authenticator.begin → the first request: AuthenticationOk (trust),
 *               CleartextPassword (3), MD5Password (5, salt) or SASL (10, mechanisms)
 *   accept(msg) only 'p' is valid now; else FATAL 08P01 `expected SASL response, got message
 *               type N` (`password response` for cleartext and md5), PostgreSQL's words
 *   step(body)  AuthExchange.receive → SASLContinue (11), or SASLFinal (12) and done; the
 *               connection then sends AuthenticationOk and opens the session
 *
 * Every failure is a FATAL DbError (28P01, 28000, 08P01 from the security package) the
 * connection sends before closing; each is logged here at warn with `AuthExchange.logDetail`
 * (why it failed and the matching host rule). Neither the message nor the detail ever holds a
 * password, verifier, proof or nonce.
 */
import { DbError, type Logger } from '@rustydb/common';
import type { AuthExchange, Authenticator, ConnectionInfo } from '@rustydb/security';
import type { FrontendMessage } from './frontend-message.js';
import type { MessageWriter } from './message-writer.js';

/** The 'p' message type: PasswordMessage, SASLInitialResponse and SASLResponse alike. */
const PASSWORD_MESSAGE = 0x70;

/** One connection's exchange. Single use, driven by the connection one message at a time. */
export class AuthenticationPhase {
  private constructor(
    private readonly exchange: AuthExchange,
    private readonly writer: MessageWriter,
    private readonly logger: Logger,
    private readonly peer: { readonly address: string; readonly port: number },
  ) {}

  /**
   * Starts authenticating `conn` and writes the first request (not flushed), unless the rules
   * trust it (`authenticated` is then true at once and nothing is written). Sync.
   * @throws DbError FATAL 28000 (no matching rule, a reject rule, a throttled client), logged.
   */
  static begin(
    authenticator: Authenticator,
    conn: ConnectionInfo,
    writer: MessageWriter,
    logger: Logger,
    peer: { readonly address: string; readonly port: number },
  ): AuthenticationPhase {
    let exchange: AuthExchange;
    try {
      exchange = authenticator.begin(conn);
    } catch (err) {
      logFailure(logger, peer, err, conn, undefined);
      throw err;
    }
    const request = exchange.request;
    switch (request.kind) {
      case 'AuthenticationOk':
        break; // trust: the connection sends it with the rest
      case 'AuthenticationCleartextPassword':
        writer.authenticationCleartextPassword();
        break;
      case 'AuthenticationMD5Password':
        writer.authenticationMd5Password(request.salt);
        break;
      case 'AuthenticationSASL':
        writer.authenticationSasl(request.mechanisms);
        break;
    }
    return new AuthenticationPhase(exchange, writer, logger, peer);
  }

  /** True once the client is authenticated: the connection sends AuthenticationOk next. */
  get authenticated(): boolean {
    return this.exchange.authenticated;
  }

  /**
   * Checks a client message during the exchange and returns a copy of its body for `step` (the
   * reader's bytes are reused; `step` wipes the copy). Sync.
   * @throws DbError FATAL 08P01 for anything but a 'p' message, logged.
   */
  accept(msg: FrontendMessage): Buffer {
    if (msg.type !== PASSWORD_MESSAGE) {
      const kind = this.exchange.method === 'scram-sha-256' ? 'SASL' : 'password';
      const error = new DbError('08P01', `expected ${kind} response, got message type ${msg.type}`, {
        severity: 'FATAL',
      });
      logFailure(this.logger, this.peer, error, this.exchange.conn, undefined);
      throw error;
    }
    return Buffer.from(msg.view(msg.remaining));
  }

  /**
   * Feeds one 'p' body to the exchange and writes its answer (not flushed): SASLContinue, or
   * SASLFinal when SCRAM ends. Resolves true once authenticated (AuthenticationOk is the
   * connection's to send). Wipes `body` when done with it.
   * @throws DbError FATAL 28P01 / 08P01 / 0A000 from the exchange, logged with its reason.
   */
  async step(body: Buffer): Promise<boolean> {
    const exchange = this.exchange;
    try {
      const step = await exchange.receive(body);
      if (step.kind === 'AuthenticationSASLContinue') {
        this.writer.authenticationSaslContinue(step.data);
        return false;
      }
      if (step.saslFinal !== undefined) this.writer.authenticationSaslFinal(step.saslFinal);
      return true;
    } catch (err) {
      logFailure(this.logger, this.peer, err, exchange.conn, exchange.logDetail);
      throw err;
    } finally {
      body.fill(0); // a password or proof does not linger in memory longer than needed
    }
  }
}

/**
 * The server log's line for a refused login: PostgreSQL's message (it names only the user,
 * database and host) and `detail` (why, and the matching rule).
 */
function logFailure(
  logger: Logger,
  peer: { readonly address: string; readonly port: number },
  err: unknown,
  conn: ConnectionInfo,
  detail: string | undefined,
): void {
  if (!(err instanceof DbError)) return; // our bug: the connection logs it with its stack
  logger.warn(
    {
      peer,
      user: conn.user,
      database: conn.database,
      ssl: conn.ssl,
      code: err.code,
      ...(detail === undefined ? {} : { detail }),
    },
    `authentication failed: ${err.message}`,
  );
}
