/**
 * INSERT … ON CONFLICT: which unique indexes arbitrate (PostgreSQL's infer_arbiter_indexes) and
 * what DO UPDATE computes.
 *
 * - `ON CONFLICT (a, b)`: every unique index whose key columns are exactly {a, b} (any order);
 *   none → 42P10. `ON CONSTRAINT name`: the unique index of that name; none → 42704.
 *   No target (DO NOTHING only): every unique index.
 * - DO UPDATE SET … [WHERE …] reads the existing row as the target table (by its alias) and the
 *   proposed row as `excluded`: the existing row's columns take slots 0..n-1, excluded's n..2n-1.
 */
import type { ColumnDef, IndexDef, TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import type { LogicalExpr, LogicalPlan, OnConflict } from './logical-plan.js';
import type { ColumnUse } from './required-privileges.js';
import { Scope, type ScopeColumn, type ScopeItem } from './scope.js';

type BindAssignments = (
  set: readonly ast.SetClause[],
  ctx: ExprContext,
) => { column: ColumnDef; expr: LogicalExpr }[];

/**
 * What DO UPDATE reads, as the INSERT's target names it: the scope items of the existing row
 * (`alias`) and of `excluded`, and how an expression bound over them is put over (existing row,
 * proposed row) of the table. Table targets read the table's columns; a view's (dml-target.ts)
 * its own columns, rewritten onto the table's.
 */
export interface ConflictScope {
  readonly items: readonly ScopeItem[];
  readonly resolve: (e: LogicalExpr) => LogicalExpr;
  /** The table column a conflict target names, if any. */
  readonly column: (name: string) => ColumnDef | undefined;
}

/** ConflictScope of table `table` written as `alias` (`use`: the statement's requirement on it). */
export function tableConflictScope(table: TableDef, alias: string, use: ColumnUse): ConflictScope {
  const n = table.columns.length;
  const cols = (offset: number, privilege?: ColumnUse): ScopeColumn[] =>
    table.columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      tableOid: table.oid,
      attnum: c.attnum,
      slot: offset + i,
      ...(privilege ? { privilege } : {}),
    }));
  // The target's columns are read (SELECT, column privileges); the proposed row's are not.
  return {
    items: [
      { alias, tableName: table.name, columns: cols(0, use) },
      { alias: 'excluded', columns: cols(n) },
    ],
    resolve: (e) => e,
    column: (name) => table.columns.find((x) => x.name === name),
  };
}

/** Binds the ON CONFLICT clause of an INSERT into `table`, named as `names` says. */
export function bindOnConflict(
  oc: ast.OnConflict,
  table: TableDef,
  names: ConflictScope,
  exprs: ExprBinder,
  bindAssignments: BindAssignments,
): OnConflict<LogicalPlan> {
  const arbiters = inferArbiters(oc, table, names);
  if (oc.action === 'nothing') return { action: 'nothing', arbiters, assignments: [] };
  const scope = new Scope(names.items);
  const ctx: ExprContext = { scope, clause: 'UPDATE' };
  const assignments = bindAssignments(oc.set, ctx);
  const where = oc.where
    ? names.resolve(exprs.bindCondition(oc.where, { scope, clause: 'WHERE' }))
    : undefined;
  return { action: 'update', arbiters, assignments, ...(where ? { where } : {}) };
}

function inferArbiters(oc: ast.OnConflict, table: TableDef, names: ConflictScope): IndexDef[] {
  const unique = table.indexes.filter((ix) => ix.unique);
  const target = oc.target;
  if (!target) {
    if (oc.action === 'update') {
      throw new DbError(
        '42601',
        'ON CONFLICT DO UPDATE requires inference specification or constraint name',
        {
          position: oc.location + 1,
          hint: 'For example, ON CONFLICT (column_name).',
        },
      );
    }
    return unique;
  }
  if (target.constraint !== undefined) {
    const ix = unique.find((x) => x.name === target.constraint);
    if (!ix) {
      throw new DbError(
        '42704',
        `constraint "${target.constraint}" for table "${table.name}" does not exist`,
      );
    }
    return [ix];
  }
  if (target.where) {
    throw new DbError('0A000', 'ON CONFLICT with a partial index predicate is not supported', {
      position: oc.location + 1,
    });
  }
  const attnums = new Set<number>();
  for (const el of target.elements) {
    const name = el.column;
    if (name === undefined) {
      throw new DbError('0A000', 'ON CONFLICT on an expression is not supported', {
        position: oc.location + 1,
      });
    }
    const c = names.column(name);
    if (!c) {
      throw new DbError('42703', `column "${name}" does not exist`, { position: oc.location + 1 });
    }
    attnums.add(c.attnum);
  }
  const matching = unique.filter(
    // A partial index arbitrates only when the target's WHERE implies its predicate (not supported above).
    (ix) =>
      ix.predicateSql === undefined &&
      ix.columns.length === attnums.size &&
      ix.columns.every((a) => attnums.has(a)),
  );
  if (matching.length === 0) {
    throw new DbError(
      '42P10',
      'there is no unique or exclusion constraint matching the ON CONFLICT specification',
    );
  }
  return matching;
}
