/**
 * sys_trigger (FileId 18): one row per trigger (PostgreSQL's pg_trigger), and the TriggerDef a
 * table's definition carries (TableDef.triggers), built from it.
 *
 * | attnum | column   | type | description                                                   |
 * |--------|----------|------|---------------------------------------------------------------|
 * | 1      | oid      | int4 | the trigger's OID                                             |
 * | 2      | table    | int4 | OID of its table (tgrelid)                                    |
 * | 3      | name     | text | tgname, unique per table                                      |
 * | 4      | function | int4 | OID of the trigger function (tgfoid)                          |
 * | 5      | type     | int4 | tgtype: TRIGGER_TYPE_* bits (ROW 1, BEFORE 2, INSERT 4, DELETE |
 * |        |          |      | 8, UPDATE 16, TRUNCATE 32)                                    |
 * | 6      | enabled  | text | tgenabled: 'O' enabled, 'D' disabled                          |
 * | 7      | columns  | text | UPDATE OF columns' attnums, space separated (tgattr)          |
 * | 8      | args     | text | JSON array of the argument strings (tgargs)                   |
 * | 9      | when     | text | the WHEN condition as SQL text over `old` and `new`, or NULL  |
 */
import { sqlType, type Value } from '@rustydb/common';

/** PostgreSQL's tgtype bits (trigger.h TRIGGER_TYPE_*). */
export const TRIGGER_TYPE = {
  ROW: 1,
  BEFORE: 2,
  INSERT: 4,
  DELETE: 8,
  UPDATE: 16,
  TRUNCATE: 32,
} as const;

/** A sys_trigger row. */
export interface TriggerRow {
  readonly oid: number;
  readonly table: number;
  readonly name: string;
  readonly function: number;
  readonly type: number;
  readonly enabled: 'O' | 'D';
  readonly columns: readonly number[];
  readonly args: readonly string[];
  readonly when: string | null;
}

/** A trigger as the executor sees it on its table (TableDef.triggers, in name order). */
export interface TriggerDef {
  readonly oid: number;
  readonly name: string;
  readonly function: number;
  /** tgtype (TRIGGER_TYPE bits). */
  readonly type: number;
  readonly enabled: boolean;
  /** UPDATE OF: the columns' attnums; empty for any UPDATE. */
  readonly columns: readonly number[];
  readonly args: readonly string[];
  /** WHEN (…) as SQL text; absent for none. */
  readonly whenSql?: string;
}

const int4 = sqlType('int4');
const text = sqlType('text');

export const TRIGGER_COLUMNS = [int4, int4, text, int4, int4, text, text, text, text];

export function triggerValues(r: TriggerRow): Value[] {
  return [
    r.oid,
    r.table,
    r.name,
    r.function,
    r.type,
    r.enabled,
    r.columns.join(' '),
    JSON.stringify(r.args),
    r.when,
  ];
}

export function triggerRow(v: readonly Value[]): TriggerRow {
  const columns = v[6] as string;
  return {
    oid: v[0] as number,
    table: v[1] as number,
    name: v[2] as string,
    function: v[3] as number,
    type: v[4] as number,
    enabled: v[5] === 'D' ? 'D' : 'O',
    columns: columns === '' ? [] : columns.split(' ').map(Number),
    args: JSON.parse(v[7] as string) as string[],
    when: (v[8] ?? null) as string | null,
  };
}

export function triggerDef(r: TriggerRow): TriggerDef {
  return Object.freeze({
    oid: r.oid,
    name: r.name,
    function: r.function,
    type: r.type,
    enabled: r.enabled !== 'D',
    columns: Object.freeze([...r.columns]),
    args: Object.freeze([...r.args]),
    ...(r.when === null ? {} : { whenSql: r.when }),
  });
}
