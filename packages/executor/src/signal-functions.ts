/**
 * pg_cancel_backend(pid) and pg_terminate_backend(pid, timeout => 0) (PostgreSQL's
 * signalfuncs.c): stop the running statement of another session (57014, as a CancelRequest), or
 * end the session (its client gets FATAL 57P01 `terminating connection due to administrator
 * command`). True once signalled; false, with a WARNING, when no session has that pid.
 *
 * Who may: a role with the privileges of the target session's user, or of pg_signal_backend;
 * only a superuser may signal a superuser's session (42501 otherwise, with PostgreSQL's texts).
 * A positive timeout makes pg_terminate_backend wait until the session has ended: true, or false
 * with a WARNING when it had not within that many milliseconds. The wait is a wait inside an
 * expression (expression-wait.ts), so, as pg_sleep, only in the select list of a top-level SELECT
 * (0A000 elsewhere). Strict, as PostgreSQL's.
 */
import { ROLE_PG_SIGNAL_BACKEND } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import { callSiteToken, takeGrant, waitInExpression } from './expression-wait.js';
import { currentRole } from './privilege-functions.js';
import { abortableWait } from './sleep-functions.js';
import type { Runtime } from './runtime.js';

type Signal = 'cancel' | 'terminate';

const SIGNALS: Readonly<Record<string, Signal>> = {
  pg_cancel_backend: 'cancel',
  pg_terminate_backend: 'terminate',
};

/** Is `name` one of the signalling functions (compiled by `compileSignalFunction`)? */
export const isSignalFunction = (name: string): boolean => Object.hasOwn(SIGNALS, name);

/** PostgreSQL's 42501 texts, by signal: for a superuser's session, and for a role not a member. */
const DENIED: Readonly<Record<Signal, { superuser: string; member: string }>> = {
  cancel: {
    superuser: 'must be a superuser to cancel superuser query',
    member: 'must be a member of the role whose query is being canceled or member of pg_signal_backend',
  },
  terminate: {
    superuser: 'must be a superuser to terminate superuser process',
    member: 'must be a member of the role whose process is being terminated or member of pg_signal_backend',
  },
};

const warning = (message: string): DbError => new DbError('01000', message, { severity: 'WARNING' });

/** Compiles a call of a signalling function. Sync. */
export function compileSignalFunction(
  name: string,
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  const signal = SIGNALS[name]!;
  const site = callSiteToken(name);
  /** The outcome of the wait this call site started (read when the row is evaluated again). */
  let waited = false;
  return (row) => {
    const pid = args[0]!(row);
    const timeout = args.length > 1 ? args[1]!(row) : 0n;
    if (pid === null || timeout === null) return null;
    if (takeGrant(rt, site)) {
      if (!waited) {
        rt.ctx.session?.notice(
          warning(
            `backend with PID ${pid as number} did not terminate within ${timeout as bigint} milliseconds`,
          ),
        );
      }
      return waited;
    }
    const ms = Number(timeout as bigint);
    if (ms < 0) throw new DbError('22003', '"timeout" must not be negative');
    if (!signalBackend(rt, signal, pid as number)) return false;
    if (ms === 0) return true;
    if (!rt.expressionWaitAllowed) {
      throw new DbError('0A000', `${name}() cannot wait here`, {
        hint: 'Call it in the select list of its own SELECT, or with a timeout of 0.',
      });
    }
    const ended = rt.ctx.system!.session.backendEnded!(pid as number);
    waitInExpression(
      rt,
      abortableWait(ms, rt.ctx.locks?.wait, ended).then((w) => {
        waited = w;
      }),
      site,
    );
    return false; // not reached: waitInExpression throws
  };
}

/**
 * Signals session `pid` after the permission checks; false (with PostgreSQL's WARNING) when
 * there is no such session. @throws DbError 42501.
 */
function signalBackend(rt: Runtime, signal: Signal, pid: number): boolean {
  const sc = rt.ctx.system;
  if (sc === undefined) throw new DbError('0A000', 'catalog functions are not available in this context');
  const target = sc.session.activity().find((a) => a.pid === pid);
  if (target === undefined || sc.session.signalBackend === undefined) {
    rt.ctx.session?.notice(warning(`PID ${pid} is not a PostgreSQL backend process`));
    return false;
  }
  const { privs, role } = currentRole(sc, rt);
  const targetRole = privs.roleByName(target.user)?.oid;
  if (targetRole !== undefined && privs.isSuperuser(targetRole) && !privs.isSuperuser(role)) {
    throw new DbError('42501', DENIED[signal].superuser);
  }
  const allowed =
    (targetRole !== undefined && privs.hasPrivsOf(role, targetRole)) ||
    privs.hasPrivsOf(role, ROLE_PG_SIGNAL_BACKEND);
  if (!allowed) throw new DbError('42501', DENIED[signal].member);
  sc.session.signalBackend(pid, signal);
  return true;
}
