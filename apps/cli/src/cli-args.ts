/**
 * The command line of `rustydb`: `rustydb <command> [options]`. Parsing is separate from running
 * so it can be tested, and so every option has one documented default. Bad input throws a
 * UsageError, which the entry point reports with exit code 2.
 */
import { parseArgs } from 'node:util';
import type { Lsn } from '@rustydb/common';

/** What the user asked for, fully defaulted. */
export type CliCommand =
  | { readonly kind: 'help'; readonly text: string }
  | SqlCommand
  | { readonly kind: 'init'; readonly dataDir: string }
  | {
      readonly kind: 'query';
      readonly dataDir: string;
      readonly sql: string;
      readonly bufferPoolPages: number;
    }
  | { readonly kind: 'inspect-wal'; readonly dataDir: string; readonly from?: Lsn; readonly force: boolean }
  | {
      readonly kind: 'inspect-page';
      readonly dataDir: string;
      readonly file: number;
      readonly page: number;
      readonly force: boolean;
    };

/** `rustydb sql`: where to connect and what to run (nothing: read stdin, interactively on a TTY). */
export interface SqlCommand {
  readonly kind: 'sql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** -c: one Query message, like `psql -c`. */
  readonly command?: string;
  /** -f: a script file, `-` for stdin. */
  readonly file?: string;
}

