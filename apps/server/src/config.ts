/**
 * Command-line configuration of `rustydb-server`. Parsing is separate from start-up so it can be
 * tested, and so every option has one documented default.
 */
import { parseArgs } from 'node:util';
import type { LogLevel } from '@rustydb/common';

export interface ServerConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Buffer pool size in 8 KiB pages. */
  readonly bufferPoolPages: number;
}

export const DEFAULTS: ServerConfig = {
  dataDir: './data',
  host: '127.0.0.1',
  port: 5433,
  logLevel: 'info',
  bufferPoolPages: 16384,
};

export const USAGE = `Usage: rustydb-server [options]

  --data-dir DIR        data directory, initialized on first start (default ${DEFAULTS.dataDir})
  --host H              address to listen on; loopback only until authentication lands (default ${DEFAULTS.host})
  --port N              TCP port (default ${DEFAULTS.port})
  --log-level L         fatal, error, warn, info, debug, trace or silent (default ${DEFAULTS.logLevel})
  --buffer-pool PAGES   buffer pool size in 8 KiB pages (default ${DEFAULTS.bufferPoolPages})
  -h, --help            this text
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
  const logLevel = (values['log-level'] ?? DEFAULTS.logLevel) as LogLevel;
  if (!LEVELS.includes(logLevel))
    throw new Error(`invalid --log-level "${logLevel}": use one of ${LEVELS.join(', ')}`);
  return {
    dataDir: values['data-dir'] ?? DEFAULTS.dataDir,
    host: values.host ?? DEFAULTS.host,
    port,
    logLevel,
    bufferPoolPages,
  };
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
/** Until authentication exists every connection is trusted, so only loopback addresses may listen. */
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
