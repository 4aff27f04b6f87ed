/**
 * LOCK TABLE's AST.
 */
import type { LockStmt, TableLockModeName } from '../ast/lock.js';
import type { LockModeContext, LockStmtContext } from '../generated/PostgreSqlParser.js';
import { objectName } from './names.js';

/** `LOCK [TABLE] names [IN mode MODE] [NOWAIT]`. */
export function buildLock(ctx: LockStmtContext): LockStmt {
  const mode = ctx.lockMode();
  return {
    kind: 'lock',
    tables: ctx
      .relationExprList()
      .relationExpr()
      .map((r) => objectName(r.qualifiedName())),
    mode: mode ? lockModeName(mode) : 'accessExclusive',
    nowait: ctx.NOWAIT() !== null,
  };
}

function lockModeName(ctx: LockModeContext): TableLockModeName {
  if (ctx.ACCESS()) return ctx.SHARE() ? 'accessShare' : 'accessExclusive';
  if (ctx.ROW() && !ctx.SHARE()) return 'rowExclusive';
  if (ctx.ROW()) return ctx.EXCLUSIVE() ? 'shareRowExclusive' : 'rowShare';
  if (ctx.UPDATE()) return 'shareUpdateExclusive';
  return ctx.SHARE() ? 'share' : 'exclusive';
}
