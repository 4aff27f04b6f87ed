/**
 * Connection: the per-connection state machine of the v3 protocol, server side.
 *
 * PHASES
 *
 *   startup ──StartupMessage──▶ authenticating ──startSession──▶ ready ──Terminate/EOF──▶ closed
 *     │ SSLRequest / GSSENCRequest: answer 'N', stay (each at most once)
 *     └ CancelRequest: Backend.cancel(pid, key), close without a reply
 *
 * - startup: frames have no type byte. A StartupMessage for 3.x is accepted (3.1+ and `_pq_.`
 *   options get NegotiateProtocolVersion, as in PostgreSQL 15).
 * - authenticating: trust for now, so AuthenticationOk goes out at once; then the Backend opens
 *   the session and we send ParameterStatus*, BackendKeyData and ReadyForQuery. As in
 *   PostgreSQL with trust, an unknown role or database is a FATAL that follows AuthenticationOk.
 *   TODO(auth issue): SCRAM-SHA-256 replaces `authenticate()` with an exchange of
 *   AuthenticationSASL* and 'p' messages in this phase, before the session is opened.
 * - ready: one message at a time. A Query waits until the previous one's ReadyForQuery is out
 *   (messages that arrive meanwhile stay in the reader; we stop reading the socket once 1 MiB
 *   piles up, so TCP pushes back on a client that pipelines without reading).
 *
 * ERRORS
 *
 * - A broken frame (bad length, unknown type) loses the framing: FATAL 08P01, then close.
 * - A well-framed message with bad contents (a string without its NUL, invalid UTF-8) is an
 *   ERROR, answered like a failed query: the connection carries on, as in PostgreSQL.
 * - Extended-protocol messages are not supported yet: the first one gets ERROR 0A000, the rest
 *   are skipped until Sync, which gets ReadyForQuery (PostgreSQL's error recovery rule).
 * - A session error is sent as ErrorResponse, then ReadyForQuery. An error that is not a
 *   DbError (or is XX000) is our bug: the client gets its message only, the log gets the stack.
 *   A FATAL DbError closes the connection after it is sent.
 * - CopyData/CopyDone/CopyFail outside COPY are ignored, as PostgreSQL does (a client may still
 *   be streaming data for a COPY that already failed).
 *
 * LIFETIME: `Session.close()` is called exactly once and never while a query is pending; a
 * client that disconnects mid-query gets that query cancelled (Backend.cancel) first. Nothing
 * here lets an exception escape to the event loop or leaves a promise rejection unhandled.
 *
 * FLOW CONTROL: when the socket's write buffer is full we stop reading from it until 'drain',
 * and `QueryOutput.backpressure()` lets a session wait for the same event.
 *
 * @see https://www.postgresql.org/docs/15/protocol-flow.html
 */
import type { Socket } from 'node:net';
import { DbError, type Logger } from '@rustydb/common';
import type { FrontendMessage } from './frontend-message.js';
import { MessageReader } from './message-reader.js';
import { MessageWriter } from './message-writer.js';
import type { Backend, Session } from './session.js';
import { decodeStartupPacket } from './startup-packet.js';
import { type OutputTransport, WireQueryOutput } from './wire-query-output.js';

export interface ConnectionOptions {
  readonly logger: Logger;
  /** See `MessageReaderOptions.maxMessageSize`. */
  readonly maxMessageSize?: number;
}

type Phase = 'startup' | 'authenticating' | 'ready' | 'closed';

/** Stop reading the socket when this much unprocessed input has piled up behind a query. */
const MAX_BACKLOG = 1024 * 1024;
/** After we end a connection, how long a client may take to close its side. */
const LINGER_MS = 2_000;
/** PostgreSQL's scanner whitespace: a Query of only these is an empty query. */
const ONLY_WHITESPACE = /^[ \t\n\r\f]*$/;

const connectionLost = () => new DbError('08006', 'connection to client lost', { severity: 'FATAL' });
const adminShutdown = () =>
  new DbError('57P01', 'terminating connection due to administrator command', { severity: 'FATAL' });
const extendedNotSupported = () => new DbError('0A000', 'extended query protocol is not supported yet');
const functionCallNotSupported = () => new DbError('0A000', 'function call protocol is not supported yet');

/**
 * One client connection. Construct it on an accepted socket; it drives itself from socket
 * events. `whenClosed` resolves once the socket is closed and the session (if any) is closed.
 */
