import { describe, expect, it } from 'vitest';
import { checkMd5Response, isMd5Verifier, md5ChallengeResponse, md5Verifier } from './md5-password.js';
import { postgres15 } from './test-fixtures.js';
import { passwordType, verifyPlainPassword } from './verify-plain-password.js';

describe('md5 passwords', () => {
  const stored = postgres15.verifiers.m_user.verifier;

  it('computes the verifier PostgreSQL 15 stored (password_encryption = md5)', () => {
    expect(md5Verifier('secret', 'm_user')).toBe(stored);
  });

  it('accepts the response a client sent PostgreSQL for its salt, and rejects the wrong one', () => {
    const { ok, bad } = postgres15.md5;
    expect(md5ChallengeResponse(stored, Buffer.from(ok.salt, 'hex'))).toBe(ok.response);
    expect(checkMd5Response(stored, Buffer.from(ok.salt, 'hex'), ok.response)).toBe(true);
    expect(checkMd5Response(stored, Buffer.from(bad.salt, 'hex'), bad.response)).toBe(false);
  });

  it('binds the response to the salt', () => {
    const { ok } = postgres15.md5;
    expect(checkMd5Response(stored, Buffer.from('00000000', 'hex'), ok.response)).toBe(false);
  });

  it('cannot answer an md5 challenge from a SCRAM verifier', () => {
    const scram = postgres15.verifiers.s_ascii.verifier;
    expect(isMd5Verifier(scram)).toBe(false);
    expect(checkMd5Response(scram, Buffer.alloc(4), `md5${'0'.repeat(32)}`)).toBe(false);
  });

  it('recognises only "md5" + 32 lowercase hex digits', () => {
    expect(isMd5Verifier(stored)).toBe(true);
    expect(isMd5Verifier(stored.toUpperCase())).toBe(false);
    expect(isMd5Verifier(`${stored}0`)).toBe(false);
    expect(isMd5Verifier('md5')).toBe(false);
  });
});

describe('passwordType and verifyPlainPassword', () => {
  it('classifies stored secrets as PostgreSQL does', () => {
    expect(passwordType(postgres15.verifiers.m_user.verifier)).toBe('md5');
    expect(passwordType(postgres15.verifiers.s_ascii.verifier)).toBe('scram-sha-256');
    expect(passwordType('pencil')).toBe('plaintext');
  });

  it('checks cleartext passwords against md5 and SCRAM secrets, never against plaintext', async () => {
    expect(await verifyPlainPassword('m_user', 'secret', postgres15.verifiers.m_user.verifier)).toBe(true);
    expect(await verifyPlainPassword('other', 'secret', postgres15.verifiers.m_user.verifier)).toBe(false);
    expect(await verifyPlainPassword('s_ascii', 'pencil', postgres15.verifiers.s_ascii.verifier)).toBe(true);
    expect(await verifyPlainPassword('s_ascii', 'pencil!', postgres15.verifiers.s_ascii.verifier)).toBe(
      false,
    );
    expect(await verifyPlainPassword('u', 'pencil', 'pencil')).toBe(false);
  });
});
