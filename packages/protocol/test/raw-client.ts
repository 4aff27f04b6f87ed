/**
 * A raw-socket client for protocol tests: builds frontend packets byte by byte (including
 * hostile ones) and decodes backend messages as they arrive.
 */
import { connect, type Socket } from 'node:net';

export const PROTOCOL_3_0 = 196608;

/** A StartupMessage (or any version code) with the given parameters. */
export function startupPacket(params: Record<string, string>, version = PROTOCOL_3_0): Buffer {
  const pairs = Object.entries(params).map(([k, v]) => `${k}\0${v}\0`);
  const body = Buffer.from(`${pairs.join('')}\0`);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(version, 4);
  return Buffer.concat([head, body]);
}

/** An 8- or 16-byte request packet: SSLRequest, GSSENCRequest, CancelRequest. */
export function requestPacket(code: number, ...ints: number[]): Buffer {
  const b = Buffer.alloc(8 + 4 * ints.length);
  b.writeInt32BE(b.length, 0);
  b.writeInt32BE(code, 4);
  for (const [i, v] of ints.entries()) b.writeInt32BE(v, 8 + 4 * i);
  return b;
}

/** A regular frontend message: type byte, length, body as given (no NUL added). */
export function frame(type: string, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const head = Buffer.alloc(5);
  head[0] = type.charCodeAt(0);
  head.writeInt32BE(b.length + 4, 1);
  return Buffer.concat([head, b]);
}

/** A Query message. */
export const query = (sql: string): Buffer => frame('Q', `${sql}\0`);

export interface BackendMessage {
  readonly type: string;
  readonly body: Buffer;
  /** ErrorResponse / NoticeResponse fields by code letter ('S', 'C', 'M', …). */
  readonly fields: Record<string, string>;
}

