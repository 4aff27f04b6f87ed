/**
 * pg_sleep(seconds), pg_sleep_for(interval) and pg_sleep_until(timestamptz) (PostgreSQL's
 * misc.c and system_functions.sql). The server runs every session on one thread, so a sleep
 * cannot block: it is a wait inside an expression (expression-wait.ts) that a timer ends, or
 * the statement's abort (cancel, statement_timeout: 57014 within ABORT_POLL_MS, as PostgreSQL's
 * latch wait checks for interrupts). Like a blocking advisory lock call, it may only wait in
 * the select list of the statement's top SELECT (`SELECT pg_sleep(1)`, PL/pgSQL's `PERFORM
 * pg_sleep(1)` in a DO block); elsewhere it is 0A000.
 *
 * All strict (a NULL argument gives NULL without sleeping); a delay that is not positive (or
 * NaN) returns at once, as PostgreSQL's loop does.
 */
import { currentTimestamp, DbError, type Interval, type Value } from '@rustydb/common';
import type { LockWaitOptions } from '@rustydb/txn';
import type { CompiledExpr } from './compile-expr.js';
import { callSiteToken, takeGrant, waitInExpression } from './expression-wait.js';
import type { Runtime } from './runtime.js';
import { VOID } from './void-result.js';

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
    waitInExpression(
      rt,
      abortableWait(seconds * 1000, rt.ctx.locks?.wait).then(() => undefined),
      site,
    );
    return VOID;
  };
}

/**
 * How often a sleep looks at the statement's abort reason: a cancel or statement_timeout ends
 * it within this many milliseconds.
 */
const ABORT_POLL_MS = 20;

/**
 * Waits `ms`, or until `until` settles: resolves true when `until` did first, false when the time
 * ran out; rejects with the statement's abort reason (cancel, statement_timeout) as soon as it
 * has one, looking every ABORT_POLL_MS. pg_sleep's wait, and pg_terminate_backend's for a session
 * to end.
 */
export function abortableWait(
  ms: number,
  wait: LockWaitOptions | undefined,
  until?: Promise<unknown>,
): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const end = Date.now() + ms;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (early: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(early);
    };
    until?.then(
      () => finish(true),
      () => finish(true),
    );
    const step = () => {
      if (settled) return;
      const reason = wait?.abortReason;
      if (reason !== undefined) {
        settled = true;
        reject(reason);
        return;
      }
      const left = end - Date.now();
      if (left <= 0) finish(false);
      else timer = setTimeout(step, Math.min(left, ABORT_POLL_MS, MAX_TIMER_MS));
    };
    step();
  });
}
