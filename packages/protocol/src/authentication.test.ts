/**
 * Password authentication on the wire: ProtocolServer with an Authenticator, driven by
 * node-postgres (its own SCRAM, md5 and cleartext code) and by raw sockets (exact messages,
 * hostile clients).
 */
import { createRequire } from 'node:module';
import { Authenticator, LoginThrottle, md5Verifier, parseHbaRules, scramVerifier } from '@rustydb/security';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import {
  authCode,
  type BackendMessage,
  dataRows,
  passwordMessage,
  query,
  RawClient,
  saslInitialResponse,
  saslResponse,
  startupPacket,
} from '../test/raw-client.js';
import { logText, recordingLogger } from '../test/test-logger.js';
import { ProtocolServer } from './protocol-server.js';

interface PgSaslSession {
  response: string;
}
/** node-postgres's client-side SCRAM (lib/crypto/sasl.js), for exchanges over raw sockets. */
const pgSasl: {
  startSession(mechanisms: string[]): PgSaslSession;
  continueSession(session: PgSaslSession, password: string, serverData: string): Promise<void>;
  finalizeSession(session: PgSaslSession, serverData: string): void;
} = createRequire(import.meta.url)('pg/lib/crypto/sasl.js');

const HBA = parseHbaRules(`
host all trusted 127.0.0.1/32 trust
host md5db all 127.0.0.1/32 md5
host pwdb all 127.0.0.1/32 password
host forbidden all 127.0.0.1/32 reject
host all all 127.0.0.1/32 scram-sha-256
`);
const SECRETS: Record<string, string> = {
  alice: scramVerifier('wonderland'),
  mallory: md5Verifier('hunter2', 'mallory'),
  carol: scramVerifier('c4rol'),
};
const PASSWORDS = ['wonderland', 'hunter2', 'c4rol', 'wrong-password'];

const backend = new FakeBackend();
const { logger, records } = recordingLogger();
const authenticator = new Authenticator({ hba: HBA, roleSecrets: (user) => SECRETS[user] });
const server = new ProtocolServer(backend, { logger, authenticator });
let port = 0;
const clients: pg.Client[] = [];

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
});
afterAll(() => server.close());

function pgClient(user: string, password: string | undefined, database = 'db', at = port): pg.Client {
  const client = new pg.Client({ host: '127.0.0.1', port: at, user, database, password });
  client.on('error', () => undefined); // a FATAL may also arrive as an 'error' event
  clients.push(client);
  return client;
}

async function connect(user: string, password: string | undefined, database = 'db'): Promise<pg.Client> {
  const client = pgClient(user, password, database);
  await client.connect();
  return client;
}

async function connectError(user: string, password: string | undefined, database = 'db', at = port) {
  return pgClient(user, password, database, at)
    .connect()
    .then(
      () => undefined,
      (err: unknown) => err as { code?: string; message: string; severity?: string },
    );
}

const authFailed = (user: string) => ({
  code: '28P01',
  severity: 'FATAL',
  message: `password authentication failed for user "${user}"`,
});

/** Expects a FATAL ErrorResponse and then the server closing the connection. */
async function expectFatal(c: RawClient, code: string, message: string): Promise<BackendMessage> {
  const e = await c.readMessage();
  expect([e.type, e.fields.S, e.fields.C, e.fields.M]).toEqual(['E', 'FATAL', code, message]);
  expect(await c.isClosedByServer()).toBe(true);
  return e;
}