export class Connection implements OutputTransport {
  private phase: Phase = 'startup';
  private readonly reader: MessageReader;
  private readonly writer: MessageWriter;
  private readonly output: WireQueryOutput;
  private readonly logger: Logger;
  private session: Session | undefined;
  /** The async step in progress (opening the session or a query); it never rejects. */
  private pending: Promise<void> | undefined;
  private queryRunning = false;
  private skipTillSync = false;
  private sslDone = false;
  private gssDone = false;
  private terminating = false;
  private waitingForDrain = false;
  private drain: { promise: Promise<void>; resolve: () => void; reject: (e: DbError) => void } | undefined;
  private readonly peer: { address: string; port: number };
  private finished = false;
  private resolveClosed!: () => void;
  private socketClosed = false;
  private resolveSocketClosed!: () => void;
  private readonly socketClosedPromise = new Promise<void>((r) => {
    this.resolveSocketClosed = r;
  });
  /** Resolves when the connection is fully closed (socket and session). Never rejects. */
  readonly whenClosed = new Promise<void>((r) => {
    this.resolveClosed = r;
  });

  constructor(
    private readonly socket: Socket,
    private readonly backend: Backend,
    options: ConnectionOptions,
  ) {
    this.logger = options.logger;
    this.reader = new MessageReader({ maxMessageSize: options.maxMessageSize });
    this.writer = new MessageWriter(socket);
    this.output = new WireQueryOutput(this.writer, this);
    this.peer = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('end', () => this.lost());
    socket.on('error', (err) => {
      this.logger.debug({ err: err.message, peer: this.peer }, 'connection socket error');
      this.lost();
    });
    socket.on('close', () => {
      this.socketClosed = true;
      this.resolveSocketClosed();
      this.lost();
    });
    this.logger.debug({ peer: this.peer }, 'connection opened');
  }

  /** True once the client is gone or the connection is being closed: output is dropped. */
  get closed(): boolean {
    return this.phase === 'closed';
  }

  /**
   * Server shutdown: cancels a running query, sends FATAL 57P01 `terminating connection due to
   * administrator command` and closes. Resolves like `whenClosed`.
   */
  terminate(): Promise<void> {
    if (this.phase === 'closed' || this.terminating) return this.whenClosed;
    this.terminating = true;
    if (this.pending === undefined) this.closeWithError(adminShutdown());
    else if (this.queryRunning) this.cancelRunningQuery();
    // else: the session is being opened; stepDone() sends the FATAL when that settles.
    return this.whenClosed;
  }

  /** @internal OutputTransport: sends what the writer holds, pausing reads under backpressure. */
  flush(): void {
    if (this.phase === 'closed' || this.socket.destroyed) {
      this.writer.discard();
      return;
    }
    if (!this.writer.flush()) {
      this.waitingForDrain = true;
      this.updateReading();
    }
  }

  /** @internal OutputTransport: see `QueryOutput.backpressure`. */
  backpressure(): Promise<void> | undefined {
    if (this.phase === 'closed') return Promise.reject(connectionLost());
    if (!this.waitingForDrain) return undefined;
    if (this.drain === undefined) {
      let resolve!: () => void;
      let reject!: (e: DbError) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.drain = { promise, resolve, reject };
    }
    return this.drain.promise;
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return; // lingering after we ended it: discard
    this.reader.push(chunk);
    try {
      this.pump();
    } catch (err) {
      this.bug(err);
    }
  }

  private onDrain(): void {
    this.waitingForDrain = false;
    const drain = this.drain;
    this.drain = undefined;
    drain?.resolve();
    this.updateReading();
  }

  /** Processes buffered messages until one needs to wait, input runs out, or we close. */
  private pump(): void {
    while (this.pending === undefined && this.phase !== 'closed') {
      let msg: FrontendMessage | undefined;
      try {
        msg = this.reader.next();
      } catch (err) {
        this.closeWithError(this.toClientError(err));
        return;
      }
      if (msg === undefined) break;
      try {
        if (this.phase === 'startup') this.onStartupPacket(msg);
        else this.onMessage(msg);
      } catch (err) {
        this.onMessageError(this.toClientError(err), msg.type);
      }
    }
    this.updateReading();
  }

