/**
 * FrontendMessage: one framed message from the client and a bounds-checked cursor over its body.
 *
 * Network input is hostile. Every read is checked against the end of the frame before it
 * touches a byte, so a lying message can make us answer 08P01 but never read past its frame,
 * scan for a NUL that is not there, or allocate by an unchecked length. The error texts are
 * PostgreSQL's (`pqformat.c`): they are ERRORs, not FATALs, because the framing is still intact
 * and the next message can be read (PostgreSQL answers ReadyForQuery and carries on).
 *
 * @see https://www.postgresql.org/docs/15/protocol-message-types.html
 */
import { checkUtf8, protocolViolation } from '@rustydb/common';

export { checkUtf8 };

/**
 * The body of one frontend message: the bytes after the type byte and the length word (for the
 * startup packet, after the length word). `type` is the type byte's char code, 0 for a startup
 * packet. Synchronous. NB: the reader reuses one instance and its bytes are a view into a socket
 * chunk: it is valid only until the next `MessageReader.next()` or `push()`; copy what you keep
 * (the string readers return fresh strings, which is all the connection keeps).
 */
export class FrontendMessage {
  type = 0;
  /**
   * False when the bytes lie in a buffer the socket reuses at its next read (see
   * `MessageReader.pushBorrowed`): views must then be copied before the handler returns.
   */
  owned = true;
  private bytes: Buffer = Buffer.alloc(0);
  private pos = 0;
  private end = 0;

  /** @internal Points the cursor at a new frame body. */
  reset(type: number, bytes: Buffer, start: number, end: number, owned: boolean): this {
    this.type = type;
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.owned = owned;
    return this;
  }

  /** Bytes left unread in the frame. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Int32 (network order). Throws 08P01 `insufficient data left in message`. */
  int32(): number {
    this.need(4);
    const v = this.bytes.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Int16 (network order). Throws 08P01 `insufficient data left in message`. */
  int16(): number {
    this.need(2);
    const v = this.bytes.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  /** One byte. Throws 08P01 `insufficient data left in message`. */
  byte(): number {
    this.need(1);
    return this.bytes[this.pos++];
  }

  /**
   * A NUL-terminated string, decoded as UTF-8 (PostgreSQL's pq_getmsgstring). The NUL is looked
   * for only inside the frame: a string without one throws 08P01 `invalid string in message`.
   * With `validate`, bytes that are not valid UTF-8 throw 22021 as PostgreSQL's encoding check
   * does (`invalid byte sequence for encoding "UTF8": 0xc3 0x28`).
   */
  cstring(validate = false): string {
    const bytes = this.bytes;
    const start = this.pos;
    // Names (portal, statement: '' or pgbench's `P0_1`) are short ASCII: found and decoded here,
    // since Buffer's indexOf and toString are calls into C++ that cost more than the scan, and
    // a name equal to the last one comes back as the same string (no allocation).
    const limit = Math.min(this.end, start + SHORT_CSTRING);
    let i = start;
    let ascii = 0;
    for (; i < limit; i++) {
      const b = bytes[i];
      if (b === 0) break;
      ascii |= b;
    }
    if (i < limit && ascii < 0x80) {
      this.pos = i + 1;
      return i === start ? '' : asciiName(bytes, start, i);
    }
    // A NUL past the frame (in the next message) does not count. NB: no subarray view: this
    // runs several times per message.
    const nul = bytes.indexOf(0, start);
    if (nul < 0 || nul >= this.end) throw protocolViolation('invalid string in message');
    this.pos = nul + 1;
    if (validate) checkUtf8(bytes, start, nul);
    return bytes.toString('utf8', start, nul);
  }

  /** `n` bytes as a view into the frame (copy to keep). Throws 08P01 on a short frame. */
  view(n: number): Buffer {
    if (n < 0) throw protocolViolation('insufficient data left in message');
    this.need(n);
    const v = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /**
   * `n` bytes the caller may keep: a view when the frame's buffer is never reused (`owned`), else
   * a copy. Throws 08P01 on a short frame.
   */
  keep(n: number): Buffer {
    const v = this.view(n);
    return this.owned ? v : Buffer.from(v);
  }

  /** Asserts the whole frame was consumed (pq_getmsgend): else 08P01 `invalid message format`. */
  expectEnd(): void {
    if (this.pos !== this.end) throw protocolViolation('invalid message format');
  }

  private need(n: number): void {
    if (this.end - this.pos < n) throw protocolViolation('insufficient data left in message');
  }
}

/** Longest string `cstring` scans for in JS before asking Buffer.indexOf. */
const SHORT_CSTRING = 64;

/** The last short ASCII string `cstring` decoded (see asciiName). */
let lastName = '';

/**
 * `bytes[start, end)`, all ASCII and non-empty, as a string: the last one decoded when the bytes
 * are the same (a client names the same portal and statement in every Bind), else a new one.
 */
function asciiName(bytes: Buffer, start: number, end: number): string {
  const n = end - start;
  const last = lastName;
  if (last.length === n) {
    let k = 0;
    while (k < n && last.charCodeAt(k) === bytes[start + k]) k++;
    if (k === n) return last;
  }
  lastName = bytes.toString('latin1', start, end);
  return lastName;
}
