/**
 * Order-preserving key encoding: SQL values become byte strings whose memcmp order is the SQL
 * order, so the B+tree (and any other ordered index) compares keys without knowing their types.
 *
 * A key is the concatenation of one encoded column after another. Every column encoding is
 * prefix-free (no encoding is a proper prefix of another), so comparing two concatenations byte
 * by byte compares the first columns, then the second ones on a tie, and so on; a key of the
 * first n columns is a byte prefix of every full key starting with those values, which is what
 * prefix range scans rely on.
 *
 * COLUMN ENCODING (ascending; a descending column is the same bytes, each one inverted)
 *
 * | SIZE | DESCRIPTION                                                                   |
 * |------|-------------------------------------------------------------------------------|
 * | 1    | marker: 0x01 a value follows; NULL is 0x00 or 0x02, whichever (after a DESC  |
 * |      | column's inversion) puts NULLs first or last as asked                         |
 * | …    | the value, absent for NULL, as below                                          |
 *
 * | TYPE                              | SIZE  | VALUE BYTES                                            |
 * |-----------------------------------|-------|--------------------------------------------------------|
 * | bool                              | 1     | 0x00 false, 0x01 true                                  |
 * | int2 / int4 / int8                | 2/4/8 | big-endian two's complement with the sign bit flipped  |
 * | oid, regclass, regproc            | 4     | big-endian unsigned                                    |
 * | float4 / float8                   | 4/8   | IEEE 754 big-endian; sign bit set: every bit inverted, |
 * |                                   |       | else the sign bit flipped. -0 is written as 0, every   |
 * |                                   |       | NaN as the one canonical NaN, which sorts above        |
 * |                                   |       | Infinity (PostgreSQL's order)                          |
 * | text, varchar, name, "char",      | n + 2 | UTF-8 bytes, each 0x00 written as 0x00 0xFF, then the  |
 * | bpchar                            |       | terminator 0x00 0x01. bpchar drops trailing spaces     |
 * |                                   |       | first (PostgreSQL ignores them when comparing)         |
 * | bytea                             | n + 2 | the bytes, escaped and terminated as text              |
 * | numeric                           | 1 / … | class byte: 0x01 -Infinity, 0x02 negative, 0x03 zero,  |
 * |                                   |       | 0x04 positive, 0x05 Infinity, 0x06 NaN; a finite       |
 * |                                   |       | non-zero value then has the table below                |
 * | date                              | 4     | as int4 (days; ±infinity are the int32 extremes)       |
 * | time, timestamp, timestamptz      | 8     | as int8 (microseconds; ±infinity the int64 extremes)   |
 * | interval                          | 16    | its comparison span in microseconds (30-day months,    |
 * |                                   |       | 24-hour days) as a 128-bit big-endian two's complement |
 * |                                   |       | with the sign bit flipped. Equal spans ('1 mon',       |
 * |                                   |       | '30 days') encode alike, as they compare equal         |
 * | uuid                              | 16    | the 16 bytes                                           |
 * | inet, cidr                        | n     | inetSortKey (common inet.ts: bytes in network_cmp's    |
 * |                                   |       | order) as a bytea                                      |
 * | macaddr                           | 6     | the 6 bytes                                            |
 * | ranges (int4range, numrange, …)   | 1 / … | 0x00 empty; else 0x01, the lower bound (0x00 -infinity,|
 * |                                   |       | or 0x01, the subtype's value bytes, then 0x00 inclusive|
 * |                                   |       | / 0x01 exclusive), the upper bound (0x01, the value,   |
 * |                                   |       | then 0x00 exclusive / 0x01 inclusive, or 0x02          |
 * |                                   |       | +infinity): range_cmp's order                          |
 * | enums                             | 8     | the label's sort order (pg_enum.enumsortorder) as      |
 * |                                   |       | float8: keys follow the enum's order, not the label's  |
 * |                                   |       | text; a label's sort order never changes (ADD VALUE    |
 * |                                   |       | picks a new one between two others, never renumbers)   |
 *
 * NUMERIC, finite and non-zero: |value| = 0.D × 10^E with D its decimal digits without leading
 * or trailing zeros (so 1.5 and 1.50 encode alike, as they compare equal).
 *
 * | SIZE      | DESCRIPTION                                                                 |
 * |-----------|-----------------------------------------------------------------------------|
 * | 4         | E, big-endian two's complement with the sign bit flipped                    |
 * | ceil(n/2) | D two digits a byte: 1 + 10 * d1 + d2 (a last odd digit is paired with 0)   |
 * | 1         | terminator 0x00 (below every digit byte: a shorter D sorts first)           |
 *
 * A negative value writes the bytes of its absolute value inverted, so larger magnitudes sort
 * first and the terminator becomes 0xFF.
 *
 * Why the terminator works: a string that is a prefix of another ends with 0x00 0x01 where the
 * longer one continues with either a byte >= 0x01 or an escaped zero 0x00 0xFF; both are greater.
 * Text compares as in PostgreSQL's `C` collation: UTF-8 byte order equals code point order.
 *
 * NB: integer widths follow the column type, so a probe must be encoded with the index column's
 * types (the planner casts a cross-type constant first, as PostgreSQL's opfamilies would).
 * NB: keys keep values, not their text form: numeric's display scale (1.50) and bpchar's
 * padding are not in the key, so `decodeKey` returns 1.5 and the trimmed string; an interval
 * comes back as days and microseconds (`'1 mon'` decodes as `30 days`).
 */
