/**
 * One transaction: its xid (assigned lazily, at the first write, as PostgreSQL does so read-only
 * transactions cost no WAL and no commit log entry), its command counter, its snapshot, and how
 * it ends.
 *
 * Commit ordering, the durability invariant: append the commit record, await the WAL flush up
 * to it, and only then mark the commit log and leave the running set. Until the flush resolves
 * every other transaction still sees this one as in progress, so nobody can act on a commit that
 * a crash could undo.
 *
 * SUBTRANSACTIONS (SAVEPOINT). `beginSubtransaction` pushes a level; a level gets its own sub-xid
 * at its first write (parents first, so a sub-xid is always above its parent's, as PostgreSQL
 * assigns them), and `assignXid` then returns the sub-xid: versions written after a savepoint
 * carry it. `releaseSubtransactions` merges levels into their parent (their sub-xids stay live and
 * commit with the top-level xid); `rollbackSubtransactions` aborts the sub-xids of the levels it
 * rolls back (commit log 'aborted' at once, an abort record in the WAL) and leaves the savepoint's
 * level in place, empty, as ROLLBACK TO does. The command counter is transaction-wide. `xid` is
 * always the top-level xid: the transaction's identity for the catalog, locks and logs.
 *
 * TWO-PHASE COMMIT. `prepare` writes a 'prepare' record and hands the transaction to its
 * manager, which keeps it in progress (xid and sub-xids running) until COMMIT/ROLLBACK PREPARED
 * (`TxnManager.finishPrepared`); the Transaction object itself is then done ('prepared').
 */
