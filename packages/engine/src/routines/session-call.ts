/**
 * A function called by a statement of its own — `SELECT f(args)`, nothing else in it — whose
 * body runs statements a function inside a query cannot: DDL, and PL/pgSQL's EXECUTE of any
 * text. Such a call runs its body through the session, as CALL runs a procedure's
 * (call-statement.ts): each statement dispatched in the statement's transaction with its own
 * command and snapshot, DDL included. So the common ways of packaging DDL in PostgreSQL work:
 * `SELECT create_partition('2026_12')`, a test helper that TRUNCATEs every table by EXECUTE,
 * `PERFORM provision_tenant(...)` in a DO block.
 *
 * The call stays atomic as a function's (COMMIT / ROLLBACK inside are 2D000). STRICT, SECURITY
 * DEFINER, OUT parameters and the result's cast behave as in a call inside a query
 * (session-routines.ts). Calls nest up to MAX_CALL_DEPTH deep (54001).
 *
 * Elsewhere (inside a larger query, a trigger, a function called from a function's statement)
 * the body runs synchronously inside the expression and such a statement is 0A000, as before.
 * A set-returning function is never called this way.
 */
import type { CatalogView, FunctionDef } from '@rustydb/catalog';
import { castValue, DbError, type Row, SqlRecord, type SqlType, type Value } from '@rustydb/common';
import { type ExecutionContext, executePlanSync, type ResultSink } from '@rustydb/executor';
import type { PhysicalExpr, PhysicalPlan } from '@rustydb/optimizer';
import { parse, type Statement } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import { routineBlock, runAsOwner, runSqlBody, sqlStatements } from '../call-statement.js';
import { type DoSession, type RoutineSite, routineHost } from '../do-statement.js';
import type { Block, Stmt } from '../plpgsql/ast.js';
import { checkLeftover, Interpreter, runAsync } from '../plpgsql/interpreter.js';
import { DML_AND_QUERY_KINDS } from '../prepared-statement.js';
import type { StatementContext } from '../statement-context.js';
import { blockVariables, returnedValue } from './plpgsql-function.js';
import { functionSignature, MAX_CALL_DEPTH, stackDepthExceeded } from './session-routines.js';
import { resultColumnTypes } from './sql-function.js';

/** A statement that is one call of a function whose body needs the session. */
export interface SessionCall {
  readonly def: FunctionDef;
  /** The plan of the one-row input (SELECT without FROM) and the call's argument expressions. */
  readonly input: PhysicalPlan;
  readonly args: readonly PhysicalExpr[];
}

/**
 * The call `physical` is, when it is `SELECT f(args)` (a projection of one user function's call
 * over the one row of a SELECT without FROM) and f's body needs the session (see `needsSession`).
 * Runs for every statement executed: the plan's shape is checked first, and `ctx.catalog` (a
 * catalog view made on read) is read only for such a call.
 */
export function sessionCallOf(
  physical: PhysicalPlan,
  ctx: { readonly catalog: CatalogView },
): SessionCall | undefined {
  if (physical.kind !== 'project' || physical.input.kind !== 'result' || physical.exprs.length !== 1) {
    return undefined;
  }
  const call = physical.exprs[0]!;
  if (call.kind !== 'func' || call.routine === undefined || call.routine.set) return undefined;
  const def = ctx.catalog.functionByOid(call.routine.oid);
  if (def === undefined || def.row.returnsSet || !needsSession(def)) return undefined;
  return { def, input: physical.input, args: call.args };
}

/** Per function version: does its body hold a statement only the session can run? */
const needs = new WeakMap<FunctionDef, boolean>();

/**
 * Whether `def`'s body holds a statement only the session can run: a SQL body's statement other
 * than a query or DML, a PL/pgSQL body's EXECUTE (its text is known only when it runs) or static
 * statement other than a query or DML (CALL included). A body that does not parse needs nothing: its call
 * reports the error where it always did.
 */
export function needsSession(def: FunctionDef): boolean {
  let known = needs.get(def);
  if (known === undefined) {
    known = bodyNeedsSession(def);
    needs.set(def, known);
  }
  return known;
}

function bodyNeedsSession(def: FunctionDef): boolean {
  try {
    if (def.row.language === 'sql') return sqlStatements(def).some((s) => !DML_AND_QUERY_KINDS.has(s.kind));
    if (def.row.language !== 'plpgsql') return false;
    return statementsNeedSession(routineBlock(def).body);
  } catch (err) {
    if (err instanceof DbError) return false;
    throw err;
  }
}

function statementsNeedSession(stmts: readonly Stmt[]): boolean {
  return stmts.some(stmtNeedsSession);
}

