/**
 * LANGUAGE plpgsql functions: the body parsed once per catalog view (session-routines.ts keeps
 * it, with the compiled SQL and plans of its statements), then run by the interpreter of
 * plpgsql/ with a synchronous host: each statement a query or DML planned once and run to its
 * end inside the calling expression (executePlanSync), in the calling statement's transaction.
 * The parameters are variables of the outermost block; RETURN's expression, cast to the result
 * type, is the result; reaching the end without RETURN is 2F005 (unless the result is void).
 *
 * A block with an EXCEPTION section runs in a subtransaction of the calling statement's
 * transaction (Transaction.beginSubtransaction), as PostgreSQL's exec_stmt_block does.
 * Statements other than queries, DML and CALL are 0A000 inside a function, COMMIT / ROLLBACK
 * 2D000 (a function is atomic; so is a procedure it calls, which runs here too).
 */
import type { CatalogView, FunctionDef } from '@rustydb/catalog';
import {
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
import type { Statement } from '@rustydb/parser';
import { bindStatement, bindStatementWithParams, outputColumns } from '@rustydb/planner';
import type { Transaction } from '@rustydb/txn';
import { runCallInFunction } from '../call-statement.js';
import type { Block } from '../plpgsql/ast.js';
import type { PlpgsqlHost, SqlResult } from '../plpgsql/host.js';
import { checkLeftover, Interpreter, runSync } from '../plpgsql/interpreter.js';
import { parseBlockBody } from '../plpgsql/parser.js';
import { ReturnedRows } from '../plpgsql/returned-rows.js';
import { SqlCache } from '../plpgsql/substitution.js';
import { Variable } from '../plpgsql/variables.js';
import { DML_AND_QUERY_KINDS } from '../prepared-statement.js';
import { checkReturnedRecord, compositeResult } from './composite-result.js';
import { onlyQueriesAndDml } from './sql-function.js';

/** One statement of the body, planned. */
interface StatementPlan {
  readonly paramTypes: readonly SqlType[];
  readonly physical: PhysicalPlan;
  readonly names: readonly string[];
  readonly types: readonly SqlType[];
}

/** A PL/pgSQL function compiled for one catalog view: its tree, SQL and plans. */
export class PlpgsqlFunction {
  readonly block: Block;
  /** The SQL of each statement, compiled once (variables substituted), shared by all calls. */
  readonly cache: SqlCache;
  readonly #plans = new WeakMap<Statement, StatementPlan>();

  constructor(
    readonly def: FunctionDef,
    readonly signature: string,
    readonly catalog: CatalogView,
    readonly settings: ReadonlyMap<string, string>,
  ) {
    this.block = parsePlpgsqlBody(def);
    this.cache = this.#newCache();
  }

  readonly #triggerCaches = new Map<number, SqlCache>();

  /**
   * The compiled SQL of a trigger function's statements for triggers on table `oid`: NEW and
   * OLD take the table's shape (a whole record becomes a row of its fields), so each table has
   * its own.
   */
  triggerCache(oid: number): SqlCache {
    let c = this.#triggerCaches.get(oid);
    if (c === undefined) {
      c = this.#newCache();
      this.#triggerCaches.set(oid, c);
    }
    return c;
  }

  #newCache(): SqlCache {
    const catalog = this.catalog;
    return new SqlCache((stmt, sql) => {
      try {
        bindStatement(stmt, { catalog, sql, paramTypes: [] });
        return true;
      } catch (err) {
        if (err instanceof DbError) return false;
        throw err;
      }
    });
  }

  /** The plan of `stmt` for parameters of `paramTypes`, made on first use. */
  plan(stmt: Statement, sql: string, paramTypes: readonly SqlType[]): StatementPlan {
    const known = this.#plans.get(stmt);
    if (known !== undefined && sameTypes(known.paramTypes, paramTypes)) return known;
    const { plan } = bindStatementWithParams(stmt, { catalog: this.catalog, sql, paramTypes });
    const columns = outputColumns(plan);
    const planned: StatementPlan = {
      paramTypes,
      physical: optimize(plan, { catalog: this.catalog, settings: this.settings }),
      names: columns.map((c) => c.name),
      types: columns.map((c) => c.type),
    };
    this.#plans.set(stmt, planned);
    return planned;
  }
}

