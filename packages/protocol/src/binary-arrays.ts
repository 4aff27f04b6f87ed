/**
 * Binary format of arrays: PostgreSQL's array_send / array_recv (and int2vector / oidvector's,
 * which are theirs with a stricter receive). Integers are big-endian int4s:
 *
 * | OFFSET | SIZE  | DESCRIPTION                                                          |
 * |--------|-------|----------------------------------------------------------------------|
 * | 0      | 4     | ndim: number of dimensions (0 for an empty array)                    |
 * | 4      | 4     | flags: 1 when some element is NULL, else 0                           |
 * | 8      | 4     | the element type's OID                                               |
 * | 12     | 8*n   | per dimension: its length, then its lower bound                      |
 * | …      |       | per element, in row-major order: its length (-1 for NULL), its bytes |
 *
 * The element bytes are the element type's own binary form (binary-format.ts), which passes its
 * element codec in, so the two modules do not import each other.
 *
 * @see PostgreSQL 15 src/backend/utils/adt/arrayfuncs.c array_send, array_recv
 */
import {
  DbError,
  elementType,
  formatType,
  MAX_ARRAY_ELEMENTS,
  SqlArray,
  type SqlType,
  typeByOid,
  typeOid,
  type Value,
} from '@rustydb/common';

/** PostgreSQL's MAXDIM. */
const MAX_DIMENSIONS = 6;
const HEADER = 12;
const INT32_MAX = 0x7fffffff;

/** An element type's binary codec, as binary-format.ts has it. */
export interface ElementCodec {
  sizeBound(value: Value, type: SqlType): number;
  write(value: Value, type: SqlType, buf: Buffer, pos: number): number;
  read(bytes: Uint8Array, type: SqlType): Value;
}

/** An upper bound on the bytes `writeArrayBinary` writes for `a`. */
export function arraySizeBound(a: SqlArray, type: SqlType, codec: ElementCodec): number {
  const elem = elementType(type)!;
  let n = HEADER + 8 * a.dims.length;
  for (const v of a.elements) n += v === null ? 4 : 4 + codec.sizeBound(v, elem);
  return n;
}

/** array_send: writes `a` at `buf[pos…]` (room reserved by `arraySizeBound`); returns the bytes written. */
export function writeArrayBinary(
  a: SqlArray,
  type: SqlType,
  buf: Buffer,
  pos: number,
  codec: ElementCodec,
): number {
  const elem = elementType(type)!;
  let p = pos;
  buf.writeInt32BE(a.dims.length, p);
  buf.writeInt32BE(a.elements.includes(null) ? 1 : 0, p + 4);
  buf.writeUInt32BE(typeOid(elem), p + 8);
  p += HEADER;
  for (let i = 0; i < a.dims.length; i++) {
    buf.writeInt32BE(a.dims[i], p);
    buf.writeInt32BE(a.lbounds[i], p + 4);
    p += 8;
  }
  for (const v of a.elements) {
    if (v === null) {
      buf.writeInt32BE(-1, p);
      p += 4;
      continue;
    }
    const n = codec.write(v, elem, buf, p + 4);
    buf.writeInt32BE(n, p);
    p += 4 + n;
  }
  return p - pos;
}

const insufficient = () => new DbError('08P01', 'insufficient data left in message');
const invalid = (message: string) => new DbError('22P03', message);

/**
 * array_recv: the array of `type` whose binary form is `view`, with PostgreSQL's checks and
 * SQLSTATEs (22P03 malformed, 42804 another element type, 54000 too large).
 */
export function readArrayBinary(view: Buffer, type: SqlType, codec: ElementCodec): SqlArray {
  if (view.length < HEADER) throw insufficient();
  const ndim = view.readInt32BE(0);
  const flags = view.readInt32BE(4);
  const elemOid = view.readUInt32BE(8);
  if (ndim < 0) throw invalid(`invalid number of dimensions: ${ndim}`);
  if (ndim > MAX_DIMENSIONS) {
    throw new DbError(
      '54000',
      `number of array dimensions (${ndim}) exceeds the maximum allowed (${MAX_DIMENSIONS})`,
    );
  }
  if (flags !== 0 && flags !== 1) throw invalid('invalid array flags');
  const elem = elementType(type)!;
  const expected = typeOid(elem);
  if (elemOid !== expected) {
    const got = typeByOid(elemOid);
    throw new DbError(
      '42804',
      `binary data has array element type ${elemOid} (${got === undefined ? '???' : formatType(got)}) instead of expected ${expected} (${formatType(elem)})`,
    );
  }
  if (view.length < HEADER + 8 * ndim) throw insufficient();
  const dims: number[] = [];
  const lbounds: number[] = [];
  let items = ndim === 0 ? 0 : 1;
  for (let i = 0; i < ndim; i++) {
    const dim = view.readInt32BE(HEADER + 8 * i);
    const lb = view.readInt32BE(HEADER + 8 * i + 4);
    items *= dim;
    if (dim < 0 || items > MAX_ARRAY_ELEMENTS) {
      throw new DbError('54000', `array size exceeds the maximum allowed (${MAX_ARRAY_ELEMENTS})`);
    }
    if (lb > INT32_MAX - dim) throw new DbError('54000', `array lower bound is too large: ${lb}`);
    dims.push(dim);
    lbounds.push(lb);
  }
  let p = HEADER + 8 * ndim;
  const elements: Value[] = [];
  for (let i = 0; i < items; i++) {
    if (view.length - p < 4) throw insufficient();
    const len = view.readInt32BE(p);
    p += 4;
    if (len === -1) {
      elements.push(null);
      continue;
    }
    if (len < -1 || len > view.length - p) throw invalid('insufficient data left in message');
    elements.push(readElement(view.subarray(p, p + len), elem, i, codec));
    p += len;
  }
  if (p !== view.length) throw invalid('incorrect binary data format');
  const a = items === 0 ? SqlArray.of([]) : new SqlArray(elements, dims, lbounds);
  if (type.vector !== undefined) checkVector(a, type);
  return a;
}

/** One element; an element with bytes left over is PostgreSQL's `improper binary format`. */
function readElement(bytes: Buffer, elem: SqlType, i: number, codec: ElementCodec): Value {
  try {
    return codec.read(bytes, elem);
  } catch (e) {
    if (e instanceof DbError && e.code === '22P03' && e.message === 'incorrect binary data format') {
      throw invalid(`improper binary format in array element ${i + 1}`);
    }
    throw e;
  }
}

/** int2vectorrecv / oidvectorrecv: one dimension from 0, no NULLs, at most 100 elements. */
function checkVector(a: SqlArray, type: SqlType): void {
  const ok =
    a.dims.length === 0 ||
    (a.dims.length === 1 && a.lbounds[0] === 0 && a.dims[0] <= 100 && !a.elements.includes(null));
  if (!ok) throw invalid(`invalid ${type.vector} data`);
}
