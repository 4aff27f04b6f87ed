/**
 * The bodies of the client's authentication messages. All three share the type byte 'p', so
 * only the state of the exchange tells them apart; the protocol layer hands us the body and we
 * decode it here, checking every read against the body length (network input is hostile).
 *
 * SASLInitialResponse ('p'):
 *   OFFSET  SIZE  DESCRIPTION
 *   0       n+1   String: the selected mechanism, NUL-terminated
 *   n+1     4     Int32: length of the initial response, -1 for none
 *   n+5     len   Byte[len]: the initial response (client-first-message)
 *
 * SASLResponse ('p'): the whole body is the response (client-final-message).
 *
 * PasswordMessage ('p'):
 *   0       n+1   String: the password (or md5 response), NUL-terminated, nothing after it
 *
 * @see https://www.postgresql.org/docs/15/protocol-message-formats.html
 */
import { authProtocolError } from './auth-errors.js';

/** A decoded SASLInitialResponse. `data` is a view into the message body: copy to keep it. */
export interface SaslInitialResponse {
  readonly mechanism: string;
  /** The client-first-message; null when the client sent none (length -1). */
  readonly data: Buffer | null;
}

/**
 * Decodes a SASLInitialResponse body. Sync.
 * @throws DbError 08P01 with PostgreSQL's pq_getmsg* texts (FATAL) when the body is short or long.
 */
export function decodeSaslInitialResponse(body: Uint8Array): SaslInitialResponse {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const nul = buf.indexOf(0);
  if (nul < 0) throw authProtocolError('08P01', 'invalid string in message');
  const mechanism = buf.toString('utf8', 0, nul);
  let pos = nul + 1;
  if (pos + 4 > buf.length) throw authProtocolError('08P01', 'no data left in message');
  const length = buf.readInt32BE(pos);
  pos += 4;
  let data: Buffer | null = null;
  if (length !== -1) {
    if (length < 0 || pos + length > buf.length)
      throw authProtocolError('08P01', 'insufficient data left in message');
    data = buf.subarray(pos, pos + length);
    pos += length;
  }
  if (pos !== buf.length) throw authProtocolError('08P01', 'invalid message format');
  return { mechanism, data };
}

/**
 * Decodes a PasswordMessage body into the password's bytes (a view into `body`). Sync.
 * @throws DbError 08P01 `invalid password packet size` unless the body is one NUL-terminated
 *   string; 28P01 `empty password returned by client`. FATAL.
 */
export function decodePasswordMessage(body: Uint8Array): Buffer {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (buf.indexOf(0) !== buf.length - 1) throw authProtocolError('08P01', 'invalid password packet size');
  if (buf.length === 1) throw authProtocolError('28P01', 'empty password returned by client');
  return buf.subarray(0, buf.length - 1);
}
