import { compareValues, parseText, type SqlRange, sqlType, type TypeName } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { compareKeys, decodeKey, encodeKey, isKeyType } from './key-encoding.js';
import { seededRandom } from './testing/random.js';

/** Random range texts over small integers (some empty, some unbounded, every bracket kind). */
function randomRanges(seed: number, scale: (n: number) => string): string[] {
  const rng = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < 300; i++) {
    if (rng.next() < 0.05) {
      out.push('empty');
      continue;
    }
    const a = Math.floor(rng.next() * 12) - 6;
    const b = a + Math.floor(rng.next() * 6);
    const lo = rng.next() < 0.1 ? '' : scale(a);
    const hi = rng.next() < 0.1 ? '' : scale(b);
    const open = rng.next() < 0.5 ? '[' : '(';
    const close = rng.next() < 0.5 ? ']' : ')';
    out.push(`${open}${lo},${hi}${close}`);
  }
  return out;
}

const day = (n: number) => `2024-01-${String(n + 10).padStart(2, '0')}`;

const CASES: [TypeName, (n: number) => string][] = [
  ['int4range', String],
  ['int8range', String],
  ['numrange', (n) => (n / 4).toFixed(2)],
  ['daterange', day],
  ['tsrange', (n) => `"${day(n)} 10:00"`],
  ['tstzrange', (n) => `"${day(n)} 10:00+00"`],
];

describe('range keys', () => {
  for (const [name, scale] of CASES) {
    for (const desc of [false, true]) {
      it(`${name} ${desc ? 'DESC' : 'ASC'}: memcmp order is range_cmp's, and keys decode to equal ranges`, () => {
        const type = sqlType(name);
        expect(isKeyType(type)).toBe(true);
        const values = randomRanges(name.length * 7 + (desc ? 1 : 0), scale).flatMap((t) => {
          try {
            return [parseText(t, type) as SqlRange];
          } catch {
            return []; // an empty-after-canonicalization bound order error is not a value
          }
        });
        const keys = values.map((v) => encodeKey([v], [type], [desc]));
        for (let i = 0; i < values.length; i++) {
          for (let j = i; j < values.length; j += 5) {
            const want = Math.sign(compareValues(values[i]!, values[j]!, type)) * (desc ? -1 : 1) || 0;
            expect(Math.sign(compareKeys(keys[i]!, keys[j]!))).toBe(want);
          }
          const [back] = decodeKey(keys[i]!, [type], [desc]);
          expect(compareValues(back!, values[i]!, type)).toBe(0);
        }
      });
    }
  }
});
