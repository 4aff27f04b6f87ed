import { describe, expect, it } from 'vitest';
import { ScramServerSession, scramMockSalt } from './scram-server-session.js';
import { parseScramVerifier, type ScramSecret, scramVerifier } from './scram-verifier.js';
import {
  pgSasl,
  postgres15,
  type RecordedError,
  type RecordedExchange,
  recordedServerNonce,
} from './test-fixtures.js';

const mockAuthNonce = Buffer.from(postgres15.mockAuthNonce, 'hex');

function secretOf(verifier: string): ScramSecret {
  const secret = parseScramVerifier(verifier);
  if (secret === undefined) throw new Error(`not a SCRAM verifier: ${verifier}`);
  return secret;
}

/** A session replaying `exchange` with PostgreSQL's server nonce. */
function replaySession(exchange: RecordedExchange, secret?: ScramSecret): ScramServerSession {
  return new ScramServerSession({
    user: exchange.user,
    secret,
    mockAuthNonce,
    serverNonce: recordedServerNonce(exchange),
  });
}

function pgError(error: RecordedError): object {
  return expect.objectContaining({
    code: error.C,
    message: error.M,
    severity: error.S,
    fields: expect.objectContaining(error.D === undefined ? {} : { detail: error.D }),
  });
}

describe('ScramServerSession against RFC 7677', () => {
  it('reproduces the test vector byte for byte', () => {
    const secret = secretOf(
      scramVerifier('pencil', { salt: Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64') }),
    );
    const session = new ScramServerSession({
      user: 'user',
      secret,
      mockAuthNonce,
      serverNonce: '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    });
    expect(session.start('n,,n=user,r=rOprNGfwEbeRWgbNEkqO')).toBe(
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    );
    expect(
      session.finish(
        'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      ),
    ).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
    expect(session.succeeded).toBe(true);
  });
});

describe('ScramServerSession replaying PostgreSQL 15 exchanges', () => {
  it.each(['ok', 'okFullwidth'])('answers %s exactly as PostgreSQL did', (name) => {
    const exchange = postgres15.exchanges[name];
    const session = replaySession(exchange, secretOf(postgres15.verifiers[exchange.user].verifier));
    expect(session.start(exchange.clientFirst)).toBe(exchange.serverFirst);
    expect(session.finish(exchange.clientFinal)).toBe(exchange.serverFinal);
  });

  it('fails a wrong password with PostgreSQL 28P01', () => {
    const exchange = postgres15.exchanges.wrong;
    const session = replaySession(exchange, secretOf(postgres15.verifiers.s_ascii.verifier));
    expect(session.start(exchange.clientFirst)).toBe(exchange.serverFirst);
    expect(() => session.finish(exchange.clientFinal)).toThrow(pgError(exchange.error as RecordedError));
    expect(session.succeeded).toBe(false);
  });

  it.each(['unknown', 'unknown2', 'md5UserUnknown'])(
    'runs the doomed exchange for %s with the same fake salt PostgreSQL sent',
    (name) => {
      const exchange = postgres15.exchanges[name];
      const session = replaySession(exchange);
      expect(session.start(exchange.clientFirst)).toBe(exchange.serverFirst);
      expect(() => session.finish(exchange.clientFinal)).toThrow(pgError(exchange.error as RecordedError));
    },
  );

  it.each(Object.entries(postgres15.firstMessageErrors).filter(([, e]) => e.mechanism === 'SCRAM-SHA-256'))(
    'rejects a malformed client-first-message (%s) with PostgreSQL error',
    (_name, { clientFirst, error }) => {
      const session = new ScramServerSession({
        user: 's_ascii',
        secret: secretOf(postgres15.verifiers.s_ascii.verifier),
        mockAuthNonce,
      });
      expect(() => session.start(clientFirst)).toThrow(pgError(error));
    },
  );

  it.each(Object.entries(postgres15.finalMessageErrors))(
    'rejects a bad client-final-message (%s) with PostgreSQL error',
    (_name, exchange) => {
      const session = replaySession(exchange, secretOf(postgres15.verifiers.s_ascii.verifier));
      expect(session.start(exchange.clientFirst)).toBe(exchange.serverFirst);
      expect(() => session.finish(exchange.clientFinal)).toThrow(pgError(exchange.error as RecordedError));
    },
  );
});

/** One full exchange with node-postgres's client code on the other side. */
async function pgClientExchange(
  server: ScramServerSession,
  password: string,
  tamper: { final?: (msg: string) => string; stream?: unknown } = {},
): Promise<void> {
  const client = pgSasl.startSession(['SCRAM-SHA-256'], tamper.stream);
  const serverFirst = server.start(client.response);
  await pgSasl.continueSession(client, password, serverFirst, tamper.stream);
  const final = tamper.final ? tamper.final(client.response) : client.response;
  pgSasl.finalizeSession(client, server.finish(final));
}

describe('ScramServerSession with node-postgres as the client', () => {
  const secret = secretOf(scramVerifier('correct horse'));

  it('authenticates the right password, and the client accepts our signature', async () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    await pgClientExchange(server, 'correct horse');
    expect(server.succeeded).toBe(true);
  });

  it('accepts the y,, GS2 header (client supports channel binding, we do not offer it)', async () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    await pgClientExchange(server, 'correct horse', { stream: {} });
    expect(server.succeeded).toBe(true);
  });

  it('fails a wrong password with 28P01 naming the user', async () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    await expect(pgClientExchange(server, 'wrong horse')).rejects.toThrow(
      expect.objectContaining({ code: '28P01', message: 'password authentication failed for user "alice"' }),
    );
  });

  it('fails an unknown user the same way, with a stable per-user fake salt', async () => {
    const salts = new Set<string>();
    for (const user of ['ghost', 'ghost', 'phantom']) {
      const server = new ScramServerSession({ user, mockAuthNonce });
      const client = pgSasl.startSession(['SCRAM-SHA-256']);
      const serverFirst = server.start(client.response);
      salts.add(/s=([^,]+)/.exec(serverFirst)?.[1] ?? '');
      expect(serverFirst).toMatch(/,i=4096$/);
      await pgSasl.continueSession(client, 'anything', serverFirst);
      expect(() => server.finish(client.response)).toThrow(
        expect.objectContaining({
          code: '28P01',
          message: `password authentication failed for user "${user}"`,
        }),
      );
    }
    expect(salts).toEqual(
      new Set([
        scramMockSalt('ghost', mockAuthNonce).toString('base64'),
        scramMockSalt('phantom', mockAuthNonce).toString('base64'),
      ]),
    );
  });

  it('rejects a tampered proof', async () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    const flipLastProofByte = (msg: string) => {
      const [head, proof] = msg.split(',p=');
      const bytes = Buffer.from(proof, 'base64');
      bytes[31] ^= 1;
      return `${head},p=${bytes.toString('base64')}`;
    };
    await expect(pgClientExchange(server, 'correct horse', { final: flipLastProofByte })).rejects.toThrow(
      expect.objectContaining({ code: '28P01' }),
    );
  });

  it('rejects a proof replayed into another exchange (fresh server nonce)', async () => {
    const first = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    const client = pgSasl.startSession(['SCRAM-SHA-256']);
    await pgSasl.continueSession(client, 'correct horse', first.start(client.response));
    const second = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    second.start(`n,,n=*,r=${client.clientNonce}`);
    expect(() => second.finish(client.response)).toThrow(
      expect.objectContaining({
        code: '08P01',
        message: 'invalid SCRAM response',
        fields: expect.objectContaining({ detail: 'Nonce does not match.' }),
      }),
    );
  });

  it.each([
    ['a truncated nonce', (m: string) => m.replace(/r=([^,]+)/, (_x, n: string) => `r=${n.slice(0, -1)}`)],
    [
      'only the client nonce',
      (m: string) => m.replace(/r=([^,]+)/, (_x, n: string) => `r=${n.slice(0, 24)}`),
    ],
  ])('rejects %s in client-final-message', async (_what, final) => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    await expect(pgClientExchange(server, 'correct horse', { final })).rejects.toThrow(
      expect.objectContaining({ code: '08P01', message: 'invalid SCRAM response' }),
    );
  });

  it.each([
    [
      'no proof',
      (m: string) => m.slice(0, m.indexOf(',p=')),
      'Attribute expected, but found invalid character "0x00".',
    ],
    [
      'proof not base64',
      (m: string) => m.replace(/p=.*/, 'p=!!!!'),
      'Malformed proof in client-final-message.',
    ],
    [
      'channel binding first',
      (m: string) => m.replace('c=biws,', ''),
      'Expected attribute "c" but found "\'r\'".',
    ],
  ])('rejects a malformed client-final-message: %s', async (_what, final, detail) => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    await expect(pgClientExchange(server, 'correct horse', { final })).rejects.toThrow(
      expect.objectContaining({
        code: '08P01',
        message: 'malformed SCRAM message',
        fields: expect.objectContaining({ detail }),
      }),
    );
  });

  it('skips optional extensions and ignores the SCRAM user name', () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce, serverNonce: 'SERVER' });
    expect(server.start('n,,n=mallory,r=abc,x=1,y=2')).toBe(`r=abcSERVER,s=${secret.saltBase64},i=4096`);
  });

  it('rejects embedded NULs like PostgreSQL (message length mismatch)', () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    expect(() => server.start('n,,n=,r=a\0b')).toThrow(
      expect.objectContaining({
        fields: expect.objectContaining({ detail: 'Message length does not match input length.' }),
      }),
    );
  });

  it('is single use: calls out of order are our bug (InternalError)', () => {
    const server = new ScramServerSession({ user: 'alice', secret, mockAuthNonce });
    expect(() => server.finish('c=biws,r=x,p=AAAA')).toThrow(expect.objectContaining({ code: 'XX000' }));
    server.start('n,,n=,r=abc');
    expect(() => server.start('n,,n=,r=abc')).toThrow(expect.objectContaining({ code: 'XX000' }));
  });
});
