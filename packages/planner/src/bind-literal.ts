/**
 * Literals and integer constants: PostgreSQL's literal typing (an integer literal is int4 if it
 * fits, else int8, else numeric; a quoted string is `unknown` until context types it), and the
 * narrowing of an integer constant to the type of the integer expression it is compared with.
 */
import { DbError, Numeric, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { literalLocations, withPosition } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import { isIntegerType } from './type-rules.js';

const UNKNOWN = sqlType('unknown');
const BOOL = sqlType('bool');

/** An integer/numeric/string/bool/NULL literal: integers take the smallest of int4, int8, numeric. */
export function bindLiteral(e: ast.Literal): LogicalExpr {
  switch (e.type) {
    case 'integer': {
      const n = Number(e.value);
      if (Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647) {
        return { kind: 'const', type: sqlType('int4'), value: n };
      }
      const b = BigInt(e.value);
      if (b >= -(2n ** 63n) && b < 2n ** 63n) return { kind: 'const', type: sqlType('int8'), value: b };
      return { kind: 'const', type: sqlType('numeric'), value: Numeric.parse(e.value) };
    }
    case 'numeric':
      return {
        kind: 'const',
        type: sqlType('numeric'),
        value: withPosition(e.location + 1, () => Numeric.parse(e.value)),
      };
    case 'string': {
      const c: LogicalExpr = { kind: 'const', type: UNKNOWN, value: e.value };
      literalLocations.set(c, e.location);
      return c;
    }
    case 'boolean':
      return { kind: 'const', type: BOOL, value: e.value === 'true' };
    case 'null':
      return { kind: 'const', type: UNKNOWN, value: null };
    case 'bitstring':
      throw new DbError('0A000', 'bit string literals are not supported', { position: e.location + 1 });
  }
}

/**
 * When `other` is an integer constant that fits `col`'s integer type (and `col` is not a
 * constant itself), the pair with the constant converted: [col, constant].
 */
export function narrowIntConstant(
  col: LogicalExpr,
  other: LogicalExpr,
): [LogicalExpr, LogicalExpr] | undefined {
  if (col.kind === 'const' || other.kind !== 'const' || !isIntegerType(col.type)) return undefined;
  if (!isIntegerType(other.type) || other.value === null) return undefined;
  if (col.type.name === other.type.name) return undefined;
  const v = BigInt(other.value as number | bigint);
  const [lo, hi] =
    col.type.name === 'int2'
      ? [-32768n, 32767n]
      : col.type.name === 'int4'
        ? [-2147483648n, 2147483647n]
        : [-(2n ** 63n), 2n ** 63n - 1n];
  if (v < lo || v > hi) return undefined;
  const value = col.type.name === 'int8' ? v : Number(v);
  // The constant remembers the type it was written with, which PostgreSQL keeps (a cross-type
  // operator) and prints (`q > 5` on a bigint column; `(5)::bigint` in an IN list's array).
  return [col, { kind: 'const', type: col.type, value, written: other.type }];
}