export class RawClient {
  private data = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.data = Buffer.concat([this.data, d]);
      this.wake?.();
    });
    socket.on('error', () => undefined); // resets are expected in hostile tests; `closed` reports the end
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        this.wake?.();
        resolve();
      });
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Connects and completes a startup; returns the client and the messages up to ReadyForQuery. */
  static async ready(port: number, params = { user: 'alice', database: 'db' }) {
    const c = await RawClient.connect(port);
    c.send(startupPacket(params));
    const startup = await c.readUntil('Z');
    return { client: c, startup };
  }

  send(b: Buffer): void {
    this.socket.write(b);
  }

  /** Sends `b` one byte per write, letting the event loop turn between writes. */
  async sendBytewise(b: Buffer): Promise<void> {
    for (const byte of b) {
      await new Promise<void>((resolve) => this.socket.write(Buffer.of(byte), () => resolve()));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async readByte(): Promise<number> {
    await this.need(1);
    const b = this.data[0];
    this.data = this.data.subarray(1);
    return b;
  }

  async readMessage(): Promise<BackendMessage> {
    await this.need(5);
    const length = this.data.readInt32BE(1);
    await this.need(1 + length);
    const type = String.fromCharCode(this.data[0]);
    const body = Buffer.from(this.data.subarray(5, 1 + length));
    this.data = this.data.subarray(1 + length);
    return { type, body, fields: type === 'E' || type === 'N' ? decodeFields(body) : {} };
  }

  /** Messages up to and including the first of type `type`. */
  async readUntil(type: string): Promise<BackendMessage[]> {
    const out: BackendMessage[] = [];
    for (;;) {
      const m = await this.readMessage();
      out.push(m);
      if (m.type === type) return out;
    }
  }

  /** True when the server closed the connection with nothing more to read. */
  async isClosedByServer(): Promise<boolean> {
    await this.closed;
    return this.data.length === 0;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private async need(n: number): Promise<void> {
    while (this.data.length < n) {
      if (this.ended) throw new Error(`connection closed with ${this.data.length} of ${n} bytes`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }
}

function decodeFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const end = body.indexOf(0, i + 1);
    fields[String.fromCharCode(body[i])] = body.toString('utf8', i + 1, end);
    i = end + 1;
  }
  return fields;
}

/** The DataRow values of a message list, as strings (null for NULL). */
export function dataRows(messages: readonly BackendMessage[]): Array<Array<string | null>> {
  return messages
    .filter((m) => m.type === 'D')
    .map((m) => {
      const n = m.body.readInt16BE(0);
      const values: Array<string | null> = [];
      let at = 2;
      for (let i = 0; i < n; i++) {
        const len = m.body.readInt32BE(at);
        at += 4;
        values.push(len < 0 ? null : m.body.toString('utf8', at, at + len));
        if (len > 0) at += len;
      }
      return values;
    });
}

/* Extended query protocol messages. */

const cstr = (s: string): Buffer => Buffer.from(`${s}\0`);
const int16 = (n: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(n);
  return b;
};
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** Parse: statement name, query, parameter type OIDs. */
export function parseMessage(name: string, sql: string, oids: readonly number[] = []): Buffer {
  return frame('P', Buffer.concat([cstr(name), cstr(sql), int16(oids.length), ...oids.map(int32)]));
}

/** Bind: portal, statement, parameter formats, parameters (string → UTF-8, null → NULL), result formats. */
export function bindMessage(
  portal: string,
  statement: string,
  params: readonly (string | Buffer | null)[] = [],
  paramFormats: readonly number[] = [],
  resultFormats: readonly number[] = [],
): Buffer {
  const values = params.map((p) => {
    if (p === null) return int32(-1);
    const b = typeof p === 'string' ? Buffer.from(p) : p;
    return Buffer.concat([int32(b.length), b]);
  });
  return frame(
    'B',
    Buffer.concat([
      cstr(portal),
      cstr(statement),
      int16(paramFormats.length),
      ...paramFormats.map(int16),
      int16(params.length),
      ...values,
      int16(resultFormats.length),
      ...resultFormats.map(int16),
    ]),
  );
}

export const describeMessage = (target: 'S' | 'P', name: string): Buffer => frame('D', `${target}${name}\0`);
export const executeMessage = (portal: string, maxRows = 0): Buffer =>
  frame('E', Buffer.concat([cstr(portal), int32(maxRows)]));
export const closeMessage = (target: 'S' | 'P', name: string): Buffer => frame('C', `${target}${name}\0`);
export const syncMessage = (): Buffer => frame('S');
export const flushMessage = (): Buffer => frame('H');
export const copyData = (data: string | Buffer): Buffer => frame('d', data);
export const copyDone = (): Buffer => frame('c');
export const copyFail = (message: string): Buffer => frame('f', `${message}\0`);

/** The message types of a list, as one string ('12TDCZ'). */
export const messageTypes = (ms: readonly BackendMessage[]): string => ms.map((m) => m.type).join('');

/* Authentication messages (all type 'p'). */

/** PasswordMessage: the password (cleartext, or md5's `md5…` answer) and a NUL. */
export const passwordMessage = (password: string): Buffer => frame('p', `${password}\0`);

/** SASLInitialResponse: mechanism, Int32 length of the data (-1 for none), data. */
export function saslInitialResponse(mechanism: string, data: string | null): Buffer {
  const bytes = data === null ? Buffer.alloc(0) : Buffer.from(data, 'utf8');
  return frame('p', Buffer.concat([cstr(mechanism), int32(data === null ? -1 : bytes.length), bytes]));
}

/** SASLResponse: the mechanism's data, nothing else. */
export const saslResponse = (data: string): Buffer => frame('p', Buffer.from(data, 'utf8'));

/** The Int32 code of an Authentication ('R') message: 0 Ok, 3, 5, 10, 11, 12. */
export const authCode = (m: BackendMessage): number => (m.type === 'R' ? m.body.readInt32BE(0) : -1);
