/**
 * CREATE TRIGGER, DROP TRIGGER and ALTER TRIGGER … RENAME from the parse tree (gram.y's
 * CreateTrigStmt, TriggerEvents, TriggerFuncArg; DropStmt and RenameStmt on OBJECT_TRIGGER).
 */
import type { AlterTriggerStmt, CreateTriggerStmt, DropTriggerStmt, TriggerEvent } from '../ast/index.js';
import type {
  AlterTriggerStmtContext,
  CreateTriggerStmtContext,
  DropTriggerStmtContext,
  TriggerEventContext,
  TriggerFuncArgContext,
} from '../generated/PostgreSqlParser.js';
import { behavior } from './build-ddl.js';
import { buildExpr } from './build-expr.js';
import { funcNameParts } from './build-func-call.js';
import { loc, nameOf, objectName } from './names.js';
import { stringValue } from './string-literal.js';

export function buildCreateTrigger(ctx: CreateTriggerStmtContext): CreateTriggerStmt {
  const when = ctx.aExpr();
  const fn = ctx.funcName();
  const names = ctx.qualifiedName();
  return {
    kind: 'createTrigger',
    replace: ctx.REPLACE() !== null,
    constraint: ctx.CONSTRAINT() !== null,
    name: nameOf(ctx.name()),
    timing: ctx.BEFORE() !== null ? 'before' : ctx.INSTEAD() !== null ? 'instead' : 'after',
    events: ctx.triggerEvent().map(buildEvent),
    table: objectName(names[0]!),
    forEachRow: ctx.ROW() !== null,
    ...(when ? { when: buildExpr(when) } : {}),
    function: { ...funcNameParts(fn), location: loc(fn) },
    args: ctx.triggerFuncArg().map(buildArg),
    location: loc(ctx),
  };
}

function buildEvent(ctx: TriggerEventContext): TriggerEvent {
  if (ctx.INSERT()) return { kind: 'insert' };
  if (ctx.DELETE()) return { kind: 'delete' };
  if (ctx.TRUNCATE()) return { kind: 'truncate' };
  const columns = ctx.nameList();
  return columns ? { kind: 'update', columns: columns.name().map(nameOf) } : { kind: 'update' };
}

/** tgargs keeps every argument as a string: numbers as written, names case-folded. */
function buildArg(ctx: TriggerFuncArgContext): string {
  const s = ctx.sconst();
  if (s) return stringValue(s);
  const label = ctx.colLabel();
  if (label) return nameOf(label);
  return ctx.getText();
}

export function buildDropTrigger(ctx: DropTriggerStmtContext): DropTriggerStmt {
  return {
    kind: 'dropTrigger',
    name: nameOf(ctx.name()),
    table: objectName(ctx.qualifiedName()),
    ifExists: ctx.IF() !== null,
    behavior: behavior(ctx.dropBehavior()),
  };
}

export function buildAlterTrigger(ctx: AlterTriggerStmtContext): AlterTriggerStmt {
  const [name, newName] = ctx.name();
  return {
    kind: 'alterTrigger',
    name: nameOf(name!),
    table: objectName(ctx.qualifiedName()),
    newName: nameOf(newName!),
  };
}
