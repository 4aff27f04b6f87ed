/**
 * The operators of the date/time, interval, json/jsonb and array types (pg_operator's rows for
 * them), and PostgreSQL's operator resolution over them (oper_select_candidate, reduced):
 *
 * 1. candidates are the rows for the operator name whose operand types the arguments reach by
 *    implicit casts (an unknown literal reaches anything; `anyarray` needs an array);
 * 2. an unknown operand is first assumed to have the other operand's type (so `ts - '…'` is
 *    timestamp - timestamp, and `jsonb @> '…'` is jsonb @> jsonb);
 * 3. then the candidates with the most exact matches win, then an unknown operand prefers a
 *    string-category operand type (`jsonb -> 'a'` is the text key, not the int index).
 *
 * Numeric arithmetic, comparisons and text `||` stay in bind-expr.ts; this table only adds.
 */
import {
  arrayTypeOf,
  canCast,
  elementType,
  isArrayType,
  type SqlType,
  sqlType,
  type TypeName,
} from '@rustydb/common';
import { commonType, typeCategory } from './type-rules.js';

type OperandType = TypeName | 'anyarray' | 'anyelement';

export interface OperatorEntry {
  readonly op: string;
  readonly left: OperandType;
  readonly right: OperandType;
  readonly result: OperandType;
}

const e = (op: string, left: OperandType, right: OperandType, result: OperandType): OperatorEntry => ({
  op,
  left,
  right,
  result,
});

const TIMESTAMP_OPS = (t: 'timestamp' | 'timestamptz'): OperatorEntry[] => [
  e('+', t, 'interval', t),
  e('+', 'interval', t, t),
  e('-', t, 'interval', t),
  e('-', t, t, 'interval'),
];

const JSON_ACCESS = (t: 'json' | 'jsonb'): OperatorEntry[] => [
  e('->', t, 'text', t),
  e('->', t, 'int4', t),
  e('->>', t, 'text', 'text'),
  e('->>', t, 'int4', 'text'),
  e('#>', t, '_text', t),
  e('#>>', t, '_text', 'text'),
];

export const OPERATORS: readonly OperatorEntry[] = [
  e('+', 'date', 'int4', 'date'),
  e('+', 'int4', 'date', 'date'),
  e('-', 'date', 'int4', 'date'),
  e('-', 'date', 'date', 'int4'),
  e('+', 'date', 'interval', 'timestamp'),
  e('+', 'interval', 'date', 'timestamp'),
  e('-', 'date', 'interval', 'timestamp'),
  e('+', 'date', 'time', 'timestamp'),
  e('+', 'time', 'date', 'timestamp'),
  ...TIMESTAMP_OPS('timestamp'),
  ...TIMESTAMP_OPS('timestamptz'),
  e('+', 'time', 'interval', 'time'),
  e('+', 'interval', 'time', 'time'),
  e('-', 'time', 'interval', 'time'),
  e('-', 'time', 'time', 'interval'),
  e('+', 'interval', 'interval', 'interval'),
  e('-', 'interval', 'interval', 'interval'),
  e('*', 'interval', 'float8', 'interval'),
  e('*', 'float8', 'interval', 'interval'),
  e('/', 'interval', 'float8', 'interval'),
  ...JSON_ACCESS('json'),
  ...JSON_ACCESS('jsonb'),
  e('@>', 'jsonb', 'jsonb', 'bool'),
  e('<@', 'jsonb', 'jsonb', 'bool'),
  e('?', 'jsonb', 'text', 'bool'),
  e('?|', 'jsonb', '_text', 'bool'),
  e('?&', 'jsonb', '_text', 'bool'),
  e('||', 'jsonb', 'jsonb', 'jsonb'),
  e('-', 'jsonb', 'text', 'jsonb'),
  e('-', 'jsonb', 'int4', 'jsonb'),
  e('-', 'jsonb', '_text', 'jsonb'),
  e('#-', 'jsonb', '_text', 'jsonb'),
  // ---- jsonpath (executor: jsonpath-functions.ts) ----
  e('@?', 'jsonb', 'jsonpath', 'bool'),
  e('@@', 'jsonb', 'jsonpath', 'bool'),
  // full-text search: text operands go through to_tsvector / plainto_tsquery (bind-extended.ts)
  e('@@', 'tsvector', 'tsquery', 'bool'),
  e('@@', 'tsquery', 'tsvector', 'bool'),
  e('@@', 'text', 'tsquery', 'bool'),
  e('@@', 'text', 'text', 'bool'),
  e('||', 'tsvector', 'tsvector', 'tsvector'),
  e('||', 'tsquery', 'tsquery', 'tsquery'),
  e('&&', 'tsquery', 'tsquery', 'tsquery'),
  e('<->', 'tsquery', 'tsquery', 'tsquery'),
  e('@>', 'anyarray', 'anyarray', 'bool'),
  e('<@', 'anyarray', 'anyarray', 'bool'),
  e('&&', 'anyarray', 'anyarray', 'bool'),
  e('||', 'anyarray', 'anyarray', 'anyarray'),
  e('||', 'anyarray', 'anyelement', 'anyarray'),
  e('||', 'anyelement', 'anyarray', 'anyarray'),
];

