import { describe, expect, it } from 'vitest';
import { caseClosedSource } from './case-closed-source.js';

describe('caseClosedSource', () => {
  it('gives ASCII letters both cases, in and out of brackets', () => {
    expect(caseClosedSource('^a\\w[b-d\\]x]$')).toBe('^[aA]\\w[b-d\\]xBCDX]$');
    expect(caseClosedSource('[^Z-a]')).toBe('[^Z-azA]');
  });

  it('lists every BMP character a non-ASCII character or bracket matches under ui', () => {
    expect(caseClosedSource('é')).toBe('[\\u00c9\\u00e9]');
    expect(caseClosedSource('β')).toBe('[\\u0392\\u03b2\\u03d0]');
    expect(caseClosedSource('[^ΐ]')).toBe('[^\\u0390\\u1fd3]');
    expect(caseClosedSource('[à-â]')).toBe('[\\u00c0-\\u00c2\\u00e0-\\u00e2]');
  });

  it('declines escapes that name a character by number, and named groups', () => {
    expect(caseClosedSource('\\x41')).toBeUndefined();
    expect(caseClosedSource('\\u00e9')).toBeUndefined();
    expect(caseClosedSource('(?<n>a)')).toBeUndefined();
  });
});