import {
  assert,
  DbError,
  formatMacaddr,
  formatType,
  Interval,
  inetFromSortKey,
  inetSortKey,
  macaddrBytes,
  Numeric,
  RANGE_LB_INC,
  RANGE_LB_INF,
  RANGE_UB_INC,
  RANGE_UB_INF,
  rangeSubtype,
  SqlRange,
  type SqlType,
  sqlType,
  type Value,
} from '@rustydb/common';

const FLOAT8 = sqlType('float8');
const MARK_VALUE = 0x01;
/** NULL markers before a descending column's inversion: LOW sorts before values, HIGH after. */
const MARK_NULL_LOW = 0x00;
const MARK_NULL_HIGH = 0x02;

/**
 * Grows on demand; reused by every call so encoding a key allocates only its result.
 * NB: module-level scratch is safe because encoding is synchronous and never re-enters.
 */
let scratch = new Uint8Array(256);
let scratchView = new DataView(scratch.buffer);
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

function ensure(pos: number, more: number): void {
  if (pos + more <= scratch.length) return;
  let size = scratch.length * 2;
  while (size < pos + more) size *= 2;
  const next = new Uint8Array(size);
  next.set(scratch.subarray(0, pos));
  scratch = next;
  scratchView = new DataView(scratch.buffer);
}

/**
 * Encodes a key of `values` typed `types` (same length). Synchronous; returns a new array the
 * caller owns. `descending[i]` reverses column i; `nullsFirst[i]` defaults to `descending[i]`
 * (PostgreSQL's default: NULLS LAST for ASC, NULLS FIRST for DESC).
 * @throws DbError 42704 for a type with no btree ordering; InternalError when a value does not
 *   have its type's JavaScript representation (a caller bug).
 */
