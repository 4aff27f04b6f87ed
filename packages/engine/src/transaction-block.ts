/**
 * TransactionBlock: a session's transaction-block state (PostgreSQL's TBLOCK_* reduced) and
 * the transaction it holds, with BEGIN, COMMIT and ROLLBACK and what an error does to a block.
 *
 *     idle ──BEGIN──▶ explicit ──COMMIT/ROLLBACK──▶ idle
 *       │               │ error
 *       │               ▼
 *       │             failed ──COMMIT (answers ROLLBACK) / ROLLBACK──▶ idle
 *       └─ multi-statement message ─▶ implicit ──end of message──▶ commit ▶ idle
 *
 * - idle: each statement runs in its own transaction, committed when it succeeds (autocommit).
 * - implicit: a message with several statements (or an extended-protocol pipeline) runs as one
 *   transaction, committed at its end; an error aborts all of it. A BEGIN inside turns it into
 *   an explicit block (the statements before it join the block), a COMMIT inside commits early
 *   with the WARNING 25P01, as PostgreSQL does.
 * - explicit: between BEGIN and COMMIT/ROLLBACK. An error aborts the transaction at once
 *   (releasing what it holds) and moves to failed — unless a savepoint exists: then the
 *   transaction is kept so ROLLBACK TO can revive it (savepoints.ts).
 * - failed: every statement but COMMIT/ROLLBACK gets 25P02.
 *
 * The block also owns what ends with the transaction: its savepoints and the extended
 * protocol's portals. Internal to the session (session.ts and the statement files beside it).
 */
import { DbError, type Logger } from '@rustydb/common';
import { DeferredConstraints } from '@rustydb/executor';
import type { Statement } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import { CursorTable } from './cursor-table.js';
import type { EngineContext } from './engine-context.js';
import { OnCommitActions } from './on-commit-actions.js';
import type { Portal } from './portal.js';
import { PortalTable } from './portal-table.js';
import { Savepoints } from './savepoints.js';
import type { SessionNotifications } from './session-notifications.js';
import type { SessionSettings } from './session-settings.js';

/** The block states. */
export type BlockState = 'idle' | 'implicit' | 'explicit' | 'failed';

/** BEGIN / SET TRANSACTION modes as parsed. */
export interface TransactionModes {
  isolationLevel?: string;
  readOnly?: boolean;
  deferrable?: boolean;
}

type Isolation = 'read committed' | 'repeatable read' | 'serializable';

interface DefaultModes {
  readonly version: number;
  readonly isolation: Isolation;
  readonly readOnly: boolean;
  readonly deferrable: boolean;
}

/** One session's transaction block. Synchronous but for commit. */
export class TransactionBlock {
  /** The block's transaction; undefined when idle (and in a failed block without savepoints). */
  tx: Transaction | undefined;
  state: BlockState = 'idle';
  readonly savepoints = new Savepoints(() => ({
    manager: this.engine.locks,
    owner: this.processId,
    deferred: this.deferred,
  }));
  /** Open portals by name: they end with the transaction. */
  readonly portals = new PortalTable();
  /** SQL cursors (DECLARE) by name: all but WITH HOLD ones end with the transaction. */
  readonly cursors = new CursorTable();
  /** The portal Execute is running (ROLLBACK TO must not close it). */
  runningPortal: Portal | undefined;
  /**
   * The current transaction opened a temporary table's store (read or write): PREPARE
   * TRANSACTION refuses it (0A000), as PostgreSQL's XACT_FLAGS_ACCESSEDTEMPNAMESPACE.
   */
  touchedTemp = false;
  /** The session's temporary tables with ON COMMIT DROP or DELETE ROWS. */
  readonly onCommit = new OnCommitActions();
  /**
   * The implicit block of a message with several statements (not the extended protocol's):
   * PostgreSQL's TBLOCK_IMPLICIT_INPROGRESS, where a procedure or DO block is atomic
   * (`nonAtomic`).
   */
  multiStatement = false;
  /**
   * SECURITY DEFINER procedures running (call-statement.ts): SET ROLE and SET SESSION
   * AUTHORIZATION are refused inside them, as PostgreSQL's GUC_NOT_WHILE_SEC_REST.
   */
  securityDefinerDepth = 0;
  /** The transaction's deferred constraint checks and SET CONSTRAINTS state (cleared at its end). */
  readonly deferred = new DeferredConstraints();
  /**
   * Fires the deferred checks in `tx` (the session's: it makes the execution context).
   * @throws DbError from a failing check.
   */
  fireDeferred: (tx: Transaction) => void = () => {};

