/**
 * hashKey: a seeded 32-bit hash of a HashKey (row-key.ts), to route rows to partitions. Equal
 * keys hash equally under one seed; different seeds give unrelated hashes, so a partition that
 * is still too big is split again with the next seed (keys that shared a partition under seed
 * s are spread under seed s + 1). MurmurHash3's mixing steps over 32-bit words.
 */
import type { HashKey } from '../row-key.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Float64 bits of non-integer numbers, to hash them as two words. */
const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

function mixWord(h: number, word: number): number {
  let k = Math.imul(word, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let x = h ^ k;
  x = (x << 13) | (x >>> 19);
  return (Math.imul(x, 5) + 0xe6546b64) | 0;
}

function finalize(h: number, length: number): number {
  let x = h ^ length;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

function hashNumber(n: number, seed: number): number {
  if ((n | 0) === n) return finalize(mixWord(seed, n), 4);
  float[0] = n;
  return finalize(mixWord(mixWord(seed, floatWords[0]), floatWords[1]), 8);
}

/**
 * The hash of `key` under `seed`: an unsigned 32-bit integer. Synchronous; allocation-free
 * except for bigints outside the safe-integer range.
 */
export function hashKey(key: HashKey, seed: number): number {
  switch (typeof key) {
    case 'string': {
      let h = seed | 0;
      const n = key.length;
      let i = 0;
      for (; i + 1 < n; i += 2) h = mixWord(h, key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16));
      if (i < n) h = mixWord(h, key.charCodeAt(i));
      return finalize(h, n);
    }
    case 'number':
      return hashNumber(key, seed);
    case 'bigint':
      // Safe integers hash as their number; larger ones by their low and high words.
      if (key >= -9007199254740991n && key <= 9007199254740991n) return hashNumber(Number(key), seed);
      return finalize(
        mixWord(mixWord(seed, Number(BigInt.asIntN(32, key))), Number(BigInt.asIntN(32, key >> 32n))),
        8,
      );
    case 'boolean':
      return finalize(mixWord(seed, key ? 1 : 2), 1);
  }
}
