/**
 * One wire-protocol session for the runner: a `pg.Client` that
 *   - sends every SQL text through the simple query protocol (no parameters, so pg never uses
 *     the extended protocol) and hands back every value as the server's text, untouched;
 *   - bounds each statement with a timeout: when it fires, a CancelRequest goes to the server and
 *     the statement gets a short grace period to end; if it still has not, the session is lost;
 *   - tells "the server answered with an error" (the statement failed) apart from "the session is
 *     gone" (socket closed, FATAL error, hung server): once lost, it stays lost.
 *
 * CancelRequest, sent on a new connection to the server (which closes it without answering):
 *
 *   OFFSET  SIZE  DESCRIPTION
 *   0       4     Int32 length, 16
 *   4       4     Int32 cancel request code, 80877102
 *   8       4     Int32 backend process id (from BackendKeyData)
 *   12      4     Int32 backend secret key (from BackendKeyData)
 */
import { connect } from 'node:net';
import pg from 'pg';

/** Where to connect. Password is optional (reference clusters use trust authentication). */
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
}

/** One result of a (possibly multi-statement) SQL text: column names and rows of text. */
export interface TextResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** How a SQL text ended. `lost`: the session is unusable from now on. */
export type ExecOutcome =
  | { readonly kind: 'ok'; readonly results: readonly TextResult[] }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'timeout'; readonly timeoutMs: number }
  | { readonly kind: 'lost'; readonly reason: string };

/** How long (at most; never more than the timeout) a cancelled statement may take to end. */
const CANCEL_GRACE_MS = 2_000;
const CANCEL_REQUEST_CODE = 80877102;

/** Every value stays the server's text: formatting is the runner's job, from the text. */
const textTypes = { getTypeParser: () => (value: string) => value };

const TIMED_OUT = Symbol('timed out');

/** A wire session with per-statement timeouts and loss detection. Not safe for concurrent use. */
export class SltConnection {
  private lostReason: string | undefined;

  private constructor(
    private readonly client: pg.Client,
    private readonly options: ConnectionOptions,
    private readonly timeoutMs: number,
  ) {
    client.on('error', (err: Error) => this.markLost(`connection error: ${err.message}`));
    client.on('end', () => this.markLost('server closed the connection'));
  }

  /**
   * Connects. Async; rejects with the driver's error when the server does not accept the
   * connection within `timeoutMs`. The caller owns the connection and must `close()` it.
   */
  static async open(options: ConnectionOptions, timeoutMs: number): Promise<SltConnection> {
    const client = new pg.Client({
      host: options.host,
      port: options.port,
      user: options.user,
      database: options.database,
      password: options.password,
      connectionTimeoutMillis: timeoutMs,
      types: textTypes,
    });
    // Registered before connecting so a failed handshake cannot surface as an unhandled 'error'.
    const connection = new SltConnection(client, options, timeoutMs);
    await client.connect();
    return connection;
  }

  /** Why the session is gone, or undefined while it is usable. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  /**
   * Runs one SQL text (one or more statements) through the simple query protocol. Async; never
   * rejects: every way it can end is an `ExecOutcome`.
   */
  async execute(sql: string): Promise<ExecOutcome> {
    if (this.lostReason !== undefined) return { kind: 'lost', reason: this.lostReason };
    const settled = this.client.query({ text: sql, rowMode: 'array' }).then(
      (r: pg.QueryArrayResult | pg.QueryArrayResult[]): ExecOutcome => ({
        kind: 'ok',
        results: (Array.isArray(r) ? r : [r]).map(toTextResult),
      }),
      (err: unknown): ExecOutcome => this.classify(err),
    );
    const first = await within(settled, this.timeoutMs);
    if (first !== TIMED_OUT) return first;
    await this.cancel();
    const afterCancel = await within(settled, Math.min(CANCEL_GRACE_MS, this.timeoutMs));
    if (afterCancel === TIMED_OUT || afterCancel.kind === 'lost') {
      this.markLost(`statement did not end within ${this.timeoutMs} ms, nor after a cancel request`);
      this.destroy();
    }
    return { kind: 'timeout', timeoutMs: this.timeoutMs };
  }

  /** Ends the session (Terminate), or drops the socket when the session is already lost. Async. */
  async close(): Promise<void> {
    if (this.lostReason !== undefined) {
      this.destroy();
      return;
    }
    this.lostReason = 'closed';
    await within(
      this.client.end().then(
        () => undefined,
        (err: Error) => err,
      ),
      CANCEL_GRACE_MS,
    );
    this.destroy();
  }

  private classify(err: unknown): ExecOutcome {
    if (err instanceof pg.DatabaseError && err.code !== undefined) {
      // FATAL/PANIC errors end the session; the server closes the socket right after.
      if (err.severity === 'FATAL' || err.severity === 'PANIC') {
        this.markLost(`${err.severity} ${err.code}: ${err.message}`);
        return { kind: 'lost', reason: this.lostReason! };
      }
      if (this.lostReason === undefined) return { kind: 'error', code: err.code, message: err.message };
    }
    this.markLost(this.lostReason ?? (err instanceof Error ? err.message : String(err)));
    return { kind: 'lost', reason: this.lostReason! };
  }

  private markLost(reason: string): void {
    if (this.lostReason === undefined) this.lostReason = reason;
  }

  /** Sends a CancelRequest for this session's backend. Best effort: failures are ignored by design. */
  private cancel(): Promise<void> {
    const { processID, secretKey } = this.client as unknown as { processID: number; secretKey: number };
    return new Promise((resolve) => {
      // A host starting with '/' is a Unix socket directory, as in libpq and pg.
      const { host, port } = this.options;
      const target = host.startsWith('/') ? { path: `${host}/.s.PGSQL.${port}` } : { host, port };
      const socket = connect(target, () => {
        const packet = Buffer.alloc(16);
        packet.writeInt32BE(16, 0);
        packet.writeInt32BE(CANCEL_REQUEST_CODE, 4);
        packet.writeInt32BE(processID, 8);
        packet.writeInt32BE(secretKey, 12);
        socket.end(packet);
      });
      // The cancel is advisory: if it cannot be delivered the grace period decides.
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.setTimeout(CANCEL_GRACE_MS, () => socket.destroy());
    });
  }

  /** pg has no public abort: a hung server never finishes `end()`, so drop the socket itself. */
  private destroy(): void {
    const stream = (this.client as unknown as { connection?: { stream?: { destroy(): void } } }).connection
      ?.stream;
    stream?.destroy();
  }
}

function toTextResult(r: pg.QueryArrayResult): TextResult {
  return { columns: (r.fields ?? []).map((f) => f.name), rows: r.rows ?? [] };
}

/** Resolves with the promise's value, or TIMED_OUT after `ms`; never leaves a timer behind. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
