/**
 * The rows a set-returning PL/pgSQL function has returned so far (PostgreSQL's tuplestore of
 * exec_stmt_return_next / exec_stmt_return_query): RETURN NEXT adds one, RETURN QUERY all of a
 * query's; the caller (a Function Scan or ProjectSet) reads them when the function has ended.
 *
 * RETURN NEXT's value is cast to the result type as RETURN's is; RETURN QUERY's columns must
 * have the result's types exactly (42804 otherwise, as PostgreSQL's tuple conversion check).
 */
import { castValue, DbError, formatType, SqlRecord, type SqlType, type Value } from '@rustydb/common';
import { checkReturnedRecord } from '../routines/composite-result.js';
import type { SqlResult } from './host.js';
import type { Variable } from './variables.js';

export class ReturnedRows {
  readonly rows: Value[][] = [];

  /**
   * `types`: the result columns (one for RETURNS SETOF type); `outs`: RETURNS TABLE's column
   * variables, which RETURN NEXT without an expression returns.
   */
  constructor(
    readonly types: readonly SqlType[],
    readonly outs: readonly Variable[],
    /** RETURNS SETOF a named composite: `types` are its fields, and each row is one value of it. */
    readonly composite?: SqlType,
  ) {}

  /** RETURN NEXT expr: `value` of type `type`, cast to the (scalar or composite) result type. */
  addValue(value: Value, type: SqlType): void {
    const composite = this.composite;
    if (composite !== undefined) {
      if (value !== null) checkReturnedRecord(type, composite);
      const same = type.composite?.oid === composite.composite?.oid;
      const v = value === null || same ? value : castValue(value, type, composite, false);
      this.rows.push(v instanceof SqlRecord ? [...v.values] : this.types.map(() => null));
      return;
    }
    const to = this.types[0]!;
    this.rows.push([value === null || sameType(type, to) ? value : castValue(value, type, to, false)]);
  }

  /** RETURN NEXT in a RETURNS TABLE function: the column variables' values. */
  addColumns(): void {
    this.rows.push(this.outs.map((v) => v.value));
  }

  /** RETURN QUERY: every row of `r`. @throws DbError 42804 when its columns do not match the result's. */
  addQuery(r: SqlResult): void {
    const mismatch = (detail: string) =>
      new DbError('42804', 'structure of query does not match function result type', { detail });
    if (this.composite !== undefined && r.types.length === 1 && r.types[0]!.name === 'record') {
      // The composite as one column (`RETURN QUERY SELECT t FROM c2 t`).
      for (const row of r.rows) this.addValue(row[0] ?? null, r.types[0]!);
      return;
    }
    if (r.types.length !== this.types.length) {
      throw mismatch(
        `Number of returned columns (${r.types.length}) does not match expected column count (${this.types.length}).`,
      );
    }
    r.types.forEach((t, i) => {
      const want = this.types[i]!;
      if (!sameType(t, want)) {
        throw mismatch(
          `Returned type ${formatType(t)} does not match expected type ${formatType(want)} in column ${i + 1}.`,
        );
      }
    });
    for (const row of r.rows) this.rows.push(row.slice());
  }
}

/** Same type, ignoring typmods (a varchar(3) column fills a varchar result). */
const sameType = (a: SqlType, b: SqlType): boolean =>
  a.name === b.name && a.enum?.oid === b.enum?.oid && a.composite?.oid === b.composite?.oid;
