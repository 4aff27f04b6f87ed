/**
 * Failed-login limits: after `maxFailures` password failures for the same user from the same
 * address within `windowMs`, further attempts from there are refused for `lockoutMs` with a
 * generic 28000, before any password is looked at. A success clears the count.
 *
 * Keyed by user *and* address, so an attacker cannot lock a user out from everywhere by
 * failing on purpose from one place (the price: guessing from many addresses is throttled per
 * address only). Failures for unknown users count exactly like those for real ones, so the
 * throttle does not reveal which users exist. Memory is bounded: expired entries are dropped,
 * and past `maxEntries` the oldest entry goes. In-memory only: a restart forgets everything.
 * PostgreSQL has nothing built in (its auth_delay module only sleeps after a failure).
 */
import { tooManyAuthenticationFailures } from './auth-errors.js';

export interface LoginThrottleOptions {
  /** Failures within the window that trigger a lockout. Default 5. */
  readonly maxFailures?: number;
  /** How far back failures count, in ms. Default 60 000. */
  readonly windowMs?: number;
  /** How long a lockout lasts, in ms. Default 60 000. */
  readonly lockoutMs?: number;
  /** Entries kept at most (distinct user+address pairs). Default 10 000. */
  readonly maxEntries?: number;
  /** The clock, in ms. Default Date.now; tests inject their own. */
  readonly now?: () => number;
}

interface Entry {
  /** Times of the recent failures, oldest first (at most maxFailures). */
  failures: number[];
  /** Refuse until this time; 0 when not locked. */
  lockedUntil: number;
}

/** Per user+address failure counting. Sync; one instance per server. */
export class LoginThrottle {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly lockoutMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: LoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = options.windowMs ?? 60_000;
    this.lockoutMs = options.lockoutMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Number of tracked user+address pairs (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** True while `user` from `address` is locked out. Sync. */
  isLocked(user: string, address: string | undefined): boolean {
    const entry = this.entries.get(key(user, address));
    return entry !== undefined && entry.lockedUntil > this.now();
  }

  /**
   * Refuses a locked-out attempt. Sync.
   * @throws DbError 28000 `too many failed authentication attempts for user "x"` (FATAL).
   */
  check(user: string, address: string | undefined): void {
    if (this.isLocked(user, address)) throw tooManyAuthenticationFailures(user);
  }

  /** Counts a failed password check; the `maxFailures`th within the window starts a lockout. Sync. */
  recordFailure(user: string, address: string | undefined): void {
    const now = this.now();
    const k = key(user, address);
    let entry = this.entries.get(k);
    if (entry === undefined) {
      this.makeRoom(now);
      entry = { failures: [], lockedUntil: 0 };
    } else {
      this.entries.delete(k); // re-insert below: Map order is then least recently failed first
    }
    this.entries.set(k, entry);
    entry.failures = entry.failures.filter((t) => t > now - this.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.maxFailures) {
      entry.lockedUntil = now + this.lockoutMs;
      entry.failures = [];
    }
  }

  /** A successful login clears the count for `user` from `address`. Sync. */
  recordSuccess(user: string, address: string | undefined): void {
    this.entries.delete(key(user, address));
  }

  private makeRoom(now: number): void {
    if (this.entries.size < this.maxEntries) return;
    for (const [k, e] of this.entries) {
      const lastFailure = e.failures[e.failures.length - 1] ?? 0;
      if (e.lockedUntil <= now && lastFailure <= now - this.windowMs) this.entries.delete(k);
    }
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}

function key(user: string, address: string | undefined): string {
  return `${address ?? '[local]'}\u0000${user}`;
}
