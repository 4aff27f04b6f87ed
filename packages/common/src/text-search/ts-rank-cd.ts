/**
 * ts_rank_cd: PostgreSQL's cover density ranking (calc_rank_cd). The document is reduced to the
 * positions of the lexemes the query mentions; each minimal cover (a stretch in which the query
 * is true) adds its weight density divided by 1 + its noise words; a phrase holds in a
 * stretch when its lexemes stand at the right distances there. Normalization 1 divides by ln(length + 1) here
 * (PostgreSQL's ts_rank_cd uses the natural logarithm; ts_rank uses log2).
 */
import { DbError } from '../db-error.js';
import { tsMatch } from './ts-match.js';
import { countLength } from './ts-rank.js';
import { TsQuery, type TsQueryNode, tsQueryOperands } from './tsquery.js';
import { posOf, type TsLexeme, type TsVector, tsVectorOf, weightOf, withWeight } from './tsvector.js';

interface DocEntry {
  readonly pos: number;
  readonly weight: number;
  /** The query operands (by index) this position holds. */
  readonly operands: number[];
}

/** get_docrep: the matching positions in order, entries at one position merged. */
function docRepresentation(v: TsVector, vals: readonly TsQueryNode[]): DocEntry[] {
  const byPos = new Map<number, DocEntry>();
  vals.forEach((n, i) => {
    if (n.kind !== 'val') return;
    for (const l of v.lexemes) {
      if (!(n.prefix ? l.word.startsWith(n.word) : l.word === n.word)) continue;
      for (const p of l.positions.length > 0 ? l.positions : [0]) {
        if (n.weight !== 0 && (n.weight & (1 << weightOf(p))) === 0) continue;
        const e = byPos.get(posOf(p));
        if (e) {
          if (!e.operands.includes(i)) e.operands.push(i);
        } else byPos.set(posOf(p), { pos: posOf(p), weight: weightOf(p), operands: [i] });
      }
    }
  });
  return [...byPos.values()].sort((a, b) => a.pos - b.pos);
}

/** The lexemes of the query's operands at the positions of doc[lo..hi]: what a phrase checks. */
function windowVector(
  doc: readonly DocEntry[],
  vals: readonly TsQueryNode[],
  lo: number,
  hi: number,
): TsVector {
  const items: TsLexeme[] = [];
  for (let i = lo; i <= hi; i++) {
    const e = doc[i]!;
    for (const k of e.operands) {
      const n = vals[k]!;
      if (n.kind === 'val') items.push({ word: n.word, positions: [withWeight(e.pos, e.weight)] });
    }
  }
  return tsVectorOf(items);
}

/** Is the query true over the window? Operands by presence; phrases by the window's positions. */
function holds(n: TsQueryNode, seen: ReadonlySet<TsQueryNode>, window: () => TsVector): boolean {
  switch (n.kind) {
    case 'val':
      return seen.has(n);
    case 'stop':
      return true;
    case 'not':
      return !holds(n.arg, seen, window);
    case 'or':
      return holds(n.left, seen, window) || holds(n.right, seen, window);
    case 'and':
      return holds(n.left, seen, window) && holds(n.right, seen, window);
    case 'phrase':
      return holds(n.left, seen, window) && holds(n.right, seen, window) && tsMatch(window(), new TsQuery(n));
  }
}

interface Extent {
  begin: number;
  end: number;
  p: number;
  q: number;
}

/** Cover: the next minimal extent at or after doc index `from`, and where the next search starts. */
function cover(
  doc: readonly DocEntry[],
  root: TsQueryNode,
  vals: readonly TsQueryNode[],
  start: number,
): { ext: Extent; next: number } | undefined {
  for (let from = start; from < doc.length; from++) {
    let seen = new Set<TsQueryNode>();
    let end = -1;
    for (let i = from; i < doc.length; i++) {
      for (const k of doc[i]!.operands) seen.add(vals[k]!);
      if (holds(root, seen, () => windowVector(doc, vals, from, i))) {
        end = i;
        break;
      }
    }
    if (end < 0) return undefined;
    seen = new Set();
    let begin = -1;
    let i = end;
    for (; i >= from; i--) {
      for (const k of doc[i]!.operands) seen.add(vals[k]!);
      if (holds(root, seen, () => windowVector(doc, vals, i, end))) {
        begin = i;
        break;
      }
    }
    if (begin >= 0 && doc[begin]!.pos <= doc[end]!.pos) {
      return { ext: { begin, end, p: doc[begin]!.pos, q: doc[end]!.pos }, next: i + 1 };
    }
  }
  return undefined;
}

/** ts_rank_cd(weights {D, C, B, A}, v, q, normalization). */
export function tsRankCd(weights: readonly number[], v: TsVector, q: TsQuery, method: number): number {
  const inv = weights.map((w) => {
    if (w > 1) throw new DbError('22023', 'weight out of range');
    return 1 / w;
  });
  if (q.root === undefined) return 0;
  const vals: TsQueryNode[] = tsQueryOperands(q);
  const doc = docRepresentation(v, vals);
  if (doc.length === 0) return 0;
  let wdoc = 0;
  let sumDist = 0;
  let prevExtPos = 0;
  let extents = 0;
  for (let c = cover(doc, q.root, vals, 0); c !== undefined; c = cover(doc, q.root, vals, c.next)) {
    const { begin, end, p, q: qpos } = c.ext;
    let invSum = 0;
    for (let i = begin; i <= end; i++) invSum += inv[doc[i]!.weight]!;
    const cpos = (end - begin + 1) / invSum;
    let noise = qpos - p - (end - begin);
    if (noise < 0) noise = Math.trunc((end - begin) / 2);
    wdoc += cpos / (1 + noise);
    const curExtPos = (qpos + p) / 2;
    if (extents > 0 && curExtPos > prevExtPos) sumDist += 1 / (curExtPos - prevExtPos);
    prevExtPos = curExtPos;
    extents++;
  }
  const size = v.lexemes.length;
  if (method & 1 && size > 0) wdoc /= Math.log(countLength(v) + 1);
  if (method & 2) {
    const len = countLength(v);
    if (len > 0) wdoc /= len;
  }
  if (method & 4 && extents > 0 && sumDist > 0) wdoc /= extents / sumDist;
  if (method & 8 && size > 0) wdoc /= size;
  if (method & 16 && size > 0) wdoc /= Math.log(size + 1) / Math.log(2.0);
  if (method & 32) wdoc /= wdoc + 1;
  return Math.fround(wdoc);
}
