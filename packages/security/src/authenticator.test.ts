import { describe, expect, it } from 'vitest';
import {
  type AuthExchange,
  Authenticator,
  type AuthenticatorOptions,
  type AuthStep,
  type ConnectionInfo,
} from './authenticator.js';
import { parseHbaRules } from './hba-rule.js';
import { LoginThrottle } from './login-throttle.js';
import { md5ChallengeResponse, md5Verifier } from './md5-password.js';
import { scramVerifier } from './scram-verifier.js';
import { passwordMessageBody, pgSasl, postgres15, saslInitialResponseBody } from './test-fixtures.js';

const HBA = parseHbaRules(`
host all trusted 127.0.0.1/32 trust
host all blocked 127.0.0.1/32 reject
host md5db all 127.0.0.1/32 md5
host pwdb all 127.0.0.1/32 password
host all all 127.0.0.1/32 scram-sha-256
local all all scram-sha-256
`);

const SECRETS: Record<string, string | null> = {
  alice: scramVerifier('wonderland', { iterations: 64 }),
  mallory: md5Verifier('hunter2', 'mallory'),
  nopass: null,
};

function authenticator(options: Partial<AuthenticatorOptions> = {}): Authenticator {
  return new Authenticator({
    hba: HBA,
    roleSecrets: (user) => SECRETS[user],
    mockAuthNonce: Buffer.from(postgres15.mockAuthNonce, 'hex'),
    ...options,
  });
}

function conn(user: string, database = 'app', extra: Partial<ConnectionInfo> = {}): ConnectionInfo {
  return { user, database, address: '127.0.0.1', ssl: false, ...extra };
}

/** Drives a SCRAM exchange with node-postgres's client code, through message bodies. */
async function scramLogin(exchange: AuthExchange, password: string): Promise<AuthStep> {
  expect(exchange.request).toEqual({ kind: 'AuthenticationSASL', mechanisms: ['SCRAM-SHA-256'] });
  const client = pgSasl.startSession(['SCRAM-SHA-256']);
  const first = await exchange.receive(saslInitialResponseBody('SCRAM-SHA-256', client.response));
  if (first.kind !== 'AuthenticationSASLContinue') throw new Error('expected SASLContinue');
  await pgSasl.continueSession(client, password, first.data.toString('latin1'));
  const final = await exchange.receive(Buffer.from(client.response, 'latin1'));
  if (final.kind === 'AuthenticationOk' && final.saslFinal)
    pgSasl.finalizeSession(client, final.saslFinal.toString('latin1'));
  return final;
}

const failedFor = (user: string) =>
  expect.objectContaining({
    code: '28P01',
    message: `password authentication failed for user "${user}"`,
    severity: 'FATAL',
  });

describe('Authenticator.begin', () => {
  it('trusts without an exchange', () => {
    const exchange = authenticator().begin(conn('trusted'));
    expect(exchange.request).toEqual({ kind: 'AuthenticationOk' });
    expect(exchange.authenticated).toBe(true);
    expect(exchange.method).toBe('trust');
  });

  it('refuses reject rules and unmatched connections with 28000', () => {
    const auth = authenticator();
    expect(() => auth.begin(conn('blocked'))).toThrow(
      expect.objectContaining({
        code: '28000',
        message:
          'pg_hba.conf rejects connection for host "127.0.0.1", user "blocked", database "app", no encryption',
      }),
    );
    expect(() => auth.begin(conn('alice', 'app', { address: '10.0.0.1', ssl: true }))).toThrow(
      expect.objectContaining({
        code: '28000',
        message: 'no pg_hba.conf entry for host "10.0.0.1", user "alice", database "app", SSL encryption',
      }),
    );
  });

  it('says whether any rule demands a password', () => {
    expect(authenticator().usesPasswords).toBe(true);
    const trustOnly = parseHbaRules('host all all 127.0.0.1/32 trust\nhost all all 0.0.0.0/0 reject');
    expect(authenticator({ hba: trustOnly }).usesPasswords).toBe(false);
    expect(authenticator({ hba: parseHbaRules('hostssl all all all password') }).usesPasswords).toBe(true);
  });

  it('reports IPv4-mapped client addresses as IPv4', () => {
    expect(() => authenticator().begin(conn('blocked', 'app', { address: '::ffff:127.0.0.1' }))).toThrow(
      'pg_hba.conf rejects connection for host "127.0.0.1"',
    );
  });
});

