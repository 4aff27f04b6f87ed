/**
 * tsquery: a tree of lexemes combined with `&`, `|`, `!` and the phrase operators `<->` / `<N>`.
 * A lexeme may carry a weight restriction (`:AB`) and a prefix flag (`:*`). The empty query (all
 * its lexemes were stop words) is a TsQuery with no root.
 *
 * parseTsQuery is PostgreSQL's parse_tsquery: the operand text is read as tsvector syntax
 * (quotes, escapes) and handed to a callback that makes its node (tsqueryin keeps it as is,
 * to_tsquery runs it through a text search configuration).
 */
import { DbError } from '../db-error.js';
import { quoteLexeme, TsVectorScanner } from './tsvector.js';

export type TsQueryNode =
  | {
      readonly kind: 'val';
      readonly word: string;
      /** Bit mask: 8 = A, 4 = B, 2 = C, 1 = D; 0 is any. */
      readonly weight: number;
      readonly prefix: boolean;
    }
  /** A stop word's placeholder while a query is built; never in a finished TsQuery. */
  | { readonly kind: 'stop' }
  | { readonly kind: 'not'; readonly arg: TsQueryNode }
  | { readonly kind: 'and' | 'or'; readonly left: TsQueryNode; readonly right: TsQueryNode }
  | {
      readonly kind: 'phrase';
      readonly left: TsQueryNode;
      readonly right: TsQueryNode;
      readonly distance: number;
    };

export type TsQueryOp = 'and' | 'or' | 'phrase';

export class TsQuery {
  constructor(readonly root: TsQueryNode | undefined) {}
  toString(): string {
    return formatTsQuery(this);
  }
}

const PRIORITY = { or: 1, and: 2, phrase: 3, not: 4 } as const;
const MAX_DISTANCE = 16384;

/** Makes the node of one operand: its text, weight mask and prefix flag. */
export type PushValue = (word: string, weight: number, prefix: boolean) => TsQueryNode;

export const tsValue = (word: string, weight = 0, prefix = false): TsQueryNode => ({
  kind: 'val',
  word,
  weight,
  prefix,
});

export const tsBinary = (
  kind: TsQueryOp,
  left: TsQueryNode,
  right: TsQueryNode,
  distance = 1,
): TsQueryNode => (kind === 'phrase' ? { kind, left, right, distance } : { kind, left, right });

type Token =
  | { t: 'val'; node: TsQueryNode }
  | { t: 'op'; op: TsQueryOp; distance: number }
  | { t: 'not' }
  | { t: 'open' }
  | { t: 'close' }
  | { t: 'end' };

class QueryLexer {
  private readonly sc: TsVectorScanner;
  private expectOperand = true;
  private depth = 0;
  /** No operand or operator read yet (an empty query is not an error). */
  private first = true;
  constructor(
    readonly text: string,
    private readonly push: PushValue,
  ) {
    this.sc = new TsVectorScanner(text, true);
  }

  private modifiers(): { weight: number; prefix: boolean } {
    const s = this.text;
    let weight = 0;
    let prefix = false;
    if (s[this.sc.pos] !== ':') return { weight, prefix };
    this.sc.pos++;
    for (;;) {
      const c = (s[this.sc.pos] ?? '').toLowerCase();
      if (c === '*') prefix = true;
      else if (c !== '' && 'abcd'.includes(c)) weight |= 8 >> 'abcd'.indexOf(c);
      else break;
      this.sc.pos++;
    }
    return { weight, prefix };
  }

  private phrase(): number {
    const s = this.text;
    let i = this.sc.pos + 1;
    if (s[i] === '-' && s[i + 1] === '>') {
      this.sc.pos = i + 2;
      return 1;
    }
    let n = 0;
    const start = i;
    while (s[i] !== undefined && s[i]! >= '0' && s[i]! <= '9') n = n * 10 + (s.charCodeAt(i++) - 48);
    if (i === start || s[i] !== '>') throw this.sc.syntaxError();
    if (n > MAX_DISTANCE) {
      throw new DbError(
        '22023',
        `distance in phrase operator must be an integer value between zero and ${MAX_DISTANCE} inclusive`,
      );
    }
    this.sc.pos = i + 1;
    return n;
  }

