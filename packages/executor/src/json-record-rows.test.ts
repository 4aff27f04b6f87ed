import { parseJsonb, SqlArray, sqlType, UTC } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { jsonRecordRows } from './json-record-rows.js';

const fields = [
  { name: 'a', type: sqlType('int4') },
  { name: 'b', type: sqlType('json') },
  { name: 'c', type: sqlType('_text') },
  { name: 'd', type: sqlType('text') },
];

describe('json[b]_to_record[set]', () => {
  it('reads each named member into its column type, the last of a repeated key', () => {
    const [row] = jsonRecordRows(
      'json_to_record',
      '{"a": "7", "b": {"x" :  1}, "c": ["p", null], "a": 8}',
      fields,
      UTC,
    );
    expect(row).toEqual([8, '{"x" :  1}', SqlArray.of(['p', null]), null]);
  });

  it('reads jsonb the same way, json columns printed from the document', () => {
    const rows = jsonRecordRows(
      'jsonb_to_recordset',
      parseJsonb('[{"a": 1, "b": [1, 2], "d": true}, {}]'),
      fields,
      UTC,
    );
    expect(rows).toEqual([
      [1, '[1, 2]', null, 'true'],
      [null, null, null, null],
    ]);
  });

  it('gives one row of NULLs or no rows for a NULL argument, and fails on the wrong shape', () => {
    expect(jsonRecordRows('json_to_record', null, fields, UTC)).toEqual([[null, null, null, null]]);
    expect(jsonRecordRows('jsonb_to_recordset', null, fields, UTC)).toEqual([]);
    expect(() => jsonRecordRows('json_to_record', '[1]', fields, UTC)).toThrow(
      'cannot call populate_composite on an array',
    );
    expect(() => jsonRecordRows('json_to_recordset', '[1]', fields, UTC)).toThrow(
      'argument of json_to_recordset must be an array of objects',
    );
    expect(() => jsonRecordRows('jsonb_to_recordset', parseJsonb('5'), fields, UTC)).toThrow(
      'cannot call jsonb_to_recordset on a non-array',
    );
    expect(() => jsonRecordRows('json_to_record', '{"a": [1]}', fields, UTC)).toThrow(
      'invalid input syntax for type integer: "[1]"',
    );
  });
});
