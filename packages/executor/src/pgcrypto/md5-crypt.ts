/**
 * The MD5-based crypt() (Poul-Henning Kamp's `$1$`, as pgcrypto's crypt-md5.c): `$1$` + up to 8
 * characters of salt + `$` + 22 characters of hash, from 1,000 rounds of MD5.
 */
import { createHash } from 'node:crypto';

/** crypt(3)'s base-64 alphabet. */
const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const MAGIC = '$1$';

const md5 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** `n` characters of `v`, low 6 bits first. */
function to64(v: number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ITOA64[v & 0x3f];
    v >>>= 6;
  }
  return out;
}

/** crypt() for a `$1$` setting (its salt ends at the next `$`, at most 8 characters). */
export function md5Crypt(password: Uint8Array, setting: string): string {
  let salt = setting.startsWith(MAGIC) ? setting.slice(MAGIC.length) : setting;
  const end = salt.indexOf('$');
  salt = salt.slice(0, Math.min(end < 0 ? salt.length : end, 8));
  const saltBytes = Buffer.from(salt, 'latin1');
  const magic = Buffer.from(MAGIC, 'latin1');

  const alternate = md5(password, saltBytes, password);
  const ctx = createHash('md5').update(password).update(magic).update(saltBytes);
  for (let left = password.length; left > 0; left -= 16)
    ctx.update(alternate.subarray(0, Math.min(left, 16)));
  const zero = new Uint8Array(1);
  for (let i = password.length; i > 0; i >>>= 1) ctx.update(i & 1 ? zero : password.subarray(0, 1));
  let final: Buffer = ctx.digest();

  for (let i = 0; i < 1000; i++) {
    const h = createHash('md5');
    h.update(i & 1 ? password : final);
    if (i % 3) h.update(saltBytes);
    if (i % 7) h.update(password);
    h.update(i & 1 ? final : password);
    final = h.digest();
  }

  const f = final;
  return (
    `${MAGIC}${salt}$` +
    to64((f[0]! << 16) | (f[6]! << 8) | f[12]!, 4) +
    to64((f[1]! << 16) | (f[7]! << 8) | f[13]!, 4) +
    to64((f[2]! << 16) | (f[8]! << 8) | f[14]!, 4) +
    to64((f[3]! << 16) | (f[9]! << 8) | f[15]!, 4) +
    to64((f[4]! << 16) | (f[10]! << 8) | f[5]!, 4) +
    to64(f[11]!, 2)
  );
}