  private onStartupPacket(msg: FrontendMessage): void {
    const packet = decodeStartupPacket(msg, this.sslDone, this.gssDone);
    switch (packet.kind) {
      case 'SSLRequest':
      case 'GSSENCRequest':
        // TLS is a later issue; 'N' tells the client to carry on unencrypted.
        if (packet.kind === 'SSLRequest') this.sslDone = true;
        else this.gssDone = true;
        this.writer.encryptionRefused();
        this.flush();
        return;
      case 'CancelRequest':
        this.backend.cancel(packet.processId, packet.secretKey);
        this.close();
        return;
      case 'StartupMessage':
        this.reader.startupPhase = false;
        this.phase = 'authenticating';
        if (packet.minorVersion > 0 || packet.unsupportedOptions.length > 0) {
          this.writer.negotiateProtocolVersion(0, packet.unsupportedOptions);
        }
        this.authenticate();
        this.runStep(this.openSession(packet.parameters));
        return;
    }
  }

  /** Trust authentication: every startup is accepted. */
  private authenticate(): void {
    this.writer.authenticationOk();
    this.flush();
  }

  private async openSession(params: Readonly<Record<string, string>>): Promise<void> {
    const session = await this.backend.startSession(params, this.peer);
    this.session = session;
    if (this.phase === 'closed') return; // client left meanwhile; stepDone closes the session
    for (const [name, value] of Object.entries(session.parameterStatuses())) {
      this.writer.parameterStatus(name, value);
    }
    this.writer.backendKeyData(session.processId, session.secretKey);
    this.phase = 'ready';
    this.readyForQuery();
  }

  /** One message of the ready phase. Synchronous; a query continues in `runStep`. */
  private onMessage(msg: FrontendMessage): void {
    const type = String.fromCharCode(msg.type);
    if (type === 'X') {
      this.close();
      return;
    }
    if (type === 'S') {
      this.skipTillSync = false;
      this.readyForQuery();
      return;
    }
    if (this.skipTillSync) return;
    switch (type) {
      case 'Q':
        this.onQuery(msg);
        return;
      case 'H':
        this.flush();
        return;
      case 'P':
      case 'B':
      case 'D':
      case 'E':
      case 'C':
        throw extendedNotSupported();
      case 'F':
        throw functionCallNotSupported();
      default:
        // 'd', 'c', 'f': COPY traffic outside COPY is ignored (see the file comment). The
        // reader lets no other type through.
        return;
    }
  }

  private onQuery(msg: FrontendMessage): void {
    const sql = msg.cstring(true);
    msg.expectEnd();
    if (ONLY_WHITESPACE.test(sql)) {
      this.writer.emptyQueryResponse();
      this.readyForQuery();
      return;
    }
    const session = this.session!;
    let query: Promise<void>;
    try {
      query = session.simpleQuery(sql, this.output);
    } catch (err) {
      query = Promise.reject(err);
    }
    this.queryRunning = true;
    this.runStep(
      query.then(
        () => this.afterQuery(undefined),
        (err: unknown) => this.afterQuery(err),
      ),
    );
  }

  private afterQuery(err: unknown): void {
    this.queryRunning = false;
    if (this.phase === 'closed') return;
    if (this.terminating) {
      this.closeWithError(adminShutdown());
      return;
    }
    if (err !== undefined) {
      const error = this.toClientError(err);
      if (isFatal(error)) {
        this.closeWithError(error);
        return;
      }
      this.writer.errorResponse(error);
    }
    this.readyForQuery();
  }

  /** An error thrown while handling a message of type `type` (0 during startup). */
  private onMessageError(error: DbError, type: number): void {
    if (this.phase !== 'ready' || isFatal(error)) {
      // Before the session is up every error is FATAL, as in PostgreSQL's postmaster.
      this.closeWithError(isFatal(error) ? error : error.with({ severity: 'FATAL' }));
      return;
    }
    this.writer.errorResponse(error);
    if (isExtendedProtocol(type)) {
      this.skipTillSync = true;
      this.flush();
    } else {
      this.readyForQuery();
    }
  }

  private readyForQuery(): void {
    this.writer.readyForQuery(this.session!.transactionStatus());
    this.flush();
  }

  /** Runs an async step; messages wait until it is done. The step's errors end the connection. */
  private runStep(step: Promise<void>): void {
    this.pending = step
      .then(
        () => this.stepDone(),
        (err: unknown) => {
          this.closeWithError(fatalVersion(this.toClientError(err)));
          this.stepDone();
        },
      )
      .catch((err: unknown) => {
        this.pending = undefined;
        this.queryRunning = false;
        this.bug(err);
      });
  }

