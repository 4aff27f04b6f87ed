/** REFRESH MATERIALIZED VIEW from the parse tree. */
import type { RefreshMatViewStmt } from '../ast/index.js';
import type { RefreshMatViewStmtContext } from '../generated/PostgreSqlParser.js';
import { objectName } from './names.js';

export function buildRefreshMatView(ctx: RefreshMatViewStmtContext): RefreshMatViewStmt {
  return {
    kind: 'refreshMatView',
    name: objectName(ctx.qualifiedName()),
    concurrently: ctx.CONCURRENTLY() !== null,
    withData: ctx.DATA() === null || ctx.NO() === null,
  };
}
