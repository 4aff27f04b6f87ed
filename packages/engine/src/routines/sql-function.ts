/**
 * LANGUAGE sql functions: the body's statements parsed, their parameter names turned into `$n`
 * and planned once per catalog view (session-routines.ts keeps them), then run one after
 * another in the calling statement's transaction; the result is the first column of the last
 * statement's first row, NULL when it has none (PostgreSQL's fmgr_sql for a scalar result), a
 * record of its columns with several OUT parameters, and every row for a set-returning function
 * (runSqlSetFunction).
 *
 * Names: a parameter is reached by its name or `function_name.name`, and by `$n`. As in
 * PostgreSQL, a column of the same name wins (a name becomes a parameter only where it does not
 * bind as a column).
 *
 * The checks of CREATE FUNCTION (fmgr_sql_validator, check_sql_fn_retval): every statement
 * binds, and the last one returns one column of a type that converts to the declared result
 * by an assignment cast (42P13 `return type mismatch` otherwise), unless the result is void.
 */
import type { CatalogView, FunctionDef } from '@rustydb/catalog';
import {
  canCast,
  castValue,
  DbError,
  formatType,
  type Row,
  SqlRecord,
  type SqlType,
  type Value,
} from '@rustydb/common';
import { type ExecutionContext, executePlanSync } from '@rustydb/executor';
import { optimize, type PhysicalPlan } from '@rustydb/optimizer';
import { parse, type Statement } from '@rustydb/parser';
import { bindStatementWithParams, outputColumns } from '@rustydb/planner';
import { substitute } from '../plpgsql/substitution.js';
import { DML_AND_QUERY_KINDS } from '../prepared-statement.js';
import { TRANSACTION_CONTROL } from '../transaction-block.js';
import { compositeResult, compositeRow } from './composite-result.js';

const ROW_KINDS: ReadonlySet<string> = new Set(['select', 'values', 'setOp']);

/** A SQL function's body, planned. */
export interface SqlFunctionPlan {
  readonly statements: readonly PhysicalPlan[];
  /**
   * Per result column (one for a scalar result), the last statement's column type when it
   * differs from the declared one (cast at run).
   */
  readonly castFrom: readonly (SqlType | undefined)[];
  /**
   * A function returning a named composite whose last statement returns the composite as one
   * column (`SELECT t FROM c2 t`), not its fields (`SELECT * FROM c2`).
   */
  readonly wholeRow?: true;
  /**
   * The body holds utility statements (DDL …), which are not planned here: CALL, and a
   * statement that is only the function's call (session-call.ts), run such a body statement by
   * statement through the session; run inside a query (or from a function's body) it is 0A000.
   */
  readonly utility?: true;
}

/** How CONTEXT names a SQL function (`SQL function "f"`). */
export const sqlFunctionContext = (def: FunctionDef): string => `SQL function "${def.name}"`;

/**
 * Parses, binds and plans `def`'s body against `catalog`. Sync.
 * @throws DbError 42601 (syntax), 42P13 (result mismatch), 0A000 (a statement other than a
 * query or DML, in a function), the binder's errors.
 */
