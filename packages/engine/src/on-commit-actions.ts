/**
 * A session's temporary tables with an `ON COMMIT` action (PostgreSQL's on_commits list, kept in
 * backend memory, not in the catalog):
 *
 *   - DROP: the table is dropped, with what depends on it, as the last step of the transaction
 *     that created it before its commit (PreCommit_on_commit_actions), so a rollback of that
 *     step's failure rolls back the whole transaction;
 *   - DELETE ROWS: the table (and its indexes) is emptied after every commit of a transaction
 *     that accessed a temporary relation (XACT_FLAGS_ACCESSEDTEMPNAMESPACE): others never had
 *     rows to delete. Only this session sees the table, so emptying its store in place right
 *     after the commit is what truncating it just before is.
 *
 * Entries are forgotten lazily: a table that is gone (dropped, or its creation rolled back) is
 * removed at the next commit. OIDs are never reused, so an entry cannot name another table.
 */
import { type Catalog, isTempSchema } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import type { OnCommitAction } from '@rustydb/parser';
import type { Transaction } from '@rustydb/txn';

export class OnCommitActions {
  readonly #actions = new Map<Oid, Exclude<OnCommitAction, 'preserveRows'>>();

  /** Notes the action of new temporary table `oid` (PRESERVE ROWS needs none). */
  register(oid: Oid, action: OnCommitAction): void {
    if (action !== 'preserveRows') this.#actions.set(oid, action);
  }

  /**
   * Before `tx` commits: drops its ON COMMIT DROP tables (CASCADE, quietly). Sync.
   * @throws DbError from the drop (the caller aborts the transaction).
   */
  preCommit(tx: Transaction, catalog: Catalog): void {
    if (this.#actions.size === 0) return;
    for (const [oid, action] of this.#actions) {
      if (action !== 'drop') continue;
      this.#actions.delete(oid);
      if (catalog.reader(tx).tableByOid(oid)) catalog.dropTable(tx, oid, true);
    }
  }

  /** After a commit (`touchedTemp`: it accessed a temporary relation): empties DELETE ROWS tables. Sync. */
  afterCommit(catalog: Catalog, touchedTemp: boolean): void {
    if (this.#actions.size === 0 || !touchedTemp) return;
    const view = catalog.reader();
    for (const [oid, action] of this.#actions) {
      if (action !== 'deleteRows') continue;
      const table = view.tableByOid(oid);
      if (table === undefined) {
        this.#actions.delete(oid);
        continue;
      }
      catalog.store(table).truncate();
      for (const ix of table.indexes) catalog.index(ix).truncate();
    }
  }
}

/**
 * CREATE TABLE's check of a written ON COMMIT (even PRESERVE ROWS) against the table's schema.
 * @throws DbError 42P16 for a table that is not temporary.
 */
export function checkOnCommit(action: OnCommitAction | undefined, schema: string): void {
  if (action !== undefined && !isTempSchema(schema))
    throw new DbError('42P16', 'ON COMMIT can only be used on temporary tables');
}
