/**
 * The POSIX regular-expression match operators `~`, `~*`, `!~`, `!~*` (PostgreSQL's textregexeq
 * & co.): both operands become text (name, varchar and unknown literals convert implicitly) and
 * the match is a call of `textregexeq` / `texticregexeq`, negated for the `!` forms.
 */
import { type SqlType, sqlType } from '@rustydb/common';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';

const BOOL = sqlType('bool');
const TEXT = sqlType('text');

/** Is `op` a regular-expression match operator? */
export const isRegexMatchOperator = (op: string): boolean =>
  op === '~' || op === '~*' || op === '!~' || op === '!~*';

/**
 * `left op right` for a regex match operator; undefined when an operand cannot become text (the
 * caller reports that no operator exists). Sync.
 */
export function bindRegexMatch(
  op: string,
  left: LogicalExpr,
  right: LogicalExpr,
  pos: number,
  params: ParamTypes,
): LogicalExpr | undefined {
  const text = (e: LogicalExpr) => coerceImplicit(e, TEXT, params, pos);
  const ok = (t: SqlType) =>
    t.name === 'unknown' ||
    t.name === 'text' ||
    t.name === 'varchar' ||
    t.name === 'bpchar' ||
    t.name === 'name';
  if (!ok(left.type) || !ok(right.type)) return undefined;
  const name = op.endsWith('*') ? 'texticregexeq' : 'textregexeq';
  const call: LogicalExpr = { kind: 'func', type: BOOL, name, args: [text(left), text(right)] };
  return op.startsWith('!') ? { kind: 'not', type: BOOL, arg: call } : call;
}
