/**
 * Connection: the per-connection state machine of the v3 protocol, server side.
 *
 * PHASES
 *
 *   startup ──StartupMessage──▶ authenticating ──startSession──▶ ready ──Terminate/EOF──▶ closed
 *     │ SSLRequest: 'S' and the TLS handshake when TLS is configured, else 'N'; stay (once)
 *     │ GSSENCRequest: answer 'N', stay (at most once)
 *     └ CancelRequest: Backend.cancel(pid, key), close without a reply
 *
 * - startup: frames have no type byte. A StartupMessage for 3.x is accepted (3.1+ and `_pq_.`
 *   options get NegotiateProtocolVersion, as in PostgreSQL 15).
 * - TLS: after 'S' the socket is wrapped in a server-side TLSSocket and everything after (the
 *   StartupMessage included) is encrypted. Bytes the client sent after the SSLRequest but before
 *   reading our 'S' were not encrypted and may have been injected by a man in the middle
 *   (CVE-2021-23214): as PostgreSQL, we answer FATAL 08P01 `received unencrypted data after SSL
 *   request` (in clear text) and close.
 * - authenticating: with no Authenticator every startup is trusted and AuthenticationOk goes out
 *   at once. With one, `Authenticator.begin` picks the method from the host rules (`ssl` says
 *   whether TLS is on, for hostssl rules) and `AuthenticationPhase` (authentication-phase.ts)
 *   sends its request; then each 'p' message goes to the exchange, one at a time (the next waits
 *   in the reader), answered with SASLContinue until SASLFinal and AuthenticationOk. Any other
 *   message is FATAL 08P01, as in PostgreSQL. A failed check is the FATAL DbError the security
 *   package throws (28P01, 28000, 08P01): it is sent, the reason (never a secret) goes to the
 *   server log, and the connection closes. A client that hangs up mid-way is just closed. Then the Backend opens the session and we send ParameterStatus*,
 *   BackendKeyData and ReadyForQuery; as in PostgreSQL, an unknown role or database under trust
 *   is a FATAL that follows AuthenticationOk. 'p' after authentication is an invalid type.
 * - ready: one message at a time. A Query, Execute or Sync the session finishes synchronously (it
 *   returns a value, not a promise: a point lookup, a commit that wrote nothing) is answered at
 *   once, inside the read loop; one that returns a promise holds the loop until it settles.
 *   A Query waits until the previous one's ReadyForQuery is out
 *   (messages that arrive meanwhile stay in the reader; we stop reading the socket once 1 MiB
 *   piles up, so TCP pushes back on a client that pipelines without reading).
 *
 * EXTENDED QUERY. Parse, Bind, Describe, Execute and Close go to the session's extended methods
 * (session.ts) one at a time, answered with ParseComplete, BindComplete, ParameterDescription /
 * RowDescription / NoData, DataRows + CommandComplete or PortalSuspended, CloseComplete. Nothing
 * is flushed until Sync (ReadyForQuery), Flush, or a result passing 64 KiB, so a pipeline of
 * many messages costs one write. Bind's parameters are decoded here (extended-messages.ts), with
 * the types the statement's description gives.
 *
 * COPY. A session running COPY FROM STDIN calls `QueryOutput.copyIn`: we send CopyInResponse and
 * hand the CopyData, CopyDone and CopyFail messages that follow to a CopyInQueue while the
 * statement is still running (copy-in-queue.ts: its size limit pushes back on the client). COPY
 * TO STDOUT needs nothing here: CopyOutResponse/CopyData/CopyDone are plain output.
 *
 * ERRORS
 *
 * - A broken frame (bad length, unknown type) loses the framing: FATAL 08P01, then close.
 * - A well-framed message with bad contents (a string without its NUL, invalid UTF-8) is an
 *   ERROR, answered like a failed query: the connection carries on, as in PostgreSQL.
 * - An error in an extended-protocol message is sent as ErrorResponse; the messages after it are
 *   skipped until Sync, which gets ReadyForQuery (PostgreSQL's error recovery rule), and
 *   `Session.sync(true)` lets the session abort what the pipeline did.
 * - A session error is sent as ErrorResponse, then ReadyForQuery. An error that is not a
 *   DbError (or is XX000) is our bug: the client gets its message only, the log gets the stack.
 *   A FATAL DbError closes the connection after it is sent.
 * - CopyData/CopyDone/CopyFail outside COPY are ignored, as PostgreSQL does (a client may still
 *   be streaming data for a COPY that already failed). FunctionCall gets 0A000.
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
import { type SecureContext, TLSSocket } from 'node:tls';
import { assert, DbError, type Logger, resourceLimitError } from '@rustydb/common';
import type { Authenticator, ConnectionInfo } from '@rustydb/security';
import { AuthenticationPhase } from './authentication-phase.js';
import type { BusyPoll } from './busy-poll.js';
import { CopyInQueue } from './copy-in-queue.js';
import { answerBind, answerClose, answerDescribe, answerParse, readExecute } from './extended-messages.js';
import type { FrontendMessage } from './frontend-message.js';
import { MessageReader } from './message-reader.js';
import { MessageWriter } from './message-writer.js';
import type {
  Backend,
  CopyFormat,
  CopyInStream,
  Session,
  SessionEnding,
  StartupParameters,
} from './session.js';
import { decodeStartupPacket } from './startup-packet.js';
import { readIntoUserBuffer } from './user-buffer-reads.js';
import { type OutputTransport, WireQueryOutput } from './wire-query-output.js';

export interface ConnectionOptions {
  readonly logger: Logger;
  /** See `MessageReaderOptions.maxMessageSize`. */
  readonly maxMessageSize?: number;
  /** Decides how clients authenticate (host rules, passwords). Absent: every startup is trusted. */
  readonly authenticator?: Authenticator;
  /** The server's certificate and key: SSLRequest is accepted with 'S'. Absent: answered 'N'. */
  readonly secureContext?: SecureContext;
  /**
   * authentication_timeout: how long a client may take from connecting to its session being
   * ready (startup packet and authentication); past it the connection is dropped without a
   * message, as PostgreSQL's backend exits. Absent or 0: no limit.
   */
  readonly authenticationTimeoutMs?: number;
  /**
   * Read an unencrypted socket into one reused buffer once startup is over (user-buffer-reads.ts).
   * Default true; false keeps `'data'` events (the fallback, also taken where Node cannot).
   */
  readonly userBufferReads?: boolean;
  /** Told after each ReadyForQuery, to keep the event loop turning for the next message (busy-poll.ts). */
  readonly busyPoll?: BusyPoll;
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
const functionCallNotSupported = () => new DbError('0A000', 'function call protocol is not supported yet');
const invalidMessageType = (type: number) =>
  new DbError('08P01', `invalid frontend message type ${type}`, { severity: 'FATAL' });
