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
 * executor's `analyzePlan`, which counts rows, loops and time per plan node.
 * NB: EXPLAIN sent through the extended protocol (Parse/Bind/Execute) takes the planner's path
 * instead and prints the COSTS OFF layout without options.
 */
import { DbError, featureNotSupported, sqlType } from '@rustydb/common';
import { analyzePlan } from '@rustydb/executor';
import { explainPlan, optimize } from '@rustydb/optimizer';
import type { ExplainStmt, UtilityOption } from '@rustydb/parser';
import { bindStatementWithParams } from '@rustydb/planner';
import { lockPlan } from './plan-locks.js';
import { coerceParams } from './planned-statement.js';
import { planPrivilegeCheck } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';

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
          throw new DbError('22023', `unrecognized value for EXPLAIN option "format": "${opt.value ?? ''}"`);
        break;
      }
      default:
        throw new DbError('42601', `unrecognized EXPLAIN option "${opt.name}"`);
    }
  }
  return o;
}

/** The explained statement bound and optimized against the catalog now visible. */
function planExplained(ctx: StatementContext, stmt: ExplainStmt) {
  const catalog = ctx.catalog;
  const { plan, paramTypes } = bindStatementWithParams(stmt.statement, {
    catalog,
    sql: ctx.sql,
    ...(ctx.paramTypes === undefined ? {} : { paramTypes: ctx.paramTypes }),
  });
  return { catalog, paramTypes, physical: optimize(plan, { catalog, settings: ctx.settings.all() }) };
}

/**
 * Runs EXPLAIN: one `QUERY PLAN` column (text, or json for FORMAT JSON), a row per line (one row
 * for JSON), tag EXPLAIN. Async with ANALYZE (the statement runs).
 * @throws DbError 42601 / 22023 / 0A000 for options, and whatever binding, optimizing or (with
 *   ANALYZE) running the statement throws.
 */
export async function runExplainStatement(stmt: ExplainStmt, ctx: StatementContext): Promise<void> {
  const o = explainOptions(stmt.options);
  if (stmt.statement.kind === 'explain') throw new DbError('42601', 'EXPLAIN of EXPLAIN is not supported');
  const planStart = performance.now();
  let planned = planExplained(ctx, stmt);
  // The statement's relation locks, as PostgreSQL's parse analysis takes them for EXPLAIN too:
  // behind a TRUNCATE or ALTER, the plan of the new definition (plan-locks.ts).
  const waited = lockPlan(planned, ctx, ctx.execution(), planExplained, stmt);
  if (waited !== undefined) planned = await waited;
  const { physical, paramTypes, catalog } = planned;
  // PostgreSQL checks the plan's privileges for EXPLAIN too (ExecutorStart).
  planPrivilegeCheck(catalog, currentUserOf(ctx.settings))(physical);
  const planningMs = performance.now() - planStart;
  const summary = o.summary ?? o.analyze;
  let analyzed: Awaited<ReturnType<typeof analyzePlan>> | undefined;
  let executionMs: number | undefined;
  if (o.analyze) {
    const runStart = performance.now();
    analyzed = await analyzePlan(physical, ctx.execution(coerceParams(ctx.params, paramTypes)));
    executionMs = performance.now() - runStart;
  }
  const lines = explainPlan(physical, {
    costs: o.costs,
    format: o.format,
    timing: o.timing,
    ...(analyzed ? { actuals: analyzed.actuals } : {}),
    ...(summary ? { planningMs } : {}),
    ...(summary && executionMs !== undefined ? { executionMs } : {}),
  });
  ctx.out.rowDescription([
    {
      name: 'QUERY PLAN',
      type: sqlType(o.format === 'json' ? 'json' : 'text'),
      tableOid: 0,
      columnAttnum: 0,
    },
  ]);
  for (const line of lines) ctx.out.dataRow([line]);
  ctx.out.commandComplete('EXPLAIN');
}
