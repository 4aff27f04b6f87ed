/**
 * CALL name(args) (PostgreSQL's ExecuteCallStmt): the call bound (planner bindCall: overload
 * resolution counting OUT parameters, named arguments, defaults), its input arguments
 * evaluated by a one-row plan, then the procedure's body run with them:
 *
 * - LANGUAGE plpgsql, at top level or from a DO block or procedure: by the interpreter over the
 *   session, as a DO block is (do-statement.ts's routineHost: any statement, DDL included, each
 *   with its own snapshot), and non-atomic when the CALL is (COMMIT / ROLLBACK inside; see
 *   TRANSACTION CONTROL there). A SECURITY DEFINER procedure's body is atomic, as PostgreSQL's.
 * - LANGUAGE sql, and any procedure a function's body calls: synchronously as a function is
 *   (session-routines.ts): queries and DML only, atomic. A SQL procedure holding other
 *   statements (DDL …) runs them one by one through the session instead (callSqlBody), still
 *   atomic; from a function's body it is 0A000.
 *
 * With OUT or INOUT parameters the CALL returns one row of their values (RowDescription,
 * DataRow, then the `CALL` tag); PL/pgSQL stores them back into the variables written as their
 * arguments (statement-sql.ts), which is why a result here names the argument of each column.
 *
 * Calls nest up to MAX_CALL_DEPTH deep (54001 past it), as function calls do.
 */
