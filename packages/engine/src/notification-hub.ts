/**
 * NotificationHub: LISTEN / NOTIFY between the sessions of one Database (PostgreSQL's async.c,
 * in memory: one process holds every session, so there is no queue file).
 *
 * Each session has a `SessionNotifications` (session-notifications.ts) that keeps what its open
 * transaction LISTENed, UNLISTENed and NOTIFYed. When the transaction commits, its listens take
 * effect first and then its notifications are published here, in commit order, to every
 * session listening on the channel at that moment — the sender included (with its own pid).
 * An aborted transaction publishes nothing. Delivery to the client happens when the receiving
 * session is idle (the protocol asks `takeNotifications`).
 */
import type { Notification } from '@rustydb/protocol';

/** A session's end of the hub. */
export interface NotificationReceiver {
  /** Channels this session listens on (committed LISTENs). */
  readonly channels: ReadonlySet<string>;
  /** Queues one notification for the session's client. Sync; never throws. */
  receive(notification: Notification): void;
}

/** One per Database. Synchronous. */
export class NotificationHub {
  readonly #receivers = new Set<NotificationReceiver>();

  /** Starts delivering to `receiver` (a session's first committed LISTEN). */
  register(receiver: NotificationReceiver): void {
    this.#receivers.add(receiver);
  }

  /** Stops delivering to `receiver` (UNLISTEN *, session end). */
  unregister(receiver: NotificationReceiver): void {
    this.#receivers.delete(receiver);
  }

  /** Delivers a committed transaction's notifications, in order, to every listener of each channel. */
  publish(notifications: readonly Notification[]): void {
    if (this.#receivers.size === 0) return;
    for (const n of notifications) {
      for (const r of this.#receivers) if (r.channels.has(n.channel)) r.receive(n);
    }
  }
}