export function planSqlFunction(
  def: FunctionDef,
  catalog: CatalogView,
  settings: ReadonlyMap<string, string>,
): SqlFunctionPlan {
  const parsed = parse(def.row.body).map((p) => p.stmt);
  const statements: PhysicalPlan[] = [];
  let castFrom: (SqlType | undefined)[] = [];
  let lastTypes: SqlType[] | undefined;
  let utility = false;
  for (let i = 0; i < parsed.length; i++) {
    const stmt = parsed[i]!;
    if (!DML_AND_QUERY_KINDS.has(stmt.kind)) {
      // Any statement (fmgr_sql_validator analyses a utility statement no further): a
      // procedure's transaction control fails when run, as PostgreSQL's; a function's here.
      if (def.row.kind !== 'p' && TRANSACTION_CONTROL.has(stmt.kind)) throw unsupportedInSqlFunction(stmt);
      utility = true;
      if (i === parsed.length - 1) castFrom = checkResult(def, stmt, []);
      continue;
    }
    const bound = bindWithParameters(stmt, def, catalog);
    statements.push(optimize(bound, { catalog, settings }));
    if (i === parsed.length - 1) {
      lastTypes = outputColumns(bound).map((c) => c.type);
      castFrom = checkResult(def, stmt, lastTypes);
    }
  }
  if (parsed.length === 0 && def.result?.name !== 'void') throw resultMismatch(def, finalStatementDetail);
  const wholeRow =
    lastTypes !== undefined && returnsWholeRow(def, lastTypes) ? { wholeRow: true as const } : {};
  return { statements, castFrom, ...wholeRow, ...(utility ? { utility: true as const } : {}) };
}

/**
 * Runs a planned body with `args` in a context made by `execution`; returns the result. Sync.
 * @throws DbError as the statements do, with CONTEXT `SQL function "f" statement n`.
 */
export function runSqlFunction(
  def: FunctionDef,
  plan: SqlFunctionPlan,
  args: readonly Value[],
  execution: (params: readonly Value[]) => ExecutionContext,
): Value {
  let first: Row | undefined;
  const keepFirst = {
    rows(batch: readonly Row[]): void {
      if (first === undefined && batch.length > 0) first = batch[0]!.slice();
    },
  };
  runStatements(def, plan, args, execution, keepFirst);
  if (def.result?.name === 'void' || first === undefined) return null;
  const row = first;
  // Several OUT parameters, or the fields of a composite: a record of them (one OUT parameter is
  // a plain value, as PostgreSQL's).
  if ((def.columns?.length ?? 0) > 1 || (compositeResult(def) !== undefined && !plan.wholeRow)) {
    return new SqlRecord(
      resultColumnTypes(def).map((t, i) => castColumn(row[i] ?? null, plan.castFrom[i], t)),
    );
  }
  return castColumn(row[0] ?? null, plan.castFrom[0], def.result!);
}

/**
 * Runs a planned body of a function called in FROM or returning a set: every row of the last
 * statement (only the first unless the function returns a set), each cast to the declared
 * column types. Sync. @throws DbError as runSqlFunction.
 */
export function runSqlSetFunction(
  def: FunctionDef,
  plan: SqlFunctionPlan,
  args: readonly Value[],
  execution: (params: readonly Value[]) => ExecutionContext,
): Value[][] {
  const rows: Value[][] = [];
  const targets = resultColumnTypes(def);
  const composite = plan.wholeRow ? compositeResult(def) : undefined;
  const keep = {
    rows(batch: readonly Row[]): void {
      for (const r of batch) {
        if (rows.length > 0 && !def.row.returnsSet) return;
        if (composite !== undefined) {
          rows.push(compositeRow(castColumn(r[0] ?? null, plan.castFrom[0], composite), composite));
        } else {
          rows.push(targets.map((t, i) => castColumn(r[i] ?? null, plan.castFrom[i], t)));
        }
      }
    },
  };
  runStatements(def, plan, args, execution, keep);
  if (def.result?.name === 'void') return rows.length > 0 || !def.row.returnsSet ? [[null]] : [];
  // A scalar function with no row returns one NULL row, as PostgreSQL's fmgr_sql; a procedure's
  // OUT parameters then have no record to come from (ExecuteCallStmt's error).
  if (rows.length === 0 && !def.row.returnsSet) {
    if (def.row.kind === 'p') throw new DbError('XX000', 'procedure returned null record');
    rows.push(targets.map(() => null));
  }
  return rows;
}

const castColumn = (v: Value, from: SqlType | undefined, to: SqlType): Value =>
  v === null || from === undefined ? v : castValue(v, from, to, false);

