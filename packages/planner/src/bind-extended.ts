/**
 * Binding for the date/time, json/jsonb and array features, kept apart from bind-expr.ts's core:
 *
 * - the operators of operator-table.ts (`date + int`, `ts - ts`, `jsonb -> 'k'`, `a @> b`, …);
 * - `ARRAY[…]` constructors (nested ones make multi-dimensional arrays), subscripts `a[i]`,
 *   `a[i][j]` and slices `a[i:j]`, and `x op ANY | ALL (array)`;
 * - CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP, LOCALTIME.
 *
 * Each binds to an `op` node (operators) or a `func` node with an internal name the executor
 * implements: `array_constructor`, `array_subscript`, `array_slice`, `<op> ANY`, `<op> ALL`,
 * `current_date`, `now`, `localtimestamp`, `localtime`. These names are not in the function
 * table, so SQL cannot call them directly.
 */
import {
  arrayTypeOf,
  DbError,
  elementType,
  formatType,
  formatTypeName,
  isArrayType,
  SqlArray,
  type SqlType,
  sqlType,
  withoutTypmod,
} from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { startOf } from './ast-walk.js';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import { EXTENDED_OPERATOR_NAMES, hasExtendedOperators, resolveOperator } from './operator-table.js';
import { resolveTypeName, type TypeLookup } from './resolve-type-name.js';
import { comparisonCommonType, isStringType } from './type-rules.js';

const BOOL = sqlType('bool');
const INT4 = sqlType('int4');
const TSVECTOR = sqlType('tsvector');
const TSQUERY = sqlType('tsquery');
const CLASSIC = new Set(['+', '-', '*', '/', '%', '^', '||']);

const typeText = (t: SqlType): string => formatTypeName(t);

