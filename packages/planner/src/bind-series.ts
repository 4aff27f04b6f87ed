/**
 * generate_series's arguments, in FROM and in a select list: which of PostgreSQL's forms a call
 * is (int4, int8, numeric; timestamp or timestamptz with an interval step) and its arguments
 * coerced to it.
 */
import { DbError, formatType, type SqlType, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder } from './bind-expr.js';
import { coerceImplicit } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import type { Scope } from './scope.js';
import { arithmeticType } from './type-rules.js';

/**
 * generate_series(a, b [, step]) over int4, int8 or numeric, or (a, b, interval) over timestamp
 * or timestamptz (a date is a timestamptz, PostgreSQL's preferred type): the arguments coerced
 * to one type.
 */
export function bindSeriesArgs(
  exprs: ExprBinder,
  call: ast.FuncCall,
  scope: Scope,
): { args: LogicalExpr[]; type: SqlType } {
  const pos = call.location + 1;
  const bound = call.args.map((a) => exprs.bind(a, { scope, clause: 'FROM' }));
  let type: SqlType | undefined = bound.length === 2 || bound.length === 3 ? sqlType('int4') : undefined;
  const datetime = seriesDatetimeType(bound);
  if (datetime) type = datetime;
  for (const b of datetime ? [] : bound) {
    if (!type) break;
    if (b.type.name === 'unknown') continue;
    type = arithmeticType(type, b.type);
    if (type && (type.name === 'float4' || type.name === 'float8' || type.name === 'int2')) {
      type = type.name === 'int2' ? sqlType('int4') : undefined;
    }
  }
  if (!type) {
    const sig = bound.map((b) => formatTypeName(b.type)).join(', ');
    throw new DbError('42883', `function generate_series(${sig}) does not exist`, {
      position: pos,
      hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    });
  }
  const t = type;
  const args = bound.map((b, i) =>
    coerceImplicit(b, i === 2 && datetime ? INTERVAL : t, exprs.state.params, call.args[i].location + 1),
  );
  return { args, type: t };
}

const INTERVAL = sqlType('interval');

/**
 * The type of a generate_series over date/times: timestamp when its bounds are timestamps,
 * timestamptz when either is a timestamptz or date or both are untyped; undefined when the call
 * is not (start, stop, interval) with date/time bounds (the numeric forms, or no such function).
 */
function seriesDatetimeType(args: readonly LogicalExpr[]): SqlType | undefined {
  if (args.length !== 3 || (args[2].type.name !== 'interval' && args[2].type.name !== 'unknown'))
    return undefined;
  const bounds = [args[0].type.name, args[1].type.name];
  const known = bounds.filter((n) => n !== 'unknown');
  if (!known.every((n) => n === 'timestamp' || n === 'timestamptz' || n === 'date')) return undefined;
  if (known.length === 0 && args[2].type.name === 'unknown') return undefined;
  return known.length > 0 && known.every((n) => n === 'timestamp')
    ? sqlType('timestamp')
    : sqlType('timestamptz');
}

/** A type as function-signature messages name it (`unknown` for an untyped literal). */
function formatTypeName(t: SqlType): string {
  return t.name === 'unknown' ? 'unknown' : formatType(sqlType(t.name));
}
