import { describe, expect, it } from 'vitest';
import { sizePretty } from './catalog-functions.js';

describe('pg_size_pretty', () => {
  it('rounds and picks units as PostgreSQL 15', () => {
    expect(sizePretty(10239n)).toBe('10239 bytes');
    expect(sizePretty(10240n)).toBe('10 kB');
    expect(sizePretty(20971519n)).toBe('20 MB');
    expect(sizePretty(20971520n)).toBe('20 MB');
    expect(sizePretty(-123456789n)).toBe('-118 MB');
    expect(sizePretty(1099511627776000n)).toBe('1000 TB');
  });
});
