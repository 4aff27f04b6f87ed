/**
 * TRUNCATE [TABLE] a, b [RESTART IDENTITY] [CASCADE]: each table (and each index on it) gets a
 * new, empty file in the transaction (Catalog.newRelationFiles), so ROLLBACK brings the old rows
 * back and the old files go only at COMMIT, as PostgreSQL swaps relfilenodes. Tables referencing
 * a truncated one through a foreign key must be truncated with it (CASCADE adds them). RESTART
 * IDENTITY restarts the sequences the tables' columns own, transactionally. The tables' BEFORE
 * TRUNCATE triggers fire before the first file is swapped, the AFTER ones once all are.
 */
import { type TableDef, TRIGGER_TYPE } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import { Runtime, TableTriggers } from '@rustydb/executor';
import type { TruncateStmt } from '@rustydb/parser';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { checkNoPendingChecks } from './set-constraints-statement.js';
import { notice } from './statement-notices.js';
import { liveAtStart } from './table-activity.js';

export function truncate(stmt: TruncateStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const tables = new Map<Oid, TableDef>();
  for (const name of stmt.tables) {
    checkCatalogName(name);
    const entry = view.relation(name.name, name.schema);
    if (!entry)
      throw new DbError('42P01', `relation "${name.name}" does not exist`, { position: name.location + 1 });
    if (entry.kind !== 'table' || entry.def.matview)
      throw new DbError('42809', `"${name.name}" is not a table`);
    tables.set(entry.def.oid, entry.def);
  }
  const cascade = stmt.behavior === 'cascade';
  for (const t of [...tables.values()]) addReferencing(ctx, t, tables, cascade);
  for (const t of tables.values()) checkNoPendingChecks(ctx, t, 'TRUNCATE');
  // SERIALIZABLE: a truncate conflicts with every SIREAD lock on the tables (as PostgreSQL).
  for (const oid of tables.keys()) ctx.tx.ssi?.checkConflictInTable(oid);
  const triggers = truncateTriggers(ctx, tables);
  for (const t of triggers) t.beforeStatement(TRIGGER_TYPE.TRUNCATE);
  const activity = ctx.engine.tableActivity;
  for (const [oid, table] of tables) {
    ctx.engine.catalog.newRelationFiles(ctx.tx, oid);
    // pg_stat_all_tables: no rows left, once this (sub)transaction commits.
    activity?.truncating(oid, ctx.tx.assignXid(), liveAtStart(view, table));
  }
  if (stmt.restartIdentity) {
    for (const seq of view.sequences()) {
      if (seq.ownedBy && tables.has(seq.ownedBy.table)) ctx.engine.catalog.restartSequence(ctx.tx, seq.oid);
    }
  }
  for (const t of triggers) t.finishStatement();
  ctx.out.commandComplete('TRUNCATE TABLE');
}

/** The TRUNCATE statement triggers of the tables (BEFORE before any file is swapped, AFTER after all). */
function truncateTriggers(ctx: StatementContext, tables: Map<Oid, TableDef>): TableTriggers[] {
  const out: TableTriggers[] = [];
  let rt: Runtime | undefined;
  for (const t of tables.values()) {
    if (t.triggers === undefined) continue;
    rt ??= new Runtime(ctx.execution());
    const triggers = TableTriggers.of(t, rt);
    if (triggers !== undefined) out.push(triggers);
  }
  return out;
}

/** Tables whose foreign keys reference `t`: added with CASCADE (recursively), else 0A000. */
function addReferencing(
  ctx: StatementContext,
  t: TableDef,
  tables: Map<Oid, TableDef>,
  cascade: boolean,
): void {
  for (const ref of t.referencedBy ?? []) {
    if (tables.has(ref.table)) continue;
    const child = ctx.catalog.tableByOid(ref.table)!;
    if (!cascade) {
      throw new DbError('0A000', 'cannot truncate a table referenced in a foreign key constraint', {
        detail: `Table "${child.name}" references "${t.name}".`,
        hint: `Truncate table "${child.name}" at the same time, or use TRUNCATE ... CASCADE.`,
      });
    }
    ctx.out.notice(notice('00000', `truncate cascades to table "${child.name}"`));
    tables.set(child.oid, child);
    addReferencing(ctx, child, tables, cascade);
  }
}