  next(): Token {
    const s = this.text;
    for (;;) {
      const c = s[this.sc.pos];
      if (c !== undefined && this.first && c.trim() !== '') this.first = false;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        this.sc.pos++;
        continue;
      }
      if (this.expectOperand) {
        if (c === '!') {
          this.sc.pos++;
          return { t: 'not' };
        }
        if (c === '(') {
          this.sc.pos++;
          this.depth++;
          return { t: 'open' };
        }
        if (c === undefined) {
          if (!this.first) throw new DbError('42601', `no operand in tsquery: "${this.text}"`);
          return { t: 'end' };
        }
        if (c === ':' || c === '&' || c === '|' || c === ')' || c === '<') throw this.sc.syntaxError();
        const w = this.sc.word()!;
        const m = this.modifiers();
        this.expectOperand = false;
        return { t: 'val', node: this.push(w, m.weight, m.prefix) };
      }
      if (c === undefined) {
        if (this.depth !== 0) throw this.sc.syntaxError();
        return { t: 'end' };
      }
      this.sc.pos++;
      switch (c) {
        case '|':
          this.expectOperand = true;
          return { t: 'op', op: 'or', distance: 0 };
        case '&':
          this.expectOperand = true;
          return { t: 'op', op: 'and', distance: 0 };
        case '<':
          this.sc.pos--;
          this.expectOperand = true;
          return { t: 'op', op: 'phrase', distance: this.phrase() };
        case ')':
          if (--this.depth < 0) throw this.sc.syntaxError();
          return { t: 'close' };
        default:
          throw this.sc.syntaxError();
      }
    }
  }
}

/** Precedence climbing over the lexer's tokens: `!` > `<->` > `&` > `|`, binary ones left-assoc. */
class QueryParser {
  private tok: Token;
  constructor(private readonly lx: QueryLexer) {
    this.tok = lx.next();
  }
  private advance(): void {
    this.tok = this.lx.next();
  }
  private primary(): TsQueryNode {
    const t = this.tok;
    if (t.t === 'not') {
      this.advance();
      return { kind: 'not', arg: this.primary() };
    }
    if (t.t === 'open') {
      this.advance();
      const e = this.expr(0);
      if (this.tok.t !== 'close') throw new DbError('42601', `syntax error in tsquery: "${this.lx.text}"`);
      this.advance();
      return e;
    }
    if (t.t === 'val') {
      this.advance();
      return t.node;
    }
    throw new DbError('42601', `syntax error in tsquery: "${this.lx.text}"`);
  }
  expr(min: number): TsQueryNode {
    let left = this.primary();
    for (;;) {
      const t = this.tok;
      if (t.t !== 'op' || PRIORITY[t.op] <= min) return left;
      this.advance();
      const right = this.expr(PRIORITY[t.op]);
      left = tsBinary(t.op, left, right, t.distance);
    }
  }
  parse(): TsQueryNode | undefined {
    if (this.tok.t === 'end') return undefined;
    const e = this.expr(0);
    if ((this.tok as Token).t !== 'end')
      throw new DbError('42601', `syntax error in tsquery: "${this.lx.text}"`);
    return e;
  }
}

/** parse_tsquery: the tree of `text` with operands made by `push`, stop words cleaned out. */
export function parseTsQuery(text: string, push: PushValue = tsValue): TsQuery {
  return new TsQuery(cleanStopWords(new QueryParser(new QueryLexer(text, push)).parse()));
}

/** tsqueryin. */
export const parseTsQueryText = (text: string): TsQuery => parseTsQuery(text);

interface Cleaned {
  node: TsQueryNode | undefined;
  /** Width added on the left / right by removed stop words (phrase distances absorb it). */
  ladd: number;
  radd: number;
}

/** clean_stopword_intree: placeholders removed; phrase distances keep the removed words' room. */
function clean(n: TsQueryNode): Cleaned {
  switch (n.kind) {
    case 'val':
      return { node: n, ladd: 0, radd: 0 };
    case 'stop':
      return { node: undefined, ladd: 0, radd: 0 };
    case 'not': {
      const c = clean(n.arg);
      return { ...c, node: c.node && { kind: 'not', arg: c.node } };
    }
    default: {
      const l = clean(n.left);
      const r = clean(n.right);
      const d = n.kind === 'phrase' ? n.distance : 0;
      if (!l.node && !r.node)
        return { node: undefined, ladd: l.ladd + d + r.radd, radd: l.ladd + d + r.radd };
      if (!l.node) return { node: r.node, ladd: n.kind === 'phrase' ? l.ladd + d + r.ladd : 0, radd: r.radd };
      if (!r.node) return { node: l.node, ladd: l.ladd, radd: n.kind === 'phrase' ? l.radd + d + r.radd : 0 };
      if (n.kind === 'phrase') {
        return { node: tsBinary('phrase', l.node, r.node, d + l.radd + r.ladd), ladd: l.ladd, radd: r.radd };
      }
      return { node: tsBinary(n.kind, l.node, r.node), ladd: 0, radd: 0 };
    }
  }
}

