/**
 * Checking a table's existing rows against a CHECK or FOREIGN KEY constraint: when ALTER TABLE
 * adds one (unless NOT VALID), and for VALIDATE CONSTRAINT, which then marks it valid
 * (pg_constraint.convalidated). Each check is one internal query that stops at the first bad
 * row; the errors are PostgreSQL's (23514 without the row, 23503 naming the key).
 */
import type { TableDef } from '@rustydb/catalog';
import { DbError, formatText, type Oid } from '@rustydb/common';
import { qualifiedName, queryRows, quoteName } from './internal-query.js';
import type { StatementContext } from './session.js';

function tableNow(ctx: StatementContext, oid: Oid): TableDef {
  const t = ctx.catalog.tableByOid(oid);
  if (!t) throw new DbError('42P01', `relation with OID ${oid} does not exist`);
  return t;
}

/** ALTER TABLE … VALIDATE CONSTRAINT name: scans the rows unless it is valid already. */
export async function validateConstraint(
  ctx: StatementContext,
  table: TableDef,
  name: string,
): Promise<void> {
  const c = table.constraints.find((x) => x.name === name);
  if (!c) {
    throw new DbError('42704', `constraint "${name}" of relation "${table.name}" does not exist`);
  }
  if (c.kind !== 'check' && c.kind !== 'foreign') {
    throw new DbError(
      '42809',
      `constraint "${name}" of relation "${table.name}" is not a foreign key or check constraint`,
    );
  }
  if (!c.notValid) return;
  if (c.kind === 'check') await validateCheck(ctx, table, name, c.checkSql ?? 'true');
  else await validateForeignKey(ctx, table.oid, name);
  ctx.engine.catalog.markConstraintValid(ctx.tx, c.oid);
}

/** 23514 unless every row of `table` satisfies CHECK (`sql`) (NULL passes, as in PostgreSQL). */
export async function validateCheck(
  ctx: StatementContext,
  table: TableDef,
  name: string,
  sql: string,
): Promise<void> {
  const rows = await queryRows(ctx, `SELECT 1 FROM ${qualifiedName(table)} WHERE NOT (${sql}) LIMIT 1`);
  if (rows.length === 0) return;
  throw new DbError(
    '23514',
    `check constraint "${name}" of relation "${table.name}" is violated by some row`,
    {
      schema: table.schema,
      table: table.name,
      constraint: name,
    },
  );
}

/** Every existing row's key must be NULL somewhere or present in the referenced table. */
export async function validateForeignKey(ctx: StatementContext, oid: Oid, name: string): Promise<void> {
  const table = tableNow(ctx, oid);
  const c = table.constraints.find((x) => x.name === name)!;
  const ref = c.references!;
  const parent = tableNow(ctx, ref.table);
  const cols = c.columns.map((a) => table.columns.find((x) => x.attnum === a)!);
  const refCols = ref.columns.map((a) => parent.columns.find((x) => x.attnum === a)!);
  const list = cols.map((x) => `c.${quoteName(x.name)}`).join(', ');
  const notNull = cols.map((x) => `c.${quoteName(x.name)} IS NOT NULL`).join(' AND ');
  const match = cols.map((x, i) => `p.${quoteName(refCols[i]!.name)} = c.${quoteName(x.name)}`).join(' AND ');
  const sql = `SELECT ${list} FROM ${qualifiedName(table)} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${qualifiedName(parent)} p WHERE ${match}) LIMIT 1`;
  const rows = await queryRows(ctx, sql);
  if (rows.length === 0) return;
  const values = rows[0]!.map((v, i) => (v === null ? 'null' : formatText(v, cols[i]!.type))).join(', ');
  throw new DbError(
    '23503',
    `insert or update on table "${table.name}" violates foreign key constraint "${name}"`,
    {
      detail: `Key (${cols.map((x) => x.name).join(', ')})=(${values}) is not present in table "${parent.name}".`,
      schema: table.schema,
      table: table.name,
      constraint: name,
    },
  );
}