/**
 * The declared type of each result column: a RETURNS TABLE's columns, a composite result's
 * fields, else the one result type.
 */
export const resultColumnTypes = (def: FunctionDef): readonly SqlType[] =>
  def.columns?.map((c) => c.type) ?? compositeResult(def)?.fields?.map((f) => f.type) ?? [def.result!];

/**
 * Does a last statement returning `types` return a composite result as one value (one column of
 * a record type) rather than its fields? As PostgreSQL's check_sql_fn_retval.
 */
const returnsWholeRow = (def: FunctionDef, types: readonly SqlType[]): boolean =>
  compositeResult(def) !== undefined && types.length === 1 && types[0]!.name === 'record';

const DISCARD = { rows(): void {} };

/** Runs the statements, the last one's rows into `last`; errors get CONTEXT `SQL function "f" statement n`. */
function runStatements(
  def: FunctionDef,
  plan: SqlFunctionPlan,
  args: readonly Value[],
  execution: (params: readonly Value[]) => ExecutionContext,
  lastRows: { rows(batch: readonly Row[]): void },
): void {
  if (plan.utility) throw onlyQueriesAndDml();
  const last = plan.statements.length - 1;
  for (let i = 0; i <= last; i++) {
    try {
      executePlanSync(plan.statements[i]!, execution(args), i === last ? lastRows : DISCARD);
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      const line = `${sqlFunctionContext(def)} statement ${i + 1}`;
      throw err.with({ where: err.fields.where === undefined ? line : `${err.fields.where}\n${line}` });
    }
  }
}

/** 0A000 for what only a query or DML may do inside a function (plpgsql-function.ts says it too). */
export const onlyQueriesAndDml = (): DbError =>
  new DbError('0A000', 'only queries and INSERT / UPDATE / DELETE can run inside a function');

/** `stmt` bound with the function's parameters (see `withParameters`). */
function bindWithParameters(stmt: Statement, def: FunctionDef, catalog: CatalogView) {
  return bindStatementWithParams(withParameters(stmt, def, catalog), {
    catalog,
    sql: def.row.body,
    paramTypes: def.argTypes,
  }).plan;
}

/**
 * `stmt` (a query or DML) of `def`'s body with its parameters: `$n`, and each parameter name
 * (or `function.name`) that does not bind as a column against `catalog` turned into its `$n`.
 */
export function withParameters(stmt: Statement, def: FunctionDef, catalog: CatalogView): Statement {
  const names = new Map<string, number>();
  def.row.args.forEach((a, i) => {
    if (a.name !== undefined && a.name !== '') names.set(a.name, i + 1);
  });
  const bind = (s: Statement) =>
    bindStatementWithParams(s, { catalog, sql: def.row.body, paramTypes: def.argTypes }).plan;
  if (names.size === 0) return stmt;
  const replacer =
    (except: ReadonlySet<string>) =>
    (ref: readonly string[], location: number): object | undefined => {
      const p = parameterRef(ref, names, def);
      if (p === undefined || except.has(ref.join('.'))) return undefined;
      const param = { kind: 'param', number: p.number, location };
      return p.field === undefined ? param : { kind: 'fieldSelect', arg: param, field: p.field, location };
    };
  const columns = new Set<string>();
  // A name that binds as a column when left alone is the column (PostgreSQL resolves columns first).
  for (const ref of referencedNames(stmt, names, def)) {
    try {
      bind(substitute(stmt, replacer(new Set([ref]))) as Statement);
      columns.add(ref);
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
    }
  }
  return substitute(stmt, replacer(columns)) as Statement;
}

/**
 * The column references of `stmt` that name a parameter (`a`, `f.a`) or a field of a composite
 * one (`r.x`, `f.r.x`), as dotted text.
 */
function referencedNames(stmt: Statement, names: ReadonlyMap<string, number>, def: FunctionDef): Set<string> {
  const out = new Set<string>();
  substitute(stmt, (ref) => {
    if (parameterRef(ref, names, def) !== undefined) out.add(ref.join('.'));
    return undefined;
  });
  return out;
}

