/**
 * How EXPLAIN prints the calls the binder makes for operator syntax, as PostgreSQL's ruleutils
 * prints the original syntax: `record_field(r, i)` is `(r).f`, `row(a, b)` is `ROW(a, b)`,
 * `x = ANY (arr)`, `ARRAY[…]`, and the bitwise functions (int4and, …) are their operators
 * `(a & b)`, `(~ a)`.
 */
import { elementType, rangeCallOperator, SqlArray, sqlConstant, type Value } from '@rustydb/common';
import type { PhysicalExpr } from './physical-plan.js';

const BITWISE: Readonly<Record<string, string>> = {
  and: '&',
  or: '|',
  xor: '#',
  shl: '<<',
  shr: '>>',
  not: '~',
};

/** The text of call `e`, or undefined for an ordinary function call `name(args)`. */
export function deparseCall(
  e: Extract<PhysicalExpr, { kind: 'func' }>,
  x: (e: PhysicalExpr) => string,
): string | undefined {
  if (e.name === 'row') return `ROW(${e.args.map(x).join(', ')})`;
  // `x op ANY | ALL (array)`, and the array constructor (its constants folded, as the planner
  // of PostgreSQL folds them: '{a,b}'::text[]).
  if (/ (ANY|ALL)$/.test(e.name) && e.args.length === 2)
    return `(${x(e.args[0]!)} ${e.name} (${x(e.args[1]!)}))`;
  if (e.name === 'array_constructor') {
    const flat = e.args.every((a) => a.kind === 'const' && elementType(a.type) === undefined);
    if (flat && e.args.length > 0) {
      return sqlConstant(SqlArray.of(e.args.map((a) => (a as { value: Value }).value)), e.type);
    }
    return `ARRAY[${e.args.map(x).join(', ')}]`;
  }
  if (e.name === 'record_field') {
    const [arg, index] = e.args;
    const field = index.kind === 'const' ? arg.type.fields?.[index.value as number] : undefined;
    if (field !== undefined) return `(${x(arg)}).${field.name}`;
    return undefined;
  }
  const op = bitwiseOperatorOf(e.name);
  if (op === undefined) return undefined;
  return e.args.length === 1 ? `(${op} ${x(e.args[0])})` : `(${x(e.args[0])} ${op} ${x(e.args[1])})`;
}

/**
 * The operator of the binder's bitwise functions (int4and is `&`, int8not `~`) and of its range
 * operator calls (`range_op:@>` is `@>`), else undefined.
 */
export function bitwiseOperatorOf(name: string): string | undefined {
  const range = rangeCallOperator(name);
  if (range !== undefined) return range;
  const m = /^int[248](and|or|xor|shl|shr|not)$/.exec(name);
  return m === null ? undefined : BITWISE[m[1]!];
}
