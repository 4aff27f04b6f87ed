/**
 * Reads into a reused buffer (user-buffer-reads.ts): the socket-level switch, and the connection
 * over both read paths (the user buffer and the `'data'` fallback), with the cases where bytes
 * must outlive the read that delivered them.
 */

import { EventEmitter } from 'node:events';
import { connect, createServer, type Server, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  bindMessage,
  copyData,
  copyDone,
  dataRows,
  executeMessage,
  messageTypes,
  parseMessage,
  query,
  RawClient,
  syncMessage,
} from '../test/raw-client.js';
import { ProtocolServer } from './protocol-server.js';
import { readIntoUserBuffer } from './user-buffer-reads.js';

/** A listening server and a connected client; resolves with the accepted socket too. */
async function socketPair(onAccept: (s: Socket) => void): Promise<{ server: Server; client: Socket }> {
  const server = createServer({ pauseOnConnect: true }, onAccept);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const client = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  return { server, client };
}

describe('readIntoUserBuffer', () => {
  it('delivers every byte through one reused buffer, and still ends the socket on EOF', async () => {
    const chunks: Buffer[] = [];
    const seen = new Set<ArrayBufferLike>();
    let installed = false;
    let ended!: () => void;
    const end = new Promise<void>((r) => {
      ended = r;
    });
    const { server, client } = await socketPair((s) => {
      installed = readIntoUserBuffer(s, (chunk) => {
        seen.add(chunk.buffer);
        chunks.push(Buffer.from(chunk));
      });
      s.on('data', () => chunks.push(Buffer.from('DATA EVENT')));
      s.on('end', () => {
        ended();
        s.end();
      });
      s.resume();
    });
    const payload = Buffer.alloc(200_000);
    for (let i = 0; i < payload.length; i++) payload[i] = i % 251;
    client.end(payload);
    await end;
    expect(installed).toBe(true);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
    expect(seen.size).toBe(1);
    client.destroy();
    server.close();
  });

  it('pauses and resumes reads', async () => {
    const got: string[] = [];
    let accepted!: Socket;
    const { server, client } = await socketPair((s) => {
      accepted = s;
      readIntoUserBuffer(s, (chunk) => {
        got.push(chunk.toString());
        s.pause();
      });
      s.resume();
    });
    client.write('one');
    for (let i = 0; i < 200 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(accepted.isPaused()).toBe(true);
    client.write('two');
    accepted.resume();
    for (let i = 0; i < 200 && got.join('') !== 'onetwo'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(got.join('')).toBe('onetwo');
    client.destroy();
    accepted.destroy();
    server.close();
  });

  it('refuses what it cannot switch: no handle, a double install, bytes already buffered', async () => {
    expect(readIntoUserBuffer(new EventEmitter() as unknown as Socket, () => undefined)).toBe(false);
    expect(readIntoUserBuffer(new Socket(), () => undefined)).toBe(false);
    let results: boolean[] = [];
    let accepted!: Socket;
    const { server, client } = await socketPair((s) => {
      accepted = s;
      results = [readIntoUserBuffer(s, () => undefined), readIntoUserBuffer(s, () => undefined)];
    });
    for (let i = 0; i < 200 && accepted === undefined; i++) await new Promise((r) => setTimeout(r, 5));
    expect(results).toEqual([true, false]);
    // A socket whose Readable already holds bytes keeps 'data' events (order would break).
    const { server: s2, client: c2 } = await socketPair((s) => {
      s.once('readable', () => {
        results = [readIntoUserBuffer(s, () => undefined)];
      });
      s.resume();
      s.pause();
    });
    c2.write('queued');
    for (let i = 0; i < 200 && results.length !== 1; i++) await new Promise((r) => setTimeout(r, 5));
    expect(results).toEqual([false]);
    for (const c of [client, c2, accepted]) c.destroy();
    server.close();
    s2.close();
  });
});

describe.each([
  ['a reused read buffer', true],
  ["'data' events", false],
])('a connection reading through %s', (_, userBufferReads) => {
  const backend = new FakeBackend();
  const server = new ProtocolServer(backend, { userBufferReads });
  let port = 0;
  beforeAll(async () => {
    port = (await server.listen(0, '127.0.0.1')).port;
  });
  afterAll(() => server.close());

  const bindRun = (digits: string) =>
    Buffer.concat([bindMessage('', 's1', [digits]), executeMessage(''), syncMessage()]);

  it('keeps a Bind queued behind a running query intact while later reads overwrite the buffer', async () => {
    const { client } = await RawClient.ready(port);
    // No Nagle: the unanswered query's segment is not acknowledged at once, which would hold
    // the next writes back and coalesce them into one read.
    client.socket.setNoDelay(true);
    client.send(query('pause 40'));
    // Separate writes: each is its own read while the pause runs, reusing the buffer from 0.
    await new Promise((r) => setTimeout(r, 5));
    client.send(Buffer.concat([parseMessage('s1', 'select $1'), bindRun('77777777')]));
    await new Promise((r) => setTimeout(r, 5));
    client.send(bindRun('33333333'));
    expect(messageTypes(await client.readUntil('Z'))).toBe('CZ');
    const first = await client.readUntil('Z');
    expect(messageTypes(first)).toBe('12DCZ');
    expect(dataRows(first)).toEqual([['77777777']]);
    const second = await client.readUntil('Z');
    expect(dataRows(second)).toEqual([['33333333']]);
    client.destroy();
  });

  it('frames an extended pipeline sent one byte per TCP segment', async () => {
    const { client } = await RawClient.ready(port);
    await client.sendBytewise(Buffer.concat([parseMessage('s1', 'select $1'), bindRun('4242')]));
    const ms = await client.readUntil('Z');
    expect(messageTypes(ms)).toBe('12DCZ');
    expect(dataRows(ms)).toEqual([['4242']]);
    client.destroy();
  });

  it('answers many messages sent in one segment, in order', async () => {
    const { client } = await RawClient.ready(port);
    const runs: Buffer[] = [parseMessage('s1', 'select $1')];
    for (let i = 1; i <= 300; i++) runs.push(bindRun(String(i)));
    client.send(Buffer.concat(runs));
    const rows: string[] = [];
    for (let i = 1; i <= 300; i++) rows.push(...dataRows(await client.readUntil('Z')).map((r) => r[0] ?? ''));
    expect(rows).toEqual(Array.from({ length: 300 }, (_, i) => String(i + 1)));
    client.destroy();
  });

  it('keeps COPY data that arrives over many reads', async () => {
    const { client } = await RawClient.ready(port);
    client.send(query('copy in'));
    expect((await client.readMessage()).type).toBe('G');
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`${i}\tline ${i}\n`);
    for (let i = 0; i < lines.length; i += 100) {
      client.send(Buffer.concat(lines.slice(i, i + 100).map((l) => copyData(l))));
      await new Promise((r) => setImmediate(r));
    }
    client.send(copyDone());
    expect(messageTypes(await client.readUntil('Z'))).toBe('CZ');
    expect(backend.last.copied).toEqual([lines.join('')]);
    client.destroy();
  });
});
