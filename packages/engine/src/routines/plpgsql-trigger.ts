/**
 * PL/pgSQL trigger functions (RETURNS trigger): a call with PostgreSQL's special variables
 * (pl_exec.c plpgsql_exec_trigger) — NEW and OLD as records of the table's columns (NULL where
 * PostgreSQL's are: OLD for INSERT, NEW for DELETE, both in statement triggers; their fields
 * then read NULL, where PostgreSQL raises 55000 when such a field is evaluated), TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_RELID, TG_RELNAME,
 * TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_NARGS and TG_ARGV — and the row it returns: `RETURN NEW`
 * (changed by `NEW.col := …` or not), `RETURN OLD`, or NULL (skip the row); the WHEN condition
 * is evaluated the same way, with NEW and OLD in scope.
 */
import { TRIGGER_TYPE } from '@rustydb/catalog';
import { DbError, type Row, SqlArray, sqlType } from '@rustydb/common';
import type { TriggerEvent } from '@rustydb/executor';
import type { SqlText } from '../plpgsql/ast.js';
import { checkLeftover, Interpreter, runSync } from '../plpgsql/interpreter.js';
import { Variable } from '../plpgsql/variables.js';
import { type CallSite, functionHost, type PlpgsqlFunction } from './plpgsql-function.js';

const OPS: Readonly<Record<number, string>> = {
  [TRIGGER_TYPE.INSERT]: 'INSERT',
  [TRIGGER_TYPE.UPDATE]: 'UPDATE',
  [TRIGGER_TYPE.DELETE]: 'DELETE',
  [TRIGGER_TYPE.TRUNCATE]: 'TRUNCATE',
};

const text = sqlType('text');
const name = sqlType('name');

function scalar(n: string, type: typeof text, typeText: string, value: Row[number]): Variable {
  const v = new Variable(n, type, typeText);
  v.value = value;
  return v;
}

/** NEW or OLD over `row` (undefined: PostgreSQL's NULL, a record whose fields read NULL). */
function record(n: string, e: TriggerEvent, row: Row | undefined): Variable {
  const v = new Variable(n, undefined, 'record');
  const columns = e.table.columns;
  v.record = {
    names: columns.map((c) => c.name),
    types: columns.map((c) => c.type),
    values: row === undefined ? columns.map(() => null) : row.slice(0, columns.length),
    ...(row === undefined ? { isNull: true } : {}),
  };
  return v;
}

const argv = (args: readonly string[]): SqlArray =>
  args.length === 0 ? SqlArray.of([]) : new SqlArray([...args], [args.length], [0]);

/** NEW and OLD of event `e`. */
export function rowVariables(e: TriggerEvent): Variable[] {
  return [record('new', e, e.new), record('old', e, e.old)];
}

function triggerVariables(e: TriggerEvent): Variable[] {
  const t = e.trigger;
  return [
    ...rowVariables(e),
    scalar('tg_name', name, 'name', t.name),
    scalar('tg_when', text, 'text', e.timing === 'before' ? 'BEFORE' : 'AFTER'),
    scalar('tg_level', text, 'text', e.row ? 'ROW' : 'STATEMENT'),
    scalar('tg_op', text, 'text', OPS[e.event]!),
    scalar('tg_relid', sqlType('oid'), 'oid', e.table.oid),
    scalar('tg_relname', name, 'name', e.table.name),
    scalar('tg_table_name', name, 'name', e.table.name),
    scalar('tg_table_schema', name, 'name', e.table.schema),
    scalar('tg_nargs', sqlType('int4'), 'integer', t.args.length),
    // TG_ARGV[0] is the first argument: the array's lower bound is 0.
    scalar('tg_argv', sqlType('_text'), 'text[]', argv(t.args)),
  ];
}

/**
 * Runs trigger function `fn` for event `e`: the row it returned (a BEFORE ROW trigger's NEW or
 * OLD), or null (RETURN NULL, or a statement / AFTER trigger). Sync.
 * @throws DbError as the body does; 2F005 without RETURN; 42804 for a row of another shape.
 */
export function runPlpgsqlTrigger(fn: PlpgsqlFunction, e: TriggerEvent, site: CallSite): Row | null {
  const it = new Interpreter(functionHost(fn, site), fn.triggerCache(e.table.oid), fn.signature);
  it.returnsRecord = true;
  checkLeftover(runSync(it.run(fn.block, triggerVariables(e))));
  const rec = it.returnedRecord;
  if (rec === undefined) {
    if (it.returned === undefined) {
      throw new DbError('2F005', 'control reached end of trigger procedure without RETURN', {
        where: `PL/pgSQL function ${fn.signature}`,
      });
    }
    if (it.returned.value !== null) {
      throw new DbError('42804', 'cannot return non-composite value from function returning composite type', {
        where: `PL/pgSQL function ${fn.signature}`,
      });
    }
    return null;
  }
  if (rec === null) return null;
  const columns = e.table.columns;
  if (rec.values.length !== columns.length || rec.types.some((t, i) => t.name !== columns[i]!.type.name)) {
    throw new DbError(
      '42804',
      'returned row structure does not match the structure of the triggering table',
      {
        detail:
          rec.values.length === columns.length
            ? 'Returned type does not match the expected type in a column.'
            : `Number of returned columns (${rec.values.length}) does not match expected column count (${columns.length}).`,
        where: `PL/pgSQL function ${fn.signature}`,
      },
    );
  }
  return rec.values as Row;
}

/** Does the trigger's WHEN condition `when` hold for event `e`? Sync. */
export function triggerWhen(fn: PlpgsqlFunction, when: SqlText, e: TriggerEvent, site: CallSite): boolean {
  const it = new Interpreter(functionHost(fn, site), fn.triggerCache(e.table.oid), fn.signature);
  return runSync(it.condition(when, rowVariables(e)));
}
