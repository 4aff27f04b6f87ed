import { encodeRow, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { type ConstraintRow, decodeSystemRow, encodeSystemRow } from './system-tables.js';

const check: ConstraintRow = {
  oid: 16400,
  table: 16384,
  name: 'c1',
  kind: 'check',
  columns: [1],
  index: null,
  check: 'a > 0',
  refTable: null,
  refColumns: [],
  onUpdate: null,
  onDelete: null,
};

describe('sys_constraint rows', () => {
  it('keep NOT VALID (convalidated false) across encoding', () => {
    const row = decodeSystemRow('constraint', encodeSystemRow('constraint', { ...check, notValid: true }));
    expect(row.notValid).toBe(true);
    expect(decodeSystemRow('constraint', encodeSystemRow('constraint', check)).notValid).toBeUndefined();
  });

  it('read rows written before the not_valid column as validated', () => {
    const int4 = sqlType('int4');
    const text = sqlType('text');
    const old = encodeRow(
      [check.oid, check.table, 'c1', 'check', '1', null, 'a > 0', null, null, null, null],
      [int4, int4, text, text, text, int4, text, int4, text, text, text],
    );
    expect(decodeSystemRow('constraint', old)).toEqual(check);
  });
});
