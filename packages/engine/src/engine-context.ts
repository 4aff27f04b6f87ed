/**
 * What a session needs from the database that owns it: the transaction manager, the catalog
 * (which also opens every relation's store and index), the logger, and a way to say it ended.
 * `Database` implements it; sessions never see the WAL, the pool or the disk.
 */
import type { Catalog } from '@rustydb/catalog';
import type { Logger } from '@rustydb/common';
import type { TxnManager } from '@rustydb/txn';

export interface EngineContext {
  readonly txns: TxnManager;
  readonly catalog: Catalog;
  readonly logger: Logger;
  /** A session closed: forget it (no more cancel requests reach it). */
  sessionClosed(session: { readonly processId: number }): void;
}
