/**
 * Structured logging through pino. The server makes one root logger; each layer takes a child
 * (`logger.child({ layer: 'wal' })`) through its options. Nothing logs on per-row paths, and
 * nothing ever logs a password or secret.
 */
import { type LevelWithSilent, type Logger as PinoLogger, pino } from 'pino';

export type Logger = PinoLogger;
export type LogLevel = LevelWithSilent;

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** File descriptor or path to write to; standard error by default. */
  readonly destination?: number | string;
}

/** The root logger of a process. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = pino.destination({ dest: options.destination ?? 2, sync: false });
  return pino({ level: options.level ?? 'info', base: { pid: process.pid } }, destination);
}

/** A logger that drops everything: the default for embedded use and tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
