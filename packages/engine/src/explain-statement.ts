/**
 * The EXPLAIN statement: `EXPLAIN [ANALYZE] [VERBOSE] stmt` and `EXPLAIN (option [value], …)
 * stmt`, with PostgreSQL's options and defaults:
 *
 * | option  | default        | effect                                                          |
 * |---------|----------------|-----------------------------------------------------------------|
 * | ANALYZE | off            | runs the statement (DML writes happen) and prints actuals       |
 * | COSTS   | on             | `(cost=… rows=… width=…)` per node                              |
 * | TIMING  | on             | with ANALYZE: actual times (off: only rows and loops)           |
 * | SUMMARY | ANALYZE's      | `Planning Time` / `Execution Time` lines                        |
 * | FORMAT  | TEXT           | TEXT or JSON (one row, type json); XML and YAML are 0A000       |
 * | VERBOSE, BUFFERS, SETTINGS, WAL | off | accepted; print nothing more here              |
 *
 * The statement inside is bound and optimized here (the planner's EXPLAIN node carries no
 * options), then printed by the optimizer's `explainPlan`; with ANALYZE it runs through the
 * executor's `analyzePlan`, which counts rows, loops and time per plan node. Besides queries and
 * DML, PostgreSQL 15's other explainable statements, as its ExplainOneUtility treats them:
 *
 * - `EXECUTE name [(args)]`: the arguments evaluated as EXECUTE evaluates them, then the plan
 *   EXECUTE runs, the prepared statement's (one plan per statement here, where PostgreSQL may
 *   make a custom plan per EXECUTE), with each `$n` printed as its value, as PostgreSQL's custom
 *   plan shows the constant in its place. ANALYZE runs it. A prepared utility statement (made by
 *   Parse) is explained as that statement would be: its query for CREATE TABLE AS and DECLARE,
 *   `NOTIFY`, else `Utility statements have no plan structure`.
 * - `DECLARE c … CURSOR FOR query`: the query's plan, under Materialize for a SCROLL cursor where
 *   PostgreSQL's planner adds one; no cursor is declared, not even under ANALYZE (which runs the
 *   query), and none of DECLARE's checks of the transaction block or the name apply.
 * - `CREATE TABLE … AS` / `CREATE MATERIALIZED VIEW … AS`: the query's plan after the existence
 *   check (42P07, or with IF NOT EXISTS its NOTICE and no plan); ANALYZE creates and fills the
 *   relation (WITH NO DATA: creates it, the plan never executed).
 * - `REFRESH MATERIALIZED VIEW`: `Utility statements have no plan structure`, nothing checked and
 *   nothing refreshed, whatever the options.
 *
 * NB: EXPLAIN of a query or DML sent through the extended protocol (Parse/Bind/Execute) takes the
 * planner's path instead and prints the COSTS OFF layout without options; the other forms run
 * here from there too (prepared-statement.ts).
 */
import { DbError, featureNotSupported, type Value } from '@rustydb/common';
import { analyzePlan, type ExecutionContext } from '@rustydb/executor';
import {
  type ExplainOptions,
  explainDummyJson,
  explainPlan,
  type NodeActuals,
  optimize,
  type PhysicalPlan,
} from '@rustydb/optimizer';
import type { CreateTableAsStmt, ExecuteStmt, ExplainStmt, Statement, UtilityOption } from '@rustydb/parser';
import { checkCursorQuery } from './cursor-statements.js';
import { checkStatementPrivileges, recordOwnership } from './ddl-privileges.js';
import { planInsertFrom } from './internal-query.js';
import { lockPlan } from './plan-locks.js';
import { planStatement } from './planned-statement.js';
import { type CachedPlan, explainResultType, type PreparedStatement } from './prepared-statement.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { checkWritable } from './read-only-check.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';
import { executeParams, nestedExecute } from './sql-prepare.js';
import type { MakeStatementContext } from './statement-context.js';
import { createTableAsRelation, planTableAs } from './table-as-statement.js';

