/**
 * SET CONSTRAINTS's AST.
 */
import type { SetConstraintsStmt } from '../ast/set-constraints.js';
import type { ConstraintsSetStmtContext } from '../generated/PostgreSqlParser.js';
import { objectName } from './names.js';

/** `SET CONSTRAINTS {ALL | names} {DEFERRED | IMMEDIATE}`. */
export function buildSetConstraints(ctx: ConstraintsSetStmtContext): SetConstraintsStmt {
  return {
    kind: 'setConstraints',
    constraints: ctx.ALL() ? 'all' : ctx.qualifiedName().map(objectName),
    deferred: ctx.DEFERRED() !== null,
  };
}