/** 42883 `operator does not exist: <signature>` with PostgreSQL's hint, at 1-based `position`. */
export function noOperator(signature: string, position: number): DbError {
  return new DbError('42883', `operator does not exist: ${signature}`, {
    position,
    hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/**
 * `left op right` through the operator table, or undefined when the table has nothing to say
 * (plain numeric arithmetic and text `||` stay with bind-expr.ts). Throws 42883 / 42725.
 */
export function bindExtendedOperator(
  op: string,
  left: LogicalExpr,
  right: LogicalExpr,
  pos: number,
  params: ParamTypes,
): LogicalExpr | undefined {
  const classic = CLASSIC.has(op);
  if (!EXTENDED_OPERATOR_NAMES.has(op)) return undefined;
  if (classic && !hasExtendedOperators(left.type) && !hasExtendedOperators(right.type)) return undefined;
  if (left.type.name === 'unknown' && right.type.name === 'unknown') {
    if (classic) return undefined;
    throw new DbError('42725', `operator is not unique: unknown ${op} unknown`, {
      position: pos,
      hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
    });
  }
  const r = resolveOperator(op, left.type, right.type);
  if (!r) {
    if (op === '||') return undefined; // text || anything is still text concatenation
    throw noOperator(`${typeText(left.type)} ${op} ${typeText(right.type)}`, pos);
  }
  const args = [coerceImplicit(left, r.left, params, pos), coerceImplicit(right, r.right, params, pos)];
  if (op === '@@' && r.right.name !== 'jsonpath') return bindTextSearchMatch(args[0], args[1]);
  return { kind: 'op', type: r.result, op: op as never, args };
}

/**
 * `a @@ b`: a text operand is parsed with default_text_search_config (to_tsvector(text) on the
 * left, plainto_tsquery(text) on the right, as ts_match_tt / ts_match_tq do), and `tsquery @@
 * tsvector` is turned around, so the kernel always sees tsvector @@ tsquery.
 */
function bindTextSearchMatch(left: LogicalExpr, right: LogicalExpr): LogicalExpr {
  const call = (name: string, type: SqlType, arg: LogicalExpr): LogicalExpr => ({
    kind: 'func',
    type,
    name,
    args: [arg],
  });
  if (left.type.name === 'tsquery') return bindTextSearchMatch(right, left);
  const v = left.type.name === 'tsvector' ? left : call('to_tsvector', TSVECTOR, left);
  const q = right.type.name === 'tsquery' ? right : call('plainto_tsquery', TSQUERY, right);
  return { kind: 'op', type: BOOL, op: '@@', args: [v, q] };
}

/** CURRENT_DATE & co. (CURRENT_TIME needs timetz, which RustyDB lacks: 0A000). */
export function bindSqlValueFunction(e: ast.SqlValueFunction): LogicalExpr | undefined {
  const call = (name: string, type: SqlType): LogicalExpr => ({ kind: 'func', type, name, args: [] });
  switch (e.op) {
    case 'current_date':
      return call('current_date', sqlType('date'));
    case 'current_timestamp':
      return {
        kind: 'func',
        type: sqlType('timestamptz'),
        name: 'now',
        args: [],
        keyword: 'CURRENT_TIMESTAMP',
      };
    case 'localtimestamp':
      return call('localtimestamp', sqlType('timestamp'));
    case 'localtime':
      return call('localtime', sqlType('time'));
    case 'current_user':
    case 'current_role':
    case 'user':
      return call('current_user', sqlType('name'));
    case 'session_user':
      return call('session_user', sqlType('name'));
    case 'current_catalog':
    case 'current_schema':
      // Session functions (the executor's catalog-functions.ts).
      return call(e.op, sqlType('name'));
    default:
      return undefined;
  }
}

/** `ARRAY[a, b, …]`: the elements coerced to their common type; nested arrays stack up. */
export function bindArrayConstructor(b: ExprBinder, e: ast.ArrayExpr, ctx: ExprContext): LogicalExpr {
  const pos = e.location + 1;
  if (e.elements.length === 0) {
    throw new DbError('42P18', 'cannot determine type of empty array', {
      position: pos,
      hint: 'Explicitly cast to the desired type, for example ARRAY[]::integer[].',
    });
  }
  const nested = e.elements.every((x) => x.kind === 'array' && !x.explicit);
  const elems = e.elements.map((x) =>
    x.kind === 'array' && !x.explicit ? bindArrayConstructor(b, x, ctx) : b.bind(x, ctx),
  );
  const args = b.unify(elems, e.elements, 'ARRAY');
  const t = args[0].type;
  if (nested || isArrayType(t)) {
    return { kind: 'func', type: t, name: 'array_constructor', args };
  }
  const type = arrayTypeOf(t);
  if (!type)
    throw new DbError('42704', `could not find array type for data type ${formatType(t)}`, { position: pos });
  return { kind: 'func', type, name: 'array_constructor', args };
}

/** `ARRAY[]::t[]`: the one place an empty constructor has a type. */
export function bindEmptyArrayCast(e: ast.Cast, types?: TypeLookup): LogicalExpr | undefined {
  if (e.arg.kind !== 'array' || e.arg.elements.length > 0) return undefined;
  const target = resolveTypeName(e.type, types);
  if (!isArrayType(target)) return undefined;
  return { kind: 'const', type: target, value: SqlArray.of([]) };
}

/** `a[i]`, `a[i][j]` (one subscript per dimension) and slices `a[i:j]`. */
export function bindSubscript(b: ExprBinder, e: ast.Subscript, ctx: ExprContext): LogicalExpr {
  const pos = e.location + 1;
  // Collect the chain of subscripts applied to one base expression.
  const chain: ast.Subscript[] = [];
  let base: ast.Expr = e;
  while (base.kind === 'subscript') {
    chain.unshift(base);
    base = base.arg;
  }
  const arr = b.bind(base, ctx);
  if (arr.type.name === 'name' && chain.length === 1 && !chain[0].slice) {
    // A name is an array of 64 "char" bytes from subscript 0 (pg_dump: `typname[0] = '_'`).
    const i = chain[0].lower ?? chain[0].upper;
    const idx = coerceSubscript(b.bind(i!, ctx), b.state.params, startOf(i!) + 1);
    return { kind: 'func', type: sqlType('char'), name: 'name_subscript', args: [arr, idx] };
  }
  if (!isArrayType(arr.type)) {
    throw new DbError(
      '42804',
      `cannot subscript type ${formatType(arr.type)} because it does not support subscripting`,
      { position: startOf(base) + 1 },
    );
  }
  const p = b.state.params;
  const index = (x: ast.Expr | undefined): LogicalExpr =>
    x === undefined
      ? { kind: 'const', type: INT4, value: null }
      : coerceSubscript(b.bind(x, ctx), p, startOf(x) + 1);
  if (chain.some((s) => s.slice)) {
    const args: LogicalExpr[] = [arr];
    for (const s of chain) {
      args.push(s.slice ? index(s.lower) : index(s.upper ?? s.lower));
      args.push(s.slice ? index(s.upper) : index(s.upper ?? s.lower));
    }
    return { kind: 'func', type: arr.type, name: 'array_slice', args };
  }
  const args = [arr, ...chain.map((s) => index(s.lower ?? s.upper))];
  void pos;
  return { kind: 'func', type: elementType(arr.type)!, name: 'array_subscript', args };
}

function coerceSubscript(x: LogicalExpr, params: ParamTypes, pos: number): LogicalExpr {
  if (x.type.name === 'int2' || x.type.name === 'int4' || x.type.name === 'unknown')
    return coerceImplicit(x, INT4, params, pos);
  if (
    x.type.name === 'int8' ||
    x.type.name === 'numeric' ||
    x.type.name === 'float8' ||
    x.type.name === 'float4'
  ) {
    return { kind: 'cast', type: INT4, arg: x, explicit: false };
  }
  throw new DbError('42804', 'array subscript must have type integer', { position: pos });
}

const COMPARISON = new Set(['=', '<>', '<', '<=', '>', '>=']);
/** `[NOT] LIKE | ILIKE ANY | ALL (array)`, as the parser names them. */
const LIKE_OPS = new Set(['~~', '~~*', '!~~', '!~~*']);

/** `x [NOT] [I]LIKE ANY | ALL (patterns)`: text against a text[] of patterns. */
function bindQuantifiedLike(
  b: ExprBinder,
  e: ast.QuantifiedArray,
  left: LogicalExpr,
  arr: LogicalExpr,
): LogicalExpr {
  const pos = e.location + 1;
  const p = b.state.params;
  const isText = (t: SqlType) => t.name === 'unknown' || isStringType(t);
  const elem = arr.type.name === 'unknown' ? arr.type : elementType(arr.type);
  if (!isText(left.type) || elem === undefined || !isText(elem)) {
    throw noOperator(`${typeText(left.type)} ${e.op} ${typeText(elem ?? arr.type)}`, pos);
  }
  const args = [
    coerceImplicit(left, sqlType('text'), p, pos),
    coerceImplicit(arr, sqlType('_text'), p, startOf(e.array) + 1),
  ];
  return { kind: 'func', type: BOOL, name: `${e.op} ${e.quantifier === 'any' ? 'ANY' : 'ALL'}`, args };
}

/** `x op ANY | ALL (array)`: x and the elements meet at a common type, compared with `op`. */
export function bindQuantifiedArray(b: ExprBinder, e: ast.QuantifiedArray, ctx: ExprContext): LogicalExpr {
  const pos = e.location + 1;
  const left = b.bind(e.left, ctx);
  let arr = b.bind(e.array, ctx);
  if (LIKE_OPS.has(e.op)) return bindQuantifiedLike(b, e, left, arr);
  if (!COMPARISON.has(e.op)) {
    throw new DbError('0A000', `${e.op} ${e.quantifier.toUpperCase()} (array) is not supported`, {
      position: pos,
    });
  }
  const p = b.state.params;
  if (arr.type.name === 'unknown') {
    const lt = left.type.name === 'unknown' ? sqlType('text') : left.type;
    const at = arrayTypeOf(withoutTypmod(lt));
    if (!at) throw noOperator(`${typeText(lt)} ${e.op} unknown`, pos);
    arr = coerceImplicit(arr, at, p, startOf(e.array) + 1);
  }
  if (!isArrayType(arr.type)) {
    throw new DbError(
      '42809',
      `op ${e.op.toUpperCase()} ${e.quantifier}/ALL (array) requires array on right side`,
      {
        position: pos,
      },
    );
  }
  const elem = elementType(arr.type)!;
  const target =
    left.type.name === 'unknown' ? withoutTypmod(elem) : comparisonCommonType(left.type, withoutTypmod(elem));
  if (!target || target.name === 'json')
    throw noOperator(`${typeText(left.type)} ${e.op} ${typeText(elem)}`, pos);
  const arrType = arrayTypeOf(target)!;
  const args = [coerceImplicit(left, target, p, pos), coerceImplicit(arr, arrType, p, startOf(e.array) + 1)];
  return { kind: 'func', type: BOOL, name: `${e.op} ${e.quantifier === 'any' ? 'ANY' : 'ALL'}`, args };
}
