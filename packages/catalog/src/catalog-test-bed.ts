/**
 * Test support (not exported): a Catalog over a fresh temporary directory for the catalog's own
 * tests — WAL and transaction manager on disk without fsync, an in-memory page device, heap and
 * btree methods — rebuilt before each test of the calling `describe` and removed after it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferPool, MemoryPageDevice } from '@rustydb/buffer';
import { silentLogger } from '@rustydb/common';
import { btreeMethod } from '@rustydb/index';
import { heapMethod, type StoreContext, type TableStoreMethod } from '@rustydb/storage';
import { type Transaction, TxnManager } from '@rustydb/txn';
import { Wal } from '@rustydb/wal';
import { afterEach, beforeEach } from 'vitest';
import { Catalog } from './catalog.js';
import { OidCounter } from './oid-counter.js';

/** The catalog of the running test and what it runs on. */
export interface CatalogTestBed {
  readonly catalog: Catalog;
  readonly txns: TxnManager;
  /** Opens the catalog again over the same files and pool (Catalog.open), as after a restart. */
  reopen(): Catalog;
  /** Commits `tx` and then its catalog changes. Async. */
  commit(tx: Transaction): Promise<void>;
  /** Aborts `tx` and then its catalog changes. */
  abort(tx: Transaction): void;
}

export interface CatalogTestBedOptions {
  /** Table store methods besides 'heap'. */
  readonly tableStores?: Readonly<Record<string, TableStoreMethod>>;
  /** See CatalogOptions.bootstrapSuperuser. */
  readonly bootstrapSuperuser?: string;
}

/**
 * Registers beforeEach/afterEach hooks in the calling `describe` and returns the bed, whose
 * `catalog` and `txns` are the current test's (read them inside tests, not at collection time).
 */
export function useCatalogTestBed(name: string, options: CatalogTestBedOptions = {}): CatalogTestBed {
  let dir = '';
  let wal: Wal | undefined;
  let txns: TxnManager | undefined;
  let context: StoreContext | undefined;
  let catalog: Catalog | undefined;

  const open = (create: boolean): Catalog => {
    const t = txns!;
    const catalogOptions = {
      context: context!,
      oids: new OidCounter(wal!),
      status: (x: Parameters<TxnManager['status']>[0]) => t.status(x),
      tableStores: new Map<string, TableStoreMethod>([
        ['heap', heapMethod],
        ...Object.entries(options.tableStores ?? {}),
      ]),
      indexMethods: new Map([['btree', btreeMethod]]),
      ...(options.bootstrapSuperuser === undefined ? {} : { bootstrapSuperuser: options.bootstrapSuperuser }),
    };
    catalog = create ? Catalog.create(catalogOptions) : Catalog.open(catalogOptions);
    return catalog;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `rustydb-${name}-`));
    wal = Wal.open(dir, { fsync: false });
    txns = TxnManager.open(dir, wal);
    const device = new MemoryPageDevice();
    context = { pool: new BufferPool({ device, frames: 64, wal }), wal, logger: silentLogger() };
    open(true);
  });

  afterEach(() => {
    wal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    get catalog() {
      return catalog!;
    },
    get txns() {
      return txns!;
    },
    reopen: () => open(false),
    async commit(tx) {
      await tx.commit();
      catalog!.commitTransaction(tx);
    },
    abort(tx) {
      tx.abort();
      catalog!.abortTransaction(tx);
    },
  };
}
