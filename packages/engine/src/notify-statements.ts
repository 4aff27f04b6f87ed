/**
 * LISTEN, UNLISTEN and NOTIFY: recorded in the session's SessionNotifications and applied when
 * the transaction commits (session-notifications.ts).
 */
import type { ListenStmt, NotifyStmt, UnlistenStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { SessionNotifications } from './session-notifications.js';

/** Runs one of the three statements. Sync. @throws DbError 22023 (NOTIFY's limits). */
export function runNotifyStatement(
  stmt: ListenStmt | UnlistenStmt | NotifyStmt,
  notifications: SessionNotifications,
  out: QueryOutput,
): void {
  switch (stmt.kind) {
    case 'listen':
      notifications.listen(stmt.channel);
      out.commandComplete('LISTEN');
      return;
    case 'unlisten':
      notifications.unlisten(stmt.channel);
      out.commandComplete('UNLISTEN');
      return;
    case 'notify':
      notifications.notify(stmt.channel, stmt.payload);
      out.commandComplete('NOTIFY');
      return;
  }
}
