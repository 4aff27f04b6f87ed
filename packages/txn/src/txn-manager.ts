/**
 * TxnManager: hands out transaction ids, keeps the commit log and the set of running
 * transactions, takes snapshots, and computes the vacuum horizon.
 *
 * Snapshots cost O(running transactions), never O(all xids): the running set is small.
 *
 * Recovery (driven by `engine`): `open` loads the commit log saved by the last checkpoint; the
 * engine sets `nextXid` from the checkpoint, feeds every replayed record to `redo`, then calls
 * `finishRecovery`, which declares every transaction that never committed aborted.
 *
 * Checkpoints and commits in flight: a transaction whose commit record is appended but whose
 * flush has not resolved is still "in progress" in memory. If a checkpoint's redo point falls
 * after its commit record, recovery would never replay that record; so `checkpoint` flushes the
 * WAL past such commit records and saves those xids as committed.
 *
 * NB: an xid assigned but never written to the WAL can be handed out again after a crash
 * (nothing on disk carries it); `assignXid` therefore resets its commit log entry.
 */
import { join } from 'node:path';
import {
  FIRST_NORMAL_TXN_ID,
  assert,
  silentLogger,
  type Logger,
  type Lsn,
  type TxnId,
} from '@rustydb/common';
import type { Wal, WalRecord } from '@rustydb/wal';
import { CommitLog, type XidStatus } from './commit-log.js';
import type { LockManager, LockOwner } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { transactionLockTag } from './lock-tag.js';
import { RowLockTable } from './row-lock-table.js';
import type { Snapshot } from './snapshot.js';
import { Transaction, type TransactionOptions, type TxnHost } from './transaction.js';

const XACT_FILE = 'xact';
const MAX_XID = 0xffff_fffe;

/** Options of `TxnManager.open`. */
export interface TxnManagerOptions {
  readonly logger?: Logger;
}

/**
 * The transaction layer of one database: ids, commit log, running set, snapshots, vacuum
 * horizon. Synchronous except `waitFor`; transactions it begins do the rest.
 */
export class TxnManager {
  #nextXid: number;
  /** Open transactions and the xmin of the snapshot each one uses (undefined before its first). */
  private readonly open = new Map<Transaction, TxnId | undefined>();
  /** Xids of open transactions. */
  private readonly running = new Set<TxnId>();
  /** Commit records appended but not yet durable, by xid. */
  private readonly committingAt = new Map<TxnId, Lsn>();
  private readonly waiters = new Map<TxnId, (() => void)[]>();
  private readonly host: TxnHost;
  /**
   * The database's heavyweight lock table, set by the engine (docs/transactions.md): each transaction holds ExclusiveLock on its xid from assignment to its
   * end, so others wait for it through the lock table; every lock of its owner is released when
   * it ends. Undefined: no locks (unit tests of the transaction layer alone).
   */
  locks: LockManager | undefined;
  /** Lock-only row locks (SELECT … FOR UPDATE), released when their transaction ends. */
  readonly rowLocks = new RowLockTable();
  /** The lock owner of each open transaction (see `lockOwner`). */
  readonly #lockOwners = new Map<Transaction, LockOwner>();
  /** Owners for transactions begun without one: negative, never a session's process id. */
  #anonymousOwner = 0;

  private constructor(
    private readonly xactPath: string,
    private readonly wal: Wal,
    private readonly clog: CommitLog,
    private readonly logger: Logger,
  ) {
    this.#nextXid = Math.max(FIRST_NORMAL_TXN_ID, clog.savedNextXid);
    this.host = {
      wal,
      clog,
      assignXid: (tx) => this.assignXid(tx),
      takeSnapshot: (tx) => this.takeSnapshot(tx),
      snapshotChanged: (tx, s) => this.open.set(tx, s.xmin),
      committing: (tx, lsn) => this.committingAt.set(tx.xid, lsn),
      finish: (tx, outcome) => this.finish(tx, outcome),
    };
  }

  /**
   * Opens the transaction layer of the database in `dir`: loads the commit log `<dir>/xact` saved
   * by the last checkpoint (none for a new database). Synchronous.
   * @throws DbError XX001 if the commit log file is corrupt.
   */
  static open(dir: string, wal: Wal, options: TxnManagerOptions = {}): TxnManager {
    const path = join(dir, XACT_FILE);
    const logger = options.logger ?? silentLogger();
    const clog = CommitLog.load(path);
    logger.debug({ nextXid: clog.savedNextXid }, 'commit log loaded');
    return new TxnManager(path, wal, clog, logger);
  }

  /** The next xid to hand out. Recovery sets it from the checkpoint; `redo` advances it. */
  get nextXid(): TxnId {
    return this.#nextXid as TxnId;
  }

  set nextXid(xid: TxnId) {
    assert(xid >= FIRST_NORMAL_TXN_ID, `nextXid ${xid} below the first normal xid`);
    this.#nextXid = xid;
  }

