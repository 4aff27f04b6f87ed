/**
 * Calls of user-defined functions (CREATE FUNCTION): the executor evaluates the arguments and
 * hands them to the engine (ExecutionContext.routines), which runs the function's body — a SQL
 * body's statements or the PL/pgSQL interpreter — synchronously, in the calling statement's
 * transaction. The arguments of one call are its frame: a fresh array per call, since a body
 * may call the same expression again (recursion).
 */
import type { TableDef, TriggerDef } from '@rustydb/catalog';
import { DbError, type Row, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import type { Runtime } from './runtime.js';

/** What the executor needs of the engine to call a user-defined function. */
export interface RoutineAccess {
  /**
   * Runs function `oid` on `args` (already of its parameters' types) and returns its result.
   * Sync. @throws DbError as the body does (54001 past the call depth limit).
   */
  call(oid: number, args: Value[]): Value;
  /**
   * Runs function `oid` (a set-returning one, or any in FROM) on `args` and returns all its rows,
   * each one value per result column (one for a scalar result). Materialized: the body runs to
   * its end first, as PostgreSQL's SQL functions and PL/pgSQL's tuplestore do.
   * Sync. @throws DbError as `call`.
   */
  callSet(oid: number, args: Value[]): Value[][];
  /**
   * Fires trigger `e.trigger` (its WHEN first): returns the row a BEFORE ROW trigger's function
   * gave back (NEW, changed or not; OLD for DELETE), null to skip the row; whatever for AFTER
   * and statement triggers. Sync. @throws DbError as the function does (54001 past the depth).
   */
  fireTrigger(e: TriggerEvent): Row | null;
}

/** One firing of a trigger (table-triggers.ts). */
export interface TriggerEvent {
  readonly trigger: TriggerDef;
  readonly table: TableDef;
  /** The event: TRIGGER_TYPE.INSERT, UPDATE, DELETE or TRUNCATE. */
  readonly event: number;
  readonly timing: 'before' | 'after';
  /** FOR EACH ROW (else STATEMENT). */
  readonly row: boolean;
  /** OLD (UPDATE, DELETE): the table's columns first; undefined where PostgreSQL's OLD is NULL. */
  readonly old: Row | undefined;
  /** NEW (INSERT, UPDATE). */
  readonly new: Row | undefined;
}

/** A call in an expression. @throws DbError 0A000 for a set-returning function (not in FROM or a select list). */
export function compileRoutineCall(
  routine: { readonly oid: number; readonly set?: true },
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  if (routine.set) {
    throw new DbError('0A000', 'set-valued function called in context that cannot accept a set');
  }
  const oid = routine.oid;
  const n = args.length;
  return (row) => {
    const routines = rt.ctx.routines;
    if (routines === undefined) {
      throw new DbError('0A000', 'user-defined functions cannot be called in this context');
    }
    const values: Value[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = args[i]!(row);
    return routines.call(oid, values);
  };
}

/** The rows of a call of user function `oid` (FunctionScan, ProjectSet). Sync. */
export function routineRows(rt: Pick<Runtime, 'ctx'>, oid: number, args: Value[]): Value[][] {
  const routines = rt.ctx.routines;
  if (routines === undefined) {
    throw new DbError('0A000', 'user-defined functions cannot be called in this context');
  }
  return routines.callSet(oid, args);
}
