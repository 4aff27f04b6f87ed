/**
 * DISCARD ALL | PLANS | SEQUENCES | TEMP (PostgreSQL's discard.c): what a connection pooler sends
 * to hand a server connection to its next client as if new (PgBouncer's default
 * server_reset_query is DISCARD ALL).
 *
 * DISCARD ALL, outside a transaction block only (25001), does what discard.c lists, in its order:
 * close every portal and cursor; SESSION AUTHORIZATION DEFAULT (and so ROLE NONE); RESET ALL;
 * DEALLOCATE ALL; UNLISTEN *; forget cached plans; drop the temporary relations; forget the
 * sequences' currval / lastval. The catalog part (the temporary relations) and UNLISTEN run in
 * the statement's transaction, the rest is session state and takes effect at once, as does
 * pg_advisory_unlock_all() (discard.c's LockReleaseAll of the user lock method).
 */

import { DbError } from '@rustydb/common';
import type { DiscardStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';

/** The session state DISCARD resets. */
export interface DiscardHost {
  /** Whether a transaction block is open (DISCARD ALL refuses to run in one). */
  readonly inBlock: boolean;
  closePortalsAndCursors(): void;
  resetSessionAuthorization(): void;
  resetAllSettings(): void;
  deallocateAll(): void;
  unlistenAll(): void;
  /** pg_advisory_unlock_all(): the session's session-level advisory locks. */
  unlockAllAdvisory(): void;
  forgetPlans(): void;
  forgetSequences(): void;
  /** Drops the session's temporary relations in `tx`. */
  dropTemporaryRelations(tx: Transaction): void;
  /** Runs `fn` in the statement's transaction (an implicit one outside a block). */
  inTransaction(fn: (tx: Transaction) => Promise<void> | undefined): Promise<void> | undefined;
}

const TAGS: Readonly<Record<DiscardStmt['target'], string>> = {
  all: 'DISCARD ALL',
  plans: 'DISCARD PLANS',
  sequences: 'DISCARD SEQUENCES',
  temp: 'DISCARD TEMP',
};

/** Runs DISCARD. @throws DbError 25001 for DISCARD ALL inside a transaction block. */
export function runDiscard(
  stmt: DiscardStmt,
  host: DiscardHost,
  out: QueryOutput,
): Promise<void> | undefined {
  const done = () => out.commandComplete(TAGS[stmt.target]);
  switch (stmt.target) {
    case 'plans':
      host.forgetPlans();
      done();
      return undefined;
    case 'sequences':
      host.forgetSequences();
      done();
      return undefined;
    case 'temp':
      return host.inTransaction((tx) => {
        host.dropTemporaryRelations(tx);
        done();
        return undefined;
      });
    case 'all':
      if (host.inBlock) throw new DbError('25001', 'DISCARD ALL cannot run inside a transaction block');
      host.closePortalsAndCursors();
      host.resetSessionAuthorization();
      host.resetAllSettings();
      host.deallocateAll();
      host.forgetPlans();
      host.forgetSequences();
      host.unlockAllAdvisory();
      return host.inTransaction((tx) => {
        host.unlistenAll();
        host.dropTemporaryRelations(tx);
        done();
        return undefined;
      });
  }
}
