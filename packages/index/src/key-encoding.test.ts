import {
  compareValues,
  DbError,
  InternalError,
  Numeric,
  type SqlType,
  sqlType,
  type TypeName,
  type Value,
} from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  decodeKey,
  encodeKey,
  encodeKeyInto,
  encodeKeyPrefix,
  formatKey,
  isKeyType,
} from './key-encoding.js';
import { type Random, seededRandom } from './testing/random.js';

/**
 * SQL comparison of two non-NULL values: common's compareValues, which sorts, joins and `=` use
 * too. The explicit sequences below pin PostgreSQL's order independently of it.
 */
const sqlCompare = (a: Value, b: Value, type: TypeName): number => compareValues(a, b, sqlType(type));

/** NULL-aware comparison with PostgreSQL's default placement (ASC NULLS LAST). */
function compareWithNulls(a: Value, b: Value, type: TypeName, desc: boolean): number {
  if (a === null || b === null) {
    const c = a === null ? (b === null ? 0 : 1) : -1;
    return desc ? -c : c;
  }
  const c = sqlCompare(a, b, type);
  return desc ? -c : c;
}

const ALPHABET = ['a', 'b', 'z', ' ', '\0', 'é', '€', '\u{10348}', '\uffff', '\u{1F600}', '~', 'A'];

function randomValue(rng: Random, type: TypeName): Value {
  switch (type) {
    case 'bool':
      return rng.next() < 0.5;
    case 'int2':
      return pick(rng, [-32768, 32767, 0, -1, 1]) ?? rng.int(-32768, 32767);
    case 'int4':
      return pick(rng, [-2147483648, 2147483647, 0, -1, 1]) ?? rng.int(-2147483648, 2147483647);
    case 'int8':
      return (
        pick(rng, [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n, 1n]) ??
        BigInt.asIntN(64, (BigInt(rng.int(0, 0xffffffff)) << 32n) | BigInt(rng.int(0, 0xffffffff)))
      );
    case 'oid':
      return pick(rng, [0, 0xffffffff]) ?? rng.int(0, 0xffffffff);
    case 'float4':
    case 'float8': {
      const special = pick(rng, [
        Number.NaN,
        Infinity,
        -Infinity,
        0,
        -0,
        Number.MIN_VALUE,
        -Number.MIN_VALUE,
      ]);
      const v = special ?? (rng.next() - 0.5) * 10 ** rng.int(-30, 30);
      return type === 'float4' ? Math.fround(v) : v;
    }
    case 'text':
    case 'varchar':
    case 'bpchar': {
      let s = '';
      const n = rng.int(0, 6);
      for (let i = 0; i < n; i++) s += ALPHABET[rng.int(0, ALPHABET.length - 1)];
      return s;
    }
    case 'char':
      return pick(rng, ['', '\0']) ?? ALPHABET[rng.int(0, ALPHABET.length - 1)]!;
    case 'numeric': {
      const special = pick(rng, [Numeric.NaN, Numeric.Infinity, Numeric.NegativeInfinity, Numeric.ZERO]);
      if (special) return special;
      // Trailing zeros in the coefficient make equal values of different scales (1.5, 1.50).
      const digits = BigInt(rng.int(0, 10 ** rng.int(1, 9))) * 10n ** BigInt(rng.int(0, 3));
      return Numeric.of(rng.next() < 0.5 ? -digits : digits, rng.int(0, 12));
    }
    case 'bytea': {
      const n = rng.int(0, 6);
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = pick(rng, [0, 1, 255]) ?? rng.int(0, 255);
      return b;
    }
    default:
      throw new Error(`no generator for ${type}`);
  }
}

/** One of `special` a quarter of the time, else undefined. */
function pick<T>(rng: Random, special: readonly T[]): T | undefined {
  return rng.next() < 0.25 ? special[rng.int(0, special.length - 1)] : undefined;
}

const TYPES: TypeName[] = [
  'bool',
  'int2',
  'int4',
  'int8',
  'oid',
  'float4',
  'float8',
  'numeric',
  'text',
  'varchar',
  'bpchar',
  'char',
  'bytea',
];

