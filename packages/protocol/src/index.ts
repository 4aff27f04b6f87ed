/**
 * @rustydb/protocol — the PostgreSQL v3 wire protocol, server side.
 *
 * What it owns: the bytes on the wire and the per-connection state machine. psql, node-postgres
 * and pgbench talk to `ProtocolServer` unchanged; the engine is reached only through the
 * `Backend`/`Session` interfaces (session.ts), so this package never imports it.
 *
 * The life of a connection:
 *   1. `ProtocolServer` accepts a socket and gives it a `Connection`. It listens beyond loopback
 *      only when its `Authenticator` (@rustydb/security) has rules that demand a password.
 *   2. `MessageReader` cuts frames out of socket chunks, checking every length before it
 *      allocates; `FrontendMessage` reads fields with every read checked against the frame.
 *   3. Startup: SSLRequest is accepted with 'S' and a TLS handshake when the server has a
 *      certificate (else 'N'; GSSENCRequest always 'N'), CancelRequest goes to `Backend.cancel`,
 *      a StartupMessage starts authentication (`decodeStartupPacket`): trust without an
 *      Authenticator, else its exchange (cleartext, md5 or SCRAM-SHA-256 over 'p' messages),
 *      and then opens a `Session`.
 *   4. Each Query runs through `Session.simpleQuery`, which writes results into a
 *      `WireQueryOutput`; `MessageWriter` encodes them into one reused buffer that is flushed
 *      every ~64 KiB and at ReadyForQuery.
 *   5. The extended protocol (Parse/Bind/Describe/Execute/Close/Sync/Flush) maps onto the
 *      Session's `prepare`/`bind`/`describe…`/`execute`/`close…`/`sync`; Bind's parameters are
 *      decoded here (text through `parseText`, binary through binary-format.ts), and DataRows
 *      carry each column in the format Bind chose.
 *   6. COPY: a session asks its output for `copyIn` (CopyInResponse, then the client's CopyData
 *      through a bounded `CopyInQueue`) or writes `copyOut`/`copyData`/`copyDone`.
 *
 * Invariants:
 *   - Messages are processed strictly one at a time: a Query's ReadyForQuery is sent before the
 *     next message is looked at (during COPY FROM STDIN only its data messages are taken).
 *   - Every error reaching a client is an ErrorResponse with a SQLSTATE. A broken frame is
 *     FATAL 08P01 and closes that connection only; anything not a DbError is XX000 for the
 *     client with its stack in the log.
 *   - `Session.close()` is called exactly once per session, never during a query.
 *   - The DataRow path allocates no Buffer per row, and a slow client pushes back (reads pause,
 *     `QueryOutput.backpressure()` lets the session wait) instead of growing memory.
 *
 * Not yet: client certificates, SCRAM channel binding (-PLUS), GSSAPI encryption, a timeout
 * for startup and authentication, the FunctionCall sub-protocol (answered with 0A000), binary
 * COPY, and binary formats of date/time, uuid, json and array types (0A000 until those types).
 *
 * @see https://www.postgresql.org/docs/15/protocol.html
 */

// Binary format (format code 1) of values
export {
  binarySizeBound,
  checkBinaryFormat,
  encodeBinary,
  hasBinaryFormat,
  readBinary,
  writeBinary,
} from './binary-format.js';
export { BusyPoll, DEFAULT_BUSY_POLL_MICROS, MAX_BUSY_POLL_MICROS } from './busy-poll.js';
export { Connection, type ConnectionOptions } from './connection.js';
export { CopyInQueue, QUEUE_LIMIT } from './copy-in-queue.js';
export {
  type BindMessage,
  decodeParameters,
  type ParseMessage,
  readBind,
  readExecute,
  readParse,
} from './extended-messages.js';
export { FrontendMessage } from './frontend-message.js';
// Codec
export {
  DEFAULT_MAX_MESSAGE_SIZE,
  MAX_STARTUP_PACKET_LENGTH,
  MessageReader,
  type MessageReaderOptions,
} from './message-reader.js';
export { FLUSH_THRESHOLD, type MessageSink, MessageWriter } from './message-writer.js';
// Server and connections
export {
  DEFAULT_AUTHENTICATION_TIMEOUT_MS,
  ProtocolServer,
  type ProtocolServerOptions,
  type TlsOptions,
} from './protocol-server.js';
// The contract with the engine
export type {
  Backend,
  CopyFormat,
  CopyInStream,
  FieldDescription,
  FormatCode,
  Notification,
  QueryOutput,
  Session,
  SessionEnding,
  StartupParameters,
  StatementDescription,
  TextInputSettings,
  TransactionStatus,
} from './session.js';
export {
  CANCEL_REQUEST_CODE,
  decodeStartupPacket,
  GSSENC_REQUEST_CODE,
  SSL_REQUEST_CODE,
  type StartupPacket,
} from './startup-packet.js';
export { type OutputTransport, WireQueryOutput } from './wire-query-output.js';
