/**
 * Real clients against ProtocolServer and the fake backend: node-postgres and psql must work
 * unchanged.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import { RawClient, requestPacket } from '../test/raw-client.js';
import { ProtocolServer } from './protocol-server.js';
import { CANCEL_REQUEST_CODE } from './startup-packet.js';

const backend = new FakeBackend();
const server = new ProtocolServer(backend);
let port = 0;
const clients: pg.Client[] = [];

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
});
afterAll(() => server.close());

async function connect(config: pg.ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'alice', database: 'db', ...config });
  clients.push(client);
  await client.connect();
  return client;
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('node-postgres', () => {
  it('sees the parameter statuses and BackendKeyData', async () => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'alice',
      database: 'db',
      application_name: 'vt',
    });
    clients.push(client);
    const statuses: Record<string, string> = {};
    const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
    connection.on('parameterStatus', (m: { parameterName: string; parameterValue: string }) => {
      statuses[m.parameterName] = m.parameterValue;
    });
    await client.connect();
    const session = backend.last;
    expect(session.params).toMatchObject({ user: 'alice', database: 'db', application_name: 'vt' });
    expect(statuses).toEqual(session.parameterStatuses());
    expect(statuses.application_name).toBe('vt');
    const keys = client as unknown as { processID: number; secretKey: number };
    expect([keys.processID, keys.secretKey]).toEqual([session.processId, session.secretKey]);
  });

  it('reads rows, NULLs, field types and command tags', async () => {
    const client = await connect();
    const one = await client.query('select 1');
    expect(one.rows).toEqual([{ '?column?': 1 }]);
    expect(one.fields.map((f) => [f.name, f.dataTypeID, f.dataTypeSize, f.dataTypeModifier])).toEqual([
      ['?column?', 23, 4, -1],
    ]);
    expect([one.command, one.rowCount]).toEqual(['SELECT', 1]);
    const nulls = await client.query('select nulls');
    expect(nulls.rows).toEqual([
      { a: 1, b: 'x' },
      { a: null, b: null },
      { a: 3, b: 'héllo' },
    ]);
    expect(nulls.rowCount).toBe(3);
    const begin = await client.query('begin');
    expect([begin.command, begin.rows]).toEqual(['BEGIN', []]);
    await client.query('commit');
  });

  it('gets every error field, and the session stays usable', async () => {
    const client = await connect();
    const err = await client.query('fail').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      message: 'syntax error at or near "fail"',
      severity: 'ERROR',
      code: '42601',
      position: '1',
      detail: 'a detail',
      hint: 'a hint',
      table: 't',
      constraint: 'c',
    });
    expect((await client.query('select 2')).rows).toEqual([{ '?column?': 2 }]);
  });

  it('gets one result per statement of a multi-statement query', async () => {
    const client = await connect();
    const results = (await client.query('select 1; select nulls; begin')) as unknown as pg.QueryResult[];
    expect(results.map((r) => [r.command, r.rowCount])).toEqual([
      ['SELECT', 1],
      ['SELECT', 3],
      ['BEGIN', null],
    ]);
  });

  it('handles an empty query', async () => {
    const client = await connect();
    const r = await client.query('   ');
    expect([r.command, r.rows]).toEqual([null, []]);
    expect((await client.query('select 3')).rows).toEqual([{ '?column?': 3 }]);
  });

  it('receives notices', async () => {
    const client = await connect();
    const notices: unknown[] = [];
    client.on('notice', (n) => notices.push(n));
    await client.query('notice');
    expect(notices).toMatchObject([
      { severity: 'WARNING', code: '01000', message: 'careful', detail: 'really' },
    ]);
  });

  it('runs parameterized and named prepared queries through the extended protocol', async () => {
    const client = await connect();
    expect((await client.query('select $1', [41])).rows).toEqual([{ '?column?': 41 }]);
    const named = { name: 'q', text: 'select $1', values: [5], rowMode: 'array' as const };
    expect((await client.query(named)).rows).toEqual([[5]]);
    expect((await client.query({ ...named, values: [6] })).rows).toEqual([[6]]);
    // node-postgres parses a named statement once per connection.
    expect(backend.last.events.filter((e) => e === 'parse:q')).toHaveLength(1);
    await expect(client.query('fail $1', [1])).rejects.toMatchObject({ code: '42601' });
    expect((await client.query('select 4')).rows).toEqual([{ '?column?': 4 }]);
  });

  it('sees its query cancelled by a CancelRequest carrying its key', async () => {
    const client = await connect();
    const keys = client as unknown as { processID: number; secretKey: number };
    const running = client.query('sleep').catch((e: unknown) => e);
    await waitFor(() => backend.last.running === 1);
    const canceller = await RawClient.connect(port);
    canceller.send(requestPacket(CANCEL_REQUEST_CODE, keys.processID, keys.secretKey));
    await canceller.closed;
    expect(await running).toMatchObject({
      code: '57014',
      message: 'canceling statement due to user request',
    });
    expect((await client.query('select 5')).rows).toEqual([{ '?column?': 5 }]);
  });

  it('closes the session when the client ends', async () => {
    const client = await connect();
    const session = backend.last;
    await client.end();
    await waitFor(() => session.closeCount === 1);
    await waitFor(() => server.connectionCount === 0);
  });

  it('gets a FATAL startup rejection as a connect error', async () => {
    await expect(connect({ database: 'nodb' })).rejects.toMatchObject({
      code: '3D000',
      severity: 'FATAL',
      message: 'database "nodb" does not exist',
    });
  });
});

describe('psql', () => {
  const psql = promisify(execFile);
  const run = (sql: string, sslmode = 'prefer') =>
    psql(
      '/usr/bin/psql',
      ['-X', '-A', '-t', '-h', '127.0.0.1', '-p', String(port), '-U', 'alice', '-d', 'db', '-c', sql],
      {
        env: { ...process.env, PGCONNECT_TIMEOUT: '5', PGSSLMODE: sslmode },
        timeout: 10_000,
      },
    );

  it('is told that SSL is not supported', async () => {
    const err = await run('select 1', 'require').catch((e: unknown) => e);
    expect((err as { stderr: string }).stderr).toContain('server does not support SSL, but SSL was required');
  });

  it('runs select 1 (after an SSLRequest refused with N)', async () => {
    const { stdout } = await run('select 1');
    expect(stdout).toBe('1\n');
    expect(backend.last.params).toMatchObject({ user: 'alice', database: 'db', application_name: 'psql' });
  });

  it('prints an error with its SQLSTATE-backed text', async () => {
    const err = await run('fail').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 1 });
    expect((err as { stderr: string }).stderr).toContain('ERROR:  syntax error at or near "fail"');
  });
});
