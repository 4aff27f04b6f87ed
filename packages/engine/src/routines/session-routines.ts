/**
 * A session's user-defined functions as the executor calls them (RoutineAccess): each function
 * compiled — a SQL body planned, a PL/pgSQL body parsed — once per catalog view and settings
 * version, and kept for the session (no parse or plan per call); a call then runs the body in
 * the calling statement's transaction and snapshot (routine-call.ts in the executor hands the
 * argument values over).
 *
 * STRICT functions return NULL for a NULL argument without running. Calls nest up to
 * MAX_CALL_DEPTH deep; past it, 54001 `stack depth limit exceeded` as PostgreSQL's
 * check_stack_depth, rather than a JavaScript stack overflow.
 *
 * Simplified: the statements of a body see the database as the calling statement does (its
 * snapshot and command id), so a write of one statement of a function is not visible to the
 * later ones of the same call; a row lock another transaction holds is a 40001 conflict, not a
 * wait (a body runs inside an expression, which cannot wait).
 */
import {
  type CatalogView,
  type FunctionDef,
  privilegesFor,
  TRIGGER_TYPE,
  type TriggerDef,
} from '@rustydb/catalog';
import { DbError, formatType, InternalError, type Row, type Value } from '@rustydb/common';
import type { ExecutionContext, RoutineAccess, TriggerEvent } from '@rustydb/executor';
import type { Transaction } from '@rustydb/txn';
import type { SqlText } from '../plpgsql/ast.js';
import { compositeResult, compositeRow } from './composite-result.js';
import {
  type CallSite,
  PlpgsqlFunction,
  runPlpgsqlFunction,
  runPlpgsqlOutFunction,
  runPlpgsqlSetFunction,
} from './plpgsql-function.js';
import { runPlpgsqlTrigger, triggerWhen } from './plpgsql-trigger.js';
import {
  planSqlFunction,
  resultColumnTypes,
  runSqlFunction,
  runSqlSetFunction,
  type SqlFunctionPlan,
  sqlFunctionContext,
} from './sql-function.js';

/** Nested calls allowed before 54001 (PostgreSQL's max_stack_depth of 2 MB reaches a few hundred). */
export const MAX_CALL_DEPTH = 200;

/** A function compiled for one catalog view and settings version. */
type Compiled =
  | {
      readonly kind: 'sql';
      readonly catalog: CatalogView;
      readonly version: number;
      readonly plan: SqlFunctionPlan;
    }
  | {
      readonly kind: 'plpgsql';
      readonly catalog: CatalogView;
      readonly version: number;
      readonly fn: PlpgsqlFunction;
    };

/** What a call needs of the statement it runs in. */
export interface RoutineCaller {
  readonly tx: Transaction;
  readonly catalog: CatalogView;
  readonly settingsVersion: number;
  readonly settings: ReadonlyMap<string, string>;
  /**
   * The executor's context for one statement of a body (no row waits), with `params`; as `user`
   * when given (a SECURITY DEFINER function's owner), else as the caller runs.
   */
  execution(params: readonly Value[], user?: string): ExecutionContext;
  notice(n: DbError): void;
  checkInterrupts(): void;
  readonly clientMinMessages: string;
}

/** `f(integer, text)`: how messages and CONTEXT lines name a function. */
export function functionSignature(def: FunctionDef): string {
  return `${def.name}(${def.argTypes.map(formatType).join(', ')})`;
}

export class SessionRoutines {
  readonly #compiled = new Map<number, Compiled>();
  #depth = 0;

  /** The RoutineAccess of one execution. */
  access(caller: RoutineCaller): RoutineAccess {
    return {
      call: (oid, args) => this.call(caller, oid, args),
      callSet: (oid, args) => this.callSet(caller, oid, args),
      fireTrigger: (e) => this.fireTrigger(caller, e),
    };
  }

