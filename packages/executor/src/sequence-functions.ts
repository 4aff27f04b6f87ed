/**
 * nextval / currval / setval / lastval. Unlike the scalar functions (functions.ts) they have side
 * effects and session state, so they run through the engine's `SequenceAccess`
 * (ExecutionContext.sequences): the regclass argument is the sequence's name as written
 * (`'s'`, `'sch.s'`, `'"S"'`), resolved by the engine through the search path.
 */
import { DbError, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';
import type { SequenceAccess } from './execution-context.js';
import type { Runtime } from './runtime.js';

const NAMES: ReadonlySet<string> = new Set(['nextval', 'currval', 'setval', 'lastval']);

/** Is `name` a sequence function (compiled by `compileSequenceFunction`)? */
export const isSequenceFunction = (name: string): boolean => NAMES.has(name);

function access(rt: Runtime): SequenceAccess {
  const s = rt.ctx.sequences;
  if (!s) throw new DbError('55000', 'sequence functions are not available in this context');
  return s;
}

/** Compiles a call of a sequence function (strict: a NULL argument gives NULL). Sync. */
export function compileSequenceFunction(
  name: string,
  args: readonly CompiledExpr[],
  rt: Runtime,
): CompiledExpr {
  const [a, b, c] = args;
  switch (name) {
    case 'nextval':
      return (row) => {
        const seq = a(row);
        return seq === null ? null : access(rt).nextval(seq as string);
      };
    case 'currval':
      return (row) => {
        const seq = a(row);
        return seq === null ? null : access(rt).currval(seq as string);
      };
    case 'lastval':
      return () => access(rt).lastval();
    default:
      return (row): Value => {
        const seq = a(row);
        const value = b(row);
        const isCalled = c ? c(row) : true;
        if (seq === null || value === null || isCalled === null) return null;
        return access(rt).setval(seq as string, value as bigint, isCalled as boolean);
      };
  }
}
