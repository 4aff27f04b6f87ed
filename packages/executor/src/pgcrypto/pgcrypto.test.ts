/**
 * pgcrypto's algorithms against known answers: π's hex fraction (Blowfish's initial state),
 * bcrypt (crypt_blowfish's published vectors and PostgreSQL 15's output for the same inputs,
 * including a password with bytes above 0x7f under `$2a$` and `$2x$`), MD5 crypt, and the
 * function dispatch's errors.
 */
import { describe, expect, it } from 'vitest';
import { bcrypt } from './bcrypt.js';
import { piFractionWords } from './blowfish.js';
import { md5Crypt } from './md5-crypt.js';
import { pgcryptoFunction } from './pgcrypto-functions.js';

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const call = (name: string, types: string[], args: unknown[]) =>
  pgcryptoFunction(
    name,
    types.map((t) => ({ name: t })),
  )!(args as never);

describe('Blowfish initial state', () => {
  it('is the hex fraction of pi: P[0], P[17], the first and last S-box words', () => {
    const w = piFractionWords(1042);
    expect([w[0], w[1], w[17], w[18], w[1041]].map((x) => x!.toString(16))).toEqual([
      '243f6a88',
      '85a308d3',
      '8979fb1b',
      'd1310ba6',
      '3ac372e6',
    ]);
  });
});

describe('bcrypt', () => {
  it.each([
    ['U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW'],
    ['', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy'],
    [
      'password',
      '$2a$06$abcdefghijklmnopqrstuu',
      '$2a$06$abcdefghijklmnopqrstuuNBpXtlux7FnXJE0fnrtkSXNhdOGmWHu',
    ],
    ['', '$2a$04$......................', '$2a$04$......................w74bL5gU7LSJClZClCa.Pkz14aTv/XO'],
    ['pw', '$2x$06$abcdefghijklmnopqrstuu', '$2x$06$abcdefghijklmnopqrstuuXOw8daVruAKMR3X3ty3bsuEmsp0E2Ba'],
  ])('hashes %j with %s as crypt_blowfish does', (pw, setting, want) => {
    expect(bcrypt(utf8(pw), setting)).toBe(want);
  });

  it('accepts a whole earlier hash as the setting, and checks a password against it', () => {
    const hash = bcrypt(utf8('hunter2'), '$2a$04$zzzzzzzzzzzzzzzzzzzzzz')!;
    expect(bcrypt(utf8('hunter2'), hash)).toBe(hash);
    expect(bcrypt(utf8('hunter3'), hash)).not.toBe(hash);
  });

  it('refuses a short salt, a cost outside 4..31 and characters outside its alphabet', () => {
    expect(bcrypt(utf8('pw'), '$2a$06$abcdefghijklmnopqrstu')).toBeUndefined();
    expect(bcrypt(utf8('pw'), '$2a$03$abcdefghijklmnopqrstuu')).toBeUndefined();
    expect(bcrypt(utf8('pw'), '$2a$32$abcdefghijklmnopqrstuu')).toBeUndefined();
    expect(bcrypt(utf8('pw'), '$2a$06$abcdefghijklmnopqrstu!')).toBeUndefined();
  });
});

describe('MD5 crypt', () => {
  it.each([
    ['password', '$1$saltsalt', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
    ['pw', '$1$', '$1$$F0Fc2lbYpzr3KKdKkM0Wj.'],
    ['pw', '$1$toolongsaltvalue$x', '$1$toolongs$cARG.ecOrMi6EP6awI4Z50'],
    ['pw', '$1$a$b', '$1$a$Slr4opLRbq0iJ7N2AZjfg/'],
  ])('hashes %j with %s as PostgreSQL 15', (pw, setting, want) => {
    expect(md5Crypt(utf8(pw), setting)).toBe(want);
  });
});

describe('pgcrypto functions', () => {
  it('picks crypt() algorithms by prefix, with pgcrypto errors for the rest', () => {
    expect(call('crypt', ['text', 'text'], ['password', '$1$saltsalt'])).toBe(
      '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/',
    );
    expect(() => call('crypt', ['text', 'text'], ['pw', 'a'])).toThrow(
      expect.objectContaining({ code: '22023', message: 'invalid salt' }),
    );
    expect(() => call('crypt', ['text', 'text'], ['pw', '$2$abc'])).toThrow(
      expect.objectContaining({ code: '39000' }),
    );
    expect(() => call('crypt', ['text', 'text'], ['pw', 'ab'])).toThrow(
      expect.objectContaining({ code: '0A000' }),
    );
  });

  it('makes salts crypt() takes back, and checks rounds', () => {
    const salt = call('gen_salt', ['text', 'int4'], ['bf', 4]) as string;
    expect(salt).toMatch(/^\$2a\$04\$[./A-Za-z0-9]{22}$/);
    expect(call('crypt', ['text', 'text'], ['x', salt])).toMatch(/^\$2a\$04\$.{53}$/);
    expect(call('gen_salt', ['text'], ['md5'])).toMatch(/^\$1\$[./0-9A-Za-z]{8}$/);
    expect(() => call('gen_salt', ['text', 'int4'], ['bf', 3])).toThrow(
      'gen_salt: Incorrect number of rounds',
    );
    expect(() => call('gen_salt', ['text'], ['nope'])).toThrow('gen_salt: Unknown salt algorithm');
  });

  it('digests text and bytea alike, and names an unknown algorithm', () => {
    const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex');
    expect(hex(call('digest', ['text', 'text'], ['abc', 'SHA256']))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hex(call('hmac', ['text', 'text', 'text'], ['abc', 'key', 'sha1']))).toBe(
      '4fd0b215276ef12f2b3e4c8ecac2811498b656fc',
    );
    expect(() => call('digest', ['text', 'text'], ['abc', 'foo'])).toThrow(
      expect.objectContaining({ code: '22023', message: 'Cannot use "foo": No such hash algorithm' }),
    );
  });

  it('encrypts with AES as pgcrypto pads keys and IVs, and decrypts back', () => {
    const hex = (v: unknown) => Buffer.from(v as Uint8Array).toString('hex');
    const enc = call('encrypt', ['bytea', 'bytea', 'text'], [utf8('hello'), utf8('key'), 'aes']);
    expect(hex(enc)).toBe('5e27050b59c889fee9f953137259bf6b');
    expect(
      Buffer.from(
        call('decrypt', ['bytea', 'bytea', 'text'], [enc, utf8('key'), 'aes']) as Uint8Array,
      ).toString(),
    ).toBe('hello');
    expect(
      hex(call('encrypt', ['bytea', 'bytea', 'text'], [utf8('hello'), utf8('01234567890123456789'), 'aes'])),
    ).toBe('3804976ccd37b629d01a8d286dbc9421');
    expect(() =>
      call('decrypt', ['bytea', 'bytea', 'text'], [new Uint8Array(1), utf8('key'), 'aes']),
    ).toThrow(expect.objectContaining({ code: '39000', message: 'decrypt error: Decryption failed' }));
    expect(() => call('encrypt', ['bytea', 'bytea', 'text'], [utf8('x'), utf8('k'), 'aes-ctr'])).toThrow(
      expect.objectContaining({ code: '22023' }),
    );
  });
});
