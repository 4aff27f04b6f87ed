/**
 * PREPARE / EXECUTE / DEALLOCATE from the parse tree.
 */
import type { DeallocateStmt, ExecuteStmt, PrepareStmt } from '../ast/index.js';
import type {
  DeallocateStmtContext,
  ExecuteStmtContext,
  PrepareStmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildExpr } from './build-expr.js';
import { buildSelectStmt } from './build-select.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf } from './names.js';

export function buildPrepare(ctx: PrepareStmtContext): PrepareStmt {
  const p = ctx.preparableStmt();
  const select = p.selectStmt();
  const insert = p.insertStmt();
  const update = p.updateStmt();
  const statement = select
    ? buildSelectStmt(select)
    : insert
      ? buildInsertStmt(insert)
      : update
        ? buildUpdateStmt(update)
        : buildDeleteStmt(p.deleteStmt()!);
  const start = p.start!.start;
  return {
    kind: 'prepare',
    name: nameOf(ctx.colId()),
    paramTypes: ctx.typename().map(buildTypeName),
    statement,
    statementLocation: start,
    statementLength: p.stop!.stop + 1 - start,
    location: loc(ctx),
  };
}

export function buildExecute(ctx: ExecuteStmtContext): ExecuteStmt {
  const args = ctx.aExpr();
  return {
    kind: 'execute',
    name: nameOf(ctx.colId()),
    params: args.map(buildExpr),
    paramSpans: args.map((a) => ({ location: a.start!.start, length: a.stop!.stop + 1 - a.start!.start })),
    location: loc(ctx),
  };
}

export function buildDeallocate(ctx: DeallocateStmtContext): DeallocateStmt {
  const id = ctx.colId();
  return { kind: 'deallocate', name: id ? nameOf(id) : undefined, location: loc(ctx) };
}