/**
 * Parses a function's body as PostgreSQL compiles it (errors name the function in CONTEXT:
 * `compilation of PL/pgSQL function "f" near line n`). @throws DbError 42601 / 0A000 / 42804.
 */
export function parsePlpgsqlBody(def: FunctionDef): Block {
  return parseBlockBody(def.row.body, {
    functionName: def.name,
    returnsVoid: def.result?.name === 'void',
    isFunction: true,
    procedure: def.row.kind === 'p',
    returnsSet: def.row.returnsSet,
    outColumns: def.row.result.columns !== undefined,
  });
}

/** What a call needs of its caller. */
export interface CallSite {
  readonly tx: Transaction;
  /** An execution context for one statement of the body with `params`. */
  execution(params: readonly Value[]): ExecutionContext;
  notice(n: DbError): void;
  checkInterrupts(): void;
  readonly clientMinMessages: string;
}

/** Calls `fn` with `args`. Sync. @throws DbError as the body does; 2F005 without RETURN. */
export function runPlpgsqlFunction(fn: PlpgsqlFunction, args: readonly Value[], site: CallSite): Value {
  const { def } = fn;
  if (def.columns !== undefined) {
    // OUT parameters: their values (one is a plain value, several a record).
    const values = runPlpgsqlOutFunction(fn, args, site);
    return values.length === 1 ? values[0]! : new SqlRecord(values);
  }
  const it = new Interpreter(functionHost(fn, site), fn.cache, fn.signature);
  checkLeftover(runSync(it.run(fn.block, parameterVariables(def, args))));
  return returnedValue(def, fn.signature, it);
}

/**
 * A scalar function's result once its body ended: RETURN's value cast to the result type, NULL
 * for void. @throws DbError 2F005 when the body ended without RETURN.
 */
export function returnedValue(def: FunctionDef, signature: string, it: Interpreter): Value {
  const result = def.result!;
  if (result.name === 'void') return null;
  const returned = it.returned;
  if (returned === undefined) {
    throw new DbError('2F005', 'control reached end of function without RETURN', {
      where: `PL/pgSQL function ${signature}`,
    });
  }
  const { value, type } = returned;
  if (result.composite !== undefined && value !== null) checkReturnedRecord(type, result);
  const same =
    type.name === result.name &&
    type.typmod === result.typmod &&
    type.composite?.oid === result.composite?.oid;
  if (value === null || same) return value;
  return castValue(value, type, result, false);
}

/**
 * Calls set-returning `fn` with `args`: the rows of its RETURN NEXT and RETURN QUERY statements,
 * once the body has ended (RETURN, or its end). RETURNS TABLE's columns are variables of the
 * outermost block after the parameters (NULL at the start). Sync. @throws DbError as the body does.
 */
export function runPlpgsqlSetFunction(
  fn: PlpgsqlFunction,
  args: readonly Value[],
  site: CallSite,
): Value[][] {
  const { def } = fn;
  const columns = def.columns ?? [];
  const { variables, outs } = blockVariables(def, args);
  const it = new Interpreter(functionHost(fn, site), fn.cache, fn.signature);
  it.returnedRows =
    outs.length > 0
      ? new ReturnedRows(
          columns.map((c) => c.type),
          outs,
        )
      : resultRows(def, outs);
  checkLeftover(runSync(it.run(fn.block, variables)));
  return it.returnedRows.rows;
}

/** The rows RETURNS SETOF type returns: of the type, or of a composite's fields. */
function resultRows(def: FunctionDef, outs: readonly Variable[]): ReturnedRows {
  const composite = compositeResult(def);
  if (composite === undefined) return new ReturnedRows([def.result!], outs);
  return new ReturnedRows(
    (composite.fields ?? []).map((f) => f.type),
    outs,
    composite,
  );
}

