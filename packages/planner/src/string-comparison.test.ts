/**
 * Comparisons between string types (values checked against PostgreSQL 15): an unknown literal
 * takes the other operand's type, so character(n) compares as bpchar (trailing blanks ignored);
 * mixed string types compare as text.
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { type Oid, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import { resolveFunction } from './functions.js';

const strs: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 'strs',
  method: 'memory',
  file: 100 as never,
  columns: [
    { attnum: 1, name: 'c', type: sqlType('bpchar', 5), notNull: false },
    { attnum: 2, name: 'v', type: sqlType('varchar', 5), notNull: false },
  ],
  indexes: [],
  constraints: [],
};
const catalog: CatalogReader = {
  table: (name) => (name === 'strs' ? strs : undefined),
  tableByOid: (oid) => (oid === strs.oid ? strs : undefined),
  tables: () => [strs],
};

/** The operand types of the first `op` node of the bound statement. */
function operandTypes(sql: string): string[] {
  const plan = bindStatement(parse(sql)[0].stmt, { catalog, sql });
  let found: string[] | undefined;
  JSON.stringify(plan, (_key, value) => {
    if (found === undefined && value?.kind === 'op' && Array.isArray(value.args)) {
      found = value.args.map((a: { type: { name: string } }) => a.type.name);
    }
    return value;
  });
  return found ?? [];
}

describe('string comparisons', () => {
  it('compares a character(n) column with a literal as bpchar', () => {
    expect(operandTypes("select c = 'ab   ' from strs")).toEqual(['bpchar', 'bpchar']);
    expect(operandTypes("select 'ab' < c from strs")).toEqual(['bpchar', 'bpchar']);
  });

  it('compares mixed string types as text', () => {
    expect(operandTypes('select c = v from strs')).toEqual(['text', 'text']);
    expect(operandTypes("select v = 'ab' from strs")).toEqual(['text', 'text']);
  });

  it('counts the padding of character(n) in octet_length', () => {
    expect(resolveFunction('octet_length', [sqlType('bpchar', 5)])?.args).toEqual(['bpchar']);
    expect(resolveFunction('octet_length', [sqlType('unknown')])?.args).toEqual(['text']);
    expect(resolveFunction('octet_length', [sqlType('varchar')])?.args).toEqual(['text']);
  });
});
