/**
 * OidCounter: the one counter OIDs and FileIds come from, starting at 16384 (FirstNormalObjectId;
 * lower numbers are reserved for system objects such as the system relations' FileIds).
 *
 * Durability works as PostgreSQL's nextOid: before handing out an OID at or past `loggedLimit`,
 * the counter appends a 'next-oid' WAL record announcing `next + OID_PREFETCH` and may then hand
 * out every OID below that without logging. The record need not be flushed at once: any object
 * using such an OID is described by later WAL records, and flushing those flushes this one first.
 * Recovery restores the counter from the checkpoint record, then from every 'next-oid' record
 * after it, so it never goes backwards past an OID that a durable record used.
 *
 * An online checkpoint records `loggedLimit`, not `next`: OIDs handed out after the checkpoint but
 * below the limit were announced by a record before the redo point and would otherwise be reused.
 */
import type { Oid } from '@rustydb/common';

/** The first OID handed out to user objects (PostgreSQL's FirstNormalObjectId). */
export const FIRST_NORMAL_OID = 16384;

/** How many OIDs one 'next-oid' record announces (PostgreSQL's VAR_OID_PREFETCH). */
export const OID_PREFETCH = 8192;

/** The part of the WAL the counter needs. */
export interface OidLog {
  append(record: { kind: 'next-oid'; nextOid: number }): unknown;
}

export class OidCounter {
  #next: number;
  #loggedLimit: number;

  /** `next` comes from the control file or checkpoint; nothing is announced yet. */
  constructor(
    private readonly log: OidLog,
    next: number = FIRST_NORMAL_OID,
  ) {
    this.#next = Math.max(next, FIRST_NORMAL_OID);
    this.#loggedLimit = this.#next;
  }

  /** The next OID to hand out. */
  get next(): number {
    return this.#next;
  }

  /** Hands out a new OID, logging a 'next-oid' record first when the announced range is used up. Sync. */
  allocate(): Oid {
    if (this.#next >= this.#loggedLimit) {
      this.#loggedLimit = this.#next + OID_PREFETCH;
      this.log.append({ kind: 'next-oid', nextOid: this.#loggedLimit });
    }
    return this.#next++ as Oid;
  }

  /**
   * The value a checkpoint record stores: `next` at shutdown (nothing runs after it), the
   * announced limit for an online checkpoint.
   */
  checkpointValue(shutdown: boolean): number {
    return shutdown ? this.#next : this.#loggedLimit;
  }

  /**
   * Recovery: a checkpoint or 'next-oid' record says OIDs below `nextOid` may be in use. The
   * counter restarts there with nothing announced (PostgreSQL's redo of XLOG_NEXTOID).
   */
  restore(nextOid: number): void {
    this.#next = Math.max(nextOid, FIRST_NORMAL_OID);
    this.#loggedLimit = this.#next;
  }
}
