/**
 * Binary format of tsvector and tsquery (PostgreSQL's tsvectorsend/recv, tsquerysend/recv):
 *
 * tsvector: int4 lexeme count; per lexeme its UTF-8 text and a zero byte, uint2 position
 * count, then each position as uint2 (weight in the top two bits, as WordEntryPos).
 *
 * tsquery: int4 item count; the items in PostgreSQL's prefix order (an operator, then its right
 * operand, then its left): int1 type (1 operand, 2 operator); an operand is int1 weight mask,
 * int1 prefix flag, its text and a zero byte; an operator is int1 (1 NOT, 2 AND, 3 OR,
 * 4 PHRASE), a phrase adding int2 distance.
 */
import { DbError, TsQuery, type TsQueryNode, type TsVector, tsVectorOf } from '@rustydb/common';

const OPERATOR_CODE = { not: 1, and: 2, or: 3, phrase: 4 } as const;

class Writer {
  private readonly parts: Buffer[] = [];
  int(n: number, size: 1 | 2 | 4): void {
    const b = Buffer.alloc(size);
    if (size === 1) b.writeUInt8(n);
    else if (size === 2) b.writeUInt16BE(n);
    else b.writeInt32BE(n);
    this.parts.push(b);
  }
  cstring(s: string): void {
    this.parts.push(Buffer.from(s, 'utf8'), Buffer.alloc(1));
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly view: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.view.length) throw new DbError('08P01', 'insufficient data left in message');
  }
  int(size: 1 | 2 | 4): number {
    this.need(size);
    const v =
      size === 1
        ? this.view.readUInt8(this.pos)
        : size === 2
          ? this.view.readUInt16BE(this.pos)
          : this.view.readInt32BE(this.pos);
    this.pos += size;
    return v;
  }
  cstring(): string {
    const end = this.view.indexOf(0, this.pos);
    if (end < 0) throw new DbError('08P01', 'insufficient data left in message');
    const s = this.view.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return s;
  }
  end(): void {
    if (this.pos !== this.view.length) {
      throw new DbError('22P03', 'incorrect binary data format in bind parameter');
    }
  }
}

/** tsvectorsend. */
export function sendTsVector(v: TsVector): Buffer {
  const w = new Writer();
  w.int(v.lexemes.length, 4);
  for (const l of v.lexemes) {
    w.cstring(l.word);
    w.int(l.positions.length, 2);
    for (const p of l.positions) w.int(p, 2);
  }
  return w.done();
}

/** tsvectorrecv (the lexemes are sorted and merged as tsvectorin would). */
export function receiveTsVector(view: Buffer): TsVector {
  const r = new Reader(view);
  const n = r.int(4);
  const items = [];
  for (let i = 0; i < n; i++) {
    const word = r.cstring();
    const positions: number[] = [];
    for (let k = r.int(2); k > 0; k--) positions.push(r.int(2));
    items.push({ word, positions });
  }
  r.end();
  return tsVectorOf(items);
}

function items(n: TsQueryNode, out: TsQueryNode[]): void {
  out.push(n);
  if (n.kind === 'not') items(n.arg, out);
  else if (n.kind === 'and' || n.kind === 'or' || n.kind === 'phrase') {
    items(n.right, out);
    items(n.left, out);
  }
}

/** tsquerysend. */
export function sendTsQuery(q: TsQuery): Buffer {
  const list: TsQueryNode[] = [];
  if (q.root) items(q.root, list);
  const w = new Writer();
  w.int(list.length, 4);
  for (const n of list) {
    if (n.kind === 'val') {
      w.int(1, 1);
      w.int(n.weight, 1);
      w.int(n.prefix ? 1 : 0, 1);
      w.cstring(n.word);
    } else if (n.kind !== 'stop') {
      w.int(2, 1);
      w.int(OPERATOR_CODE[n.kind], 1);
      if (n.kind === 'phrase') w.int(n.distance, 2);
    }
  }
  return w.done();
}

function readNode(r: Reader): TsQueryNode {
  const type = r.int(1);
  if (type === 1) {
    const weight = r.int(1);
    const prefix = r.int(1) !== 0;
    return { kind: 'val', word: r.cstring(), weight, prefix };
  }
  if (type !== 2) throw new DbError('22P03', `unrecognized tsquery node type: ${type}`);
  const op = r.int(1);
  if (op === OPERATOR_CODE.not) return { kind: 'not', arg: readNode(r) };
  const distance = op === OPERATOR_CODE.phrase ? r.int(2) : 0;
  const right = readNode(r);
  const left = readNode(r);
  if (op === OPERATOR_CODE.and) return { kind: 'and', left, right };
  if (op === OPERATOR_CODE.or) return { kind: 'or', left, right };
  if (op === OPERATOR_CODE.phrase) return { kind: 'phrase', left, right, distance };
  throw new DbError('22P03', `unrecognized operator type: ${op}`);
}

/** tsqueryrecv. */
export function receiveTsQuery(view: Buffer): TsQuery {
  const r = new Reader(view);
  const n = r.int(4);
  const root = n === 0 ? undefined : readNode(r);
  r.end();
  return new TsQuery(root);
}
