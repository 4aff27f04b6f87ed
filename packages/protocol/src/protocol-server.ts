/**
 * ProtocolServer: a TCP listener that runs one Connection per accepted socket against a
 * Backend. It owns the listening socket, the set of live connections and the TLS context,
 * nothing else: the engine is reached only through the Backend it is given, and who may log in
 * is decided by the Authenticator (@rustydb/security) it is given.
 *
 * Only loopback addresses may be listened on unless an Authenticator with password rules is
 * configured: with trust alone (no Authenticator, or rules that only trust or reject) every
 * client that reaches the port would be let in as any role.
 */
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { DbError, type Logger, silentLogger } from '@rustydb/common';
import type { Authenticator } from '@rustydb/security';
import type { BusyPoll } from './busy-poll.js';
import { Connection } from './connection.js';
import type { Backend } from './session.js';

/** The server's TLS identity, PEM-encoded (what `tls.createSecureContext` takes). */
export interface TlsOptions {
  /** Certificate chain: the server certificate first, then any intermediates. */
  readonly cert: Buffer | string;
  /** The certificate's private key (unencrypted). */
  readonly key: Buffer | string;
}

export interface ProtocolServerOptions {
  /** Connection open/close lines at debug, failed logins at warn, internal errors at error. Silent by default. */
  readonly logger?: Logger;
  /** Largest frontend message accepted, in bytes. Default 64 MiB. */
  readonly maxMessageSize?: number;
  /**
   * Host rules and password checks for every connection (it holds the LoginThrottle, if any).
   * Absent: every startup is trusted, and only loopback addresses may be listened on.
   */
  readonly authenticator?: Authenticator;
  /** Accept SSLRequest and speak TLS with this identity. Absent: SSLRequest is answered 'N'. */
  readonly tls?: TlsOptions;
  /**
   * Connections (in startup or with a session) beyond which a new one is refused at once with
   * FATAL 53300 `sorry, too many clients already`, before it sends anything: PostgreSQL's
   * postmaster limit on its children (twice max_connections and some). The backend enforces
   * max_connections on sessions itself. Default 400.
   */
  readonly maxLiveConnections?: number;
  /** See `ConnectionOptions.authenticationTimeoutMs`. Default 60 s, as PostgreSQL. */
  readonly authenticationTimeoutMs?: number;
  /** See `ConnectionOptions.userBufferReads`. Default true. */
  readonly userBufferReads?: boolean;
  /**
   * Keeps the event loop turning for a window after each ReadyForQuery (busy-poll.ts); stopped
   * by `close`. Absent: the loop sleeps as soon as it has nothing to do (an embedder's process
   * may have better uses for the CPU); the server binary gives one of DEFAULT_BUSY_POLL_MICROS.
   */
  readonly busyPoll?: BusyPoll;
}

/** PostgreSQL's authentication_timeout default. */
export const DEFAULT_AUTHENTICATION_TIMEOUT_MS = 60_000;
/** Twice PostgreSQL's default max_connections and then some, as its MaxLivePostmasterChildren. */
export const DEFAULT_MAX_LIVE_CONNECTIONS = 400;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export class ProtocolServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly logger: Logger;
  private readonly secureContext: SecureContext | undefined;

  /**
   * Sync; does not listen yet. @throws Error (from node:tls) when `tls` holds an unusable
   * certificate or key, or a key that does not match the certificate.
   */
  constructor(
    private readonly backend: Backend,
    private readonly options: ProtocolServerOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger();
    this.secureContext =
      options.tls === undefined
        ? undefined
        : // TLS 1.2 at least, as PostgreSQL's default ssl_min_protocol_version.
          createSecureContext({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' });
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => this.logger.error({ err }, 'protocol server error'));
  }

  /** Live connections (including ones still in startup). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** True when SSLRequest is accepted (a certificate and key were given). */
  get tlsEnabled(): boolean {
    return this.secureContext !== undefined;
  }

  /**
   * Starts listening; resolves with the bound address (port 0 picks a free port). Rejects with
   * an Error when `host` is not a loopback address ('127.0.0.1', '::1', 'localhost') and no
   * Authenticator with password rules is configured, or when the address cannot be bound
   * (e.g. EADDRINUSE).
   */
  listen(port: number, host: string): Promise<AddressInfo> {
    if (!LOOPBACK_HOSTS.has(host) && this.options.authenticator?.usesPasswords !== true) {
      return Promise.reject(
        new Error(
          `refusing to listen on "${host}": only loopback addresses (127.0.0.1, ::1, localhost) are ` +
            'allowed while no host rule demands a password, because every client would be trusted',
        ),
      );
    }
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /**
   * Stops accepting connections and ends every live one (a running query is cancelled; each
   * client gets FATAL 57P01). Resolves once all sessions are closed and the listener is down.
   */
  async close(): Promise<void> {
    this.options.busyPoll?.stop();
    const stopped = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    await Promise.all([...this.connections].map((c) => c.terminate()));
    await stopped;
  }

  private accept(socket: Socket): void {
    const full = this.connections.size >= (this.options.maxLiveConnections ?? DEFAULT_MAX_LIVE_CONNECTIONS);
    const connection = new Connection(socket, this.backend, {
      logger: this.logger,
      maxMessageSize: this.options.maxMessageSize,
      authenticator: this.options.authenticator,
      secureContext: this.secureContext,
      authenticationTimeoutMs: this.options.authenticationTimeoutMs ?? DEFAULT_AUTHENTICATION_TIMEOUT_MS,
      userBufferReads: this.options.userBufferReads,
      busyPoll: this.options.busyPoll,
    });
    if (full) {
      this.logger.warn({ peer: socket.remoteAddress }, 'connection refused: too many clients');
      connection.refuse(new DbError('53300', 'sorry, too many clients already', { severity: 'FATAL' }));
      return;
    }
    this.connections.add(connection);
    connection.whenClosed.then(() => this.connections.delete(connection));
  }
}
