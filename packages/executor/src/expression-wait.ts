/**
 * Waits that start inside an expression: `pg_advisory_lock(k)` must wait for the lock without
 * blocking the event loop, yet expressions are synchronous functions of a row.
 *
 * The protocol, like the row waits of ModifyTable and LockRows (row-target.ts): the function
 * starts the wait, leaves its promise on `rt.pendingWait` and throws EXPRESSION_WAIT; the
 * statement's top Project catches it, returns the rows it already computed and keeps the row;
 * its driver (executePlan, the engine's RowCursor) awaits the wait and calls again; the Project
 * evaluates the row again, and the function finds its grant (`rt.grantedWaits`, added when the
 * wait ended, kept until the row is done) instead of asking twice. Tokens name the call site
 * (`callSiteToken`), so two waiting calls in one row each find their own grant on every retry. Only that Project can suspend (execute-plan.ts's
 * `allowExpressionWaits` names it, per execution), so only under it
 * (`rt.expressionWaitAllowed`) may a function wait; elsewhere (WHERE, ORDER BY, a subquery) it
 * must fail rather than wait. NB: the row's other expressions are evaluated again on the retry;
 * PostgreSQL evaluates them once (visible only with a volatile function such as nextval() next
 * to a blocking lock call in one select list).
 */
import type { Runtime } from './runtime.js';

/** Thrown by an expression that left a wait on `rt.pendingWait` (one shared constant). */
export const EXPRESSION_WAIT: unique symbol = Symbol('EXPRESSION_WAIT');

/**
 * Starts or resumes a wait for `token` from inside an expression: undefined when `waiting` is
 * undefined (granted at once); else leaves `waiting` on `rt.pendingWait` and throws
 * EXPRESSION_WAIT, the grant recorded as `token` for the row's retry (`takeGrant`).
 */
export function waitInExpression(rt: Runtime, waiting: Promise<void> | undefined, token: string): void {
  if (waiting === undefined) return;
  rt.pendingWait = waiting.then(() => {
    rt.grantedWaits.push(token);
  });
  throw EXPRESSION_WAIT;
}

/** True when the wait of `token` this row started earlier was granted (until the row is done). */
export function takeGrant(rt: Runtime, token: string): boolean {
  return rt.grantedWaits.length > 0 && rt.grantedWaits.includes(token);
}

let callSites = 0;

/** A token prefix unique to one compiled call of a waiting function. */
export function callSiteToken(name: string): string {
  return `${name}#${++callSites}`;
}
