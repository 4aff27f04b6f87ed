/**
 * Aggregate functions: which names are aggregates and the result type of each call, as
 * PostgreSQL's pg_aggregate defines them (count → int8; sum(int2|int4) → int8, sum(int8|numeric)
 * → numeric, sum(float4) → float4, sum(float8) → float8; avg of integers and numeric → numeric,
 * of floats → float8; sum/avg(interval) → interval; min/max keep the argument's type).
 */
import {
  arrayTypeOf,
  DbError,
  elementType,
  isArrayType,
  type SqlType,
  sqlType,
  withoutTypmod,
} from '@rustydb/common';
import { coerce, coerceImplicit, type ParamTypes } from './coerce.js';
import type { AggregateName, LogicalExpr, RegressionAggregate } from './logical-plan.js';
import { typeCategory } from './type-rules.js';

/** The two-argument statistics aggregates (corr(Y, X), regr_slope(Y, X), …): float8 inputs. */
export const REGRESSION_AGGREGATES: ReadonlySet<RegressionAggregate> = new Set([
  'corr',
  'covar_pop',
  'covar_samp',
  'regr_avgx',
  'regr_avgy',
  'regr_count',
  'regr_intercept',
  'regr_r2',
  'regr_slope',
  'regr_sxx',
  'regr_sxy',
  'regr_syy',
]);

const NAMES = new Set<string>([
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'bool_and',
  'bool_or',
  'every',
  'string_agg',
  'array_agg',
  'json_agg',
  'jsonb_agg',
  'json_object_agg',
  'jsonb_object_agg',
  'stddev',
  'stddev_samp',
  'stddev_pop',
  'variance',
  'var_samp',
  'var_pop',
  ...REGRESSION_AGGREGATES,
  'percentile_cont',
  'percentile_disc',
  'mode',
]);

/** Ordered-set aggregates: called as `name(direct args) WITHIN GROUP (ORDER BY x)`. */
export const ORDERED_SET_AGGREGATES = new Set(['percentile_cont', 'percentile_disc', 'mode']);

/**
 * Aggregates that see NULL arguments (the others skip rows with a NULL argument): array_agg and
 * json(b)_agg collect them, json(b)_object_agg's values become JSON null, string_agg's delimiter.
 */
export function aggregateTakesNull(fn: string, argIndex: number): boolean {
  switch (fn) {
    case 'array_agg':
    case 'json_agg':
    case 'jsonb_agg':
    case 'json_object_agg':
    case 'jsonb_object_agg':
      return true;
    case 'string_agg':
      return argIndex === 1;
    default:
      return false;
  }
}

/** Aggregates whose result depends on the order of their input (array_agg, string_agg, …). */
export const isOrderSensitive = (fn: string): boolean =>
  fn === 'array_agg' ||
  fn === 'string_agg' ||
  fn === 'json_agg' ||
  fn === 'jsonb_agg' ||
  fn === 'json_object_agg' ||
  fn === 'jsonb_object_agg';

/** The statistics aggregates' result: numeric for exact inputs, float8 for floats. */
const STATS: Partial<Record<SqlType['name'], SqlType['name']>> = {
  int2: 'numeric',
  int4: 'numeric',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'float8',
  float8: 'float8',
  interval: 'interval',
};

/** Is `name` an aggregate function (`every` is bool_and's SQL-standard name)? */
export const isAggregateName = (name: string): boolean => NAMES.has(name);

/** Is `e` a call of a built-in aggregate, written bare or as `pg_catalog.name` (pg_dump does)? */
export const isAggregateCall = (e: {
  readonly name: string;
  readonly schema?: string | undefined;
}): boolean => (e.schema === undefined || e.schema === 'pg_catalog') && NAMES.has(e.name);