describe('encodeKey order', () => {
  for (const type of TYPES) {
    for (const desc of [false, true]) {
      it(`${type} ${desc ? 'DESC' : 'ASC'}: memcmp order is SQL order for random pairs`, () => {
        const rng = seededRandom(type.length * 1000 + (desc ? 1 : 0));
        const types = [sqlType(type)];
        const values: Value[] = [];
        for (let i = 0; i < 400; i++) values.push(rng.next() < 0.05 ? null : randomValue(rng, type));
        const keys = values.map((v) => encodeKey([v], types, [desc]));
        for (let i = 0; i < values.length; i++) {
          for (let j = i; j < values.length; j += 7) {
            const want = Math.sign(compareWithNulls(values[i]!, values[j]!, type, desc));
            const got = Math.sign(compareKeys(keys[i]!, keys[j]!));
            if (want !== got) {
              expect.fail(
                `${formatKey(keys[i]!, types, [desc])} vs ${formatKey(keys[j]!, types, [desc])}: ${got}`,
              );
            }
          }
        }
        // Sorting by bytes sorts by SQL.
        const order = values.map((_, i) => i).sort((a, b) => compareKeys(keys[a]!, keys[b]!));
        for (let k = 1; k < order.length; k++) {
          expect(
            compareWithNulls(values[order[k - 1]!]!, values[order[k]!]!, type, desc),
          ).toBeLessThanOrEqual(0);
        }
      });
    }
  }

  it('floats follow PostgreSQL: -Infinity < finite < Infinity < NaN, and -0 = 0', () => {
    const t = [sqlType('float8')];
    const seq = [
      -Infinity,
      -1e308,
      -1,
      -Number.MIN_VALUE,
      0,
      Number.MIN_VALUE,
      1,
      1e308,
      Infinity,
      Number.NaN,
    ];
    const keys = seq.map((v) => encodeKey([v], t));
    for (let i = 1; i < keys.length; i++) expect(compareKeys(keys[i - 1]!, keys[i]!)).toBeLessThan(0);
    expect(compareKeys(encodeKey([-0], t), encodeKey([0], t))).toBe(0);
    // Every NaN payload is the same NaN.
    const odd = new Float64Array(new BigUint64Array([0xfff0000000000001n]).buffer)[0]!;
    expect(compareKeys(encodeKey([odd], t), encodeKey([Number.NaN], t))).toBe(0);
    expect(compareKeys(encodeKey([-0], [sqlType('float4')]), encodeKey([0], [sqlType('float4')]))).toBe(0);
  });

  it('strings with embedded zero bytes and prefixes stay ordered', () => {
    const t = [sqlType('text')];
    const seq = ['', '\0', '\0\0', '\0a', 'a', 'a\0', 'a\0\0', 'a\x01', 'ab', 'b'];
    const keys = seq.map((v) => encodeKey([v], t));
    for (let i = 1; i < keys.length; i++) expect(compareKeys(keys[i - 1]!, keys[i]!)).toBeLessThan(0);
  });

  it('bpchar ignores trailing spaces as PostgreSQL does', () => {
    const t = [sqlType('bpchar')];
    expect(compareKeys(encodeKey(['ab  '], t), encodeKey(['ab'], t))).toBe(0);
    expect(compareKeys(encodeKey(['a'], t), encodeKey(['a\t'], t))).toBeLessThan(0);
  });
});

describe('numeric keys', () => {
  it('order as PostgreSQL and ignore the display scale', () => {
    const t = [sqlType('numeric')];
    const seq = [
      '-Infinity',
      '-1e20',
      '-12.5',
      '-12.34',
      '-0.001',
      '0',
      '0.00012',
      '0.1',
      '0.12',
      '1',
      '1.05',
      '10',
      '99.99',
      '1e20',
      'Infinity',
      'NaN',
    ];
    const keys = seq.map((s) => encodeKey([Numeric.parse(s)], t));
    for (let i = 1; i < keys.length; i++) expect(compareKeys(keys[i - 1]!, keys[i]!), seq[i]).toBeLessThan(0);
    expect(encodeKey([Numeric.parse('1.50')], t)).toEqual(encodeKey([Numeric.parse('1.5')], t));
    expect(encodeKey([Numeric.parse('-0.00')], t)).toEqual(encodeKey([Numeric.ZERO], t));
    expect(formatKey(encodeKey([Numeric.parse('-120.0500')], t), t)).toBe('(-120.05)');
    expect(formatKey(encodeKey([Numeric.parse('1200')], t, [true]), t, [true])).toBe('(1200)');
  });
});