  /** Calls function `oid`. Sync. @throws DbError 54001 past MAX_CALL_DEPTH, else the body's. */
  call(caller: RoutineCaller, oid: number, args: Value[]): Value {
    const def = functionOf(caller, oid);
    if (def.row.strict && args.includes(null)) return null;
    return this.#invoke(def, caller, (compiled, site) => {
      if (compiled.kind === 'sql') return runSqlFunction(def, compiled.plan, args, (p) => site.execution(p));
      return runPlpgsqlFunction(compiled.fn, args, site satisfies CallSite);
    });
  }

  /**
   * The rows of function `oid` (RoutineAccess.callSet): all of a set-returning function's, one
   * row of a scalar one's. A STRICT function given a NULL returns no rows (one NULL row if it
   * does not return a set), as PostgreSQL. Sync. @throws DbError as `call`.
   */
  callSet(caller: RoutineCaller, oid: number, args: Value[]): Value[][] {
    const def = functionOf(caller, oid);
    if (def.row.strict && args.includes(null)) {
      return def.row.returnsSet ? [] : [resultColumnTypes(def).map(() => null)];
    }
    return this.#invoke(def, caller, (compiled, site) => {
      if (compiled.kind === 'sql')
        return runSqlSetFunction(def, compiled.plan, args, (p) => site.execution(p));
      if (def.row.returnsSet) return runPlpgsqlSetFunction(compiled.fn, args, site);
      if (def.columns !== undefined) return [runPlpgsqlOutFunction(compiled.fn, args, site)];
      const value = runPlpgsqlFunction(compiled.fn, args, site);
      const composite = compositeResult(def);
      return [composite === undefined ? [value] : compositeRow(value, composite)];
    });
  }

  /**
   * Runs `run` on the compiled `def` one call deeper. A VOLATILE function's body runs each
   * statement as a new command and its caller resumes as its own (Transaction.resumeCommand):
   * `run` gets the site whose `execution` starts that command.
   * @throws DbError 54001 past MAX_CALL_DEPTH.
   */
  #invoke<T>(
    def: FunctionDef,
    caller: RoutineCaller,
    run: (compiled: Compiled, site: RoutineCaller) => T,
  ): T {
    if (this.#depth >= MAX_CALL_DEPTH) throw stackDepthExceeded();
    caller.checkInterrupts();
    const volatile = def.row.volatility === 'v';
    const callerCommand = caller.tx.cid;
    const site = def.row.securityDefiner ? asOwner(caller, def) : caller;
    this.#depth++;
    try {
      return run(this.#compile(def, caller), volatile ? commandPerStatement(site) : site);
    } catch (err) {
      if (err instanceof RangeError && /call stack/i.test(err.message)) throw stackDepthExceeded();
      throw err;
    } finally {
      this.#depth--;
      if (volatile) caller.tx.resumeCommand(callerCommand);
    }
  }

  /**
   * Fires a trigger (RoutineAccess.fireTrigger): its WHEN, then its function. Counts as a call
   * (54001 past MAX_CALL_DEPTH: a trigger whose function writes its own table recurses). Sync.
   */
  fireTrigger(caller: RoutineCaller, e: TriggerEvent): Row | null {
    const t = e.trigger;
    const def = functionOf(caller, t.function);
    return this.#invoke(def, caller, (compiled, site) => {
      if (compiled.kind !== 'plpgsql')
        throw new InternalError(`trigger function ${def.name} is not PL/pgSQL`);
      if (t.whenSql !== undefined && !triggerWhen(compiled.fn, whenText(t), e, caller)) {
        // Not fired: a BEFORE ROW trigger leaves the row as it was.
        return (e.event === TRIGGER_TYPE.DELETE ? e.old : e.new) ?? null;
      }
      return runPlpgsqlTrigger(compiled.fn, e, site);
    });
  }

  #compile(def: FunctionDef, caller: RoutineCaller): Compiled {
    const known = this.#compiled.get(def.oid);
    if (known !== undefined && known.catalog === caller.catalog && known.version === caller.settingsVersion) {
      return known;
    }
    const base = { catalog: caller.catalog, version: caller.settingsVersion };
    let compiled: Compiled;
    if (def.row.language === 'sql') {
      try {
        compiled = { kind: 'sql', ...base, plan: planSqlFunction(def, caller.catalog, caller.settings) };
      } catch (err) {
        if (!(err instanceof DbError) || err.fields.where !== undefined) throw err;
        throw err.with({ where: sqlFunctionContext(def), position: undefined });
      }
    } else {
      const fn = new PlpgsqlFunction(def, functionSignature(def), caller.catalog, caller.settings);
      compiled = { kind: 'plpgsql', ...base, fn };
    }
    this.#compiled.set(def.oid, compiled);
    return compiled;
  }
}

const perStatementSites = new WeakMap<RoutineCaller, RoutineCaller>();

/**
 * `caller`, but each statement's execution starts a new command (a VOLATILE function's body);
 * one per caller, so a function called for every row allocates nothing per call.
 */
function commandPerStatement(caller: RoutineCaller): RoutineCaller {
  let site = perStatementSites.get(caller);
  if (site === undefined) {
    site = Object.create(caller, {
      execution: {
        value: (params: readonly Value[], user?: string) => {
          caller.tx.nextCommand();
          return caller.execution(params, user);
        },
      },
    }) as RoutineCaller;
    perStatementSites.set(caller, site);
  }
  return site;
}

/**
 * `caller` running a SECURITY DEFINER function's statements as its owner, as PostgreSQL's
 * fmgr_security_definer: privileges are checked and CURRENT_USER answers as the owner, and the
 * functions its body calls run as the owner too (unless SECURITY DEFINER themselves).
 */
function asOwner(caller: RoutineCaller, def: FunctionDef): RoutineCaller {
  const owner = privilegesFor(caller.catalog).roleName(def.row.owner);
  return Object.create(caller, {
    execution: {
      value: (params: readonly Value[], user?: string) => caller.execution(params, user ?? owner),
    },
  }) as RoutineCaller;
}

/** Each trigger's WHEN as PL/pgSQL expression text: one object per TriggerDef, so its SQL compiles once. */
const whenTexts = new WeakMap<TriggerDef, SqlText>();

function whenText(t: TriggerDef): SqlText {
  let w = whenTexts.get(t);
  if (w === undefined) {
    w = { text: t.whenSql!, line: 0 };
    whenTexts.set(t, w);
  }
  return w;
}

function functionOf(caller: RoutineCaller, oid: number): FunctionDef {
  const def = caller.catalog.functionByOid(oid);
  if (def === undefined) throw new DbError('42883', `function with OID ${oid} does not exist`);
  return def;
}

/** 54001 as PostgreSQL's check_stack_depth (calls, CALLs and EXECUTEs nested too deep). */
export function stackDepthExceeded(): DbError {
  return new DbError('54001', 'stack depth limit exceeded', {
    hint: 'Increase the configuration parameter "max_stack_depth" (currently 2048kB), after ensuring the platform\'s stack depth limit is adequate.',
  });
}
