/**
 * Storage parameter lists (`WITH (…)`, `SET (…)`, `RESET (…)`: PostgreSQL's reloptions) and
 * ALTER INDEX, whose actions are a rename or such a list.
 */
import type { AlterIndexStmt, StorageParameter } from '../ast/index.js';
import type { AlterIndexStmtContext, RelOptionListContext } from '../generated/PostgreSqlParser.js';
import { genericValue } from './build-copy.js';
import { loc, nameOf, objectName } from './names.js';

/** `(name [= value], …)`: values as written (absent for a bare name). */
export function buildStorageParameters(ctx: RelOptionListContext): StorageParameter[] {
  return ctx.relOption().map((o) => {
    const arg = o.copyGenericOptArg();
    const value = arg ? genericValue(arg) : undefined;
    return {
      name: nameOf(o.colLabel()),
      ...(value === undefined ? {} : { value: Array.isArray(value) ? value.join(',') : value }),
      location: loc(o),
    };
  });
}

export function buildAlterIndex(ctx: AlterIndexStmtContext): AlterIndexStmt {
  const list = ctx.relOptionList();
  return {
    kind: 'alterIndex',
    name: objectName(ctx.qualifiedName()),
    ifExists: ctx.IF() !== null,
    action: list
      ? { kind: 'setOptions', reset: ctx.RESET() !== null, options: buildStorageParameters(list) }
      : { kind: 'rename', to: nameOf(ctx.colId()!) },
  };
}
