/**
 * Runs one hermitage case at one isolation level and records its event sequence (events.ts).
 *
 * The life of a run:
 *   1. A setup session runs the corpus's `setup` (a fresh `test` table).
 *   2. One session per T1/T2/T3 the case uses. Steps are issued strictly in order, each on its
 *      session, with `LEVEL` replaced.
 *   3. Each step gets a window: it closes as soon as the step AND every earlier blocked step have
 *      ended, or `blockMs` (700) after the step was issued, whichever comes first. A step still
 *      running when its window closes is recorded as `blocks`; its promise keeps running.
 *   4. When a blocked step ends, it is recorded as finished "after step M", M being the last step
 *      issued by then. Its event goes after step M's own event (and after earlier such events).
 *   5. After the last step, the run waits for blocked steps until the case's deadline
 *      (`caseTimeoutMs` from the start), then reads `select * from test` on the setup session and
 *      closes everything, dropping the sockets of sessions that are still stuck.
 *
 * Why windows wait for earlier blocked steps too: when step M (say T1's commit) releases a lock,
 * the server answers M and wakes the blocked step at about the same time. Ending M's window on
 * M's answer alone would attribute the wake-up to M or M+1 by a race; waiting (up to the same
 * 700 ms mark) makes it "finished after step M" every time, as PostgreSQL's expected file says.
 * The cost is a full window for a step issued while another stays blocked (G0's step 4).
 *
 * Determinism: the only timing-dependent decision is "ended within 700 ms or not". A server that
 * answers a non-blocking statement in under 700 ms and wakes lock waiters within 700 ms of the
 * release produces the same sequence on every run.
 */
import { type HermitageCase, caseKey, stepSql } from './cases.js';
import { type StepOutcome, finalEvent, finishedEvent, formatOutcome, stepEvent } from './events.js';
import { HermitageSession, type ServerOptions } from './session.js';

/** Timing knobs; the defaults are the ones the expected file was recorded with. */
export interface RunOptions {
  /** A step not ended after this long is recorded as `blocks`. Default 700. */
  readonly blockMs?: number;
  /** From the start of setup to the last wait for blocked steps. Default 10 000. */
  readonly caseTimeoutMs?: number;
}

/** The events of one case at one level. */
export interface CaseRun {
  readonly key: string;
  readonly caseName: string;
  readonly level: string;
  readonly events: readonly string[];
  readonly durationMs: number;
}

/** How long a session may take to close politely before its socket is dropped. */
const CLOSE_GRACE_MS = 1_000;
/** The least time given to the final read, even when the case ran out of time. */
const FINAL_READ_MS = 2_000;

/** One issued step, from issue to end. */
interface IssuedStep {
  readonly index: number;
  readonly session: number;
  done: boolean;
  blocked: boolean;
}

/**
 * Runs `hermitageCase` at `level` against `server`. Async; never rejects for anything the server
 * does (a failed connection or setup becomes an event that no expected sequence contains), and
 * never takes much longer than `caseTimeoutMs` plus a few seconds of closing. The `test` table is
 * left as the case left it.
 */
