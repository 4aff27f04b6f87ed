/**
 * SET CONSTRAINTS { ALL | name [, …] } { DEFERRED | IMMEDIATE }: when the current transaction
 * checks its DEFERRABLE constraints (PostgreSQL's AfterTriggerSetState). The state and queue
 * live in the transaction block (executor deferred-constraints.ts); IMMEDIATE fires at once the
 * checks it makes immediate, so an error there fails this statement. Also the guard of the DDL
 * that a pending check would not survive (`checkNoPendingChecks`).
 */

import type { TableDef } from '@rustydb/catalog';
import { DbError, InternalError, type Oid } from '@rustydb/common';
import { fireDeferredChecks, notDeferrable } from '@rustydb/executor';
import type { ObjectName, SetConstraintsStmt } from '@rustydb/parser';
import type { StatementContext } from './session.js';

/**
 * Runs SET CONSTRAINTS in the statement's transaction. Sync.
 * @throws DbError 3F000 for an unknown schema, 42704 for an unknown constraint, 42809 for one
 *   not deferrable (DEFERRED only, as PostgreSQL), 23503 / 23505 from the checks IMMEDIATE fires.
 */
export function runSetConstraints(stmt: SetConstraintsStmt, ctx: StatementContext): void {
  const execution = ctx.execution();
  const queue = execution.deferred;
  if (queue === undefined) throw new InternalError('a session without deferred constraint state');
  if (stmt.constraints === 'all') {
    queue.set(undefined, stmt.deferred);
    if (!stmt.deferred) fireDeferredChecks(execution);
  } else {
    const oids: Oid[] = [];
    for (const name of stmt.constraints) oids.push(...deferrableNamed(name, stmt.deferred, ctx));
    queue.set(oids, stmt.deferred);
    if (!stmt.deferred) fireDeferredChecks(execution, new Set(oids));
  }
  ctx.out.commandComplete('SET CONSTRAINTS');
}

/**
 * The deferrable constraints called `name`: in its schema when qualified, else in the first
 * schema of the search path holding any constraint by that name (every table's there).
 */
function deferrableNamed(name: ObjectName, deferred: boolean, ctx: StatementContext): Oid[] {
  const catalog = ctx.catalog;
  let schemas: readonly string[];
  if (name.schema !== undefined) {
    const schema = catalog.resolveSchema(name.schema);
    if (!catalog.schemaExists(schema)) throw new DbError('3F000', `schema "${name.schema}" does not exist`);
    schemas = [schema];
  } else {
    schemas = catalog.effectivePath;
  }
  for (const schema of schemas) {
    const found: Oid[] = [];
    let any = false;
    for (const table of catalog.tables()) {
      if (table.schema !== schema) continue;
      for (const c of table.constraints) {
        if (c.name !== name.name) continue;
        any = true;
        if (c.deferrable) found.push(c.oid);
        else if (deferred) throw notDeferrable(name.name);
      }
    }
    if (any) return found;
  }
  throw new DbError('42704', `constraint "${name.name}" does not exist`);
}

/**
 * 55006 when `table` has deferred checks not yet run: ALTER TABLE, TRUNCATE and DROP TABLE
 * would leave them pointing at rows that moved or went (PostgreSQL's CheckTableNotInUse).
 * `statement` is the command as the message names it.
 */
export function checkNoPendingChecks(ctx: StatementContext, table: TableDef, statement: string): void {
  if (ctx.execution().deferred?.pendingOn(table.oid) !== true) return;
  throw new DbError('55006', `cannot ${statement} "${table.name}" because it has pending trigger events`);
}
