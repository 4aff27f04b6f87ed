/**
 * ProtocolServer: a TCP listener that runs one Connection per accepted socket against a
 * Backend. It owns the listening socket and the set of live connections, nothing else: the
 * engine is reached only through the Backend it is given.
 *
 * Only loopback addresses may be listened on for now: authentication is trust (every startup
 * is accepted), which is only safe when the only clients are local.
 */
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { type Logger, silentLogger } from '@rustydb/common';
import { Connection } from './connection.js';
import type { Backend } from './session.js';

export interface ProtocolServerOptions {
  /** Connection open/close lines at debug, internal errors at error. Silent by default. */
  readonly logger?: Logger;
  /** Largest frontend message accepted, in bytes. Default 64 MiB. */
  readonly maxMessageSize?: number;
}

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

export class ProtocolServer {
  private readonly server: Server;
  private readonly connections = new Set<Connection>();
  private readonly logger: Logger;

  constructor(
    private readonly backend: Backend,
    private readonly options: ProtocolServerOptions = {},
  ) {
    this.logger = options.logger ?? silentLogger();
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', (err) => this.logger.error({ err }, 'protocol server error'));
  }

  /** Live connections (including ones still in startup). */
  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Starts listening; resolves with the bound address (port 0 picks a free port). Rejects with
   * an Error when `host` is not a loopback address ('127.0.0.1', '::1', 'localhost') or when
   * the address cannot be bound (e.g. EADDRINUSE).
   */
  listen(port: number, host: string): Promise<AddressInfo> {
    if (!LOOPBACK_HOSTS.has(host)) {
      return Promise.reject(
        new Error(
          `refusing to listen on "${host}": only loopback addresses (127.0.0.1, ::1, localhost) are ` +
            'allowed, because every client is trusted until authentication is implemented',
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
    const stopped = new Promise<void>((resolve) => {
      if (!this.server.listening) resolve();
      else this.server.close(() => resolve());
    });
    await Promise.all([...this.connections].map((c) => c.terminate()));
    await stopped;
  }

  private accept(socket: Socket): void {
    const connection = new Connection(socket, this.backend, {
      logger: this.logger,
      maxMessageSize: this.options.maxMessageSize,
    });
    this.connections.add(connection);
    connection.whenClosed.then(() => this.connections.delete(connection));
  }
}