/** A mistake on the command line: the message is shown with the usage text, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const DEFAULT_DATA_DIR = './data';
const DEFAULT_QUERY_POOL_PAGES = 1024;

export const MAIN_USAGE = `rustydb: the RustyDB command-line tool

Usage: rustydb <command> [options]

Commands:
  sql             SQL shell over the PostgreSQL wire protocol (connects to rustydb-server)
  init            initialize a new data directory
  query           run SQL in-process on a data directory (no server)
  inspect wal     print the write-ahead log records of a data directory
  inspect page    print one page of a relation file

Run "rustydb <command> --help" for the options of a command.
`;

export const SQL_USAGE = `Usage: rustydb sql [options]

Runs SQL against a running rustydb-server (or any PostgreSQL server). Interactive when stdin is
a terminal; otherwise runs stdin, -c or -f and stops at the first error (exit code 1).

  --host H          server address (default 127.0.0.1)
  --port N          server port (default 5433)
  --user U          role name (default rustydb)
  --database D      database name (default rustydb)
  -c, --command SQL run SQL (one Query message; several statements allowed) and exit
  -f, --file FILE   run the statements in FILE ("-" for stdin) and exit
  -h, --help        this text

Meta commands: \\q quit, \\timing [on|off] show statement times, \\? help.
`;

export const INIT_USAGE = `Usage: rustydb init [--data-dir DIR]

Creates a new, empty database in DIR (default ${DEFAULT_DATA_DIR}). DIR must not exist or be empty.
`;

export const QUERY_USAGE = `Usage: rustydb query [--data-dir DIR] -c SQL

Opens the database in DIR (default ${DEFAULT_DATA_DIR}) with the embedded engine, runs SQL like
"rustydb sql -c" would (one simple query; several statements allowed), prints the results and
closes the database. DIR must not be in use by a running server.

  --data-dir DIR        the data directory
  -c, --command SQL     the SQL to run (required)
  --buffer-pool PAGES   buffer pool size in 8 KiB pages (default ${DEFAULT_QUERY_POOL_PAGES})
  -h, --help            this text
`;

export const INSPECT_USAGE = `Usage: rustydb inspect wal  [--data-dir DIR] [--from LSN] [--force]
       rustydb inspect page [--data-dir DIR] --file N --page P [--force]

Read-only views of a data directory (default ${DEFAULT_DATA_DIR}):
  wal    every WAL record from the start of the log (or from LSN, a record start such as 0/18)
  page   page P of relation file N (base/N), decoded by its page kind

Refuses a directory a running process has open unless --force is given.
`;

type OptionSpec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

const HELP = { help: { type: 'boolean', short: 'h' } } as const;
const DATA_DIR = { 'data-dir': { type: 'string' } } as const;

/** Parses argv (without node and the script). @throws UsageError on bad input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      throw new UsageError('no command given', MAIN_USAGE);
    case '-h':
    case '--help':
    case 'help':
      return { kind: 'help', text: MAIN_USAGE };
    case 'sql':
      return parseSql(rest);
    case 'init':
      return parseInit(rest);
    case 'query':
      return parseQuery(rest);
    case 'inspect':
      return parseInspect(rest);
    default:
      throw new UsageError(`unknown command "${name}"`, MAIN_USAGE);
  }
}

function parseSql(args: readonly string[]): CliCommand {
  const values = parse(args, SQL_USAGE, {
    ...HELP,
    host: { type: 'string' },
    port: { type: 'string' },
    user: { type: 'string' },
    database: { type: 'string' },
    command: { type: 'string', short: 'c' },
    file: { type: 'string', short: 'f' },
  });
  if (values.help) return { kind: 'help', text: SQL_USAGE };
  if (values.command !== undefined && values.file !== undefined) {
    throw new UsageError('-c and -f cannot be used together', SQL_USAGE);
  }
  return {
    kind: 'sql',
    host: str(values.host) ?? '127.0.0.1',
    port: parseInteger(values.port, 5433, 'port', 1, 65535, SQL_USAGE),
    user: str(values.user) ?? 'rustydb',
    database: str(values.database) ?? 'rustydb',
    ...(values.command === undefined ? {} : { command: str(values.command)! }),
    ...(values.file === undefined ? {} : { file: str(values.file)! }),
  };
}

function parseInit(args: readonly string[]): CliCommand {
  const values = parse(args, INIT_USAGE, { ...HELP, ...DATA_DIR });
  if (values.help) return { kind: 'help', text: INIT_USAGE };
  return { kind: 'init', dataDir: str(values['data-dir']) ?? DEFAULT_DATA_DIR };
}

function parseQuery(args: readonly string[]): CliCommand {
  const values = parse(args, QUERY_USAGE, {
    ...HELP,
    ...DATA_DIR,
    command: { type: 'string', short: 'c' },
    'buffer-pool': { type: 'string' },
  });
  if (values.help) return { kind: 'help', text: QUERY_USAGE };
  const sql = str(values.command);
  if (sql === undefined) throw new UsageError('-c SQL is required', QUERY_USAGE);
  return {
    kind: 'query',
    dataDir: str(values['data-dir']) ?? DEFAULT_DATA_DIR,
    sql,
    bufferPoolPages: parseInteger(
      values['buffer-pool'],
      DEFAULT_QUERY_POOL_PAGES,
      'buffer-pool',
      16,
      2 ** 24,
      QUERY_USAGE,
    ),
  };
}

function parseInspect(args: readonly string[]): CliCommand {
  const [what, ...rest] = args;
  if (what === '-h' || what === '--help') return { kind: 'help', text: INSPECT_USAGE };
  if (what !== 'wal' && what !== 'page') {
    throw new UsageError(
      what === undefined ? 'inspect what? (wal or page)' : `cannot inspect "${what}"`,
      INSPECT_USAGE,
    );
  }
  const common = { ...HELP, ...DATA_DIR, force: { type: 'boolean' } } as const;
  if (what === 'wal') {
    const values = parse(rest, INSPECT_USAGE, { ...common, from: { type: 'string' } });
    if (values.help) return { kind: 'help', text: INSPECT_USAGE };
    const from = str(values.from);
    return {
      kind: 'inspect-wal',
      dataDir: str(values['data-dir']) ?? DEFAULT_DATA_DIR,
      force: values.force === true,
      ...(from === undefined ? {} : { from: parseLsn(from) }),
    };
  }
  const values = parse(rest, INSPECT_USAGE, {
    ...common,
    file: { type: 'string' },
    page: { type: 'string' },
  });
  if (values.help) return { kind: 'help', text: INSPECT_USAGE };
  if (values.file === undefined || values.page === undefined) {
    throw new UsageError('--file and --page are required', INSPECT_USAGE);
  }
  return {
    kind: 'inspect-page',
    dataDir: str(values['data-dir']) ?? DEFAULT_DATA_DIR,
    file: parseInteger(values.file, 0, 'file', 1, 0xffff_ffff, INSPECT_USAGE),
    page: parseInteger(values.page, 0, 'page', 0, 0xffff_ffff, INSPECT_USAGE),
    force: values.force === true,
  };
}

/**
 * An LSN as PostgreSQL prints it (`16/B374D848`, two hexadecimal halves) or as a plain decimal
 * byte position. @throws UsageError.
 */
export function parseLsn(text: string): Lsn {
  const halves = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (halves)
    return (Number.parseInt(halves[1]!, 16) * 0x1_0000_0000 + Number.parseInt(halves[2]!, 16)) as Lsn;
  if (/^\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text) as Lsn;
  throw new UsageError(`invalid --from "${text}": expected an LSN such as 0/18`, INSPECT_USAGE);
}

type OptionValue = string | boolean | (string | boolean)[] | undefined;

function parse(args: readonly string[], usage: string, options: OptionSpec): Record<string, OptionValue> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message, usage);
  }
}

const str = (v: OptionValue): string | undefined => (typeof v === 'string' ? v : undefined);

function parseInteger(
  value: OptionValue,
  fallback: number,
  name: string,
  min: number,
  max: number,
  usage: string,
): number {
  const text = str(value);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) {
    throw new UsageError(`invalid --${name} "${text}": expected ${min}..${max}`, usage);
  }
  return n;
}
