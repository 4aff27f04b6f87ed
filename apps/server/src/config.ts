/**
 * Command-line configuration of `rustydb-server`. Parsing is separate from start-up so it can be
 * tested, and so every option has one documented default.
 */
import { parseArgs } from 'node:util';
import type { LogLevel } from '@rustydb/common';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_SUPERUSER_RESERVED_CONNECTIONS } from '@rustydb/engine';
import {
  DEFAULT_AUTHENTICATION_TIMEOUT_MS,
  DEFAULT_BUSY_POLL_MICROS,
  MAX_BUSY_POLL_MICROS,
} from '@rustydb/protocol';

export interface ServerConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Buffer pool size in 8 KiB pages. */
  readonly bufferPoolPages: number;
  /** PEM certificate chain for TLS; set together with `tlsKey` or not at all. */
  readonly tlsCert?: string;
  /** PEM private key of `tlsCert`. */
  readonly tlsKey?: string;
  /** Host rules in pg_hba.conf format, replacing the defaults. */
  readonly hbaFile?: string;
  /** max_prepared_transactions (`-c max_prepared_transactions=N`): 0 disables PREPARE TRANSACTION. */
  readonly maxPreparedTransactions: number;
  /** max_connections (`-c max_connections=N`): client sessions at once. */
  readonly maxConnections: number;
  /** superuser_reserved_connections: of max_connections, the slots only superusers may take. */
  readonly superuserReservedConnections: number;
  /** authentication_timeout in seconds: how long a client may take to log in. */
  readonly authenticationTimeout: number;
  /** Microseconds the event loop keeps polling after each response (0: never); see BusyPoll. */
  readonly busyPoll: number;
}

export const DEFAULTS: ServerConfig = {
  dataDir: './data',
  host: '127.0.0.1',
  port: 5433,
  logLevel: 'info',
  bufferPoolPages: 16384,
  maxPreparedTransactions: 0,
  maxConnections: DEFAULT_MAX_CONNECTIONS,
  superuserReservedConnections: DEFAULT_SUPERUSER_RESERVED_CONNECTIONS,
  authenticationTimeout: DEFAULT_AUTHENTICATION_TIMEOUT_MS / 1000,
  busyPoll: DEFAULT_BUSY_POLL_MICROS,
};

/** Server settings `-c NAME=VALUE` accepts (PostgreSQL's names), with their bounds. */
const SERVER_SETTINGS: Readonly<Record<string, { min: number; max: number }>> = {
  max_prepared_transactions: { min: 0, max: 262_143 },
  max_connections: { min: 1, max: 262_143 },
  superuser_reserved_connections: { min: 0, max: 262_143 },
  authentication_timeout: { min: 1, max: 600 },
};

