/**
 * The enum support functions (PostgreSQL's enum.c): enum_first, enum_last and enum_range. They
 * read only their arguments' type — `enum_first(null::mood)` is the usual call — so they are not
 * strict: a NULL argument means "no value", and for enum_range(a, b) an open end.
 */
import {
  DbError,
  type EnumType,
  formatType,
  InternalError,
  SqlArray,
  type SqlType,
  type Value,
} from '@rustydb/common';

type Impl = (args: readonly Value[]) => Value;

function enumOf(t: SqlType | undefined): EnumType {
  if (t?.enum === undefined) throw new InternalError('enum function called without an enum argument');
  return t.enum;
}

/** 55000 `enum mood contains no values` (enum_first/enum_last of an empty enum). */
function noValues(t: SqlType): DbError {
  return new DbError('55000', `enum ${formatType(t)} contains no values`);
}

/** The implementation of enum function `name`, or undefined when `name` is not one. */
export function enumFunction(name: string, argTypes: readonly SqlType[]): Impl | undefined {
  switch (name) {
    case 'enum_first':
      return () => {
        const e = enumOf(argTypes[0]);
        if (e.labels.length === 0) throw noValues(argTypes[0]!);
        return e.labels[0]!.label;
      };
    case 'enum_last':
      return () => {
        const e = enumOf(argTypes[0]);
        if (e.labels.length === 0) throw noValues(argTypes[0]!);
        return e.labels[e.labels.length - 1]!.label;
      };
    case 'enum_range':
      return ([lo, hi]) => {
        const labels = enumOf(argTypes[0]).labels;
        // enum_range(a, b): from a (the first when NULL) to b (the last when NULL), inclusive.
        const from = argTypes.length === 2 && lo !== null ? labels.findIndex((l) => l.label === lo) : 0;
        const to =
          argTypes.length === 2 && hi !== null ? labels.findIndex((l) => l.label === hi) : labels.length - 1;
        return SqlArray.of(to < from ? [] : labels.slice(from, to + 1).map((l) => l.label));
      };
    default:
      return undefined;
  }
}
