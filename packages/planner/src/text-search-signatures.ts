/**
 * Signatures of the full-text search functions (pg_proc's entries, PostgreSQL 15's types). The
 * forms without a configuration read default_text_search_config, so they are STABLE
 * (`TS_DEFAULT_CONFIG_FUNCTIONS`); the others are immutable. The executor implements them in
 * text-search-functions.ts.
 */
import type { TypeName } from '@rustydb/common';
import type { FunctionSignature } from './functions.js';

const sig = (name: string, args: readonly TypeName[], result: TypeName): FunctionSignature => ({
  name,
  args,
  result,
});

const QUERY_MAKERS = ['to_tsquery', 'plainto_tsquery', 'phraseto_tsquery', 'websearch_to_tsquery'];

/** The functions whose one-argument form uses default_text_search_config (STABLE, not IMMUTABLE). */
export const TS_DEFAULT_CONFIG_FUNCTIONS: ReadonlySet<string> = new Set(['to_tsvector', ...QUERY_MAKERS]);

const RANK = (name: string): FunctionSignature[] => [
  sig(name, ['tsvector', 'tsquery'], 'float4'),
  sig(name, ['tsvector', 'tsquery', 'int4'], 'float4'),
  sig(name, ['_float4', 'tsvector', 'tsquery'], 'float4'),
  sig(name, ['_float4', 'tsvector', 'tsquery', 'int4'], 'float4'),
];

export const TEXT_SEARCH_SIGNATURES: readonly FunctionSignature[] = [
  sig('to_tsvector', ['regconfig', 'text'], 'tsvector'),
  sig('to_tsvector', ['text'], 'tsvector'),
  ...QUERY_MAKERS.flatMap((n) => [sig(n, ['regconfig', 'text'], 'tsquery'), sig(n, ['text'], 'tsquery')]),
  sig('get_current_ts_config', [], 'regconfig'),
  sig('setweight', ['tsvector', 'char'], 'tsvector'),
  sig('strip', ['tsvector'], 'tsvector'),
  sig('length', ['tsvector'], 'int4'),
  sig('numnode', ['tsquery'], 'int4'),
  sig('querytree', ['tsquery'], 'text'),
  sig('tsvector_to_array', ['tsvector'], '_text'),
  sig('array_to_tsvector', ['_text'], 'tsvector'),
  sig('tsquery_not', ['tsquery'], 'tsquery'),
  sig('tsquery_phrase', ['tsquery', 'tsquery'], 'tsquery'),
  sig('tsquery_phrase', ['tsquery', 'tsquery', 'int4'], 'tsquery'),
  ...RANK('ts_rank'),
  ...RANK('ts_rank_cd'),
];
