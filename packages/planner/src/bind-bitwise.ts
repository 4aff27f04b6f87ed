/**
 * The integer bitwise operators `&`, `|`, `#` (xor), `<<`, `>>` and prefix `~` over int2, int4
 * and int8. Each binds to a call of PostgreSQL's implementing function (`int2and`, `int4shl`, …;
 * executor: bitwise-functions.ts), as the operator's pg_operator.oprcode would. Mixed widths go
 * to the wider type (`int2 & int4` is int4and); a shift's count is int4.
 */
import { DbError, type SqlType, sqlType } from '@rustydb/common';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

const FUNCTION_SUFFIX: Readonly<Record<string, string>> = {
  '&': 'and',
  '|': 'or',
  '#': 'xor',
  '<<': 'shl',
  '>>': 'shr',
};

const RANK: Readonly<Record<string, number>> = { int2: 0, int4: 1, int8: 2 };
const INT4 = sqlType('int4');

const isInteger = (t: SqlType): boolean => RANK[t.name] !== undefined;

/**
 * `left op right` for a bitwise operator over integers, or undefined when `op` is not one or an
 * operand is not an integer (the caller reports 42883). Throws 42725 for `unknown op unknown`.
 */
export function bindBitwiseOperator(
  op: string,
  left: LogicalExpr,
  right: LogicalExpr,
  pos: number,
  params: ParamTypes,
): LogicalExpr | undefined {
  const suffix = FUNCTION_SUFFIX[op];
  if (suffix === undefined) return undefined;
  const lu = left.type.name === 'unknown';
  const ru = right.type.name === 'unknown';
  if (lu && ru) {
    throw new DbError('42725', `operator is not unique: unknown ${op} unknown`, {
      position: pos,
      hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
    });
  }
  const shift = op === '<<' || op === '>>';
  let type: SqlType;
  let rightType: SqlType;
  if (shift) {
    if (lu || !isInteger(left.type) || !(ru || isInteger(right.type))) return undefined;
    if (right.type.name === 'int8') return undefined; // no int shl int8 in PostgreSQL
    type = sqlType(left.type.name);
    rightType = INT4;
  } else {
    const lt = lu ? right.type : left.type;
    const rt = ru ? left.type : right.type;
    if (!isInteger(lt) || !isInteger(rt)) return undefined;
    type = sqlType(RANK[lt.name] >= RANK[rt.name] ? lt.name : rt.name);
    rightType = type;
  }
  return {
    kind: 'func',
    type,
    name: `${type.name}${suffix}`,
    args: [coerceImplicit(left, type, params, pos), coerceImplicit(right, rightType, params, pos)],
  };
}

/** `~x` for an integer `x` (int2not, int4not, int8not), or undefined for other types. */
export function bindBitwiseNot(arg: LogicalExpr): LogicalExpr | undefined {
  if (!isInteger(arg.type)) return undefined;
  const type = sqlType(arg.type.name);
  return { kind: 'func', type, name: `${type.name}not`, args: [arg] };
}
