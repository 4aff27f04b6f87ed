/**
 * The operators of the network address types: inet/cidr containment `<< <<= >> >>= &&`, bitwise
 * `~ & |`, `inet + int8`, `int8 + inet`, `inet - int8` and `inet - inet`, and macaddr's `~ & |`.
 * Each binds to a call of PostgreSQL's implementing function (network_sub, inetand, …; executor:
 * network-functions.ts), as the operator's pg_operator.oprcode would. cidr operands meet inet
 * (cidr → inet is an implicit binary cast); an untyped literal takes the other side's type.
 * Comparisons (`= < …`) are the ordinary ones (compare-values.ts orders addresses).
 */
import { type SqlType, sqlType } from '@rustydb/common';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

const INET = sqlType('inet');
const INT8 = sqlType('int8');
const MACADDR = sqlType('macaddr');

const INET_FUNCTIONS: Readonly<Record<string, [name: string, result: SqlType]>> = {
  '<<': ['network_sub', sqlType('bool')],
  '<<=': ['network_subeq', sqlType('bool')],
  '>>': ['network_sup', sqlType('bool')],
  '>>=': ['network_supeq', sqlType('bool')],
  '&&': ['network_overlap', sqlType('bool')],
  '&': ['inetand', INET],
  '|': ['inetor', INET],
};

const isNetwork = (t: SqlType): boolean => t.name === 'inet' || t.name === 'cidr';

function call(name: string, type: SqlType, args: LogicalExpr[]): LogicalExpr {
  return { kind: 'func', type, name, args };
}

/**
 * `left op right` when an operand is a network address type and `op` is one of its operators;
 * undefined otherwise (the caller goes on to the other operator families).
 */
export function bindNetworkOperator(
  op: string,
  left: LogicalExpr,
  right: LogicalExpr,
  pos: number,
  params: ParamTypes,
): LogicalExpr | undefined {
  const lt = left.type;
  const rt = right.type;
  const to = (e: LogicalExpr, t: SqlType) => coerceImplicit(e, t, params, pos);
  if ((op === '&' || op === '|') && (lt.name === 'macaddr' || rt.name === 'macaddr')) {
    return call(op === '&' ? 'macaddr_and' : 'macaddr_or', MACADDR, [to(left, MACADDR), to(right, MACADDR)]);
  }
  if (!isNetwork(lt) && !isNetwork(rt)) return undefined;
  const fn = INET_FUNCTIONS[op];
  if (fn !== undefined) return call(fn[0], fn[1], [to(left, INET), to(right, INET)]);
  if (op === '+') {
    if (isNetwork(lt) && !isNetwork(rt)) return call('inetpl', INET, [to(left, INET), to(right, INT8)]);
    if (isNetwork(rt) && !isNetwork(lt)) return call('int8pl_inet', INET, [to(left, INT8), to(right, INET)]);
    return undefined;
  }
  if (op === '-' && isNetwork(lt)) {
    if (isNetwork(rt) || rt.name === 'unknown')
      return call('inetmi', INT8, [to(left, INET), to(right, INET)]);
    return call('inetmi_int8', INET, [to(left, INET), to(right, INT8)]);
  }
  return undefined;
}

/** `~x` for an inet/cidr or macaddr `x`, or undefined for other types. */
export function bindNetworkNot(arg: LogicalExpr, params: ParamTypes, pos: number): LogicalExpr | undefined {
  if (isNetwork(arg.type)) return call('inetnot', INET, [coerceImplicit(arg, INET, params, pos)]);
  if (arg.type.name === 'macaddr') return call('macaddr_not', MACADDR, [arg]);
  return undefined;
}
