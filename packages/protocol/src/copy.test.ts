/**
 * COPY's sub-protocol over raw sockets against the FakeBackend: CopyInResponse and the data that
 * follows, CopyFail, protocol violations during copy-in, CopyOutResponse/CopyData/CopyDone, and
 * a large copy-in that must arrive whole through the queue's flow control.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  copyData,
  copyDone,
  copyFail,
  frame,
  messageTypes,
  query,
  RawClient,
  syncMessage,
} from '../test/raw-client.js';
import { ProtocolServer } from './protocol-server.js';

const backend = new FakeBackend();
const server = new ProtocolServer(backend);
let port = 0;

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterAll(() => server.close());

describe('COPY FROM STDIN', () => {
  it('sends CopyInResponse, takes CopyData until CopyDone, then completes', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy in'));
    const g = await client.readMessage();
    expect(g.type).toBe('G');
    // Int8 format 0, Int16 two columns, both text.
    expect([...g.body]).toEqual([0, 0, 2, 0, 0, 0, 0]);
    client.send(
      Buffer.concat([copyData('1\ta\n2'), frame('H'), syncMessage(), copyData('\tb\n'), copyDone()]),
    );
    const ms = await client.readUntil('Z');
    expect(messageTypes(ms)).toBe('CZ');
    expect(ms[0].body.toString()).toBe('COPY 8\0');
    expect(backend.last.copied).toEqual(['1\ta\n2\tb\n']);
    client.destroy();
  });

  it('turns CopyFail into 57014 and drops the CopyData that follows', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy in'));
    expect((await client.readMessage()).type).toBe('G');
    client.send(Buffer.concat([copyData('x'), copyFail('client gave up'), copyData('late'), copyDone()]));
    const ms = await client.readUntil('Z');
    expect(messageTypes(ms)).toBe('EZ');
    expect([ms[0].fields.C, ms[0].fields.M]).toEqual(['57014', 'COPY from stdin failed: client gave up']);
    client.send(query('select 3'));
    expect(messageTypes(await client.readUntil('Z'))).toBe('TDCZ');
    client.destroy();
  });

  it('fails the COPY with 08P01 on another message type', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy in'));
    expect((await client.readMessage()).type).toBe('G');
    client.send(query('select 1'));
    const ms = await client.readUntil('Z');
    expect([ms[0].fields.C, ms[0].fields.M]).toEqual([
      '08P01',
      'unexpected message type 0x51 during COPY from stdin',
    ]);
    client.destroy();
  });

  it('streams a large copy through the bounded queue intact', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy in'));
    expect((await client.readMessage()).type).toBe('G');
    const line = `${'x'.repeat(1000)}\n`;
    const chunks: Buffer[] = [];
    for (let i = 0; i < 4000; i++) chunks.push(copyData(line));
    client.send(Buffer.concat([...chunks, copyDone()]));
    const ms = await client.readUntil('Z');
    expect(ms[0].body.toString()).toBe(`COPY ${4000 * line.length}\0`);
    expect(backend.last.copied[0]).toBe(line.repeat(4000));
    client.destroy();
  });

  it('ends the COPY when the client goes away', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    client.send(Buffer.concat([query('copy in')]));
    expect((await client.readMessage()).type).toBe('G');
    client.send(copyData('partial'));
    client.destroy();
    for (let i = 0; i < 200 && !session.events.includes('close'); i++)
      await new Promise((r) => setTimeout(r, 5));
    expect(session.events).toContain('close');
    expect(session.copied).toEqual([]);
  });
});

describe('COPY TO STDOUT', () => {
  it('sends CopyOutResponse, a CopyData per line, CopyDone and the tag', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy out 3'));
    const ms = await client.readUntil('Z');
    expect(messageTypes(ms)).toBe('HdddcCZ');
    expect(ms.filter((m) => m.type === 'd').map((m) => m.body.toString())).toEqual([
      'line 0\n',
      'line 1\n',
      'line 2\n',
    ]);
    expect(ms[5].body.toString()).toBe('COPY 3\0');
    client.destroy();
  });
});
