import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { fileId, oid, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { sharedIndexKeys } from './shared-index-keys.js';

const catalog: CatalogReader = {
  table: () => undefined,
  tableByOid: () => undefined,
  tables: () => [],
} as unknown as CatalogReader;

function index(name: string, columns: number[], extra: Partial<IndexDef> = {}): IndexDef {
  return {
    oid: oid(20000 + columns.length),
    name,
    table: oid(16384),
    file: fileId(20000),
    method: 'btree',
    columns,
    descending: columns.map(() => false),
    unique: true,
    primary: false,
    ...extra,
  };
}

function table(indexes: IndexDef[]): TableDef {
  return {
    oid: oid(16384),
    schema: 'public',
    name: 't',
    method: 'heap',
    file: fileId(16384),
    columns: [
      { attnum: 1, name: 'id', type: sqlType('int4'), notNull: true },
      { attnum: 2, name: 'x', type: sqlType('float8'), notNull: false },
      { attnum: 3, name: 'name', type: sqlType('text'), notNull: false },
    ],
    indexes,
    constraints: [],
  };
}

describe('sharedIndexKeys', () => {
  it('shares one IndexKeys per table definition for a column-only index', () => {
    const pk = index('t_pkey', [1]);
    const t = table([pk]);
    const a = sharedIndexKeys(t, pk, catalog);
    expect(sharedIndexKeys(t, pk, catalog)).toBe(a);
    // DDL makes a new TableDef: its keys are built afresh (the old slots may be wrong for it).
    expect(sharedIndexKeys(table([pk]), pk, catalog)).not.toBe(a);
    expect(a.keyNames).toBe('id');
  });

  it('builds a partial index’s keys per call (its predicate compiles against the caller)', () => {
    const partial = index('t_part', [3], { predicateSql: 'id > 0' });
    const t = table([partial]);
    const a = sharedIndexKeys(t, partial, catalog);
    expect(sharedIndexKeys(t, partial, catalog)).not.toBe(a);
    expect(a.covers([1, 0, 'a'])).toBe(true);
    expect(a.covers([-1, 0, 'a'])).toBe(false);
  });
});

describe('IndexKeys.sameKey', () => {
  it('tells a changed key from an unchanged one', () => {
    const ix = index('t_k', [1, 3]);
    const keys = sharedIndexKeys(table([ix]), ix, catalog);
    expect(keys.sameKey([1, 0.5, 'a'], [1, 9.5, 'a'])).toBe(true);
    expect(keys.sameKey([1, 0.5, 'a'], [2, 0.5, 'a'])).toBe(false);
    expect(keys.sameKey([1, 0.5, 'a'], [1, 0.5, 'b'])).toBe(false);
    expect(keys.sameKey([1, 0.5, null], [1, 0.5, null])).toBe(true);
    expect(keys.sameKey([1, 0.5, null], [1, 0.5, 'a'])).toBe(false);
  });

  it('compares 0 and -0, and NaN, by their encoded keys', () => {
    const ix = index('t_x', [2]);
    const keys = sharedIndexKeys(table([ix]), ix, catalog);
    expect(keys.sameKey([1, Number.NaN, 'a'], [1, Number.NaN, 'a'])).toBe(true);
    expect(keys.sameKey([1, 1.5, 'a'], [1, Number.NaN, 'a'])).toBe(false);
    // Whatever the encoding says about 0 and -0, the fast path must agree with it.
    const zero = keys.entry([1, 0, 'a']);
    const negZero = keys.entry([1, -0, 'a']);
    const encodedSame = zero.length === negZero.length && zero.every((b, i) => b === negZero[i]);
    expect(keys.sameKey([1, 0, 'a'], [1, -0, 'a'])).toBe(encodedSame);
  });
});

describe('IndexKeys.entryTransient', () => {
  it('encodes the entry’s bytes into one reused array while the key length stays the same', () => {
    const ix = index('t_pkey', [1]);
    const keys = sharedIndexKeys(table([ix]), ix, catalog);
    const first = keys.entryTransient([7, 0, 'a']);
    expect([...first]).toEqual([...keys.entry([7, 0, 'a'])]);
    const second = keys.entryTransient([8, 0, 'b']);
    // No allocation per row for a fixed-width key: the same bytes, overwritten by the next call.
    expect(second).toBe(first);
    expect([...second]).toEqual([...keys.entry([8, 0, 'b'])]);
  });

  it('takes new bytes when the key’s length changes, then reuses those', () => {
    const ix = index('t_name', [3]);
    const keys = sharedIndexKeys(table([ix]), ix, catalog);
    const short = keys.entryTransient([1, 0, 'ab']);
    const long = keys.entryTransient([1, 0, 'abcdef']);
    expect(long).not.toBe(short);
    expect([...long]).toEqual([...keys.entry([1, 0, 'abcdef'])]);
    const again = keys.entryTransient([1, 0, 'zyxwvu']);
    expect(again).toBe(long);
    expect([...again]).toEqual([...keys.entry([1, 0, 'zyxwvu'])]);
  });
});
