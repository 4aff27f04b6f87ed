/**
 * `tsvector @@ tsquery` (TS_execute): a lexeme matches when the vector has it (any lexeme with
 * its prefix for `:*`) at a position whose weight the operand allows. A phrase `a <N> b` matches
 * where b's occurrence starts N positions after a's ends; AND and OR inside a phrase intersect
 * and join positions, NOT inside a phrase excludes them. A stripped vector has no positions, so
 * no phrase matches it (as in PostgreSQL).
 */
import type { TsQuery, TsQueryNode } from './tsquery.js';
import { compareLexemes, posOf, type TsLexeme, type TsVector, weightOf } from './tsvector.js';

/** The lexemes of `v` matching operand `word` (binary search; a prefix takes the run after it). */
function lexemesOf(v: TsVector, word: string, prefix: boolean): TsLexeme[] {
  const xs = v.lexemes;
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareLexemes(xs[mid]!.word, word) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (!prefix) return lo < xs.length && xs[lo]!.word === word ? [xs[lo]!] : [];
  const out: TsLexeme[] = [];
  for (let i = lo; i < xs.length && xs[i]!.word.startsWith(word); i++) out.push(xs[i]!);
  return out;
}

/** Does weight mask `mask` (8 = A … 1 = D; 0 any) allow position `p`? */
const allows = (mask: number, p: number): boolean => mask === 0 || (mask & (1 << weightOf(p))) !== 0;

/** Where a node inside a phrase matches: its end positions, or (negated) everywhere but those. */
interface Spots {
  readonly positions: ReadonlySet<number>;
  readonly negated: boolean;
  /** The phrase's width: how far its start lies before the positions (which are its ends). */
  readonly width: number;
}

function spots(v: TsVector, n: TsQueryNode): Spots | null {
  switch (n.kind) {
    case 'val': {
      const ls = lexemesOf(v, n.word, n.prefix);
      if (ls.length === 0) return null;
      const out = new Set<number>();
      for (const l of ls) for (const p of l.positions) if (allows(n.weight, p)) out.add(posOf(p));
      return out.size === 0 ? null : { positions: out, negated: false, width: 0 };
    }
    case 'stop':
      return null;
    case 'not': {
      const s = spots(v, n.arg);
      if (s === null) return { positions: new Set(), negated: true, width: 0 };
      return { positions: s.positions, negated: !s.negated, width: s.width };
    }
    case 'and':
    case 'or':
    case 'phrase':
      return binarySpots(v, n);
  }
}

function binarySpots(v: TsVector, n: TsQueryNode & { left: TsQueryNode; right: TsQueryNode }): Spots | null {
  const l = spots(v, n.left);
  const r = spots(v, n.right);
  if (n.kind === 'or') {
    if (l === null || r === null) return l ?? r;
    const width = Math.max(l.width, r.width);
    if (!l.negated && !r.negated)
      return { positions: new Set([...l.positions, ...r.positions]), negated: false, width };
    // Everywhere but the negated side's positions, except where the other side matches.
    const [neg, pos] = l.negated ? [l, r] : [r, l];
    const keep = [...neg.positions].filter((p) =>
      pos.negated ? pos.positions.has(p) : !pos.positions.has(p),
    );
    return { positions: new Set(keep), negated: true, width };
  }
  if (l === null || r === null) return null;
  if (n.kind === 'and') {
    if (l.negated && r.negated)
      return { positions: new Set([...l.positions, ...r.positions]), negated: true, width: 0 };
    const [pos, neg] = l.negated ? [r, l] : r.negated ? [l, r] : [l, r];
    const both = l.negated || r.negated;
    const out = [...pos.positions].filter((p) => (both ? !neg.positions.has(p) : neg.positions.has(p)));
    return out.length === 0
      ? null
      : { positions: new Set(out), negated: false, width: Math.max(l.width, r.width) };
  }
  // phrase: the right operand's start (its end minus its width) lies `distance` after the left's end.
  const gap = (n as { distance: number }).distance + r.width;
  const width = l.width + gap;
  const out = new Set<number>();
  if (!r.negated) {
    for (const p of r.positions) {
      const hit = l.positions.has(p - gap);
      if (hit !== l.negated && p - gap - l.width >= 1) out.add(p);
    }
  } else if (!l.negated) {
    for (const p of l.positions) if (!r.positions.has(p + gap)) out.add(p + gap);
  } else return { positions: new Set(), negated: true, width };
  return out.size === 0 ? null : { positions: out, negated: false, width };
}

/** The operand matches anywhere (no positions needed). */
function matches(v: TsVector, n: TsQueryNode): boolean {
  switch (n.kind) {
    case 'val':
      return lexemesOf(v, n.word, n.prefix).some(
        (l) => n.weight === 0 || l.positions.length === 0 || l.positions.some((p) => allows(n.weight, p)),
      );
    case 'stop':
      return true;
    case 'not':
      return !matches(v, n.arg);
    case 'and':
      return matches(v, n.left) && matches(v, n.right);
    case 'or':
      return matches(v, n.left) || matches(v, n.right);
    case 'phrase': {
      const s = spots(v, n);
      return s !== null && (s.positions.size > 0 || s.negated);
    }
  }
}

/** ts_match_vq: `v @@ q` (an empty query matches nothing). */
export function tsMatch(v: TsVector, q: TsQuery): boolean {
  return q.root !== undefined && matches(v, q.root);
}