describe('composite keys', () => {
  const types = [sqlType('int4'), sqlType('text'), sqlType('float8')];

  it('compare column by column, with NULLs last in each column', () => {
    const rng = seededRandom(7);
    const rows: Value[][] = [];
    for (let i = 0; i < 600; i++) {
      rows.push([
        rng.next() < 0.1 ? null : rng.int(-3, 3),
        rng.next() < 0.1 ? null : ['', 'a', 'a\0', 'ab', 'b'][rng.int(0, 4)]!,
        rng.next() < 0.1 ? null : [Number.NaN, -1, 0, 2.5, Infinity][rng.int(0, 4)]!,
      ]);
    }
    const names: TypeName[] = ['int4', 'text', 'float8'];
    const rowCompare = (a: Value[], b: Value[], desc: boolean[]): number => {
      for (let c = 0; c < 3; c++) {
        const d = compareWithNulls(a[c]!, b[c]!, names[c]!, desc[c]!);
        if (d !== 0) return d;
      }
      return 0;
    };
    for (const desc of [
      [false, false, false],
      [true, false, true],
      [false, true, false],
    ]) {
      const keys = rows.map((r) => encodeKey(r, types, desc));
      for (let i = 0; i < rows.length; i++) {
        for (let j = i; j < rows.length; j += 11) {
          expect(Math.sign(compareKeys(keys[i]!, keys[j]!))).toBe(
            Math.sign(rowCompare(rows[i]!, rows[j]!, desc)),
          );
        }
      }
    }
  });

  it('a prefix of columns is a byte prefix of the full key', () => {
    const full = encodeKey([5, 'x', 1.5], types);
    const prefix = encodeKeyPrefix([5, 'x'], types);
    expect(full.subarray(0, prefix.length)).toEqual(prefix);
    expect(decodeKey(prefix, types)).toEqual([5, 'x']);
  });

  it('places NULLs first or last as asked', () => {
    const t = [sqlType('int4')];
    const order = (desc: boolean, nullsFirst: boolean): number =>
      Math.sign(
        compareKeys(encodeKey([null], t, [desc], [nullsFirst]), encodeKey([7], t, [desc], [nullsFirst])),
      );
    expect(order(false, false)).toBe(1);
    expect(order(false, true)).toBe(-1);
    expect(order(true, true)).toBe(-1);
    expect(order(true, false)).toBe(1);
    // Defaults: ASC NULLS LAST, DESC NULLS FIRST.
    expect(Math.sign(compareKeys(encodeKey([null], t), encodeKey([7], t)))).toBe(1);
    expect(Math.sign(compareKeys(encodeKey([null], t, [true]), encodeKey([7], t, [true])))).toBe(-1);
  });
});

describe('decodeKey and formatKey', () => {
  it('round-trip every type, ascending and descending', () => {
    const rng = seededRandom(99);
    for (const type of TYPES) {
      const types: SqlType[] = [sqlType(type), sqlType('int4')];
      for (let i = 0; i < 50; i++) {
        const v = randomValue(rng, type);
        for (const desc of [false, true]) {
          const decoded = decodeKey(encodeKey([v, null], types, [desc, desc]), types, [desc, desc]);
          let want = v;
          if (typeof v === 'number' && Object.is(v, -0)) want = 0;
          if (type === 'bpchar') want = (v as string).replace(/ +$/, '');
          if (type === 'numeric') {
            expect(compareValues(decoded[0]!, v, sqlType('numeric'))).toBe(0);
            continue;
          }
          expect(decoded).toEqual([want, null]);
        }
      }
    }
  });

  it('prints keys as row constructors', () => {
    const types = [sqlType('int8'), sqlType('text'), sqlType('bytea'), sqlType('bool'), sqlType('float8')];
    const key = encodeKey([42n, "it's", new Uint8Array([0, 255]), true, null], types);
    expect(formatKey(key, types)).toBe("(42, 'it''s', '\\x00ff', true, NULL)");
  });

  it('rejects bytes that are not a key', () => {
    expect(() => decodeKey(new Uint8Array([0x01, 0x61]), [sqlType('text')])).toThrow(DbError);
    expect(() => decodeKey(new Uint8Array([0x07]), [sqlType('int4')])).toThrow(/invalid index key/);
  });
});

describe('types without an ordering', () => {
  it('reject json as PostgreSQL does', () => {
    expect(isKeyType(sqlType('json'))).toBe(false);
    expect(isKeyType(sqlType('text'))).toBe(true);
    try {
      encodeKey(['{}'], [sqlType('json')]);
      expect.fail('json encoded');
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('42704');
      expect((err as DbError).message).toBe(
        'data type json has no default operator class for access method "btree"',
      );
    }
  });

  it('treat a value of the wrong representation as a caller bug', () => {
    expect(() => encodeKey(['1'], [sqlType('int4')])).toThrow(InternalError);
    expect(() => encodeKey([2 ** 31], [sqlType('int4')])).toThrow(InternalError);
  });
});

describe('encodeKeyInto', () => {
  const int4 = [sqlType('int4')];
  const text = [sqlType('text')];

  it('overwrites the given array when the key has its length, else returns a new one', () => {
    const first = encodeKeyInto([1], int4, undefined, new Uint8Array(0));
    expect(first).toEqual(encodeKey([1], int4));
    const second = encodeKeyInto([-7], int4, [true], first);
    expect(second).toBe(first);
    expect(second).toEqual(encodeKey([-7], int4, [true]));
    const long = encodeKeyInto(['abc'], text, undefined, first);
    expect(long).not.toBe(first);
    expect(long).toEqual(encodeKey(['abc'], text));
    const same = encodeKeyInto(['xyz'], text, undefined, long);
    expect(same).toBe(long);
    expect(same).toEqual(encodeKey(['xyz'], text));
  });
});

describe('keys longer than the encoder’s first scratch array', () => {
  it('encode whole, by encodeKey and encodeKeyInto alike', () => {
    const text = [sqlType('text')];
    const long = 'x'.repeat(300) + 'y'.repeat(300);
    const key = encodeKey([long], text);
    expect(decodeKey(key, text)).toEqual([long]);
    expect(encodeKeyInto([long], text, undefined, new Uint8Array(0))).toEqual(key);
  });
});
