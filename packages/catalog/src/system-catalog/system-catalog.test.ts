import { describe, expect, it } from 'vitest';
import { formatTypeOid, procName, procOidByName, typeOidOf } from './catalog-functions.js';
import { findSystemRelation, SYSTEM_RELATIONS } from './registry.js';
import { quoteIdent, splitQualifiedName } from './system-catalog.js';
import { parseColumns } from './system-relation.js';

describe('computed catalog relations', () => {
  it('have unique OIDs and names, pg_catalog found unqualified', () => {
    expect(new Set(SYSTEM_RELATIONS.map((r) => r.oid)).size).toBe(SYSTEM_RELATIONS.length);
    expect(new Set(SYSTEM_RELATIONS.map((r) => `${r.schema}.${r.name}`)).size).toBe(SYSTEM_RELATIONS.length);
    expect(findSystemRelation('pg_class')?.oid).toBe(1259);
    expect(findSystemRelation('tables')).toBeUndefined();
    expect(findSystemRelation('tables', 'information_schema')?.schema).toBe('information_schema');
  });

  it('declare PostgreSQL types, approximating the ones RustyDB lacks', () => {
    expect(parseColumns('indkey int2vector, relacl _aclitem, table_name sql_identifier')).toEqual([
      { name: 'indkey', type: { name: '_int2', typmod: -1, vector: 'int2vector' } },
      { name: 'relacl', type: { name: '_text', typmod: -1 } },
      { name: 'table_name', type: { name: 'name', typmod: -1 } },
    ]);
  });

  it('resolve regproc names: type I/O functions and built-ins, as pgjdbc compares pg_type.typinput', () => {
    const sc = {
      session: { functions: () => [{ name: 'now' }, { name: 'lower' }, { name: 'lower' }] },
      view: { effectivePath: ['public'], functionsNamed: () => [], functionByOid: () => undefined },
    } as never;
    const arrayIn = procOidByName(sc, 'pg_catalog.array_in');
    expect(procName(sc, arrayIn)).toBe('array_in');
    expect(procName(sc, procOidByName(sc, 'int2vectorin'))).toBe('int2vectorin');
    expect(procName(sc, procOidByName(sc, 'now'))).toBe('now');
    expect(procOidByName(sc, '-')).toBe(0);
    expect(procOidByName(sc, '42')).toBe(42);
    expect(() => procOidByName(sc, 'lower')).toThrow(/more than one function named "lower"/);
    expect(() => procOidByName(sc, 'nosuch')).toThrow(/function "nosuch" does not exist/);
    expect(() => procOidByName(sc, 'myschema.now')).toThrow(/does not exist/);
  });
});

describe('names', () => {
  it('split qualified names as regclass input does', () => {
    expect(splitQualifiedName('t')).toEqual([undefined, 't']);
    expect(splitQualifiedName('Public.T')).toEqual(['public', 't']);
    expect(splitQualifiedName('"My Schema"."a""b"')).toEqual(['My Schema', 'a"b']);
    expect(splitQualifiedName('db.s.t')).toEqual(['s', 't']);
    expect(splitQualifiedName('a..b')).toBeUndefined();
  });

  it('quote identifiers as quote_ident', () => {
    expect(quoteIdent('abc_1')).toBe('abc_1');
    expect(quoteIdent('Abc')).toBe('"Abc"');
    expect(quoteIdent('select')).toBe('"select"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});

describe('format_type and regtype input', () => {
  it('print types as PostgreSQL', () => {
    expect(formatTypeOid(1043, 24)).toBe('character varying(20)');
    expect(formatTypeOid(1043, -1)).toBe('character varying');
    expect(formatTypeOid(1007, -1)).toBe('integer[]');
    expect(formatTypeOid(18, -1)).toBe('"char"');
    expect(formatTypeOid(1042, null)).toBe('character');
    expect(formatTypeOid(1042, -1)).toBe('bpchar');
    expect(formatTypeOid(1015, 24)).toBe('character varying(20)[]');
    expect(formatTypeOid(99999, -1)).toBe('???');
    expect(formatTypeOid(0, null)).toBe('-');
  });

  it('read type names', () => {
    expect(typeOidOf('int4')).toBe(23);
    expect(typeOidOf('integer')).toBe(23);
    expect(typeOidOf('pg_catalog.text')).toBe(25);
    expect(() => typeOidOf('nosuch')).toThrow('type "nosuch" does not exist');
  });

  it('read type names as SQL writes them, as regtypein (answers from PostgreSQL 15)', () => {
    const cases: [string, string][] = [
      ['int', 'integer'],
      ['INT', 'integer'],
      [' int ', 'integer'],
      ['int[]', 'integer[]'],
      ['int4[]', 'integer[]'],
      ['int4[3]', 'integer[]'],
      ['integer[][]', 'integer[]'],
      ['_int4', 'integer[]'],
      ['varchar(10)', 'character varying'],
      ['char', 'character'],
      ['char(3)', 'character'],
      ['"char"', '"char"'],
      ['decimal', 'numeric'],
      ['dec', 'numeric'],
      ['numeric(10,2)', 'numeric'],
      ['float', 'double precision'],
      ['float(24)', 'real'],
      ['float(25)', 'double precision'],
      ['double  precision', 'double precision'],
      ['timestamp(3) with time zone', 'timestamp with time zone'],
      ['TIMESTAMP WITHOUT TIME ZONE', 'timestamp without time zone'],
      ['interval day to second', 'interval'],
      ['interval(2)', 'interval'],
      ['pg_catalog.int4', 'integer'],
      ['boolean', 'boolean'],
    ];
    for (const [text, shown] of cases) expect(formatTypeOid(typeOidOf(text), null), text).toBe(shown);
    expect(() => typeOidOf('public.int4')).toThrow('type "public.int4" does not exist');
    expect(() => typeOidOf('"Int4"')).toThrow('type ""Int4"" does not exist');
    expect(() => typeOidOf('float(0)')).toThrow(expect.objectContaining({ code: '22023' }));
    expect(() => typeOidOf('float(54)')).toThrow('precision for type float must be less than 54 bits');
  });
});