export function encodeKey(
  values: readonly Value[],
  types: readonly SqlType[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
): Uint8Array {
  assert(values.length === types.length, `key has ${values.length} values for ${types.length} types`);
  return encodeColumns(values, types, descending, nullsFirst);
}

/**
 * Encodes the leading `values.length` columns of a key typed `types`: a byte prefix of every
 * full key that starts with these values. Use it as a `prefix` bound of a range scan.
 * Same contract as `encodeKey`.
 */
export function encodeKeyPrefix(
  values: readonly Value[],
  types: readonly SqlType[],
  descending?: readonly boolean[],
  nullsFirst?: readonly boolean[],
): Uint8Array {
  assert(values.length <= types.length, `key prefix has ${values.length} values for ${types.length} types`);
  return encodeColumns(values, types, descending, nullsFirst);
}

/**
 * `encodeKey` written into `reuse` when the key has its length, else into a new array; returns
 * the array that holds the key. For a caller that re-encodes one lookup's key per execution (a
 * kept plan's point lookup): keys of fixed-width columns then allocate nothing. The caller must
 * own `reuse` and be done with the key it held. Same contract as `encodeKey` otherwise.
 */
export function encodeKeyInto(
  values: readonly Value[],
  types: readonly SqlType[],
  descending: readonly boolean[] | undefined,
  reuse: Uint8Array,
): Uint8Array {
  assert(values.length === types.length, `key has ${values.length} values for ${types.length} types`);
  const n = encodeToScratch(values, types, descending, undefined);
  if (reuse.length !== n) return scratch.slice(0, n);
  // A byte loop, not set(subarray): keys are short.
  for (let i = 0; i < n; i++) reuse[i] = scratch[i]!;
  return reuse;
}

function encodeColumns(
  values: readonly Value[],
  types: readonly SqlType[],
  descending: readonly boolean[] | undefined,
  nullsFirst: readonly boolean[] | undefined,
): Uint8Array {
  // NB: encode first, then read `scratch`: encoding may replace it with a bigger array.
  const n = encodeToScratch(values, types, descending, nullsFirst);
  return scratch.slice(0, n);
}

/** Encodes the key into `scratch` (read it after the call: it may have grown); returns its length. */
function encodeToScratch(
  values: readonly Value[],
  types: readonly SqlType[],
  descending: readonly boolean[] | undefined,
  nullsFirst: readonly boolean[] | undefined,
): number {
  let pos = 0;
  for (let i = 0; i < values.length; i++) {
    const desc = descending?.[i] === true;
    const start = pos;
    const v = values[i]!;
    ensure(pos, 1);
    if (v === null) {
      // The inversion of a DESC column flips the marker's order too: pick the one that ends up
      // where the NULLs belong.
      scratch[pos++] = (nullsFirst?.[i] ?? desc) !== desc ? MARK_NULL_LOW : MARK_NULL_HIGH;
    } else {
      scratch[pos++] = MARK_VALUE;
      pos = encodeValue(v, types[i]!, pos);
    }
    if (desc) for (let j = start; j < pos; j++) scratch[j] = ~scratch[j]! & 0xff;
  }
  return pos;
}

function encodeValue(v: Exclude<Value, null>, type: SqlType, pos: number): number {
  switch (type.name) {
    case 'bool':
      assert(typeof v === 'boolean', 'bool key value must be a boolean');
      ensure(pos, 1);
      scratch[pos] = v ? 1 : 0;
      return pos + 1;
    case 'int2':
      assert(typeof v === 'number' && Number.isInteger(v) && v >= -32768 && v <= 32767, 'int2 key value');
      ensure(pos, 2);
      scratchView.setUint16(pos, (v + 0x8000) & 0xffff);
      return pos + 2;
    case 'int4':
      assert(
        typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647,
        'int4 key value',
      );
      ensure(pos, 4);
      scratchView.setUint32(pos, (v ^ 0x80000000) >>> 0);
      return pos + 4;
    case 'int8': {
      const b = typeof v === 'number' ? BigInt(v) : v;
      assert(typeof b === 'bigint' && BigInt.asIntN(64, b) === b, 'int8 key value');
      ensure(pos, 8);
      scratchView.setBigUint64(pos, BigInt.asUintN(64, b) ^ 0x8000000000000000n);
      return pos + 8;
    }
    case 'oid':
    case 'regclass':
    case 'regproc':
      assert(typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff, 'oid key value');
      ensure(pos, 4);
      scratchView.setUint32(pos, v);
      return pos + 4;
    case 'float4':
      assert(typeof v === 'number', 'float4 key value must be a number');
      return encodeFloat4(v, pos);
    case 'float8':
      assert(typeof v === 'number', 'float8 key value must be a number');
      return encodeFloat8(v, pos);
    case 'text':
    case 'varchar':
    case 'name':
    case 'char':
      assert(typeof v === 'string', `${type.name} key value must be a string`);
      return encodeString(v, pos);
    case 'bpchar':
      assert(typeof v === 'string', 'bpchar key value must be a string');
      return encodeString(trimTrailingSpaces(v), pos);
    case 'bytea':
      assert(v instanceof Uint8Array, 'bytea key value must be a Uint8Array');
      return encodeBytes(v, 0, v.length, pos);
    case 'numeric':
      assert(v instanceof Numeric, 'numeric key value must be a Numeric');
      return encodeNumeric(v, pos);
    case 'date':
      assert(typeof v === 'number' && Number.isInteger(v), 'date key value');
      ensure(pos, 4);
      scratchView.setUint32(pos, (v ^ 0x80000000) >>> 0);
      return pos + 4;
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const b = typeof v === 'number' ? BigInt(v) : v;
      assert(typeof b === 'bigint' && BigInt.asIntN(64, b) === b, `${type.name} key value`);
      ensure(pos, 8);
      scratchView.setBigUint64(pos, BigInt.asUintN(64, b) ^ 0x8000000000000000n);
      return pos + 8;
    }
    case 'interval': {
      assert(v instanceof Interval, 'interval key value must be an Interval');
      const span = BigInt.asUintN(128, v.span()) ^ (1n << 127n);
      ensure(pos, 16);
      scratchView.setBigUint64(pos, span >> 64n);
      scratchView.setBigUint64(pos + 8, span & 0xffffffffffffffffn);
      return pos + 16;
    }
    case 'uuid':
      assert(typeof v === 'string' && v.length === 36, 'uuid key value');
      ensure(pos, 16);
      for (let i = 0, j = pos; i < 36; i++) {
        if (v.charCodeAt(i) === 45) continue;
        scratch[j++] = Number.parseInt(v.slice(i, i + 2), 16);
        i++;
      }
      return pos + 16;
    case 'inet':
    case 'cidr': {
      assert(typeof v === 'string', `${type.name} key value must be a string`);
      const key = inetSortKey(v);
      return encodeBytes(key, 0, key.length, pos);
    }
    case 'macaddr': {
      assert(typeof v === 'string' && v.length === 17, 'macaddr key value');
      ensure(pos, 6);
      scratch.set(macaddrBytes(v), pos);
      return pos + 6;
    }
    case 'anyenum': {
      const label = type.enum?.byLabel.get(v as string);
      assert(label !== undefined, 'enum key value must be one of its labels');
      return encodeFloat8(label.sortOrder, pos);
    }
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      assert(v instanceof SqlRange, `${type.name} key value must be a range`);
      return encodeRange(v, rangeSubtype(type), pos);
    default:
      throw noBtreeOrdering(type);
  }
}

