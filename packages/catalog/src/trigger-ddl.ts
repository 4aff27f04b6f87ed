/**
 * CREATE TRIGGER, DROP TRIGGER, ALTER TRIGGER … RENAME and ALTER TABLE … ENABLE / DISABLE
 * TRIGGER over sys_trigger, with PostgreSQL 15's messages (trigger.c CreateTrigger,
 * RemoveTriggerById, renametrig, EnableDisableTrigger). The caller (the engine) has resolved the
 * table and the function and checked the WHEN condition and the columns.
 */
import { DbError } from '@rustydb/common';
import type { TableDef } from './catalog-reader.js';
import type { CatalogWriter } from './catalog-writer.js';
import type { TriggerDef, TriggerRow } from './trigger-row.js';

/** A trigger to create: a sys_trigger row without its OID. */
export type TriggerSpec = Omit<TriggerRow, 'oid'>;

function triggerRowOf(w: CatalogWriter, t: TriggerDef): { table: 'trigger'; tid: never; row: TriggerRow } {
  const r = w
    .view()
    .rowsOf(t.oid)
    .find((x) => x.table === 'trigger');
  if (r === undefined) throw new DbError('XX000', `could not find tuple for trigger ${t.oid}`);
  return r as never;
}

/** 42704 `trigger "x" for table "t" does not exist`, as PostgreSQL's get_trigger_oid. */
export function triggerNotFound(name: string, table: string): DbError {
  return new DbError('42704', `trigger "${name}" for table "${table}" does not exist`);
}

/**
 * CREATE [OR REPLACE] TRIGGER: with `replace`, a trigger of the same name on the table is
 * replaced in place (keeping its OID). Returns the trigger's OID. Sync.
 * @throws DbError 42710 when the name is taken and `replace` is false.
 */
export function createTrigger(
  w: CatalogWriter,
  table: TableDef,
  spec: TriggerSpec,
  replace: boolean,
): number {
  const existing = table.triggers?.find((t) => t.name === spec.name);
  if (existing === undefined) {
    const oid = w.allocateOid();
    w.insert('trigger', { oid, ...spec });
    return oid;
  }
  if (!replace) {
    throw new DbError('42710', `trigger "${spec.name}" for relation "${table.name}" already exists`);
  }
  w.replace(triggerRowOf(w, existing), { ...spec, oid: existing.oid }, table.name);
  return existing.oid;
}

/** DROP TRIGGER of a trigger the caller found on `table`. Sync. */
export function dropTrigger(w: CatalogWriter, table: TableDef, t: TriggerDef): void {
  w.deleteObject(t.oid, table.name);
}

/** ALTER TRIGGER … RENAME TO. Sync. @throws DbError 42704, 42710. */
export function renameTrigger(w: CatalogWriter, table: TableDef, from: string, to: string): void {
  const t = table.triggers?.find((x) => x.name === from);
  if (t === undefined) throw triggerNotFound(from, table.name);
  if (table.triggers!.some((x) => x.name === to)) {
    throw new DbError('42710', `trigger "${to}" for relation "${table.name}" already exists`);
  }
  const r = triggerRowOf(w, t);
  w.replace(r, { ...r.row, name: to }, table.name);
}

/**
 * ALTER TABLE … ENABLE / DISABLE TRIGGER name (or every trigger: ALL and USER, the same here,
 * since RustyDB's foreign keys are not triggers). Sync. @throws DbError 42704.
 */
export function setTriggersEnabled(
  w: CatalogWriter,
  table: TableDef,
  name: string | undefined,
  enable: boolean,
): void {
  const all = table.triggers ?? [];
  const chosen = name === undefined ? all : all.filter((t) => t.name === name);
  if (name !== undefined && chosen.length === 0) throw triggerNotFound(name, table.name);
  for (const t of chosen) {
    if (t.enabled === enable) continue;
    const r = triggerRowOf(w, t);
    w.replace(r, { ...r.row, enabled: enable ? 'O' : 'D' }, table.name);
  }
}

/** A trigger's WHEN condition rewritten (RENAME COLUMN renames the columns it names). Sync. */
export function setTriggerWhen(w: CatalogWriter, table: TableDef, t: TriggerDef, when: string): void {
  const r = triggerRowOf(w, t);
  w.replace(r, { ...r.row, when }, table.name);
}
