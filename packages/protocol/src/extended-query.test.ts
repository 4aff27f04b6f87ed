/**
 * The extended query protocol over raw sockets against the FakeBackend: message answers, named
 * and unnamed statements and portals, binary parameters and results, row limits, error recovery
 * until Sync, pipelining, and ParameterStatus on SET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  type BackendMessage,
  bindMessage,
  closeMessage,
  dataRows,
  describeMessage,
  executeMessage,
  flushMessage,
  messageTypes,
  parseMessage,
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

const status = (z: BackendMessage) => String.fromCharCode(z.body[0]);
const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** Sends the messages, then reads up to and including ReadyForQuery. */
async function roundTrip(c: RawClient, ...messages: Buffer[]): Promise<BackendMessage[]> {
  c.send(Buffer.concat(messages));
  return c.readUntil('Z');
}

describe('extended query protocol', () => {
  it('answers Parse/Bind/Describe/Execute/Sync as PostgreSQL does', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', ['41']),
      describeMessage('P', ''),
      executeMessage(''),
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('12TDCZ');
    expect(dataRows(ms)).toEqual([['41']]);
    expect(ms[4].body.toString()).toBe('SELECT 1\0');
    expect(status(ms[5])).toBe('I');
    expect(backend.last.events.filter((e) => !e.startsWith('query') && !e.startsWith('settled'))).toEqual([
      'parse:',
      'bind:',
      'execute::0',
      'sync:false',
    ]);
    client.destroy();
  });

  it('describes a statement with ParameterDescription and RowDescription or NoData', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(
      client,
      parseMessage('s1', 'select $1', [20]),
      describeMessage('S', 's1'),
      parseMessage('s2', 'begin'),
      describeMessage('S', 's2'),
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('1tT1tnZ');
    const pd = ms[1].body;
    expect([pd.readInt16BE(0), pd.readInt32BE(2)]).toEqual([1, 20]);
    expect(ms[4].body.readInt16BE(0)).toBe(0);
    client.destroy();
  });

  it('decodes binary parameters and encodes binary result columns', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', [int32(-7)], [1], [1]),
      describeMessage('P', ''),
      executeMessage(''),
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('12TDCZ');
    // RowDescription's format field is the last Int16 of the (only) field.
    const rd = ms[2].body;
    expect(rd.readInt16BE(rd.length - 2)).toBe(1);
    const row = ms[3].body;
    expect([row.readInt16BE(0), row.readInt32BE(2), row.readInt32BE(6)]).toEqual([1, 4, -7]);
    client.destroy();
  });

  it('suspends a portal at its row limit and resumes it', async () => {
    const { client } = await RawClient.ready(port);
    client.send(
      Buffer.concat([
        parseMessage('', 'select nulls'),
        bindMessage('p', ''),
        executeMessage('p', 2),
        executeMessage('p', 2),
        executeMessage('p', 2),
        syncMessage(),
      ]),
    );
    const ms = await client.readUntil('Z');
    // Two rows, suspended; one row and the tag; the third Execute finds the portal done.
    expect(messageTypes(ms)).toBe('12DDsDCCZ');
    expect(dataRows(ms)).toEqual([
      ['1', 'x'],
      [null, null],
      ['3', 'héllo'],
    ]);
    client.destroy();
  });

  it('turns an answer that fails half-way into a whole ErrorResponse, and goes on', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(
      client,
      parseMessage('b', 'describe broken', [23]),
      describeMessage('S', 'b'),
      syncMessage(),
    );
    // Without the unfinished ParameterDescription dropped, the error would start inside it.
    expect(messageTypes(ms)).toBe('1EZ');
    expect(ms[1].fields.C).toBe('XX000');
    const ok = await roundTrip(client, query('select 7'));
    expect(dataRows(ok)).toEqual([['7']]);
    client.destroy();
  });

  it('reports unknown names, skips until Sync after an error, and recovers', async () => {
    const { client } = await RawClient.ready(port);
    const session = backend.last;
    const ms = await roundTrip(
      client,
      bindMessage('', 'nope'),
      executeMessage(''), // skipped
      query('select 5'), // skipped too: PostgreSQL ignores everything until Sync
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('EZ');
    expect([ms[0].fields.C, ms[0].fields.M]).toEqual(['26000', 'prepared statement "nope" does not exist']);
    expect(session.events).toContain('sync:true');
    expect(session.queries).toEqual([]);
    const portal = await roundTrip(client, describeMessage('P', 'gone'), syncMessage());
    expect([portal[0].fields.C, portal[0].fields.M]).toEqual(['34000', 'portal "gone" does not exist']);
    const dup = await roundTrip(
      client,
      parseMessage('x', 'select 1'),
      parseMessage('x', 'select 2'),
      syncMessage(),
    );
    expect(messageTypes(dup)).toBe('1EZ');
    expect(dup[1].fields.C).toBe('42P05');
    const ok = await roundTrip(client, bindMessage('', 'x'), executeMessage(''), syncMessage());
    expect(dataRows(ok)).toEqual([['1']]);
    client.destroy();
  });

  it('runs a pipeline of many statements before one Sync, flushing only at Sync or Flush', async () => {
    const { client } = await RawClient.ready(port);
    const messages: Buffer[] = [parseMessage('s', 'select $1', [23])];
    for (let i = 0; i < 50; i++) messages.push(bindMessage('', 's', [String(i)]), executeMessage(''));
    const ms = await roundTrip(client, ...messages, syncMessage());
    expect(dataRows(ms).map((r) => r[0])).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    expect(ms.filter((m) => m.type === 'Z')).toHaveLength(1);
    // Flush sends what is pending without ReadyForQuery.
    client.send(Buffer.concat([bindMessage('', 's', ['9']), executeMessage(''), flushMessage()]));
    const flushed = [await client.readMessage(), await client.readMessage(), await client.readMessage()];
    expect(messageTypes(flushed)).toBe('2DC');
    expect(messageTypes(await roundTrip(client, syncMessage()))).toBe('Z');
    client.destroy();
  });

  it('closes statements and portals, a missing name being no error', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(
      client,
      parseMessage('a', 'select 1'),
      closeMessage('S', 'a'),
      closeMessage('S', 'never'),
      closeMessage('P', 'never'),
      describeMessage('S', 'a'),
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('1333EZ');
    expect(ms[4].fields.C).toBe('26000');
    client.destroy();
  });

  it('rejects bad parameter counts and formats with PostgreSQL errors', async () => {
    const { client } = await RawClient.ready(port);
    const count = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', []),
      syncMessage(),
    );
    expect([count[1].fields.C, count[1].fields.M]).toEqual([
      '08P01',
      'bind message supplies 0 parameters, but prepared statement "" requires 1',
    ]);
    const text = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', ['x1']),
      syncMessage(),
    );
    expect([text[1].fields.C, text[1].fields.M]).toEqual([
      '22P02',
      'invalid input syntax for type integer: "x1"',
    ]);
    const binary = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', [Buffer.alloc(5)], [1]),
      syncMessage(),
    );
    expect([binary[1].fields.C, binary[1].fields.M]).toEqual([
      '22P03',
      'incorrect binary data format in bind parameter 1',
    ]);
    const formats = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', ['1'], [0, 0]),
      syncMessage(),
    );
    expect([formats[1].fields.C, formats[1].fields.M]).toEqual([
      '08P01',
      'bind message has 2 parameter formats but 1 parameters',
    ]);
    client.destroy();
  });

  it('sends ParameterStatus for a changed reported setting before ReadyForQuery', async () => {
    const { client } = await RawClient.ready(port);
    const ms = await roundTrip(client, query('set application_name psql2'));
    expect(messageTypes(ms)).toBe('CSZ');
    expect(ms[1].body.toString()).toBe('application_name\0psql2\0');
    client.destroy();
  });
});
