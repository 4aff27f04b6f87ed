/**
 * The connection state machine over raw sockets: startup negotiation, hostile input, pipelining,
 * disconnects and backpressure (the extended protocol and COPY have their own files).
 */
import { createServer, type Socket } from 'node:net';
import { silentLogger } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  type BackendMessage,
  dataRows,
  frame,
  query,
  RawClient,
  requestPacket,
  startupPacket,
} from '../test/raw-client.js';
import { logText, recordingLogger } from '../test/test-logger.js';
import { Connection } from './connection.js';
import { ProtocolServer } from './protocol-server.js';
import { CANCEL_REQUEST_CODE, GSSENC_REQUEST_CODE, SSL_REQUEST_CODE } from './startup-packet.js';

const MAX_MESSAGE_SIZE = 64 * 1024;
const backend = new FakeBackend();
const { logger, records } = recordingLogger();
const server = new ProtocolServer(backend, { logger, maxMessageSize: MAX_MESSAGE_SIZE });
let port = 0;

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterAll(() => server.close());

const types = (ms: readonly BackendMessage[]) => ms.map((m) => m.type).join('');
const status = (z: BackendMessage) => String.fromCharCode(z.body[0]);

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

/** Expects a FATAL ErrorResponse and then the server closing the connection. */
async function expectFatal(c: RawClient, code: string, message: string): Promise<void> {
  const e = await c.readMessage();
  expect([e.type, e.fields.S, e.fields.V, e.fields.C, e.fields.M]).toEqual([
    'E',
    'FATAL',
    'FATAL',
    code,
    message,
  ]);
  expect(await c.isClosedByServer()).toBe(true);
}

/** A connection proven alive by a round trip. */
async function expectUsable(c: RawClient): Promise<void> {
  c.send(query('select 7'));
  const ms = await c.readUntil('Z');
  expect(types(ms)).toBe('TDCZ');
  expect(dataRows(ms)).toEqual([['7']]);
}

describe('startup', () => {
  it('sends AuthenticationOk, ParameterStatus*, BackendKeyData, ReadyForQuery', async () => {
    const { client, startup } = await RawClient.ready(port);
    const session = backend.last;
    expect(session.params).toMatchObject({ user: 'alice', database: 'db' });
    expect(types(startup)).toBe(`R${'S'.repeat(7)}KZ`);
    expect(startup[0].body.readInt32BE(0)).toBe(0);
    const statuses = startup
      .filter((m) => m.type === 'S')
      .map((m) => m.body.toString().split('\0').slice(0, 2));
    expect(Object.fromEntries(statuses)).toEqual(session.parameterStatuses());
    const key = startup[startup.length - 2].body;
    expect([key.readInt32BE(0), key.readInt32BE(4)]).toEqual([session.processId, session.secretKey]);
    expect(status(startup[startup.length - 1])).toBe('I');
    client.destroy();
  });

  it("refuses SSLRequest and GSSENCRequest with 'N', then accepts the startup packet", async () => {
    const c = await RawClient.connect(port);
    c.send(requestPacket(GSSENC_REQUEST_CODE));
    expect(await c.readByte()).toBe(0x4e);
    c.send(requestPacket(SSL_REQUEST_CODE));
    expect(await c.readByte()).toBe(0x4e);
    c.send(startupPacket({ user: 'alice' }));
    expect(types(await c.readUntil('Z'))).toMatch(/^RS+KZ$/);
    expect(backend.last.params.database).toBe('alice');
    await expectUsable(c);
    c.destroy();
  });

  it('accepts SSLRequest only once, as PostgreSQL does', async () => {
    const c = await RawClient.connect(port);
    c.send(requestPacket(SSL_REQUEST_CODE));
    expect(await c.readByte()).toBe(0x4e);
    c.send(requestPacket(SSL_REQUEST_CODE));
    await expectFatal(c, '0A000', 'unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0');
  });

  it('passes a CancelRequest to the backend and closes without a reply', async () => {
    const c = await RawClient.connect(port);
    c.send(requestPacket(CANCEL_REQUEST_CODE, 4242, 99));
    expect(await c.isClosedByServer()).toBe(true);
    expect(backend.cancels).toContainEqual([4242, 99]);
  });

  it('rejects protocol 2.0 and a startup packet without a user', async () => {
    const v2 = await RawClient.connect(port);
    v2.send(startupPacket({ user: 'alice' }, 0x20000));
    await expectFatal(v2, '0A000', 'unsupported frontend protocol 2.0: server supports 3.0 to 3.0');
    const noUser = await RawClient.connect(port);
    noUser.send(startupPacket({ database: 'db' }));
    await expectFatal(noUser, '28000', 'no PostgreSQL user name specified in startup packet');
  });

  it('negotiates 3.1 and _pq_ options down to 3.0', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', '_pq_.compression': 'on' }, 0x30001));
    const ms = await c.readUntil('Z');
    expect(types(ms)).toMatch(/^vRS+KZ$/);
    expect(ms[0].body.toString('latin1')).toBe('\0\0\0\0\0\0\0\x01_pq_.compression\0');
    c.destroy();
  });

  it('sends a backend rejection as FATAL after AuthenticationOk, and closes', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', database: 'nodb' }));
    expect((await c.readMessage()).type).toBe('R');
    await expectFatal(c, '3D000', 'database "nodb" does not exist');
  });

  it('rejects a startup packet longer than 10,000 bytes', async () => {
    const c = await RawClient.connect(port);
    c.send(Buffer.from([0, 0, 0x27, 0x11, 0, 3, 0, 0]));
    await expectFatal(c, '08P01', 'invalid length of startup packet');
  });
});

