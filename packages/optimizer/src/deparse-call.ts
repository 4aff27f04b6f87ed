/**
 * How EXPLAIN prints the calls the binder makes for operator syntax, as PostgreSQL's ruleutils
 * prints the original syntax: `record_field(r, i)` is `(r).f`, `row(a, b)` is `ROW(a, b)`, and
 * the bitwise functions (int4and, …) are their operators `(a & b)`, `(~ a)`.
 */
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

/** The operator of the binder's bitwise functions (int4and is `&`, int8not `~`), else undefined. */
export function bitwiseOperatorOf(name: string): string | undefined {
  const m = /^int[248](and|or|xor|shl|shr|not)$/.exec(name);
  return m === null ? undefined : BITWISE[m[1]!];
}
