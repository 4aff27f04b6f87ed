/**
 * A function FROM item as PostgreSQL's transformRangeFunction and addRangeTableEntryForFunction
 * build it: `f(args) [WITH ORDINALITY]`, `ROWS FROM (f(…) [AS (coldefs)], g(…), …) [WITH
 * ORDINALITY]`, and `unnest(a1, a2, …)`, which is ROWS FROM (unnest(a1), unnest(a2), …). The
 * functions run side by side in one Function Scan; the columns are each function's in turn, then
 * `ordinality`, then renamed by the alias's column list.
 *
 * Column names: a function's own (OUT parameters, RETURNS TABLE, a column definition list), else
 * for a one-column function the alias when it is the only function, else the function's name.
 */
import { DbError, type SqlType, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { checkAliasColumns } from './alias-columns.js';
import type { ExprBinder } from './bind-expr.js';
import { bindRecordFunction, columnDefinitionNotAllowed, returnsRecord } from './bind-record-function.js';
import { bindRoutineSetCall, mayBeRoutine } from './bind-routine-set.js';
import { bindSeriesArgs } from './bind-series.js';
import { bindSetReturningCall, setReturningFunction } from './bind-set-returning.js';
import type { FunctionScanNode, PlanColumn, ScanFunction } from './logical-plan.js';
import { Scope } from './scope.js';

/** A bound function of the item: what the scan calls, and the columns it returns. */
interface BoundFunction {
  readonly scan: ScanFunction;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  /** Named after the function only (no OUT parameter names it): the alias may name it instead. */
  readonly scalar: boolean;
}

/** The Function Scan of `item`, its arguments bound in a scope over `outer` (LATERAL). */
export function bindFunctionScan(
  b: ExprBinder,
  item: ast.FunctionRef,
  outer: Scope | undefined,
): FunctionScanNode {
  const functions = item.functions.flatMap(expandUnnest);
  const columnDefs = columnDefinitionLists(item, functions);
  const scope = new Scope([], outer);
  const bound = functions.map((f, i) => bindFunction(b, f.call, columnDefs[i], scope));
  const alias = item.alias?.name ?? functions[0].call.name;
  const names: { name: string; type: SqlType }[] = bound.flatMap((f) =>
    f.columns.map((c) => ({
      name: f.scalar && item.alias && bound.length === 1 ? item.alias.name : c.name,
      type: c.type,
    })),
  );
  if (item.withOrdinality) names.push({ name: 'ordinality', type: sqlType('int8') });
  const renamed = item.alias?.columns ?? [];
  checkAliasColumns(alias, names.length, renamed.length, item.location);
  const columns: PlanColumn[] = names.map((c, i) => ({
    name: renamed[i] ?? c.name,
    type: c.type,
    tableOid: 0,
    columnAttnum: 0,
  }));
  return {
    kind: 'functionScan',
    functions: bound.map((f) => f.scan),
    ordinality: item.withOrdinality,
    alias,
    columns,
  };
}

/**
 * `unnest(a1, a2, …)`: one `unnest(ai)` per argument, as PostgreSQL rewrites it (in ROWS FROM
 * too); a plain call, a qualified one, or one with its own column definition list stays as is.
 */
function expandUnnest(f: ast.RangeFunction): ast.RangeFunction[] {
  const c = f.call;
  if (
    c.name !== 'unnest' ||
    c.schema !== undefined ||
    c.args.length < 2 ||
    c.argNames?.some((n) => n !== null) ||
    c.star ||
    c.distinct ||
    c.variadic ||
    c.orderBy.length > 0 ||
    c.filter !== undefined ||
    c.over !== undefined ||
    f.columnDefs.length > 0
  ) {
    return [f];
  }
  return c.args.map((arg) => ({
    call: { ...c, args: [arg], argNames: undefined, schema: 'pg_catalog' },
    columnDefs: [],
  }));
}

/**
 * Each function's column definition list: its own inside ROWS FROM, or the item's (`AS t(a int)`)
 * for a lone function. Throws 42601 for a list after several functions, a list beside WITH
 * ORDINALITY, and two lists for one function, as PostgreSQL.
 */
function columnDefinitionLists(
  item: ast.FunctionRef,
  functions: readonly ast.RangeFunction[],
): (readonly ast.FunctionColumnDef[])[] {
  const own = functions.map((f) => f.columnDefs);
  if (item.columnDefs.length === 0) return own;
  const position = item.columnDefs[0].location + 1;
  if (own[0].length > 0) {
    throw new DbError('42601', 'multiple column definition lists are not allowed for the same function', {
      position,
    });
  }
  if (functions.length !== 1) {
    throw item.rowsFrom
      ? new DbError('42601', 'ROWS FROM() with multiple functions cannot have a column definition list', {
          position,
          hint: 'Put a separate column definition list for each function inside ROWS FROM().',
        })
      : new DbError('42601', 'UNNEST() with multiple arguments cannot have a column definition list', {
          position,
          hint: 'Use separate UNNEST() calls inside ROWS FROM(), and attach a column definition list to each one.',
        });
  }
  if (item.withOrdinality) {
    throw new DbError('42601', 'WITH ORDINALITY cannot be used with a column definition list', {
      position,
      hint: 'Put the column definition list inside ROWS FROM().',
    });
  }
  return [item.columnDefs];
}

/**
 * One function: a built-in set-returning one, one returning `record` (its column definition list
 * names the columns), a user-defined one, or generate_series. Throws 42601 for a column
 * definition list on a function not returning `record`, 42883 for a missing function, 0A000 for a
 * built-in function RustyDB does not run in FROM.
 */
function bindFunction(
  b: ExprBinder,
  call: ast.FuncCall,
  columnDefs: readonly ast.FunctionColumnDef[],
  scope: Scope,
): BoundFunction {
  if (returnsRecord(call)) {
    const { args, fields } = bindRecordFunction(b, call, columnDefs, scope);
    const scan = { fn: call.name, args, width: fields.length, recordFields: fields };
    return { scan, columns: fields, scalar: false };
  }
  if (columnDefs.length > 0) throw columnDefinitionNotAllowed(columnDefs);
  if (setReturningFunction(call)) {
    const { sig, args, columns } = bindSetReturningCall(b, call, scope, 'FROM');
    return { scan: { fn: call.name, args, width: columns.length }, columns, scalar: !sig.outParams };
  }
  // Any call but generate_series binds here: a missing function is 42883, as in PostgreSQL.
  if (call.name !== 'generate_series' || mayBeRoutine(b, call)) {
    const routine = bindRoutineSetCall(b, call, scope, 'FROM');
    if (routine !== undefined) {
      const scan = {
        fn: routine.name,
        args: routine.args,
        width: routine.columns.length,
        routine: routine.oid,
      };
      return { scan, columns: routine.columns, scalar: !routine.outColumns };
    }
  }
  if (call.name !== 'generate_series' || (call.schema !== undefined && call.schema !== 'pg_catalog')) {
    throw new DbError('0A000', `function ${call.name} in FROM is not supported`, {
      position: call.location + 1,
    });
  }
  const { args, type } = bindSeriesArgs(b, call, scope);
  return {
    scan: { fn: 'generate_series', args, width: 1 },
    columns: [{ name: call.name, type }],
    scalar: true,
  };
}
