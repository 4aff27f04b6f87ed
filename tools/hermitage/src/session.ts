/**
 * One wire-protocol session of a case (T1, T2, T3, or the setup session): a `pg.Client` that
 *   - sends each step through the simple query protocol and keeps every value as the server's
 *     text (the expected events are written from PostgreSQL's text output);
 *   - turns every way a statement can end into a `StepOutcome`, so a step's promise never
 *     rejects and may be left running while the case moves on (that is what "blocks" means);
 *   - can always be closed: a session whose statement never ends (or a hung server) gets its
 *     socket dropped instead of waiting for `end()` forever.
 *
 * NB: pg queues a statement sent while another is still running on the same client; the server
 * sees it only when the first ends. The runner relies on that: a step issued on a session whose
 * earlier step is blocked waits behind it, as it would in psql.
 */
import pg from 'pg';
import type { StepOutcome } from './events.js';

/** Where to connect. Password is optional (reference clusters use trust authentication). */
export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
}

/** Every value stays the server's text. */
const textTypes = { getTypeParser: () => (value: string) => value };

/** A case session. Statements run one at a time, in the order `run` is called. */
export class HermitageSession {
  private lostReason: string | undefined;
  private running = 0;

  private constructor(private readonly client: pg.Client) {
    client.on('error', (err: Error) => this.markLost(`connection error: ${err.message}`));
    client.on('end', () => this.markLost('server closed the connection'));
  }

  /**
   * Connects. Async; rejects with the driver's error when the server does not accept the
   * connection within `timeoutMs`. The caller owns the session and must `close()` it.
   */
  static async open(server: ServerOptions, timeoutMs: number): Promise<HermitageSession> {
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: server.user,
      database: server.database,
      password: server.password,
      connectionTimeoutMillis: timeoutMs,
      types: textTypes,
    });
    // Built before connecting so a failed handshake cannot surface as an unhandled 'error'.
    const session = new HermitageSession(client);
    try {
      await client.connect();
    } catch (err) {
      session.destroy();
      throw err;
    }
    return session;
  }

  /** Statements sent (or queued) that have not ended yet. */
  get busy(): boolean {
    return this.running > 0;
  }

  /**
   * Runs one SQL statement. Async; never rejects: the promise resolves when the server answers
   * (or the session dies), however long that takes.
   */
  async run(sql: string): Promise<StepOutcome> {
    if (this.lostReason !== undefined) return { kind: 'lost', reason: this.lostReason };
    this.running++;
    try {
      const result = await this.client.query({ text: sql, rowMode: 'array' });
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      if ((last.fields ?? []).length > 0) return { kind: 'rows', rows: last.rows };
      return { kind: 'ok', command: last.command ?? '' };
    } catch (err) {
      return this.classify(err);
    } finally {
      this.running--;
    }
  }

  /**
   * Ends the session: Terminate when it is idle, and in every case the socket is dropped after at
   * most `graceMs` (a statement still running, or a hung server, never finishes `end()`). The
   * server aborts the session's open transaction. Async; never rejects.
   */
  async close(graceMs: number): Promise<void> {
    const wasLost = this.lostReason !== undefined;
    this.markLost('closed');
    if (!wasLost && !this.busy) {
      let timer: NodeJS.Timeout | undefined;
      const ended = this.client.end().then(
        () => undefined,
        (err: Error) => err,
      );
      await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    this.destroy();
  }

  private classify(err: unknown): StepOutcome {
    if (err instanceof pg.DatabaseError && err.code !== undefined) {
      // FATAL/PANIC errors end the session: the server closes the socket right after.
      if (err.severity === 'FATAL' || err.severity === 'PANIC') {
        this.markLost(`${err.severity} ${err.code}: ${err.message}`);
        return { kind: 'lost', reason: this.lostReason! };
      }
      return { kind: 'error', code: err.code, message: err.message };
    }
    this.markLost(err instanceof Error ? err.message : String(err));
    return { kind: 'lost', reason: this.lostReason! };
  }

  private markLost(reason: string): void {
    if (this.lostReason === undefined) this.lostReason = reason;
  }

  /** pg has no public abort: drop the socket itself (pending statements end as lost). */
  private destroy(): void {
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection
      ?.stream;
    stream?.destroy();
  }
}
