/**
 * sys_proc (FileId 17): one row per user-defined function (PostgreSQL's pg_proc; the built-in
 * functions are computed, see system-catalog/pg-global-relations.ts).
 *
 * | attnum | column      | type | description                                                  |
 * |--------|-------------|------|--------------------------------------------------------------|
 * | 1      | oid         | int4 | the function's OID                                           |
 * | 2      | schema      | text | its schema (pronamespace)                                    |
 * | 3      | name        | text | proname; unique per schema together with the IN argument types |
 * | 4      | owner       | int4 | the owning role's OID (proowner)                             |
 * | 5      | language    | text | 'sql' or 'plpgsql' (prolang)                                 |
 * | 6      | volatility  | text | provolatile: 'i', 's' or 'v'                                 |
 * | 7      | strict      | bool | proisstrict                                                  |
 * | 8      | security    | bool | prosecdef (SECURITY DEFINER)                                 |
 * | 9      | result      | text | JSON `{"type": …, "typmod": …}`: the result type as           |
 * |        |             |      | sys_attribute stores a column type (prorettype)              |
 * |        |             |      | and, for RETURNS TABLE (…) or OUT parameters, `"columns"`:    |
 * |        |             |      | each `{"name", "type", "typmod", "mode"?}` (mode 'o' OUT, 'b' |
 * |        |             |      | INOUT, absent for a TABLE column)                             |
 * | 10     | returns_set | bool | proretset                                                    |
 * | 11     | args        | text | JSON array of `{"name"?, "type", "typmod", "default"?,        |
 * |        |             |      | "mode"?}`: the input parameters (IN, INOUT: mode 'b'), their |
 * |        |             |      | types as above, DEFAULT as SQL text                          |
 * | 12     | body        | text | prosrc                                                       |
 * | 13     | kind        | text | prokind: 'p' for a procedure; NULL for a function (and in    |
 * |        |             |      | rows older than the column)                                  |
 *
 * An OUT parameter's result column keeps its `position` among all the declared parameters, so
 * the declared order can be rebuilt (a procedure's CALL passes an argument for every one, in
 * that order); rows older than it list their OUT parameters after the inputs.
 */
import { sqlType, type Value } from '@rustydb/common';

/** A stored type: a SqlType name and typmod, as sys_attribute keeps a column's. */
export interface StoredType {
  readonly type: string;
  readonly typmod: number;
}

/**
 * One column of a RETURNS TABLE (…) result, or an OUT / INOUT parameter (`mode` 'o' / 'b'; an
 * INOUT parameter is in `args` too, as an input).
 */
export interface ResultColumn extends StoredType {
  readonly name: string;
  readonly mode?: 'o' | 'b';
  /** An OUT parameter: its 0-based place among all the declared parameters. */
  readonly position?: number;
}

/**
 * The stored result: a type, or for RETURNS TABLE (…) or OUT parameters its columns (the type
 * then that of the one column, or `record`).
 */
export interface StoredResult extends StoredType {
  readonly columns?: readonly ResultColumn[];
}

/** One parameter of a sys_proc row. */
export interface ProcArg extends StoredType {
  readonly name?: string;
  /** The DEFAULT expression as SQL text (pg_get_expr of proargdefaults). */
  readonly default?: string;
  /** INOUT ('b'): also a result column. Absent: IN. */
  readonly mode?: 'b';
}

/** A sys_proc row. */
export interface ProcRow {
  readonly oid: number;
  readonly schema: string;
  readonly name: string;
  readonly owner: number;
  readonly language: 'sql' | 'plpgsql';
  readonly volatility: 'i' | 's' | 'v';
  readonly strict: boolean;
  readonly securityDefiner: boolean;
  readonly result: StoredResult;
  readonly returnsSet: boolean;
  readonly args: readonly ProcArg[];
  readonly body: string;
  /** 'p': a procedure (CREATE PROCEDURE); absent: a function. */
  readonly kind?: 'p';
}

const int4 = sqlType('int4');
const text = sqlType('text');
const bool = sqlType('bool');

export const PROC_COLUMNS = [int4, text, text, int4, text, text, bool, bool, text, bool, text, text, text];

export function procValues(r: ProcRow): Value[] {
  return [
    r.oid,
    r.schema,
    r.name,
    r.owner,
    r.language,
    r.volatility,
    r.strict,
    r.securityDefiner,
    JSON.stringify(r.result),
    r.returnsSet,
    JSON.stringify(r.args),
    r.body,
    r.kind ?? null,
  ];
}

export function procRow(v: readonly Value[]): ProcRow {
  return {
    oid: v[0] as number,
    schema: v[1] as string,
    name: v[2] as string,
    owner: v[3] as number,
    language: v[4] as ProcRow['language'],
    volatility: v[5] as ProcRow['volatility'],
    strict: v[6] as boolean,
    securityDefiner: v[7] as boolean,
    result: JSON.parse(v[8] as string) as StoredResult,
    returnsSet: v[9] as boolean,
    args: JSON.parse(v[10] as string) as ProcArg[],
    body: v[11] as string,
    ...(v[12] === 'p' ? { kind: 'p' as const } : {}),
  };
}