describe('hostile input', () => {
  it('answers an oversized length with FATAL 08P01 and closes only that connection', async () => {
    const other = await RawClient.ready(port);
    const { client } = await RawClient.ready(port);
    const head = Buffer.alloc(5);
    head[0] = 0x51;
    head.writeInt32BE(MAX_MESSAGE_SIZE + 1, 1);
    client.send(head);
    await expectFatal(client, '08P01', 'invalid message length');
    const huge = await RawClient.ready(port);
    huge.client.send(Buffer.from([0x51, 0x7f, 0xff, 0xff, 0xff]));
    await expectFatal(huge.client, '08P01', 'invalid message length');
    await expectUsable(other.client);
    other.client.destroy();
  });

  it('rejects a length below 4', async () => {
    const { client } = await RawClient.ready(port);
    client.send(Buffer.from([0x51, 0, 0, 0, 3]));
    await expectFatal(client, '08P01', 'invalid message length');
  });

  it('rejects an unknown message type and garbage', async () => {
    const p = await RawClient.ready(port);
    p.client.send(frame('p', 'secret\0'));
    await expectFatal(p.client, '08P01', 'invalid frontend message type 112');
    const g = await RawClient.ready(port);
    g.client.send(Buffer.from('\xde\xad\xbe\xef garbage', 'latin1'));
    await expectFatal(g.client, '08P01', 'invalid frontend message type 222');
  });

  it('answers a string without its NUL with ERROR 08P01 and carries on, as PostgreSQL does', async () => {
    const { client } = await RawClient.ready(port);
    client.send(frame('Q', 'select 1'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('EZ');
    expect([ms[0].fields.S, ms[0].fields.C, ms[0].fields.M]).toEqual([
      'ERROR',
      '08P01',
      'invalid string in message',
    ]);
    client.send(frame('Q', 'select 1\0junk'));
    const trailing = await client.readUntil('Z');
    expect(trailing[0].fields.M).toBe('invalid message format');
    client.send(frame('Q', Buffer.from([0x73, 0xc3, 0x28, 0])));
    const utf8 = await client.readUntil('Z');
    expect([utf8[0].fields.C, utf8[0].fields.M]).toEqual([
      '22021',
      'invalid byte sequence for encoding "UTF8": 0xc3 0x28',
    ]);
    await expectUsable(client);
    client.destroy();
  });

  it('closes the session when a client leaves in the middle of a message', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(query('select 1').subarray(0, 7));
    await new Promise((r) => setTimeout(r, 20));
    client.destroy();
    await waitFor(() => session.closeCount === 1);
    expect(session.queries).toEqual([]);
  });

  it('reads a conversation sent one byte at a time', async () => {
    const c = await RawClient.connect(port);
    await c.sendBytewise(Buffer.concat([startupPacket({ user: 'bob' }), query('select 1; select nulls')]));
    expect(types(await c.readUntil('Z'))).toMatch(/^RS+KZ$/);
    const ms = await c.readUntil('Z');
    expect(types(ms)).toBe('TDCTDDDCZ');
    expect(dataRows(ms)).toEqual([['1'], ['1', 'x'], [null, null], ['3', 'héllo']]);
    c.destroy();
  });
});

describe('queries', () => {
  it('streams rows, NULLs, multiple results and tags', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('select 1; select nulls'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('TDCTDDDCZ');
    expect(dataRows(ms)).toEqual([['1'], ['1', 'x'], [null, null], ['3', 'héllo']]);
    expect(ms.filter((m) => m.type === 'C').map((m) => m.body.toString())).toEqual([
      'SELECT 1\0',
      'SELECT 3\0',
    ]);
    client.destroy();
  });

  it('answers a whitespace-only query with EmptyQueryResponse without calling the session', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query(' \n\t\r\f '));
    expect(types(await client.readUntil('Z'))).toBe('IZ');
    expect(backend.last.queries).toEqual([]);
    client.destroy();
  });

  it('reports the transaction status in ReadyForQuery', async () => {
    const { client } = await RawClient.ready(port);
    const statuses: string[] = [];
    for (const sql of ['begin', 'fail', 'commit']) {
      client.send(query(sql));
      const ms = await client.readUntil('Z');
      statuses.push(status(ms[ms.length - 1]));
    }
    expect(statuses).toEqual(['T', 'E', 'I']);
    client.destroy();
  });

  it('sends a notice before the command tag', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('notice'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('NCZ');
    expect(ms[0].fields).toEqual({ S: 'WARNING', V: 'WARNING', C: '01000', M: 'careful', D: 'really' });
    client.destroy();
  });

  it('runs pipelined queries strictly one at a time', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(Buffer.concat([query('pause 30'), query('select 2'), query('pause 1'), query('select 3')]));
    const ms = [
      ...(await client.readUntil('Z')),
      ...(await client.readUntil('Z')),
      ...(await client.readUntil('Z')),
      ...(await client.readUntil('Z')),
    ];
    expect(types(ms)).toBe('CZTDCZCZTDCZ');
    expect(dataRows(ms)).toEqual([['2'], ['3']]);
    expect(session.maxRunning).toBe(1);
    client.destroy();
  });

  it('sends a non-DbError as XX000 with its message only, and logs the stack but not the query', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('crash  -- secret password'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('EZ');
    expect(ms[0].fields).toEqual({ S: 'ERROR', V: 'ERROR', C: 'XX000', M: 'boom' });
    const logged = logText(records.filter((r) => r.level === 'error'));
    expect(logged).toContain('boom');
    expect(logged).toContain('fake-backend.ts');
    expect(logText(records)).not.toContain('secret password');
    await expectUsable(client);
    client.destroy();
  });

  it("answers a value past V8's size limits as PostgreSQL's 54000 out of memory, not as our bug", async () => {
    const { client } = await RawClient.ready(port);
    const before = records.length;
    client.send(query('toolong'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('EZ');
    expect(ms[0].fields).toMatchObject({ S: 'ERROR', C: '54000', M: 'out of memory' });
    expect(records.slice(before).filter((r) => r.level === 'error')).toEqual([]);
    await expectUsable(client);
    client.destroy();
  });

  it('closes the connection after a FATAL session error', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(query('fatal'));
    await expectFatal(client, '57P01', 'terminating connection due to administrator command');
    await waitFor(() => session.closeCount === 1);
  });

  it('drops only the connection when the session itself breaks', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(query('poison'));
    await client.closed;
    await waitFor(() => session.closeCount === 1);
    expect(logText(records.filter((r) => r.level === 'error'))).toContain('transaction status is broken');
    const other = await RawClient.ready(port);
    await expectUsable(other.client);
    other.client.destroy();
  });

  it('closes the session on Terminate', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(frame('X'));
    expect(await client.isClosedByServer()).toBe(true);
    await waitFor(() => session.closeCount === 1);
  });

  it('cancels a running query when the client disconnects, and closes the session after it settles', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(query('sleep'));
    await waitFor(() => session.running === 1);
    client.destroy();
    await waitFor(() => session.closeCount === 1);
    expect(session.events).toEqual(['query:sleep', 'cancel', 'settled:sleep', 'close']);
  });

  it('ignores CopyData, CopyDone and CopyFail outside COPY, as PostgreSQL does', async () => {
    const { client } = await RawClient.ready(port);
    client.send(Buffer.concat([frame('d', 'abc'), frame('c'), frame('f', 'oops\0')]));
    await expectUsable(client);
    client.destroy();
  });
});

