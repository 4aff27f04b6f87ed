/**
 * Functions returning a named composite type (`RETURNS c2`, `RETURNS SETOF c2`, c2 a table's row
 * type or a CREATE TYPE … AS type). Called in an expression the result is one value, a record;
 * called where rows are read (a Function Scan, ProjectSet: RoutineAccess.callSet) each result is
 * a row of the type's fields, as a RETURNS TABLE function's rows are — so `SELECT * FROM f()`
 * expands to the columns, as PostgreSQL's.
 */
import type { FunctionDef } from '@rustydb/catalog';
import { DbError, formatType, SqlRecord, type SqlType, type Value } from '@rustydb/common';

/** The composite type `def` returns, or undefined when its result is not one. */
export const compositeResult = (def: FunctionDef): SqlType | undefined =>
  def.result?.composite !== undefined ? def.result : undefined;

/** A composite value as a row of its fields: NULL is a row of NULLs. */
export function compositeRow(v: Value, type: SqlType): Value[] {
  if (v instanceof SqlRecord) return [...v.values];
  return (type.fields ?? []).map(() => null);
}

/**
 * PL/pgSQL's check of a record RETURNed (or RETURN NEXTed) by a function returning composite
 * `target`: the value's fields must have the composite's number and types (typmods aside), as
 * PostgreSQL's convert_tuples_by_position — no conversion. @throws DbError 42804.
 */
export function checkReturnedRecord(type: SqlType, target: SqlType): void {
  if (type.composite?.oid === target.composite?.oid) return;
  if (type.name !== 'record') {
    throw new DbError('42804', 'cannot return non-composite value from function returning composite type');
  }
  const mismatch = (detail: string) =>
    new DbError('42804', 'returned record type does not match expected record type', { detail });
  const have = type.fields ?? [];
  const want = target.fields ?? [];
  if (have.length !== want.length) {
    throw mismatch(
      `Number of returned columns (${have.length}) does not match expected column count (${want.length}).`,
    );
  }
  want.forEach((w, i) => {
    const h = have[i]!.type;
    if (
      h.name !== w.type.name ||
      h.enum?.oid !== w.type.enum?.oid ||
      h.composite?.oid !== w.type.composite?.oid
    ) {
      throw mismatch(
        `Returned type ${formatType(h)} does not match expected type ${formatType(w.type)} in column ${i + 1}.`,
      );
    }
  });
}
