/**
 * Decoding the first packet of a connection (the frame without a type byte).
 *
 * The first Int32 of the body is a protocol version or a request code:
 *
 * | CODE                  | MEANING        | BODY AFTER THE CODE                                |
 * |-----------------------|----------------|----------------------------------------------------|
 * | 196608 (3.0), 3.x     | StartupMessage | (name NUL value NUL)* NUL                          |
 * | 80877102 (1234.5678)  | CancelRequest  | Int32 process id, Int32 secret key (packet 16 B)   |
 * | 80877103 (1234.5679)  | SSLRequest     | nothing                                            |
 * | 80877104 (1234.5680)  | GSSENCRequest  | nothing                                            |
 *
 * Errors are PostgreSQL's (postmaster.c ProcessStartupPacket), all FATAL: a wrong major version
 * is 0A000 `unsupported frontend protocol 2.0: server supports 3.0 to 3.0`; a layout that does
 * not end in the terminator is 08P01; a missing user is 28000. A 3.x request with x > 0 is
 * accepted and answered with NegotiateProtocolVersion (3.0), as PostgreSQL 15 does, and so are
 * `_pq_.` protocol options, which we do not know.
 *
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html (StartupMessage …)
 */
import { DbError } from '@rustydb/common';
import type { FrontendMessage } from './frontend-message.js';
import type { StartupParameters } from './session.js';

export const CANCEL_REQUEST_CODE = (1234 << 16) | 5678;
export const SSL_REQUEST_CODE = (1234 << 16) | 5679;
export const GSSENC_REQUEST_CODE = (1234 << 16) | 5680;

/** A decoded first packet. */
export type StartupPacket =
  | { readonly kind: 'SSLRequest' }
  | { readonly kind: 'GSSENCRequest' }
  | { readonly kind: 'CancelRequest'; readonly processId: number; readonly secretKey: number }
  | {
      readonly kind: 'StartupMessage';
      /** The minor version the client asked for; we answer NegotiateProtocolVersion when > 0. */
      readonly minorVersion: number;
      readonly parameters: StartupParameters;
      /** `_pq_.*` protocol extensions the client asked for; none are supported. */
      readonly unsupportedOptions: readonly string[];
    };

const fatal = (code: '08P01' | '0A000' | '28000', message: string): DbError =>
  new DbError(code, message, { severity: 'FATAL' });

/**
 * Decodes a startup-phase frame. Synchronous; throws FATAL DbErrors as described above.
 * `sslDone`/`gssDone` say whether that request was already answered: PostgreSQL accepts each
 * at most once, and a repeat is an unsupported protocol version (1234.5679).
 */
export function decodeStartupPacket(msg: FrontendMessage, sslDone: boolean, gssDone: boolean): StartupPacket {
  const code = msg.int32();
  if (code === CANCEL_REQUEST_CODE) {
    // NB: PostgreSQL closes such a connection silently (it logs the error only).
    if (msg.remaining !== 8) throw fatal('08P01', 'invalid length of startup packet');
    return { kind: 'CancelRequest', processId: msg.int32(), secretKey: msg.int32() };
  }
  if (code === SSL_REQUEST_CODE && !sslDone) return { kind: 'SSLRequest' };
  if (code === GSSENC_REQUEST_CODE && !gssDone) return { kind: 'GSSENCRequest' };
  const major = code >>> 16;
  const minor = code & 0xffff;
  if (major !== 3) {
    throw fatal('0A000', `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`);
  }
  return decodeStartupMessage(msg, minor);
}

function decodeStartupMessage(msg: FrontendMessage, minorVersion: number): StartupPacket {
  const parameters: Record<string, string> = Object.create(null);
  const unsupportedOptions: string[] = [];
  const layoutError = () => fatal('08P01', 'invalid startup packet layout: expected terminator as last byte');
  for (;;) {
    if (msg.remaining === 0) throw layoutError();
    const name = cstringOr(msg, layoutError);
    if (name === '') break;
    const value = cstringOr(msg, layoutError);
    if (name.startsWith('_pq_.')) unsupportedOptions.push(name);
    else parameters[name] = value;
  }
  if (msg.remaining !== 0) throw layoutError();
  if (!parameters.user) {
    throw fatal('28000', 'no PostgreSQL user name specified in startup packet');
  }
  // As postmaster.c does: the database defaults to the user name.
  if (!parameters.database) parameters.database = parameters.user;
  return { kind: 'StartupMessage', minorVersion, parameters, unsupportedOptions };
}

function cstringOr(msg: FrontendMessage, error: () => DbError): string {
  try {
    return msg.cstring();
  } catch (err) {
    // A string running off the end of the packet is a layout error in PostgreSQL's words.
    if (err instanceof DbError && err.code === '08P01') throw error();
    throw err;
  }
}
