import { describe, expect, it } from 'vitest';
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';
import {
  decodeColumn,
  decodeRow,
  decodeRowSlots,
  encodeRow,
  ROW_FORMAT_VERSION,
  RowEncoder,
} from './row-codec.js';
import { seededRandom } from './seeded-random.js';
import { type SqlType, sqlType, type TypeName } from './types.js';
import type { Value } from './value.js';

const T = (name: TypeName): SqlType => sqlType(name);

/** A deterministic generator, so a failure reproduces. */
const rng = seededRandom;

const ALPHABET = ['a', 'Z', ' ', 'é', '€', '🐘', '\u0000', '\uffff', '9'];
const STORED: TypeName[] = [
  'bool',
  'char',
  'int2',
  'int4',
  'oid',
  'xid',
  'tid',
  'int8',
  'float4',
  'float8',
  'numeric',
  'text',
  'varchar',
  'bpchar',
  'name',
  'bytea',
];

function randomValue(type: TypeName, r: () => number): Value {
  const int = (bits: number) => Math.floor(r() * 2 ** bits) - 2 ** (bits - 1);
  switch (type) {
    case 'bool':
      return r() < 0.5;
    case 'char':
      return r() < 0.1 ? '' : String.fromCharCode(1 + Math.floor(r() * 255));
    case 'int2':
      return int(16);
    case 'int4':
      return int(32);
    case 'oid':
    case 'xid':
      return Math.floor(r() * 2 ** 32);
    case 'tid':
      return Math.floor(r() * 2 ** 32) * 0x10000 + Math.floor(r() * 0x10000);
    case 'int8':
      return BigInt.asIntN(64, (BigInt(int(32)) << 32n) | BigInt(Math.floor(r() * 2 ** 32)));
    case 'float4':
      return Math.fround((r() - 0.5) * 10 ** Math.floor(r() * 60 - 30));
    case 'float8': {
      const specials = [Number.NaN, Number.POSITIVE_INFINITY, -0, 5e-324, Number.MAX_VALUE];
      return r() < 0.2 ? specials[Math.floor(r() * specials.length)] : (r() - 0.5) * 10 ** (r() * 600 - 300);
    }
    case 'numeric': {
      if (r() < 0.1) return [Numeric.NaN, Numeric.Infinity, Numeric.NegativeInfinity][Math.floor(r() * 3)];
      let digits = '';
      for (let i = Math.floor(r() * 60); i >= 0; i--) digits += Math.floor(r() * 10);
      return Numeric.of(BigInt(digits) * (r() < 0.5 ? -1n : 1n), Math.floor(r() * 40));
    }
    case 'bytea':
      return Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
    default: {
      let s = '';
      for (let i = Math.floor(r() * (r() < 0.1 ? 400 : 20)); i > 0; i--) s += ALPHABET[Math.floor(r() * 9)];
      return s;
    }
  }
}

function normalized(v: Value): unknown {
  if (v instanceof Numeric) return `numeric:${v.toString()}`;
  if (v instanceof Uint8Array) return Array.from(v);
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return v;
}

