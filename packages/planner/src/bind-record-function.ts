/**
 * Functions returning `record` in FROM, whose columns the query names with a column definition
 * list: `json_to_record(j) AS x(a int, b text)`, and `jsonb_to_record`, `json[b]_to_recordset`
 * (one row per object of an array). PostgreSQL's rules: such a function needs the list (42601
 * `a column definition list is required …`), no other function may have one (42601 `… is only
 * allowed …`), and a column name may appear once (42701). The executor reads each named key of
 * the object into its column's type (json-record-rows.ts).
 */
import { DbError, formatTypeName, type RecordField, sqlType, undefinedFunction } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder } from './bind-expr.js';
import { coerceImplicit } from './coerce.js';
import type { LogicalExpr } from './logical-plan.js';
import { resolveTypeName } from './resolve-type-name.js';
import type { Scope } from './scope.js';

/** The functions and the json type each takes. */
const RECORD_FUNCTIONS: ReadonlyMap<string, 'json' | 'jsonb'> = new Map([
  ['json_to_record', 'json'],
  ['jsonb_to_record', 'jsonb'],
  ['json_to_recordset', 'json'],
  ['jsonb_to_recordset', 'jsonb'],
]);

/** Is `call` one of pg_catalog's functions returning `record`? */
export const returnsRecord = (call: ast.FuncCall): boolean =>
  RECORD_FUNCTIONS.has(call.name) && (call.schema ?? 'pg_catalog') === 'pg_catalog';

/** 42601 for a column definition list on a function that does not return `record`. */
export const columnDefinitionNotAllowed = (columnDefs: readonly ast.FunctionColumnDef[]): DbError =>
  new DbError('42601', 'a column definition list is only allowed for functions returning "record"', {
    position: columnDefs[0]!.location + 1,
  });

/**
 * Binds the call's argument (a json or jsonb value; an untyped literal is read as one) and its
 * column definition list `columnDefs`. Throws 42601, 42701 and 42883 as PostgreSQL.
 */
export function bindRecordFunction(
  b: ExprBinder,
  call: ast.FuncCall,
  columnDefs: readonly ast.FunctionColumnDef[],
  scope: Scope,
): { args: LogicalExpr[]; fields: RecordField[] } {
  const pos = call.location + 1;
  if (columnDefs.length === 0) {
    throw new DbError('42601', 'a column definition list is required for functions returning "record"', {
      position: pos,
    });
  }
  const bound = call.args.map((a) => b.bind(a, { scope, clause: 'FROM' }));
  const want = sqlType(RECORD_FUNCTIONS.get(call.name)!);
  const arg = bound[0];
  if (bound.length !== 1 || (arg!.type.name !== 'unknown' && arg!.type.name !== want.name)) {
    throw undefinedFunction(`${call.name}(${bound.map((x) => formatTypeName(x.type)).join(', ')})`, pos);
  }
  const fields: RecordField[] = [];
  for (const def of columnDefs) {
    if (fields.some((f) => f.name === def.name)) {
      throw new DbError('42701', `column name "${def.name}" specified more than once`);
    }
    fields.push({ name: def.name, type: resolveTypeName(def.type, b.state.types) });
  }
  return { args: [coerceImplicit(arg!, want, b.state.params, call.args[0]!.location + 1)], fields };
}