/** A range in range_cmp's order (see the table above). */
function encodeRange(r: SqlRange, sub: SqlType, pos: number): number {
  ensure(pos, 1);
  if (r.isEmpty) {
    scratch[pos] = 0x00;
    return pos + 1;
  }
  scratch[pos++] = 0x01;
  ensure(pos, 1);
  if (r.lowerInf) scratch[pos++] = 0x00;
  else {
    scratch[pos++] = 0x01;
    pos = encodeValue(r.lower as Exclude<Value, null>, sub, pos);
    ensure(pos, 1);
    scratch[pos++] = r.lowerInc ? 0x00 : 0x01;
  }
  ensure(pos, 1);
  if (r.upperInf) scratch[pos++] = 0x02;
  else {
    scratch[pos++] = 0x01;
    pos = encodeValue(r.upper as Exclude<Value, null>, sub, pos);
    ensure(pos, 1);
    scratch[pos++] = r.upperInc ? 0x01 : 0x00;
  }
  return pos;
}

function decodeRange(key: Uint8Array, pos: number, sub: SqlType, flip: number): [Value, number] {
  const byte = () => {
    if (pos >= key.length) throw corruptKey(key);
    return key[pos++]! ^ flip;
  };
  if (byte() === 0x00) return [SqlRange.EMPTY, pos];
  let flags = 0;
  let lower: Value = null;
  let upper: Value = null;
  if (byte() === 0x00) flags |= RANGE_LB_INF;
  else {
    [lower, pos] = decodeValue(key, pos, sub, flip);
    if (byte() === 0x00) flags |= RANGE_LB_INC;
  }
  if (byte() === 0x02) flags |= RANGE_UB_INF;
  else {
    [upper, pos] = decodeValue(key, pos, sub, flip);
    if (byte() === 0x01) flags |= RANGE_UB_INC;
  }
  return [new SqlRange(flags, lower, upper), pos];
}

const NUMERIC_NEG_INF = 0x01;
const NUMERIC_NEG = 0x02;
const NUMERIC_ZERO = 0x03;
const NUMERIC_POS = 0x04;
const NUMERIC_POS_INF = 0x05;
const NUMERIC_NAN = 0x06;

