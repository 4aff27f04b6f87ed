/**
 * SELECT … FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE [OF t, …] [NOWAIT | SKIP
 * LOCKED]: PostgreSQL's checks (CheckSelectLocking, transformLockingClause) and what LockRows
 * needs from the binder.
 *
 * How the rows are found: while the FROM list is bound, every table the clauses name (all tables
 * directly in FROM when a clause has no OF) gets a hidden `ctid` column (FromBinder.lockTids);
 * the select list carries those tids as junk columns through Sort to the LockRows node, which a
 * final projection then drops.
 *
 * A FROM subquery or view the clauses cover is locked as PostgreSQL's transformLockingClause and
 * markQueryForLocking do: the clause (without OF) is pushed down into its query, whose tables
 * lock in turn. Their tids come up through the subquery as extra hidden output columns
 * (`ExportedLock`), so the outer query's one LockRows locks them. Unlike PostgreSQL, such a row
 * is not re-checked when READ COMMITTED finds it updated: its newest version is locked and the
 * values read before the wait are returned. WITH queries are not locked (OF one is an error).
 */
import type { TableDef } from '@rustydb/catalog';
import { DbError, sqlType } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { LockRowsTarget, LogicalExpr, LogicalPlan } from './logical-plan.js';
import { TID_COLUMN_NAME } from './logical-plan.js';
import type { Scope } from './scope.js';

const STRENGTH_NAMES: Readonly<Record<LockRowsTarget['strength'], string>> = {
  update: 'FOR UPDATE',
  noKeyUpdate: 'FOR NO KEY UPDATE',
  share: 'FOR SHARE',
  keyShare: 'FOR KEY SHARE',
};
const STRENGTH_ORDER = ['keyShare', 'share', 'noKeyUpdate', 'update'] as const;
const POLICY_ORDER = ['skipLocked', 'block', 'nowait'] as const;

/** The SQL name of a query's first locking clause, for messages: 'FOR UPDATE'. */
export function lockingName(locking: readonly ast.LockingClause[]): string {
  return STRENGTH_NAMES[locking[0].strength];
}

/**
 * 0A000 `FOR UPDATE is not allowed with GROUP BY clause` (DISTINCT clause, aggregate functions,
 * window functions) as CheckSelectLocking words it.
 */
export function checkSelectLocking(s: ast.Select, aggregates: boolean, windows: boolean): void {
  const name = lockingName(s.locking);
  const fail = (what: string) => new DbError('0A000', `${name} is not allowed with ${what}`);
  if (s.distinct) throw fail('DISTINCT clause');
  if (s.groupBy.length > 0) throw fail('GROUP BY clause');
  if (s.having !== undefined) throw fail('HAVING clause');
  if (aggregates) throw fail('aggregate functions');
  if (windows) throw fail('window functions');
}

/** 0A000 `FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT`. */
export function lockingWithSetOperation(locking: readonly ast.LockingClause[]): DbError {
  return new DbError('0A000', `${lockingName(locking)} is not allowed with UNION/INTERSECT/EXCEPT`);
}

/** A table whose rows a query locks, with how. */
export interface ExportedLock {
  readonly table: TableDef;
  readonly strength: LockRowsTarget['strength'];
  readonly waitPolicy: LockRowsTarget['waitPolicy'];
}

/** `q` with locking clause `clause` added (pushed down into a FROM subquery or view). */
export function withLocking(q: ast.SelectStmt, clause: ast.LockingClause): ast.SelectStmt {
  return { ...q, locking: [...q.locking, clause] };
}

/** The tables a query's locking clauses lock, collected while its FROM is bound. */
export class LockingTargets {
  readonly #found = new Map<string, ExportedLock>();
  /** FROM subqueries and views the clauses cover, with the locks their queries exported. */
  readonly #pushed = new Map<string, readonly ExportedLock[]>();

  constructor(private readonly locking: readonly ast.LockingClause[]) {}