export async function runCase(
  server: ServerOptions,
  setup: readonly string[],
  hermitageCase: HermitageCase,
  level: string,
  options: RunOptions = {},
): Promise<CaseRun> {
  const blockMs = options.blockMs ?? 700;
  const caseTimeoutMs = options.caseTimeoutMs ?? 10_000;
  const started = performance.now();
  const deadline = started + caseTimeoutMs;
  const events: string[] = [];
  const sessions = new Map<number, HermitageSession>();
  let admin: HermitageSession | undefined;
  try {
    admin = await HermitageSession.open(server, caseTimeoutMs);
    const setupFailure = await runSetup(admin, setup, deadline);
    if (setupFailure !== undefined) {
      events.push(`setup: ${setupFailure}`);
    } else {
      for (const n of [...new Set(hermitageCase.steps.map((s) => s.session))].sort((a, b) => a - b)) {
        sessions.set(n, await HermitageSession.open(server, caseTimeoutMs));
      }
      await runSteps(hermitageCase, level, sessions, events, { blockMs, caseTimeoutMs, deadline });
      const final = await within(admin.run('select * from test'), Math.max(deadline - now(), FINAL_READ_MS));
      events.push(final === undefined ? 'final: did not finish' : finalEvent(final));
    }
  } catch (err) {
    // Only connecting throws: the server is down or refuses us.
    events.push(`connect: lost: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    const all = [...sessions.values(), ...(admin !== undefined ? [admin] : [])];
    // Idle sessions end politely (the server aborts their transactions); stuck ones are dropped.
    await Promise.all(all.map((s) => s.close(CLOSE_GRACE_MS)));
  }
  return {
    key: caseKey(hermitageCase.name, level),
    caseName: hermitageCase.name,
    level,
    events,
    durationMs: performance.now() - started,
  };
}

/** Runs the setup statements in order; the first failure, formatted, or undefined. */
async function runSetup(
  admin: HermitageSession,
  setup: readonly string[],
  deadline: number,
): Promise<string | undefined> {
  for (const sql of setup) {
    const outcome = await within(admin.run(sql), deadline - now());
    if (outcome === undefined) return `${sql}: did not finish`;
    if (outcome.kind === 'error' || outcome.kind === 'lost') return `${sql}: ${formatOutcome(outcome)}`;
  }
  return undefined;
}

/** When windows close and the case gives up; `deadline` is on the `performance.now()` clock. */
interface Timing {
  readonly blockMs: number;
  readonly caseTimeoutMs: number;
  readonly deadline: number;
}

/**
 * Issues every step (see the file comment) and appends their events to `events`, then one
 * `did not finish` event per step still blocked at the deadline.
 */
async function runSteps(
  hermitageCase: HermitageCase,
  level: string,
  sessions: ReadonlyMap<number, HermitageSession>,
  events: string[],
  { blockMs, caseTimeoutMs, deadline }: Timing,
): Promise<void> {
  const steps = hermitageCase.steps;
  // ownEvent[k]: step k's own event; after[m]: blocked steps that finished while m was the last issued.
  const ownEvent: string[] = [];
  const after: string[][] = steps.map(() => []);
  const blocked = new Set<IssuedStep>();
  let lastIssued = -1;
  let recorded = false;
  let wake: (() => void) | undefined;

  for (let k = 0; k < steps.length; k++) {
    const { session } = steps[k];
    if (now() >= deadline) {
      ownEvent[k] = stepEvent(k, session, 'not run (case timed out)');
      continue;
    }
    const step: IssuedStep = { index: k, session, done: false, blocked: false };
    lastIssued = k;
    void sessions
      .get(session)!
      .run(stepSql(steps[k], level))
      .then((outcome: StepOutcome) => {
        // A step that ends after the events were written (closing drops stuck sockets) is moot.
        if (recorded) return;
        step.done = true;
        if (step.blocked) {
          blocked.delete(step);
          after[lastIssued].push(finishedEvent(k, session, lastIssued, outcome));
        } else {
          ownEvent[k] = stepEvent(k, session, formatOutcome(outcome));
        }
        wake?.();
      });
    const windowEnd = Math.min(now() + blockMs, deadline);
    while (!step.done || blocked.size > 0) {
      const left = windowEnd - now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
    }
    if (!step.done) {
      step.blocked = true;
      blocked.add(step);
      ownEvent[k] = stepEvent(k, session, 'blocks');
    }
  }

  // After the last step: wait for the blocked ones until the deadline.
  while (blocked.size > 0 && now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deadline - now());
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    wake = undefined;
  }
  recorded = true;
  for (let k = 0; k < steps.length; k++) {
    events.push(ownEvent[k], ...after[k]);
  }
  for (const step of blocked) {
    events.push(`step ${step.index} T${step.session} did not finish within ${caseTimeoutMs} ms`);
  }
}

/** The promise's value, or undefined when it has not settled within `ms`. Clears its timer. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(ms, 0));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function now(): number {
  return performance.now();
}
