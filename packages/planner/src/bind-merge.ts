/**
 * MergeBinder: `MERGE INTO target USING source ON … WHEN …` (PostgreSQL 15) → a MergeNode.
 *
 * The input is the target's scan (its columns, then the hidden tid) joined with the source (its
 * columns after the tid) on the ON condition: an inner join, or a right join when some WHEN NOT
 * MATCHED clause must see the source rows no target row matched (their target slots are NULL,
 * the tid too). The optimizer plans that join like any other, so an index on the target's key is
 * used. WHEN MATCHED clauses read the whole joined row; WHEN NOT MATCHED clauses only the source
 * (PostgreSQL's 42P01 "invalid reference to FROM-clause entry" for a target column), and INSERT's
 * VALUES become the complete new row as an INSERT's VALUES do (defaults, identity, generated).
 *
 * Privileges as PostgreSQL: INSERT, UPDATE, DELETE on the target for each kind of action present
 * (UPDATE's columns, INSERT's columns), SELECT on whatever target column is read, and SELECT on
 * the source's columns through the FROM binder.
 */
import type { CatalogReader } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { type DmlBinder, requireSelectIfRead } from './bind-dml.js';
import type { ExprBinder, ExprContext } from './bind-expr.js';
import { invalidReference } from './bind-from.js';
import type { DmlTarget } from './dml-target.js';
import { applyIdentityRules } from './dml-target-rules.js';
import type { LogicalExpr, LogicalPlan, MergeAction, PlanColumn } from './logical-plan.js';
import { DELETE, INSERT, UPDATE } from './required-privileges.js';
import { Scope } from './scope.js';

const ACTION_BITS = { update: UPDATE, delete: DELETE, insert: INSERT, nothing: 0 } as const;

export class MergeBinder {
  constructor(
    private readonly dml: DmlBinder,
    private readonly exprs: ExprBinder,
    private readonly catalog: CatalogReader,
  ) {}

  bindMerge(s: ast.MergeStmt): LogicalPlan {
    checkReachable(s.when);
    let bits = 0;
    for (const w of s.when) bits |= ACTION_BITS[w.action];
    const target = this.target(s.table, bits);
    const { table } = target;
    const alias = s.alias ?? table.name;
    const scan = sourceNamed(alias, () => this.dml.targetScan(target, alias, undefined, [s.source]));
    const join = scan.plan;
    if (join.kind !== 'join') throw new DbError('XX000', 'MERGE: the target scan is not a join');
    const scope = scan.scope;
    const on = this.exprs.bindCondition(s.on, { scope, clause: 'JOIN conditions' }, 'JOIN/ON');
    // The source's items only: what WHEN NOT MATCHED may read (slots as in the joined row).
    const sourceScope = new Scope(scope.items.slice(1));
    const actions = s.when.map((w) =>
      w.matched
        ? this.bindWhen(w, target, scope)
        : invalidReference(scope.items.slice(0, 1), () => this.bindWhen(w, target, sourceScope)),
    );
    requireSelectIfRead(target);
    const outer = s.when.some((w) => !w.matched);
    const input: LogicalPlan = { ...join, joinType: outer ? 'right' : 'inner', condition: on };
    const columns: PlanColumn[] = [];
    return { kind: 'merge', table, input, recheck: on, actions, columns };
  }

  /** The target: a plain table (PostgreSQL 15 refuses views, sequences, materialized views). */
  private target(name: ast.ObjectName, bits: number): DmlTarget {
    const t = this.catalog.table(name.name, name.schema);
    const isView = !t && this.catalog.view?.(name.name, name.schema) !== undefined;
    if (isView || t?.matview) {
      throw new DbError('0A000', `cannot execute MERGE on relation "${name.name}"`, {
        detail: `This operation is not supported for ${isView ? 'views' : 'materialized views'}.`,
      });
    }
    return this.dml.target(name, 'update', bits);
  }

  private bindWhen(w: ast.MergeWhen, target: DmlTarget, scope: Scope): MergeAction<LogicalPlan> {
    const condition: LogicalExpr | undefined = w.condition
      ? this.exprs.bindCondition(w.condition, { scope, clause: 'MERGE WHEN conditions' }, 'WHEN')
      : undefined;
    const base = { matched: w.matched, action: w.action, ...(condition ? { condition } : {}) };
    if (w.matched) {
      const assignments =
        w.action === 'update' ? this.dml.bindAssignments(target, w.set, { scope, clause: 'UPDATE' }) : [];
      return { ...base, assignments, values: [] };
    }
    if (w.action === 'nothing') return { ...base, assignments: [], values: [] };
    return { ...base, assignments: [], values: this.insertRow(w, target, scope) };
  }

  /** INSERT's VALUES (or DEFAULT VALUES) as a complete table row, reading the source row. */
  private insertRow(w: ast.MergeNotMatchedWhen, target: DmlTarget, scope: Scope): LogicalExpr[] {
    const { table } = target;
    const targets = target.insertTargets(w.columns);
    if (!w.values) {
      for (const c of table.columns) target.use.inserted.add(c.attnum);
      return table.columns.map((c) => this.dml.defaultFor(c));
    }
    const values: ast.Values = {
      kind: 'values',
      rows: [w.values],
      orderBy: [],
      withTies: false,
      locking: [],
      location: w.location,
    };
    const stmt: ast.InsertStmt = {
      kind: 'insert',
      table: { name: table.name, location: w.location },
      columns: w.columns,
      ...(w.overriding ? { overriding: w.overriding } : {}),
      source: values,
      returning: [],
    };
    const source = applyIdentityRules(stmt, targets).source as ast.Values;
    const ctx: ExprContext = { scope, clause: 'VALUES' };
    return [...this.dml.insertValues(target, targets, w.columns, source, ctx).rows[0]];
  }
}

/** A WHEN clause after an unconditional one of its kind (MATCHED / NOT MATCHED) could never act. */
function checkReachable(when: readonly ast.MergeWhen[]): void {
  const unconditional = new Set<boolean>();
  for (const w of when) {
    if (unconditional.has(w.matched)) {
      throw new DbError('42601', 'unreachable WHEN clause specified after unconditional WHEN clause');
    }
    if (!w.condition) unconditional.add(w.matched);
  }
}

/** The source named like the target: PostgreSQL's MERGE wording of 42712. */
function sourceNamed<T>(alias: string, bind: () => T): T {
  try {
    return bind();
  } catch (err) {
    if (!(err instanceof DbError) || err.code !== '42712') throw err;
    throw new DbError('42712', `name "${alias}" specified more than once`, {
      detail: 'The name is used both as MERGE target table and data source.',
    });
  }
}
