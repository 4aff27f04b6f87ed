/**
 * LISTEN, UNLISTEN and NOTIFY from the parse tree. Channel names are identifiers (case-folded,
 * truncated to 63 bytes) as in gram.y's ColId.
 */
import type { ListenStmt, NotifyStmt, UnlistenStmt } from '../ast/index.js';
import type {
  ListenStmtContext,
  NotifyStmtContext,
  UnlistenStmtContext,
} from '../generated/PostgreSqlParser.js';
import { nameOf } from './names.js';
import { stringValue } from './string-literal.js';

export function buildListen(ctx: ListenStmtContext): ListenStmt {
  return { kind: 'listen', channel: nameOf(ctx.colId()) };
}

export function buildUnlisten(ctx: UnlistenStmtContext): UnlistenStmt {
  const channel = ctx.colId();
  return channel ? { kind: 'unlisten', channel: nameOf(channel) } : { kind: 'unlisten' };
}

export function buildNotify(ctx: NotifyStmtContext): NotifyStmt {
  const payload = ctx.sconst();
  return { kind: 'notify', channel: nameOf(ctx.colId()), payload: payload ? stringValue(payload) : '' };
}
