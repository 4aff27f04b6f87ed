import { describe, expect, it } from 'vitest';
import { chooseRelationName, indexNameAddition, makeObjectName } from './relation-names.js';

describe('makeObjectName', () => {
  it('joins the parts with underscores', () => {
    expect(makeObjectName('t', undefined, 'pkey')).toBe('t_pkey');
    expect(makeObjectName('t', 'a_b', 'key')).toBe('t_a_b_key');
  });

  it('clips the longer part first so the name fits in 63 bytes', () => {
    const long = 'x'.repeat(70);
    const name = makeObjectName(long, 'a', 'key');
    expect(name).toBe(`${'x'.repeat(57)}_a_key`);
    expect(name.length).toBe(63);
    const both = makeObjectName('t'.repeat(40), 'c'.repeat(40), 'idx');
    expect(both).toBe(`${'t'.repeat(29)}_${'c'.repeat(29)}_idx`);
  });

  it('never splits a multi-byte character', () => {
    const name = makeObjectName('é'.repeat(40), undefined, 'pkey');
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(63);
    expect(name.endsWith('é_pkey')).toBe(true);
  });
});

describe('chooseRelationName', () => {
  it('appends 1, 2, … to the label while the name is taken (as PostgreSQL: t_c_idx1)', () => {
    const taken = new Set(['t_c_idx', 't_c_idx1']);
    expect(chooseRelationName('t', 'c', 'idx', (n) => taken.has(n))).toBe('t_c_idx2');
    expect(chooseRelationName('t', undefined, 'pkey', () => false)).toBe('t_pkey');
  });

  it('builds the column part from every key column', () => {
    expect(indexNameAddition(['a', 'b'])).toBe('a_b');
  });
});
