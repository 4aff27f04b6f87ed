/**
 * CREATE [OR REPLACE] TRIGGER, DROP TRIGGER and ALTER TRIGGER … RENAME, with PostgreSQL 15's
 * checks in its order (trigger.c CreateTrigger, RemoveTriggerById, renametrig): the table, the
 * TRIGGER privilege, the events and level, the WHEN condition's references, the UPDATE OF
 * columns, then the function (no arguments, RETURNS trigger). The trigger is stored in
 * sys_trigger (the catalog's trigger-ddl.ts) and fires through the executor's
 * table-triggers.ts. ENABLE / DISABLE TRIGGER are ALTER TABLE actions (alter-table-statement.ts).
 *
 * Not supported (0A000): CREATE CONSTRAINT TRIGGER (deferrable constraint triggers), triggers
 * on views (INSTEAD OF ones get PostgreSQL's checks first: 42809 on a table, 0A000 for FOR EACH
 * STATEMENT, WHEN or UPDATE OF columns), and trigger functions in languages other than PL/pgSQL
 * (SQL functions cannot return trigger anyway).
 */
import { Privilege, type TableDef, TRIGGER_TYPE, triggerNotFound } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import {
  type AlterTriggerStmt,
  type CreateTriggerStmt,
  type DropTriggerStmt,
  type Expr,
  formatExpr,
} from '@rustydb/parser';
import { requireOwner, requireTablePrivilege } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

const EVENT_BITS = {
  insert: TRIGGER_TYPE.INSERT,
  delete: TRIGGER_TYPE.DELETE,
  update: TRIGGER_TYPE.UPDATE,
  truncate: TRIGGER_TYPE.TRUNCATE,
} as const;

/**
 * The table a trigger statement names, in PostgreSQL's order of checks.
 * @throws DbError 42P01, 42809 (a view's BEFORE / AFTER ROW or TRUNCATE trigger, a table's
 *   INSTEAD OF, …), 0A000 (INSTEAD OF and statement triggers on views are not supported).
 */
function triggerTable(ctx: StatementContext, stmt: CreateTriggerStmt): TableDef {
  const name = stmt.table;
  const entry = ctx.catalog.relation(name.name, name.schema);
  if (entry === undefined) {
    throw new DbError('42P01', `relation "${name.name}" does not exist`, { position: name.location + 1 });
  }
  const instead = stmt.timing === 'instead';
  if (entry.kind === 'table' && entry.def.matview === undefined) {
    if (!instead) return entry.def;
    throw new DbError('42809', `"${name.name}" is a table`, {
      detail: 'Tables cannot have INSTEAD OF triggers.',
    });
  }
  if (entry.kind === 'view') {
    if (!instead && stmt.forEachRow) {
      throw new DbError('42809', `"${name.name}" is a view`, {
        detail: 'Views cannot have row-level BEFORE or AFTER triggers.',
      });
    }
    if (stmt.events.some((e) => e.kind === 'truncate')) {
      throw new DbError('42809', `"${name.name}" is a view`, {
        detail: 'Views cannot have TRUNCATE triggers.',
      });
    }
    if (!instead) throw new DbError('0A000', 'statement-level triggers on views are not supported');
    if (!stmt.forEachRow) throw new DbError('0A000', 'INSTEAD OF triggers must be FOR EACH ROW');
    if (stmt.when !== undefined)
      throw new DbError('0A000', 'INSTEAD OF triggers cannot have WHEN conditions');
    if (stmt.events.some((e) => e.kind === 'update' && (e.columns?.length ?? 0) > 0)) {
      throw new DbError('0A000', 'INSTEAD OF triggers cannot have column lists');
    }
    throw new DbError('0A000', 'INSTEAD OF triggers are not supported');
  }
  const what =
    entry.kind === 'table' ? 'materialized views' : entry.kind === 'index' ? 'indexes' : 'sequences';
  throw new DbError('42809', `relation "${name.name}" cannot have triggers`, {
    detail: `This operation is not supported for ${what}.`,
  });
}

/** The OLD / NEW references of a WHEN condition (`old.x`, `new.*`). */
function rowReferences(e: Expr): { old: boolean; new: boolean } {
  const found = { old: false, new: false };
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as { kind?: string; names?: readonly string[]; qualifier?: readonly string[] };
    const first = n.kind === 'columnRef' ? n.names?.[0] : n.kind === 'star' ? n.qualifier?.[0] : undefined;
    if (first === 'old' && (n.kind === 'star' || (n.names?.length ?? 0) > 1)) found.old = true;
    if (first === 'new' && (n.kind === 'star' || (n.names?.length ?? 0) > 1)) found.new = true;
    for (const v of Object.values(node)) walk(v);
  };
  walk(e);
  return found;
}

