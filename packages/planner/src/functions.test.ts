import { sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { bindSignature, resolveFunction } from './functions.js';

const unknown = sqlType('unknown');
const text = sqlType('text');

describe('resolveFunction', () => {
  it('gives VARIADIC "any" functions at least one variadic argument, as PostgreSQL does', () => {
    expect(resolveFunction('concat', [])).toBeUndefined();
    expect(resolveFunction('concat', [unknown])?.name).toBe('concat');
    expect(resolveFunction('concat_ws', [unknown])).toBeUndefined();
    expect(resolveFunction('concat_ws', [unknown, text])?.name).toBe('concat_ws');
  });

  it('keeps the zero-argument forms PostgreSQL has', () => {
    expect(resolveFunction('json_build_object', [])?.name).toBe('json_build_object');
    expect(resolveFunction('jsonb_build_array', [])?.name).toBe('jsonb_build_array');
  });
});

describe('bytea functions', () => {
  it('resolves octet_length and md5 over bytea, and keeps text for unknown literals', () => {
    expect(resolveFunction('octet_length', [sqlType('bytea')])?.args).toEqual(['bytea']);
    expect(resolveFunction('md5', [sqlType('bytea')])?.args).toEqual(['bytea']);
    expect(resolveFunction('md5', [unknown])?.args).toEqual(['text']);
  });
});

describe('VARIADIC text[] parameters', () => {
  const jsonb = sqlType('jsonb');
  it('takes one or more spread arguments of the element type, each coerced to it', () => {
    expect(resolveFunction('jsonb_extract_path', [jsonb])).toBeUndefined();
    const s = resolveFunction('jsonb_extract_path', [jsonb, unknown, text]);
    expect(s?.variadic).toBe('text');
    expect(bindSignature(s!, [jsonb, unknown, text])?.args.map((t) => t.name)).toEqual([
      'jsonb',
      'text',
      'text',
    ]);
    expect(resolveFunction('jsonb_extract_path', [jsonb, sqlType('int4')])).toBeUndefined();
  });

  it('takes one array argument when the call says VARIADIC', () => {
    const s = resolveFunction('jsonb_extract_path', [jsonb, sqlType('_text')], true);
    expect(bindSignature(s!, [jsonb, sqlType('_text')], false)?.args.map((t) => t.name)).toEqual([
      'jsonb',
      '_text',
    ]);
    expect(resolveFunction('jsonb_extract_path', [jsonb, text, text], true)).toBeUndefined();
  });
});

describe('regexp and math functions', () => {
  it('resolves the optional-argument forms by arity and argument type', () => {
    const int4 = sqlType('int4');
    expect(resolveFunction('regexp_replace', [unknown, unknown, unknown, unknown])?.args[3]).toBe('text');
    expect(resolveFunction('regexp_replace', [text, text, text, int4])?.args[3]).toBe('int4');
    expect(resolveFunction('regexp_instr', [text, text, int4, int4, int4, text, int4])?.result).toBe('int4');
    expect(resolveFunction('gcd', [sqlType('int8'), int4])?.result).toBe('int8');
    expect(resolveFunction('quote_literal', [unknown])?.args).toEqual(['any']);
  });
});
