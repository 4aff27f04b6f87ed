/**
 * Text search configurations `simple` and `english` (pg_ts_config), and the functions that run
 * text through one: to_tsvector, to_tsquery, plainto_tsquery, phraseto_tsquery,
 * websearch_to_tsquery.
 *
 * - simple: every token lower-cased (the `simple` dictionary, no stop words);
 * - english: letter-only words (and hyphenated ones and their parts) lower-cased, English stop
 *   words dropped (their positions still counted), the rest stemmed (english_stem); numbers,
 *   words with digits, e-mail addresses, hosts and URLs lower-cased as in simple.
 */
import { DbError } from '../db-error.js';
import { stemEnglish } from './english-stemmer.js';
import { ENGLISH_STOP_WORDS } from './english-stop-words.js';
import { tsTokens } from './ts-parser.js';
import { parseTsQuery, type TsQuery, type TsQueryNode, tsBinary, tsValue } from './tsquery.js';
import { clampPos, type TsLexeme, type TsVector, tsVectorOf } from './tsvector.js';

export type TsConfigName = 'simple' | 'english';

/** pg_ts_config.oid of each configuration (PostgreSQL 15's): regconfig values order by it. */
export const TS_CONFIG_OID: Readonly<Record<TsConfigName, number>> = { simple: 3748, english: 13164 };

/** regconfigin: the configuration `name` names (optionally `pg_catalog.`-qualified). */
export function parseTsConfig(name: string): TsConfigName {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^pg_catalog\./, '')
    .replace(/^"(.*)"$/, '$1');
  if (n === 'simple' || n === 'english') return n;
  throw new DbError('42704', `text search configuration "${name}" does not exist`);
}

/** A document's lexemes with their positions (1-based, stop words counted), as parsetext makes them. */
interface ParsedWord {
  readonly word: string;
  readonly pos: number;
}

function parseDocument(config: TsConfigName, text: string): ParsedWord[] {
  const out: ParsedWord[] = [];
  let pos = 0;
  for (const t of tsTokens(text)) {
    pos++;
    const w = t.text.toLowerCase();
    if (config === 'english' && t.kind === 'word') {
      if (!ENGLISH_STOP_WORDS.has(w)) out.push({ word: stemEnglish(w), pos });
    } else out.push({ word: w, pos });
  }
  return out;
}

/** to_tsvector(config, text). */
export function toTsVector(config: TsConfigName, text: string): TsVector {
  const items: TsLexeme[] = parseDocument(config, text).map((p) => ({
    word: p.word,
    positions: [clampPos(p.pos)],
  }));
  return tsVectorOf(items);
}

type Combine = 'and' | 'phrase';

/**
 * pushval_morph: one operand's text through the configuration; its lexemes joined by `join`,
 * removed stop words kept as placeholders (a phrase then spans them).
 */
function morph(
  config: TsConfigName,
  join: Combine,
  text: string,
  weight: number,
  prefix: boolean,
): TsQueryNode {
  const words = parseDocument(config, text);
  if (words.length === 0) return { kind: 'stop' };
  let node: TsQueryNode | undefined;
  let last = 0;
  for (const w of words) {
    if (node !== undefined) {
      for (; last + 1 < w.pos; last++) node = tsBinary(join, node, { kind: 'stop' });
      node = tsBinary(join, node, tsValue(w.word, weight, prefix));
    } else node = tsValue(w.word, weight, prefix);
    last = w.pos;
  }
  return node!;
}

/** to_tsquery(config, text): operators parsed, each operand's words joined by `<->`. */
export function toTsQuery(config: TsConfigName, text: string): TsQuery {
  return parseTsQuery(text, (w, weight, prefix) => morph(config, 'phrase', w, weight, prefix));
}

/** plainto_tsquery / phraseto_tsquery: the whole text one operand, words joined by `&` / `<->`. */
export function plainToTsQuery(config: TsConfigName, text: string, join: Combine): TsQuery {
  return parseTsQuery("'x'", () => morph(config, join, text, 0, false));
}

/**
 * websearch_to_tsquery: words are ANDed, `"…"` is a phrase, `or` between two words is `|`, a
 * leading `-` negates; other punctuation is ignored.
 */
export function websearchToTsQuery(config: TsConfigName, text: string): TsQuery {
  // OR binds looser than the implicit AND: `a b or c d` is (a & b) | (c & d).
  const chains: TsQueryNode[][] = [[]];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const raw = m[3];
    if (raw !== undefined && raw.toLowerCase() === 'or') {
      if (chains[chains.length - 1]!.length > 0) chains.push([]);
      continue;
    }
    const negate = m[1] === '-' || (raw?.startsWith('-') ?? false);
    const body = m[2] ?? raw!.replace(/^-+/, '');
    const node = morph(config, m[2] !== undefined ? 'phrase' : 'and', body, 0, false);
    chains[chains.length - 1]!.push(negate ? { kind: 'not', arg: node } : node);
  }
  const fold = (op: 'and' | 'or', xs: TsQueryNode[]): TsQueryNode | undefined =>
    xs.reduce<TsQueryNode | undefined>((a, x) => (a === undefined ? x : tsBinary(op, a, x)), undefined);
  const root = fold(
    'or',
    chains.map((c) => fold('and', c)).filter((x): x is TsQueryNode => x !== undefined),
  );
  return parseTsQuery(root === undefined ? '' : "'x'", () => root!);
}
