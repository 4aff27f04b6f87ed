/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), as PostgreSQL 15 runs it
 * (src/backend/libpq/auth-scram.c), without channel binding:
 *
 *   client-first-message   n,,n=<ignored>,r=<client nonce>             → start()
 *   server-first-message   r=<client nonce><server nonce>,s=<salt>,i=<iterations>
 *   client-final-message   c=biws,r=<both nonces>,p=<ClientProof>       → finish()
 *   server-final-message   v=<ServerSignature>
 *
 *   AuthMessage     = client-first-message-bare "," server-first-message ","
 *                     client-final-message-without-proof
 *   ClientSignature = HMAC(StoredKey, AuthMessage);  ClientKey = ClientProof XOR ClientSignature
 *   accept iff H(ClientKey) == StoredKey;            ServerSignature = HMAC(ServerKey, AuthMessage)
 *
 * Rules kept from PostgreSQL:
 * - The user name inside the SCRAM message is ignored (libpq sends `n=*` or `n=`); the startup
 *   packet's user counts.
 * - GS2 header: `n,,` and `y,,` (client supports channel binding but thinks we do not: true, we
 *   never offer SCRAM-SHA-256-PLUS) are accepted; `p=…` is refused with PostgreSQL's text; an
 *   authzid (`n,a=…,`) is 0A000; mandatory extensions (`m=`) are 0A000; other extensions are
 *   skipped. The final message's `c=` must be `biws` after `n` and `eSws` after `y`.
 * - Doomed ("mock") authentication: for a user without a usable SCRAM secret (unknown role, no
 *   password, md5 password) the exchange runs to the end with a salt derived from the user name
 *   and a per-cluster secret nonce, so the client cannot tell whether the role exists, then fails
 *   with the same 28P01 as a wrong password. The proof is still checked, so the timing matches.
 * - Bytes: messages are handled as Latin-1 strings, one char per byte, so AuthMessage is hashed
 *   over exactly the bytes the client sent, whatever encoding its ignored user name used.
 * - The proof comparison is constant-time (crypto.timingSafeEqual).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { assert } from '@rustydb/common';
import { authProtocolError, malformedScramMessage, passwordAuthenticationFailed } from './auth-errors.js';
import {
  decodeBase64,
  hmacSha256,
  SCRAM_DEFAULT_ITERATIONS,
  SCRAM_DEFAULT_SALT_LENGTH,
  SCRAM_KEY_LENGTH,
  type ScramSecret,
  sha256,
} from './scram-verifier.js';

/** SCRAM_RAW_NONCE_LEN in PostgreSQL: 18 random bytes, 24 base64 characters. */
const SERVER_NONCE_BYTES = 18;
/** MOCK_AUTH_NONCE_LEN in PostgreSQL (pg_control's mock_authentication_nonce). */
export const MOCK_AUTH_NONCE_LENGTH = 32;

/**
 * The salt of a doomed exchange: the first 16 bytes of SHA-256(user || mockAuthNonce), exactly
 * PostgreSQL's scram_mock_salt, so the same user always sees the same fake salt. Sync.
 */
export function scramMockSalt(user: string, mockAuthNonce: Uint8Array): Buffer {
  return sha256(Buffer.concat([Buffer.from(user, 'utf8'), mockAuthNonce])).subarray(
    0,
    SCRAM_DEFAULT_SALT_LENGTH,
  );
}

export interface ScramServerSessionOptions {
  /** The user from the startup packet: named in the failure message, and salts a doomed exchange. */
  readonly user: string;
  /** The role's SCRAM secret; absent for a doomed exchange (unknown role, no or non-SCRAM password). */
  readonly secret?: ScramSecret;
  /** The cluster's secret for fake salts (32 bytes); used only when `secret` is absent. */
  readonly mockAuthNonce: Uint8Array;
  /** @internal Tests only: a fixed server nonce (printable, no comma) instead of 18 random bytes. */
  readonly serverNonce?: string;
}

/** `failed` is final: any error ends the exchange, and the connection with it. */
type State = 'initial' | 'server-first-sent' | 'finished' | 'failed';

/** Printable ASCII except ',' (RFC 5802 `printable`), as PostgreSQL's is_scram_printable. */
function isPrintable(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x2c) return false;
  }
  return true;
}

/** PostgreSQL's sanitize_char: `'x'` for a printable character, else `0x%02x`. End of input reads as NUL. */
function sanitizeChar(ch: string | undefined): string {
  const c = ch === undefined ? 0 : ch.charCodeAt(0);
  return c >= 0x21 && c <= 0x7e ? `'${ch}'` : `0x${c.toString(16).padStart(2, '0')}`;
}