describe('row codec', () => {
  it('round-trips random rows with NULLs, every stored type', () => {
    const r = rng(42);
    const out: Value[] = [];
    for (let iter = 0; iter < 400; iter++) {
      const n = 1 + Math.floor(r() * 20);
      const types = Array.from({ length: n }, () => T(STORED[Math.floor(r() * STORED.length)]));
      const values = types.map((t) => (r() < 0.25 ? null : randomValue(t.name, r)));
      const bytes = encodeRow(values, types);
      decodeRow(bytes, types, out);
      expect(out.slice(0, n).map(normalized)).toEqual(values.map(normalized));
      const k = Math.floor(r() * n);
      expect(normalized(decodeColumn(bytes, types, k))).toEqual(normalized(values[k]));
    }
  });

  it('decodes only the wanted columns of random rows, leaving the other slots untouched', () => {
    const r = rng(7);
    for (let iter = 0; iter < 400; iter++) {
      const n = 1 + Math.floor(r() * 20);
      const types = Array.from({ length: n }, () => T(STORED[Math.floor(r() * STORED.length)]));
      const values = types.map((t) => (r() < 0.25 ? null : randomValue(t.name, r)));
      const bytes = encodeRow(values, types);
      const wanted = new Uint8Array(n);
      let last = -1;
      for (let i = 0; i < n; i++) {
        if (r() < 0.4) {
          wanted[i] = 1;
          last = i;
        }
      }
      const out: Value[] = new Array(n).fill('untouched');
      decodeRowSlots(bytes, types, wanted, last, out);
      const expected = values.map((v, i) => (wanted[i] === 1 ? normalized(v) : 'untouched'));
      expect(out.map(normalized)).toEqual(expected);
    }
  });

  it('lays out a row as documented', () => {
    const types = [T('int4'), T('text'), T('bool'), T('int2')];
    const bytes = encodeRow([258, 'hé', null, -1], types);
    // version, natts = 4, bitmap (col 2 null), int4 LE, varint 3 + UTF-8, int2 LE
    expect(Array.from(bytes)).toEqual([
      ROW_FORMAT_VERSION,
      4,
      0,
      0b100,
      2,
      1,
      0,
      0,
      3,
      0x68,
      0xc3,
      0xa9,
      0xff,
      0xff,
    ]);
    // numeric 1.50: kind 0, scale 2, |coef| 150 = 0x96
    expect(Array.from(encodeRow([Numeric.parse('-1.50')], [T('numeric')]))).toEqual([
      1, 1, 0, 0, 3, 1, 2, 0x96,
    ]);
  });

  it('encodes long strings natively, with the exact varint length, across varint sizes', () => {
    const types = [sqlType('text'), sqlType('int4')];
    const samples = [
      'x'.repeat(33),
      'a'.repeat(127),
      'a'.repeat(128),
      `${'é'.repeat(40)}z`, // 41 units, 81 bytes
      `${'é'.repeat(64)}`, // 64 units (1-byte varint guess), 128 bytes (2-byte varint)
      `${'日本'.repeat(3000)}`, // 6,000 units, 18,000 bytes: 2- then 3-byte varint
      `😀${'b'.repeat(40)}\ud800`, // a surrogate pair and a lone surrogate (as U+FFFD)
    ];
    for (const text of samples) {
      const bytes = encodeRow([text, 7], types);
      const utf8 = Buffer.from(text, 'utf8');
      // header 3 + bitmap 1, then the varint and the UTF-8 bytes, then the int4.
      let n = utf8.length;
      const varint: number[] = [];
      while (n >= 0x80) {
        varint.push((n & 0x7f) | 0x80);
        n >>>= 7;
      }
      varint.push(n);
      expect([...bytes.subarray(4, 4 + varint.length)]).toEqual(varint);
      expect(Buffer.from(bytes.subarray(4 + varint.length, 4 + varint.length + utf8.length))).toEqual(utf8);
      expect(bytes.length).toBe(4 + varint.length + utf8.length + 4);
      const out: Value[] = [];
      decodeRow(bytes, types, out);
      expect(out).toEqual([utf8.toString('utf8'), 7]);
    }
  });

  it('decodes columns added after the row was written as NULL', () => {
    const bytes = encodeRow([1, 'x'], [T('int4'), T('text')]);
    const out: Value[] = [];
    decodeRow(bytes, [T('int4'), T('text'), T('float8')], out);
    expect(out).toEqual([1, 'x', null]);
    expect(decodeColumn(bytes, [T('int4'), T('text'), T('float8')], 2)).toBeNull();
  });

  it('hands out fresh arrays and views with the documented ownership', () => {
    const enc = new RowEncoder(4);
    const types = [T('text'), T('bytea')];
    const bytea = new Uint8Array([1, 2, 3]);
    const a = enc.encode(['first', bytea], types);
    const view = enc.encodeView(['second', bytea], types);
    expect(a).toEqual(encodeRow(['first', bytea], types));
    expect(view).toEqual(encodeRow(['second', bytea], types));
    const out: Value[] = [];
    decodeRow(a, types, out);
    a.fill(0); // decoded values do not alias the row bytes
    expect(out[0]).toBe('first');
    expect(Array.from(out[1] as Uint8Array)).toEqual([1, 2, 3]);
  });

  it('reuses its view for a row of the same length, never a stale one', () => {
    const enc = new RowEncoder(16);
    const types = [T('int4'), T('text')];
    const first = enc.encodeView([1, 'ab'], types);
    const second = enc.encodeView([2, 'cd'], types);
    expect(second).toBe(first); // no view allocated per row
    expect(second).toEqual(encodeRow([2, 'cd'], types));
    expect(enc.encodeView([3, 'efg'], types)).toEqual(encodeRow([3, 'efg'], types));
    // A row that outgrows the buffer gets a view of the new one.
    const long = 'x'.repeat(100);
    expect(enc.encodeView([4, long], types)).toEqual(encodeRow([4, long], types));
    expect(enc.encodeView([5, long], types)).toEqual(encodeRow([5, long], types));
  });

  it('rejects bytes that are not a row', () => {
    const out: Value[] = [];
    expect(() => decodeRow(new Uint8Array([9, 1, 0, 0]), [T('int4')], out)).toThrow(DbError);
    const truncated = encodeRow(['hello'], [T('text')]).subarray(0, 6);
    try {
      decodeRow(truncated, [T('text')], out);
      throw new Error('expected a failure');
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('XX001');
    }
  });

  it('micro-measurement: encode/decode a 5-column row (reported, not asserted)', () => {
    const types = [T('int4'), T('text'), T('float8'), T('int8'), T('numeric')];
    const values: Value[] = [42, 'hello world', 3.25, 1234567890123n, Numeric.parse('19.99')];
    const enc = new RowEncoder();
    const out: Value[] = [];
    const iterations = 100_000;
    let bytes = enc.encode(values, types);
    let t0 = performance.now();
    for (let i = 0; i < iterations; i++) bytes = enc.encode(values, types);
    const encodeNs = ((performance.now() - t0) * 1e6) / iterations;
    t0 = performance.now();
    for (let i = 0; i < iterations; i++) decodeRow(bytes, types, out);
    const decodeNs = ((performance.now() - t0) * 1e6) / iterations;
    console.log(
      `row codec, 5 columns (${bytes.length} bytes): encode ${encodeNs.toFixed(0)} ns/row, decode ${decodeNs.toFixed(0)} ns/row`,
    );
    expect(out.map(normalized)).toEqual(values.map(normalized));
  });
});
