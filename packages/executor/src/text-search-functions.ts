/**
 * The full-text search functions (planner's text-search-signatures.ts): to_tsvector and the
 * tsquery makers with a configuration or with default_text_search_config, setweight, strip,
 * length, numnode, querytree, tsvector_to_array, array_to_tsvector, tsquery_not,
 * tsquery_phrase, ts_rank, ts_rank_cd, get_current_ts_config (all strict); the rows of
 * unnest(tsvector).
 */
import {
  combineTsQueries,
  DbError,
  DEFAULT_RANK_WEIGHTS,
  formatTsQuery,
  negateTsQuery,
  parseTsConfig,
  plainToTsQuery,
  posOf,
  rankWeights,
  SqlArray,
  type SqlType,
  setTsWeight,
  stripTsVector,
  type TsConfigName,
  TsQuery,
  type TsVector,
  toTsQuery,
  toTsVector,
  tsQueryNodeCount,
  tsRank,
  tsRankCd,
  tsVectorOf,
  type Value,
  websearchToTsQuery,
  weightOf,
} from '@rustydb/common';
import type { Impl } from './date-time-functions.js';
import type { Runtime } from './runtime.js';

type Maker = (config: TsConfigName, text: string) => Value;

const MAKERS: Readonly<Record<string, Maker>> = {
  to_tsvector: toTsVector,
  to_tsquery: toTsQuery,
  plainto_tsquery: (c, t) => plainToTsQuery(c, t, 'and'),
  phraseto_tsquery: (c, t) => plainToTsQuery(c, t, 'phrase'),
  websearch_to_tsquery: websearchToTsQuery,
};

/** A tsquery maker that sends PostgreSQL's NOTICE when the query comes out empty. */
function noticeEmpty(make: Maker, rt: Runtime): Maker {
  return (config, text) => {
    const q = make(config, text) as TsQuery;
    if (q.root === undefined) {
      const message =
        text.trim() === ''
          ? `text-search query doesn't contain lexemes: "${text}"`
          : "text-search query contains only stop words or doesn't contain lexemes, ignored";
      rt.ctx.session?.notice(new DbError('00000', message, { severity: 'NOTICE' }));
    }
    return q;
  };
}

/** default_text_search_config, parsed again only when the setting's text changes. */
function defaultConfig(rt: Runtime): () => TsConfigName {
  let text: string | undefined;
  let config: TsConfigName = 'english';
  return () => {
    const s = rt.ctx.settings?.get('default_text_search_config') ?? 'pg_catalog.english';
    if (s !== text) {
      config = parseTsConfig(s);
      text = s;
    }
    return config;
  };
}

/** querytree: the query without the parts an index could not use (here: without negations). */
function queryTree(q: TsQuery): string {
  const drop = (n: NonNullable<TsQuery['root']>): TsQuery['root'] => {
    switch (n.kind) {
      case 'val':
        return n;
      case 'not':
      case 'stop':
        return undefined;
      default: {
        const l = drop(n.left);
        const r = drop(n.right);
        if (!l || !r) return n.kind === 'or' ? undefined : (l ?? r);
        return { ...n, left: l, right: r };
      }
    }
  };
  const root = q.root && drop(q.root);
  return root === undefined ? 'T' : formatTsQuery(new TsQuery(root));
}

type Ranker = typeof tsRank;

function rank(argTypes: readonly SqlType[], ranker: Ranker): Impl {
  const weighted = argTypes[0]!.name === '_float4';
  return (args) => {
    const w = weighted ? rankWeights((args[0] as SqlArray).elements as (number | null)[]) : undefined;
    const [v, q, method] = weighted ? args.slice(1) : args;
    return ranker(w ?? DEFAULT_RANK_WEIGHTS, v as TsVector, q as TsQuery, (method as number) ?? 0);
  };
}

const WEIGHT_LETTERS = ['D', 'C', 'B', 'A'];

/** unnest(tsvector): (lexeme, positions, weights) per lexeme; a stripped one has NULLs. */
export function tsVectorRows(v: TsVector): Value[][] {
  return v.lexemes.map((l) =>
    l.positions.length === 0
      ? [l.word, null, null]
      : [
          l.word,
          SqlArray.of(l.positions.map((p) => posOf(p))),
          SqlArray.of(l.positions.map((p) => WEIGHT_LETTERS[weightOf(p)]!)),
        ],
  );
}

/** The text search function `name` over `argTypes`, or undefined when it is not one. */
export function textSearchFunction(
  name: string,
  argTypes: readonly SqlType[],
  rt: Runtime,
): Impl | undefined {
  const make = MAKERS[name];
  if (make !== undefined) {
    const maker = name === 'to_tsvector' ? make : noticeEmpty(make, rt);
    if (argTypes.length === 2) return ([c, t]) => maker(c as TsConfigName, t as string);
    const config = defaultConfig(rt);
    return ([t]) => maker(config(), t as string);
  }
  switch (name) {
    case 'get_current_ts_config': {
      const config = defaultConfig(rt);
      return () => config();
    }
    case 'setweight':
      return ([v, w]) => setTsWeight(v as TsVector, w as string);
    case 'strip':
      return ([v]) => stripTsVector(v as TsVector);
    case 'length':
      return argTypes[0]!.name === 'tsvector' ? ([v]) => (v as TsVector).lexemes.length : undefined;
    case 'numnode':
      return ([q]) => tsQueryNodeCount(q as TsQuery);
    case 'querytree':
      return ([q]) => queryTree(q as TsQuery);
    case 'tsvector_to_array':
      return ([v]) => SqlArray.of((v as TsVector).lexemes.map((l) => l.word));
    case 'array_to_tsvector':
      return ([a]) => {
        const words = (a as SqlArray).elements;
        if (words.some((x) => x === null)) throw new DbError('22004', 'lexeme array may not contain nulls');
        return tsVectorOf(words.map((x) => ({ word: x as string, positions: [] })));
      };
    case 'tsquery_not':
      return ([q]) => negateTsQuery(q as TsQuery);
    case 'tsquery_phrase':
      return ([a, b, d]) => combineTsQueries('phrase', a as TsQuery, b as TsQuery, (d as number) ?? 1);
    case 'ts_rank':
      return rank(argTypes, tsRank);
    case 'ts_rank_cd':
      return rank(argTypes, tsRankCd);
    default:
      return undefined;
  }
}