function encodeNumeric(v: Numeric, pos: number): number {
  ensure(pos, 1);
  if (v.isNaN) {
    scratch[pos] = NUMERIC_NAN;
    return pos + 1;
  }
  const sign = v.sign();
  if (!v.isFinite) {
    scratch[pos] = sign > 0 ? NUMERIC_POS_INF : NUMERIC_NEG_INF;
    return pos + 1;
  }
  if (sign === 0) {
    scratch[pos] = NUMERIC_ZERO;
    return pos + 1;
  }
  scratch[pos++] = sign > 0 ? NUMERIC_POS : NUMERIC_NEG;
  const all = (v.coef < 0n ? -v.coef : v.coef).toString();
  let end = all.length;
  while (all.charCodeAt(end - 1) === 0x30) end--;
  const exponent = all.length - v.scale;
  const start = pos;
  ensure(pos, 4 + Math.ceil(end / 2) + 1);
  scratchView.setUint32(pos, (exponent ^ 0x80000000) >>> 0);
  pos += 4;
  for (let i = 0; i < end; i += 2) {
    const hi = all.charCodeAt(i) - 0x30;
    const lo = i + 1 < end ? all.charCodeAt(i + 1) - 0x30 : 0;
    scratch[pos++] = 1 + 10 * hi + lo;
  }
  scratch[pos++] = 0x00;
  if (sign < 0) for (let j = start; j < pos; j++) scratch[j] = ~scratch[j]! & 0xff;
  return pos;
}

/** PostgreSQL's message for CREATE INDEX on a type without a btree operator class. */
function noBtreeOrdering(type: SqlType): DbError {
  return new DbError(
    '42704',
    `data type ${formatType(type)} has no default operator class for access method "btree"`,
    {
      hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
    },
  );
}

/** Whether `encodeKey` can encode values of `type` (what `CREATE INDEX … USING btree` checks). */
export function isKeyType(type: SqlType): boolean {
  return ORDERED_TYPES.has(type.name);
}

const ORDERED_TYPES = new Set<string>([
  'bool',
  'numeric',
  'char',
  'int2',
  'int4',
  'int8',
  'oid',
  'regclass',
  'regproc',
  'float4',
  'float8',
  'text',
  'varchar',
  'name',
  'bpchar',
  'bytea',
  'date',
  'time',
  'timestamp',
  'timestamptz',
  'interval',
  'uuid',
  'inet',
  'cidr',
  'macaddr',
  'anyenum',
  'int4range',
  'int8range',
  'numrange',
  'daterange',
  'tsrange',
  'tstzrange',
]);

function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x20) end--;
  return end === s.length ? s : s.slice(0, end);
}

function encodeFloat8(v: number, pos: number): number {
  ensure(pos, 8);
  if (Number.isNaN(v)) {
    // Canonical NaN 0x7FF8…0 with the sign bit flipped: above +Infinity (0xFFF0…0).
    scratchView.setUint32(pos, 0xfff80000);
    scratchView.setUint32(pos + 4, 0);
    return pos + 8;
  }
  scratchView.setFloat64(pos, v === 0 ? 0 : v);
  const hi = scratchView.getUint32(pos);
  if (hi & 0x80000000) {
    scratchView.setUint32(pos, ~hi >>> 0);
    scratchView.setUint32(pos + 4, ~scratchView.getUint32(pos + 4) >>> 0);
  } else {
    scratchView.setUint32(pos, (hi | 0x80000000) >>> 0);
  }
  return pos + 8;
}

function encodeFloat4(v: number, pos: number): number {
  ensure(pos, 4);
  if (Number.isNaN(v)) {
    scratchView.setUint32(pos, 0xffc00000);
    return pos + 4;
  }
  scratchView.setFloat32(pos, v === 0 ? 0 : v);
  const bits = scratchView.getUint32(pos);
  scratchView.setUint32(pos, bits & 0x80000000 ? ~bits >>> 0 : (bits | 0x80000000) >>> 0);
  return pos + 4;
}

function encodeString(s: string, pos: number): number {
  // A UTF-16 code unit becomes at most 3 UTF-8 bytes; escaping can double each zero byte.
  const max = s.length * 3;
  ensure(pos, max * 2 + 2);
  // Encode at the far end of the reserved room, then copy down while escaping zeros.
  const tmp = pos + max + 2;
  const { written } = utf8.encodeInto(s, scratch.subarray(tmp, tmp + max));
  return encodeBytes(scratch, tmp, tmp + written, pos);
}

/** Copies src[from, to) to scratch at `pos` escaping zeros, then the terminator. */
function encodeBytes(src: Uint8Array, from: number, to: number, pos: number): number {
  if (src !== scratch) ensure(pos, (to - from) * 2 + 2);
  for (let i = from; i < to; i++) {
    const b = src[i]!;
    if (b === 0) {
      scratch[pos++] = 0x00;
      scratch[pos++] = 0xff;
    } else {
      scratch[pos++] = b;
    }
  }
  scratch[pos++] = 0x00;
  scratch[pos++] = 0x01;
  return pos;
}

