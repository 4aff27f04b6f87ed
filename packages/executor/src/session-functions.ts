/**
 * current_user / session_user (the SQL value functions CURRENT_USER, CURRENT_ROLE, USER and
 * SESSION_USER bind to them) and pg_notify(channel, payload). They read the session through
 * `ExecutionContext.session` (the engine's role settings and NOTIFY queue).
 *
 * pg_listening_channels() is set-returning: build-operator.ts gives its Function Scan or
 * ProjectSet `listeningChannelsArg`, an array of the channels that set-returning.ts unnests.
 *
 * pg_notify is not strict, as in PostgreSQL: a NULL channel is an empty one (22023 `channel name
 * cannot be empty`), a NULL payload is ''.
 */
import { DbError, SqlArray } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import type { SessionAccess } from './execution-context.js';
import type { Runtime } from './runtime.js';
import { VOID } from './void-result.js';

const NAMES: ReadonlySet<string> = new Set(['current_user', 'session_user', 'pg_notify']);

/** Is `name` a session function (compiled by `compileSessionFunction`)? */
export const isSessionFunction = (name: string): boolean => NAMES.has(name);

function access(rt: Runtime): SessionAccess {
  const s = rt.ctx.session;
  if (!s) throw new DbError('55000', 'session functions are not available in this context');
  return s;
}

/** Compiles a call of a session function. Sync. */
export function compileSessionFunction(
  name: string,
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  switch (name) {
    case 'current_user':
      return () => access(rt).currentUser;
    case 'session_user':
      return () => access(rt).sessionUser;
    default: {
      const [channel, payload] = args;
      return (row) => {
        access(rt).notify((channel!(row) as string | null) ?? '', (payload!(row) as string | null) ?? '');
        return VOID;
      };
    }
  }
}

/** The argument pg_listening_channels() is run with: the session's channels as a text[]. */
export function listeningChannelsArg(rt: Runtime): CompiledExpr {
  return () => SqlArray.of([...access(rt).listeningChannels()]);
}