describe('SCRAM through the exchange', () => {
  it('authenticates node-postgres and ends with SASLFinal + Ok', async () => {
    const exchange = authenticator().begin(conn('alice'));
    const step = await scramLogin(exchange, 'wonderland');
    expect(step.kind).toBe('AuthenticationOk');
    expect(exchange.authenticated).toBe(true);
    expect(exchange.logDetail).toBeUndefined();
  });

  it('works over a local socket too', async () => {
    const exchange = authenticator().begin(conn('alice', 'app', { address: undefined }));
    expect((await scramLogin(exchange, 'wonderland')).kind).toBe('AuthenticationOk');
  });

  it('fails a wrong password, with the reason for the log only', async () => {
    const exchange = authenticator().begin(conn('alice'));
    await expect(scramLogin(exchange, 'looking-glass')).rejects.toThrow(failedFor('alice'));
    expect(exchange.authenticated).toBe(false);
    expect(exchange.logDetail).toBe(
      'Password does not match for user "alice".\nConnection matched pg_hba.conf line 6: "host all all 127.0.0.1/32 scram-sha-256"',
    );
    expect(exchange.logDetail).not.toContain('looking-glass');
  });

  it.each([
    ['an unknown role', 'nobody', 'Role "nobody" does not exist.'],
    ['a role without password', 'nopass', 'User "nopass" has no password assigned.'],
    ['a role with an md5 password', 'mallory', 'User "mallory" does not have a valid SCRAM secret.'],
  ])('runs the doomed exchange for %s', async (_what, user, reason) => {
    const exchange = authenticator().begin(conn(user));
    await expect(scramLogin(exchange, 'hunter2')).rejects.toThrow(failedFor(user));
    expect(exchange.logDetail?.split('\n')[0]).toBe(reason);
  });

  it('accepts a SASLInitialResponse without data, taking the next message as client-first', async () => {
    const exchange = authenticator().begin(conn('alice'));
    const client = pgSasl.startSession(['SCRAM-SHA-256']);
    expect(await exchange.receive(saslInitialResponseBody('SCRAM-SHA-256', null))).toEqual({
      kind: 'AuthenticationSASLContinue',
      data: Buffer.alloc(0),
    });
    const first = await exchange.receive(Buffer.from(client.response));
    if (first.kind !== 'AuthenticationSASLContinue') throw new Error('expected SASLContinue');
    await pgSasl.continueSession(client, 'wonderland', first.data.toString('latin1'));
    expect((await exchange.receive(Buffer.from(client.response))).kind).toBe('AuthenticationOk');
  });

  it.each(['SCRAM-SHA-1', 'SCRAM-SHA-256-PLUS'])(
    'refuses the mechanism %s as PostgreSQL does',
    async (mechanism) => {
      const exchange = authenticator().begin(conn('alice'));
      await expect(exchange.receive(saslInitialResponseBody(mechanism, 'n,,n=,r=abc'))).rejects.toThrow(
        expect.objectContaining({ code: '08P01', message: postgres15.firstMessageErrors.badMech.error.M }),
      );
    },
  );

  it('refuses channel binding requests (p=) with PostgreSQL message', async () => {
    const exchange = authenticator().begin(conn('alice'));
    const { pFlag } = postgres15.firstMessageErrors;
    await expect(
      exchange.receive(saslInitialResponseBody('SCRAM-SHA-256', pFlag.clientFirst)),
    ).rejects.toThrow(
      expect.objectContaining({ code: '08P01', fields: expect.objectContaining({ detail: pFlag.error.D }) }),
    );
  });

  it.each([
    ['no NUL after the mechanism', Buffer.from('SCRAM-SHA-256'), 'invalid string in message'],
    ['no length', Buffer.from('SCRAM-SHA-256\0\0\0'), 'no data left in message'],
    [
      'a length past the end',
      Buffer.from('SCRAM-SHA-256\0\0\0\0\x09abc'),
      'insufficient data left in message',
    ],
    [
      'bytes after the data',
      Buffer.concat([saslInitialResponseBody('SCRAM-SHA-256', 'n,,n=,r=a'), Buffer.from('x')]),
      'invalid message format',
    ],
  ])('rejects a SASLInitialResponse with %s (08P01)', async (_what, body, message) => {
    const exchange = authenticator().begin(conn('alice'));
    await expect(exchange.receive(body)).rejects.toThrow(expect.objectContaining({ code: '08P01', message }));
  });

  it('ends the exchange after an error: further messages are our bug', async () => {
    const exchange = authenticator().begin(conn('alice'));
    await expect(exchange.receive(Buffer.from('junk'))).rejects.toThrow();
    await expect(exchange.receive(Buffer.from('junk'))).rejects.toThrow(
      expect.objectContaining({ code: 'XX000' }),
    );
  });
});