import { type CatalogView, declaredParameters, type FunctionDef, privilegesFor } from '@rustydb/catalog';
import { castValue, DbError, type Row, type SqlType, type Value } from '@rustydb/common';
import { type ExecutionContext, executePlan, executePlanSync, type RoutineAccess } from '@rustydb/executor';
import { optimize } from '@rustydb/optimizer';
import { type CallStmt, parse, type Statement } from '@rustydb/parser';
import { type BoundCall, bindCall } from '@rustydb/planner';
import type { QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import { type DoSession, type RoutineSite, routineHost } from './do-statement.js';
import type { Block } from './plpgsql/ast.js';
import type { SqlResult } from './plpgsql/host.js';
import { checkLeftover, Interpreter, runAsync } from './plpgsql/interpreter.js';
import { callFields, DML_AND_QUERY_KINDS } from './prepared-statement.js';
import { blockVariables, parsePlpgsqlBody } from './routines/plpgsql-function.js';
import { functionSignature, MAX_CALL_DEPTH, stackDepthExceeded } from './routines/session-routines.js';
import { sqlFunctionContext, unsupportedInSqlFunction, withParameters } from './routines/sql-function.js';
import { TRANSACTION_CONTROL } from './transaction-block.js';

/** A procedure's call as its caller sees it: the OUT / INOUT values and where they go. */
interface CallOutcome {
  readonly procedure: FunctionDef;
  /** The OUT and INOUT parameters' values, in order; undefined without such parameters. */
  readonly values: readonly Value[] | undefined;
  readonly callArguments: SqlResult['callArguments'];
}

/**
 * CALL at top level (or through the extended protocol) in `tx`; `atomic` when it may not end
 * the transaction (inside a transaction block or a multi-statement message). Async.
 * @throws DbError as binding, the arguments or the body do.
 */
export async function runCall(
  stmt: CallStmt,
  session: DoSession,
  tx: Transaction,
  atomic: boolean,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly (SqlType | undefined)[] | undefined,
  out: QueryOutput,
): Promise<void> {
  const site: RoutineSite = { tx, atomic, depth: 0 };
  const outcome = await callProcedure(stmt, sql, params, paramTypes, session, site, out);
  if (outcome.values !== undefined) {
    out.rowDescription(callFields(outcome.procedure));
    out.dataRow(outcome.values);
  }
  out.commandComplete('CALL');
}

/** CALL from a DO block or procedure (routineHost): a new command, its row for the interpreter. */
export async function runNestedCall(
  stmt: CallStmt,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly SqlType[],
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<SqlResult> {
  site.tx.startStatement();
  const outcome = await callProcedure(stmt, sql, params, paramTypes, session, site, out);
  site.tx.nextCommand();
  return callResult(outcome);
}

/**
 * CALL inside a function's body (atomic, synchronous): the procedure runs through the
 * session's routines as a function would. Sync. @throws DbError as runCall.
 */
export function runCallInFunction(
  stmt: CallStmt,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly SqlType[],
  catalog: CatalogView,
  settings: ReadonlyMap<string, string>,
  execution: (params: readonly Value[]) => ExecutionContext,
): SqlResult {
  const bound = bindCall(stmt, { catalog, sql, paramTypes });
  const ex = execution(params);
  const args = new FirstRow();
  executePlanSync(optimize(bound.plan, { catalog, settings }), ex, args);
  return callResult(callSync(bound, args.row!, ex.routines!));
}

async function callProcedure(
  stmt: CallStmt,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly (SqlType | undefined)[] | undefined,
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<CallOutcome> {
  if (site.depth >= MAX_CALL_DEPTH) throw stackDepthExceeded();
  const ctx = session.statementContext(site.tx, sql, params, paramTypes, out);
  const catalog = ctx.catalog;
  const bound = bindCall(stmt, { catalog, sql, ...(paramTypes === undefined ? {} : { paramTypes }) });
  const ex = ctx.execution();
  const first = new FirstRow();
  await executePlan(optimize(bound.plan, { catalog, settings: ctx.settings.all() }), ex, first);
  const args = first.row!;
  const def = bound.procedure;
  // A SECURITY DEFINER procedure's statements run as its owner (a body the session's routines
  // run, callSync's, switches in session-routines.ts instead).
  const restore = def.row.securityDefiner ? runAsOwner(session, def, catalog) : undefined;
  site.depth++;
  try {
    if (def.row.language === 'plpgsql') {
      // A SECURITY DEFINER procedure may not end the transaction (PostgreSQL: its body is atomic).
      const body = def.row.securityDefiner && !site.atomic ? atomicSite(site) : site;
      return await callPlpgsql(def, args, bound, session, body, out);
    }
    const statements = sqlStatements(def);
    if (statements.every((s) => DML_AND_QUERY_KINDS.has(s.kind))) return callSync(bound, args, ex.routines!);
    return await callSqlBody(def, statements, args, bound, session, atomicSite(site), out);
  } finally {
    site.depth--;
    restore?.();
  }
}

/**
 * Makes the session's current user `def`'s owner until the returned function restores the role
 * it had (PostgreSQL's fmgr_security_definer, which switches the user id for the call).
 */
export function runAsOwner(session: DoSession, def: FunctionDef, catalog: CatalogView): () => void {
  const { block } = session;
  const settings = block.settings;
  const before = settings.get('role');
  settings.assign('role', privilegesFor(catalog).roleName(def.row.owner));
  block.securityDefinerDepth++;
  return () => {
    block.securityDefinerDepth--;
    settings.assign('role', before);
  };
}

/** The sink of CALL's argument plan: its one row. */
class FirstRow {
  row: Row | undefined;

  rows(batch: readonly Row[]): void {
    this.row ??= batch[0]?.slice();
  }
}

/** `site` for an atomic body: the same transaction (which it cannot change), one call deeper. */
const atomicSite = (site: RoutineSite): RoutineSite => ({ tx: site.tx, atomic: true, depth: site.depth });

/** A PL/pgSQL procedure's body run by the interpreter over the session. Async. */
async function callPlpgsql(
  def: FunctionDef,
  args: readonly Value[],
  bound: BoundCall,
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<CallOutcome> {
  const it = new Interpreter(routineHost(session, site, out), undefined, functionSignature(def));
  const { variables, outs } = blockVariables(def, args);
  checkLeftover(await runAsync(it.run(routineBlock(def), variables)));
  return outcome(def, bound, def.columns === undefined ? undefined : outs.map((v) => v.value));
}

/**
 * A SQL procedure with statements other than queries and DML, run through the session
 * (`runSqlBody`); the last statement's first row gives the OUT parameters. Async.
 * @throws DbError 0A000, XX000 `procedure returned null record`, the statements' errors.
 */
async function callSqlBody(
  def: FunctionDef,
  statements: readonly Statement[],
  args: readonly Value[],
  bound: BoundCall,
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<CallOutcome> {
  const last = await runSqlBody(def, statements, args, session, site, out);
  const columns = def.columns;
  if (columns === undefined) return outcome(def, bound, undefined);
  const row = last?.rows[0];
  if (row === undefined) throw new DbError('XX000', 'procedure returned null record');
  const types = last!.types;
  const values = columns.map((c, i) => {
    const v = row[i] ?? null;
    const from = types[i]!;
    return v === null || (from.name === c.type.name && from.typmod === c.type.typmod)
      ? v
      : castValue(v, from, c.type, false);
  });
  return outcome(def, bound, values);
}

/**
 * Runs the statements of `def`'s SQL body through the session, each as a PL/pgSQL block's are
 * (its own command and snapshot, DDL included), the queries and DML with the parameters (`$n`,
 * or a name where no column has it, bound against the catalog as the statement finds it).
 * Transaction control is refused before anything runs (PostgreSQL: `during startup`). Returns
 * the last statement's result. Async.
 * @throws DbError 0A000, the statements' errors (CONTEXT `SQL function "f" statement n`).
 */
export async function runSqlBody(
  def: FunctionDef,
  statements: readonly Statement[],
  args: readonly Value[],
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<SqlResult | undefined> {
  const context = sqlFunctionContext(def);
  const refused = statements.find((s) => TRANSACTION_CONTROL.has(s.kind));
  if (refused !== undefined)
    throw unsupportedInSqlFunction(refused).with({ where: `${context} during startup` });
  const host = routineHost(session, site, out);
  const sql = def.row.body;
  let last: SqlResult | undefined;
  for (let i = 0; i < statements.length; i++) {
    const stmt = statements[i]!;
    try {
      const catalog = session.statementContext(site.tx, sql, args, def.argTypes, out).catalog;
      const s = DML_AND_QUERY_KINDS.has(stmt.kind) ? withParameters(stmt, def, catalog) : stmt;
      last = await host.run(s, sql, args, def.argTypes);
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      const line = `${context} statement ${i + 1}`;
      throw err.with({ where: err.fields.where === undefined ? line : `${err.fields.where}\n${line}` });
    }
  }
  return last;
}

/** A SQL routine's statements, parsed once per catalog version. */
const sqlBodies = new WeakMap<FunctionDef, readonly Statement[]>();

export function sqlStatements(def: FunctionDef): readonly Statement[] {
  let b = sqlBodies.get(def);
  if (b === undefined) {
    b = parse(def.row.body).map((p) => p.stmt);
    sqlBodies.set(def, b);
  }
  return b;
}

/** A procedure run as a function is (SQL bodies; any procedure a function calls). Sync. */
function callSync(bound: BoundCall, args: Row, routines: RoutineAccess): CallOutcome {
  const def = bound.procedure;
  if (def.columns === undefined) {
    routines.call(def.oid, args);
    return outcome(def, bound, undefined);
  }
  return outcome(def, bound, routines.callSet(def.oid, args)[0]);
}

function outcome(def: FunctionDef, bound: BoundCall, values: readonly Value[] | undefined): CallOutcome {
  const callArguments = declaredParameters(def)
    .map((p, i) => ({ name: p.name, arg: bound.arguments[i], mode: p.mode }))
    .filter((p) => p.mode !== 'i')
    .map(({ name, arg }) => ({ name, arg }));
  return { procedure: def, values, callArguments };
}

/** A CALL's result as the interpreter takes a statement's. */
function callResult(o: CallOutcome): SqlResult {
  const columns = o.procedure.columns ?? [];
  return {
    names: columns.map((c) => c.name),
    types: columns.map((c) => c.type),
    rows: o.values === undefined ? [] : [o.values],
    rowCount: 0,
    callArguments: o.callArguments,
  };
}

/** Each routine's PL/pgSQL body parsed once per catalog version (a FunctionDef is one version's). */
const blocks = new WeakMap<FunctionDef, Block>();

export function routineBlock(def: FunctionDef): Block {
  let b = blocks.get(def);
  if (b === undefined) {
    b = parsePlpgsqlBody(def);
    blocks.set(def, b);
  }
  return b;
}
