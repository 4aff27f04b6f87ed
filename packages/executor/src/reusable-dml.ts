/**
 * Which INSERT / UPDATE / DELETE plans may keep their operator tree between executions
 * (reusable-plan.ts), beyond what their expressions and input need.
 *
 * A DML tree holds a TableWriter, which reads the target table's definition once, when built:
 * its indexes (opened index objects and their key encoders), its CHECK constraints (bound and
 * compiled), its foreign keys (compiled lookups, and writers of the referencing tables opened on
 * demand). Everything it reads is part of the plan's frozen TableDef: DDL (ADD CONSTRAINT, CREATE
 * INDEX, DROP/CREATE) makes a new TableDef and moves the catalog's epoch, and a cached plan is
 * replanned when the epoch moved (prepared-statement.ts, statement-cache.ts) — a new plan object,
 * so a new tree (the trees are kept per plan object). What can change under the same TableDef is
 * the storage (TRUNCATE, REINDEX): the table's store and every index object are checked at reuse
 * (`collectWriteStorage`).
 *
 * Kept out: tables with triggers (their functions run through the session), tables with foreign keys either way (their checks and cascades reach other tables'
 * storage through writers made lazily, whose storage the reuse check would not see), indexes
 * with expressions or predicates (compiled per writer against the catalog), and CHECK
 * constraints or generation expressions whose bound expression is not reusable (`reusableExpr`: e.g. a function reading
 * the session).
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import type { PhysicalExpr } from '@rustydb/optimizer';
import { bindCheckSql, generationExprs } from '@rustydb/planner';

/** Per TableDef (frozen per catalog version): may a writer of it be kept? */
const writable = new WeakMap<TableDef, boolean>();

/**
 * Whether a TableWriter of `table` may be kept across executions (see the file comment);
 * `reusableExpr` judges the bound CHECK expressions. Memoised per TableDef. Synchronous; a
 * CHECK that no longer binds answers false (the build reports the error).
 */
export function reusableWriteTarget(
  table: TableDef,
  catalog: CatalogReader,
  reusableExpr: (e: PhysicalExpr) => boolean,
): boolean {
  let r = writable.get(table);
  if (r === undefined) {
    r = judge(table, catalog, reusableExpr);
    writable.set(table, r);
  }
  return r;
}

function judge(table: TableDef, catalog: CatalogReader, reusableExpr: (e: PhysicalExpr) => boolean): boolean {
  if ((table.referencedBy?.length ?? 0) > 0 || table.triggers !== undefined) return false;
  for (const ix of table.indexes) {
    if ((ix.expressions !== undefined && ix.expressions.length > 0) || ix.predicateSql !== undefined)
      return false;
  }
  for (const c of table.constraints) {
    if (c.references) return false;
    if (c.kind !== 'check' || c.checkSql === undefined) continue;
    let bound: PhysicalExpr;
    try {
      bound = bindCheckSql(c.checkSql, table, catalog) as unknown as PhysicalExpr;
    } catch {
      // Not bindable now: never keep it; building the writer raises the binder's error.
      return false;
    }
    if (!reusableExpr(bound)) return false;
  }
  // Generated columns' expressions are compiled per writer like CHECKs (immutable: reusable
  // unless reusableExpr says otherwise).
  if (table.columns.some((c) => c.generated !== undefined)) {
    let exprs: ReturnType<typeof generationExprs>;
    try {
      exprs = generationExprs(table, catalog);
    } catch {
      return false;
    }
    if (!exprs.every((g) => reusableExpr(g.expr as unknown as PhysicalExpr))) return false;
  }
  return true;
}

/** Adds the storage a writer of `table` opens (its store, every index) to the reuse check. */
export function collectWriteStorage(table: TableDef, tables: TableDef[], indexes: IndexDef[]): void {
  tables.push(table);
  for (const ix of table.indexes) indexes.push(ix);
}