import { assert, type CommandId, DbError, INVALID_TXN_ID, type Lsn, type TxnId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { CommitLog } from './commit-log.js';
import { isDeadToAll } from './dead-to-all.js';
import type { Snapshot } from './snapshot.js';
import type { SerializableXact } from './ssi/serializable-xact.js';
import type { PreparedState } from './two-phase-state.js';
import { satisfiesDirty, satisfiesMvcc, type VersionHeader } from './visibility.js';

/** The isolation levels, as SQL spells them. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/** Options of `TxnManager.begin`. */
export interface TransactionOptions {
  /** Default 'read committed', as in PostgreSQL. */
  readonly isolation?: IsolationLevel;
  readonly readOnly?: boolean;
  /** SERIALIZABLE READ ONLY DEFERRABLE: the first statement waits for a safe snapshot. */
  readonly deferrable?: boolean;
}

/** What a transaction needs from its manager (TxnManager implements it privately). */
export interface TxnHost {
  readonly wal: Wal;
  readonly clog: CommitLog;
  assignXid(tx: Transaction): TxnId;
  /** A new sub-xid of `tx` (in progress, running, mapped to `tx.xid`). */
  assignSubxid(tx: Transaction): TxnId;
  /** ROLLBACK TO: `xids`, sub-xids of `tx`, are aborted (commit log, running set, waiters). */
  abortSubxids(tx: Transaction, xids: readonly TxnId[]): void;
  /** The locks `tx` holds, serialized for its prepared state (relation locks, lock-only row locks). */
  heldLocks(tx: Transaction): readonly unknown[];
  /** 42710 if `gid` is in use; reserves it otherwise (until `prepared` or `unreserve`). */
  reserveGid(gid: string): void;
  unreserveGid(gid: string): void;
  /** The prepare record of `tx` is appended at `lsn`: the manager now owns it as prepared. */
  prepared(tx: Transaction, state: PreparedState, lsn: Lsn): void;
  /** The prepare record is durable: write the state file. */
  preparedDurable(state: PreparedState): void;
  takeSnapshot(tx: Transaction): Snapshot;
  /** The vacuum horizon (`TxnManager.oldestXmin`). */
  oldestXmin(): TxnId;
  /** The snapshot in use changed (its xmin holds back the vacuum horizon). */
  snapshotChanged(tx: Transaction, snapshot: Snapshot): void;
  /**
   * The commit record is appended at `lsn`, its flush is pending. Returns whether another
   * transaction holds an xid and may commit while this flush runs (and so share the next one):
   * the WAL's commit flush policy (`Wal.flushCommit`) flushes synchronously only when none may.
   * One waiting for a lock may not: see `TxnManager`'s `committing`.
   */
  committing(tx: Transaction, lsn: Lsn): boolean;
  finish(tx: Transaction, outcome: 'committed' | 'aborted'): void;
  /** A DEFERRABLE wait gave up the SSI state `sx` (its snapshot proved safe, or unsafe). */
  ssiDone(sx: SerializableXact, outcome: 'safe' | 'unsafe'): void;
}

/** One open SAVEPOINT level: its own sub-xid (0 until its first write) and every sub-xid it owns. */
interface SubtransactionLevel {
  xid: TxnId;
  /** Its sub-xid and those of the levels released into it: rolled back together. */
  xids: TxnId[];
}

/** The live sub-xids of a transaction without any (see `#liveSubxids`): always empty. */
const NO_LIVE_SUBXIDS: Set<TxnId> = new Set();
const NO_SUBXIDS: readonly TxnId[] = Object.freeze([]);

/** PostgreSQL's limit: "cannot have more than 2^32-2 commands in a transaction". */
const MAX_COMMAND_ID = 0xffff_fffe;

/**
 * One transaction, from `TxnManager.begin` to `commit` or `abort`. Owned by one session; methods
 * assert it is still active (our invariant: the session ends a transaction only once).
 */
export class Transaction {
  #isolation: IsolationLevel;
  #readOnly: boolean;
  #deferrable: boolean;
  /**
   * The SSI state of a SERIALIZABLE transaction (ssi/serializable-xact.ts), set by TxnManager when
   * the snapshot is taken; undefined at other levels and for a READ ONLY one whose snapshot is
   * safe. The executor's SSI hooks call it only when it is defined.
   */
  ssi: SerializableXact | undefined;
  #xid: TxnId = INVALID_TXN_ID;
  #cid = 0;
  /** The highest command id handed out (a VOLATILE function's commands go past the caller's). */
  #lastCid = 0;
  #snapshot: Snapshot | undefined;
  /** The oldest snapshot a cursor still reads with (`pinSnapshot`), if older than the current one. */
  #pinned: Snapshot | undefined;
  #state: 'active' | 'committed' | 'aborted' | 'prepared' = 'active';
  #committing = false;
  /** Open subtransaction levels, innermost last (see the file comment). */
  readonly #levels: SubtransactionLevel[] = [];
  /** Every sub-xid assigned and not rolled back: "own" for visibility, committed with the xid. */
  /** NO_LIVE_SUBXIDS (shared, never added to) until a savepoint's sub-xid: most have none. */
  #liveSubxids: Set<TxnId> = NO_LIVE_SUBXIDS;

  /** @internal Created by `TxnManager.begin`. */
  constructor(
    private readonly host: TxnHost,
    options: TransactionOptions,
  ) {
    this.#isolation = options.isolation ?? 'read committed';
    this.#readOnly = options.readOnly ?? false;
    this.#deferrable = options.deferrable ?? false;
  }

  /** The transaction id; INVALID_TXN_ID (0) until `assignXid`. */
  get xid(): TxnId {
    return this.#xid;
  }

  /** The current command id: versions this command writes carry it as cmin/cmax. */
  get cid(): CommandId {
    return this.#cid as CommandId;
  }

  get state(): 'active' | 'committed' | 'aborted' | 'prepared' {
    return this.#state;
  }

  /**
   * The xid to stamp on the versions this transaction writes now, assigned at the first write;
   * idempotent. The top-level xid, or inside a subtransaction its sub-xid (assigning the top-level
   * xid and the outer levels' sub-xids first). Synchronous.
   * @throws DbError 25006 in a read-only transaction (the executor should raise its own 25006
   * naming the statement before getting here).
   */
  assignXid(): TxnId {
    const depth = this.#levels.length;
    if (depth === 0) {
      if (this.#xid !== INVALID_TXN_ID) return this.#xid;
    } else {
      const current = this.#levels[depth - 1]!.xid;
      if (current !== INVALID_TXN_ID) return current;
    }
    this.checkActive();
    if (this.readOnly) throw new DbError('25006', 'cannot execute a write in a read-only transaction');
    if (this.#xid === INVALID_TXN_ID) this.#xid = this.host.assignXid(this);
    for (const level of this.#levels) {
      if (level.xid !== INVALID_TXN_ID) continue;
      level.xid = this.host.assignSubxid(this);
      level.xids.push(level.xid);
      if (this.#liveSubxids === NO_LIVE_SUBXIDS) this.#liveSubxids = new Set();
      this.#liveSubxids.add(level.xid);
    }
    return depth === 0 ? this.#xid : this.#levels[depth - 1]!.xid;
  }

  /** True for the top-level xid and every live sub-xid of this transaction. */
  isOwnXid(xid: TxnId): boolean {
    return xid !== INVALID_TXN_ID && (xid === this.#xid || this.#liveSubxids.has(xid));
  }

  get isolation(): IsolationLevel {
    return this.#isolation;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** SERIALIZABLE READ ONLY DEFERRABLE: the first statement waits for a safe snapshot. */
  get deferrable(): boolean {
    return this.#deferrable;
  }

  /**
   * SET TRANSACTION (or BEGIN's modes in a block that had begun implicitly): changes the
   * transaction's characteristics with PostgreSQL's rules (check_transaction_isolation,
   * check_transaction_read_only, check_transaction_deferrable). The isolation level and
   * DEFERRABLE can change only before the first snapshot and outside savepoints; READ WRITE only
   * before the first snapshot; READ ONLY at any time. Synchronous.
   * @throws DbError 25001 with PostgreSQL's message for a change that comes too late.
   */
  setCharacteristics(modes: { isolation?: IsolationLevel; readOnly?: boolean; deferrable?: boolean }): void {
    this.checkActive();
    const started = this.#snapshot !== undefined;
    if (modes.isolation !== undefined && modes.isolation !== this.#isolation) {
      if (started)
        throw new DbError('25001', 'SET TRANSACTION ISOLATION LEVEL must be called before any query');
      if (this.#levels.length > 0) {
        throw new DbError('25001', 'SET TRANSACTION ISOLATION LEVEL must not be called in a subtransaction');
      }
    }
    if (modes.readOnly === false && this.#readOnly && started) {
      throw new DbError('25001', 'transaction read-write mode must be set before any query');
    }
    if (modes.deferrable !== undefined) {
      if (this.#levels.length > 0) {
        throw new DbError(
          '25001',
          'SET TRANSACTION [NOT] DEFERRABLE cannot be called within a subtransaction',
        );
      }
      if (started)
        throw new DbError('25001', 'SET TRANSACTION [NOT] DEFERRABLE must be called before any query');
    }
    if (modes.isolation !== undefined) this.#isolation = modes.isolation;
    if (modes.readOnly !== undefined) this.#readOnly = modes.readOnly;
    if (modes.deferrable !== undefined) this.#deferrable = modes.deferrable;
  }

  /** The live sub-xids, ascending (they commit or abort with the transaction). */
  get subxids(): readonly TxnId[] {
    if (this.#liveSubxids.size === 0) return NO_SUBXIDS;
    return [...this.#liveSubxids].sort((a, b) => a - b);
  }

  /** How many live sub-xids `subxids` would list (no array made). */
  get subxidCount(): number {
    return this.#liveSubxids.size;
  }

  /** Number of open subtransaction levels (0: none). */
  get subtransactionDepth(): number {
    return this.#levels.length;
  }

  /** SAVEPOINT: opens a subtransaction level; returns its depth (1 for the first). Synchronous. */
  beginSubtransaction(): number {
    this.checkActive();
    this.#levels.push({ xid: INVALID_TXN_ID, xids: [] });
    return this.#levels.length;
  }

  /**
   * RELEASE: closes levels `depth` and above; their sub-xids join the enclosing level (or the
   * transaction), so they commit or roll back with it. Synchronous.
   */
  releaseSubtransactions(depth: number): void {
    this.checkActive();
    assert(depth >= 1 && depth <= this.#levels.length, `no subtransaction level ${depth}`);
    const released = this.#levels.splice(depth - 1);
    const parent = this.#levels.at(-1);
    if (parent) for (const level of released) parent.xids.push(...level.xids);
  }

  /**
   * ROLLBACK TO: aborts every sub-xid of levels `depth` and above, closes the levels above
   * `depth` and leaves level `depth` open and empty (its next write gets a new sub-xid).
   * Synchronous; appends an abort record listing the aborted sub-xids (not flushed: a sub-xid
   * missing from a commit record is aborted at recovery anyway).
   * @throws DbError from the WAL append (after the rollback took effect).
   */
  rollbackSubtransactions(depth: number): void {
    this.checkActive();
    assert(depth >= 1 && depth <= this.#levels.length, `no subtransaction level ${depth}`);
    const aborted: TxnId[] = [];
    for (const level of this.#levels.splice(depth)) aborted.push(...level.xids);
    const kept = this.#levels[depth - 1]!;
    aborted.push(...kept.xids);
    kept.xid = INVALID_TXN_ID;
    kept.xids = [];
    if (aborted.length === 0) return;
    for (const xid of aborted) this.#liveSubxids.delete(xid);
    this.host.abortSubxids(this, aborted);
    const [first, ...rest] = aborted.sort((a, b) => a - b);
    this.host.wal.append(
      { kind: 'abort', xid: first!, ...(rest.length > 0 ? { subxids: rest } : {}) },
      this.#xid,
    );
  }

  /**
   * Starts a new command after a statement that wrote: its changes become visible to later
   * commands of this transaction.
   * @throws DbError 54000 past 2^32-2 commands.
   */
  nextCommand(): void {
    if (this.#lastCid >= MAX_COMMAND_ID) {
      throw new DbError('54000', 'cannot have more than 2^32-2 commands in a transaction');
    }
    this.#lastCid++;
    this.#cid = this.#lastCid;
  }

  /**
   * Goes back to command `cid`, an earlier command of this transaction that is still running: a
   * VOLATILE function's body runs each statement as a new command (`nextCommand`, seeing the
   * writes of the body's statements before it), and its caller then resumes as its own command,
   * seeing none of the function's writes (PostgreSQL's command counter against the calling
   * statement's snapshot). The next `nextCommand` still comes after every command handed out.
   * Sync.
   */
  resumeCommand(cid: CommandId): void {
    this.#cid = cid;
  }

  /** The current snapshot; taken on first use if no statement has started yet. */
  get snapshot(): Snapshot {
    if (this.#snapshot === undefined) this.#snapshot = this.host.takeSnapshot(this);
    return this.#snapshot;
  }

  /** Replaces the snapshot (e.g. an imported one). */
  set snapshot(snapshot: Snapshot) {
    this.#snapshot = snapshot;
    this.host.snapshotChanged(this, snapshot);
  }

  /**
   * SERIALIZABLE READ ONLY DEFERRABLE, before the first statement: takes snapshots until one is
   * safe (no concurrent writer can make it part of a serialization anomaly), waiting for the
   * concurrent writers to end, as PostgreSQL's GetSafeSnapshot. The transaction then runs
   * without SSI. Resolves at once in every other case. Asynchronous.
   */
  async awaitSafeSnapshot(): Promise<void> {
    if (!this.deferrable || !this.readOnly || this.isolation !== 'serializable') return;
    while (this.#snapshot === undefined) {
      this.#snapshot = this.host.takeSnapshot(this);
      const sx = this.ssi;
      if (sx === undefined) return;
      await sx.untilSafetyKnown();
      if (sx.roSafe || sx.released) {
        this.ssi = undefined;
        this.host.ssiDone(sx, 'safe');
        return;
      }
      // Unsafe: start over with a new snapshot.
      this.ssi = undefined;
      this.host.ssiDone(sx, 'unsafe');
      this.#snapshot = undefined;
    }
  }

  /**
   * Called at the start of every statement. READ COMMITTED takes a fresh snapshot; REPEATABLE
   * READ and SERIALIZABLE keep the one taken at their first statement.
   */
  startStatement(): void {
    this.checkActive();
    if (this.isolation === 'read committed' || this.#snapshot === undefined) {
      this.#snapshot = this.host.takeSnapshot(this);
      const pinned = this.#pinned;
      if (pinned !== undefined && pinned.xmin < this.#snapshot.xmin) this.host.snapshotChanged(this, pinned);
    }
  }

  /**
   * Keeps `snapshot` (one this transaction used) in the vacuum horizon until the transaction
   * ends: an open cursor still reads with it after READ COMMITTED moved on to newer snapshots.
   */
  pinSnapshot(snapshot: Snapshot): void {
    if (this.#pinned === undefined || snapshot.xmin < this.#pinned.xmin) this.#pinned = snapshot;
  }

  /**
   * Reads as of an earlier command: a cursor runs its query with the snapshot and command id of
   * its DECLARE, so it sees neither later commits nor this transaction's own later changes
   * (PostgreSQL's cursors). Swaps them in and returns the function that puts the transaction's
   * own back. Sync.
   */
  readAsOf(snapshot: Snapshot, cid: CommandId): () => void {
    const ownSnapshot = this.#snapshot;
    const ownCid = this.#cid;
    this.#snapshot = snapshot;
    this.#cid = cid;
    return () => {
      this.#snapshot = ownSnapshot;
      this.#cid = ownCid;
    };
  }

  /** MVCC visibility of a tuple version to this transaction's current command. Synchronous. */
  isVisible(v: VersionHeader): boolean {
    return satisfiesMvcc(
      v,
      this.snapshot,
      this.#xid,
      this.#cid as CommandId,
      this.host.clog,
      this.#liveSubxids,
    );
  }

  /**
   * Is `v` dead to every snapshot that exists or may ever exist (dead-to-all.ts)? `horizon` is a
   * value `deadHorizon()` returned (any earlier one is safe: the horizon only moves up).
   * Synchronous, no allocation.
   */
  isDeadToAll(v: VersionHeader, horizon: TxnId): boolean {
    return isDeadToAll(v, horizon, this.host.clog);
  }

  /** The vacuum horizon now, for `isDeadToAll`. Synchronous; walks the open transactions. */
  deadHorizon(): TxnId {
    return this.host.oldestXmin();
  }

  /**
   * The uniqueness-check view of a version: 'live', 'dead', or the xid of another in-progress
   * transaction that inserted or is deleting it (wait with `TxnManager.waitFor`, then re-check).
   */
  uniqueCheck(v: VersionHeader): 'live' | 'dead' | TxnId {
    return satisfiesDirty(v, this.#xid, this.host.clog, this.#liveSubxids);
  }

  /**
   * Commits. Asynchronous: without an xid it just ends; otherwise it appends a commit record,
   * makes the WAL durable up to it (`Wal.flushCommit`: synchronously when no other transaction
   * holds an xid, or every one that does waits for a lock, so the transaction is committed when
   * this returns its promise; otherwise by
   * awaiting a group-commit round shared with concurrent commits), then marks the transaction
   * committed and leaves the running set.
   * @throws DbError 40001 from SSI's commit-time check (the transaction is then aborted).
   * @throws DbError from the WAL flush (58030, PANIC). The transaction then stays in progress
   * for everyone, since nobody can know whether its commit is durable; the server must restart.
   */
  async commit(): Promise<void> {
    const pending = this.commitNow();
    if (pending !== undefined) await pending;
  }

  /**
   * Commits like `commit`, without a promise when it can: returns undefined once the
   * transaction is committed (no xid, or the WAL flushed synchronously: the sole-writer path),
   * or a promise of the end of the commit when the flush goes through a group-commit round.
   * Throws synchronously what `commit` rejects with before its flush (40001 from SSI, a WAL
   * append or synchronous flush error); the promise rejects with an asynchronous flush's error.
   */
  commitNow(): Promise<void> | undefined {
    this.#preCommit();
    if (this.#xid !== INVALID_TXN_ID) {
      const subxids = this.subxids;
      const record = { kind: 'commit', xid: this.#xid, time: Date.now() } as const;
      const lsn = this.host.wal.append(subxids.length > 0 ? { ...record, subxids } : record, this.#xid);
      this.#committing = true;
      const pending = this.host.wal.flushCommit(lsn, this.host.committing(this, lsn));
      if (pending !== undefined) return this.#committedAfter(pending);
    }
    this.#state = 'committed';
    this.host.finish(this, 'committed');
    return undefined;
  }

  async #committedAfter(flush: Promise<void>): Promise<void> {
    await flush;
    this.#state = 'committed';
    this.host.finish(this, 'committed');
  }

  /**
   * Commits at once, synchronously, a transaction that holds no xid (it wrote nothing: no commit
   * record, no WAL flush, no commit log entry) and returns true; returns false without doing
   * anything when it holds one (then call `commit`). Lets a read-only autocommit statement end
   * without a promise.
   * @throws DbError 40001 from SSI's commit-time check (the transaction is then aborted).
   */
  commitWithoutXid(): boolean {
    if (this.#xid !== INVALID_TXN_ID) return false;
    this.#preCommit();
    this.#state = 'committed';
    this.host.finish(this, 'committed');
    return true;
  }

  /** The checks before any commit: still active, and SSI's commit-time check (aborts on 40001). */
  #preCommit(): void {
    this.checkActive();
    if (this.ssi !== undefined) {
      try {
        this.ssi.preCommit();
      } catch (err) {
        this.abort();
        throw err;
      }
    }
  }

  /**
   * Aborts. Synchronous: marks the transaction aborted and leaves the running set, then appends
   * an abort record (not flushed: a transaction missing from the WAL is aborted at recovery anyway).
   * @throws DbError from the WAL append (after the abort took effect).
   */
  abort(): void {
    this.checkActive();
    this.#state = 'aborted';
    this.host.finish(this, 'aborted');
    if (this.#xid === INVALID_TXN_ID) return;
    const subxids = this.subxids;
    this.host.wal.append(
      { kind: 'abort', xid: this.#xid, ...(subxids.length > 0 ? { subxids } : {}) },
      this.#xid,
    );
  }

  /**
   * PREPARE TRANSACTION: makes the transaction's fate durable-but-undecided. Assigns an xid if it
   * has none (so it can be listed and finished like any other), appends a 'prepare' record and
   * hands the transaction to its manager, then awaits the flush and writes the state file. From
   * then on this object is done ('prepared'); COMMIT/ROLLBACK PREPARED go through
   * `TxnManager.finishPrepared`. Asynchronous.
   * @throws DbError 42710 when `gid` is in use (the transaction stays active: the caller aborts
   * it, as PostgreSQL does); the WAL flush's error (58030) after the handover.
   */
  async prepare(
    gid: string,
    info: { owner: string; database: string; locks?: readonly unknown[] },
  ): Promise<void> {
    // PREPARE is SSI's commit point, as in PostgreSQL (PreCommit_CheckForSerializationFailure).
    this.#preCommit();
    this.host.reserveGid(gid);
    let lsn: Lsn;
    let state: PreparedState;
    try {
      if (this.#xid === INVALID_TXN_ID) this.#xid = this.host.assignXid(this);
      state = {
        xid: this.#xid,
        subxids: this.subxids,
        gid,
        prepared: Date.now(),
        owner: info.owner,
        database: info.database,
        locks: info.locks ?? this.host.heldLocks(this),
      };
      lsn = this.host.wal.append(
        {
          kind: 'prepare',
          xid: state.xid,
          subxids: state.subxids,
          gid,
          time: state.prepared,
          owner: state.owner,
          database: state.database,
          locks: state.locks,
        },
        this.#xid,
      );
    } catch (err) {
      this.host.unreserveGid(gid);
      throw err;
    }
    this.#state = 'prepared';
    this.host.prepared(this, state, lsn);
    await this.host.wal.flush(lsn);
    this.host.preparedDurable(state);
  }

  private checkActive(): void {
    assert(
      this.#state === 'active' && !this.#committing,
      `transaction is ${this.#committing ? 'committing' : this.#state}`,
    );
  }
}
