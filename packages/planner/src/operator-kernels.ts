/**
 * Operator kernels by (operator, operand type): the one dispatch from a bound `op` node to the
 * function that computes it, shared by the executor's expression compiler and the optimizer's
 * constant folding so both compute exactly the same values and raise the same errors.
 *
 * Kernels take non-null operands of the operand type (NULL handling is the caller's: every
 * operator here is strict) and are looked up once per expression, never per row.
 */
import {
  compareValues,
  DbError,
  float4Add,
  float4Div,
  float4Mul,
  float4Sub,
  float8Add,
  float8Div,
  float8Mul,
  float8Neg,
  float8Pow,
  float8Sub,
  formatType,
  type Interval,
  int2Add,
  int2Div,
  int2Mod,
  int2Mul,
  int2Neg,
  int2Sub,
  int4Add,
  int4Div,
  int4Mod,
  int4Mul,
  int4Neg,
  int4Sub,
  int8Add,
  int8Div,
  int8Mod,
  int8Mul,
  int8Neg,
  int8Sub,
  intervalNeg,
  type Numeric,
  numericPower,
  type SqlType,
  type TimeZone,
  textConcat,
  UTC,
  type Value,
  valuesEqual,
} from '@rustydb/common';
import type { OpName } from './bound-expr.js';
import { extendedKernel } from './extended-kernels.js';
import { hasExtendedOperators } from './operator-table.js';

export type BinaryKernel = (a: Value, b: Value) => Value;
export type UnaryKernel = (a: Value) => Value;

type Arith = Record<'+' | '-' | '*' | '/' | '%', BinaryKernel | undefined>;

const N = (f: (a: number, b: number) => number): BinaryKernel => f as BinaryKernel;
const B = (f: (a: bigint, b: bigint) => bigint): BinaryKernel => f as BinaryKernel;
const M = (f: (a: Numeric, b: Numeric) => Numeric): BinaryKernel => f as BinaryKernel;

const ARITHMETIC: Partial<Record<SqlType['name'], Arith>> = {
  int2: { '+': N(int2Add), '-': N(int2Sub), '*': N(int2Mul), '/': N(int2Div), '%': N(int2Mod) },
  int4: { '+': N(int4Add), '-': N(int4Sub), '*': N(int4Mul), '/': N(int4Div), '%': N(int4Mod) },
  int8: { '+': B(int8Add), '-': B(int8Sub), '*': B(int8Mul), '/': B(int8Div), '%': B(int8Mod) },
  float4: { '+': N(float4Add), '-': N(float4Sub), '*': N(float4Mul), '/': N(float4Div), '%': undefined },
  float8: { '+': N(float8Add), '-': N(float8Sub), '*': N(float8Mul), '/': N(float8Div), '%': undefined },
  numeric: {
    '+': M((a, b) => a.add(b)),
    '-': M((a, b) => a.sub(b)),
    '*': M((a, b) => a.mul(b)),
    '/': M((a, b) => a.div(b)),
    '%': M((a, b) => a.mod(b)),
  },
};

/**
 * The kernel of binary operator `op` over a left operand of `type` and a right operand of
 * `rightType` (default: the same type). `zone` is the session's TimeZone (timestamptz
 * arithmetic). Throws DbError 42883 when the pair has no kernel (the binder should have
 * rejected it).
 *
 * NB: the date/time, interval, json and array operators (operator-table.ts) need `rightType`:
 * `date - date` and `date - int4` share a left type. Without it they throw 42883 rather than
 * guess, so a caller that cannot say (constant folding) leaves the expression to run time.
 */
export function binaryKernel(
  op: OpName,
  type: SqlType,
  rightType?: SqlType,
  zone: TimeZone = UTC,
): BinaryKernel {
  const isComparison = op === '=' || op === '<>' || op === '<' || op === '<=' || op === '>' || op === '>=';
  if (!isComparison && (hasExtendedOperators(type) || (rightType && hasExtendedOperators(rightType)))) {
    const k = rightType ? extendedKernel(op, type, rightType, zone) : undefined;
    if (k) return k;
    throw new DbError(
      '42883',
      `operator does not exist: ${formatType(type)} ${op} ${formatType(rightType ?? type)}`,
    );
  }
  switch (op) {
    case '=':
      return (a, b) => valuesEqual(a, b, type);
    case '<>':
      return (a, b) => !valuesEqual(a, b, type);
    case '<':
      return (a, b) => compareValues(a, b, type) < 0;
    case '<=':
      return (a, b) => compareValues(a, b, type) <= 0;
    case '>':
      return (a, b) => compareValues(a, b, type) > 0;
    case '>=':
      return (a, b) => compareValues(a, b, type) >= 0;
    case '||':
      if (type.name === 'text') return textConcat as BinaryKernel;
      if (type.name === 'bytea') return byteaConcat as BinaryKernel;
      break;
    case '^':
      if (type.name === 'float8') return N(float8Pow);
      if (type.name === 'numeric') return M(numericPower);
      break;
    case 'neg':
      break;
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      const k = ARITHMETIC[type.name]?.[op];
      if (k) return k;
      break;
    }
    default: {
      const k = rightType ? extendedKernel(op, type, rightType, zone) : undefined;
      if (k) return k;
    }
  }
  throw new DbError('42883', `operator does not exist: ${formatType(type)} ${op} ${formatType(type)}`);
}

/** The kernel of unary minus over `type`. */
export function negateKernel(type: SqlType): UnaryKernel {
  switch (type.name) {
    case 'int2':
      return int2Neg as UnaryKernel;
    case 'int4':
      return int4Neg as UnaryKernel;
    case 'int8':
      return int8Neg as UnaryKernel;
    case 'float4':
    case 'float8':
      return float8Neg as UnaryKernel;
    case 'numeric':
      return ((a: Numeric) => a.neg()) as UnaryKernel;
    case 'interval':
      return ((a: Interval) => intervalNeg(a)) as UnaryKernel;
    default:
      throw new DbError('42883', `operator does not exist: - ${formatType(type)}`);
  }
}

/** byteacat: a new array holding both operands' bytes. */
function byteaConcat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
