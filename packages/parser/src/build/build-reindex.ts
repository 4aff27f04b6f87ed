/** REINDEX from the parse tree. */
import type { ReindexStmt } from '../ast/index.js';
import type { ReindexStmtContext } from '../generated/PostgreSqlParser.js';
import { objectName } from './names.js';

export function buildReindex(ctx: ReindexStmtContext): ReindexStmt {
  return {
    kind: 'reindex',
    objectType: ctx.INDEX() ? 'index' : 'table',
    concurrently: ctx.CONCURRENTLY() !== null,
    relation: objectName(ctx.qualifiedName()),
  };
}
