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
 *
 * SUB-XIDS. A transaction's sub-xids (transaction.ts) are running xids like any other: in the
 * running set (so other snapshots' xip holds them) and 'in-progress' in the commit log until the
 * top-level transaction ends, when they take its outcome in the same synchronous step. `topXidOf`
 * maps a live sub-xid to its transaction, for the catalog's own-row checks.
 *
 * PREPARED TRANSACTIONS (two-phase-state.ts). A prepared transaction has left its session: the
 * manager keeps its xid and sub-xids running (in progress for everyone, holding the vacuum
 * horizon) until `finishPrepared`. It survives a crash through its 'prepare' WAL record and its
 * state file; `finishRecovery` leaves it in progress instead of aborting it, and `checkpoint`
 * writes the state file of any prepared transaction that lacks one.
 */
import { join } from 'node:path';
import {
  assert,
  DbError,
  FIRST_NORMAL_TXN_ID,
  type Logger,
  type Lsn,
  type Oid,
  silentLogger,
  type TxnId,
} from '@rustydb/common';
import type { Wal, WalRecord } from '@rustydb/wal';
import { CommitLog, type XidStatus } from './commit-log.js';
import { CommittingXids } from './committing-xids.js';
import type { LockManager, LockOwner } from './lock-manager.js';
import { LockMode } from './lock-modes.js';
import { relationLockTag, transactionLockTag } from './lock-tag.js';
import { OpenTransactions } from './open-transactions.js';
import type { RowLockerStatus } from './row-lock.js';
import { RowLockTable } from './row-lock-table.js';
import type { Snapshot } from './snapshot.js';
import { SerializableXacts } from './ssi/serializable-xacts.js';
import { Transaction, type TransactionOptions, type TxnHost } from './transaction.js';
import {
  type PreparedState,
  readPreparedStates,
  removePreparedState,
  writePreparedState,
} from './two-phase-state.js';

const XACT_FILE = 'xact';
const MAX_XID = 0xffff_fffe;
/** The running xids of a snapshot taken while no other transaction runs (never added to). */
const NO_XIP: ReadonlySet<TxnId> = new Set();

/** Options of `TxnManager.open`. */
export interface TxnManagerOptions {
  readonly logger?: Logger;
}

/** A prepared transaction as the manager tracks it (`pg_prepared_xacts` lists these). */
export interface PreparedTransaction extends PreparedState {
  /** The state file is written (or the prepare record predates the last checkpoint's redo point). */
  durable: boolean;
  /** COMMIT/ROLLBACK PREPARED is under way (a second one gets 55000). */
  finishing: boolean;
  /** End of the prepare record until it is durable, for `checkpoint`. */
  lsn: Lsn | undefined;
  /** Who holds its locks once its session left it (set at PREPARE, or when locks attach after a restart). */
  lockOwner?: LockOwner;
}

/** A lock a prepared transaction keeps across a restart, as saved in its prepared state. */
type SavedLock =
  | { readonly kind: 'relation'; readonly relation: Oid; readonly name: string; readonly mode: LockMode }
  | {
      readonly kind: 'row';
      readonly relation: Oid;
      readonly page: number;
      readonly slot: number;
      readonly status: RowLockerStatus;
    };

/**
 * The transaction layer of one database: ids, commit log, running set, snapshots, vacuum
 * horizon. Synchronous except `waitFor`; transactions it begins do the rest.
 */
export class TxnManager {
  #nextXid: number;
  /** Open transactions, their lock owners and the xmin of the snapshot each one uses. */
  private readonly open = new OpenTransactions();
  /** Xids of open transactions. */
  private readonly running = new Set<TxnId>();
  /**
   * The running set as an immutable copy, shared by the xip of every snapshot taken until the
   * running set changes (`takeSnapshot`); undefined once it changed. Never mutated.
   */
  #sharedXip: ReadonlySet<TxnId> | undefined;
  /** Commit records appended but not yet durable, by xid. */
  private readonly committingAt = new CommittingXids();
  private readonly waiters = new Map<TxnId, (() => void)[]>();
  /** Live sub-xids of running (and prepared) transactions → their top-level xid. */
  private readonly parentOf = new Map<TxnId, TxnId>();
  /** Prepared transactions by gid, and gids reserved by a PREPARE in progress. */
  private readonly preparedByGid = new Map<string, PreparedTransaction>();
  private readonly reservedGids = new Set<string>();
  private readonly host: TxnHost;
  /** SSI state of SERIALIZABLE transactions (ssi/serializable-xacts.ts). */
  readonly serializable = new SerializableXacts();
  /**
   * The database's heavyweight lock table, set by the engine (docs/transactions.md): each transaction holds ExclusiveLock on its xid from assignment to its
   * end, so others wait for it through the lock table; every lock of its owner is released when
   * it ends. Undefined: no locks (unit tests of the transaction layer alone).
   */
  get locks(): LockManager | undefined {
    return this.#locks;
  }

  /**
   * The engine attaches the lock table once recovery is done: transactions prepared before a
   * restart take their transaction locks again (under an owner of their own), so sessions that
   * meet their rows wait for COMMIT/ROLLBACK PREPARED as they would have before the crash.
   */
  set locks(locks: LockManager | undefined) {
    this.#locks = locks;
    if (locks === undefined) return;
    for (const p of this.preparedByGid.values()) {
      if (p.lockOwner !== undefined) continue; // prepared in this run: it kept its locks
      p.lockOwner = --this.#anonymousOwner;
      for (const xid of [p.xid, ...p.subxids]) {
        locks.acquire(p.lockOwner, transactionLockTag(xid), LockMode.Exclusive);
      }
      // Its relation locks and lock-only row locks, from the prepared state (heldLocks).
      for (const l of p.locks as readonly SavedLock[]) {
        if (l.kind === 'relation') locks.acquire(p.lockOwner, relationLockTag(l.relation, l.name), l.mode);
        else
          this.rowLocks.lock(l.relation, { page: l.page, slot: l.slot }, p.xid, l.status, (x) =>
            this.status(x),
          );
      }
    }
  }

  /** The locks `tx` holds that its prepared state must keep (see the `locks` setter). */
  private heldLocks(tx: Transaction): SavedLock[] {
    const out: SavedLock[] = [];
    const owner = this.open.owner(tx);
    if (this.#locks !== undefined && owner !== undefined) {
      for (const l of this.#locks.locks()) {
        if (l.owner !== owner || !l.granted || l.tag.kind !== 'relation') continue;
        out.push({ kind: 'relation', relation: l.tag.relation, name: l.tag.name, mode: l.mode });
      }
    }
    for (const xid of [tx.xid, ...tx.subxids]) {
      for (const r of this.rowLocks.locksOf(xid)) out.push({ kind: 'row', ...r });
    }
    return out;
  }

  #locks: LockManager | undefined;
  /** Lock-only row locks (SELECT … FOR UPDATE), released when their transaction ends. */
  readonly rowLocks = new RowLockTable();
  /** Owners for transactions begun without one: negative, never a session's process id. */
  #anonymousOwner = 0;

  private constructor(
    private readonly dir: string,
    private readonly xactPath: string,
    private readonly wal: Wal,
    private readonly clog: CommitLog,
    private readonly logger: Logger,
  ) {
    this.#nextXid = Math.max(FIRST_NORMAL_TXN_ID, clog.savedNextXid);
    this.host = {
      wal,
      clog,
      assignXid: (tx) => {
        const xid = this.assignXid(tx);
        if (tx.ssi !== undefined) this.serializable.xidAssigned(tx.ssi, xid);
        return xid;
      },
      assignSubxid: (tx) => {
        // The sub-xid's transaction lock is held by the same owner: waiting for a row a savepoint
        // wrote waits for the whole transaction (or for ROLLBACK TO, which releases it).
        const sub = this.assignXid(tx);
        this.parentOf.set(sub, tx.xid);
        // A savepoint's writes belong to the top-level transaction's SSI state.
        if (tx.ssi !== undefined) this.serializable.xidAssigned(tx.ssi, sub);
        return sub;
      },
      abortSubxids: (tx, xids) => {
        const owner = this.open.owner(tx);
        for (const xid of xids) {
          this.end(xid, 'aborted');
          if (owner !== undefined) this.#locks?.release(owner, transactionLockTag(xid), LockMode.Exclusive);
        }
      },
      heldLocks: (tx) => this.heldLocks(tx),
      oldestXmin: () => this.oldestXmin(),
      reserveGid: (gid) => {
        if (this.preparedByGid.has(gid) || this.reservedGids.has(gid)) {
          throw new DbError('42710', `transaction identifier "${gid}" is already in use`);
        }
        this.reservedGids.add(gid);
      },
      unreserveGid: (gid) => this.reservedGids.delete(gid),
      prepared: (tx, state, lsn) => {
        this.reservedGids.delete(state.gid);
        const sessionOwner = this.open.remove(tx);
        // SSI: the prepared transaction counts as committed from now on (PostgreSQL keeps its
        // state until COMMIT PREPARED; settling it here can only add false positives after a
        // ROLLBACK PREPARED, never miss a conflict).
        if (tx.ssi !== undefined) {
          this.serializable.release(tx.ssi, true, this.#nextXid as TxnId);
          tx.ssi = undefined;
        }
        // The session leaves the transaction: its locks (transaction locks of its xids, table
        // locks) move to an owner of the prepared transaction's own until COMMIT/ROLLBACK PREPARED.
        const lockOwner = --this.#anonymousOwner;
        if (sessionOwner !== undefined) this.#locks?.transferAll(sessionOwner, lockOwner);
        this.preparedByGid.set(state.gid, { ...state, durable: false, finishing: false, lsn, lockOwner });
      },
      preparedDurable: (state) => {
        const p = this.preparedByGid.get(state.gid);
        if (p === undefined || p.xid !== state.xid || p.durable) return;
        writePreparedState(this.dir, state);
        p.durable = true;
        p.lsn = undefined;
      },
      takeSnapshot: (tx) => this.takeSnapshot(tx),
      snapshotChanged: (tx, s) => this.open.setXmin(tx, s.xmin),
      committing: (tx, lsn) => {
        this.committingAt.set(tx.xid, lsn);
        const subxids = tx.subxids;
        for (const sub of subxids) this.committingAt.set(sub, lsn);
        // Its own xid and live sub-xids are all in the running set; anything more is another
        // writer (or a prepared transaction, which COMMIT PREPARED flushes): see Wal.flushCommit.
        const others = this.running.size - 1 - subxids.length;
        if (others === 0) return false;
        // Writers all waiting for a lock cannot commit before the event loop turns and a holder
        // lets them go, so no commit could share this flush: flush as the sole writer would (no
        // thread-pool round trip while every one of them waits, often for this very commit's
        // row locks: pgbench's branch row). Prepared transactions never wait: they count.
        const locks = this.#locks;
        if (locks === undefined || locks.waitingOwners === 0) return true;
        return this.open.xidsOfWaiters(tx, locks) < others;
      },
      finish: (tx, outcome) => this.finish(tx, outcome),
      ssiDone: (sx, outcome) =>
        outcome === 'safe' ? this.serializable.releaseSafe(sx) : this.serializable.release(sx, false),
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
    const manager = new TxnManager(dir, path, wal, clog, logger);
    manager.loadPrepared();
    return manager;
  }

  /** State files of transactions still prepared at the last checkpoint; stale ones are removed. */
  private loadPrepared(): void {
    for (const state of readPreparedStates(this.dir)) {
      if (this.clog.get(state.xid) !== 'in-progress' || state.xid < FIRST_NORMAL_TXN_ID) {
        removePreparedState(this.dir, state.xid);
        continue;
      }
      this.preparedByGid.set(state.gid, { ...state, durable: true, finishing: false, lsn: undefined });
    }
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
      case 'abort': {
        const outcome = record.kind === 'commit' ? 'committed' : 'aborted';
        this.clog.set(record.xid, outcome);
        this.advancePast(record.xid);
        for (const sub of record.subxids ?? []) {
          this.clog.set(sub, outcome);
          this.advancePast(sub);
        }
        this.forgetPrepared(record.xid);
        break;
      }
      case 'prepare':
        this.advancePast(record.xid);
        for (const sub of record.subxids) this.advancePast(sub);
        if (this.preparedOf(record.xid) === undefined && !this.preparedByGid.has(record.gid)) {
          const { xid, subxids, gid, time, owner, database, locks } = record;
          const state = { xid, subxids, gid, prepared: time, owner, database, locks };
          this.preparedByGid.set(gid, { ...state, durable: false, finishing: false, lsn: undefined });
        }
        break;
      case 'checkpoint':
        this.#nextXid = Math.max(this.#nextXid, record.nextXid);
        break;
      default:
        break;
    }
  }

  /**
   * Ends recovery: every xid below `nextXid` that did not commit died in the crash: aborted —
   * except prepared transactions (and their sub-xids), which are running again, as before the crash.
   * Their state files are written now where only the WAL had them. Synchronous.
   */
  finishRecovery(): void {
    assert(this.open.size === 0, 'finishRecovery with open transactions');
    const keep = new Set<TxnId>();
    for (const p of this.preparedByGid.values()) {
      keep.add(p.xid);
      this.running.add(p.xid);
      this.#sharedXip = undefined;
      for (const sub of p.subxids) {
        keep.add(sub);
        this.running.add(sub);
        this.parentOf.set(sub, p.xid);
      }
      if (!p.durable) {
        writePreparedState(this.dir, p);
        p.durable = true;
      }
    }
    this.clog.abortUnfinished(FIRST_NORMAL_TXN_ID, this.#nextXid as TxnId, keep);
    this.logger.info(
      { nextXid: this.#nextXid, prepared: this.preparedByGid.size },
      'transaction recovery finished',
    );
  }

  /** The prepared transactions, in order of preparation. */
  preparedTransactions(): readonly PreparedState[] {
    return [...this.preparedByGid.values()].sort((a, b) => a.prepared - b.prepared || a.xid - b.xid);
  }

  /** Number of prepared transactions (for max_prepared_transactions). */
  get preparedCount(): number {
    return this.preparedByGid.size + this.reservedGids.size;
  }

  /**
   * COMMIT PREPARED (`commit` true) / ROLLBACK PREPARED: finishes prepared transaction `gid`
   * from any session. Commit appends a commit record listing its sub-xids and awaits its flush
   * before the transaction counts as committed (the same invariant as `Transaction.commit`);
   * rollback appends an abort record. Then the state file is removed. Returns the xid (the caller
   * settles the catalog's pending files of that xid). Asynchronous.
   * @throws DbError 42704 when no transaction is prepared as `gid`, 55000 when another session
   * is finishing it; the WAL flush's error (it then stays prepared in memory).
   */
  async finishPrepared(gid: string, commit: boolean): Promise<TxnId> {
    const p = this.preparedByGid.get(gid);
    if (p === undefined) {
      throw new DbError('42704', `prepared transaction with identifier "${gid}" does not exist`);
    }
    if (p.finishing) throw new DbError('55000', `prepared transaction with identifier "${gid}" is busy`);
    p.finishing = true;
    const subxids = p.subxids.length > 0 ? { subxids: p.subxids } : {};
    try {
      if (commit) {
        const lsn = this.wal.append({ kind: 'commit', xid: p.xid, time: Date.now(), ...subxids }, p.xid);
        this.committingAt.set(p.xid, lsn);
        for (const sub of p.subxids) this.committingAt.set(sub, lsn);
        await this.wal.flush(lsn);
      } else {
        // Flushed, unlike an ordinary abort: the prepare record is durable and would otherwise
        // bring the transaction back as prepared after a crash.
        await this.wal.flush(this.wal.append({ kind: 'abort', xid: p.xid, ...subxids }, p.xid));
      }
    } catch (err) {
      p.finishing = false;
      throw err;
    }
    const outcome = commit ? 'committed' : 'aborted';
    for (const sub of p.subxids) this.end(sub, outcome);
    this.end(p.xid, outcome);
    if (p.lockOwner !== undefined) this.#locks?.releaseAll(p.lockOwner);
    this.preparedByGid.delete(gid);
    removePreparedState(this.dir, p.xid);
    return p.xid;
  }

  /** Starts a transaction. Synchronous; the xid and the snapshot come later, when needed. */
  begin(options: TransactionOptions & { readonly lockOwner?: LockOwner } = {}): Transaction {
    const tx = new Transaction(this.host, options);
    this.open.add(tx, options.lockOwner ?? --this.#anonymousOwner);
    return tx;
  }

  /**
   * Who holds `tx`'s heavyweight locks: the `lockOwner` given to `begin` (the engine passes the
   * session's process id: one transaction at a time per session), else a negative number unique
   * to the transaction. Undefined once the transaction ended.
   */
  lockOwner(tx: Transaction): LockOwner | undefined {
    return this.open.owner(tx);
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
    let flushTo = this.committingAt.maxLsn();
    for (const p of this.preparedByGid.values()) if (p.lsn !== undefined) flushTo = Math.max(flushTo, p.lsn);
    if (flushTo > 0) this.wal.flushSync(flushTo as Lsn);
    // A prepare record before the redo point is not replayed: its state file must exist.
    for (const p of this.preparedByGid.values()) {
      if (p.durable) continue;
      writePreparedState(this.dir, p);
      p.durable = true;
      p.lsn = undefined;
    }
    this.clog.save(this.xactPath, this.#nextXid as TxnId, this.committingAt.xids());
  }

  /**
   * The vacuum horizon: no open transaction can see a version whose deleter committed before it.
   * The smallest of the running xids, the xmins of the snapshots in use, and `nextXid`.
   */
  oldestXmin(): TxnId {
    let min = this.open.oldestXmin(this.#nextXid);
    for (const p of this.preparedByGid.values()) if (p.xid < min) min = p.xid;
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
    this.#sharedXip = undefined;
    const owner = this.open.owner(tx);
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
    let others = false;
    for (const xid of this.running) {
      if (tx.isOwnXid(xid)) continue;
      others = true;
      if (xid < xmin) xmin = xid;
    }
    this.open.setXmin(tx, xmin);
    if (tx.isolation === 'serializable') tx.ssi = this.serializable.register(tx, tx.readOnly, xmin);
    // A lone session's snapshots share NO_XIP. Otherwise the xip is the whole running set, the
    // taker's own xids included (visibility decides those first, snapshot.ts), shared by every
    // snapshot until the set changes: at 16 pgbench clients a Set of the 15 others per
    // statement was ~10 µs of CPU per transaction.
    if (!others) return { xmin, xmax, xip: NO_XIP };
    if (this.#sharedXip === undefined) this.#sharedXip = new Set(this.running);
    return { xmin, xmax, xip: this.#sharedXip };
  }

  /**
   * The top-level transaction that sub-xid `xid` belongs to while that transaction runs (or is
   * prepared); `xid` itself otherwise (a top-level xid, an ended or a rolled-back sub-xid).
   */
  topXidOf(xid: TxnId): TxnId {
    return this.parentOf.get(xid) ?? xid;
  }

  private finish(tx: Transaction, outcome: 'committed' | 'aborted'): void {
    const xid = tx.xid;
    if (tx.ssi !== undefined) {
      this.serializable.release(tx.ssi, outcome === 'committed', this.#nextXid as TxnId);
    }
    const owner = this.open.remove(tx);
    if (xid !== 0) {
      // Sub-xids first, all in this synchronous step: nobody sees the top-level outcome without them.
      for (const sub of tx.subxids) this.end(sub, outcome);
      this.end(xid, outcome);
    }
    // After the commit log says how it ended: whoever waited for the xid reads the outcome.
    if (owner !== undefined) this.#locks?.releaseAll(owner);
  }

  /** `xid` ended: commit log, running set, its lock-only row locks, waiters. */
  private end(xid: TxnId, outcome: 'committed' | 'aborted'): void {
    this.clog.set(xid, outcome);
    this.running.delete(xid);
    this.#sharedXip = undefined;
    this.parentOf.delete(xid);
    this.committingAt.delete(xid);
    this.rowLocks.release(xid);
    const list = this.waiters.get(xid);
    if (list !== undefined) {
      this.waiters.delete(xid);
      for (const wake of list) wake();
    }
  }

  private preparedOf(xid: TxnId): PreparedTransaction | undefined {
    for (const p of this.preparedByGid.values()) if (p.xid === xid) return p;
    return undefined;
  }

  /** Recovery: a commit or abort record ended `xid`; if it was prepared, it no longer is. */
  private forgetPrepared(xid: TxnId): void {
    const p = this.preparedOf(xid);
    if (p === undefined) return;
    this.preparedByGid.delete(p.gid);
    removePreparedState(this.dir, xid);
  }

  private advancePast(xid: TxnId): void {
    if (xid >= this.#nextXid) this.#nextXid = xid + 1;
  }
}
