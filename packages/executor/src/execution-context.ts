/**
 * What the executor needs from the engine to run one statement: the transaction (visibility,
 * xids, command ids), access to the stores and indexes of relations, the catalog, the bound
 * parameter values, and an interrupt check.
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import type { Row, Value } from '@rustydb/common';
import type { Index } from '@rustydb/index';
import type { TableStore } from '@rustydb/storage';
import type { Transaction } from '@rustydb/txn';

/** Opens relations' storage. Synchronous; the engine caches stores and indexes. */
export interface RelationAccess {
  store(table: TableDef): TableStore;
  index(def: IndexDef): Index;
}

/** One statement's execution environment. */
export interface ExecutionContext {
  /** tx.isVisible(version), tx.assignXid(), tx.cid, tx.uniqueCheck(version). */
  readonly tx: Transaction;
  readonly relations: RelationAccess;
  readonly catalog: CatalogReader;
  /** `$1` is params[0]; values already converted to the parameters' types. */
  readonly params: readonly Value[];
  /** Throws 57014 when the statement was cancelled; called between batches. */
  readonly checkInterrupts: () => void;
}

/** Receives result rows. Rows (and the batch) are only valid during the call: copy to keep. */
export interface ResultSink {
  rows(batch: readonly Row[]): void;
}
