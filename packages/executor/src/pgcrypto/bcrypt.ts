/**
 * bcrypt (Provos and Mazières, 1999) as pgcrypto's crypt() computes it for `$2a$` and `$2x$`
 * settings (Openwall's crypt_blowfish, which pgcrypto embeds): `$2a$NN$` + 22 characters of salt
 * + 31 of hash, NN the base-2 logarithm of the key-expansion rounds (04 to 31).
 *
 * `$2x$` reproduces the old sign-extension bug for bytes above 0x7f, and `$2a$` carries the
 * countermeasure crypt_blowfish added for the passwords the bug made weak; both matter only
 * for passwords with such bytes.
 */
import { BlowfishState } from './blowfish.js';

/** bcrypt's base-64 alphabet (not RFC 4648's order). */
const ITOA64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** "OrpheanBeholderScryDoubt" as six big-endian words: the block bcrypt encrypts. */
const MAGIC = [0x4f727068, 0x65616e42, 0x65686f6c, 0x64657253, 0x63727944, 0x6f756274];

const SALT_BYTES = 16;
const SALT_CHARS = 22;
const HASH_BYTES = 23;

/** Decodes `count` bytes of bcrypt base 64 from `text` at `from`; undefined on a bad character. */
function decode64(text: string, from: number, count: number): Uint8Array | undefined {
  const out = new Uint8Array(count);
  const at = (i: number): number => {
    const c = i < text.length ? ITOA64.indexOf(text[i]!) : -1;
    return c;
  };
  let src = from;
  let dst = 0;
  while (dst < count) {
    const c1 = at(src++);
    const c2 = at(src++);
    if (c1 < 0 || c2 < 0) return undefined;
    out[dst++] = (c1 << 2) | ((c2 & 0x30) >> 4);
    if (dst >= count) break;
    const c3 = at(src++);
    if (c3 < 0) return undefined;
    out[dst++] = ((c2 & 0x0f) << 4) | ((c3 & 0x3c) >> 2);
    if (dst >= count) break;
    const c4 = at(src++);
    if (c4 < 0) return undefined;
    out[dst++] = ((c3 & 0x03) << 6) | c4;
  }
  return out;
}

/** Encodes `bytes` in bcrypt base 64 (no padding). */
export function encode64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    let c1 = bytes[i++]!;
    out += ITOA64[c1 >> 2];
    c1 = (c1 & 0x03) << 4;
    if (i >= bytes.length) {
      out += ITOA64[c1];
      break;
    }
    let c2 = bytes[i++]!;
    c1 |= c2 >> 4;
    out += ITOA64[c1];
    c1 = (c2 & 0x0f) << 2;
    if (i >= bytes.length) {
      out += ITOA64[c1];
      break;
    }
    c2 = bytes[i++]!;
    c1 |= c2 >> 6;
    out += ITOA64[c1] + ITOA64[c2 & 0x3f];
  }
  return out;
}

/** Four big-endian words of `bytes` (16 of them). */
function words(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] =
      ((bytes[4 * i]! << 24) | (bytes[4 * i + 1]! << 16) | (bytes[4 * i + 2]! << 8) | bytes[4 * i + 3]!) >>>
      0;
  }
  return out;
}

/**
 * The key as 18 words: the password's bytes and its terminating NUL, repeated. `bug` ($2x$)
 * sign-extends bytes above 0x7f as the old code did; `safety` ($2a$) flips a bit of the first
 * initial subkey when that sign extension would have changed the words, so such passwords
 * hash differently from their $2x$ form (crypt_blowfish's BF_set_key).
 */
function expandKey(password: Uint8Array, bug: boolean, safety: boolean): { key: Uint32Array; sign: number } {
  const key = new Uint32Array(18);
  const bytes = new Uint8Array(password.length + 1);
  bytes.set(password);
  let ptr = 0;
  let sign = 0;
  let diff = 0;
  for (let i = 0; i < 18; i++) {
    let right = 0;
    let buggy = 0;
    for (let j = 0; j < 4; j++) {
      const b = bytes[ptr]!;
      right = ((right << 8) | b) >>> 0;
      buggy = ((buggy << 8) | (b >= 0x80 ? b - 0x100 : b)) >>> 0;
      if (j > 0) sign |= buggy & 0x80;
      ptr = b === 0 ? 0 : ptr + 1;
    }
    diff |= (right ^ buggy) >>> 0;
    key[i] = bug ? buggy : right;
  }
  diff |= diff >>> 16;
  diff &= 0xffff;
  diff += 0xffff;
  const flip = safety ? ((sign << 9) & ~diff & 0x10000) >>> 0 : 0;
  return { key, sign: flip };
}