describe('extended query protocol edges', () => {
  it('answers a lone Sync with ReadyForQuery and FunctionCall with 0A000', async () => {
    const { client } = await RawClient.ready(port);
    client.send(Buffer.concat([frame('H'), frame('S')]));
    expect(types(await client.readUntil('Z'))).toBe('Z');
    client.send(frame('F', Buffer.alloc(10)));
    const ms = await client.readUntil('Z');
    expect([ms[0].fields.C, ms[0].fields.M]).toEqual([
      '0A000',
      'function call protocol is not supported yet',
    ]);
    client.destroy();
  });
});

describe('backpressure', () => {
  it('streams a 100k-row result to a client that reads slowly, without buffering it all', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.socket.pause();
    client.send(query('big 100000'));
    // The client reads nothing: the session must end up waiting on backpressure.
    await waitFor(() => session.backpressureWaits > 0);
    const waitsWhilePaused = session.backpressureWaits;
    await new Promise((r) => setTimeout(r, 50));
    expect(session.backpressureWaits).toBe(waitsWhilePaused); // still parked on the same wait
    expect(session.running).toBe(1);
    client.socket.resume();
    const ms = await client.readUntil('Z');
    expect(ms.length).toBe(100_003);
    expect(ms.filter((m) => m.type === 'D').length).toBe(100_000);
    expect(dataRows([ms[100_000]])).toEqual([
      ['99999', 'row number 99999 with some padding to make it longer'],
    ]);
    // Every row intact: the writes the socket queued were not overwritten by later rows (the
    // writer hands a plain socket views of its buffer and must move off a buffer still held).
    const rows = dataRows(ms.filter((m) => m.type === 'D'));
    const wrong = rows.findIndex(
      (r, i) => r[0] !== String(i) || r[1] !== `row number ${i} with some padding to make it longer`,
    );
    expect(wrong).toBe(-1);
    expect(ms[100_001].body.toString()).toBe('SELECT 100000\0');
    await expectUsable(client);
    client.destroy();
  });
});

