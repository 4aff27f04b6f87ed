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
  const m = /^int[248](and|or|xor|shl|shr|not)$/.exec(e.name);
  if (m === null) return undefined;
  const op = BITWISE[m[1]];
  return e.args.length === 1 ? `(${op} ${x(e.args[0])})` : `(${x(e.args[0])} ${op} ${x(e.args[1])})`;
}
