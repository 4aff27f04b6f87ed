/**
 * TLS through SSLRequest: node-postgres and psql with full certificate verification against a
 * throwaway CA (made with openssl at test time), data sent before the handshake
 * (CVE-2021-23214), and hostssl rules.
 */
import { execFile } from 'node:child_process';
import type { TLSSocket } from 'node:tls';
import { Authenticator, parseHbaRules, scramVerifier } from '@rustydb/security';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBackend } from '../test/fake-backend.js';
import { RawClient, requestPacket, startupPacket } from '../test/raw-client.js';
import { logText, recordingLogger } from '../test/test-logger.js';
import { ProtocolServer } from './protocol-server.js';
import { SSL_REQUEST_CODE } from './startup-packet.js';
import { makeTestCertificates, type TestCertificates } from './testing/test-certificates.js';

const HBA = parseHbaRules(`
hostssl ssldb all 127.0.0.1/32 scram-sha-256
hostnossl ssldb all 127.0.0.1/32 reject
host all all 127.0.0.1/32 scram-sha-256
`);
const SECRETS: Record<string, string> = { alice: scramVerifier('wonderland') };

const backend = new FakeBackend();
const { logger, records } = recordingLogger();
let certs: TestCertificates;
let server: ProtocolServer;
let port = 0;
const clients: pg.Client[] = [];

beforeAll(async () => {
  certs = makeTestCertificates();
  server = new ProtocolServer(backend, {
    logger,
    authenticator: new Authenticator({ hba: HBA, roleSecrets: (user) => SECRETS[user] }),
    tls: { cert: certs.cert, key: certs.key },
  });
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => undefined)));
});
afterAll(async () => {
  await server.close();
  certs.remove();
});

function pgClient(config: pg.ClientConfig): pg.Client {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'alice',
    database: 'db',
    password: 'wonderland',
    ...config,
  });
  client.on('error', () => undefined);
  clients.push(client);
  return client;
}

const verifyFull = () => ({ ca: certs.ca, servername: 'localhost', rejectUnauthorized: true });

/** The client's TLS socket (node-postgres keeps it as connection.stream). */
const tlsSocketOf = (client: pg.Client) =>
  (client as unknown as { connection: { stream: TLSSocket } }).connection.stream;

function psql(env: Record<string, string>, database = 'db'): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(
      'psql',
      [
        '-X',
        '-A',
        '-t',
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'alice',
        '-d',
        database,
        '-c',
        'select 6',
      ],
      { env: { ...process.env, PGCONNECT_TIMEOUT: '10', ...env } },
      (err, stdout, stderr) => resolve({ ok: err === null, out: err === null ? stdout : stderr }),
    );
  });
}

