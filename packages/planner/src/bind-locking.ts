/**
 * SELECT … FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE [OF t, …] [NOWAIT | SKIP
 * LOCKED]: PostgreSQL's checks (CheckSelectLocking, transformLockingClause) and what LockRows
 * needs from the binder.
 *
 * How the rows are found: while the FROM list is bound, every table the clauses name (all tables
 * directly in FROM when a clause has no OF) gets a hidden `ctid` column (FromBinder.lockTids);
 * the select list carries those tids as junk columns through Sort to the LockRows node, which a
 * final projection then drops. Tables inside FROM subqueries, views and CTEs are not locked (NB:
 * PostgreSQL locks them too when no OF list is given).
 */
import type { TableDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import type { LockRowsTarget } from './logical-plan.js';
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

/** The tables a query's locking clauses lock, collected while its FROM is bound. */
export class LockingTargets {
  readonly #found = new Map<
    string,
    { table: TableDef; strength: LockRowsTarget['strength']; waitPolicy: LockRowsTarget['waitPolicy'] }
  >();

  constructor(private readonly locking: readonly ast.LockingClause[]) {}

  /** FromBinder.lockTids: does a clause lock `alias`? Records the strongest strength and policy. */
  readonly accepts = (alias: string, table: TableDef): boolean => {
    let strength: LockRowsTarget['strength'] | undefined;
    let waitPolicy: LockRowsTarget['waitPolicy'] = 'skipLocked';
    for (const c of this.locking) {
      if (c.of.length > 0 && !c.of.some((n) => n.schema === undefined && n.name === alias)) continue;
      if (strength === undefined || STRENGTH_ORDER.indexOf(c.strength) > STRENGTH_ORDER.indexOf(strength))
        strength = c.strength;
      if (POLICY_ORDER.indexOf(c.waitPolicy) > POLICY_ORDER.indexOf(waitPolicy)) waitPolicy = c.waitPolicy;
    }
    if (strength === undefined) return false;
    this.#found.set(alias, { table, strength, waitPolicy });
    return true;
  };

  /**
   * The targets with the slot of each one's hidden tid column in `scope`'s row.
   * @throws DbError 42P01 `relation "x" in FOR UPDATE clause not found in FROM clause`.
   */
  targets(scope: Scope): {
    table: TableDef;
    tidSlot: number;
    tableSlot: number;
    strength: LockRowsTarget['strength'];
    waitPolicy: LockRowsTarget['waitPolicy'];
  }[] {
    for (const c of this.locking) {
      for (const n of c.of) {
        if (n.schema === undefined && this.#found.has(n.name)) continue;
        throw new DbError(
          '42P01',
          `relation "${n.name}" in ${STRENGTH_NAMES[c.strength]} clause not found in FROM clause`,
          { position: n.location + 1 },
        );
      }
    }
    const out = [];
    for (const item of scope.items) {
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