export const USAGE = `Usage: rustydb-server [options]

  --data-dir DIR        data directory, initialized on first start (default ${DEFAULTS.dataDir})
  --host H              address to listen on (default ${DEFAULTS.host}); beyond loopback only when
                        a host rule demands a password (RUSTYDB_PASSWORD or --hba-file)
  --port N              TCP port (default ${DEFAULTS.port})
  --log-level L         fatal, error, warn, info, debug, trace or silent (default ${DEFAULTS.logLevel})
  --buffer-pool PAGES   buffer pool size in 8 KiB pages (default ${DEFAULTS.bufferPoolPages})
  --tls-cert FILE       PEM certificate (chain) for TLS; clients may then use sslmode=require,
                        verify-ca or verify-full (give --tls-key too)
  --tls-key FILE        PEM private key of --tls-cert (unencrypted)
  --busy-poll US        after each response, keep polling for the client's next message this many
                        microseconds before sleeping (0..${MAX_BUSY_POLL_MICROS}, default ${DEFAULTS.busyPoll}; 0 never): spends
                        CPU while a client is between statements to answer it sooner
  --hba-file FILE       host rules in pg_hba.conf format (methods trust, reject, scram-sha-256, md5,
                        password) instead of the defaults: loopback only, scram-sha-256 once a
                        password is set, trust before
  -c NAME=VALUE         a server setting, as postgres -c; known: max_prepared_transactions
                        (default ${DEFAULTS.maxPreparedTransactions}: PREPARE TRANSACTION disabled), max_connections
                        (default ${DEFAULTS.maxConnections}), superuser_reserved_connections (default
                        ${DEFAULTS.superuserReservedConnections}), authentication_timeout (seconds, default ${DEFAULTS.authenticationTimeout})
  -h, --help            this text

Environment:
  RUSTYDB_PASSWORD      the password of the rustydb role. Only its SCRAM-SHA-256 verifier is kept:
                        written to DATA-DIR/auth/roles.json at the first start, read from there
                        afterwards (the variable, when set, wins for that run). With a password,
                        loopback clients must give it (scram-sha-256); without one, loopback
                        clients are trusted.
`;

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Parses argv (without node and the script). Throws an Error with a readable message on bad input. */
export function parseConfig(argv: readonly string[]): ServerConfig | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'log-level': { type: 'string' },
      'buffer-pool': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'hba-file': { type: 'string' },
      'busy-poll': { type: 'string' },
      set: { type: 'string', short: 'c', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const port = parseInteger(values.port, DEFAULTS.port, 'port', 0, 65535);
  const bufferPoolPages = parseInteger(
    values['buffer-pool'],
    DEFAULTS.bufferPoolPages,
    'buffer-pool',
    16,
    2 ** 24,
  );
  const busyPoll = parseInteger(values['busy-poll'], DEFAULTS.busyPoll, 'busy-poll', 0, MAX_BUSY_POLL_MICROS);
  const logLevel = (values['log-level'] ?? DEFAULTS.logLevel) as LogLevel;
  if (!LEVELS.includes(logLevel))
    throw new Error(`invalid --log-level "${logLevel}": use one of ${LEVELS.join(', ')}`);
  const tlsCert = values['tls-cert'];
  const tlsKey = values['tls-key'];
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new Error('--tls-cert and --tls-key go together: give both or neither');
  for (const [name, value] of [
    ['tls-cert', tlsCert],
    ['tls-key', tlsKey],
    ['hba-file', values['hba-file']],
  ] as const) {
    if (value === '') throw new Error(`invalid --${name}: empty file name`);
  }
  const settings = parseSettings(values.set ?? []);
  return {
    dataDir: values['data-dir'] ?? DEFAULTS.dataDir,
    maxPreparedTransactions: settings.max_prepared_transactions ?? DEFAULTS.maxPreparedTransactions,
    ...connectionSettings(settings),
    host: values.host ?? DEFAULTS.host,
    port,
    logLevel,
    bufferPoolPages,
    busyPoll,
    ...(tlsCert === undefined ? {} : { tlsCert, tlsKey }),
    ...(values['hba-file'] === undefined ? {} : { hbaFile: values['hba-file'] }),
  };
}

/** max_connections, superuser_reserved_connections and authentication_timeout, checked together. */
function connectionSettings(
  settings: Record<string, number>,
): Pick<ServerConfig, 'maxConnections' | 'superuserReservedConnections' | 'authenticationTimeout'> {
  const maxConnections = settings.max_connections ?? DEFAULTS.maxConnections;
  const superuserReservedConnections =
    settings.superuser_reserved_connections ??
    Math.min(DEFAULTS.superuserReservedConnections, maxConnections - 1);
  if (superuserReservedConnections >= maxConnections) {
    throw new Error(
      `invalid -c superuser_reserved_connections=${superuserReservedConnections}: must be less than max_connections (${maxConnections})`,
    );
  }
  const authenticationTimeout = settings.authentication_timeout ?? DEFAULTS.authenticationTimeout;
  return { maxConnections, superuserReservedConnections, authenticationTimeout };
}

/** `-c NAME=VALUE` pairs → known settings' values. Throws for an unknown name or a bad value. */
function parseSettings(pairs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase();
    const spec = SERVER_SETTINGS[name];
    if (eq < 0 || spec === undefined) {
      throw new Error(
        `invalid -c "${pair}": expected NAME=VALUE with NAME one of ${Object.keys(SERVER_SETTINGS).join(', ')}`,
      );
    }
    out[name] = parseInteger(pair.slice(eq + 1).trim(), 0, `-c ${name}`, spec.min, spec.max);
  }
  return out;
}

function parseInteger(
  text: string | undefined,
  fallback: number,
  name: string,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new Error(`invalid --${name} "${text}": expected ${min}..${max}`);
  return n;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/**
 * Loopback addresses: the only ones the server listens on while every host rule is trust (no
 * password set, no --hba-file demanding one), since any client reaching the port would be let in.
 */
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