describe('TLS', () => {
  it('serves node-postgres with the certificate verified (verify-full)', async () => {
    const client = pgClient({ ssl: verifyFull() });
    await client.connect();
    expect((await client.query('select 4')).rows).toEqual([{ '?column?': 4 }]);
    const socket = tlsSocketOf(client);
    expect(socket.encrypted).toBe(true);
    expect(socket.authorized).toBe(true);
    expect(socket.getProtocol()).toMatch(/^TLSv1\.[23]$/);
  });

  it('serves node-postgres under sslmode=require (no verification)', async () => {
    const client = pgClient({ ssl: { rejectUnauthorized: false } });
    await client.connect();
    expect((await client.query('select 3')).rows).toEqual([{ '?column?': 3 }]);
  });

  it('serves psql with sslmode=verify-full and require', async () => {
    const env = { PGSSLMODE: 'verify-full', PGSSLROOTCERT: certs.caPath, PGPASSWORD: 'wonderland' };
    expect(await psql(env)).toEqual({ ok: true, out: '6\n' });
    expect(await psql({ PGSSLMODE: 'require', PGPASSWORD: 'wonderland' })).toEqual({ ok: true, out: '6\n' });
    const wrong = await psql({ ...env, PGPASSWORD: 'nope' });
    expect(wrong.ok).toBe(false);
    expect(wrong.out).toMatch(/password authentication failed for user "alice"/);
  });

  it('is refused by a client that does not trust the certificate; the server carries on', async () => {
    const untrusted = pgClient({ ssl: { rejectUnauthorized: true, servername: 'localhost' } });
    await expect(untrusted.connect()).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
    const wrongName = pgClient({ ssl: { ...verifyFull(), servername: 'example.com' } });
    await expect(wrongName.connect()).rejects.toThrow(/does not match|altnames/i);
    const client = pgClient({ ssl: verifyFull() });
    await client.connect();
    expect((await client.query('select 2')).rows).toEqual([{ '?column?': 2 }]);
  });

  it('refuses data sent after the SSLRequest before the handshake (CVE-2021-23214)', async () => {
    const sessions = backend.sessions.length;
    const c = await RawClient.connect(port);
    c.send(
      Buffer.concat([requestPacket(SSL_REQUEST_CODE), startupPacket({ user: 'alice', database: 'db' })]),
    );
    expect(await c.readByte()).toBe(0x53);
    const e = await c.readMessage();
    expect([e.type, e.fields.S, e.fields.C, e.fields.M, e.fields.D]).toEqual([
      'E',
      'FATAL',
      '08P01',
      'received unencrypted data after SSL request',
      'This could be either a client-software bug or evidence of an attempted man-in-the-middle attack.',
    ]);
    expect(await c.isClosedByServer()).toBe(true);
    expect(backend.sessions.length).toBe(sessions);
  });

  it('drops a client whose handshake is garbage', async () => {
    records.length = 0;
    const c = await RawClient.connect(port);
    c.send(requestPacket(SSL_REQUEST_CODE));
    expect(await c.readByte()).toBe(0x53);
    c.send(Buffer.from('this is not a TLS ClientHello\r\n'));
    await c.closed;
    await new Promise((r) => setTimeout(r, 20));
    expect(logText(records.filter((r) => r.level === 'error'))).toBe('');
  });
});

describe('hostssl and hostnossl rules', () => {
  it('admits a TLS connection under hostssl and refuses the same in clear text', async () => {
    const secure = pgClient({ database: 'ssldb', ssl: verifyFull() });
    await secure.connect();
    expect((await secure.query('select 1')).rows).toEqual([{ '?column?': 1 }]);
    const plain = pgClient({ database: 'ssldb' });
    await expect(plain.connect()).rejects.toMatchObject({
      code: '28000',
      message:
        'pg_hba.conf rejects connection for host "127.0.0.1", user "alice", database "ssldb", no encryption',
    });
  });

  it('names the encryption in the 28000 when no rule matches', async () => {
    const strict = new ProtocolServer(backend, {
      authenticator: new Authenticator({
        hba: parseHbaRules('hostssl all all 127.0.0.1/32 scram-sha-256'),
        roleSecrets: (user) => SECRETS[user],
      }),
      tls: { cert: certs.cert, key: certs.key },
    });
    const at = (await strict.listen(0, '127.0.0.1')).port;
    const plain = pgClient({ port: at });
    await expect(plain.connect()).rejects.toMatchObject({
      code: '28000',
      message: 'no pg_hba.conf entry for host "127.0.0.1", user "alice", database "db", no encryption',
    });
    const secure = pgClient({ port: at, ssl: verifyFull() });
    await secure.connect();
    expect((await secure.query('select 5')).rows).toEqual([{ '?column?': 5 }]);
    await secure.end();
    await strict.close();
  });
});

describe('ProtocolServer TLS options', () => {
  it('refuses a key that does not match the certificate', () => {
    const other = makeTestCertificates();
    try {
      expect(() => new ProtocolServer(backend, { tls: { cert: certs.cert, key: other.key } })).toThrow(
        /key values mismatch/,
      );
      expect(new ProtocolServer(backend, { tls: { cert: certs.cert, key: certs.key } }).tlsEnabled).toBe(
        true,
      );
      expect(new ProtocolServer(backend).tlsEnabled).toBe(false);
    } finally {
      other.remove();
    }
  });
});
