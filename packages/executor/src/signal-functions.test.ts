/**
 * pg_terminate_backend's timeout (signal-functions.ts) over a fake session registry: a session
 * that does not end within the timeout gives false and a WARNING; one that ends gives true.
 * (The signals themselves are tested end to end in the engine's and the server's tests.)
 */
import type { DbError, Row } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { EXPRESSION_WAIT } from './expression-wait.js';
import type { Runtime } from './runtime.js';
import { compileSignalFunction } from './signal-functions.js';

/** A runtime whose catalog knows one superuser and one other session (pid 7), ended by `ended`. */
function fakeRuntime(ended: Promise<void>) {
  const notices: string[] = [];
  const signalled: string[] = [];
  const session = {
    user: 'admin',
    roles: () => [{ oid: 10, name: 'admin' }],
    activity: () => [{ pid: 7, user: 'someone' }],
    signalBackend: (pid: number, signal: string) => signalled.push(`${signal} ${pid}`),
    backendEnded: () => ended,
  };
  const rt = {
    expressionWaitAllowed: true,
    grantedWaits: [] as string[],
    pendingWait: undefined as Promise<void> | undefined,
    ctx: {
      system: { session, view: { data: {}, roles: () => [], memberships: () => [] } },
      session: { currentUser: 'admin', notice: (n: DbError) => notices.push(`${n.code} ${n.message}`) },
    },
  };
  return { rt, notices, signalled };
}

/** Evaluates the call once, waits for the wait it starts, and evaluates it again. */
async function callWithWait(rt: ReturnType<typeof fakeRuntime>['rt'], timeoutMs: bigint): Promise<unknown> {
  const call = compileSignalFunction(
    'pg_terminate_backend',
    [() => 7, () => timeoutMs],
    rt as unknown as Runtime,
  );
  const row: Row = [];
  let thrown: unknown;
  try {
    call(row);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBe(EXPRESSION_WAIT);
  await rt.pendingWait;
  return call(row);
}

describe('pg_terminate_backend with a timeout', () => {
  it('false and a WARNING when the session has not ended within the timeout', async () => {
    const { rt, notices, signalled } = fakeRuntime(new Promise<void>(() => {}));
    expect(await callWithWait(rt, 30n)).toBe(false);
    expect(signalled).toEqual(['terminate 7']);
    expect(notices).toEqual(['01000 backend with PID 7 did not terminate within 30 milliseconds']);
  });

  it('true, without a WARNING, once the session has ended', async () => {
    let end!: () => void;
    const { rt, notices } = fakeRuntime(new Promise<void>((resolve) => (end = resolve)));
    setTimeout(() => end(), 10);
    expect(await callWithWait(rt, 10_000n)).toBe(true);
    expect(notices).toEqual([]);
  });
});
