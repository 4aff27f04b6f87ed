/**
 * scan.ts: a Seq Scan given `filterSlots` decodes the filter's columns first and the rest of a
 * row only when the filter accepts it; the rows it returns are the same as without.
 */
import type { TableDef } from '@rustydb/catalog';
import { encodeRow, sqlType, type Tid, type Value } from '@rustydb/common';
import type { TableStore, TupleVersion } from '@rustydb/storage';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CompiledExpr } from './compile-expr.js';
import type { ExecutionContext } from './execution-context.js';
import { RowLayout } from './row-layout.js';
import { Runtime } from './runtime.js';
import { SeqScan } from './scan.js';

const int4 = sqlType('int4');
const text = sqlType('text');
const table = {
  oid: 1,
  name: 't',
  columns: [
    { name: 'tid', attnum: 1, type: int4 },
    { name: 'tbalance', attnum: 2, type: int4 },
    { name: 'filler', attnum: 3, type: text },
  ],
  indexes: [],
} as unknown as TableDef;
const types = [int4, int4, text];

/** A store of ten rows (i, 10 * i, 'filler i') at tids (0, i). */
function storeOf(): TableStore {
  const versions: TupleVersion[] = [];
  for (let i = 1; i <= 10; i++) {
    const tid: Tid = { page: 0, slot: i };
    const data = encodeRow([i, 10 * i, `filler ${i}`], types);
    versions.push({ tid, xmin: 1, xmax: 0, cmin: 0, cmax: 0, ctid: tid, flags: 0, data } as TupleVersion);
  }
  return {
    scan: () => {
      let i = 0;
      return { next: () => versions[i++], close: () => {} };
    },
  } as unknown as TableStore;
}

function runtime(): Runtime {
  const store = storeOf();
  const ctx = {
    params: [],
    checkInterrupts: () => {},
    relations: { store: () => store, index: () => undefined },
    tx: { isVisible: () => true, ssi: undefined },
  } as unknown as ExecutionContext;
  return new Runtime(ctx);
}

function rows(scan: SeqScan): Value[][] {
  const out: Value[][] = [];
  scan.open();
  for (let b = scan.next(); Array.isArray(b); b = scan.next()) for (const r of b) out.push([...r]);
  scan.close();
  return out;
}

/** WHERE tid = 3 OR tid = 7 */
const filter: CompiledExpr = (row) => row[0] === 3 || row[0] === 7;

describe('SeqScan with filterSlots', () => {
  afterEach(() => vi.restoreAllMocks());

  it('decodes the other columns only of the rows the filter accepts', () => {
    const decode = vi.spyOn(RowLayout.prototype, 'decode');
    const subset = vi.spyOn(RowLayout.prototype, 'decodeSubset');
    const scan = new SeqScan(runtime(), table, false, filter, undefined, [0]);
    expect(rows(scan)).toEqual([
      [3, 30, 'filler 3'],
      [7, 70, 'filler 7'],
    ]);
    // Ten filter decodes, then the two accepted rows' other columns; never a whole row.
    expect(subset).toHaveBeenCalledTimes(12);
    expect(decode).not.toHaveBeenCalled();
  });

  it('returns what the plain scan returns, with the tid and with readSlots', () => {
    const plain = new SeqScan(runtime(), table, true, filter, undefined, undefined);
    const first = new SeqScan(runtime(), table, true, filter, undefined, [0]);
    const expected = [
      [3, 30, 'filler 3', 3],
      [7, 70, 'filler 7', 7],
    ];
    expect(rows(plain)).toEqual(expected);
    expect(rows(first)).toEqual(expected);
    // readSlots [0, 1]: the filler is never decoded and stays NULL.
    const subset = vi.spyOn(RowLayout.prototype, 'decodeSubset');
    const read = new SeqScan(runtime(), table, false, filter, [0, 1], [0]);
    expect(rows(read)).toEqual([
      [3, 30, null],
      [7, 70, null],
    ]);
    expect(subset).toHaveBeenCalledTimes(12);
  });

  it('a rejected row leaves no column of its own in the row the next accepted one fills', () => {
    // WHERE tbalance > 50: the filter reads slot 1 only; accepted rows are decoded whole.
    const later: CompiledExpr = (row) => (row[1] as number) > 50;
    const scan = new SeqScan(runtime(), table, false, later, undefined, [1]);
    expect(rows(scan).map((r) => r[2])).toEqual([
      'filler 6',
      'filler 7',
      'filler 8',
      'filler 9',
      'filler 10',
    ]);
    expect(rows(scan).map((r) => r[0])).toEqual([6, 7, 8, 9, 10]);
  });
});