const unencryptedDataAfterSslRequest = () =>
  new DbError('08P01', 'received unencrypted data after SSL request', {
    severity: 'FATAL',
    detail:
      'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
  });

/**
 * One client connection. Construct it on an accepted socket; it drives itself from socket
 * events. `whenClosed` resolves once the socket is closed and the session (if any) is closed.
 */
export class Connection implements OutputTransport {
  private phase: Phase = 'startup';
  private readonly reader: MessageReader;
  private readonly writer: MessageWriter;
  private readonly output: WireQueryOutput;
  /** Execute's output: like `output`, but RowDescription is left to Describe. */
  private readonly portalOutput: WireQueryOutput;
  /** The data of a running COPY FROM STDIN, while the client may still send it. */
  private copyIn: CopyInQueue | undefined;
  private readonly logger: Logger;
  private readonly authenticator: Authenticator | undefined;
  private readonly secureContext: SecureContext | undefined;
  private readonly userBufferReads: boolean;
  private readonly busyPoll: BusyPoll | undefined;
  /** The accepted socket, replaced by a TLSSocket over it once TLS is negotiated. */
  private socket: Socket;
  /** True once TLS is negotiated. */
  private encrypted = false;
  /** The authentication exchange in progress (authenticating phase, not yet authenticated). */
  private auth: AuthenticationPhase | undefined;
  private startupParameters: StartupParameters | undefined;
  private session: Session | undefined;
  /** The async step in progress (opening the session or a query); it never rejects. */
  private pending: Promise<void> | undefined;
  private queryRunning = false;
  /** A message is being handled (the session may run synchronously inside it). */
  private handling = false;
  /** ReadyForQuery was the last thing sent: the client waits for its next command. */
  private idle = false;
  private skipTillSync = false;
  private sslDone = false;
  private gssDone = false;
  private terminating = false;
  /** How the connection ended, for `Session.close` (see SessionEnding). */
  private ending: SessionEnding = 'normal';
  private waitingForDrain = false;
  private drain: { promise: Promise<void>; resolve: () => void; reject: (e: DbError) => void } | undefined;
  private readonly peer: { address: string; port: number };
  private finished = false;
  /** Drops the connection at authentication_timeout; cleared once the session is ready. */
  private authTimer: NodeJS.Timeout | undefined;
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
    socket: Socket,
    private readonly backend: Backend,
    options: ConnectionOptions,
  ) {
    this.logger = options.logger;
    this.authenticator = options.authenticator;
    this.secureContext = options.secureContext;
    this.userBufferReads = options.userBufferReads ?? true;
    this.busyPoll = options.busyPoll;
    this.socket = socket;
    this.reader = new MessageReader({ maxMessageSize: options.maxMessageSize });
    // NB: through `this.socket`, so output follows the socket into TLS.
    this.writer = new MessageWriter({
      write: (chunk) => this.socket.write(chunk),
      // TLS encrypts from the chunk later, with no count that says when: flush copies for it.
      heldBytes: () => (this.encrypted ? undefined : this.socket.writableLength),
    });
    this.output = new WireQueryOutput(this.writer, this);
    this.portalOutput = new WireQueryOutput(this.writer, this, false);
    this.peer = { address: socket.remoteAddress ?? '', port: socket.remotePort ?? 0 };
    socket.setNoDelay(true);
    this.listenTo(socket);
    if (options.authenticationTimeoutMs) {
      this.authTimer = setTimeout(this.onAuthenticationTimeout, options.authenticationTimeoutMs).unref();
    }
    this.logger.debug({ peer: this.peer }, 'connection opened');
  }

  /**
   * Refuses the connection before reading anything (the server has no room for it): sends
   * `error` as FATAL and closes, as PostgreSQL's postmaster answers a client past its limit.
   */
  refuse(error: DbError): void {
    this.closeWithError(error);
  }

  private readonly onAuthenticationTimeout = (): void => {
    this.authTimer = undefined;
    if (this.phase === 'ready' || this.phase === 'closed') return;
    this.logger.debug({ peer: this.peer }, 'authentication timeout: connection dropped');
    this.lost();
  };

  private clearAuthenticationTimer(): void {
    if (this.authTimer === undefined) return;
    clearTimeout(this.authTimer);
    this.authTimer = undefined;
  }

  private readonly onSocketData = (chunk: Buffer): void => this.onData(chunk);
  private readonly onSocketRead = (chunk: Buffer): void => this.onBorrowedData(chunk);
  private readonly onSocketDrain = (): void => this.onDrain();
  private readonly onSocketEnd = (): void => this.lost();
  private readonly onSocketError = (err: Error): void => {
    this.logger.debug({ err: err.message, peer: this.peer }, 'connection socket error');
    this.lost();
  };
  private readonly onSocketClose = (): void => {
    this.socketClosed = true;
    this.resolveSocketClosed();
    this.lost();
  };

  private listenTo(socket: Socket): void {
    socket.on('data', this.onSocketData);
    socket.on('drain', this.onSocketDrain);
    socket.on('end', this.onSocketEnd);
    socket.on('error', this.onSocketError);
    socket.on('close', this.onSocketClose);
  }

  /** True once the client is gone or the connection is being closed: output is dropped. */
  get closed(): boolean {
    return this.phase === 'closed';
  }

  /**
   * Server shutdown (and pg_terminate_backend, `Session.onTerminate`): cancels a running query,
   * sends FATAL 57P01 `terminating connection due to administrator command` and closes. Resolves
   * like `whenClosed`.
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

  /** @internal OutputTransport: see `QueryOutput.copyIn`. */
  startCopyIn(format: CopyFormat): CopyInStream {
    if (this.phase === 'closed') {
      // The client is gone: the session's first read fails and the statement stops.
      const gone = new CopyInQueue(() => undefined);
      gone.fail(connectionLost());
      return gone;
    }
    this.writer.copyResponse('in', format);
    this.flush();
    const queue = new CopyInQueue(() => queueMicrotask(() => this.resume()));
    this.copyIn = queue;
    return queue;
  }

  /** The copy-in queue has room again: take more messages. */
  private resume(): void {
    try {
      this.pump();
    } catch (err) {
      this.bug(err);
    }
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

  /** A read into the socket's reused buffer: what the messages leave unread is copied out. */
  private onBorrowedData(chunk: Buffer): void {
    if (this.phase === 'closed') return; // lingering after we ended it: discard
    this.reader.pushBorrowed(chunk);
    try {
      this.pump();
    } catch (err) {
      this.bug(err);
    } finally {
      this.reader.returnBorrowed();
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
    while (this.phase !== 'closed') {
      // While a COPY FROM STDIN runs, its data messages are taken even though a step is pending.
      const copying = this.copyIn?.wantsMore === true;
      if (this.pending !== undefined && !copying) break;
      let msg: FrontendMessage | undefined;
      try {
        msg = this.reader.next();
      } catch (err) {
        this.closeWithError(this.toClientError(err));
        return;
      }
      if (msg === undefined) break;
      this.handling = true;
      try {
        if (this.phase === 'startup') this.onStartupPacket(msg);
        else if (copying) this.onCopyMessage(msg);
        else if (this.phase === 'authenticating') this.onAuthMessage(msg);
        else this.onMessage(msg);
      } catch (err) {
        this.onMessageError(this.toClientError(err), msg.type);
      } finally {
        this.handling = false;
      }
    }
    this.updateReading();
  }

  private onStartupPacket(msg: FrontendMessage): void {
    const packet = decodeStartupPacket(msg, this.sslDone, this.gssDone);
    switch (packet.kind) {
      case 'SSLRequest':
        this.sslDone = true;
        if (this.secureContext !== undefined) {
          this.startTls(this.secureContext);
          return;
        }
        // 'N' tells the client to carry on unencrypted (or give up, under sslmode=require).
        this.writer.encryptionRefused();
        this.flush();
        return;
      case 'GSSENCRequest':
        this.gssDone = true;
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
        // TLS is settled now (see user-buffer-reads.ts); false leaves 'data' events in place.
        if (this.userBufferReads && !this.encrypted) readIntoUserBuffer(this.socket, this.onSocketRead);
        if (packet.minorVersion > 0 || packet.unsupportedOptions.length > 0) {
          this.writer.negotiateProtocolVersion(0, packet.unsupportedOptions);
        }
        this.authenticate(packet.parameters);
        return;
    }
  }

  /**
   * Answers an SSLRequest with 'S' and wraps the socket in TLS; the handshake and then the
   * StartupMessage arrive through the TLSSocket. Sync; throws FATAL 08P01 (sent in clear text)
   * when unencrypted bytes already follow the SSLRequest (see the file comment).
   */
  private startTls(secureContext: SecureContext): void {
    this.writer.sslAccepted();
    this.flush();
    if (this.reader.bufferedBytes > 0) throw unencryptedDataAfterSslRequest();
    const raw = this.socket;
    // The TLSSocket takes over reading and writing the raw socket; its 'error' and 'close'
    // stay heard (either may report the end first, and an 'error' without a listener throws).
    raw.off('data', this.onSocketData);
    raw.off('drain', this.onSocketDrain);
    raw.off('end', this.onSocketEnd);
    const secure = new TLSSocket(raw, { isServer: true, secureContext });
    this.socket = secure;
    this.encrypted = true;
    this.listenTo(secure);
  }

  /**
   * Starts the authenticating phase: trust without an Authenticator, else its exchange's first
   * request (authentication-phase.ts). Sync; throws the FATAL DbError of `Authenticator.begin`.
   */
  private authenticate(params: StartupParameters): void {
    if (this.authenticator !== undefined) {
      const conn: ConnectionInfo = {
        user: params.user ?? '',
        database: params.database ?? '',
        // No address: a Unix-domain socket (`local` rules).
        ...(this.peer.address === '' ? {} : { address: this.peer.address }),
        ssl: this.encrypted,
      };
      const auth = AuthenticationPhase.begin(this.authenticator, conn, this.writer, this.logger, this.peer);
      if (!auth.authenticated) {
        this.auth = auth;
        this.startupParameters = params;
        this.flush();
        return;
      }
    }
    this.authenticated(params);
  }

  /** Authentication is over: AuthenticationOk, then the session opens. */
  private authenticated(params: StartupParameters): void {
    this.auth = undefined;
    this.writer.authenticationOk();
    this.flush();
    this.runStep(this.openSession(params));
  }

  /** One message while an authentication exchange waits for the client's 'p'. */
  private onAuthMessage(msg: FrontendMessage): void {
    const auth = this.auth;
    assert(auth !== undefined, 'authentication message without an exchange');
    this.runStep(this.authStep(auth, auth.accept(msg)));
  }

  /** One step of the exchange; once authenticated, AuthenticationOk and the session. */
  private async authStep(auth: AuthenticationPhase, body: Buffer): Promise<void> {
    const done = await auth.step(body);
    if (this.phase === 'closed') return; // the client left meanwhile: nothing to say
    if (!done) {
      this.flush();
      return;
    }
    const params = this.startupParameters;
    assert(params !== undefined, 'authenticated without startup parameters');
    this.auth = undefined;
    this.writer.authenticationOk();
    this.flush();
    await this.openSession(params);
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
    this.clearAuthenticationTimer();
    session.onNotification?.(() => this.onNotification());
    session.onTerminate?.(() => void this.terminate());
    this.readyForQuery();
  }

  /** One message of the ready phase. Synchronous; a query continues in `runStep`. */
  private onMessage(msg: FrontendMessage): void {
    this.idle = false;
    const type = String.fromCharCode(msg.type);
    if (type === 'X') {
      this.close();
      return;
    }
    if (type === 'S') {
      this.onSync();
      return;
    }
    // Password and SASL messages belong to the authenticating phase only; like PostgreSQL's
    // SocketBackend, the type is checked even while skipping until Sync.
    if (type === 'p') throw invalidMessageType(msg.type);
    if (this.skipTillSync) return;
    switch (type) {
      case 'Q':
        this.onQuery(msg);
        return;
      case 'P':
        answerParse(msg, this.session!, this.writer);
        return;
      case 'B':
        answerBind(msg, this.session!, this.writer);
        return;
      case 'D':
        answerDescribe(msg, this.session!, this.writer);
        return;
      case 'E':
        this.onExecute(msg);
        return;
      case 'C':
        answerClose(msg, this.session!, this.writer);
        return;
      case 'H':
        this.flush();
        return;
      case 'F':
        throw functionCallNotSupported();
      default:
        // 'd', 'c', 'f': COPY traffic outside COPY is ignored (see the file comment). The
        // reader lets no other type through.
        return;
    }
  }

  /** A message while COPY FROM STDIN runs; Terminate still ends the connection. */
  private onCopyMessage(msg: FrontendMessage): void {
    if (msg.type === 0x58) {
      this.copyIn?.fail(connectionLost());
      this.close();
      return;
    }
    this.copyIn!.onMessage(msg);
  }

  private onExecute(msg: FrontendMessage): void {
    const { portal, maxRows } = readExecute(msg);
    let run: Promise<boolean> | boolean;
    this.queryRunning = true;
    try {
      run = this.session!.execute(portal, maxRows, this.portalOutput);
    } catch (err) {
      this.afterStep('execute', err, false);
      return;
    }
    // Done without waiting (a point lookup): answer now, no promise and no microtask hops.
    if (typeof run === 'boolean') {
      this.afterStep('execute', undefined, run);
      return;
    }
    this.runStep(
      run.then(
        (suspended) => this.afterStep('execute', undefined, suspended),
        (err: unknown) => this.afterStep('execute', err, false),
      ),
    );
  }

  private onSync(): void {
    const afterError = this.skipTillSync;
    this.skipTillSync = false;
    let sync: Promise<void> | undefined;
    try {
      sync = this.session!.sync(afterError);
    } catch (err) {
      this.afterStep('sync', err, false);
      return;
    }
    // Nothing to wait for (no commit, or one that wrote nothing): ReadyForQuery now.
    if (sync === undefined) {
      this.afterStep('sync', undefined, false);
      return;
    }
    this.runStep(
      sync.then(
        () => this.afterStep('sync', undefined, false),
        (err: unknown) => this.afterStep('sync', err, false),
      ),
    );
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
    let query: Promise<void> | undefined;
    this.queryRunning = true;
    try {
      query = session.simpleQuery(sql, this.output);
    } catch (err) {
      this.afterStep('query', err, false);
      return;
    }
    // Done without waiting (a cached point lookup): ReadyForQuery now.
    if (query === undefined) {
      this.afterStep('query', undefined, false);
      return;
    }
    this.runStep(
      query.then(
        () => this.afterStep('query', undefined, false),
        (err: unknown) => this.afterStep('query', err, false),
      ),
    );
  }

  /**
   * A Query, Execute or Sync settled. A Query and a Sync end with ReadyForQuery; an Execute with
   * PortalSuspended when its row limit stopped it, and after an error we skip until Sync.
   */
  private afterStep(kind: 'query' | 'execute' | 'sync', err: unknown, suspended: boolean): void {
    this.queryRunning = false;
    // A COPY FROM STDIN is over with its statement: later CopyData is dropped (onMessage).
    this.copyIn = undefined;
    if (this.phase === 'closed') return;
    if (this.terminating) {
      this.closeWithError(adminShutdown());
      return;
    }
    if (err !== undefined) {
      this.writer.discardUnfinished();
      const error = this.toClientError(err);
      if (isFatal(error)) {
        this.closeWithError(error);
        return;
      }
      this.writer.errorResponse(error);
      if (kind === 'execute') {
        this.skipTillSync = true;
        return;
      }
    } else if (suspended) {
      this.writer.portalSuspended();
    }
    if (kind !== 'execute') this.readyForQuery();
  }

  /** An error thrown while handling a message of type `type` (0 during startup). */
  private onMessageError(error: DbError, type: number): void {
    // An answer that threw half-way must not leave half a message before the error.
    this.writer.discardUnfinished();
    if (this.phase !== 'ready' || isFatal(error)) {
      // Before the session is up every error is FATAL, as in PostgreSQL's postmaster.
      this.closeWithError(isFatal(error) ? error : error.with({ severity: 'FATAL' }));
      return;
    }
    this.writer.errorResponse(error);
    if (isExtendedProtocol(type)) this.skipTillSync = true;
    else this.readyForQuery();
  }

  /**
   * A notification was queued for the session: send it now if the connection is idle (after
   * ReadyForQuery, no message since, no open transaction block); otherwise the next
   * ReadyForQuery does, as PostgreSQL sends them only between commands.
   */
  private onNotification(): void {
    if (this.phase !== 'ready' || !this.idle || this.handling || this.pending !== undefined) return;
    if (this.sendNotifications()) this.flush();
  }

  /** NotificationResponse for each queued notification, outside a transaction block only. */
  private sendNotifications(): boolean {
    const session = this.session!;
    if (session.takeNotifications === undefined || session.transactionStatus() !== 'I') return false;
    const queued = session.takeNotifications();
    for (const n of queued) this.writer.notificationResponse(n.processId, n.channel, n.payload);
    return queued.length > 0;
  }

  /** ParameterStatus for settings a statement changed, then ReadyForQuery, then a flush. */
  private readyForQuery(): void {
    const session = this.session!;
    this.sendNotifications();
    const changed = session.changedParameterStatuses?.();
    if (changed !== undefined) {
      for (const [name, value] of Object.entries(changed)) this.writer.parameterStatus(name, value);
    }
    this.writer.readyForQuery(session.transactionStatus());
    this.idle = true;
    this.flush();
    this.busyPoll?.afterResponse();
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
    this.ending = error.code === '57P01' ? 'killed' : 'fatal';
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
      this.ending = 'lost';
      this.writer.discard();
      this.rejectDrain();
      this.copyIn?.fail(connectionLost());
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
    this.clearAuthenticationTimer();
    if (this.finished || this.pending !== undefined) return;
    this.finished = true;
    const session = this.session;
    let closing: Promise<void>;
    try {
      closing = session === undefined ? Promise.resolve() : session.close(this.ending);
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
    const limit = resourceLimitError(err);
    if (limit) return limit;
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
