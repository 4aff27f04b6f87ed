/**
 * One session's LISTEN / UNLISTEN / NOTIFY state (see notification-hub.ts), with PostgreSQL's
 * transactional rules:
 * - LISTEN and UNLISTEN take effect when the transaction commits (nothing if it aborts); the
 *   last action per channel wins, and UNLISTEN * drops every earlier action and all channels.
 * - NOTIFY is delivered when the transaction commits; an identical (channel, payload) pair sent
 *   twice in one transaction is delivered once; order is kept.
 * - The channel name must be non-empty and under 64 bytes, the payload under 8000 bytes (22023).
 * - The session's end is UNLISTEN * (`close`).
 */
import { DbError } from '@rustydb/common';
import type { Notification } from '@rustydb/protocol';
import type { NotificationHub, NotificationReceiver } from './notification-hub.js';

/** PostgreSQL's NOTIFY_PAYLOAD_MAX_LENGTH (BLCKSZ - NAMEDATALEN - 128). */
export const NOTIFY_PAYLOAD_MAX_LENGTH = 8000;
const NAMEDATALEN = 64;
/** What `take` returns when nothing is queued (shared, never written). */
const NO_NOTIFICATIONS: readonly Notification[] = Object.freeze([]);

export class SessionNotifications implements NotificationReceiver {
  readonly channels = new Set<string>();
  /** Pending LISTEN (true) / UNLISTEN (false) per channel; `unlistenAll` first if set. */
  readonly #actions = new Map<string, boolean>();
  #unlistenAll = false;
  #pending: Notification[] = [];
  readonly #pendingKeys = new Set<string>();
  readonly #queue: Notification[] = [];
  #listener: (() => void) | undefined;

  constructor(
    private readonly hub: NotificationHub,
    private readonly processId: number,
  ) {}

  /** LISTEN channel, at commit. */
  listen(channel: string): void {
    this.#actions.set(channel, true);
  }

  /** UNLISTEN channel (or every channel when undefined), at commit. */
  unlisten(channel: string | undefined): void {
    if (channel !== undefined) {
      this.#actions.set(channel, false);
      return;
    }
    this.#actions.clear();
    this.#unlistenAll = true;
  }

  /** NOTIFY / pg_notify, at commit. @throws DbError 22023 (empty or long channel, long payload). */
  notify(channel: string, payload: string): void {
    if (channel === '') throw new DbError('22023', 'channel name cannot be empty');
    if (Buffer.byteLength(channel) >= NAMEDATALEN) throw new DbError('22023', 'channel name too long');
    if (Buffer.byteLength(payload) >= NOTIFY_PAYLOAD_MAX_LENGTH) {
      throw new DbError('22023', 'payload string too long');
    }
    const key = `${channel}\0${payload}`;
    if (this.#pendingKeys.has(key)) return;
    this.#pendingKeys.add(key);
    this.#pending.push({ processId: this.processId, channel, payload });
  }

  /** The channels listened on, as pg_listening_channels() lists them. */
  listening(): string[] {
    return [...this.channels];
  }

  /** The transaction committed: apply its listens, then publish its notifications. */
  commit(): void {
    // Most transactions neither LISTEN nor NOTIFY: then nothing changes (not even the hub's
    // registration, which follows `channels`).
    if (!this.#inTransaction()) return;
    if (this.#unlistenAll) this.channels.clear();
    for (const [channel, listen] of this.#actions) {
      if (listen) this.channels.add(channel);
      else this.channels.delete(channel);
    }
    if (this.channels.size > 0) this.hub.register(this);
    else this.hub.unregister(this);
    const pending = this.#pending;
    this.#clearTransaction();
    if (pending.length > 0) this.hub.publish(pending);
  }

  /** The transaction aborted: forget what it did. */
  abort(): void {
    if (this.#inTransaction()) this.#clearTransaction();
  }

  /** Did the current transaction LISTEN, UNLISTEN or NOTIFY? */
  #inTransaction(): boolean {
    return this.#actions.size > 0 || this.#unlistenAll || this.#pending.length > 0;
  }

  /** The session ended: UNLISTEN *. */
  close(): void {
    this.#clearTransaction();
    this.channels.clear();
    this.hub.unregister(this);
    this.#queue.length = 0;
  }

  /** NotificationReceiver: queue for the client and tell the protocol. */
  receive(notification: Notification): void {
    this.#queue.push(notification);
    this.#listener?.();
  }

  /** See `Session.onNotification`. */
  onNotification(listener: () => void): void {
    this.#listener = listener;
  }

  /** See `Session.takeNotifications`. */
  take(): readonly Notification[] {
    // Asked at every ReadyForQuery, and almost always empty: no new array then.
    if (this.#queue.length === 0) return NO_NOTIFICATIONS;
    return this.#queue.splice(0);
  }

  #clearTransaction(): void {
    // Map/Set.clear() allocates a new table even when empty: only when there is something.
    if (this.#actions.size > 0) this.#actions.clear();
    this.#unlistenAll = false;
    if (this.#pending.length > 0) this.#pending = [];
    if (this.#pendingKeys.size > 0) this.#pendingKeys.clear();
  }
}
