/**
 * INSERT, UPDATE and DELETE from the parse tree.
 */
import { DbError, syntaxError } from '@rustydb/common';
import type { ColumnName, DeleteStmt, InsertStmt, OnConflict, SetClause, UpdateStmt } from '../ast/index.js';
import type {
  ColIdContext,
  DeleteStmtContext,
  InsertStmtContext,
  OnConflictContext,
  RelationExprOptAliasContext,
  ReturningClauseContext,
  SetClauseListContext,
  UpdateStmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildIndexElem } from './build-ddl.js';
import { buildExpr } from './build-expr.js';
import { buildFromList, buildSelectStmt, buildTargetList, buildWithClause } from './build-select.js';
import { loc, nameOf, objectName } from './names.js';

export function columnName(ctx: ColIdContext): ColumnName {
  return { name: nameOf(ctx), location: loc(ctx) };
}

function returning(ctx: ReturningClauseContext | null): InsertStmt['returning'] {
  return ctx ? buildTargetList(ctx.targetList()) : [];
}

export function buildInsertStmt(ctx: InsertStmtContext): InsertStmt {
  const withCtx = ctx.withClause();
  const alias = ctx.colId();
  const rest = ctx.insertRest();
  const source = rest.selectStmt();
  const conflict = ctx.onConflict();
  return {
    kind: 'insert',
    ...(withCtx ? { with: buildWithClause(withCtx) } : {}),
    table: objectName(ctx.qualifiedName()),
    ...(alias ? { alias: nameOf(alias) } : {}),
    columns: rest.insertColumn().map((c) => columnName(c.colId())),
    ...(rest.OVERRIDING() ? { overriding: rest.USER() ? 'user' : 'system' } : {}),
    ...(source ? { source: buildSelectStmt(source) } : {}),
    ...(conflict ? { onConflict: buildOnConflict(conflict) } : {}),
    returning: returning(ctx.returningClause()),
  };
}

function buildOnConflict(ctx: OnConflictContext): OnConflict {
  const elements = ctx.indexElem();
  const constraint = ctx.name();
  // Two WHERE clauses may appear: the target's index predicate, then DO UPDATE's condition.
  const wheres = ctx.whereClause();
  const doToken = ctx.DO().symbol.tokenIndex;
  const targetWhere = wheres.find((w) => w.start!.tokenIndex < doToken);
  const updateWhere = wheres.find((w) => w.start!.tokenIndex > doToken);
  const target =
    elements.length > 0
      ? {
          elements: elements.map(buildIndexElem),
          ...(targetWhere ? { where: buildExpr(targetWhere.aExpr()) } : {}),
        }
      : constraint
        ? { elements: [], constraint: nameOf(constraint) }
        : undefined;
  const setList = ctx.setClauseList();
  return {
    ...(target ? { target } : {}),
    action: ctx.NOTHING() ? 'nothing' : 'update',
    set: setList ? buildSetClauses(setList) : [],
    ...(updateWhere ? { where: buildExpr(updateWhere.aExpr()) } : {}),
    location: loc(ctx),
  };
}

export function buildSetClauses(ctx: SetClauseListContext): SetClause[] {
  return ctx.setClause().map((clause): SetClause => {
    const value = buildExpr(clause.aExpr());
    const columns = clause.colId().map(columnName);
    if (!clause.OPEN_PAREN()) return { kind: 'set', column: columns[0], value };
    // PostgreSQL accepts only a row constructor or a sub-SELECT as the source of (a, b) = …
    if (value.kind === 'row') {
      if (value.args.length !== columns.length) {
        throw syntaxError('number of columns does not match number of values', value.location + 1);
      }
    } else if (value.kind !== 'subquery') {
      throw new DbError(
        '0A000',
        'source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression',
        { position: value.location + 1 },
      );
    }
    return { kind: 'multiSet', columns, value };
  });
}

export function target(ctx: RelationExprOptAliasContext): { table: UpdateStmt['table']; alias?: string } {
  const alias = ctx.colId();
  const table = objectName(ctx.relationExpr().qualifiedName());
  return alias ? { table, alias: nameOf(alias) } : { table };
}

export function buildUpdateStmt(ctx: UpdateStmtContext): UpdateStmt {
  const withCtx = ctx.withClause();
  const from = ctx.fromClause();
  const where = ctx.whereClause();
  return {
    kind: 'update',
    ...(withCtx ? { with: buildWithClause(withCtx) } : {}),
    ...target(ctx.relationExprOptAlias()),
    set: buildSetClauses(ctx.setClauseList()),
    from: from ? buildFromList(from.fromList()) : [],
    ...(where ? { where: buildExpr(where.aExpr()) } : {}),
    returning: returning(ctx.returningClause()),
  };
}

export function buildDeleteStmt(ctx: DeleteStmtContext): DeleteStmt {
  const withCtx = ctx.withClause();
  const using = ctx.fromList();
  const where = ctx.whereClause();
  return {
    kind: 'delete',
    ...(withCtx ? { with: buildWithClause(withCtx) } : {}),
    ...target(ctx.relationExprOptAlias()),
    using: using ? buildFromList(using) : [],
    ...(where ? { where: buildExpr(where.aExpr()) } : {}),
    returning: returning(ctx.returningClause()),
  };
}
