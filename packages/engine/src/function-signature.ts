/**
 * What CREATE FUNCTION declares, checked as PostgreSQL's interpret_function_parameter_list and
 * CreateFunction do: the input parameters (IN, INOUT) sys_proc stores as `args`, and the result —
 * a type, `trigger`, or columns: RETURNS TABLE (…)'s, or the OUT / INOUT parameters' (the result
 * type is then the one column's, or `record`).
 *
 * Names: two inputs, or two outputs, may not share a name (an INOUT parameter is both); an IN
 * and an OUT parameter may. Defaults: an input after one with a default needs one too.
 *
 * OUT parameters are stored apart from the inputs, each with its declared position (so the
 * declared order is rebuilt for pg_proc.proargmodes, pg_get_function_arguments and CALL).
 *
 * A procedure has no result: `void`, or with OUT / INOUT parameters `record` (even for one).
 */
import type { CatalogView, ProcArg, ResultColumn } from '@rustydb/catalog';
import { storedColumnType } from '@rustydb/catalog';
import { DbError, type ErrorFields, formatType, recordType, type SqlType, sqlType } from '@rustydb/common';
import { type CreateFunctionStmt, type FunctionArg, formatExpr } from '@rustydb/parser';
import { resolveTypeName } from '@rustydb/planner';

const invalid = (message: string, fields: ErrorFields = {}) => new DbError('42P13', message, fields);

/** The declared parameters and result. @throws DbError 42P13, 0A000, 42704 as PostgreSQL. */
export function functionSignature(
  stmt: CreateFunctionStmt,
  language: string,
  catalog: CatalogView,
): { args: ProcArg[]; result: SqlType | 'trigger'; columns: ResultColumn[] | undefined } {
  checkParameters(stmt.args, stmt.procedure === true);
  const args = stmt.args.filter((a) => a.mode !== 'out').map((a) => functionArg(a, catalog));
  const columns = tableColumns(stmt, catalog) ?? outColumns(stmt.args, catalog);
  return { args, result: resultType(stmt, language, catalog, columns), columns };
}

/** An input parameter as sys_proc stores it: its type without typmod, as PostgreSQL keeps it. */
function functionArg(a: FunctionArg, catalog: CatalogView): ProcArg {
  if (a.mode === 'variadic') {
    throw new DbError('0A000', 'VARIADIC parameters are not supported', { position: a.location + 1 });
  }
  if (a.setof) throw invalid('functions cannot accept set arguments', { position: a.location + 1 });
  return {
    ...storedColumnType(parameterType(a, catalog)),
    ...(a.name === undefined ? {} : { name: a.name }),
    ...(a.default === undefined ? {} : { default: formatExpr(a.default) }),
    ...(a.mode === 'inout' ? { mode: 'b' as const } : {}),
  };
}

const parameterType = (a: FunctionArg, catalog: CatalogView): SqlType =>
  withoutTypmod(resolveTypeName(a.type, catalog));

/** `t` without its typmod: how PostgreSQL keeps parameter types. */
export const withoutTypmod = (t: SqlType): SqlType => (t.typmod === -1 ? t : { ...t, typmod: -1 });

/**
 * Parameter names used once per direction; defaults only at the end of the inputs, and for a
 * procedure (whose CALL passes OUT arguments) not before an OUT parameter either (42P13).
 */
function checkParameters(args: readonly FunctionArg[], procedure: boolean): void {
  const inputs = new Set<string>();
  const outputs = new Set<string>();
  let defaulted = false;
  for (const a of args) {
    const isIn = a.mode !== 'out';
    const isOut = a.mode === 'out' || a.mode === 'inout';
    if (a.name !== undefined) {
      if ((isIn && inputs.has(a.name)) || (isOut && outputs.has(a.name))) {
        throw invalid(`parameter name "${a.name}" used more than once`);
      }
      if (isIn) inputs.add(a.name);
      if (isOut) outputs.add(a.name);
    }
    if (!isIn) {
      if (procedure && defaulted)
        throw invalid('procedure OUT parameters cannot appear after one with a default value');
      continue;
    }
    if (a.default !== undefined) defaulted = true;
    else if (defaulted)
      throw invalid('input parameters after one with a default value must also have defaults');
  }
}

/**
 * The columns of RETURNS TABLE (…) as sys_proc stores them (types without typmod), or undefined.
 * @throws DbError 42P13 for a column name used twice.
 */
function tableColumns(stmt: CreateFunctionStmt, catalog: CatalogView): ResultColumn[] | undefined {
  if (stmt.returnsTable === undefined) return undefined;
  // An input parameter may share a column's name (PostgreSQL allows IN and OUT of one name).
  const names = new Set<string>();
  return stmt.returnsTable.map((c, i) => {
    const name = c.name ?? `column${i + 1}`;
    if (names.has(name)) throw invalid(`parameter name "${name}" used more than once`);
    names.add(name);
    return { name, ...storedColumnType(parameterType(c, catalog)) };
  });
}

/**
 * The OUT and INOUT parameters as result columns (unnamed ones `column<n>`; an OUT one with its
 * position among all the parameters), or undefined.
 */
function outColumns(args: readonly FunctionArg[], catalog: CatalogView): ResultColumn[] | undefined {
  const outs = args.filter((a) => a.mode === 'out' || a.mode === 'inout');
  if (outs.length === 0) return undefined;
  return outs.map((a, i) => ({
    name: a.name ?? `column${i + 1}`,
    ...storedColumnType(parameterType(a, catalog)),
    ...(a.mode === 'inout' ? { mode: 'b' as const } : { mode: 'o' as const, position: args.indexOf(a) }),
  }));
}

function resultType(
  stmt: CreateFunctionStmt,
  language: string,
  catalog: CatalogView,
  columns: readonly ResultColumn[] | undefined,
): SqlType | 'trigger' {
  if (stmt.returnsTable !== undefined) return recordType([]);
  if (stmt.procedure) return columns === undefined ? sqlType('void') : recordType([]);
  if (columns !== undefined) return outResultType(stmt, catalog, columns);
  if (stmt.returns === undefined) throw invalid('function result type must be specified');
  const r = stmt.returns;
  const bare = r.schema === undefined && r.arrayBounds.length === 0;
  if (bare && r.name === 'trigger') {
    if (stmt.returnsSet) throw invalid('function result type cannot be SETOF trigger');
    if (language === 'sql') throw invalid('SQL functions cannot return type trigger');
    if (stmt.args.length > 0)
      throw invalid('trigger functions cannot have declared arguments', {
        hint: 'The arguments of the trigger can be accessed through TG_NARGS and TG_ARGV instead.',
      });
    return 'trigger';
  }
  if (bare && r.name === 'record') {
    throw new DbError('0A000', 'functions returning record without OUT parameters are not supported');
  }
  return withoutTypmod(resolveTypeName(r, catalog));
}

/** With OUT parameters, RETURNS may only name what they make: the one column's type, or record. */
function outResultType(
  stmt: CreateFunctionStmt,
  catalog: CatalogView,
  columns: readonly ResultColumn[],
): SqlType {
  const single =
    columns.length === 1 ? parameterType(stmt.args.find((a) => a.mode !== 'in')!, catalog) : undefined;
  const want = single ?? recordType([]);
  const r = stmt.returns;
  if (r !== undefined) {
    const record = r.schema === undefined && r.arrayBounds.length === 0 && r.name === 'record';
    const written = record ? recordType([]) : withoutTypmod(resolveTypeName(r, catalog));
    if (written.name !== want.name) {
      throw invalid(`function result type must be ${formatType(want)} because of OUT parameters`);
    }
  }
  return want;
}
