/**
 * PostgreSQL's integer bitwise functions behind `& | # << >> ~` (planner bind-bitwise.ts):
 * int2and … int8not. Like PostgreSQL they never raise overflow: int2 results are truncated to
 * 16 bits (C's conversion of the int result), int8 results wrap at 64 bits, and a shift count is
 * taken modulo the width as x86 does for PostgreSQL's C shifts. NULL in, NULL out.
 */
import type { Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';

type Kernel = (a: Value, b: Value) => Value;

const int2 = (x: number): number => (x << 16) >> 16;
const wrap8 = (x: bigint): bigint => BigInt.asIntN(64, x);

const KERNELS: Readonly<Record<string, Kernel>> = {
  int2and: (a, b) => (a as number) & (b as number),
  int2or: (a, b) => (a as number) | (b as number),
  int2xor: (a, b) => (a as number) ^ (b as number),
  int2shl: (a, b) => int2((a as number) << (b as number)),
  int2shr: (a, b) => (a as number) >> (b as number),
  int2not: (a) => int2(~(a as number)),
  int4and: (a, b) => (a as number) & (b as number),
  int4or: (a, b) => (a as number) | (b as number),
  int4xor: (a, b) => (a as number) ^ (b as number),
  int4shl: (a, b) => (a as number) << (b as number),
  int4shr: (a, b) => (a as number) >> (b as number),
  int4not: (a) => ~(a as number),
  int8and: (a, b) => (a as bigint) & (b as bigint),
  int8or: (a, b) => (a as bigint) | (b as bigint),
  int8xor: (a, b) => (a as bigint) ^ (b as bigint),
  int8shl: (a, b) => wrap8((a as bigint) << BigInt((b as number) & 63)),
  int8shr: (a, b) => (a as bigint) >> BigInt((b as number) & 63),
  int8not: (a) => ~(a as bigint),
};

/** Is `name` one of these functions? */
export const isBitwiseFunction = (name: string): boolean => Object.hasOwn(KERNELS, name);

/** Compiles a call of bitwise function `name` over compiled `args`. Synchronous; never throws. */
export function compileBitwiseFunction(name: string, args: readonly CompiledExpr[]): CompiledExpr {
  const k = KERNELS[name];
  const [x, y] = args;
  if (y === undefined) {
    return (row) => {
      const a = x(row);
      return a === null ? null : k(a, null);
    };
  }
  return (row) => {
    const a = x(row);
    if (a === null) return null;
    const b = y(row);
    return b === null ? null : k(a, b);
  };
}