function stmtNeedsSession(s: Stmt): boolean {
  switch (s.kind) {
    case 'execute':
      return true;
    case 'sql':
      return staticNeedsSession(s.sql.text);
    case 'block':
      return blockNeedsSession(s);
    case 'if':
      return (
        s.branches.some((b) => statementsNeedSession(b.body)) || statementsNeedSession(s.otherwise ?? [])
      );
    case 'case':
      return s.whens.some((w) => statementsNeedSession(w.body)) || statementsNeedSession(s.otherwise ?? []);
    case 'loop':
    case 'while':
    case 'forInteger':
    case 'forQuery':
    case 'foreach':
      return statementsNeedSession(s.body);
    default:
      return false;
  }
}

function blockNeedsSession(b: Block): boolean {
  return statementsNeedSession(b.body) || (b.handlers ?? []).some((h) => statementsNeedSession(h.body));
}

/**
 * A static SQL statement of a PL/pgSQL body: DDL and the like need the session; so does CALL
 * (the procedure's SQL body may hold DDL, which only the session runs).
 */
function staticNeedsSession(text: string): boolean {
  let stmt: Statement | undefined;
  try {
    stmt = parse(text)[0]?.stmt;
  } catch (err) {
    if (err instanceof DbError) return false;
    throw err;
  }
  return stmt !== undefined && !DML_AND_QUERY_KINDS.has(stmt.kind);
}

/** Calls through the session under way, per session, for the 54001 depth limit. */
const depths = new WeakMap<DoSession['block'], number>();

/**
 * Runs `call` for the statement of `ctx` (`exec` its execution): the arguments evaluated over
 * the one input row, the body through the session, the result as the statement's one row to
 * `sink`. Async. @throws DbError as the arguments or the body do; 54001 nested too deep.
 */
export async function runSessionCall(
  call: SessionCall,
  ctx: StatementContext,
  exec: ExecutionContext,
  sink: ResultSink,
): Promise<{ readonly tag: string }> {
  const session = ctx.routineSession();
  const { def } = call;
  const args = argumentValues(call, exec);
  let value: Value = null;
  if (!(def.row.strict && args.includes(null))) {
    const depth = depths.get(session.block) ?? 0;
    if (depth >= MAX_CALL_DEPTH) throw stackDepthExceeded();
    depths.set(session.block, depth + 1);
    const restore = def.row.securityDefiner ? runAsOwner(session, def, ctx.catalog) : undefined;
    try {
      value = await callBody(def, args, session, { tx: ctx.tx, atomic: true, depth: 0 }, ctx.out);
    } finally {
      restore?.();
      depths.set(session.block, depth);
    }
  }
  sink.rows([[value]]);
  return { tag: 'SELECT 1' };
}

/** The arguments' values: a projection of them over the call's input row. Sync. */
function argumentValues(call: SessionCall, exec: ExecutionContext): Value[] {
  const plan: PhysicalPlan = {
    kind: 'project',
    input: call.input,
    exprs: call.args,
    columns: call.args.map((a, i) => ({ name: `$${i + 1}`, type: a.type, tableOid: 0, columnAttnum: 0 })),
  };
  let row: Row = [];
  executePlanSync(plan, exec, {
    rows(batch: readonly Row[]): void {
      if (batch.length > 0) row = batch[0]!.slice();
    },
  });
  return row as Value[];
}

/**
 * The body run through the session. PL/pgSQL: by the interpreter; its RETURN, or its OUT
 * values. SQL: statement by statement; the first row of the last one (its first column, or the
 * OUT parameters' record), NULL without a row.
 */
async function callBody(
  def: FunctionDef,
  args: readonly Value[],
  session: DoSession,
  site: RoutineSite,
  out: QueryOutput,
): Promise<Value> {
  if (def.row.language === 'plpgsql') {
    const signature = functionSignature(def);
    const it = new Interpreter(routineHost(session, site, out), undefined, signature);
    const { variables, outs } = blockVariables(def, args);
    checkLeftover(await runAsync(it.run(routineBlock(def), variables)));
    if (def.columns !== undefined) return outValue(outs.map((v) => v.value));
    return returnedValue(def, signature, it);
  }
  const last = await runSqlBody(def, sqlStatements(def), args, session, site, out);
  const row = last?.rows[0];
  if (def.result?.name === 'void' || row === undefined) return null;
  const values = resultColumnTypes(def).map((t, i) => castTo(row[i] ?? null, last!.types[i]!, t));
  return def.columns === undefined ? values[0]! : outValue(values);
}

/** OUT parameters' values as a call returns them: one is a plain value, several a record. */
const outValue = (values: readonly Value[]): Value =>
  values.length === 1 ? values[0]! : new SqlRecord(values);

function castTo(v: Value, from: SqlType, to: SqlType): Value {
  if (v === null || (from.name === to.name && from.typmod === to.typmod)) return v;
  return castValue(v, from, to, false);
}
