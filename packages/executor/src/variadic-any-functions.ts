/**
 * The functions declared `VARIADIC "any"`: concat, concat_ws, num_nulls and num_nonnulls. Each
 * takes its arguments as written, of any types, or — called with the VARIADIC keyword — one
 * array whose elements are those arguments (`concat(VARIADIC ARRAY['a', 'b'])`); a NULL array
 * then makes the result NULL, as in PostgreSQL.
 */
import {
  type DateTimeStyle,
  DEFAULT_DATE_TIME_STYLE,
  elementType,
  formatText,
  type Row,
  type SqlArray,
  type SqlType,
  type TimeZone,
  UTC,
  type Value,
} from '@rustydb/common';
import type { CompiledExpr } from './compile-expr.js';

const NAMES: ReadonlySet<string> = new Set(['concat', 'concat_ws', 'num_nulls', 'num_nonnulls']);

/** Is `name` one of these functions? */
export const isVariadicAnyFunction = (name: string): boolean => NAMES.has(name);

/** The text of argument `i` (not NULL), as its type's output function prints it. */
type ArgText = (v: Value, i: number) => string;

/** `ArgText` for arguments of `type(i)` in the session's `zone` and `style`. */
const argText =
  (type: (i: number) => SqlType, zone: TimeZone, style: DateTimeStyle): ArgText =>
  (v, i) =>
    typeof v === 'string' ? v : formatText(v, type(i), zone, 1, style);

/**
 * The result of `name` over its `n` arguments (spread), read through `value(i)` so that a plain
 * call reads its argument expressions directly, with no array per row. Each argument is read
 * once.
 */
function apply(name: string, n: number, value: (i: number) => Value, text: ArgText): Value {
  switch (name) {
    case 'concat': {
      let s = '';
      for (let i = 0; i < n; i++) {
        const v = value(i);
        if (v !== null) s += text(v, i);
      }
      return s;
    }
    case 'concat_ws': {
      const sep = value(0);
      if (sep === null) return null;
      const parts: string[] = [];
      for (let i = 1; i < n; i++) {
        const v = value(i);
        if (v !== null) parts.push(text(v, i));
      }
      return parts.join(sep as string);
    }
    default: {
      let nulls = 0;
      for (let i = 0; i < n; i++) if (value(i) === null) nulls++;
      return name === 'num_nulls' ? nulls : n - nulls;
    }
  }
}

/**
 * Compiles a call over `args` of `types`; with `variadicArray` the last argument is the array of
 * the variadic ones. `zone` and `style` are the session's TimeZone and DateStyle / IntervalStyle
 * (concat prints each argument as its type's output function does).
 */
export function compileVariadicAnyFunction(
  name: string,
  types: readonly SqlType[],
  args: readonly CompiledExpr[],
  variadicArray: boolean,
  zone: TimeZone = UTC,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): CompiledExpr {
  let row: Row = [];
  const typeOf = (i: number) => types[i]!;
  if (!variadicArray) {
    const argValue = (i: number) => args[i]!(row);
    const text = argText(typeOf, zone, style);
    return (r) => {
      row = r;
      return apply(name, args.length, argValue, text);
    };
  }
  const fixed = args.length - 1;
  const elem = elementType(types[fixed]!)!;
  let elements: readonly Value[] = [];
  const argValue = (i: number) => (i < fixed ? args[i]!(row) : elements[i - fixed]!);
  const spreadType = (i: number) => (i < fixed ? types[i]! : elem);
  const text = argText(spreadType, zone, style);
  return (r) => {
    const array = args[fixed]!(r) as SqlArray | null;
    if (array === null) return null;
    row = r;
    elements = array.elements;
    return apply(name, fixed + elements.length, argValue, text);
  };
}