const SUM: Partial<Record<SqlType['name'], SqlType['name']>> = {
  int2: 'int8',
  int4: 'int8',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'float4',
  float8: 'float8',
  interval: 'interval',
};
const AVG: Partial<Record<SqlType['name'], SqlType['name']>> = {
  int2: 'numeric',
  int4: 'numeric',
  int8: 'numeric',
  numeric: 'numeric',
  float4: 'float8',
  float8: 'float8',
  interval: 'interval',
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
  if (REGRESSION_AGGREGATES.has(name as RegressionAggregate)) {
    // (Y, X): rows where either is NULL are skipped, as the strict transition function does.
    if (args.length !== 2) return undefined;
    const float8 = sqlType('float8');
    const floats = args.map((a) => coerce(a, float8, 'implicit', params, position));
    if (floats.some((a) => a === undefined)) return undefined;
    return {
      fn: name as RegressionAggregate,
      args: floats as LogicalExpr[],
      type: sqlType(name === 'regr_count' ? 'int8' : 'float8'),
    };
  }
  const t = args[0]?.type;
  const text = sqlType('text');
  switch (name) {
    case 'count':
      return args.length === 1 ? { fn: 'count', args, type: sqlType('int8') } : undefined;
    case 'sum':
    case 'avg': {
      if (args.length !== 1) return undefined;
      // sum and avg take numbers and intervals: an unknown argument fits two categories.
      if (t.name === 'unknown') {
        throw new DbError('42725', `function ${name}(unknown) is not unique`, {
          position,
          hint: 'Could not choose a best candidate function. You might need to add explicit type casts.',
        });
      }
      const r = (name === 'sum' ? SUM : AVG)[t.name];
      return r ? { fn: name, args, type: sqlType(r) } : undefined;
    }
    case 'min':
    case 'max': {
      if (args.length !== 1) return undefined;
      const c = typeCategory(t);
      if (c === 'other' && t.name !== 'bytea' && t.name !== 'oid' && t.name !== 'tid') return undefined;
      if (c === 'user' || c === 'range' || t.name === '_json') return undefined; // no min(anyrange)
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
      return moreAggregates(name, args, params, position);
  }
}

function moreAggregates(
  name: string,
  args: readonly LogicalExpr[],
  params: ParamTypes,
  position: number,
): { fn: AggregateName; args: readonly LogicalExpr[]; type: SqlType } | undefined {
  const t = args[0]?.type;
  const text = sqlType('text');
  const known = (x: LogicalExpr) =>
    x.type.name === 'unknown' ? coerceImplicit(x, text, params, position) : x;
  switch (name) {
    case 'array_agg': {
      if (args.length !== 1) return undefined;
      const a = known(args[0]);
      const type = isArrayType(a.type) ? a.type : arrayTypeOf(withoutTypmod(a.type));
      if (!type) throw new DbError('42704', `could not find array type for data type ${a.type.name}`);
      return { fn: 'array_agg', args: [a], type };
    }
    case 'json_agg':
    case 'jsonb_agg':
      if (args.length !== 1) return undefined;
      return { fn: name, args: [known(args[0])], type: sqlType(name === 'json_agg' ? 'json' : 'jsonb') };
    case 'json_object_agg':
    case 'jsonb_object_agg':
      if (args.length !== 2) return undefined;
      return {
        fn: name,
        args: args.map(known),
        type: sqlType(name === 'json_object_agg' ? 'json' : 'jsonb'),
      };
    case 'stddev':
    case 'stddev_samp':
    case 'stddev_pop':
    case 'variance':
    case 'var_samp':
    case 'var_pop': {
      if (args.length !== 1) return undefined;
      const r = t.name === 'unknown' ? 'float8' : STATS[t.name];
      if (!r) return undefined;
      const fn = name === 'stddev' ? 'stddev_samp' : name === 'variance' ? 'var_samp' : name;
      const a = t.name === 'unknown' ? coerceImplicit(args[0], sqlType('float8'), params, position) : args[0];
      return { fn, args: [a], type: sqlType(r) };
    }
    case 'percentile_cont': {
      // args: the fraction (or an array of fractions: one result each), then the WITHIN GROUP value.
      if (args.length !== 2) return undefined;
      const many = elementType(args[0].type) !== undefined;
      const fraction = coerceImplicit(args[0], sqlType(many ? '_float8' : 'float8'), params, position);
      const v =
        args[1].type.name === 'interval'
          ? args[1]
          : coerceImplicit(args[1], sqlType('float8'), params, position);
      return { fn: 'percentile_cont', args: [fraction, v], type: many ? arrayTypeOf(v.type)! : v.type };
    }
    case 'percentile_disc': {
      if (args.length !== 2) return undefined;
      const many = elementType(args[0].type) !== undefined;
      const fraction = coerceImplicit(args[0], sqlType(many ? '_float8' : 'float8'), params, position);
      const v = known(args[1]);
      const type = many ? arrayTypeOf(v.type) : v.type;
      if (type === undefined) return undefined;
      return { fn: 'percentile_disc', args: [fraction, v], type };
    }
    case 'mode': {
      if (args.length !== 1) return undefined;
      const v = known(args[0]);
      return { fn: 'mode', args: [v], type: v.type };
    }
    default:
      return undefined;
  }
}
