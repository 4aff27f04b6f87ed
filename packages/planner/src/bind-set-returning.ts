/**
 * Set-returning functions other than generate_series (unnest, jsonb_array_elements(_text),
 * jsonb_each(_text), jsonb_object_keys): argument binding and output columns, for FROM items
 * (`FROM unnest(a) WITH ORDINALITY AS u(x, n)`) and one-column calls in a select list.
 */
import { DbError, elementType, isArrayType, type SqlType, sqlType, undefinedFunction } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder } from './bind-expr.js';
import { coerceImplicit } from './coerce.js';
import { SET_RETURNING, type SetReturningSignature } from './function-signatures.js';
import type { LogicalExpr } from './logical-plan.js';
import type { Scope } from './scope.js';

/** The signature of set-returning function `name`, if it is one of these. */
export function setReturningFunction(call: ast.FuncCall): SetReturningSignature | undefined {
  if (call.schema !== undefined && call.schema !== 'pg_catalog') return undefined;
  return SET_RETURNING.find((s) => s.name === call.name);
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
  const sig = setReturningFunction(call)!;
  const bound = call.args.map((a) => b.bind(a, { scope, clause }));
  const typeText = () => bound.map((x) => x.type.name).join(', ');
  if (bound.length !== sig.args.length) throw undefinedFunction(`${call.name}(${typeText()})`, pos);
  let elem: SqlType | undefined;
  const args = bound.map((x, i) => {
    const want = sig.args[i];
    const at = call.args[i].location + 1;
    if (want === 'anyarray') {
      if (x.type.name === 'unknown') {
        throw new DbError('42804', 'could not determine polymorphic type because input has type unknown', {
          position: at,
        });
      }
      if (!isArrayType(x.type)) throw undefinedFunction(`${call.name}(${typeText()})`, pos);
      elem = elementType(x.type);
      return x;
    }
    const out = coerceImplicit(x, sqlType(want), b.state.params, at);
    return out;
  });
  const columns = sig.columns.map((c) => ({
    name: c.name,
    type: c.type === 'anyelement' ? sqlType(elem!.name) : sqlType(c.type),
  }));
  return { sig, args, columns };
}
