/**
 * `SELECT … INTO [TEMP | UNLOGGED] [TABLE] name …`: PostgreSQL's older spelling of CREATE TABLE
 * AS, allowed only in the first SELECT of a top-level query (gram.y hoists it from there);
 * anywhere else (a subquery, a CTE, a view's query, …) it is 42601 "not allowed here".
 */
import { DbError } from '@rustydb/common';
import { ParserRuleContext } from 'antlr4ng';
import type { CreateTableAsStmt } from '../ast/index.js';
import {
  IntoClauseContext,
  type SelectStmtContext,
  type StmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildSelectStmt } from './build-select.js';
import { loc, objectName } from './names.js';

const INTO = /into/gi;

/**
 * Could statement `ctx` of `sql` have an INTO clause: does the text say INTO more often than an
 * INSERT's own? (`sql` may hold other statements: then the walk just runs.)
 */
function mayHaveInto(ctx: StmtContext, sql: string): boolean {
  INTO.lastIndex = 0;
  let intos = 0;
  while (INTO.exec(sql) !== null) intos++;
  return intos > (ctx.insertStmt() ? 1 : 0);
}

/** The INTO clause of a top-level SELECT's first simple SELECT, if written. */
export function topInto(ctx: SelectStmtContext): IntoClauseContext | null {
  const primary = ctx.selectNoParens()?.selectClause().selectIntersect(0)?.selectPrimary(0);
  return primary?.simpleSelect()?.intoClause() ?? null;
}

/**
 * 42601 at the first INTO clause of statement `ctx` other than `allowed`; a view's or COPY's own
 * query with INTO is PostgreSQL's 0A000 instead.
 */
export function checkIntoClauses(ctx: StmtContext, allowed: IntoClauseContext | null, sql?: string): void {
  // Most statements have no INTO outside an INSERT: a look at the text spares the tree walk.
  if (sql !== undefined && !mayHaveInto(ctx, sql)) return;
  const view = ctx.createViewStmt()?.selectStmt();
  if (view && topInto(view)) throw new DbError('0A000', 'views must not contain SELECT INTO');
  const copy = ctx.copyStmt()?.copyQuery()?.selectStmt();
  if (copy && topInto(copy)) throw new DbError('0A000', 'COPY (SELECT INTO) is not supported');
  const stack: ParserRuleContext[] = [ctx];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node instanceof IntoClauseContext && node !== allowed) {
      throw new DbError('42601', 'SELECT ... INTO is not allowed here', {
        position: loc(node.qualifiedName()) + 1,
      });
    }
    for (const child of node.children) if (child instanceof ParserRuleContext) stack.push(child);
  }
}

/** A top-level SELECT with INTO as the CREATE TABLE AS it means, else null. */
export function buildSelectInto(ctx: SelectStmtContext): CreateTableAsStmt | null {
  const into = topInto(ctx);
  if (!into) return null;
  const temp = into.optTemp();
  return {
    kind: 'createTableAs',
    materialized: false,
    name: objectName(into.qualifiedName()),
    temporary: temp !== null && temp.UNLOGGED() === null,
    unlogged: temp?.UNLOGGED() != null,
    ifNotExists: false,
    columns: [],
    query: buildSelectStmt(ctx),
    withData: true,
  };
}