/**
 * crypt() for a `$2a$` or `$2x$` setting (a salt from gen_salt('bf') or a whole earlier hash);
 * undefined when the setting is malformed (crypt()'s "invalid salt").
 */
export function bcrypt(password: Uint8Array, setting: string): string | undefined {
  if (!/^\$2[ax]\$[0-3][0-9]\$/.test(setting)) return undefined;
  const cost = Number(setting.slice(4, 6));
  if (cost < 4 || cost > 31) return undefined;
  const saltBytes = decode64(setting, 7, SALT_BYTES);
  if (saltBytes === undefined) return undefined;
  const salt = words(saltBytes);
  const bug = setting[2] === 'x';
  const { key, sign } = expandKey(password, bug, !bug);

  const st = new BlowfishState();
  const p = st.p;
  const s = st.s;
  for (let i = 0; i < 18; i++) p[i] = (p[i]! ^ key[i]!) >>> 0;
  p[0] = (p[0]! ^ sign) >>> 0;

  // Expand with the salt: the subkeys, then the S-boxes, each block XORed with the next salt words.
  st.l = 0;
  st.r = 0;
  for (let i = 0; i < 18; i += 2) {
    st.l ^= salt[i & 2]!;
    st.r ^= salt[(i & 2) + 1]!;
    st.encrypt();
    p[i] = st.l;
    p[i + 1] = st.r;
  }
  for (let i = 0; i < 1024; i += 4) {
    st.l ^= salt[2]!;
    st.r ^= salt[3]!;
    st.encrypt();
    s[i] = st.l;
    s[i + 1] = st.r;
    st.l ^= salt[0]!;
    st.r ^= salt[1]!;
    st.encrypt();
    s[i + 2] = st.l;
    s[i + 3] = st.r;
  }

  // 2^cost rounds of expanding with the key and then with the salt (no data XORed in).
  const body = () => {
    st.l = 0;
    st.r = 0;
    for (let i = 0; i < 18; i += 2) {
      st.encrypt();
      p[i] = st.l;
      p[i + 1] = st.r;
    }
    for (let i = 0; i < 1024; i += 2) {
      st.encrypt();
      s[i] = st.l;
      s[i + 1] = st.r;
    }
  };
  for (let round = 2 ** cost; round > 0; round--) {
    for (let i = 0; i < 18; i++) p[i] = (p[i]! ^ key[i]!) >>> 0;
    body();
    for (let i = 0; i < 16; i += 4) {
      p[i] = (p[i]! ^ salt[0]!) >>> 0;
      p[i + 1] = (p[i + 1]! ^ salt[1]!) >>> 0;
      p[i + 2] = (p[i + 2]! ^ salt[2]!) >>> 0;
      p[i + 3] = (p[i + 3]! ^ salt[3]!) >>> 0;
    }
    p[16] = (p[16]! ^ salt[0]!) >>> 0;
    p[17] = (p[17]! ^ salt[1]!) >>> 0;
    body();
  }

  const out = new Uint8Array(24);
  for (let i = 0; i < 6; i += 2) {
    st.l = MAGIC[i]!;
    st.r = MAGIC[i + 1]!;
    for (let n = 0; n < 64; n++) st.encrypt();
    for (const [k, w] of [
      [i, st.l],
      [i + 1, st.r],
    ] as const) {
      out[4 * k] = w >>> 24;
      out[4 * k + 1] = (w >>> 16) & 0xff;
      out[4 * k + 2] = (w >>> 8) & 0xff;
      out[4 * k + 3] = w & 0xff;
    }
  }
  // The salt's last character carries 2 unused bits: written back normalised.
  const last = ITOA64[ITOA64.indexOf(setting[6 + SALT_CHARS]!) & 0x30]!;
  return `${setting.slice(0, 6 + SALT_CHARS)}${last}${encode64(out.subarray(0, HASH_BYTES))}`;
}
