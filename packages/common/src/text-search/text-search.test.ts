import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DbError } from '../db-error.js';
import { plainToTsQuery, toTsQuery, toTsVector, websearchToTsQuery } from './ts-config.js';
import { tsMatch } from './ts-match.js';
import { DEFAULT_RANK_WEIGHTS, tsRank } from './ts-rank.js';
import { tsRankCd } from './ts-rank-cd.js';
import {
  combineTsQueries,
  formatTsQuery,
  negateTsQuery,
  parseTsQueryText,
  tsQueryNodeCount,
} from './tsquery.js';
import { formatTsVector, parseTsVector } from './tsvector.js';

/**
 * testdata/text-search-cases.tsv: `function<TAB>input<TAB>PostgreSQL 15's text result` (or
 * `ERROR: message`), for tsvector / tsquery input and the english configuration's functions.
 */
const cases = readFileSync(new URL('../../testdata/text-search-cases.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => l.split('\t') as [string, string, string]);

function run(f: string, input: string): string {
  try {
    switch (f) {
      case 'tsvector':
        return formatTsVector(parseTsVector(input));
      case 'tsquery':
        return formatTsQuery(parseTsQueryText(input));
      case 'to_tsvector':
        return formatTsVector(toTsVector('english', input));
      case 'to_tsquery':
        return formatTsQuery(toTsQuery('english', input));
      case 'plainto_tsquery':
        return formatTsQuery(plainToTsQuery('english', input, 'and'));
      case 'phraseto_tsquery':
        return formatTsQuery(plainToTsQuery('english', input, 'phrase'));
      default:
        return formatTsQuery(websearchToTsQuery('english', input));
    }
  } catch (e) {
    if (e instanceof DbError) return `ERROR: ${e.message}`;
    throw e;
  }
}

describe('text search against PostgreSQL 15', () => {
  it.each(cases)('%s(%j)', (f, input, expected) => {
    expect(run(f, input)).toBe(expected);
  });
});

describe('tsquery operators', () => {
  const q = (s: string) => parseTsQueryText(s);
  it('combines, negates and counts nodes', () => {
    expect(formatTsQuery(combineTsQueries('and', q('a|b'), q('c')))).toBe("( 'a' | 'b' ) & 'c'");
    expect(formatTsQuery(combineTsQueries('or', q(''), q('c')))).toBe("'c'");
    expect(formatTsQuery(negateTsQuery(q('a & b')))).toBe("!( 'a' & 'b' )");
    expect(tsQueryNodeCount(q('(a|b) & !c'))).toBe(6);
  });
});

describe('@@', () => {
  const v = (s: string) => toTsVector('english', s);
  const m = (doc: string, query: string) => tsMatch(v(doc), toTsQuery('english', query));
  it('matches lexemes, prefixes, weights and phrases', () => {
    expect(m('a fat cat sat on a mat', 'cat & mat')).toBe(true);
    expect(m('a fat cat sat on a mat', 'cat & dog')).toBe(false);
    expect(m('a fat cat sat on a mat', 'cat | dog')).toBe(true);
    expect(m('a fat cat sat on a mat', '!dog')).toBe(true);
    expect(m('a fat cat sat on a mat', 'ca:*')).toBe(true);
    expect(m('a fat cat sat on a mat', 'fat <-> cat')).toBe(true);
    expect(m('a fat cat sat on a mat', 'cat <-> fat')).toBe(false);
    expect(m('a fat cat sat on a mat', 'fat <2> sat')).toBe(true);
    expect(m('a fat cat sat on a mat', 'fat <-> (cat <-> sat)')).toBe(true);
    expect(m('a fat cat sat on a mat', 'fat <-> !dog')).toBe(true);
    expect(m('a fat cat sat on a mat', 'fat <-> !cat')).toBe(false);
    expect(tsMatch(parseTsVector('a:1A b:2'), parseTsQueryText('a:B'))).toBe(false);
    expect(tsMatch(parseTsVector('a:1A b:2'), parseTsQueryText('a:AB'))).toBe(true);
    expect(tsMatch(parseTsVector('a b'), parseTsQueryText('a <-> b'))).toBe(false);
    expect(tsMatch(parseTsVector('a b'), parseTsQueryText('a & b'))).toBe(true);
    expect(m('anything', 'the')).toBe(false);
  });
});

describe('ts_rank and ts_rank_cd', () => {
  // PostgreSQL 15's float4 results for this document.
  const v = toTsVector('english', 'a fat cat sat on a mat and ate a fat rat');
  const q = (s: string) => toTsQuery('english', s);
  const cases: [string, number, number][] = [
    ['ca:*', 0.06079271, 0.1],
    ['cat & rat', 0.05174401, 0.011111111],
    ['cat | dog', 0.030396355, 0.1],
    ['fat & !dog', 1e-20, 0.2],
    ['fat <-> cat', 0.15717629, 0.1],
  ];
  it.each(cases)('%s', (query, rank, cd) => {
    expect(tsRank(DEFAULT_RANK_WEIGHTS, v, q(query), 0)).toBe(Math.fround(rank));
    expect(tsRankCd(DEFAULT_RANK_WEIGHTS, v, q(query), 0)).toBe(Math.fround(cd));
  });
  it('normalizes', () => {
    expect(tsRank(DEFAULT_RANK_WEIGHTS, v, q('cat & rat'), 1)).toBe(Math.fround(0.017248003));
    expect(tsRank(DEFAULT_RANK_WEIGHTS, v, q('cat & rat'), 2 | 8)).toBe(Math.fround(0.0012320002));
    expect(tsRankCd(DEFAULT_RANK_WEIGHTS, v, q('cat & rat'), 1)).toBe(Math.fround(0.005343315));
    expect(tsRankCd(DEFAULT_RANK_WEIGHTS, v, q('cat & rat'), 32)).toBe(Math.fround(0.010989011));
  });
});
