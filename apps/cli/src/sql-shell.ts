/**
 * `rustydb sql`: a psql-like shell over the PostgreSQL wire protocol (node-postgres).
 *
 * Modes, as psql:
 * - interactive (stdin is a terminal, no -c/-f): readline with history in ~/.rustydb_history,
 *   prompts `db=> ` (ready), `db-> ` (statement continues; the `-` becomes `'`, `"`, `$`, `*` or
 *   `(` inside a string, identifier, dollar quote, comment or parentheses), with `*` added inside
 *   a transaction block and `!` inside a failed one (`db=*> `, `db=!> `). Errors are reported
 *   and the session goes on.
 * - batch (piped stdin, -f FILE): statements are split client-side (StatementSplitter) and sent
 *   one Query message each; the first error stops the run with exit code 1
 *   (`psql -v ON_ERROR_STOP=1`).
 * - -c SQL: the text is sent as one Query message (several statements run in one implicit
 *   transaction, as with `psql -c`); every statement's result is printed.
 *
 * Statements go through the simple protocol without parameters, so multi-statement text works
 * and all values come back as text (streaming-query.ts). The transaction state for the prompt
 * is the one the server reports in ReadyForQuery, which also covers COMMIT of a failed block
 * and ROLLBACK TO SAVEPOINT.
 *
 * Meta commands (a line starting with a backslash outside a statement): \q, \timing [on|off], \?.
 *
 * NB: Ctrl-C clears the statement being typed; it does not cancel a running query (no
 * CancelRequest is sent yet).
 */