/** Starts a raw SCRAM exchange up to the server-first-message. */
async function scramFirst(user: string): Promise<{ c: RawClient; sasl: PgSaslSession; serverFirst: string }> {
  const c = await RawClient.connect(port);
  c.send(startupPacket({ user, database: 'db' }));
  const request = await c.readMessage();
  expect(authCode(request)).toBe(10);
  expect(request.body.subarray(4).toString('latin1')).toBe('SCRAM-SHA-256\0\0');
  const sasl = pgSasl.startSession(['SCRAM-SHA-256']);
  c.send(saslInitialResponse('SCRAM-SHA-256', sasl.response));
  const cont = await c.readMessage();
  expect(authCode(cont)).toBe(11);
  return { c, sasl, serverFirst: cont.body.subarray(4).toString('latin1') };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

describe('SCRAM-SHA-256', () => {
  it('logs node-postgres in with the right password', async () => {
    const client = await connect('alice', 'wonderland');
    expect((await client.query('select 5')).rows).toEqual([{ '?column?': 5 }]);
    expect(backend.last.params).toMatchObject({ user: 'alice', database: 'db' });
  });

  it('sends SASL, SASLContinue, SASLFinal, AuthenticationOk, then the session', async () => {
    const { c, sasl, serverFirst } = await scramFirst('alice');
    expect(serverFirst).toMatch(/^r=[^,]+,s=[A-Za-z0-9+/]+=*,i=4096$/);
    await pgSasl.continueSession(sasl, 'wonderland', serverFirst);
    c.send(saslResponse(sasl.response));
    const rest = await c.readUntil('Z');
    expect(rest.slice(0, 2).map(authCode)).toEqual([12, 0]);
    // The client checks the server's signature: the server knew the verifier, not just anything.
    pgSasl.finalizeSession(sasl, rest[0].body.subarray(4).toString('latin1'));
    expect(rest.map((m) => m.type).join('')).toMatch(/^RRS+KZ$/);
    c.send(query('select 8'));
    expect(dataRows(await c.readUntil('Z'))).toEqual([['8']]);
    c.destroy();
  });

  it('refuses a wrong password with 28P01 and closes; other sessions carry on', async () => {
    const other = await connect('alice', 'wonderland');
    const sessions = backend.sessions.length;
    expect(await connectError('alice', 'wrong-password')).toMatchObject(authFailed('alice'));
    expect(backend.sessions.length).toBe(sessions); // no session was opened for it
    expect((await other.query('select 9')).rows).toEqual([{ '?column?': 9 }]);
    // The raw view: the FATAL, then the server closes.
    const { c, sasl, serverFirst } = await scramFirst('alice');
    await pgSasl.continueSession(sasl, 'also-wrong', serverFirst);
    c.send(saslResponse(sasl.response));
    await expectFatal(c, '28P01', 'password authentication failed for user "alice"');
  });

  it('logs why a login failed, never a password or a proof', async () => {
    records.length = 0;
    await connectError('alice', 'wrong-password');
    await connectError('ghost', 'wrong-password');
    const warnings = records.filter((r) => r.level === 'warn');
    expect(warnings.map((r) => r.msg)).toEqual([
      'authentication failed: password authentication failed for user "alice"',
      'authentication failed: password authentication failed for user "ghost"',
    ]);
    expect(warnings.map((r) => (r.obj as { detail: string }).detail)).toEqual([
      'Password does not match for user "alice".\nConnection matched pg_hba.conf line 6: "host all all 127.0.0.1/32 scram-sha-256"',
      'Role "ghost" does not exist.\nConnection matched pg_hba.conf line 6: "host all all 127.0.0.1/32 scram-sha-256"',
    ]);
    const text = logText(records);
    for (const secret of [...PASSWORDS, SECRETS.alice, 'c=biws', 'p=', 'r='])
      expect(text).not.toContain(secret);
  });

  it('does not reveal whether a role exists: same flow, a stable salt, the same error', async () => {
    const known = await scramFirst('alice');
    const unknown1 = await scramFirst('ghost');
    const unknown2 = await scramFirst('ghost');
    const shape = (s: string) => s.replace(/^r=[^,]+,s=[^,]+,/, 'r=*,s=*,');
    expect(shape(unknown1.serverFirst)).toBe(shape(known.serverFirst));
    const salt = (s: string) => /,s=([^,]+),/.exec(s)?.[1];
    expect(salt(unknown1.serverFirst)).toBe(salt(unknown2.serverFirst));
    for (const x of [known, unknown1, unknown2]) x.c.destroy();
    expect(await connectError('ghost', 'wonderland')).toMatchObject(authFailed('ghost'));
  });

  it('accepts a SASLInitialResponse without data (the client-first-message comes next)', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', database: 'db' }));
    expect(authCode(await c.readMessage())).toBe(10);
    const sasl = pgSasl.startSession(['SCRAM-SHA-256']);
    c.send(saslInitialResponse('SCRAM-SHA-256', null));
    const empty = await c.readMessage();
    expect([authCode(empty), empty.body.length]).toEqual([11, 4]);
    c.send(saslResponse(sasl.response));
    const cont = await c.readMessage();
    await pgSasl.continueSession(sasl, 'wonderland', cont.body.subarray(4).toString('latin1'));
    c.send(saslResponse(sasl.response));
    expect((await c.readUntil('Z')).slice(0, 2).map(authCode)).toEqual([12, 0]);
    c.destroy();
  });

  it('refuses an unknown mechanism and a malformed message with 08P01', async () => {
    const a = await RawClient.connect(port);
    a.send(startupPacket({ user: 'alice', database: 'db' }));
    await a.readMessage();
    a.send(saslInitialResponse('SCRAM-SHA-1', 'n,,n=,r=abc'));
    await expectFatal(a, '08P01', 'client selected an invalid SASL authentication mechanism');
    const { c } = await scramFirst('alice');
    c.send(saslResponse('garbage'));
    const e = await c.readMessage();
    expect([e.fields.S, e.fields.C, e.fields.M]).toEqual(['FATAL', '08P01', 'malformed SCRAM message']);
  });
});