  constructor(
    readonly engine: EngineContext,
    readonly settings: SessionSettings,
    readonly notifications: SessionNotifications,
    readonly processId: number,
    private readonly logger: Logger,
  ) {}

  /**
   * May a CALL or DO run now end the transaction with COMMIT / ROLLBACK inside (PostgreSQL's
   * !IsTransactionBlock())? Yes in autocommit and in the extended protocol's implicit block (one
   * statement's, until Sync), no in an explicit or a multi-statement message's block.
   */
  get nonAtomic(): boolean {
    return this.state === 'idle' || (this.state === 'implicit' && !this.multiStatement);
  }

  /** The block as pg_stat_activity's state shows it between statements. */
  activityState(): 'idle' | 'idle in transaction' | 'idle in transaction (aborted)' {
    if (this.state === 'explicit') return 'idle in transaction';
    return this.state === 'failed' ? 'idle in transaction (aborted)' : 'idle';
  }

  /** The block as ReadyForQuery reports it: 'T' in a block, 'E' in a failed one, else 'I'. */
  transactionStatus(): 'I' | 'T' | 'E' {
    return this.state === 'explicit' ? 'T' : this.state === 'failed' ? 'E' : 'I';
  }

  /** Starts a transaction with `modes` (else the session's defaults) and enters `block`. */
  begin(modes: TransactionModes, block: BlockState): void {
    const settings = this.settings;
    const defaults = this.#defaultModes();
    const isolation =
      modes.isolationLevel === undefined ? defaults.isolation : toIsolation(modes.isolationLevel);
    const readOnly = modes.readOnly ?? defaults.readOnly;
    // The session's process id owns the transaction's locks (lock-context.ts).
    this.tx = this.engine.txns.begin({
      isolation,
      readOnly,
      deferrable: modes.deferrable ?? defaults.deferrable,
      lockOwner: this.processId,
    });
    this.touchedTemp = false;
    this.multiStatement = false;
    this.state = block;
    settings.beginTransaction();
    settings.setInternal('transaction_isolation', isolation);
    settings.setInternal('transaction_read_only', readOnly ? 'on' : 'off');
  }