describe('md5 rules', () => {
  it('challenge md5 roles with a 4-byte salt and accept the right response', async () => {
    const exchange = authenticator().begin(conn('mallory', 'md5db'));
    if (exchange.request.kind !== 'AuthenticationMD5Password')
      throw new Error(`got ${exchange.request.kind}`);
    expect(exchange.request.salt.length).toBe(4);
    const response = md5ChallengeResponse(md5Verifier('hunter2', 'mallory'), exchange.request.salt);
    expect(await exchange.receive(passwordMessageBody(response))).toEqual({ kind: 'AuthenticationOk' });
  });

  it('fail a wrong md5 response', async () => {
    const exchange = authenticator().begin(conn('mallory', 'md5db'));
    if (exchange.request.kind !== 'AuthenticationMD5Password')
      throw new Error(`got ${exchange.request.kind}`);
    const response = md5ChallengeResponse(md5Verifier('hunter3', 'mallory'), exchange.request.salt);
    await expect(exchange.receive(passwordMessageBody(response))).rejects.toThrow(failedFor('mallory'));
  });

  it('fall back to SCRAM for SCRAM roles', async () => {
    const exchange = authenticator().begin(conn('alice', 'md5db'));
    expect(exchange.method).toBe('scram-sha-256');
    expect((await scramLogin(exchange, 'wonderland')).kind).toBe('AuthenticationOk');
  });

  it('give unknown roles what password_encryption says real roles have', () => {
    expect(authenticator().begin(conn('nobody', 'md5db')).request.kind).toBe('AuthenticationSASL');
    const md5Cluster = authenticator({ passwordEncryption: 'md5' });
    expect(md5Cluster.begin(conn('nobody', 'md5db')).request.kind).toBe('AuthenticationMD5Password');
  });
});

describe('password rules', () => {
  it.each([
    ['a SCRAM secret', 'alice', 'wonderland'],
    ['an md5 secret', 'mallory', 'hunter2'],
  ])('check a cleartext password against %s', async (_what, user, password) => {
    const exchange = authenticator().begin(conn(user, 'pwdb'));
    expect(exchange.request).toEqual({ kind: 'AuthenticationCleartextPassword' });
    expect(await exchange.receive(passwordMessageBody(password))).toEqual({ kind: 'AuthenticationOk' });
    const wrong = authenticator().begin(conn(user, 'pwdb'));
    await expect(wrong.receive(passwordMessageBody(`${password}!`))).rejects.toThrow(failedFor(user));
  });

  it('fail unknown roles after the password arrives', async () => {
    const exchange = authenticator().begin(conn('nobody', 'pwdb'));
    await expect(exchange.receive(passwordMessageBody('x'))).rejects.toThrow(failedFor('nobody'));
    expect(exchange.logDetail?.startsWith('Role "nobody" does not exist.')).toBe(true);
  });

  it('refuse empty passwords and malformed packets as PostgreSQL does', async () => {
    const auth = authenticator();
    await expect(auth.begin(conn('alice', 'pwdb')).receive(passwordMessageBody(''))).rejects.toThrow(
      expect.objectContaining({ code: '28P01', message: 'empty password returned by client' }),
    );
    await expect(auth.begin(conn('alice', 'pwdb')).receive(Buffer.from('abc'))).rejects.toThrow(
      expect.objectContaining({ code: '08P01', message: 'invalid password packet size' }),
    );
    await expect(auth.begin(conn('alice', 'pwdb')).receive(Buffer.from('a\0b\0'))).rejects.toThrow(
      'invalid password packet size',
    );
  });
});

describe('failed-login limits', () => {
  it('lock a client out after repeated wrong passwords, before any exchange', async () => {
    const throttle = new LoginThrottle({ maxFailures: 2 });
    const auth = authenticator({ throttle });
    for (let i = 0; i < 2; i++) {
      await expect(scramLogin(auth.begin(conn('alice')), 'nope')).rejects.toThrow(failedFor('alice'));
    }
    expect(() => auth.begin(conn('alice'))).toThrow(expect.objectContaining({ code: '28000' }));
    expect(() => auth.begin(conn('alice', 'app', { address: '::ffff:127.0.0.1' }))).toThrow(
      expect.objectContaining({ code: '28000' }),
    );
    expect(() => auth.begin(conn('trusted'))).not.toThrow();
  });

  it('count unknown roles like real ones, and not malformed messages', async () => {
    const throttle = new LoginThrottle({ maxFailures: 2 });
    const auth = authenticator({ throttle });
    await expect(auth.begin(conn('alice')).receive(Buffer.from('junk'))).rejects.toThrow();
    await expect(auth.begin(conn('alice')).receive(Buffer.from('junk'))).rejects.toThrow();
    expect(throttle.isLocked('alice', '127.0.0.1')).toBe(false);
    await expect(scramLogin(auth.begin(conn('ghost')), 'x')).rejects.toThrow();
    await expect(scramLogin(auth.begin(conn('ghost')), 'x')).rejects.toThrow();
    expect(throttle.isLocked('ghost', '127.0.0.1')).toBe(true);
  });

  it('clear the count on success', async () => {
    const throttle = new LoginThrottle({ maxFailures: 2 });
    const auth = authenticator({ throttle });
    await expect(auth.begin(conn('alice', 'pwdb')).receive(passwordMessageBody('nope'))).rejects.toThrow();
    await auth.begin(conn('alice', 'pwdb')).receive(passwordMessageBody('wonderland'));
    await expect(auth.begin(conn('alice', 'pwdb')).receive(passwordMessageBody('nope'))).rejects.toThrow();
    expect(throttle.isLocked('alice', '127.0.0.1')).toBe(false);
  });
});
