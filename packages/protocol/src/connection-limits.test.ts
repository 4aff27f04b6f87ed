/**
 * What the server does about clients that hold connections without logging in: PostgreSQL's
 * authentication_timeout (the connection is dropped without a message) and its postmaster limit
 * on live connections (FATAL 53300 before anything is read).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import { RawClient, startupPacket } from '../test/raw-client.js';
import { ProtocolServer, type ProtocolServerOptions } from './protocol-server.js';

let server: ProtocolServer | undefined;

async function listen(options: ProtocolServerOptions): Promise<number> {
  server = new ProtocolServer(new FakeBackend(), options);
  return (await server.listen(0, '127.0.0.1')).port;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('authentication_timeout', () => {
  it('drops a client that has not logged in within the timeout, silently', async () => {
    const port = await listen({ authenticationTimeoutMs: 50 });
    const silent = await RawClient.connect(port);
    expect(await silent.isClosedByServer()).toBe(true);
    // Half a startup packet is no better than none.
    const partial = await RawClient.connect(port);
    partial.send(startupPacket({ user: 'alice', database: 'db' }).subarray(0, 6));
    expect(await partial.isClosedByServer()).toBe(true);
  });

  it('leaves a session alone once it is ready', async () => {
    const port = await listen({ authenticationTimeoutMs: 50 });
    const { client } = await RawClient.ready(port);
    await new Promise((r) => setTimeout(r, 150));
    client.send(Buffer.from([0x51, 0, 0, 0, 13, ...Buffer.from('select 1\0')]));
    expect((await client.readUntil('Z')).map((m) => m.type).join('')).toBe('TDCZ');
    client.socket.destroy();
  });
});

describe('live connection limit', () => {
  it('refuses a connection past the limit with FATAL 53300 and serves again once one leaves', async () => {
    const port = await listen({ maxLiveConnections: 2 });
    const first = await RawClient.ready(port);
    const second = await RawClient.connect(port);
    const third = await RawClient.connect(port);
    const e = await third.readMessage();
    expect([e.type, e.fields.S, e.fields.C, e.fields.M]).toEqual([
      'E',
      'FATAL',
      '53300',
      'sorry, too many clients already',
    ]);
    expect(await third.isClosedByServer()).toBe(true);
    expect(server?.connectionCount).toBe(2);
    second.socket.destroy();
    await second.closed;
    for (let i = 0; i < 200 && server?.connectionCount !== 1; i++) await new Promise((r) => setTimeout(r, 5));
    const again = await RawClient.ready(port);
    again.client.socket.destroy();
    first.client.socket.destroy();
  });
});