  /** The default_transaction_* settings, parsed once per settings version (every autocommit statement begins). */
  #defaultModes(): DefaultModes {
    const settings = this.settings;
    let d = this.#defaults;
    if (d === undefined || d.version !== settings.version) {
      d = {
        version: settings.version,
        isolation: toIsolation(settings.get('default_transaction_isolation')),
        readOnly: isOn(settings.get('default_transaction_read_only')),
        deferrable: isOn(settings.get('default_transaction_deferrable')),
      };
      this.#defaults = d;
    }
    return d;
  }

  #defaults: DefaultModes | undefined;

  /**
   * Commits the block's transaction and leaves the block idle. Sync when the transaction wrote
   * nothing or its WAL flush was synchronous (the sole writer: returns undefined, throws on
   * failure); else returns the promise of the commit's group-commit flush. @throws / rejects with DbError 40001 (SSI), or the WAL's error (the
   * commit's fate is then unknown).
   */
  commit(): Promise<void> | undefined {
    if (this.deferred.pending > 0) this.checkDeferred();
    if (this.cursors.holdPending) return this.#commitHoldingCursors();
    return this.#commit();
  }

  /**
   * Runs the deferred constraint checks before COMMIT or PREPARE TRANSACTION; a failing one
   * rolls the transaction back (PostgreSQL answers the COMMIT with the error). Sync.
   * @throws DbError 23503 / 23505.
   */
  checkDeferred(): void {
    try {
      this.fireDeferred(this.tx!);
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** COMMIT with WITH HOLD cursors: their rest is read first; an error there aborts. Async. */
  async #commitHoldingCursors(): Promise<void> {
    try {
      await this.cursors.materializeHeld();
    } catch (err) {
      this.abort();
      throw err;
    }
    return this.#commit();
  }

  #commit(): Promise<void> | undefined {
    this.#preCommit();
    const tx = this.tx!;
    this.tx = undefined;
    this.state = 'idle';
    this.savepoints.clear();
    this.deferred.clear();
    let pending: Promise<void> | undefined;
    try {
      // No promise unless the WAL flush is a group-commit round (Transaction.commitNow): a
      // transaction that wrote nothing, or a sole writer's synchronous flush, ends here.
      pending = tx.commitNow();
    } catch (err) {
      this.#commitFailed(tx, err);
    }
    if (pending !== undefined) return this.#commitAfter(tx, pending);
    this.#committed(tx);
    return undefined;
  }

  /** The ON COMMIT DROP tables go as the transaction's last step; a failure aborts it. Sync. */
  #preCommit(): void {
    try {
      this.onCommit.preCommit(this.tx!, this.engine.catalog);
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  async #commitAfter(tx: Transaction, pending: Promise<void>): Promise<void> {
    try {
      await pending;
    } catch (err) {
      this.#commitFailed(tx, err);
    }
    this.#committed(tx);
  }

  #commitFailed(tx: Transaction, err: unknown): never {
    const activity = this.engine.databaseActivity;
    if (activity !== undefined) activity.xactRollback++;
    // SSI's commit-time check failed (40001): the transaction was aborted before its commit.
    if (tx.state === 'aborted') this.engine.catalog.abortTransaction(tx);
    // Otherwise the commit may or may not be durable (the WAL refuses all work now): leave the
    // catalog's pending files alone; recovery at restart decides.
    this.settings.endTransaction(false);
    throw err;
  }

  #committed(tx: Transaction): void {
    const activity = this.engine.databaseActivity;
    if (activity !== undefined) activity.xactCommit++;
    this.engine.catalog.commitTransaction(tx);
    this.onCommit.afterCommit(this.engine.catalog, this.touchedTemp);
    this.notifications.commit();
    this.settings.endTransaction(true);
    this.closePortals(true);
    this.engine.transactionCommitted?.();
  }

  /** Aborts the current transaction (the block state is the caller's business, but failed stays). */
  abort(): void {
    const tx = this.tx;
    if (!tx) return;
    this.tx = undefined;
    const activity = this.engine.databaseActivity;
    if (activity !== undefined) activity.xactRollback++;
    if (this.state !== 'failed') this.state = 'idle';
    this.savepoints.clear();
    this.deferred.clear();
    try {
      tx.abort();
    } finally {
      this.engine.catalog.abortTransaction(tx);
      this.notifications.abort();
      this.settings.endTransaction(false);
      this.closePortals();
    }
    this.logger.debug({ pid: this.processId, xid: tx.xid }, 'transaction aborted');
  }

  /** An error ended the current statement: abort what it belonged to. */
  fail(): void {
    if (this.state === 'explicit' && this.savepoints.size > 0 && this.tx) {
      // Keep the transaction: ROLLBACK TO a savepoint revives it (savepoints.ts).
      this.state = 'failed';
      try {
        this.savepoints.abortInnermost(this.tx, this.engine.catalog, this.settings);
      } catch (err) {
        this.logger.error({ err }, 'aborting the failed subtransaction failed: aborting the transaction');
        this.abort();
      }
    } else if (this.state === 'explicit') {
      this.abort();
      this.state = 'failed';
    } else if (this.state === 'implicit') {
      this.abort();
      this.state = 'idle';
    }
  }

  /** The transaction ended (`committed`: by a commit): its portals and cursors go with it. */
  closePortals(committed = false): void {
    this.portals.closeAll();
    this.cursors.transactionEnded(committed);
  }

  /** BEGIN / START TRANSACTION. */
  beginStatement(modes: TransactionModes, tag: string, out: QueryOutput): void {
    if (this.state === 'explicit') {
      out.notice(new DbError('25001', 'there is already a transaction in progress', { severity: 'WARNING' }));
    } else if (this.state === 'implicit') {
      // BEGIN inside a message's implicit block: the block becomes explicit with BEGIN's modes.
      this.applyModes(modes);
      this.state = 'explicit';
    } else {
      this.begin(modes, 'explicit');
    }
    out.commandComplete(tag);
  }

  /** COMMIT (`commit`) or ROLLBACK. Async: a commit awaits its flush. */
  async endStatement(commit: boolean, out: QueryOutput): Promise<void> {
    const tag = commit ? 'COMMIT' : 'ROLLBACK';
    switch (this.state) {
      case 'idle':
      case 'implicit':
        out.notice(new DbError('25P01', 'there is no transaction in progress', { severity: 'WARNING' }));
        if (this.state === 'implicit') {
          if (commit) await this.commit();
          else this.abort();
        }
        out.commandComplete(tag);
        return;
      case 'explicit':
        if (commit) await this.commit();
        else this.abort();
        out.commandComplete(tag);
        return;
      case 'failed':
        // A transaction kept for ROLLBACK TO (savepoints.ts) ends now.
        if (this.tx) this.abort();
        this.state = 'idle';
        this.tx = undefined;
        this.savepoints.clear();
        out.commandComplete('ROLLBACK');
        return;
    }
  }

  /** Applies transaction modes to the block's transaction (Transaction.setCharacteristics' rules). */
  applyModes(modes: TransactionModes): void {
    const tx = this.tx;
    if (tx === undefined) return;
    const isolation = modes.isolationLevel === undefined ? undefined : toIsolation(modes.isolationLevel);
    tx.setCharacteristics({
      ...(isolation !== undefined ? { isolation } : {}),
      ...(modes.readOnly !== undefined ? { readOnly: modes.readOnly } : {}),
      ...(modes.deferrable !== undefined ? { deferrable: modes.deferrable } : {}),
    });
    // SHOW transaction_isolation prints the level as written (READ UNCOMMITTED runs as READ COMMITTED).
    if (modes.isolationLevel !== undefined)
      this.settings.setInternal('transaction_isolation', modes.isolationLevel);
    if (modes.readOnly !== undefined)
      this.settings.setInternal('transaction_read_only', modes.readOnly ? 'on' : 'off');
  }
}