/**
 * The parameter a column reference names: `a` or `f.a`; or, when `r` is a parameter of a named
 * composite type, its field `x` by `r.x` or `f.r.x` (PostgreSQL's sql_fn_post_column_ref).
 */
function parameterRef(
  ref: readonly string[],
  names: ReadonlyMap<string, number>,
  def: FunctionDef,
): { number: number; field?: string } | undefined {
  const name = ref.length === 1 ? ref[0]! : ref.length === 2 && ref[0] === def.name ? ref[1]! : undefined;
  const n = name === undefined ? undefined : names.get(name);
  if (n !== undefined) return { number: n };
  const [param, field] =
    ref.length === 2 ? ref : ref.length === 3 && ref[0] === def.name ? ref.slice(1) : [undefined, undefined];
  const m = param === undefined ? undefined : names.get(param);
  if (m === undefined || def.argTypes[m - 1]?.composite === undefined) return undefined;
  return { number: m, field: field! };
}

const finalStatementDetail = "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.";

function resultMismatch(def: FunctionDef, detail: string): DbError {
  return new DbError(
    '42P13',
    `return type mismatch in function declared to return ${formatType(def.result!)}`,
    {
      detail,
    },
  );
}

/** The last statement against the declared result: per column, the type to cast from, if any. */
function checkResult(def: FunctionDef, stmt: Statement, types: readonly SqlType[]): (SqlType | undefined)[] {
  const result = def.result!;
  if (result.name === 'void') return [];
  if (!ROW_KINDS.has(stmt.kind) && types.length === 0) throw resultMismatch(def, finalStatementDetail);
  // Several columns, or a procedure's OUT parameters (a record even for one), or the fields of a
  // composite result.
  if (def.columns !== undefined && result.name === 'record') return checkColumns(def, types);
  if (result.composite !== undefined && !returnsWholeRow(def, types)) return checkColumns(def, types);
  if (types.length !== 1) throw resultMismatch(def, 'Final statement must return exactly one column.');
  const t = types[0]!;
  if (!castNeeded(t, result)) return [undefined];
  if (!canCast(t, result, 'assignment')) throw resultMismatch(def, `Actual return type is ${formatType(t)}.`);
  return [t];
}

/** RETURNS TABLE: as many columns as the table, each converting by an assignment cast. */
function checkColumns(def: FunctionDef, types: readonly SqlType[]): (SqlType | undefined)[] {
  const want = resultColumnTypes(def);
  if (types.length > want.length) throw resultMismatch(def, 'Final statement returns too many columns.');
  if (types.length < want.length) throw resultMismatch(def, 'Final statement returns too few columns.');
  return types.map((t, i) => {
    if (!castNeeded(t, want[i]!)) return undefined;
    if (!canCast(t, want[i]!, 'assignment')) {
      throw resultMismatch(
        def,
        `Final statement returns ${formatType(t)} instead of ${formatType(want[i]!)} at column ${i + 1}.`,
      );
    }
    return t;
  });
}

const castNeeded = (t: SqlType, to: SqlType): boolean =>
  t.name !== to.name ||
  t.typmod !== to.typmod ||
  t.enum?.oid !== to.enum?.oid ||
  t.composite?.oid !== to.composite?.oid;

/** 0A000 for a statement a SQL body cannot hold (transaction control; in a function, any but queries and DML). */
export function unsupportedInSqlFunction(stmt: Statement): DbError {
  if (stmt.kind === 'commit' || stmt.kind === 'rollback' || stmt.kind === 'begin') {
    return new DbError('0A000', `${stmt.kind.toUpperCase()} is not allowed in an SQL function`);
  }
  return new DbError('0A000', `only queries and INSERT / UPDATE / DELETE are supported in SQL functions`);
}
