/**
 * Timing. A measurement is operations over wall-clock seconds; repeated workloads stop at their
 * operation count or their time budget, whichever comes first, so a slow engine costs minutes,
 * not hours, and its rate is still a fair rate. Failures are values (`Outcome`), not exceptions:
 * one failing workload must not stop a run.
 */
import { formatFailure, formatRate, formatRatio } from './format-table.js';

/** A completed measurement. */
export interface Measurement {
  readonly ops: number;
  readonly seconds: number;
  /** ops / seconds. */
  readonly rate: number;
}

/** A measurement, or why there is none. */
export type Outcome = Measurement | { readonly error: string };

/** The bounds of a repeated measurement. */
export interface Limits {
  /** Operations to run at most. */
  readonly ops: number;
  /** Stop after this many ms even if fewer operations ran (checked between operations). */
  readonly maxMs: number;
  /**
   * Untimed operations first (`op(0)`, `op(1)`, …, the same calls the measurement then makes),
   * at most this many and for at most a quarter of `maxMs`: the figure is then the steady state,
   * not the JIT compiler's warm-up (a JavaScript engine's first thousands of operations run
   * several times slower) nor a cold cache. Both engines of a comparison get the same limits.
   */
  readonly warmup?: number;
}

export const isMeasurement = (o: Outcome | undefined): o is Measurement => o !== undefined && 'rate' in o;

/** Times one async operation that does `ops` units of work (a bulk load). Async; rethrows. */
export async function measureOnce(ops: number, run: () => Promise<unknown>): Promise<Measurement> {
  const start = performance.now();
  await run();
  return toMeasurement(ops, performance.now() - start);
}

/** Same for synchronous work (SQLite). Sync; rethrows. */
export function measureOnceSync(ops: number, run: () => unknown): Measurement {
  const start = performance.now();
  run();
  return toMeasurement(ops, performance.now() - start);
}

/** Runs `op(i)` for i = 0, 1, … within `limits`, one at a time. Async; rethrows the first error. */
export async function measureRepeated(
  limits: Limits,
  op: (i: number) => Promise<unknown>,
): Promise<Measurement> {
  const warmupEnd = performance.now() + limits.maxMs / 4;
  for (let w = 0; w < (limits.warmup ?? 0); w++) {
    await op(w);
    if ((w & 15) === 15 && performance.now() > warmupEnd) break;
  }
  const start = performance.now();
  const deadline = start + limits.maxMs;
  let i = 0;
  while (i < limits.ops) {
    await op(i);
    i++;
    if ((i & 15) === 0 && performance.now() > deadline) break;
  }
  return toMeasurement(i, performance.now() - start);
}

/**
 * Synchronous twin of `measureRepeated`, so a synchronous engine pays no promise per operation.
 * Sync; rethrows the first error.
 */
export function measureRepeatedSync(limits: Limits, op: (i: number) => unknown): Measurement {
  const warmupEnd = performance.now() + limits.maxMs / 4;
  for (let w = 0; w < (limits.warmup ?? 0); w++) {
    op(w);
    if ((w & 15) === 15 && performance.now() > warmupEnd) break;
  }
  const start = performance.now();
  const deadline = start + limits.maxMs;
  let i = 0;
  while (i < limits.ops) {
    op(i);
    i++;
    if ((i & 15) === 0 && performance.now() > deadline) break;
  }
  return toMeasurement(i, performance.now() - start);
}

/** Runs `fn`, turning a thrown error into `{ error }`. Async; never rejects. */
export async function attempt(fn: () => Promise<Measurement> | Measurement): Promise<Outcome> {
  try {
    return await fn();
  } catch (err) {
    return { error: errorText(err) };
  }
}

/** An error's message with PostgreSQL's SQLSTATE when it has one: `42601 syntax error at …`. */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${code} ${err.message}` : err.message;
}

/** A table cell for an outcome: the rate, or the failure. */
export function outcomeCell(outcome: Outcome | undefined): string {
  if (outcome === undefined) return '';
  return isMeasurement(outcome) ? formatRate(outcome.rate) : formatFailure(outcome.error);
}

/** The ratio cell of two outcomes (RustyDB first); empty unless both are measurements. */
export function ratioCell(rustydb: Outcome | undefined, other: Outcome | undefined): string {
  return formatRatio(
    isMeasurement(rustydb) ? rustydb.rate : undefined,
    isMeasurement(other) ? other.rate : undefined,
  );
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Deterministic pseudo-random keys in [0, n): lookups that defeat sequential-access luck. */
export function scatteredKey(i: number, n: number): number {
  // Knuth's multiplicative hash constant; exact in doubles while i < 3.4 million (product < 2^53).
  return (i * 2654435761) % n;
}

function toMeasurement(ops: number, ms: number): Measurement {
  const seconds = ms / 1000;
  return { ops, seconds, rate: seconds > 0 ? ops / seconds : Number.POSITIVE_INFINITY };
}