function toIsolation(level: string): Isolation {
  const l = level.toLowerCase().trim();
  if (l === 'serializable' || l === 'repeatable read') return l;
  if (l === 'read committed' || l === 'read uncommitted') return 'read committed';
  throw new DbError('22023', `invalid value for parameter "default_transaction_isolation": "${level}"`);
}

const isOn = (v: string): boolean => ['on', 'true', 'yes', '1'].includes(v.toLowerCase());

/** The transaction-control statements: BEGIN … ROLLBACK PREPARED. */
export const TRANSACTION_CONTROL: ReadonlySet<Statement['kind']> = new Set([
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'releaseSavepoint',
  'rollbackToSavepoint',
  'prepareTransaction',
  'commitPrepared',
  'rollbackPrepared',
]);

/** Statements that need no transaction of their own (the session handles them). */
export const TRANSACTION_FREE: ReadonlySet<Statement['kind']> = new Set([
  ...TRANSACTION_CONTROL,
  'set',
  'setTransaction',
  'show',
  'reset',
  'vacuum',
]);

/** The only statements a failed block accepts: COMMIT, ROLLBACK, ROLLBACK TO, PREPARE TRANSACTION. */
export const isExitStatement = (stmt: Statement): boolean =>
  stmt.kind === 'commit' ||
  stmt.kind === 'rollback' ||
  stmt.kind === 'rollbackToSavepoint' ||
  stmt.kind === 'prepareTransaction';

/**
 * Must the statement await `tx.awaitSafeSnapshot()` (SERIALIZABLE READ ONLY DEFERRABLE)? The
 * same test the method starts with, made here so other statements skip the await (a promise and
 * a microtask per statement).
 */
export const needsSafeSnapshot = (tx: Transaction): boolean =>
  tx.deferrable && tx.readOnly && tx.isolation === 'serializable';
