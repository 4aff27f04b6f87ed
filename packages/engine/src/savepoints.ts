/**
 * Savepoints: SAVEPOINT, RELEASE [SAVEPOINT] and ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT]
 * with PostgreSQL 15's rules, over txn's subtransactions.
 *
 * A session's savepoints form a stack; each is one subtransaction level of the transaction
 * (`Transaction.beginSubtransaction`), so its writes get their own sub-xid. Names may repeat:
 * RELEASE and ROLLBACK TO act on the most recent savepoint of that name. RELEASE removes it and
 * every later one (their writes join the enclosing level). ROLLBACK TO aborts the sub-xids of it
 * and every later one, removes the later ones and keeps it, empty, for another ROLLBACK TO.
 *
 * What else a ROLLBACK TO undoes, as PostgreSQL:
 * - the catalog: DDL, COMMENT ON and ANALYZE rows carry sub-xids too, and the catalog forgets the
 *   files created (removed) and dropped (kept) since the savepoint (`Catalog.rollbackToSavepoint`);
 * - settings: SET and SET LOCAL since the savepoint revert;
 * - portals opened since the savepoint close (the one running the ROLLBACK TO excepted);
 * - locks taken since the savepoint are released (relation and row locks; those also held before
 *   it stay), as PostgreSQL releases a subtransaction's locks when it aborts.
 * Not undone, as in PostgreSQL: nextval/setval (non-transactional), currval/lastval.
 *
 * A failed statement inside a savepoint aborts the innermost subtransaction at once (as
 * PostgreSQL) and leaves the block failed (25P02 for everything but ROLLBACK, COMMIT and
 * ROLLBACK TO) with the transaction kept, so ROLLBACK TO can revive it.
 */
import type { Catalog, SavepointMark } from '@rustydb/catalog';
import { DbError, emptyArray } from '@rustydb/common';
import type { DeferredConstraints, DeferredMark } from '@rustydb/executor';
import type { LockManager, LockMark, Transaction } from '@rustydb/txn';
import type { SessionSettings, SettingsMark } from './session-settings.js';

interface Savepoint {
  readonly name: string;
  /** Its subtransaction level (1 for the first savepoint). */
  readonly depth: number;
  readonly catalog: SavepointMark;
  readonly settings: SettingsMark;
  /**
   * The portals and cursors open when it was taken, by identity: later ones close at ROLLBACK
   * TO, even when one of them reuses the name of one closed since.
   */
  readonly open: ReadonlySet<object>;
  /** The session's locks when it was taken (undefined without a lock manager). */
  readonly locks: LockMark | undefined;
  /** The deferred constraint checks queued and SET CONSTRAINTS state when it was taken. */
  readonly deferred: DeferredMark;
}

/**
 * The lock table and the session's owner id in it, for savepoint lock marks, and the block's
 * deferred constraint queue (whose marks savepoints keep too).
 */
export interface SavepointLocks {
  readonly manager: LockManager | undefined;
  readonly owner: number;
  readonly deferred: DeferredConstraints;
}

/** What PostgreSQL's messages call each savepoint statement. */
const NAMES = {
  savepoint: 'SAVEPOINT',
  releaseSavepoint: 'RELEASE SAVEPOINT',
  rollbackToSavepoint: 'ROLLBACK TO SAVEPOINT',
} as const;

/** 25P01 for a savepoint statement outside a transaction block (or in an implicit one). */
export function savepointOutsideBlock(kind: keyof typeof NAMES): DbError {
  return new DbError('25P01', `${NAMES[kind]} can only be used in transaction blocks`);
}

/** One session's savepoints in its current transaction. Synchronous. */
export class Savepoints {
  readonly #stack: Savepoint[] = [];

  /** `locks` is asked when a savepoint is taken or rolled back to. */
  constructor(private readonly locks: () => SavepointLocks) {}

  /** Number of savepoints defined (0 outside a transaction). */
  get size(): number {
    return this.#stack.length;
  }

  /** The transaction ended: every savepoint goes with it. */
  clear(): void {
    // Every commit clears, nearly always an empty stack: no length store (see emptyArray).
    emptyArray(this.#stack);
  }

  /** SAVEPOINT `name`. */
  define(
    name: string,
    tx: Transaction,
    catalog: Catalog,
    settings: SessionSettings,
    open: Iterable<object>,
  ): void {
    const depth = tx.beginSubtransaction();
    this.#stack.push({
      name,
      depth,
      catalog: catalog.savepointMark(tx),
      settings: settings.savepoint(),
      open: new Set(open),
      locks: this.#markLocks(),
      deferred: this.locks().deferred.mark(),
    });
  }

  /** RELEASE `name`: it and every later savepoint. @throws DbError 3B001. */
  release(name: string, tx: Transaction): void {
    const at = this.#find(name);
    tx.releaseSubtransactions(this.#stack[at]!.depth);
    this.#stack.length = at;
  }

  /**
   * ROLLBACK TO `name`: undoes everything since it (see the file comment) and returns the
   * portals and cursors that were open when it was taken (the caller closes the others).
   * @throws DbError 3B001 (nothing changes).
   */
  rollbackTo(
    name: string,
    tx: Transaction,
    catalog: Catalog,
    settings: SessionSettings,
  ): ReadonlySet<object> {
    const at = this.#find(name);
    const sp = this.#stack[at]!;
    tx.rollbackSubtransactions(sp.depth);
    this.#stack.length = at + 1;
    catalog.rollbackToSavepoint(tx, sp.catalog);
    settings.rollbackTo(sp.settings);
    this.#releaseLocks(sp);
    this.locks().deferred.rollbackTo(sp.deferred);
    return sp.open;
  }

  /**
   * An error inside the innermost savepoint: its subtransaction is aborted at once, as
   * PostgreSQL's AbortSubTransaction (its rows, keys and catalog changes are released now, its
   * settings revert); the block stays failed until ROLLBACK TO. A no-op without savepoints.
   * @throws DbError from the WAL append of the abort record.
   */
  abortInnermost(tx: Transaction, catalog: Catalog, settings: SessionSettings): void {
    const sp = this.#stack.at(-1);
    if (sp === undefined) return;
    tx.rollbackSubtransactions(sp.depth);
    catalog.rollbackToSavepoint(tx, sp.catalog);
    settings.rollbackTo(sp.settings);
    this.#releaseLocks(sp);
    this.locks().deferred.rollbackTo(sp.deferred);
  }

  #markLocks(): LockMark | undefined {
    const { manager, owner } = this.locks();
    return manager?.mark(owner);
  }

  /** After the sub-xids' own transaction locks went (rollbackSubtransactions): the rest since `sp`. */
  #releaseLocks(sp: Savepoint): void {
    const { manager, owner } = this.locks();
    if (manager !== undefined && sp.locks !== undefined) manager.releaseSince(owner, sp.locks);
  }

  /** The most recent savepoint named `name`. @throws DbError 3B001. */
  #find(name: string): number {
    for (let i = this.#stack.length - 1; i >= 0; i--) if (this.#stack[i]!.name === name) return i;
    throw new DbError('3B001', `savepoint "${name}" does not exist`);
  }
}