/**
 * Decodes a key made by `encodeKey` (or a prefix made by `encodeKeyPrefix`: decoding stops at
 * the end of the bytes). `descending` must be the one used to encode.
 * For tests and tools; bpchar comes back without its trailing spaces.
 * @throws DbError XX001 when the bytes are not a valid key of these types.
 */
export function decodeKey(
  key: Uint8Array,
  types: readonly SqlType[],
  descending?: readonly boolean[],
): Value[] {
  const out: Value[] = [];
  let pos = 0;
  for (let i = 0; i < types.length && pos < key.length; i++) {
    const desc = descending?.[i] === true;
    const flip = desc ? 0xff : 0;
    const mark = key[pos++]! ^ flip;
    if (mark === MARK_NULL_LOW || mark === MARK_NULL_HIGH) {
      out.push(null);
      continue;
    }
    if (mark !== MARK_VALUE) throw corruptKey(key);
    const [v, next] = decodeValue(key, pos, types[i]!, flip);
    out.push(v);
    pos = next;
  }
  if (pos !== key.length) throw corruptKey(key);
  return out;
}

function corruptKey(key: Uint8Array): DbError {
  return new DbError('XX001', `invalid index key ${Buffer.from(key).toString('hex')}`);
}

function fixed(key: Uint8Array, pos: number, size: number, flip: number): DataView {
  if (pos + size > key.length) throw corruptKey(key);
  const bytes = new Uint8Array(size);
  for (let j = 0; j < size; j++) bytes[j] = key[pos + j]! ^ flip;
  return new DataView(bytes.buffer);
}

function decodeValue(key: Uint8Array, pos: number, type: SqlType, flip: number): [Value, number] {
  switch (type.name) {
    case 'bool':
      return [fixed(key, pos, 1, flip).getUint8(0) === 1, pos + 1];
    case 'int2':
      return [fixed(key, pos, 2, flip).getUint16(0) - 0x8000, pos + 2];
    case 'int4':
      return [(fixed(key, pos, 4, flip).getUint32(0) ^ 0x80000000) | 0, pos + 4];
    case 'int8':
      return [BigInt.asIntN(64, fixed(key, pos, 8, flip).getBigUint64(0) ^ 0x8000000000000000n), pos + 8];
    case 'oid':
    case 'regclass':
    case 'regproc':
      return [fixed(key, pos, 4, flip).getUint32(0), pos + 4];
    case 'float4': {
      const dv = fixed(key, pos, 4, flip);
      const bits = dv.getUint32(0);
      dv.setUint32(0, bits & 0x80000000 ? (bits & 0x7fffffff) >>> 0 : ~bits >>> 0);
      return [dv.getFloat32(0), pos + 4];
    }
    case 'float8': {
      const dv = fixed(key, pos, 8, flip);
      const hi = dv.getUint32(0);
      if (hi & 0x80000000) {
        dv.setUint32(0, (hi & 0x7fffffff) >>> 0);
      } else {
        dv.setUint32(0, ~hi >>> 0);
        dv.setUint32(4, ~dv.getUint32(4) >>> 0);
      }
      return [dv.getFloat64(0), pos + 8];
    }
    case 'text':
    case 'varchar':
    case 'name':
    case 'char':
    case 'bpchar': {
      const [bytes, next] = decodeBytes(key, pos, flip);
      return [utf8Decoder.decode(bytes), next];
    }
    case 'bytea':
      return decodeBytes(key, pos, flip);
    case 'numeric':
      return decodeNumeric(key, pos, flip);
    case 'date':
      return [(fixed(key, pos, 4, flip).getUint32(0) ^ 0x80000000) | 0, pos + 4];
    case 'time':
    case 'timestamp':
    case 'timestamptz': {
      const b = BigInt.asIntN(64, fixed(key, pos, 8, flip).getBigUint64(0) ^ 0x8000000000000000n);
      return [type.name === 'time' ? Number(b) : b, pos + 8];
    }
    case 'interval': {
      const dv = fixed(key, pos, 16, flip);
      const span = BigInt.asIntN(128, ((dv.getBigUint64(0) << 64n) | dv.getBigUint64(8)) ^ (1n << 127n));
      const day = 86_400_000_000n;
      let days = span / day;
      let micros = span - days * day;
      if (micros < 0n) {
        micros += day;
        days -= 1n;
      }
      return [new Interval(0, Number(days), micros), pos + 16];
    }
    case 'uuid': {
      const dv = fixed(key, pos, 16, flip);
      let s = '';
      for (let i = 0; i < 16; i++) {
        if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
        s += dv.getUint8(i).toString(16).padStart(2, '0');
      }
      return [s, pos + 16];
    }
    case 'inet':
    case 'cidr': {
      const [bytes, next] = decodeBytes(key, pos, flip);
      return [inetFromSortKey(bytes, 0, type.name === 'cidr').value, next];
    }
    case 'macaddr': {
      const dv = fixed(key, pos, 6, flip);
      return [formatMacaddr(new Uint8Array(dv.buffer, dv.byteOffset, 6)), pos + 6];
    }
    case 'anyenum': {
      const [order, next] = decodeValue(key, pos, FLOAT8, flip);
      const label = type.enum?.labels.find((l) => l.sortOrder === order);
      if (label === undefined) throw corruptKey(key);
      return [label.label, next];
    }
    case 'int4range':
    case 'int8range':
    case 'numrange':
    case 'daterange':
    case 'tsrange':
    case 'tstzrange':
      return decodeRange(key, pos, rangeSubtype(type), flip);
    default:
      throw noBtreeOrdering(type);
  }
}

