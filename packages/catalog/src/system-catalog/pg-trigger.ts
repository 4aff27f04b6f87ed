/**
 * pg_trigger and information_schema.triggers over the tables' triggers (sys_trigger), with
 * PostgreSQL 15's columns, and pg_get_triggerdef (ruleutils.c pg_get_triggerdef_worker).
 * Constraint triggers, transition tables and partition clones do not exist here: tgisinternal,
 * tgdeferrable and tginitdeferred are false, tgparentid and the constraint columns 0,
 * tgoldtable / tgnewtable NULL. tgqual holds the WHEN condition's SQL text, not a node tree.
 */
import { SqlArray, type Value } from '@rustydb/common';
import type { TableDef } from '../catalog-reader.js';
import { TRIGGER_TYPE, type TriggerDef } from '../trigger-row.js';
import { quoteIdent, type SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

/** Every trigger with its table, in OID order. */
function allTriggers(sc: SystemCatalog): { table: TableDef; t: TriggerDef }[] {
  const out: { table: TableDef; t: TriggerDef }[] = [];
  for (const table of sc.view.tables()) for (const t of table.triggers ?? []) out.push({ table, t });
  return out.sort((a, b) => a.t.oid - b.t.oid);
}

/** tgargs: each argument followed by a NUL byte. */
function argBytes(args: readonly string[]): Uint8Array {
  return new TextEncoder().encode(args.map((a) => `${a}\0`).join(''));
}

export const pgTrigger = defineRelation(
  'pg_catalog',
  'pg_trigger',
  2620,
  `oid oid, tgrelid oid, tgparentid oid, tgname name, tgfoid oid, tgtype int2, tgenabled char,
  tgisinternal bool, tgconstrrelid oid, tgconstrindid oid, tgconstraint oid, tgdeferrable bool,
  tginitdeferred bool, tgnargs int2, tgattr int2vector, tgargs bytea, tgqual pg_node_tree,
  tgoldtable name, tgnewtable name`,
  (sc) =>
    allTriggers(sc).map(({ table, t }): Value[] => [
      t.oid,
      table.oid,
      0,
      t.name,
      t.function,
      t.type,
      t.enabled ? 'O' : 'D',
      false,
      0,
      0,
      0,
      false,
      false,
      t.args.length,
      SqlArray.of([...t.columns]),
      argBytes(t.args),
      t.whenSql ?? null,
      null,
      null,
    ]),
);

/** The events of tgtype in pg_get_triggerdef's order, with UPDATE OF's columns. */
function eventsText(table: TableDef, t: TriggerDef): string {
  const out: string[] = [];
  if (t.type & TRIGGER_TYPE.INSERT) out.push('INSERT');
  if (t.type & TRIGGER_TYPE.DELETE) out.push('DELETE');
  if (t.type & TRIGGER_TYPE.UPDATE) {
    const names = t.columns.map((a) => quoteIdent(table.columns.find((c) => c.attnum === a)?.name ?? `${a}`));
    out.push(names.length === 0 ? 'UPDATE' : `UPDATE OF ${names.join(', ')}`);
  }
  if (t.type & TRIGGER_TYPE.TRUNCATE) out.push('TRUNCATE');
  return out.join(' OR ');
}

/**
 * The WHEN condition as ruleutils prints it (the engine's printer; as parsed, in parentheses
 * without `pretty`, where there is none).
 */
function whenText(sc: SystemCatalog, table: TableDef, t: TriggerDef, pretty: boolean): string {
  const sql = t.whenSql!;
  const text = sc.storedExpression({ sql, role: 'condition', triggerRow: table }, pretty);
  return text !== sql || pretty ? text : `(${sql})`;
}

/** The function's name as generate_function_name prints it: qualified unless its schema is searched. */
function functionName(sc: SystemCatalog, oid: number): string {
  const f = sc.view.functionByOid(oid);
  if (f === undefined) return `${oid}`;
  return sc.view.effectivePath.includes(f.schema)
    ? quoteIdent(f.name)
    : `${quoteIdent(f.schema)}.${quoteIdent(f.name)}`;
}

const quoteLiteral = (s: string): string =>
  (s.includes('\\')
    ? ` E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`
    : `'${s.replaceAll("'", "''")}'`
  ).trim();

/** pg_get_triggerdef(oid [, pretty]); null for an unknown OID. */
export function triggerDefinition(sc: SystemCatalog, oid: number, pretty = false): string | null {
  const found = allTriggers(sc).find((x) => x.t.oid === oid);
  if (found === undefined) return null;
  const { table, t } = found;
  const relation = pretty
    ? sc.relationName(table.oid)
    : `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  const timing = t.type & TRIGGER_TYPE.BEFORE ? 'BEFORE' : 'AFTER';
  const level = t.type & TRIGGER_TYPE.ROW ? 'ROW' : 'STATEMENT';
  const when = t.whenSql === undefined ? '' : `WHEN (${whenText(sc, table, t, pretty)}) `;
  const args = t.args.map(quoteLiteral).join(', ');
  return (
    `CREATE TRIGGER ${quoteIdent(t.name)} ${timing} ${eventsText(table, t)} ON ${relation} ` +
    `FOR EACH ${level} ${when}EXECUTE FUNCTION ${functionName(sc, t.function)}(${args})`
  );
}

const EVENT_ROWS = [
  [TRIGGER_TYPE.INSERT, 'INSERT'],
  [TRIGGER_TYPE.DELETE, 'DELETE'],
  [TRIGGER_TYPE.UPDATE, 'UPDATE'],
] as const;

/** information_schema.triggers: one row per trigger and event (TRUNCATE has none). */
export const isTriggers = defineRelation(
  'information_schema',
  'triggers',
  13290,
  `trigger_catalog sql_identifier, trigger_schema sql_identifier, trigger_name sql_identifier,
  event_manipulation character_data, event_object_catalog sql_identifier,
  event_object_schema sql_identifier, event_object_table sql_identifier,
  action_order cardinal_number, action_condition character_data, action_statement character_data,
  action_orientation character_data, action_timing character_data,
  action_reference_old_table sql_identifier, action_reference_new_table sql_identifier,
  action_reference_old_row sql_identifier, action_reference_new_row sql_identifier,
  created time_stamp`,
  (sc) => {
    const out: Value[][] = [];
    for (const { table, t } of allTriggers(sc)) {
      const kind = t.type & (TRIGGER_TYPE.ROW | TRIGGER_TYPE.BEFORE);
      for (const [bit, event] of EVENT_ROWS) {
        if ((t.type & bit) === 0) continue;
        // action_order: the rank by name among the table's triggers of this event, timing and level.
        const order = (table.triggers ?? []).filter(
          (x) =>
            (x.type & bit) !== 0 &&
            (x.type & (TRIGGER_TYPE.ROW | TRIGGER_TYPE.BEFORE)) === kind &&
            x.name <= t.name,
        ).length;
        out.push([
          sc.session.database,
          table.schema,
          t.name,
          event,
          sc.session.database,
          table.schema,
          table.name,
          order,
          t.whenSql === undefined ? null : whenText(sc, table, t, false),
          `EXECUTE FUNCTION ${functionName(sc, t.function)}(${t.args.map(quoteLiteral).join(', ')})`,
          t.type & TRIGGER_TYPE.ROW ? 'ROW' : 'STATEMENT',
          t.type & TRIGGER_TYPE.BEFORE ? 'BEFORE' : 'AFTER',
          null,
          null,
          null,
          null,
          null,
        ]);
      }
    }
    return out;
  },
);
