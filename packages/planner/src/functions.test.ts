import { sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { resolveFunction } from './functions.js';

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
