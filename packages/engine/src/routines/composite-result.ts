/**
 * Functions returning a named composite type (`RETURNS c2`, `RETURNS SETOF c2`, c2 a table's row
 * type or a CREATE TYPE … AS type). Called in an expression the result is one value, a record;
 * called where rows are read (a Function Scan, ProjectSet: RoutineAccess.callSet) each result is
 * a row of the type's fields, as a RETURNS TABLE function's rows are — so `SELECT * FROM f()`
 * expands to the columns, as PostgreSQL's.
 */
import type { FunctionDef } from '@rustydb/catalog';
import { SqlRecord, type SqlType, type Value } from '@rustydb/common';

/** The composite type `def` returns, or undefined when its result is not one. */
export const compositeResult = (def: FunctionDef): SqlType | undefined =>
  def.result?.composite !== undefined ? def.result : undefined;

/** A composite value as a row of its fields: NULL is a row of NULLs. */
export function compositeRow(v: Value, type: SqlType): Value[] {
  if (v instanceof SqlRecord) return [...v.values];
  return (type.fields ?? []).map(() => null);
}