function decodeNumeric(key: Uint8Array, pos: number, flip: number): [Value, number] {
  if (pos >= key.length) throw corruptKey(key);
  switch (key[pos]! ^ flip) {
    case NUMERIC_NAN:
      return [Numeric.NaN, pos + 1];
    case NUMERIC_POS_INF:
      return [Numeric.Infinity, pos + 1];
    case NUMERIC_NEG_INF:
      return [Numeric.NegativeInfinity, pos + 1];
    case NUMERIC_ZERO:
      return [Numeric.ZERO, pos + 1];
    case NUMERIC_POS:
      return decodeFiniteNumeric(key, pos + 1, flip, false);
    case NUMERIC_NEG:
      return decodeFiniteNumeric(key, pos + 1, flip ^ 0xff, true);
    default:
      throw corruptKey(key);
  }
}

function decodeFiniteNumeric(key: Uint8Array, pos: number, flip: number, negative: boolean): [Value, number] {
  const exponent = (fixed(key, pos, 4, flip).getUint32(0) ^ 0x80000000) | 0;
  pos += 4;
  let digits = '';
  for (;;) {
    if (pos >= key.length) throw corruptKey(key);
    const b = key[pos++]! ^ flip;
    if (b === 0) break;
    if (b > 100) throw corruptKey(key);
    digits += String(b - 1).padStart(2, '0');
  }
  digits = digits.replace(/0+$/, '');
  let coef = BigInt(digits);
  let scale = digits.length - exponent;
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return [Numeric.of(negative ? -coef : coef, scale), pos];
}

function decodeBytes(key: Uint8Array, pos: number, flip: number): [Uint8Array, number] {
  const out: number[] = [];
  for (;;) {
    if (pos >= key.length) throw corruptKey(key);
    const b = key[pos++]! ^ flip;
    if (b !== 0) {
      out.push(b);
      continue;
    }
    if (pos >= key.length) throw corruptKey(key);
    const esc = key[pos++]! ^ flip;
    if (esc === 0x01) return [Uint8Array.from(out), pos];
    if (esc !== 0xff) throw corruptKey(key);
    out.push(0);
  }
}

/**
 * Renders a key as PostgreSQL prints a row constructor, e.g. `(42, 'abc', NULL)`, for tests,
 * golden files and `rustydb inspect`. Same contract as `decodeKey`.
 */
export function formatKey(
  key: Uint8Array,
  types: readonly SqlType[],
  descending?: readonly boolean[],
): string {
  return `(${decodeKey(key, types, descending).map(formatValue).join(', ')})`;
}

function formatValue(v: Value): string {
  if (v === null) return 'NULL';
  if (v instanceof Numeric) return v.toString();
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  if (v instanceof Uint8Array) return `'\\x${Buffer.from(v).toString('hex')}'`;
  if (v instanceof Interval) return `'${v.toString()}'`;
  return String(v);
}

/**
 * memcmp of two byte strings: negative, zero or positive. The order of encoded keys.
 * Synchronous, allocation-free.
 */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