  private stepDone(): void {
    this.pending = undefined;
    if (this.phase === 'closed') {
      this.finish();
      return;
    }
    if (this.terminating) {
      this.closeWithError(adminShutdown());
      return;
    }
    this.pump();
  }

  /** Sends a FATAL error and closes gracefully. */
  private closeWithError(error: DbError): void {
    if (this.phase === 'closed') return;
    this.writer.errorResponse(fatalVersion(error));
    this.close();
  }

  /** We end the connection: flush what is pending, send FIN, close the session. */
  private close(): void {
    if (this.phase === 'closed') return;
    this.flush();
    this.phase = 'closed';
    this.rejectDrain();
    this.socket.end();
    // Keep reading (and discarding) until the client closes its side, so unread input does
    // not turn our close into a reset that could swallow the last messages; but not forever.
    this.socket.resume();
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
    this.finish();
  }

  /** The client went away (EOF, socket error or close). */
  private lost(): void {
    if (this.phase !== 'closed') {
      this.phase = 'closed';
      this.writer.discard();
      this.rejectDrain();
      if (this.queryRunning) this.cancelRunningQuery();
      // Nothing more to say to a client that left: release the socket now.
      if (!this.socketClosed) this.socket.destroy();
    }
    // NB: after our own close() the socket is already ending and drains what we wrote (our
    // last message may be a FATAL the client still has to read), so it is not destroyed here.
    this.finish();
  }

  private cancelRunningQuery(): void {
    const s = this.session;
    if (s !== undefined) this.backend.cancel(s.processId, s.secretKey);
  }

  private rejectDrain(): void {
    const drain = this.drain;
    this.drain = undefined;
    if (drain === undefined) return;
    // The session may have stopped listening; don't let that become an unhandled rejection.
    drain.promise.catch(() => undefined);
    drain.reject(connectionLost());
  }

  /** Once closed and no step is pending: close the session (once), then resolve whenClosed. */
  private finish(): void {
    if (this.finished || this.pending !== undefined) return;
    this.finished = true;
    const session = this.session;
    let closing: Promise<void>;
    try {
      closing = session === undefined ? Promise.resolve() : session.close();
    } catch (err) {
      closing = Promise.reject(err);
    }
    closing
      .catch((err: unknown) => {
        this.logger.error({ err, pid: session?.processId }, 'session close failed');
      })
      .then(() => this.socketClosedPromise)
      .then(() => {
        this.logger.debug({ peer: this.peer, pid: session?.processId }, 'connection closed');
        this.resolveClosed();
      });
  }

  private updateReading(): void {
    if (this.phase === 'closed') return;
    const backlog = this.pending !== undefined && this.reader.bufferedBytes > MAX_BACKLOG;
    if (this.waitingForDrain || backlog) this.socket.pause();
    else this.socket.resume();
  }

  /**
   * Something threw where nothing should (a bug here or in the session, e.g. while sending an
   * error): the state is unknown, so log it and drop the connection rather than the process.
   */
  private bug(err: unknown): void {
    this.logger.error({ err, pid: this.session?.processId }, 'connection failed');
    this.lost();
  }

  /** Anything thrown becomes a DbError for the client; our own bugs are logged with the stack. */
  private toClientError(err: unknown): DbError {
    if (err instanceof DbError && err.code !== 'XX000') return err;
    // NB: log the error and the stack only; the query text may hold secrets.
    this.logger.error({ err, pid: this.session?.processId }, 'internal error');
    const message = err instanceof Error ? err.message : String(err);
    return new DbError('XX000', message, err instanceof DbError ? { severity: err.fields.severity } : {});
  }
}

const isFatal = (e: DbError): boolean => e.severity === 'FATAL' || e.severity === 'PANIC';
const fatalVersion = (e: DbError): DbError => (isFatal(e) ? e : e.with({ severity: 'FATAL' }));

/** Parse, Bind, Describe, Execute, Close, Flush: an error in one of these skips until Sync. */
function isExtendedProtocol(type: number): boolean {
  return type === 0x50 || type === 0x42 || type === 0x44 || type === 0x45 || type === 0x43 || type === 0x48;
}