import {
  accessSync,
  createReadStream,
  existsSync,
  constants as fsConstants,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { SqlCommand } from './cli-args.js';
import { type ErrorReport, formatErrorReport, formatStatementResult } from './format-result.js';
import { type SplitterState, StatementSplitter } from './statement-splitter.js';
import { runSimpleQuery } from './streaming-query.js';

/** The process streams, injectable for tests. */
export interface ShellIo {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const HISTORY_FILE = join(homedir(), '.rustydb_history');
const HISTORY_SIZE = 500;

const META_HELP = `General
  \\q                     quit rustydb sql
  \\timing [on|off]       toggle timing of commands (currently %TIMING%)
  \\?                     show this help
`;

/** \q, or a lost connection: the shell stops (not a statement error). */
class StopShell extends Error {
  constructor(
    readonly quit: boolean,
    message: string,
  ) {
    super(message);
  }
}

/** Runs `rustydb sql`. Async; resolves with the process exit code (0 ok, 1 failure). */
export async function runSqlCommand(cmd: SqlCommand, io: ShellIo): Promise<number> {
  const client = new pg.Client({
    host: cmd.host,
    port: cmd.port,
    user: cmd.user,
    database: cmd.database,
    application_name: 'rustydb',
    connectionTimeoutMillis: 10_000,
  });
  if (cmd.file !== undefined && cmd.file !== '-') {
    try {
      accessSync(cmd.file, fsConstants.R_OK);
    } catch (err) {
      io.stderr.write(`rustydb: error: ${cmd.file}: ${(err as Error).message}\n`);
      return 1;
    }
  }
  const shell = new SqlShell(client, io, cmd.database);
  try {
    await client.connect();
  } catch (err) {
    const detail = isServerError(err) ? `${err.severity}:  ${err.message}` : (err as Error).message;
    io.stderr.write(
      `rustydb: error: connection to server at "${cmd.host}", port ${cmd.port} failed: ${detail}\n`,
    );
    return 1;
  }
  try {
    if (cmd.command !== undefined) return (await shell.runCommandText(cmd.command)) ? 0 : 1;
    if (cmd.file !== undefined) {
      if (cmd.file === '-') return (await shell.runScript(io.stdin)) ? 0 : 1;
      return (await shell.runScript(createReadStream(cmd.file, 'utf8'), cmd.file)) ? 0 : 1;
    }
    if (io.stdin.isTTY) {
      await shell.runInteractive();
      return shell.lost ? 1 : 0;
    }
    return (await shell.runScript(io.stdin)) ? 0 : 1;
  } finally {
    await client.end().catch((err: Error) => io.stderr.write(`rustydb: error: ${err.message}\n`));
  }
}

class SqlShell {
  private timing = false;
  private txStatus = 'I';
  private serverVersion = '';
  private readonly splitter = new StatementSplitter();
  /** psql's `psql:FILE:LINE: ` in front of errors and notices while running -f FILE. */
  private location = '';
  /** Set when the connection failed under us: nothing more can run. */
  lost: Error | undefined;

  constructor(
    private readonly client: pg.Client,
    private readonly io: ShellIo,
    private readonly database: string,
  ) {
    client.connection.on('readyForQuery', (msg: { status: string }) => {
      this.txStatus = msg.status;
    });
    client.connection.on('parameterStatus', (msg: { parameterName: string; parameterValue: string }) => {
      if (msg.parameterName === 'server_version') this.serverVersion = msg.parameterValue;
    });
    client.on('notice', (notice) => io.stderr.write(this.location + formatErrorReport(toReport(notice))));
    client.on('error', (err) => {
      this.lost = err;
    });
  }

  /** -c: meta command, or SQL text as one Query message. Returns false on error. */
  async runCommandText(text: string): Promise<boolean> {
    try {
      return text.trimStart().startsWith('\\') ? this.runMeta(text.trim()) : await this.runStatement(text);
    } catch (err) {
      return this.stopped(err);
    }
  }

  /**
   * Batch mode: every statement of `input` in order; false at the first error. With `fileName`,
   * messages start with `rustydb:FILE:LINE: `, LINE being the line the statement ended on.
   */
  async runScript(input: NodeJS.ReadableStream, fileName?: string): Promise<boolean> {
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    let lineNo = 0;
    try {
      for await (const line of lines) {
        lineNo++;
        if (fileName !== undefined) this.location = `rustydb:${fileName}:${lineNo}: `;
        if (this.splitter.isEmpty && line.trimStart().startsWith('\\')) {
          if (!this.runMeta(line.trim())) return false;
          continue;
        }
        for (const statement of this.splitter.push(`${line}\n`)) {
          if (!(await this.runStatement(statement))) return false;
        }
      }
      for (const statement of this.splitter.end()) {
        if (!(await this.runStatement(statement))) return false;
      }
      return true;
    } catch (err) {
      return this.stopped(err);
    } finally {
      lines.close();
    }
  }

  /** Interactive mode: prompts, history, errors reported and the session continues. */
  async runInteractive(): Promise<void> {
    let history: string[] = loadHistory(this.io);
    const rl = createInterface({
      input: this.io.stdin,
      output: this.io.stdout,
      terminal: true,
      history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
    });
    rl.on('history', (h: string[]) => {
      history = h;
    });
    rl.on('SIGINT', () => {
      this.splitter.reset();
      this.io.stdout.write('\n');
      rl.setPrompt(this.prompt());
      rl.prompt();
    });
    this.io.stdout.write(`rustydb sql (server ${this.serverVersion})\nType "\\?" for help.\n\n`);
    rl.setPrompt(this.prompt());
    rl.prompt();
    try {
      for await (const line of rl) {
        if (this.splitter.isEmpty && line.trimStart().startsWith('\\')) {
          this.runMeta(line.trim());
        } else {
          for (const statement of this.splitter.push(`${line}\n`)) await this.runStatement(statement);
        }
        rl.setPrompt(this.prompt());
        rl.prompt();
      }
    } catch (err) {
      this.stopped(err);
    } finally {
      rl.close();
      saveHistory(history, this.io);
    }
  }

  /** psql's PROMPT1 `%/%R%x%# ` and PROMPT2, for a non-superuser. */
  prompt(): string {
    const tx = this.txStatus === 'T' ? '*' : this.txStatus === 'E' ? '!' : '';
    const state = this.splitter.isEmpty ? '=' : CONTINUATION[this.splitter.state];
    return `${this.database}${state}${tx}> `;
  }

  /**
   * Sends one Query message and prints every statement's result. Returns false if the server
   * reported an error (printed). @throws StopShell when the connection is gone.
   */
  private async runStatement(sql: string): Promise<boolean> {
    const started = performance.now();
    try {
      await runSimpleQuery(this.client, sql, (result) => this.io.stdout.write(formatStatementResult(result)));
    } catch (err) {
      if (!isServerError(err)) {
        this.lost ??= err as Error;
        throw new StopShell(false, `connection to server lost: ${(err as Error).message}`);
      }
      this.io.stderr.write(this.location + formatErrorReport(toReport(err), sql));
      return false;
    }
    if (this.timing) this.io.stdout.write(`Time: ${formatTiming(performance.now() - started)}\n`);
    return true;
  }

  /** Runs a meta command. Returns false for an unknown one. @throws StopShell for \q. */
  private runMeta(line: string): boolean {
    const [name, arg] = line.split(/\s+/);
    switch (name) {
      case '\\q':
      case '\\quit':
        throw new StopShell(true, 'quit');
      case '\\timing':
        if (arg !== undefined && arg !== 'on' && arg !== 'off') {
          this.io.stderr.write(
            `${this.location}unrecognized value "${arg}" for "\\timing": Boolean expected\n`,
          );
          return false;
        }
        this.timing = arg === undefined ? !this.timing : arg === 'on';
        this.io.stdout.write(`Timing is ${this.timing ? 'on' : 'off'}.\n`);
        return true;
      case '\\?':
        this.io.stdout.write(META_HELP.replace('%TIMING%', this.timing ? 'on' : 'off'));
        return true;
      default:
        this.io.stderr.write(`${this.location}invalid command ${name}\nTry \\? for help.\n`);
        return false;
    }
  }

  /** The end of a batch run by StopShell: \q is success, a lost connection failure. */
  private stopped(err: unknown): boolean {
    if (!(err instanceof StopShell)) throw err;
    if (err.quit) return true;
    this.io.stderr.write(`rustydb: error: ${err.message}\n`);
    return false;
  }
}

const CONTINUATION: Record<SplitterState, string> = {
  normal: '-',
  'single-quote': "'",
  'double-quote': '"',
  'dollar-quote': '$',
  comment: '*',
  paren: '(',
};

/** psql's `\timing` output: `12.345 ms`, then `(mm:ss.sss)` from one second on. */
export function formatTiming(ms: number): string {
  const text = `${ms.toFixed(3)} ms`;
  if (ms < 1000) return text;
  let seconds = ms / 1000;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const ss = seconds.toFixed(3).padStart(6, '0');
  if (minutes < 60) return `${text} (${pad2(minutes)}:${ss})`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${text} (${pad2(hours)}:${pad2(minutes % 60)}:${ss})`;
  return `${text} (${Math.floor(hours / 24)} d ${pad2(hours % 24)}:${pad2(minutes % 60)}:${ss})`;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** A server's ErrorResponse or NoticeResponse as node-postgres delivers it. */
interface ServerMessage {
  readonly severity?: string | undefined;
  readonly message?: string | undefined;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
  readonly position?: string | undefined;
  readonly where?: string | undefined;
}

function isServerError(err: unknown): err is ServerMessage & Error {
  return (
    err instanceof pg.DatabaseError ||
    (err instanceof Error && typeof (err as ServerMessage).severity === 'string')
  );
}

function toReport(m: ServerMessage): ErrorReport {
  return {
    severity: m.severity ?? 'ERROR',
    message: m.message ?? '',
    detail: m.detail,
    hint: m.hint,
    position: m.position === undefined ? undefined : Number(m.position),
    context: m.where,
  };
}

function loadHistory(io: ShellIo): string[] {
  if (!existsSync(HISTORY_FILE)) return [];
  try {
    // readline wants the newest entry first; the file is oldest first, like a shell's.
    return readFileSync(HISTORY_FILE, 'utf8').split('\n').filter(Boolean).reverse().slice(0, HISTORY_SIZE);
  } catch (err) {
    io.stderr.write(`rustydb: could not read history file "${HISTORY_FILE}": ${(err as Error).message}\n`);
    return [];
  }
}

function saveHistory(history: readonly string[], io: ShellIo): void {
  try {
    writeFileSync(HISTORY_FILE, `${[...history].reverse().join('\n')}\n`, { mode: 0o600 });
  } catch (err) {
    io.stderr.write(`rustydb: could not save history file "${HISTORY_FILE}": ${(err as Error).message}\n`);
  }
}
