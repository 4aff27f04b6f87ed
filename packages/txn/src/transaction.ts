/**
 * One transaction: its xid (assigned lazily, at the first write, as PostgreSQL does so read-only
 * transactions cost no WAL and no commit log entry), its command counter, its snapshot, and how
 * it ends.
 *
 * Commit ordering, the durability invariant: append the commit record, await the WAL flush up
 * to it, and only then mark the commit log and leave the running set. Until the flush resolves
 * every other transaction still sees this one as in progress, so nobody can act on a commit that
 * a crash could undo.
 */
import { DbError, INVALID_TXN_ID, assert, type CommandId, type Lsn, type TxnId } from '@rustydb/common';
import type { Wal } from '@rustydb/wal';
import type { CommitLog } from './commit-log.js';
import type { Snapshot } from './snapshot.js';
import type { SerializableXact } from './ssi/serializable-xact.js';
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
  takeSnapshot(tx: Transaction): Snapshot;
  /** The snapshot in use changed (its xmin holds back the vacuum horizon). */
  snapshotChanged(tx: Transaction, snapshot: Snapshot): void;
  /** The commit record is appended at `lsn`, its flush is pending. */
  committing(tx: Transaction, lsn: Lsn): void;
  finish(tx: Transaction, outcome: 'committed' | 'aborted'): void;
  /** A DEFERRABLE wait gave up the SSI state `sx` (its snapshot proved safe, or unsafe). */
  ssiDone(sx: SerializableXact, outcome: 'safe' | 'unsafe'): void;
}

/** PostgreSQL's limit: "cannot have more than 2^32-2 commands in a transaction". */
const MAX_COMMAND_ID = 0xffff_fffe;

/**
 * One transaction, from `TxnManager.begin` to `commit` or `abort`. Owned by one session; methods
 * assert it is still active (our invariant: the session ends a transaction only once).
 */
export class Transaction {
  readonly isolation: IsolationLevel;
  readonly readOnly: boolean;
  readonly deferrable: boolean;
  /**
   * The SSI state of a SERIALIZABLE transaction (ssi/serializable-xact.ts), set by TxnManager when
   * the snapshot is taken; undefined at other levels and for a READ ONLY one whose snapshot is
   * safe. The executor's SSI hooks call it only when it is defined.
   */
  ssi: SerializableXact | undefined;
  #xid: TxnId = INVALID_TXN_ID;
  #cid = 0;
  #snapshot: Snapshot | undefined;
  #state: 'active' | 'committed' | 'aborted' = 'active';
  #committing = false;

  /** @internal Created by `TxnManager.begin`. */
  constructor(
    private readonly host: TxnHost,
    options: TransactionOptions,
  ) {
    this.isolation = options.isolation ?? 'read committed';
    this.readOnly = options.readOnly ?? false;
    this.deferrable = options.deferrable ?? false;
  }

  /** The transaction id; INVALID_TXN_ID (0) until `assignXid`. */
  get xid(): TxnId {
    return this.#xid;
  }

  /** The current command id: versions this command writes carry it as cmin/cmax. */
  get cid(): CommandId {
    return this.#cid as CommandId;
  }

  get state(): 'active' | 'committed' | 'aborted' {
    return this.#state;
  }

  /**
   * Assigns the transaction id at the first write; idempotent. Synchronous.
   * @throws DbError 25006 in a read-only transaction (the executor should raise its own 25006
   * naming the statement before getting here).
   */
  assignXid(): TxnId {
    if (this.#xid !== INVALID_TXN_ID) return this.#xid;
    this.checkActive();
    if (this.readOnly) throw new DbError('25006', 'cannot execute a write in a read-only transaction');
    this.#xid = this.host.assignXid(this);
    return this.#xid;
  }

  /**
   * Starts a new command after a statement that wrote: its changes become visible to later
   * commands of this transaction.
   * @throws DbError 54000 past 2^32-2 commands.
   */
  nextCommand(): void {
    if (this.#cid >= MAX_COMMAND_ID) {
      throw new DbError('54000', 'cannot have more than 2^32-2 commands in a transaction');
    }
    this.#cid++;
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
    }
  }

  /** MVCC visibility of a tuple version to this transaction's current command. Synchronous. */
  isVisible(v: VersionHeader): boolean {
    return satisfiesMvcc(v, this.snapshot, this.#xid, this.#cid as CommandId, this.host.clog);
  }

  /**
   * The uniqueness-check view of a version: 'live', 'dead', or the xid of another in-progress
   * transaction that inserted or is deleting it (wait with `TxnManager.waitFor`, then re-check).
   */
  uniqueCheck(v: VersionHeader): 'live' | 'dead' | TxnId {
    return satisfiesDirty(v, this.#xid, this.host.clog);
  }

  /**
   * Commits. Asynchronous: without an xid it just ends; otherwise it appends a commit record,
   * awaits the WAL flush up to it (shared with concurrent commits), then marks the transaction
   * committed and leaves the running set.
   * @throws DbError 40001 from SSI's commit-time check (the transaction is then aborted).
   * @throws DbError from the WAL flush (58030, PANIC). The transaction then stays in progress
   * for everyone, since nobody can know whether its commit is durable; the server must restart.
   */
  async commit(): Promise<void> {
    this.checkActive();
    if (this.ssi !== undefined) {
      try {
        this.ssi.preCommit();
      } catch (err) {
        this.abort();
        throw err;
      }
    }
    if (this.#xid !== INVALID_TXN_ID) {
      const lsn = this.host.wal.append({ kind: 'commit', xid: this.#xid, time: Date.now() }, this.#xid);
      this.#committing = true;
      this.host.committing(this, lsn);
      await this.host.wal.flush(lsn);
    }
    this.#state = 'committed';
    this.host.finish(this, 'committed');
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
    if (this.#xid !== INVALID_TXN_ID) this.host.wal.append({ kind: 'abort', xid: this.#xid }, this.#xid);
  }

  private checkActive(): void {
    assert(
      this.#state === 'active' && !this.#committing,
      `transaction is ${this.#committing ? 'committing' : this.#state}`,
    );
  }
}
