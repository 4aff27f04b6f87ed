/**
 * Set-returning functions other than generate_series (unnest, jsonb_array_elements(_text),
 * jsonb_each(_text), jsonb_object_keys): argument binding and output columns, for FROM items
 * (`FROM unnest(a) WITH ORDINALITY AS u(x, n)`) and select-list items (`unnest(a)`,
 * `information_schema._pg_expandarray(a)` as a record, `(_pg_expandarray(a)).n` as one column).
 */
import {
  DbError,
  elementType,
  formatType,
  formatTypeName,
  isArrayType,
  recordType,
  type SqlType,
  sqlType,
  undefinedFunction,
} from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder } from './bind-expr.js';
import { fieldSelectPosition } from './bind-field-select.js';
import { coerceImplicit } from './coerce.js';
import { SET_RETURNING, type SetReturningSignature } from './function-signatures.js';
import type { LogicalExpr } from './logical-plan.js';
import { describeNamedCall, positionalArguments } from './named-arguments.js';
import type { Scope } from './scope.js';

/** The signature of set-returning function `name`, if it is one of these. */
export function setReturningFunction(call: ast.FuncCall): SetReturningSignature | undefined {
  return SET_RETURNING.find((s) => s.name === call.name && matchesSchema(s, call));
}

/** Is `e` a call of one of these functions (the select list checks before binding)? */
export const isSetReturningCall = (e: ast.Expr): boolean =>
  e.kind === 'funcCall' && e.over === undefined && setReturningFunction(e) !== undefined;

/** The bound arguments and output columns of a call. Throws 42883 / 42804 as PostgreSQL. */
export function bindSetReturningCall(
  b: ExprBinder,
  call: ast.FuncCall,
  scope: Scope,
  clause: string,
): { sig: SetReturningSignature; args: LogicalExpr[]; columns: { name: string; type: SqlType }[] } {
  const pos = call.location + 1;
  // Named notation (jsonb_path_query(j, p, silent => true)) made positional, defaults filled in.
  const argExprs = positionalArguments(call);
  const bound = (argExprs ?? call.args).map((a) => b.bind(a, { scope, clause }));
  if (argExprs === undefined) {
    throw undefinedFunction(
      describeNamedCall(
        call,
        bound.map((x) => formatTypeName(x.type)),
      ),
      pos,
    );
  }
  // As PostgreSQL names the call in 42883: qualified as written (`pg_catalog.unnest(integer)`).
  const signature = () =>
    `${call.schema === undefined ? '' : `${call.schema}.`}${call.name}(${bound.map((x) => formatTypeName(x.type)).join(', ')})`;
  const candidates = SET_RETURNING.filter(
    (s) => s.name === call.name && s.args.length === bound.length && matchesSchema(s, call),
  );
  // unnest(tsvector) beside unnest(anyarray): the one whose first argument's type fits.
  const sig =
    candidates.find((s) => s.args[0] === 'tsvector' && bound[0]?.type.name === 'tsvector') ??
    candidates.find((s) => s.args[0] !== 'tsvector');
  if (!sig) throw undefinedFunction(signature(), pos);
  const columns: { name: string; type: SqlType }[] = [];
  const args = bound.map((x, i) => {
    const want = sig.args[i];
    const at = argExprs[i]!.location + 1;
    if (want !== 'anyarray') return coerceImplicit(x, sqlType(want), b.state.params, at);
    if (x.type.name === 'unknown') {
      throw new DbError('42804', 'could not determine polymorphic type because input has type unknown', {
        position: at,
      });
    }
    if (!isArrayType(x.type)) throw undefinedFunction(signature(), pos);
    for (const c of i === 0 ? sig.columns : []) {
      columns.push({ name: c.name, type: c.type === 'anyelement' ? elementOf(x.type) : sqlType(c.type) });
    }
    return x;
  });
  if (!sig.args.includes('anyarray'))
    columns.push(...sig.columns.map((c) => ({ name: c.name, type: sqlType(c.type) })));
  return { sig, args, columns };
}

const elementOf = (t: SqlType): SqlType => sqlType(elementType(t)!.name);

const matchesSchema = (s: SetReturningSignature, call: ast.FuncCall): boolean =>
  s.schema === undefined ? (call.schema ?? 'pg_catalog') === 'pg_catalog' : call.schema === s.schema;

/** The set-returning call a select-list item is, bare or under field selection `(f(x)).c`. */
function setReturningTargetCall(e: ast.Expr): ast.FuncCall | undefined {
  const inner = e.kind === 'fieldSelect' ? e.arg : e;
  return inner.kind === 'funcCall' && isSetReturningCall(inner) ? inner : undefined;
}

/** Is select-list item `e` one ProjectSet evaluates: `f(x)` or `(f(x)).c` for a function above? */
export const isSetReturningTarget = (e: ast.Expr): boolean => setReturningTargetCall(e) !== undefined;

/**
 * A set-returning select-list item: the call's bound arguments, and what the item takes from each
 * row the function returns: the column `field` (`(f(x)).c`, or the only column of a one-column
 * function), or, with `field` absent, the whole row as a record (`_pg_expandarray(a)` gives
 * `(10,1)`, as PostgreSQL). Synchronous. Throws 42703 for a field the function does not return,
 * and what bindSetReturningCall throws.
 */
export function bindSetReturningTarget(
  b: ExprBinder,
  e: ast.Expr,
  scope: Scope,
): { fn: string; args: LogicalExpr[]; type: SqlType; field?: number } {
  const call = setReturningTargetCall(e)!;
  const { args, columns } = bindSetReturningCall(b, call, scope, 'SELECT');
  if (e.kind === 'fieldSelect') {
    const field = columns.findIndex((c) => c.name === e.field);
    if (field < 0 || columns.length === 1) {
      // A one-column function returns a scalar, not a composite (PostgreSQL: 42809).
      if (columns.length === 1) {
        throw new DbError(
          '42809',
          `column notation .${e.field} applied to type ${formatType(columns[0].type)}, which is not a composite type`,
          { position: fieldSelectPosition(b.state.sql, call) },
        );
      }
      throw new DbError('42703', `could not identify column "${e.field}" in record data type`, {
        position: fieldSelectPosition(b.state.sql, call),
      });
    }
    return { fn: call.name, args, type: columns[field].type, field };
  }
  if (columns.length === 1) return { fn: call.name, args, type: columns[0].type, field: 0 };
  return { fn: call.name, args, type: recordType(columns) };
}
