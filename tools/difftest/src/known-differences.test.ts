import { describe, expect, it } from 'vitest';
import { knownDifferencesFile, loadKnownDifferences, parseKnownDifferences } from './known-differences.js';

describe('parseKnownDifferences', () => {
  it('reads file:statement keys with reasons, skipping comments and blank lines', () => {
    const known = parseKnownDifferences('# header\n\njoins.sql:4 merge join (executor)  # why\nx.sql:10\n');
    expect([...known]).toEqual([
      ['joins.sql:4', 'merge join (executor)'],
      ['x.sql:10', ''],
    ]);
  });

  it('rejects malformed and duplicate lines', () => {
    expect(() => parseKnownDifferences('joins.sql reason')).toThrow('line 1');
    expect(() => parseKnownDifferences('a.sql:1\na.sql:1')).toThrow('listed twice');
  });

  it('parses the shipped list', () => {
    expect(() => loadKnownDifferences(knownDifferencesFile)).not.toThrow();
  });
});