  /**
   * Recovery: applies one replayed record. Commit and abort records update the commit log; any
   * record's envelope `xid` (and a checkpoint's nextXid) moves `nextXid` past it. Synchronous.
   */
  redo(record: WalRecord, xid: TxnId): void {
    this.advancePast(xid);
    switch (record.kind) {
      case 'commit':
        this.clog.set(record.xid, 'committed');
        this.advancePast(record.xid);
        break;
      case 'abort':
        this.clog.set(record.xid, 'aborted');
        this.advancePast(record.xid);
        break;
      case 'checkpoint':
        this.#nextXid = Math.max(this.#nextXid, record.nextXid);
        break;
      default:
        break;
    }
  }

  /** Ends recovery: every xid below `nextXid` that did not commit died in the crash: aborted. */
  finishRecovery(): void {
    assert(this.open.size === 0, 'finishRecovery with open transactions');
    this.clog.abortUnfinished(FIRST_NORMAL_TXN_ID, this.#nextXid as TxnId);
    this.logger.info({ nextXid: this.#nextXid }, 'transaction recovery finished');
  }

  /** Starts a transaction. Synchronous; the xid and the snapshot come later, when needed. */
  begin(options: TransactionOptions & { readonly lockOwner?: LockOwner } = {}): Transaction {
    const tx = new Transaction(this.host, options);
    this.open.set(tx, undefined);
    this.#lockOwners.set(tx, options.lockOwner ?? --this.#anonymousOwner);
    return tx;
  }

  /**
   * Who holds `tx`'s heavyweight locks: the `lockOwner` given to `begin` (the engine passes the
   * session's process id: one transaction at a time per session), else a negative number unique
   * to the transaction. Undefined once the transaction ended.
   */
  lockOwner(tx: Transaction): LockOwner | undefined {
    return this.#lockOwners.get(tx);
  }

  /** What became of `xid` (a running transaction is 'in-progress'). 1 and 2 are always committed. */
  status(xid: TxnId): XidStatus {
    return this.clog.get(xid);
  }

  /**
   * Resolves when transaction `xid` has ended (at once if it is not running): for callers that
   * got an xid from `uniqueCheck`.
   */
  waitFor(xid: TxnId): Promise<void> {
    if (!this.running.has(xid)) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiters.get(xid);
      if (list === undefined) this.waiters.set(xid, [resolve]);
      else list.push(resolve);
    });
  }

  /**
   * Saves the commit log durably, so the WAL before the checkpoint's redo point is no longer
   * needed for it. Call it after choosing the redo point. Synchronous (it may flush the WAL, see
   * the file comment).
   * @throws the fs or WAL error on failure.
   */
  checkpoint(): void {
    let flushTo = 0;
    for (const lsn of this.committingAt.values()) flushTo = Math.max(flushTo, lsn);
    if (flushTo > 0) this.wal.flushSync(flushTo as Lsn);
    this.clog.save(this.xactPath, this.#nextXid as TxnId, this.committingAt.keys());
  }

  /**
   * The vacuum horizon: no open transaction can see a version whose deleter committed before it.
   * The smallest of the running xids, the xmins of the snapshots in use, and `nextXid`.
   */
  oldestXmin(): TxnId {
    let min = this.#nextXid;
    for (const [tx, snapshotXmin] of this.open) {
      if (tx.xid !== 0 && tx.xid < min) min = tx.xid;
      if (snapshotXmin !== undefined && snapshotXmin < min) min = snapshotXmin;
    }
    return min as TxnId;
  }

  /** Number of open transactions (begun, not yet ended). */
  activeTransactions(): number {
    return this.open.size;
  }

  private assignXid(tx: Transaction): TxnId {
    assert(this.#nextXid <= MAX_XID, 'transaction id space exhausted (wraparound is not implemented)');
    const xid = this.#nextXid++ as TxnId;
    this.clog.set(xid, 'in-progress');
    this.running.add(xid);
    const owner = this.#lockOwners.get(tx);
    if (this.locks !== undefined && owner !== undefined) {
      // Nobody else can hold a lock on a fresh xid: granted at once.
      const waited = this.locks.acquire(owner, transactionLockTag(xid), LockMode.Exclusive);
      assert(waited === undefined, `lock on new transaction ${xid} not granted at once`);
    }
    return xid;
  }

  private takeSnapshot(tx: Transaction): Snapshot {
    const xmax = this.#nextXid as TxnId;
    let xmin = xmax;
    const xip = new Set<TxnId>();
    for (const xid of this.running) {
      if (xid === tx.xid) continue;
      xip.add(xid);
      if (xid < xmin) xmin = xid;
    }
    this.open.set(tx, xmin);
    return { xmin, xmax, xip };
  }

  private finish(tx: Transaction, outcome: 'committed' | 'aborted'): void {
    const xid = tx.xid;
    this.open.delete(tx);
    const owner = this.#lockOwners.get(tx);
    this.#lockOwners.delete(tx);
    if (xid !== 0) {
      this.clog.set(xid, outcome);
      this.running.delete(xid);
      this.committingAt.delete(xid);
      this.rowLocks.release(xid);
    }
    // After the commit log says how it ended: whoever waited for the xid reads the outcome.
    if (owner !== undefined) this.locks?.releaseAll(owner);
    if (xid === 0) return;
    const list = this.waiters.get(xid);
    if (list !== undefined) {
      this.waiters.delete(xid);
      for (const wake of list) wake();
    }
  }

  private advancePast(xid: TxnId): void {
    if (xid >= this.#nextXid) this.#nextXid = xid + 1;
  }
}
