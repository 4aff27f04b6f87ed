/**
 * Aggregate functions: which names are aggregates and the result type of each call, as
 * PostgreSQL's pg_aggregate defines them (count → int8; sum(int2|int4) → int8, sum(int8|numeric)
 * → numeric, sum(float4) → float4, sum(float8) → float8; avg of integers and numeric → numeric,
 * of floats → float8; min/max keep the argument's type).
 */
import { type SqlType, sqlType } from '@rustydb/common';
import { coerceImplicit, type ParamTypes } from './coerce.js';
import type { AggregateName, LogicalExpr } from './logical-plan.js';
import { typeCategory } from './type-rules.js';

const NAMES = new Set(['count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'string_agg']);

/** Is `name` an aggregate function (`every` is bool_and's SQL-standard name)? */
export const isAggregateName = (name: string): boolean => NAMES.has(name);

const SUM: Partial<Record<SqlType['name'], SqlType['name']>> = {
  int2: 'int8',
  int4: 'int8',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'float4',
  float8: 'float8',
};
const AVG: Partial<Record<SqlType['name'], SqlType['name']>> = {
  int2: 'numeric',
  int4: 'numeric',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'float8',
  float8: 'float8',
};

/**
 * The coerced arguments and result type of `name(args)` (`star` for `count(*)`), or undefined
 * when no such aggregate exists (the caller raises 42883).
 */
export function aggregateResultType(
  name: string,
  star: boolean,
  args: readonly LogicalExpr[],
  params: ParamTypes,
  position: number,
): { fn: AggregateName; args: readonly LogicalExpr[]; type: SqlType } | undefined {
  if (star) return name === 'count' ? { fn: 'count', args: [], type: sqlType('int8') } : undefined;
  const t = args[0]?.type;
  const text = sqlType('text');
  switch (name) {
    case 'count':
      return args.length === 1 ? { fn: 'count', args, type: sqlType('int8') } : undefined;
    case 'sum':
    case 'avg': {
      if (args.length !== 1) return undefined;
      const r = (name === 'sum' ? SUM : AVG)[t.name];
      return r ? { fn: name, args, type: sqlType(r) } : undefined;
    }
    case 'min':
    case 'max': {
      if (args.length !== 1) return undefined;
      const c = typeCategory(t);
      if (c === 'other' && t.name !== 'bytea') return undefined;
      if (c === 'unknown') {
        return { fn: name, args: [coerceImplicit(args[0], text, params, position)], type: text };
      }
      return { fn: name, args, type: c === 'string' ? text : t };
    }
    case 'bool_and':
    case 'bool_or':
    case 'every': {
      if (args.length !== 1 || (t.name !== 'bool' && t.name !== 'unknown')) return undefined;
      const fn = name === 'bool_or' ? 'bool_or' : 'bool_and';
      return {
        fn,
        args: [coerceImplicit(args[0], sqlType('bool'), params, position)],
        type: sqlType('bool'),
      };
    }
    case 'string_agg': {
      if (args.length !== 2 || (typeCategory(args[0].type) !== 'string' && t.name !== 'unknown'))
        return undefined;
      if (typeCategory(args[1].type) !== 'string' && args[1].type.name !== 'unknown') return undefined;
      return {
        fn: 'string_agg',
        args: args.map((a) => coerceImplicit(a, text, params, position)),
        type: text,
      };
    }
    default:
      return undefined;
  }
}