/** The names this table defines (bind-expr.ts routes them here). */
export const EXTENDED_OPERATOR_NAMES = new Set(OPERATORS.map((o) => o.op));

/** Is `t` one of the types whose operators live in this table? */
export function hasExtendedOperators(t: SqlType): boolean {
  const c = typeCategory(t);
  return (
    c === 'datetime' ||
    c === 'timespan' ||
    c === 'array' ||
    t.name === 'json' ||
    t.name === 'jsonb' ||
    t.name === 'tsvector' ||
    t.name === 'tsquery' ||
    t.name === 'jsonpath'
  );
}

function reaches(arg: SqlType, want: OperandType): boolean {
  if (arg.name === 'unknown') return true;
  if (want === 'anyarray') return isArrayType(arg);
  if (want === 'anyelement') return !isArrayType(arg);
  return canCast(arg, sqlType(want), 'implicit');
}

function exact(arg: SqlType, want: OperandType): boolean {
  if (want === 'anyarray') return isArrayType(arg);
  if (want === 'anyelement') return !isArrayType(arg) && arg.name !== 'unknown';
  return arg.name === want;
}

/** A resolved operator: the operand types to coerce to and the result type. */
export interface ResolvedOperator {
  readonly left: SqlType;
  readonly right: SqlType;
  readonly result: SqlType;
}

/**
 * Resolves `left op right` against the table, or undefined when no row fits (the caller raises
 * 42883). Neither operand may be unknown on both sides (the caller raises 42725 first).
 */
export function resolveOperator(op: string, left: SqlType, right: SqlType): ResolvedOperator | undefined {
  let cands = OPERATORS.filter((o) => o.op === op && reaches(left, o.left) && reaches(right, o.right));
  if (cands.length === 0) return undefined;
  // An unknown operand is first taken to have the other operand's type.
  const l = left.name === 'unknown' ? right : left;
  const r = right.name === 'unknown' ? left : right;
  const assumed = cands.filter((o) => exact(l, o.left) && exact(r, o.right));
  if (assumed.length > 0) cands = assumed;
  else {
    const score = (o: OperatorEntry) => (exact(left, o.left) ? 1 : 0) + (exact(right, o.right) ? 1 : 0);
    const top = Math.max(...cands.map(score));
    cands = cands.filter((o) => score(o) === top);
    if (cands.length > 1) {
      const stringy = cands.filter(
        (o) =>
          (left.name === 'unknown' &&
            o.left !== 'anyarray' &&
            o.left !== 'anyelement' &&
            typeCategory(sqlType(o.left)) === 'string') ||
          (right.name === 'unknown' &&
            o.right !== 'anyarray' &&
            o.right !== 'anyelement' &&
            typeCategory(sqlType(o.right)) === 'string'),
      );
      if (stringy.length > 0) cands = stringy;
    }
  }
  const o = cands[0];
  return bindPolymorphic(
    o,
    left.name === 'unknown' && assumed.length > 0 ? r : left,
    right.name === 'unknown' && assumed.length > 0 ? l : right,
  );
}

function bindPolymorphic(o: OperatorEntry, left: SqlType, right: SqlType): ResolvedOperator | undefined {
  const elems: SqlType[] = [];
  const collect = (t: SqlType, want: OperandType) => {
    if (t.name === 'unknown') return;
    if (want === 'anyarray') elems.push(elementType(t)!);
    else if (want === 'anyelement') elems.push(t);
  };
  collect(left, o.left);
  collect(right, o.right);
  let elem: SqlType | undefined;
  if (elems.length > 0) {
    elem = commonType(elems);
    if (!elem) return undefined;
    if (elem.typmod !== -1) elem = sqlType(elem.name);
  }
  const resolve = (want: OperandType, actual: SqlType): SqlType | undefined => {
    if (want === 'anyelement') return elem;
    if (want === 'anyarray') return elem ? arrayTypeOf(elem) : undefined;
    return want === actual.name ? actual : sqlType(want);
  };
  const l = resolve(o.left, left);
  const r = resolve(o.right, right);
  const res = resolve(o.result, left);
  if (!l || !r || !res) return undefined;
  return { left: l, right: r, result: res };
}
