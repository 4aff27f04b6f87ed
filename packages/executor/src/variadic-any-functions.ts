/**
 * The functions declared `VARIADIC "any"`: concat, concat_ws, num_nulls and num_nonnulls. Each
 * takes its arguments as written, of any types, or — called with the VARIADIC keyword — one
 * array whose elements are those arguments (`concat(VARIADIC ARRAY['a', 'b'])`); a NULL array
 * then makes the result NULL, as in PostgreSQL.
 */
import { elementType, formatText, type SqlArray, type SqlType, type Value } from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';

const NAMES: ReadonlySet<string> = new Set(['concat', 'concat_ws', 'num_nulls', 'num_nonnulls']);

/** Is `name` one of these functions? */
export const isVariadicAnyFunction = (name: string): boolean => NAMES.has(name);

/** The result of `name` over `values` of `types` (all the arguments, spread). */
function apply(name: string, values: readonly Value[], types: readonly SqlType[]): Value {
  const text = (i: number) => {
    const v = values[i]!;
    return typeof v === 'string' ? v : formatText(v, types[i]!);
  };
  switch (name) {
    case 'concat': {
      let s = '';
      for (let i = 0; i < values.length; i++) if (values[i] !== null) s += text(i);
      return s;
    }
    case 'concat_ws': {
      if (values[0] === null) return null;
      const parts: string[] = [];
      for (let i = 1; i < values.length; i++) if (values[i] !== null) parts.push(text(i));
      return parts.join(values[0] as string);
    }
    default: {
      let nulls = 0;
      for (const v of values) if (v === null) nulls++;
      return name === 'num_nulls' ? nulls : values.length - nulls;
    }
  }
}

/**
 * Compiles a call over `args` of `types`; with `variadicArray` the last argument is the array of
 * the variadic ones.
 */
export function compileVariadicAnyFunction(
  name: string,
  types: readonly SqlType[],
  args: readonly CompiledExpr[],
  variadicArray: boolean,
): CompiledExpr {
  if (!variadicArray)
    return (row) =>
      apply(
        name,
        args.map((a) => a(row)),
        types,
      );
  const fixed = args.length - 1;
  const elem = elementType(types[fixed]!)!;
  return (row) => {
    const array = args[fixed]!(row) as SqlArray | null;
    if (array === null) return null;
    const values: Value[] = [];
    const valueTypes: SqlType[] = [];
    for (let i = 0; i < fixed; i++) {
      values.push(args[i]!(row));
      valueTypes.push(types[i]!);
    }
    for (const v of array.elements) {
      values.push(v);
      valueTypes.push(elem);
    }
    return apply(name, values, valueTypes);
  };
}