/** What EXPLAIN needs of its session (statement-dispatch.ts's DispatchHost has it). */
export interface ExplainHost {
  /** The session's prepared statements: `statement(name)` throws 26000 for an unknown name. */
  readonly extended: { statement(name: string): PreparedStatement };
  /** A statement context of the session (a prepared utility statement's, with its arguments). */
  readonly statementContext: MakeStatementContext;
  /** EXECUTEs running inside one another (sql-prepare.ts `nestedExecute`). */
  executeDepth: number;
}

interface Options {
  analyze: boolean;
  costs: boolean;
  timing: boolean;
  summary: boolean | undefined;
  format: 'text' | 'json';
}

/** PostgreSQL's defGetBoolean. */
function bool(o: UtilityOption): boolean {
  if (o.value === undefined) return true;
  const v = o.value.toLowerCase();
  if (v === 'true' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'off' || v === '0') return false;
  throw new DbError('22023', `${o.name.toLowerCase()} requires a Boolean value`);
}

/** Where PostgreSQL points at a parenthesized option in its errors (the keyword forms: nowhere). */
const at = (o: UtilityOption) => (o.location === undefined ? {} : { position: o.location + 1 });

function explainOptions(list: readonly UtilityOption[]): Options {
  const o: Options = { analyze: false, costs: true, timing: true, summary: undefined, format: 'text' };
  for (const opt of list) {
    const name = opt.name.toLowerCase();
    switch (name) {
      case 'analyze':
        o.analyze = bool(opt);
        break;
      case 'costs':
        o.costs = bool(opt);
        break;
      case 'timing':
        o.timing = bool(opt);
        break;
      case 'summary':
        o.summary = bool(opt);
        break;
      case 'verbose':
      case 'buffers':
      case 'settings':
      case 'wal':
        bool(opt);
        break;
      case 'format': {
        const f = (opt.value ?? '').toLowerCase();
        if (f === 'text' || f === 'json') o.format = f;
        else if (f === 'xml' || f === 'yaml')
          throw featureNotSupported(`EXPLAIN (FORMAT ${f.toUpperCase()})`);
        else
          throw new DbError(
            '22023',
            `unrecognized value for EXPLAIN option "format": "${opt.value ?? ''}"`,
            at(opt),
          );
        break;
      }
      default:
        // GENERIC_PLAN too: PostgreSQL 16's.
        throw new DbError('42601', `unrecognized EXPLAIN option "${opt.name}"`, at(opt));
    }
  }
  return o;
}

/**
 * Runs EXPLAIN: one `QUERY PLAN` column (text, or json for FORMAT JSON), a row per line (one row
 * for JSON), tag EXPLAIN. Async (a lock may wait; ANALYZE and EXECUTE's arguments run).
 * @throws DbError 42601 / 22023 / 0A000 for options, 26000 for EXECUTE of an unknown statement,
 *   and whatever binding, optimizing or (with ANALYZE) running the statement throws.
 */
export async function runExplainStatement(
  stmt: ExplainStmt,
  ctx: StatementContext,
  host: ExplainHost,
): Promise<void> {
  const o = explainOptions(stmt.options);
  const lines = await explainStatement(stmt.statement, o, ctx, host);
  ctx.out.rowDescription([
    { name: 'QUERY PLAN', type: explainResultType(stmt), tableOid: 0, columnAttnum: 0 },
  ]);
  for (const line of lines) ctx.out.dataRow([line]);
  ctx.out.commandComplete('EXPLAIN');
}