/** CREATE [OR REPLACE] TRIGGER. Sync. @throws DbError as PostgreSQL's CreateTrigger. */
export function runCreateTrigger(stmt: CreateTriggerStmt, ctx: StatementContext): void {
  if (stmt.constraint) throw new DbError('0A000', 'CREATE CONSTRAINT TRIGGER is not supported');
  const table = triggerTable(ctx, stmt);
  const user = currentUserOf(ctx.settings);
  requireTablePrivilege(ctx.catalog, user, table.oid, table.name, Privilege.TRIGGER);
  let type = (stmt.forEachRow ? TRIGGER_TYPE.ROW : 0) | (stmt.timing === 'before' ? TRIGGER_TYPE.BEFORE : 0);
  for (const e of stmt.events) type |= EVENT_BITS[e.kind];
  if (stmt.forEachRow && (type & TRIGGER_TYPE.TRUNCATE) !== 0) {
    throw new DbError('0A000', 'TRUNCATE FOR EACH ROW triggers are not supported');
  }
  let whenSql: string | null = null;
  if (stmt.when !== undefined) {
    const refs = rowReferences(stmt.when);
    if (!stmt.forEachRow && (refs.old || refs.new)) {
      throw new DbError('42P17', "statement trigger's WHEN condition cannot reference column values");
    }
    if ((type & TRIGGER_TYPE.INSERT) !== 0 && refs.old) {
      throw new DbError('42P17', "INSERT trigger's WHEN condition cannot reference OLD values");
    }
    if ((type & TRIGGER_TYPE.DELETE) !== 0 && refs.new) {
      throw new DbError('42P17', "DELETE trigger's WHEN condition cannot reference NEW values");
    }
    whenSql = formatExpr(stmt.when);
  }
  const columns: number[] = [];
  for (const e of stmt.events) {
    if (e.kind !== 'update') continue;
    for (const name of e.columns ?? []) {
      const col = table.columns.find((c) => c.name === name);
      if (col === undefined) {
        throw new DbError('42703', `column "${name}" of relation "${table.name}" does not exist`);
      }
      if (columns.includes(col.attnum))
        throw new DbError('42701', `column "${name}" specified more than once`);
      columns.push(col.attnum);
    }
  }
  const fn = triggerFunction(ctx, stmt.function);
  ctx.engine.catalog.createTrigger(
    ctx.tx,
    table,
    {
      table: table.oid,
      name: stmt.name,
      function: fn,
      type,
      enabled: 'O',
      columns,
      args: stmt.args,
      when: whenSql,
    },
    stmt.replace,
  );
  ctx.out.commandComplete('CREATE TRIGGER');
}

/** The trigger function (no arguments, RETURNS trigger). @throws DbError 42883, 42P17. */
function triggerFunction(ctx: StatementContext, ref: CreateTriggerStmt['function']): number {
  const view = ctx.catalog;
  const path = view.effectivePath;
  const f = view
    .functionsNamed(ref.name)
    .filter(
      (x) =>
        x.argTypes.length === 0 &&
        (ref.schema === undefined ? path.includes(x.schema) : x.schema === ref.schema),
    )
    .sort((a, b) => path.indexOf(a.schema) - path.indexOf(b.schema))[0];
  const name = ref.schema === undefined ? ref.name : `${ref.schema}.${ref.name}`;
  if (f === undefined) throw new DbError('42883', `function ${name}() does not exist`);
  if (f.result !== undefined) throw new DbError('42P17', `function ${name} must return type trigger`);
  return f.oid;
}

/** DROP TRIGGER [IF EXISTS] name ON table. Sync. @throws DbError 42P01, 42704, 42501. */
export function runDropTrigger(stmt: DropTriggerStmt, ctx: StatementContext): void {
  const entry = ctx.catalog.relation(stmt.table.name, stmt.table.schema);
  const table = entry?.kind === 'table' ? entry.def : undefined;
  if (table === undefined) {
    if (!stmt.ifExists) throw new DbError('42P01', `relation "${stmt.table.name}" does not exist`);
    ctx.out.notice(notice('00000', `relation "${stmt.table.name}" does not exist, skipping`));
    ctx.out.commandComplete('DROP TRIGGER');
    return;
  }
  const t = table.triggers?.find((x) => x.name === stmt.name);
  if (t === undefined) {
    if (!stmt.ifExists) throw triggerNotFound(stmt.name, table.name);
    ctx.out.notice(
      notice('00000', `trigger "${stmt.name}" for relation "${table.name}" does not exist, skipping`),
    );
    ctx.out.commandComplete('DROP TRIGGER');
    return;
  }
  requireOwner(ctx.catalog, currentUserOf(ctx.settings), table.oid, 'table', 'table', table.name);
  ctx.engine.catalog.dropTrigger(ctx.tx, table, t);
  ctx.out.commandComplete('DROP TRIGGER');
}

/** ALTER TRIGGER name ON table RENAME TO new. Sync. @throws DbError 42P01, 42704, 42710, 42501. */
export function runAlterTrigger(stmt: AlterTriggerStmt, ctx: StatementContext): void {
  const entry = ctx.catalog.relation(stmt.table.name, stmt.table.schema);
  if (entry?.kind !== 'table') throw new DbError('42P01', `relation "${stmt.table.name}" does not exist`);
  requireOwner(ctx.catalog, currentUserOf(ctx.settings), entry.def.oid, 'table', 'table', entry.def.name);
  ctx.engine.catalog.renameTrigger(ctx.tx, entry.def, stmt.name, stmt.newName);
  ctx.out.commandComplete('ALTER TRIGGER');
}
