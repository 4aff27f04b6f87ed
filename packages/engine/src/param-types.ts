/**
 * The types embedded parameter values imply, for the binder.
 */
import { type SqlType, sqlType, type Value } from '@rustydb/common';

/**
 * The type each value of `params` implies (strings stay unknown, as in the protocol), or
 * undefined when there are none: `$n` is then an error (42P02), as in a simple Query message.
 * Sync; allocates the result array.
 */
export function paramTypesOf(params: readonly Value[]): readonly (SqlType | undefined)[] | undefined {
  return params.length === 0 ? undefined : params.map(paramType);
}

/** The type a parameter value implies (strings stay unknown, as in the protocol). */
function paramType(v: Value): SqlType | undefined {
  switch (typeof v) {
    case 'boolean':
      return sqlType('bool');
    case 'bigint':
      return sqlType('int8');
    case 'number':
      return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? sqlType('int4') : sqlType('float8');
    case 'object':
      return v instanceof Uint8Array ? sqlType('bytea') : undefined;
    default:
      return undefined;
  }
}
