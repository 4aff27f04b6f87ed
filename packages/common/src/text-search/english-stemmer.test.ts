import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stemEnglish } from './english-stemmer.js';
import { toTsVector } from './ts-config.js';
import { formatTsVector } from './tsvector.js';

/**
 * testdata/english-stems.tsv: `word<TAB>to_tsvector('english', word)` from PostgreSQL 15, for
 * several hundred words (the words of the docs, and the algorithm description's examples).
 */
const fixture = readFileSync(new URL('../../testdata/english-stems.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => l.split('\t') as [string, string]);

describe('english stemmer', () => {
  it('gives PostgreSQL 15 to_tsvector results for the fixture words', () => {
    const wrong = fixture.filter(([w, v]) => formatTsVector(toTsVector('english', w)) !== v);
    expect(wrong.map(([w, v]) => `${w}: ${v} ≠ ${formatTsVector(toTsVector('english', w))}`)).toEqual([]);
    expect(fixture.length).toBeGreaterThan(500);
  });

  it('keeps the exceptions and short words', () => {
    expect(stemEnglish('skies')).toBe('sky');
    expect(stemEnglish('by')).toBe('by');
    expect(stemEnglish('generously')).toBe('generous');
  });
});