function cleanStopWords(root: TsQueryNode | undefined): TsQueryNode | undefined {
  return root && clean(root).node;
}

const WEIGHTS: readonly [number, string][] = [
  [8, 'A'],
  [4, 'B'],
  [2, 'C'],
  [1, 'D'],
];

function formatValue(n: { word: string; weight: number; prefix: boolean }): string {
  let s = quoteLexeme(n.word);
  if (n.weight !== 0 || n.prefix) {
    s += `:${n.prefix ? '*' : ''}`;
    for (const [bit, letter] of WEIGHTS) if (n.weight & bit) s += letter;
  }
  return s;
}

/** infix(): operators with spaces, parentheses where priority (or a right-hand phrase) needs them. */
function formatNode(n: TsQueryNode, parent: number, rightOfPhrase: boolean): string {
  switch (n.kind) {
    case 'val':
      return formatValue(n);
    case 'stop':
      return '';
    case 'not': {
      const s = `!${formatNode(n.arg, PRIORITY.not, false)}`;
      return PRIORITY.not < parent ? `( ${s} )` : s;
    }
    default: {
      const p = PRIORITY[n.kind];
      const d = n.kind === 'phrase' ? n.distance : 1;
      const op = n.kind === 'or' ? '|' : n.kind === 'and' ? '&' : d === 1 ? '<->' : `<${d}>`;
      const s = `${formatNode(n.left, p, false)} ${op} ${formatNode(n.right, p, n.kind === 'phrase')}`;
      return p < parent || (n.kind === 'phrase' && rightOfPhrase) ? `( ${s} )` : s;
    }
  }
}

/** tsqueryout. */
export function formatTsQuery(q: TsQuery): string {
  return q.root === undefined ? '' : formatNode(q.root, -1, false);
}

/** The query's operands (those under NOT too), left to right. */
export function tsQueryOperands(q: TsQuery): Extract<TsQueryNode, { kind: 'val' }>[] {
  const out: Extract<TsQueryNode, { kind: 'val' }>[] = [];
  const walk = (n: TsQueryNode): void => {
    if (n.kind === 'val') out.push(n);
    else if (n.kind === 'not') walk(n.arg);
    else if (n.kind !== 'stop') {
      walk(n.left);
      walk(n.right);
    }
  };
  if (q.root) walk(q.root);
  return out;
}

/** numnode: the count of operands and operators. */
export function tsQueryNodeCount(q: TsQuery): number {
  const count = (n: TsQueryNode): number =>
    n.kind === 'val' || n.kind === 'stop'
      ? 1
      : n.kind === 'not'
        ? 1 + count(n.arg)
        : 1 + count(n.left) + count(n.right);
  return q.root === undefined ? 0 : count(q.root);
}

/** `a && b`, `a || b` (an empty side gives the other), `a <-> b` (tsquery_phrase). */
export function combineTsQueries(op: TsQueryOp, a: TsQuery, b: TsQuery, distance = 1): TsQuery {
  if (a.root === undefined) return b;
  if (b.root === undefined) return a;
  return new TsQuery(tsBinary(op, a.root, b.root, distance));
}

/** `!! q`. */
export const negateTsQuery = (q: TsQuery): TsQuery =>
  q.root === undefined ? q : new TsQuery({ kind: 'not', arg: q.root });

/** tsquery comparison (tsquery_cmp): by node count, then the text form (an approximation). */
export function compareTsQueries(a: TsQuery, b: TsQuery): number {
  const na = tsQueryNodeCount(a);
  const nb = tsQueryNodeCount(b);
  if (na !== nb) return na < nb ? -1 : 1;
  const sa = formatTsQuery(a);
  const sb = formatTsQuery(b);
  return sa === sb ? 0 : sa < sb ? -1 : 1;
}