describe('Connection flow control', () => {
  it('stops reading from a client that does not read, until its socket drains', async () => {
    const b = new FakeBackend();
    let serverSocket: Socket | undefined;
    let connection: Connection | undefined;
    const tcp = createServer((socket) => {
      serverSocket = socket;
      connection = new Connection(socket, b, { logger: silentLogger() });
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    const { client } = await RawClient.ready((tcp.address() as { port: number }).port);
    expect(serverSocket!.isPaused()).toBe(false);
    client.socket.pause();
    client.send(query('big 100000'));
    await waitFor(() => b.last.backpressureWaits > 0);
    expect(serverSocket!.isPaused()).toBe(true);
    client.socket.resume();
    expect((await client.readUntil('Z')).length).toBe(100_003);
    expect(serverSocket!.isPaused()).toBe(false);
    client.send(frame('X'));
    await connection!.whenClosed;
    expect(b.last.closeCount).toBe(1);
    await new Promise((resolve) => tcp.close(resolve));
  });
});

describe('ProtocolServer', () => {
  it('refuses to listen on a non-loopback address', async () => {
    const s = new ProtocolServer(backend);
    await expect(s.listen(0, '0.0.0.0')).rejects.toThrow(/only loopback addresses/);
  });

  it('close() ends idle and busy connections with FATAL 57P01 and closes their sessions', async () => {
    const b = new FakeBackend();
    const s = new ProtocolServer(b);
    const p = (await s.listen(0, 'localhost')).port;
    const idle = await RawClient.ready(p);
    const busy = await RawClient.ready(p);
    busy.client.send(query('sleep'));
    await waitFor(() => b.last.running === 1);
    expect(s.connectionCount).toBe(2);
    await s.close();
    expect(s.connectionCount).toBe(0);
    const msg = 'terminating connection due to administrator command';
    await expectFatal(idle.client, '57P01', msg);
    await expectFatal(busy.client, '57P01', msg);
    expect(b.sessions.map((x) => x.closeCount)).toEqual([1, 1]);
    expect(b.sessions[1].events).toEqual(['query:sleep', 'cancel', 'settled:sleep', 'close']);
  });

  it('logs one line per connection open and close at debug', async () => {
    const before = records.length;
    const { client } = await RawClient.ready(port);
    client.send(frame('X'));
    await client.closed;
    await waitFor(() => records.slice(before).some((r) => r.msg === 'connection closed'));
    const lines = records.slice(before).filter((r) => r.level === 'debug');
    expect(lines.map((r) => r.msg)).toEqual(['connection opened', 'connection closed']);
  });
});
