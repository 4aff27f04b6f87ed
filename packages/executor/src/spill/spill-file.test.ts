import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DbError,
  encodeRow,
  enumSqlType,
  enumType,
  formatText,
  parseText,
  type Row,
  type SqlType,
  sqlType,
  TYPE_OID,
  type TypeName,
  type Value,
} from '@rustydb/common';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSpillable } from './spill-file.js';
import { TEMP_FILE_PREFIX, TempFileSet } from './temp-file-set.js';

let dir: string;
beforeEach(() => {
  dir = join(mkdtempSync(join(tmpdir(), 'rustydb-spill-')), 'tmp');
});
afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

/** A sample text per storable type (every TYPE_OID entry is here or unstorable). */
const samples: Partial<Record<TypeName, string[]>> = {
  bool: ['t', 'f'],
  bytea: ['\\x', '\\x00ff10'],
  char: ['a', ''],
  name: ['pg_class'],
  int8: ['-9223372036854775808', '9223372036854775807'],
  int2: ['-32768', '32767'],
  int4: ['-2147483648', '0', '2147483647'],
  text: ['', 'héllo wörld ☃ 𝄞'],
  oid: ['4294967295', '0'],
  tid: ['(0,1)', '(4294967295,65535)'],
  xid: ['0', '4294967295'],
  json: ['{"b": 1,  "a": [1, 2]}'],
  float4: ['1.5', 'NaN', '-Infinity', '3.4028235e+38'],
  float8: ['-0', '1e-300', 'Infinity', '0.1'],
  unknown: ['lit'],
  bpchar: ['ab  '],
  varchar: ['v'],
  date: ['2020-01-05', 'infinity', '4714-11-24 BC'],
  time: ['10:11:12.123456', '24:00:00'],
  timestamp: ['2020-01-05 10:11:12.5', '-infinity'],
  timestamptz: ['2020-01-05 10:11:12.5+00'],
  interval: ['1 year 2 mons 3 days 04:05:06.5', '-1 days +02:00:00'],
  numeric: ['0', '-123456789012345678901234567890.000123', 'NaN', 'Infinity', '-Infinity'],
  uuid: ['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  inet: ['10.1.2.3/8', '::1'],
  cidr: ['10.0.0.0/8'],
  macaddr: ['08:00:2b:01:02:03'],
  jsonb: ['{"a": 3, "b": [1.50, null, {"c": "é"}]}', '[]'],
  tsvector: ["'a':1A,2 'b c' 'é'", ''],
  tsquery: ["'a':*B & !( 'b' | 'c' <2> 'd' )", ''],
  regconfig: ['english'],
  jsonpath: ['strict $."a"[*]?(@ > 1 && @ like_regex "^x" flag "i")', '$.**{1 to last}.keyvalue()'],
  _bool: ['{t,NULL}'],
  _bytea: ['{"\\\\x01"}'],
  _char: ['{a,b}'],
  _name: ['{x}'],
  _int2: ['{1,NULL}'],
  _int4: ['{{1,NULL},{3,4}}', '{}', '[0:1]={5,6}'],
  _text: ['{a,"b c",NULL,"",é}'],
  _bpchar: ['{"a "}'],
  _varchar: ['{v}'],
  _int8: ['{9223372036854775807}'],
  _float4: ['{1.5,NaN}'],
  _float8: ['{-Infinity,2.5}'],
  _oid: ['{7}'],
  _timestamp: ['{"2020-01-05 10:11:12"}'],
  _date: ['{2020-01-05}'],
  _time: ['{10:11:12}'],
  _timestamptz: ['{"2020-01-05 10:11:12+00",NULL}'],
  _interval: ['{"1 day",02:00:00}'],
  _numeric: ['{1.50,NaN,-2}'],
  _uuid: ['{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}'],
  _inet: ['{1.2.3.4,::1}'],
  _cidr: ['{10.0.0.0/8}'],
  _macaddr: ['{08:00:2b:01:02:03}'],
  int4range: ['[1,5)', 'empty', '(,3]'],
  int8range: ['[-9223372036854775808,)'],
  numrange: ['(1.50,2.5]', '(,)'],
  daterange: ['[2024-01-01,infinity)'],
  tsrange: ['["2024-01-01 10:00:00",)'],
  tstzrange: ['empty'],
  _int4range: ['{"[1,2)",empty,NULL}'],
  _int8range: ['{"[1,2)"}'],
  _numrange: ['{"(,1.50]"}'],
  _daterange: ['{empty}'],
  _tsrange: ['{"[\\"2024-01-01 10:00:00\\",)"}'],
  _tstzrange: ['{NULL}'],
  _json: ['{"{\\"a\\": 1}"}'],
  _jsonb: ['{"{\\"a\\": 1}",NULL}'],
  _tsvector: ['{"\'a\':1",NULL}'],
  _tsquery: ["{\"'a' & 'b'\"}"],
  _regconfig: ['{simple,english}'],
  _jsonpath: ['{"$.\\"a\\"",NULL}'],
};

const unstorable: TypeName[] = [
  'regproc',
  'regclass',
  'regtype',
  '_regtype',
  'regnamespace',
  'regrole',
  'regprocedure',
  'timetz',
  'record',
  'void',
  'any',
  'anyarray',
  'anyelement',
  // Without their `enum` (the bare pseudo-type names): a real enum spills, see below.
  'anyenum',
  '_anyenum',
];

describe('SpillFile', () => {
  it('covers every type: storable ones have samples, the others are not spillable', () => {
    for (const name of Object.keys(TYPE_OID) as TypeName[]) {
      const storable = samples[name] !== undefined;
      expect(storable || unstorable.includes(name), name).toBe(true);
      expect(isSpillable([sqlType('int4'), sqlType(name)]), name).toBe(storable);
    }
  });

  it("spills enums, stored as their labels' OIDs", () => {
    const e = enumType({ oid: 20000, arrayOid: 20001, name: 'mood', schema: 'public' }, [
      { oid: 20002, sortOrder: 1, label: 'sad' },
      { oid: 20003, sortOrder: 2, label: 'ok' },
    ]);
    const types = [enumSqlType(e), enumSqlType(e, true)];
    expect(isSpillable(types)).toBe(true);
    const file = new TempFileSet(dir).create(types, 1024);
    file.write(['ok', parseText('{sad,NULL}', types[1]!)]);
    file.rewind(64);
    const out: Row = [];
    expect(file.read(out)).toBe(true);
    expect(out.map((v, i) => formatText(v, types[i]!))).toEqual(['ok', '{sad,NULL}']);
  });

  it('round-trips every row-codec type and NULLs, twice, counting bytes exactly', () => {
    const set = new TempFileSet(dir);
    const names = Object.keys(samples) as TypeName[];
    const types: SqlType[] = names.map((n) => sqlType(n));
    const rows: Row[] = [];
    for (let i = 0; i < 4; i++) {
      rows.push(
        names.map((n, c) =>
          (i + c) % 3 === 2 ? null : parseText(samples[n]![i % samples[n]!.length], types[c]),
        ),
      );
    }
    rows.push(names.map(() => null));
    const file = set.create(types, 1024);
    let expectedBytes = 0;
    for (const r of rows) {
      file.write(r);
      expectedBytes += 4 + encodeRow(r, types).length;
    }
    expect(file.rowCount).toBe(rows.length);
    expect(file.bytesWritten).toBe(expectedBytes);
    for (let pass = 0; pass < 2; pass++) {
      file.rewind(pass === 0 ? 64 : 4096);
      const out: Value[] = [];
      for (const r of rows) {
        expect(file.read(out)).toBe(true);
        for (let c = 0; c < types.length; c++) {
          const want = r[c] === null ? null : formatText(r[c], types[c]);
          expect(out[c] === null ? null : formatText(out[c], types[c]), `${names[c]}`).toBe(want);
        }
      }
      expect(file.read(out)).toBe(false);
    }
    expect(existsSync(file.path)).toBe(true);
    file.close();
    expect(existsSync(file.path)).toBe(false);
    expect(set.bytesWritten).toBe(expectedBytes);
  });

  it('handles rows larger than the write and read buffers, between small ones', () => {
    const set = new TempFileSet(dir);
    const types = [sqlType('int4'), sqlType('text'), sqlType('bytea')];
    const rows: Row[] = [];
    for (let i = 0; i < 40; i++) {
      const big = i % 3 === 0;
      rows.push([i, big ? 'x'.repeat(5000 + i) : `s${i}`, big ? new Uint8Array(3000).fill(i) : null]);
    }
    const file = set.create(types, 256);
    for (const r of rows) file.write(r);
    file.rewind(100);
    const out: Value[] = [];
    for (const r of rows) {
      expect(file.read(out)).toBe(true);
      expect(out).toEqual(r);
    }
    expect(file.read(out)).toBe(false);
    set.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reads an empty file as no rows', () => {
    const set = new TempFileSet(dir);
    const file = set.create([sqlType('int4')]);
    file.rewind();
    expect(file.read([])).toBe(false);
    set.close();
  });

  it('reports a truncated file as XX001', () => {
    const set = new TempFileSet(dir);
    const file = set.create([sqlType('text')]);
    file.write(['hello world']);
    file.rewind();
    truncateSync(file.path, 8);
    file.rewind();
    expect(() => file.read([])).toThrow(expect.objectContaining({ code: 'XX001' }));
    set.close();
  });

  it('refuses to write a value without a storage format, leaving the file usable', () => {
    const set = new TempFileSet(dir);
    const file = set.create([sqlType('regclass')]);
    expect(() => file.write([1])).toThrow(DbError);
    expect(file.rowCount).toBe(0);
    set.close();
  });
});

describe('TempFileSet', () => {
  it('creates the directory lazily and deletes every open file on close', () => {
    const set = new TempFileSet(dir);
    expect(existsSync(dir)).toBe(false);
    const files = [0, 1, 2].map(() => set.create([sqlType('int4')]));
    files[0].write([1]);
    files[1].close();
    expect(set.openFiles).toBe(2);
    expect(readdirSync(dir).length).toBe(2);
    set.close();
    set.close();
    expect(set.openFiles).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    // still usable after close
    set.create([sqlType('int4')]).write([2]);
    expect(readdirSync(dir).length).toBe(1);
    set.close();
  });

  it('removes files after an exception half-way through writing', () => {
    const set = new TempFileSet(dir);
    const types = [sqlType('int4'), sqlType('int2')];
    const fail = () => {
      const f = set.create(types, 64);
      for (let i = 0; i < 100; i++) {
        if (i === 50) throw new DbError('57014', 'canceling statement due to user request');
        f.write([i, i]);
      }
    };
    try {
      set.create(types).write([1, 1]);
      expect(fail).toThrow(expect.objectContaining({ code: '57014' }));
      expect(readdirSync(dir).length).toBe(2);
    } finally {
      set.close();
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cleanupStale removes leftover temporary files only', () => {
    expect(TempFileSet.cleanupStale(dir)).toBe(0); // missing directory
    const set = new TempFileSet(dir);
    set.create([sqlType('int4')]).write([1]);
    writeFileSync(join(dir, `${TEMP_FILE_PREFIX}999.0.0`), 'crashed');
    writeFileSync(join(dir, 'keep.me'), 'x');
    expect(TempFileSet.cleanupStale(dir)).toBe(2);
    expect(readdirSync(dir)).toEqual(['keep.me']);
    set.close(); // its file is already gone: closing still succeeds
  });
});
