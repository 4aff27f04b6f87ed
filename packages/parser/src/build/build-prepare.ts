/**
 * PREPARE / EXECUTE / DEALLOCATE / DISCARD from the parse tree.
 */
import { syntaxErrorAt } from '@rustydb/common';
import type { DeallocateStmt, DiscardStmt, ExecuteStmt, PrepareStmt } from '../ast/index.js';
import type {
  DeallocateStmtContext,
  DiscardStmtContext,
  ExecuteStmtContext,
  PrepareStmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildExpr } from './build-expr.js';
import { buildMergeStmt } from './build-merge.js';
import { buildSelectStmt } from './build-select.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf } from './names.js';

export function buildPrepare(ctx: PrepareStmtContext): PrepareStmt {
  const p = ctx.preparableStmt();
  const select = p.selectStmt();
  const insert = p.insertStmt();
  const update = p.updateStmt();
  const merge = p.mergeStmt();
  const del = p.deleteStmt();
  const statement = select
    ? buildSelectStmt(select)
    : insert
      ? buildInsertStmt(insert)
      : update
        ? buildUpdateStmt(update)
        : merge
          ? buildMergeStmt(merge)
          : buildDeleteStmt(del!);
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

const DISCARD_TARGETS: Readonly<Record<string, DiscardStmt['target']>> = {
  plans: 'plans',
  sequences: 'sequences',
  temp: 'temp',
  temporary: 'temp',
};

/** DISCARD: the word after it is ALL or one of DISCARD_TARGETS (gram.y's DiscardStmt), else 42601. */
export function buildDiscard(ctx: DiscardStmtContext): DiscardStmt {
  const word = ctx.colId();
  if (word === null) return { kind: 'discard', target: 'all', location: loc(ctx) };
  const target = DISCARD_TARGETS[nameOf(word)];
  if (target === undefined) throw syntaxErrorAt(word.getText(), loc(word) + 1);
  return { kind: 'discard', target, location: loc(ctx) };
}