/** The lines EXPLAIN prints for `stmt` (ExplainOneQuery / ExplainOneUtility). Async. */
async function explainStatement(
  stmt: Statement,
  o: Options,
  ctx: StatementContext,
  host: ExplainHost,
): Promise<readonly string[]> {
  switch (stmt.kind) {
    case 'select':
    case 'values':
    case 'setOp':
    case 'insert':
    case 'update':
    case 'delete':
    case 'merge':
      return explainQuery(stmt, o, ctx, false);
    case 'execute':
      return nestedExecute(host, () => explainExecute(stmt, o, ctx, host));
    case 'declareCursor':
      checkCursorQuery(stmt);
      return explainQuery(stmt.query, o, ctx, stmt.scroll === true);
    case 'createTableAs':
      return explainTableAs(stmt, o, ctx);
    case 'notify':
      // Reached through EXECUTE of a NOTIFY made by Parse.
      return o.format === 'json' ? [explainDummyJson('Notify')] : ['NOTIFY'];
    default:
      // REFRESH MATERIALIZED VIEW, and any other utility statement a Parse prepared.
      return o.format === 'json'
        ? [explainDummyJson('Utility Statement')]
        : ['Utility statements have no plan structure'];
  }
}

/** A query or DML statement (or a cursor's query) planned and printed, run under ANALYZE. */
async function explainQuery(
  stmt: Statement,
  o: Options,
  ctx: StatementContext,
  scrollCursor: boolean,
): Promise<readonly string[]> {
  const planStart = performance.now();
  let planned = planStatement(stmt, ctx);
  // The statement's relation locks, as PostgreSQL's parse analysis takes them for EXPLAIN too:
  // behind a TRUNCATE or ALTER, the plan of the new definition (plan-locks.ts).
  const waited = lockPlan(planned, ctx, ctx.execution(), replanQuery, stmt);
  if (waited !== undefined) planned = await waited;
  return explainRun(stmt.kind, planned, planned.params, o, ctx, planStart, scrollCursor);
}

const replanQuery = (ctx: StatementContext, stmt: Statement) => planStatement(stmt, ctx);

/**
 * EXPLAIN EXECUTE: the prepared statement's plan with EXECUTE's arguments (PostgreSQL's
 * ExplainExecuteQuery). Async.
 * @throws DbError 26000 for an unknown name, 42601 for a wrong number of arguments, the
 *   arguments' errors, and re-planning's (a table dropped since PREPARE: 42P01).
 */
async function explainExecute(
  stmt: ExecuteStmt,
  o: Options,
  ctx: StatementContext,
  host: ExplainHost,
): Promise<readonly string[]> {
  const planStart = performance.now();
  const prepared = host.extended.statement(stmt.name);
  const params = await executeParams(stmt, prepared, ctx);
  prepared.notePlanUsed();
  const inner = prepared.stmt;
  // An empty query string (Parse): no statement to explain, the JSON list empty.
  if (inner === undefined) return o.format === 'json' ? ['[\n]'] : [];
  if (!prepared.planned || inner.kind === 'explain') {
    // A utility statement, in its own text (its positions point there) with these arguments.
    const innerCtx = host.statementContext(ctx.tx, prepared.sql, params, prepared.paramTypes, ctx.out);
    return explainStatement(inner, o, innerCtx, host);
  }
  // The plan EXECUTE would run: the cached one, made again only when the catalog or the planner
  // settings moved.
  let plan = prepared.plan(ctx.catalog, ctx.settings);
  const waited = lockPlan(plan, ctx, ctx.execution(params), replanPrepared, prepared);
  if (waited !== undefined) plan = await waited;
  return explainRun(inner.kind, plan, params, o, ctx, planStart, false);
}

const replanPrepared = (ctx: StatementContext, prepared: PreparedStatement): CachedPlan =>
  prepared.plan(ctx.catalog, ctx.settings);

/**
 * The lines of a locked plan: its privileges checked (PostgreSQL's ExecutorStart does for EXPLAIN
 * too), run under ANALYZE, printed with `params` in place of `$n`.
 */