/** Calls `fn`, a function with OUT parameters not returning a set: their values at its end. */
export function runPlpgsqlOutFunction(fn: PlpgsqlFunction, args: readonly Value[], site: CallSite): Value[] {
  const { variables, outs } = blockVariables(fn.def, args);
  const it = new Interpreter(functionHost(fn, site), fn.cache, fn.signature);
  checkLeftover(runSync(it.run(fn.block, variables)));
  return outs.map((v) => v.value);
}

/**
 * The variables of a routine's outermost block: the parameters holding `args`, then those of
 * RETURNS TABLE's columns or the OUT parameters; `outs` are the latter in result order (an
 * INOUT parameter's is its input's).
 */
export function blockVariables(
  def: FunctionDef,
  args: readonly Value[],
): { variables: Variable[]; outs: Variable[] } {
  const params = parameterVariables(def, args);
  const outs = outVariables(def, params);
  return { variables: [...params, ...outs.filter((v) => !params.includes(v))], outs };
}

/**
 * The variables of RETURNS TABLE's columns or the OUT parameters (NULL at the start); an INOUT
 * parameter's is its input's.
 */
function outVariables(def: FunctionDef, params: readonly Variable[]): Variable[] {
  const stored = def.row.result.columns ?? [];
  return (def.columns ?? []).map((c, i) => {
    const input = stored[i]!.mode === 'b' ? params.find((v) => v.name === c.name) : undefined;
    return input ?? new Variable(c.name, c.type, formatType(c.type));
  });
}

/** The parameters as variables of the outermost block, holding `args`. */
function parameterVariables(def: FunctionDef, args: readonly Value[]): Variable[] {
  return def.argTypes.map((t, i) => {
    const v = new Variable(def.row.args[i]!.name || `$${i + 1}`, t, formatType(t));
    v.value = args[i] ?? null;
    return v;
  });
}

/** The synchronous host of one call of `fn`: its statements planned once per compiled function. */
export function functionHost(fn: PlpgsqlFunction, site: CallSite): PlpgsqlHost {
  const depths: number[] = [];
  return {
    run: (stmt, sql, params, paramTypes) => runStatement(fn, site, stmt, sql, params, paramTypes),
    binds: () => false,
    beginSubtransaction: () => {
      depths.push(site.tx.beginSubtransaction());
    },
    releaseSubtransaction: () => site.tx.releaseSubtransactions(depths.pop()!),
    rollbackSubtransaction: () => site.tx.rollbackSubtransactions(depths.pop()!),
    notice: (n) => site.notice(n),
    checkInterrupts: () => site.checkInterrupts(),
    clientMinMessages: site.clientMinMessages,
    canYield: false,
  };
}

function runStatement(
  fn: PlpgsqlFunction,
  site: CallSite,
  stmt: Statement,
  sql: string,
  params: readonly Value[],
  paramTypes: readonly SqlType[],
): SqlResult {
  if (stmt.kind === 'call') {
    return runCallInFunction(stmt, sql, params, paramTypes, fn.catalog, fn.settings, (p) =>
      site.execution(p),
    );
  }
  if (!DML_AND_QUERY_KINDS.has(stmt.kind)) throw onlyQueriesAndDml();
  const plan = fn.plan(stmt, sql, paramTypes);
  const rows: Value[][] = [];
  const sink = {
    rows(batch: readonly Row[]): void {
      for (const r of batch) rows.push(r.slice());
    },
  };
  const { rowCount } = executePlanSync(plan.physical, site.execution(params), sink);
  return { names: plan.names, types: plan.types, rows, rowCount };
}

function sameTypes(a: readonly SqlType[], b: readonly SqlType[]): boolean {
  return a.length === b.length && a.every((t, i) => t.name === b[i]!.name && t.typmod === b[i]!.typmod);
}
