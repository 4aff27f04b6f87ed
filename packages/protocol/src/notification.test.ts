/**
 * NotificationResponse: sent before ReadyForQuery when a statement queued notifications, at
 * once when the session is idle, and held back while a transaction block is open.
 */
import { silentLogger } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  type BackendMessage,
  flushMessage,
  parseMessage,
  query,
  RawClient,
  syncMessage,
} from '../test/raw-client.js';
import { ProtocolServer } from './protocol-server.js';

const backend = new FakeBackend();
const server = new ProtocolServer(backend, { logger: silentLogger() });
let port = 0;

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const types = (ms: readonly BackendMessage[]) => ms.map((m) => m.type).join('');

/** Decodes a NotificationResponse body: pid, channel, payload. */
function notification(m: BackendMessage): [number, string, string] {
  expect(m.type).toBe('A');
  const pid = m.body.readInt32BE(0);
  const [channel, payload] = m.body.subarray(4).toString('utf8').split('\0');
  return [pid, channel!, payload!];
}

describe('NotificationResponse', () => {
  it('goes out before ReadyForQuery after the statement that queued it', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(query('notify chan hello'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('CAZ');
    expect(notification(ms[1]!)).toEqual([session.processId, 'chan', 'hello']);
    client.destroy();
  });

  it('goes out at once to an idle session, and only after the block ends inside a transaction', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    session.deliver('c1', 'now');
    expect(notification(await client.readMessage())).toEqual([42, 'c1', 'now']);

    client.send(query('begin'));
    await client.readUntil('Z');
    session.deliver('c2', 'later');
    client.send(query('select 1'));
    expect(types(await client.readUntil('Z'))).toBe('TDCZ');
    client.send(query('commit'));
    const ms = await client.readUntil('Z');
    expect(types(ms)).toBe('CAZ');
    expect(notification(ms[1]!)).toEqual([42, 'c2', 'later']);
    client.destroy();
  });

  it('waits for ReadyForQuery in the middle of an extended-protocol pipeline', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(Buffer.concat([parseMessage('', 'select 1'), flushMessage()]));
    expect((await client.readMessage()).type).toBe('1');
    session.deliver('c3', 'held');
    const next = client.readMessage();
    const early = await Promise.race([next.then(() => 'sent'), sleep(100).then(() => 'held')]);
    expect(early).toBe('held');
    client.send(syncMessage());
    expect(notification(await next)).toEqual([42, 'c3', 'held']);
    expect(types(await client.readUntil('Z'))).toBe('Z');
    client.destroy();
  });
});