/** A cursor over one SCRAM message, with PostgreSQL's read_attr_value / read_any_attr. */
class AttributeReader {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  get atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  /** Reads `attr=value` for the given attribute; the value runs to the next ',' or the end. */
  expect(attr: string): string {
    if (this.peek() !== attr) {
      throw malformedScramMessage(`Expected attribute "${attr}" but found "${sanitizeChar(this.peek())}".`);
    }
    return this.value(attr);
  }

  /** Reads any `attr=value`; returns [attr, value]. */
  any(): [string, string] {
    const attr = this.peek();
    if (attr === undefined || !/^[A-Za-z]$/.test(attr)) {
      throw malformedScramMessage(`Attribute expected, but found invalid character "${sanitizeChar(attr)}".`);
    }
    return [attr, this.value(attr)];
  }

  private value(attr: string): string {
    this.pos++;
    if (this.peek() !== '=') throw malformedScramMessage(`Expected character "=" for attribute "${attr}".`);
    this.pos++;
    let end = this.text.indexOf(',', this.pos);
    if (end < 0) end = this.text.length;
    const value = this.text.slice(this.pos, end);
    this.pos = end < this.text.length ? end + 1 : end;
    return value;
  }
}

/** Checks what PostgreSQL checks on every SCRAM message before parsing it. */
function messageText(message: string | Uint8Array): string {
  const text =
    typeof message === 'string'
      ? Buffer.from(message, 'utf8').toString('latin1')
      : Buffer.from(message).toString('latin1');
  if (text.length === 0) throw malformedScramMessage('The message is empty.');
  if (text.includes('\0')) throw malformedScramMessage('Message length does not match input length.');
  return text;
}

/**
 * One SCRAM-SHA-256 exchange, server side: `start(clientFirst)` then `finish(clientFinal)`.
 * Synchronous (no PBKDF2 on the server side of SCRAM: only a few HMACs). Single use. Never logs
 * or exposes nonces, proofs or keys.
 */
export class ScramServerSession {
  private state: State = 'initial';
  private readonly doomed: boolean;
  private readonly iterations: number;
  private readonly saltBase64: string;
  private readonly storedKey: Buffer;
  private readonly serverKey: Buffer;
  private readonly serverNonce: string;
  private cbindFlag = 'n';
  private clientNonce = '';
  private clientFirstBare = '';
  private serverFirst = '';

  constructor(private readonly options: ScramServerSessionOptions) {
    const { secret } = options;
    this.doomed = secret === undefined;
    if (secret !== undefined) {
      this.iterations = secret.iterations;
      this.saltBase64 = secret.saltBase64;
      this.storedKey = secret.storedKey;
      this.serverKey = secret.serverKey;
    } else {
      // PostgreSQL's mock_scram_secret: a deterministic salt, the default iteration count, and
      // zero keys (never compared successfully: `doomed` fails the exchange regardless).
      this.iterations = SCRAM_DEFAULT_ITERATIONS;
      this.saltBase64 = scramMockSalt(options.user, options.mockAuthNonce).toString('base64');
      this.storedKey = Buffer.alloc(SCRAM_KEY_LENGTH);
      this.serverKey = Buffer.alloc(SCRAM_KEY_LENGTH);
    }
    this.serverNonce = options.serverNonce ?? randomBytes(SERVER_NONCE_BYTES).toString('base64');
  }

  /** True once `start` was called. */
  get started(): boolean {
    return this.state !== 'initial';
  }

  /** True once `finish` succeeded. */
  get succeeded(): boolean {
    return this.state === 'finished';
  }

  /**
   * Takes the client-first-message (the data of SASLInitialResponse) and returns the
   * server-first-message for AuthenticationSASLContinue. Sync.
   * @throws DbError 08P01 `malformed SCRAM message` (with PostgreSQL's detail) and
   *   `non-printable characters in SCRAM nonce`; 0A000 for an authzid or a mandatory extension.
   *   All FATAL.
   */
  start(clientFirstMessage: string | Uint8Array): string {
    assert(this.state === 'initial', 'ScramServerSession.start called twice');
    this.state = 'failed'; // until the message has been accepted
    const reader = new AttributeReader(messageText(clientFirstMessage));
    this.readGs2Header(reader);
    this.clientFirstBare = reader.text.slice(reader.pos);
    if (reader.peek() === 'm')
      throw authProtocolError('0A000', 'client requires an unsupported SCRAM extension');
    reader.expect('n'); // the SCRAM user name: ignored, the startup packet's user counts
    this.clientNonce = reader.expect('r');
    if (!isPrintable(this.clientNonce))
      throw authProtocolError('08P01', 'non-printable characters in SCRAM nonce');
    while (!reader.atEnd) reader.any(); // optional extensions: none supported, all skipped
    this.serverFirst = `r=${this.clientNonce}${this.serverNonce},s=${this.saltBase64},i=${this.iterations}`;
    this.state = 'server-first-sent';
    return this.serverFirst;
  }

