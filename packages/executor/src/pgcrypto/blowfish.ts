/**
 * The Blowfish block cipher (Schneier, 1993) as bcrypt uses it: a state of 18 subkeys (P) and
 * four 256-entry S-boxes, initialised from the fraction of π and then keyed. Only what bcrypt
 * needs is here: encryption of one 64-bit block held as two 32-bit halves, and the state.
 *
 * The initial state is the first 1,042 32-bit words of π's hexadecimal fraction (P[0] =
 * 0x243f6a88 …). Rather than a table of 1,042 constants, they are computed once per process, on
 * first use, from Machin's formula π = 16·atan(1/5) − 4·atan(1/239) in fixed point (tens of
 * milliseconds).
 */

/** Subkeys (P) plus S-box words: 18 + 4 × 256. */
const STATE_WORDS = 18 + 4 * 256;

let initial: Uint32Array | undefined;

/** π's fractional hex digits as `count` big-endian 32-bit words (two guard words of precision). */
export function piFractionWords(count: number): Uint32Array {
  const guard = 64n;
  const bits = BigInt(count * 32) + guard;
  const one = 1n << bits;
  const atanInverse = (x: bigint): bigint => {
    const xx = x * x;
    let term = one / x;
    let sum = 0n;
    for (let k = 0n; term !== 0n; k++) {
      const t = term / (2n * k + 1n);
      sum = (k & 1n) === 0n ? sum + t : sum - t;
      term /= xx;
    }
    return sum;
  };
  const pi = 16n * atanInverse(5n) - 4n * atanInverse(239n);
  const fraction = (pi - (3n << bits)) >> guard;
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Number((fraction >> BigInt((count - 1 - i) * 32)) & 0xffffffffn);
  }
  return out;
}

/** Blowfish's initial P-array and S-boxes (π), computed on first use. */
export function initialState(): Uint32Array {
  initial ??= piFractionWords(STATE_WORDS);
  return initial;
}

/**
 * A Blowfish state: `p` the 18 subkeys, `s` the four S-boxes one after another. `l` and `r` are
 * the block `encrypt` works on (kept here so the hot loop allocates nothing).
 */
export class BlowfishState {
  readonly p: Uint32Array;
  readonly s: Uint32Array;
  l = 0;
  r = 0;

  constructor() {
    const init = initialState();
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }

  /** Encrypts the block (`l`, `r`) in place. */
  encrypt(): void {
    const p = this.p;
    const s = this.s;
    let l = this.l;
    let r = this.r;
    l ^= p[0]!;
    for (let i = 1; i <= 16; i += 2) {
      r ^=
        (((s[l >>> 24]! + s[256 + ((l >>> 16) & 0xff)]!) ^ s[512 + ((l >>> 8) & 0xff)]!) +
          s[768 + (l & 0xff)]!) ^
        p[i]!;
      l ^=
        (((s[r >>> 24]! + s[256 + ((r >>> 16) & 0xff)]!) ^ s[512 + ((r >>> 8) & 0xff)]!) +
          s[768 + (r & 0xff)]!) ^
        p[i + 1]!;
    }
    this.l = (r ^ p[17]!) >>> 0;
    this.r = l >>> 0;
  }
}
