import { sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import { outputColumns } from './logical-plan.js';
import { binaryKernel } from './operator-kernels.js';

const bytea = sqlType('bytea');
const catalog = { table: () => undefined, tableByOid: () => undefined, tables: () => [] };

describe('bytea || bytea', () => {
  it('concatenates the bytes', () => {
    const k = binaryKernel('||', bytea, bytea);
    expect(k(new Uint8Array([1, 2]), new Uint8Array([3]))).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('binds with an unknown literal on either side as bytea, and text || bytea as text', () => {
    const types = (sql: string) =>
      outputColumns(bindStatement(parse(sql)[0].stmt, { catalog, sql })).map((c) => c.type.name);
    expect(types("select '\\x01'::bytea || '\\x02'")).toEqual(['bytea']);
    expect(types("select '\\x01' || '\\x02'::bytea")).toEqual(['bytea']);
    expect(types("select 'a'::text || '\\x02'::bytea")).toEqual(['text']);
  });
});
