/**
 * The scalar functions over composite values the binder emits (planner bind-field-select.ts):
 * `row(a, b, …)` builds a record from its arguments; `record_field(r, i)` is field selection
 * `(r).f`, `i` the field's 0-based index (a constant). Field selection of a NULL record is NULL.
 */
import { SqlRecord, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';

/** Is `name` one of these functions? */
export const isRecordFunction = (name: string): boolean => name === 'row' || name === 'record_field';

/**
 * Compiles a call of `name` over compiled `args`. Synchronous; the closure allocates one record
 * per call for `row`, nothing for `record_field`.
 */
export function compileRecordFunction(name: string, args: readonly CompiledExpr[]): CompiledExpr {
  if (name === 'row') {
    return (row) => {
      const values: Value[] = new Array(args.length);
      for (let i = 0; i < args.length; i++) values[i] = args[i](row);
      return new SqlRecord(values);
    };
  }
  const [arg, index] = args;
  return (row) => {
    const r = arg(row) as SqlRecord | null;
    return r === null ? null : r.values[index(row) as number];
  };
}
