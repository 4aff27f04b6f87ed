/**
 * One wire session of the differential runner: a `pg.Client` that sends each statement through
 * the simple query protocol and records everything the comparison needs, untouched:
 *   - the raw CommandComplete tag (`CREATE TABLE`, `INSERT 0 3`; pg's own `command`/`rowCount`
 *     keep only the first word and the count);
 *   - the RowDescription's column names and type OIDs;
 *   - every value as the server's text (a type parser that returns the string it is given);
 *   - the SQLSTATE and message of an error.
 * A statement that does not answer within the timeout, or a dropped connection, makes the session
 * lost: the socket is destroyed and every later statement reports `lost`.
 */
import pg from 'pg';

/** Where to connect (trust or password authentication). */
export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password?: string;
}

/** A result column as RowDescription described it. */
export interface ResultColumn {
  readonly name: string;
  readonly typeOid: number;
}

/** How one statement ended on one server. */
export type StatementOutcome =
  | {
      readonly kind: 'result';
      /** The CommandComplete tag, e.g. `SELECT 2`, `INSERT 0 1`, `CREATE TABLE`. */
      readonly tag: string;
      /** Empty for statements without a RowDescription. */
      readonly columns: readonly ResultColumn[];
      readonly rows: readonly (readonly (string | null)[])[];
    }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'lost'; readonly reason: string };

/** Every value stays the server's text. */
const textTypes = { getTypeParser: () => (value: string) => value };

/** Minimal view of pg internals we read: the protocol connection emits each message. */
interface ProtocolConnection {
  on(event: 'commandComplete', listener: (msg: { text: string }) => void): void;
  stream?: { destroy(): void };
}

/** A session on one server. Not safe for concurrent use: one statement at a time. */
export class DiffConnection {
  private lostReason: string | undefined;
  private tags: string[] = [];

  private constructor(
    private readonly client: pg.Client,
    private readonly timeoutMs: number,
  ) {
    client.on('error', (err: Error) => this.markLost(`connection error: ${err.message}`));
    client.on('end', () => this.markLost('server closed the connection'));
    this.protocol.on('commandComplete', (msg) => this.tags.push(msg.text));
  }

  /**
   * Connects. Async; rejects with the driver's error when the server does not accept the
   * connection within `timeoutMs`. The caller owns the session and must `close()` it.
   */
  static async open(options: ConnectionOptions, timeoutMs: number): Promise<DiffConnection> {
    const client = new pg.Client({ ...options, connectionTimeoutMillis: timeoutMs, types: textTypes });
    const connection = new DiffConnection(client, timeoutMs);
    await client.connect();
    return connection;
  }

  /** Why the session is gone, or undefined while usable. */
  get lost(): string | undefined {
    return this.lostReason;
  }

  /** Runs one statement (simple query protocol). Async; never rejects. */
  async run(sql: string): Promise<StatementOutcome> {
    if (this.lostReason !== undefined) return { kind: 'lost', reason: this.lostReason };
    this.tags = [];
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StatementOutcome>((resolve) => {
      timer = setTimeout(() => {
        this.markLost(`no answer within ${this.timeoutMs} ms`);
        this.protocol.stream?.destroy();
        resolve({ kind: 'lost', reason: this.lostReason! });
      }, this.timeoutMs);
    });
    const settled = this.client.query({ text: sql, rowMode: 'array' }).then(
      (r: pg.QueryArrayResult | pg.QueryArrayResult[]) => this.toOutcome(r),
      (err: unknown) => this.classify(err),
    );
    try {
      return await Promise.race([settled, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Ends the session. Async; never rejects. */
  async close(): Promise<void> {
    if (this.lostReason === undefined) {
      this.lostReason = 'closed';
      await this.client.end().catch((err: Error) => err);
    }
    this.protocol.stream?.destroy();
  }

  private get protocol(): ProtocolConnection {
    return (this.client as unknown as { connection: ProtocolConnection }).connection;
  }

  private toOutcome(r: pg.QueryArrayResult | pg.QueryArrayResult[]): StatementOutcome {
    // One statement gives one result; several would mean the splitter merged statements.
    const results = Array.isArray(r) ? r : [r];
    const last = results[results.length - 1];
    return {
      kind: 'result',
      tag: this.tags[this.tags.length - 1] ?? '',
      columns: (last.fields ?? []).map((f) => ({ name: f.name, typeOid: f.dataTypeID })),
      rows: last.rows ?? [],
    };
  }

  private classify(err: unknown): StatementOutcome {
    if (err instanceof pg.DatabaseError && err.code !== undefined) {
      if (err.severity === 'FATAL' || err.severity === 'PANIC') {
        this.markLost(`${err.severity} ${err.code}: ${err.message}`);
        return { kind: 'lost', reason: this.lostReason! };
      }
      return { kind: 'error', code: err.code, message: err.message };
    }
    this.markLost(this.lostReason ?? (err instanceof Error ? err.message : String(err)));
    return { kind: 'lost', reason: this.lostReason! };
  }

  private markLost(reason: string): void {
    if (this.lostReason === undefined) this.lostReason = reason;
  }
}
