/**
 * @rustydb/protocol — the PostgreSQL v3 wire protocol, server side.
 *
 * What it owns: the bytes on the wire and the per-connection state machine. psql, node-postgres
 * and pgbench talk to `ProtocolServer` unchanged; the engine is reached only through the
 * `Backend`/`Session` interfaces (session.ts), so this package never imports it.
 *
 * The life of a connection:
 *   1. `ProtocolServer` accepts a socket (loopback only until authentication exists) and gives
 *      it a `Connection`.
 *   2. `MessageReader` cuts frames out of socket chunks, checking every length before it
 *      allocates; `FrontendMessage` reads fields with every read checked against the frame.
 *   3. Startup: SSLRequest/GSSENCRequest are refused with 'N', CancelRequest goes to
 *      `Backend.cancel`, a StartupMessage opens a `Session` (`decodeStartupPacket`).
 *   4. Each Query runs through `Session.simpleQuery`, which writes results into a
 *      `WireQueryOutput`; `MessageWriter` encodes them into one reused buffer that is flushed
 *      every ~64 KiB and at ReadyForQuery.
 *
 * Invariants:
 *   - Messages are processed strictly one at a time: a Query's ReadyForQuery is sent before the
 *     next message is looked at.
 *   - Every error reaching a client is an ErrorResponse with a SQLSTATE. A broken frame is
 *     FATAL 08P01 and closes that connection only; anything not a DbError is XX000 for the
 *     client with its stack in the log.
 *   - `Session.close()` is called exactly once per session, never during a query.
 *   - The DataRow path allocates no Buffer per row, and a slow client pushes back (reads pause,
 *     `QueryOutput.backpressure()` lets the session wait) instead of growing memory.
 *
 * Not yet: TLS, SCRAM authentication, the extended query protocol, COPY (each a later issue;
 * the extended protocol is answered with a clean 0A000, never a hang).
 *
 * @see https://www.postgresql.org/docs/15/protocol.html
 */

// The contract with the engine
export type {
  Backend,
  FieldDescription,
  QueryOutput,
  Session,
  StartupParameters,
  TransactionStatus,
} from './session.js';

// Server and connections
export { ProtocolServer, type ProtocolServerOptions } from './protocol-server.js';
export { Connection, type ConnectionOptions } from './connection.js';

// Codec
export {
  DEFAULT_MAX_MESSAGE_SIZE,
  MAX_STARTUP_PACKET_LENGTH,
  MessageReader,
  type MessageReaderOptions,
} from './message-reader.js';
export { FrontendMessage } from './frontend-message.js';
export {
  CANCEL_REQUEST_CODE,
  GSSENC_REQUEST_CODE,
  SSL_REQUEST_CODE,
  type StartupPacket,
  decodeStartupPacket,
} from './startup-packet.js';
export { FLUSH_THRESHOLD, MessageWriter, type MessageSink } from './message-writer.js';
export { type OutputTransport, WireQueryOutput } from './wire-query-output.js';