describe('md5 and password rules', () => {
  it('runs md5 for an md5 role under an md5 rule', async () => {
    const client = await connect('mallory', 'hunter2', 'md5db');
    expect((await client.query('select 1')).rows).toEqual([{ '?column?': 1 }]);
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'mallory', database: 'md5db' }));
    const request = await c.readMessage();
    expect([request.type, request.body.length, authCode(request)]).toEqual(['R', 8, 5]);
    c.destroy();
    expect(await connectError('mallory', 'wrong-password', 'md5db')).toMatchObject(authFailed('mallory'));
  });

  it('runs SCRAM for a SCRAM role under an md5 rule', async () => {
    const client = await connect('alice', 'wonderland', 'md5db');
    expect((await client.query('select 2')).rows).toEqual([{ '?column?': 2 }]);
  });

  it('takes a cleartext password under a password rule', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', database: 'pwdb' }));
    const request = await c.readMessage();
    expect([request.body.length, authCode(request)]).toEqual([4, 3]);
    c.send(passwordMessage('wonderland'));
    const ms = await c.readUntil('Z');
    expect(authCode(ms[0])).toBe(0);
    c.destroy();
    await connect('mallory', 'hunter2', 'pwdb');
    expect(await connectError('alice', 'wrong-password', 'pwdb')).toMatchObject(authFailed('alice'));
    expect(await connectError('ghost', 'wonderland', 'pwdb')).toMatchObject(authFailed('ghost'));
  });

  it('trusts a trust rule: AuthenticationOk at once', async () => {
    const { client, startup } = await RawClient.ready(port, { user: 'trusted', database: 'db' });
    expect(authCode(startup[0])).toBe(0);
    client.destroy();
  });
});

describe('hostile and departing clients', () => {
  it('refuses any other message while it waits for a password (FATAL 08P01)', async () => {
    const scram = await RawClient.connect(port);
    scram.send(startupPacket({ user: 'alice', database: 'db' }));
    await scram.readMessage();
    scram.send(query('select 1'));
    await expectFatal(scram, '08P01', 'expected SASL response, got message type 81');
    const cleartext = await RawClient.connect(port);
    cleartext.send(startupPacket({ user: 'alice', database: 'pwdb' }));
    await cleartext.readMessage();
    cleartext.send(query('select 1'));
    await expectFatal(cleartext, '08P01', 'expected password response, got message type 81');
  });

  it('refuses a password message after authentication', async () => {
    const { client } = await RawClient.ready(port, { user: 'trusted', database: 'db' });
    client.send(passwordMessage('late'));
    await expectFatal(client, '08P01', 'invalid frontend message type 112');
  });

  it('refuses an oversized password message', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', database: 'pwdb' }));
    await c.readMessage();
    c.send(passwordMessage('x'.repeat(70_000)));
    await expectFatal(c, '08P01', 'invalid message length');
  });

  it('just closes when a client hangs up mid-exchange', async () => {
    records.length = 0;
    const sessions = backend.sessions.length;
    const { c } = await scramFirst('alice');
    c.destroy();
    await waitFor(() => server.connectionCount === 0);
    expect(records.filter((r) => r.level === 'warn' || r.level === 'error')).toEqual([]);
    expect(backend.sessions.length).toBe(sessions);
  });

  it('ends a connection waiting for its password at shutdown (FATAL 57P01)', async () => {
    const stopping = new ProtocolServer(backend, { authenticator });
    const at = (await stopping.listen(0, '127.0.0.1')).port;
    const c = await RawClient.connect(at);
    c.send(startupPacket({ user: 'alice', database: 'db' }));
    expect(authCode(await c.readMessage())).toBe(10);
    await stopping.close();
    await expectFatal(c, '57P01', 'terminating connection due to administrator command');
  });

  it('refuses a connection a reject rule matches with 28000, before any password', async () => {
    const c = await RawClient.connect(port);
    c.send(startupPacket({ user: 'alice', database: 'forbidden' }));
    await expectFatal(
      c,
      '28000',
      'pg_hba.conf rejects connection for host "127.0.0.1", user "alice", database "forbidden", no encryption',
    );
  });

  it('locks a client out after repeated failures (LoginThrottle), with 28000', async () => {
    const throttled = new ProtocolServer(backend, {
      authenticator: new Authenticator({
        hba: HBA,
        roleSecrets: (user) => SECRETS[user],
        throttle: new LoginThrottle({ maxFailures: 3 }),
      }),
    });
    const at = (await throttled.listen(0, '127.0.0.1')).port;
    for (let i = 0; i < 3; i++)
      expect(await connectError('carol', 'wrong-password', 'db', at)).toMatchObject(authFailed('carol'));
    expect(await connectError('carol', 'c4rol', 'db', at)).toMatchObject({
      code: '28000',
      message: 'too many failed authentication attempts for user "carol"',
    });
    await throttled.close();
  });
});

describe('ProtocolServer.listen with an Authenticator', () => {
  it('listens beyond loopback only when some rule demands a password', async () => {
    const withPasswords = new ProtocolServer(backend, { authenticator });
    const address = await withPasswords.listen(0, '0.0.0.0');
    expect(address.address).toBe('0.0.0.0');
    await withPasswords.close();
    const trustOnly = new Authenticator({
      hba: parseHbaRules('host all all 0.0.0.0/0 trust'),
      roleSecrets: () => undefined,
    });
    await expect(
      new ProtocolServer(backend, { authenticator: trustOnly }).listen(0, '0.0.0.0'),
    ).rejects.toThrow(/only loopback addresses/);
  });
});