async function explainRun(
  kind: Statement['kind'],
  planned: { readonly physical: PhysicalPlan; readonly catalog: CachedPlan['catalog'] },
  params: readonly Value[],
  o: Options,
  ctx: StatementContext,
  planStart: number,
  scrollCursor: boolean,
): Promise<readonly string[]> {
  const { physical, catalog } = planned;
  planPrivilegeCheck(catalog, currentUserOf(ctx.settings))(physical);
  const planningMs = performance.now() - planStart;
  if (!o.analyze) return print(physical, o, { params, scrollCursor, planningMs });
  // ANALYZE runs the statement: a write in a read-only transaction is 25006, named as
  // PostgreSQL's ExecCheckXactReadOnly names it.
  checkWritable(kind, ctx.tx);
  const run = await analyzeTimed(physical, ctx.execution(params));
  return print(physical, o, { params, scrollCursor, planningMs, ...run });
}

/** `plan` run instrumented (analyzePlan), with how long it took. Async. */
async function analyzeTimed(
  plan: PhysicalPlan,
  exec: ExecutionContext,
): Promise<{ readonly actuals: ReadonlyMap<PhysicalPlan, NodeActuals>; readonly executionMs: number }> {
  const start = performance.now();
  const { actuals } = await analyzePlan(plan, exec);
  return { actuals, executionMs: performance.now() - start };
}

/**
 * EXPLAIN CREATE TABLE / MATERIALIZED VIEW … AS query: the query's plan; under ANALYZE the
 * relation is created and filled through the statement's own steps (table-as-statement.ts),
 * the rows counted on the query's nodes. Async.
 * @throws DbError 42P07 when the relation exists (without IF NOT EXISTS), the binder's errors;
 *   under ANALYZE CREATE TABLE AS's (42501, 42601 for too many column names).
 */
async function explainTableAs(
  stmt: CreateTableAsStmt,
  o: Options,
  ctx: StatementContext,
): Promise<readonly string[]> {
  const planStart = performance.now();
  const query = await planTableAs(stmt, ctx);
  if (query === undefined) {
    // IF NOT EXISTS found it (its NOTICE sent): nothing to show, as PostgreSQL's dummy group.
    return o.format === 'json'
      ? [explainDummyJson(stmt.materialized ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS')]
      : [];
  }
  const physical = optimize(query.logical, { catalog: query.catalog, settings: ctx.settings.all() });
  const planningMs = performance.now() - planStart;
  if (!o.analyze) return print(physical, o, { planningMs });
  // Where PostgreSQL makes the table even in a READ ONLY transaction (its read-only check looks
  // at the plan, a SELECT), this is CREATE TABLE AS's 25006.
  checkWritable(stmt.kind, ctx.tx);
  const mark = checkStatementPrivileges(stmt, ctx);
  const table = createTableAsRelation(stmt, ctx, query);
  let lines: readonly string[];
  if (!stmt.withData) {
    // Created, not filled: every node never executed.
    lines = print(physical, o, { actuals: new Map(), planningMs, executionMs: 0 });
  } else {
    const insert = planInsertFrom(ctx, table, query.logical, query.catalog);
    const run = await analyzeTimed(insert.physical, insert.exec);
    lines = print(insert.physical.input, o, { planningMs, ...run });
  }
  recordOwnership(mark, ctx);
  return lines;
}

/** `explainPlan` with the statement's options; the summary lines only under SUMMARY. */
function print(
  physical: PhysicalPlan,
  o: Options,
  run: Pick<ExplainOptions, 'actuals' | 'params' | 'scrollCursor'> & {
    readonly planningMs: number;
    readonly executionMs?: number;
  },
): string[] {
  const summary = o.summary ?? o.analyze;
  const { planningMs, executionMs, params, ...rest } = run;
  return explainPlan(physical, {
    costs: o.costs,
    format: o.format,
    timing: o.timing,
    ...rest,
    ...(params !== undefined && params.length > 0 ? { params } : {}),
    ...(summary ? { planningMs } : {}),
    ...(summary && executionMs !== undefined ? { executionMs } : {}),
  });
}
