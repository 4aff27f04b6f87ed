/**
 * A minimal raw v3 client for end-to-end tests that need exact control of the message stream
 * (pipelines of Parse/Bind/Execute before one Sync, row limits, COPY sub-protocol): it sends
 * frontend messages as given and decodes backend messages as they arrive.
 */
import { connect, type Socket } from 'node:net';

export interface WireMessage {
  readonly type: string;
  readonly body: Buffer;
}

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

export function frame(type: string, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([Buffer.from(type), int32(b.length + 4), b]);
}

export const msg = {
  query: (sql: string) => frame('Q', cstr(sql)),
  parse: (name: string, sql: string, oids: number[] = []) =>
    frame('P', Buffer.concat([cstr(name), cstr(sql), int16(oids.length), ...oids.map(int32)])),
  bind: (portal: string, statement: string, params: (string | null)[] = [], resultFormats: number[] = []) =>
    frame(
      'B',
      Buffer.concat([
        cstr(portal),
        cstr(statement),
        int16(0),
        int16(params.length),
        ...params.map((p) =>
          p === null ? int32(-1) : Buffer.concat([int32(Buffer.byteLength(p)), Buffer.from(p)]),
        ),
        int16(resultFormats.length),
        ...resultFormats.map(int16),
      ]),
    ),
  describe: (target: 'S' | 'P', name: string) => frame('D', `${target}${name}\0`),
  execute: (portal: string, maxRows = 0) => frame('E', Buffer.concat([cstr(portal), int32(maxRows)])),
  close: (target: 'S' | 'P', name: string) => frame('C', `${target}${name}\0`),
  sync: () => frame('S'),
  copyData: (data: string) => frame('d', data),
  copyDone: () => frame('c'),
  copyFail: (message: string) => frame('f', cstr(message)),
};

export class WireClient {
  private data = Buffer.alloc(0);
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.data = Buffer.concat([this.data, d]);
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  /** Connects and completes startup (through the first ReadyForQuery). */
  static async connect(port: number): Promise<WireClient> {
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new WireClient(socket);
    const params = Buffer.from('user\0rustydb\0database\0rustydb\0\0');
    socket.write(Buffer.concat([int32(8 + params.length), int32(196608), params]));
    await client.readUntil('Z');
    return client;
  }

  send(...messages: Buffer[]): void {
    this.socket.write(Buffer.concat(messages));
  }

  async read(): Promise<WireMessage> {
    for (;;) {
      if (this.data.length >= 5) {
        const len = this.data.readInt32BE(1);
        if (this.data.length >= 1 + len) {
          const m = { type: String.fromCharCode(this.data[0]), body: this.data.subarray(5, 1 + len) };
          this.data = this.data.subarray(1 + len);
          return m;
        }
      }
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for the server')), 20_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Messages up to and including the first of `type`. */
  async readUntil(type: string): Promise<WireMessage[]> {
    const out: WireMessage[] = [];
    for (;;) {
      const m = await this.read();
      out.push(m);
      if (m.type === type) return out;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

export const types = (ms: readonly WireMessage[]): string => ms.map((m) => m.type).join('');

/** ErrorResponse/NoticeResponse fields by code letter. */
export function errorFields(m: WireMessage): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < m.body.length && m.body[i] !== 0) {
    const end = m.body.indexOf(0, i + 1);
    out[String.fromCharCode(m.body[i])] = m.body.toString('utf8', i + 1, end);
    i = end + 1;
  }
  return out;
}

/** DataRow values as text (null for NULL). */
export function rowsOf(ms: readonly WireMessage[]): (string | null)[][] {
  return ms
    .filter((m) => m.type === 'D')
    .map((m) => {
      const n = m.body.readInt16BE(0);
      const values: (string | null)[] = [];
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

/** CommandComplete tags. */
export const tagsOf = (ms: readonly WireMessage[]): string[] =>
  ms.filter((m) => m.type === 'C').map((m) => m.body.toString('utf8', 0, m.body.length - 1));