  /** The strongest clause covering `alias` (OF names it, or has no OF list), as one clause without OF. */
  #covering(alias: string): ast.LockingClause | undefined {
    let strength: LockRowsTarget['strength'] | undefined;
    let waitPolicy: LockRowsTarget['waitPolicy'] = 'skipLocked';
    for (const c of this.locking) {
      if (c.of.length > 0 && !c.of.some((n) => n.schema === undefined && n.name === alias)) continue;
      if (strength === undefined || STRENGTH_ORDER.indexOf(c.strength) > STRENGTH_ORDER.indexOf(strength))
        strength = c.strength;
      if (POLICY_ORDER.indexOf(c.waitPolicy) > POLICY_ORDER.indexOf(waitPolicy)) waitPolicy = c.waitPolicy;
    }
    return strength === undefined ? undefined : { strength, waitPolicy, of: [] };
  }

  /** Does a clause lock table `alias`? Records the strongest strength and policy. */
  accepts(alias: string, table: TableDef): boolean {
    const clause = this.#covering(alias);
    if (clause === undefined) return false;
    if (table.matview) throw new DbError('42809', `cannot lock rows in materialized view "${table.name}"`);
    this.#found.set(alias, { table, strength: clause.strength, waitPolicy: clause.waitPolicy });
    return true;
  }

  /**
   * The clause to push down into FROM subquery or view `alias`, if one covers it; the query bound
   * with it reports its locks through `exported`.
   */
  pushdown(alias: string): ast.LockingClause | undefined {
    const clause = this.#covering(alias);
    // Covered even when its query locks nothing (VALUES): OF may name it.
    if (clause !== undefined) this.#pushed.set(alias, []);
    return clause;
  }

  /** Records the locks subquery or view `alias` exported (its last hidden output columns). */
  exported(alias: string, locks: readonly ExportedLock[]): void {
    this.#pushed.set(alias, locks);
  }

  /**
   * 0A000 `FOR UPDATE cannot be applied to a function` (a WITH query) when an OF list names
   * `alias`, a FROM item that has no rows of a table to lock.
   */
  refuse(alias: string, what: 'a function' | 'a WITH query'): void {
    for (const c of this.locking) {
      const named = c.of.find((n) => n.schema === undefined && n.name === alias);
      if (named === undefined) continue;
      throw new DbError('0A000', `${STRENGTH_NAMES[c.strength]} cannot be applied to ${what}`, {
        position: named.location + 1,
      });
    }
  }

  /**
   * The targets with the slot of each one's hidden tid column in `scope`'s row.
   * @throws DbError 42P01 `relation "x" in FOR UPDATE clause not found in FROM clause`.
   */
  targets(scope: Scope): (ExportedLock & { tidSlot: number; tableSlot?: number })[] {
    for (const c of this.locking) {
      for (const n of c.of) {
        if (n.schema === undefined && (this.#found.has(n.name) || this.#pushed.has(n.name))) continue;
        throw new DbError(
          '42P01',
          `relation "${n.name}" in ${STRENGTH_NAMES[c.strength]} clause not found in FROM clause`,
          { position: n.location + 1 },
        );
      }
    }
    const out: (ExportedLock & { tidSlot: number; tableSlot?: number })[] = [];
    for (const item of scope.items) {
      const pushed = this.#pushed.get(item.alias);
      if (pushed !== undefined) {
        // A subquery's exported tids are its last columns, in the order of its locks.
        const tids = item.columns.slice(item.columns.length - pushed.length);
        pushed.forEach((lock, i) => {
          out.push({ ...lock, tidSlot: tids[i].slot });
        });
        continue;
      }
      const found = this.#found.get(item.alias);
      if (found === undefined) continue;
      const tid = item.columns.find((c) => c.hidden && c.name === TID_COLUMN_NAME);
      if (tid === undefined) continue;
      // The table's columns come first in its scope item, in attnum order, then the tid.
      out.push({ ...found, tidSlot: tid.slot, tableSlot: item.columns[0].slot });
    }
    return out;
  }
}

/** A lock target found in a SELECT's scope (LockingTargets.targets). */
type FoundTarget = ReturnType<LockingTargets['targets']>[number];

const TID = sqlType('tid');

/**
 * The locking part of one SELECT's plan: the junk columns its rows carry to LockRows (each
 * target's tid, then, for READ COMMITTED's re-check, the whole FROM row), and the LockRows node
 * itself — or, for a clause pushed down into a FROM subquery or view, the locks it exports.
 */
export class SelectLocking {
  readonly #targets: readonly FoundTarget[];
  /** Re-check (EvalPlanQual) rows: not with set-returning functions nor rows locked through a subquery. */
  readonly #epq: boolean;
  #fromBase = 0;

  constructor(
    targets: readonly FoundTarget[] | undefined,
    private readonly exportLocks: ExportedLock[] | undefined,
    private readonly fromPlan: LogicalPlan,
    setReturning: boolean,
  ) {
    this.#targets = targets ?? [];
    this.#epq =
      exportLocks === undefined &&
      this.#targets.length > 0 &&
      this.#targets.every((t) => t.tableSlot !== undefined) &&
      !setReturning;
  }

  /** The junk expressions to append to the select list, which starts them at slot `base`. */
  junk(base: number): LogicalExpr[] {
    const junk: LogicalExpr[] = this.#targets.map((t) => ({
      kind: 'column',
      type: TID,
      index: t.tidSlot,
      name: 'ctid',
    }));
    this.#fromBase = base + junk.length;
    if (this.#epq) {
      this.fromPlan.columns.forEach((c, i) => {
        junk.push({ kind: 'column', type: c.type, index: i, name: c.name });
      });
    }
    return junk;
  }

  /** How many tid columns a pushed-down clause leaves after the visible columns. */
  get exportedWidth(): number {
    return this.exportLocks === undefined ? 0 : this.#targets.length;
  }

  /**
   * `plan` (sorted, not yet limited) under a LockRows node whose tids start at slot `tidBase`
   * (PostgreSQL's place: above Sort, below Limit); `recheck` is the WHERE and the select list
   * with ORDER BY's junk to evaluate again. A pushed-down clause exports its locks instead.
   */
  lockRows(
    plan: LogicalPlan,
    tidBase: number,
    recheck: { where: LogicalExpr | undefined; outputs: LogicalExpr[] },
  ): LogicalPlan {
    if (this.exportLocks !== undefined) {
      for (const t of this.#targets)
        this.exportLocks.push({ table: t.table, strength: t.strength, waitPolicy: t.waitPolicy });
      return plan;
    }
    if (this.#targets.length === 0) return plan;
    const targets = this.#targets.map((t, i) => ({
      table: t.table,
      slot: tidBase + i,
      ...(t.tableSlot !== undefined ? { tableSlot: t.tableSlot } : {}),
      strength: t.strength,
      waitPolicy: t.waitPolicy,
    }));
    const check = this.#epq
      ? {
          fromBase: this.#fromBase,
          fromWidth: this.fromPlan.columns.length,
          ...(recheck.where ? { predicate: recheck.where } : {}),
          outputs: recheck.outputs,
        }
      : undefined;
    return {
      kind: 'lockRows',
      input: plan,
      targets,
      ...(check ? { recheck: check } : {}),
      columns: plan.columns,
    };
  }
}
