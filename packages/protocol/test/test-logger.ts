/**
 * A Logger double that records what was logged, so tests can check that internal errors are
 * logged (with their stack) and that query texts are not.
 */
import type { Logger } from '@rustydb/common';

export interface LogRecord {
  readonly level: string;
  readonly obj: unknown;
  readonly msg: string | undefined;
}

export function recordingLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const at =
    (level: string) =>
    (obj: unknown, msg?: string): void => {
      records.push({ level, obj, msg });
    };
  const logger = {
    level: 'debug',
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return { logger: logger as unknown as Logger, records };
}

/** Everything logged, as one string (Errors included with their stacks). */
export function logText(records: readonly LogRecord[]): string {
  return records
    .map((r) =>
      JSON.stringify(r.obj, (_k, v) => (v instanceof Error ? { message: v.message, stack: v.stack } : v)),
    )
    .join('\n');
}
