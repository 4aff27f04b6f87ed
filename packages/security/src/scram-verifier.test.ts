import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { saslprep, scramPasswordBytes } from './saslprep.js';
import {
  hmacSha256,
  parseScramVerifier,
  scramVerifier,
  sha256,
  verifyScramPlainPassword,
} from './scram-verifier.js';
import { postgres15 } from './test-fixtures.js';

/**
 * Passwords where we knowingly differ from PostgreSQL (see saslprep.ts): the bidi check and
 * Unicode 3.2's unassigned table make PostgreSQL fall back to raw bytes, we apply NFKC.
 */
const KNOWN_GAPS = new Set(['s_bidi_nfkc', 's_unassigned32']);

describe('scramVerifier', () => {
  const scramRoles = Object.entries(postgres15.verifiers).filter(([, v]) => v.verifier.startsWith('SCRAM'));

  it.each(scramRoles.filter(([role]) => !KNOWN_GAPS.has(role)))(
    'matches the verifier PostgreSQL 15 stored for %s',
    (_role, { password, verifier }) => {
      const pg = parseScramVerifier(verifier);
      expect(pg).toBeDefined();
      expect(scramVerifier(password, { salt: pg?.salt, iterations: pg?.iterations })).toBe(verifier);
    },
  );

  it.each(scramRoles.filter(([role]) => KNOWN_GAPS.has(role)))(
    'known gap: differs from PostgreSQL for %s (NFKC-changing password PostgreSQL rejects by bidi/Unicode 3.2 rules)',
    (_role, { password, verifier }) => {
      const pg = parseScramVerifier(verifier);
      expect(scramVerifier(password, { salt: pg?.salt, iterations: pg?.iterations })).not.toBe(verifier);
      // PostgreSQL hashed the raw bytes: hashing them unprepared reproduces its keys.
      if (pg === undefined) throw new Error('fixture');
      const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), pg.salt, pg.iterations, 32, 'sha256');
      expect(sha256(hmacSha256(salted, 'Client Key'))).toEqual(pg.storedKey);
      expect(hmacSha256(salted, 'Server Key')).toEqual(pg.serverKey);
    },
  );

  it('draws a fresh 16-byte salt by default', () => {
    const a = parseScramVerifier(scramVerifier('x'));
    const b = parseScramVerifier(scramVerifier('x'));
    expect(a?.salt.length).toBe(16);
    expect(a?.iterations).toBe(4096);
    expect(a?.saltBase64).not.toBe(b?.saltBase64);
  });

  it('honours the iteration count', () => {
    expect(scramVerifier('x', { iterations: 10, salt: Buffer.alloc(16) })).toMatch(
      /^SCRAM-SHA-256\$10:A{22}==\$/,
    );
  });

  it('refuses passwords over 1024 bytes with 54000', () => {
    expect(() => scramVerifier('é'.repeat(513))).toThrow(
      expect.objectContaining({ code: '54000', message: 'password too long' }),
    );
    expect(() => scramVerifier('a'.repeat(1024), { iterations: 1 })).not.toThrow();
  });
});

describe('parseScramVerifier', () => {
  const good = postgres15.verifiers.s_ascii.verifier;

  it('parses PostgreSQL output', () => {
    const s = parseScramVerifier(good);
    expect(s?.iterations).toBe(4096);
    expect(s?.saltBase64).toBe('YCnVUMWLF6syj8zVli1h8g==');
    expect(s?.serverKey.length).toBe(32);
  });

  it.each([
    ['md5 verifier', 'md5c67df77064fcbfd26a2d021b84fff64d'],
    ['other scheme', good.replace('SCRAM-SHA-256', 'SCRAM-SHA-1')],
    ['zero iterations', good.replace('$4096:', '$0:')],
    ['non-numeric iterations', good.replace('$4096:', '$40x6:')],
    ['bad salt base64', good.replace('YCnVUMWLF6syj8zVli1h8g==', 'YCnV*MWLF6syj8zVli1h8g==')],
    ['short StoredKey', good.replace('0on8rsohrGTEXIkSckiwFVTZS52zvaAOnXeRRX/N5Ys=', 'AAAA')],
    ['missing ServerKey', good.slice(0, good.lastIndexOf(':'))],
    ['plaintext', 'pencil'],
  ])('rejects %s', (_what, text) => {
    expect(parseScramVerifier(text)).toBeUndefined();
  });
});

describe('verifyScramPlainPassword', () => {
  it('accepts the right password and rejects others, against a PostgreSQL verifier', async () => {
    const secret = parseScramVerifier(postgres15.verifiers.s_fullwidth.verifier);
    if (secret === undefined) throw new Error('fixture');
    expect(await verifyScramPlainPassword('\uff50\uff41\uff53\uff53', secret)).toBe(true);
    expect(await verifyScramPlainPassword('pass', secret)).toBe(true); // SASLprep makes them equal
    expect(await verifyScramPlainPassword('Pass', secret)).toBe(false);
  });
});

describe('saslprep', () => {
  it('leaves ASCII alone, control characters included (PostgreSQL fast path)', () => {
    expect(saslprep('a\u0007b')).toEqual({ ok: true, value: 'a\u0007b' });
  });

  it('maps non-ASCII spaces to a space and drops mapped-to-nothing characters', () => {
    expect(saslprep('a\u00a0b')).toEqual({ ok: true, value: 'a b' });
    expect(saslprep('pa\u00adss')).toEqual({ ok: true, value: 'pass' });
  });

  it('applies NFKC', () => {
    expect(saslprep('\u2168x\u00c5')).toEqual({ ok: true, value: 'IXx\u00c5' });
  });

  it('fails on prohibited characters, an empty result and invalid UTF-8', () => {
    expect(saslprep('\u00e9\u0007x')).toEqual({ ok: false, reason: 'prohibited' });
    expect(saslprep('\uff50\ue000')).toEqual({ ok: false, reason: 'prohibited' });
    expect(saslprep('\u00ad')).toEqual({ ok: false, reason: 'prohibited' });
    expect(saslprep(Buffer.from([0x61, 0xc3]))).toEqual({ ok: false, reason: 'invalid-utf8' });
  });

  it('falls back to the raw bytes when SASLprep fails', () => {
    expect(scramPasswordBytes('\u00e9\u0007x')).toEqual(Buffer.from('\u00e9\u0007x', 'utf8'));
    expect(scramPasswordBytes(Buffer.from([0x61, 0xc3]))).toEqual(Buffer.from([0x61, 0xc3]));
    expect(scramPasswordBytes('\uff50')).toEqual(Buffer.from('p'));
  });
});