  /**
   * Takes the client-final-message (the data of SASLResponse) and returns the
   * server-final-message for AuthenticationSASLFinal. Sync.
   * @throws DbError 28P01 `password authentication failed for user "x"` for a wrong proof or a
   *   doomed exchange; 08P01 `invalid SCRAM response` (Nonce does not match.),
   *   `unexpected SCRAM channel-binding attribute in client-final-message`, `malformed SCRAM
   *   message`. All FATAL.
   */
  finish(clientFinalMessage: string | Uint8Array): string {
    assert(this.state === 'server-first-sent', 'ScramServerSession.finish called out of order');
    this.state = 'failed'; // until the proof has been accepted
    const reader = new AttributeReader(messageText(clientFinalMessage));
    const binding = reader.expect('c');
    if (!((binding === 'biws' && this.cbindFlag === 'n') || (binding === 'eSws' && this.cbindFlag === 'y'))) {
      throw authProtocolError('08P01', 'unexpected SCRAM channel-binding attribute in client-final-message');
    }
    const finalNonce = reader.expect('r');
    let proofStart: number;
    let attr: string;
    let value: string;
    do {
      proofStart = reader.pos - 1; // the ',' before the attribute
      [attr, value] = reader.any();
    } while (attr !== 'p');
    const proof = decodeBase64(value);
    if (proof?.length !== SCRAM_KEY_LENGTH)
      throw malformedScramMessage('Malformed proof in client-final-message.');
    if (!reader.atEnd) throw malformedScramMessage('Garbage found at the end of client-final-message.');
    if (finalNonce !== this.clientNonce + this.serverNonce) {
      throw authProtocolError('08P01', 'invalid SCRAM response', 'Nonce does not match.');
    }
    const authMessage = Buffer.from(
      `${this.clientFirstBare},${this.serverFirst},${reader.text.slice(0, proofStart)}`,
      'latin1',
    );
    // Check the proof even when doomed, so a missing role costs the same time as a wrong password.
    const proofOk = this.verifyProof(proof, authMessage);
    if (!proofOk || this.doomed) throw passwordAuthenticationFailed(this.options.user);
    this.state = 'finished';
    return `v=${hmacSha256(this.serverKey, authMessage).toString('base64')}`;
  }

  private readGs2Header(reader: AttributeReader): void {
    const flag = reader.peek();
    if (flag === 'p') {
      // We never offer SCRAM-SHA-256-PLUS, so a client demanding channel binding broke protocol.
      throw malformedScramMessage(
        'The client selected SCRAM-SHA-256 without channel binding, but the SCRAM message includes channel binding data.',
      );
    }
    if (flag !== 'n' && flag !== 'y') {
      throw malformedScramMessage(`Unexpected channel-binding flag "${sanitizeChar(flag)}".`);
    }
    this.cbindFlag = flag;
    reader.pos++;
    if (reader.peek() !== ',') {
      throw malformedScramMessage(`Comma expected, but found character "${sanitizeChar(reader.peek())}".`);
    }
    reader.pos++;
    const authzid = reader.peek();
    if (authzid === 'a') {
      throw authProtocolError('0A000', 'client uses authorization identity, but it is not supported');
    }
    if (authzid !== ',') {
      throw malformedScramMessage(`Unexpected attribute "${sanitizeChar(authzid)}" in client-first-message.`);
    }
    reader.pos++;
  }

  private verifyProof(proof: Buffer, authMessage: Buffer): boolean {
    const clientSignature = hmacSha256(this.storedKey, authMessage);
    const clientKey = Buffer.alloc(SCRAM_KEY_LENGTH);
    for (let i = 0; i < SCRAM_KEY_LENGTH; i++) clientKey[i] = proof[i] ^ clientSignature[i];
    return timingSafeEqual(sha256(clientKey), this.storedKey);
  }
}
