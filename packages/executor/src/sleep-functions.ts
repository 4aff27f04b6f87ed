/**
 * pg_sleep(seconds), pg_sleep_for(interval) and pg_sleep_until(timestamptz) (PostgreSQL's
 * misc.c and system_functions.sql). The server runs every session on one thread, so a sleep
 * cannot block: it is a wait inside an expression (expression-wait.ts) that a timer ends, or
 * the statement's abort signal (cancel, statement_timeout: 57014 at once, as PostgreSQL's
 * latch wait checks for interrupts). Like a blocking advisory lock call, it may only wait in
 * the select list of the statement's top SELECT (`SELECT pg_sleep(1)`, PL/pgSQL's `PERFORM
 * pg_sleep(1)` in a DO block); elsewhere it is 0A000.
 *
 * All strict (a NULL argument gives NULL without sleeping); a delay that is not positive (or
 * NaN) returns at once, as PostgreSQL's loop does.
 */
import { currentTimestamp, DbError, type Interval, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { callSiteToken, takeGrant, waitInExpression } from './expression-wait.js';
import type { Runtime } from './runtime.js';

/** void, as pg_notify returns it (printed as ''). */
const VOID = '';

/** setTimeout's longest delay (2^31 - 1 ms); longer sleeps wait in steps. */
const MAX_TIMER_MS = 2_147_483_647;

const USECS_PER_DAY = 86_400_000_000;

/** Seconds to sleep, from the function's argument. */
const DELAYS: Readonly<Record<string, (v: Value) => number>> = {
  pg_sleep: (v) => v as number,
  // extract(epoch from interval): 365.25-day years, 30-day months.
  pg_sleep_for: (v) => {
    const i = v as Interval;
    const years = Math.trunc(i.months / 12);
    const days = years * 365.25 + (i.months % 12) * 30 + i.days;
    return (days * USECS_PER_DAY + Number(i.micros)) / 1e6;
  },
  pg_sleep_until: (v) => Number((v as bigint) - currentTimestamp()) / 1e6,
};

/** Is `name` one of the sleep functions (compiled by `compileSleepFunction`)? */
export const isSleepFunction = (name: string): boolean => Object.hasOwn(DELAYS, name);

/** Compiles a call of a sleep function. Sync. */
export function compileSleepFunction(name: string, args: readonly CompiledExpr[], rt: Runtime): CompiledExpr {
  const delayOf = DELAYS[name]!;
  const arg = args[0]!;
  const site = callSiteToken(name);
  return (row) => {
    const v = arg(row);
    if (v === null) return null;
    if (takeGrant(rt, site)) return VOID;
    const seconds = delayOf(v);
    if (!(seconds > 0)) return VOID;
    if (!rt.expressionWaitAllowed) {
      throw new DbError('0A000', `${name}() cannot wait here`, {
        hint: 'Call it in the select list of its own SELECT.',
      });
    }
    waitInExpression(rt, sleep(seconds * 1000, rt.ctx.locks?.wait.signal), site);
    return VOID;
  };
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const end = Date.now() + ms;
    let timer: NodeJS.Timeout;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const arm = () => {
      const left = end - Date.now();
      if (left <= 0) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}
