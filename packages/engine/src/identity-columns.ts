/**
 * ALTER TABLE … ALTER COLUMN c ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)],
 * SET GENERATED {ALWAYS | BY DEFAULT} and DROP IDENTITY [IF EXISTS] (PostgreSQL's
 * ATExecAddIdentity, ATExecSetIdentity, ATExecDropIdentity; pg_dump writes the first for every
 * identity column). The identity's sequence is made as CREATE TABLE makes it (named `t_c_seq`
 * unless SEQUENCE NAME says otherwise, owned by the column, the column's default calling it);
 * DROP IDENTITY drops the sequence and the default. The rows are not touched.
 */
import type { ColumnSpec, TableDef } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import type { AlterTableAction } from '@rustydb/parser';
import { type ColumnSequence, createColumnSequences, ownColumnSequences } from './column-definitions.js';
import { sequenceOptions } from './sequence-statements.js';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

type IdentityAction = Extract<AlterTableAction, { kind: 'addIdentity' | 'setIdentity' | 'dropIdentity' }>;

const flag = (generated: 'always' | 'byDefault') => (generated === 'always' ? 'a' : 'd');

/** Runs one identity action on table `oid`. @throws DbError 42703, 22023, 55000. */
export function alterIdentity(ctx: StatementContext, oid: Oid, a: IdentityAction): void {
  const table = ctx.catalog.tableByOid(oid);
  if (!table) throw new DbError('42P01', `relation with OID ${oid} does not exist`);
  const col = table.columns.find((c) => c.name === a.column);
  if (!col) throw new DbError('42703', `column "${a.column}" of relation "${table.name}" does not exist`);
  const where = `column "${col.name}" of relation "${table.name}"`;
  switch (a.kind) {
    case 'addIdentity':
      addIdentity(ctx, table, col.name, a);
      return;
    case 'setIdentity':
      if (col.identity === undefined) throw new DbError('55000', `${where} is not an identity column`);
      ctx.engine.catalog.setColumnIdentity(ctx.tx, oid, col.attnum, flag(a.generated));
      return;
    case 'dropIdentity': {
      if (col.identity === undefined) {
        if (!a.ifExists) throw new DbError('55000', `${where} is not an identity column`);
        ctx.out.notice(notice('00000', `${where} is not an identity column, skipping`));
        return;
      }
      const seq = identitySequence(ctx, oid, col.attnum);
      const catalog = ctx.engine.catalog;
      catalog.setColumnIdentity(ctx.tx, oid, col.attnum, null);
      catalog.setColumnDefault(ctx.tx, oid, col.attnum, null);
      if (seq !== undefined) {
        catalog.setSequenceOwner(ctx.tx, seq, undefined);
        catalog.dropSequence(ctx.tx, seq);
      }
      return;
    }
  }
}

function addIdentity(
  ctx: StatementContext,
  table: TableDef,
  column: string,
  a: Extract<IdentityAction, { kind: 'addIdentity' }>,
): void {
  const col = table.columns.find((c) => c.name === column)!;
  const type = col.type.name;
  if (type !== 'int2' && type !== 'int4' && type !== 'int8') {
    throw new DbError('22023', 'identity column type must be smallint, integer, or bigint');
  }
  const where = `column "${col.name}" of relation "${table.name}"`;
  if (!col.notNull)
    throw new DbError('55000', `${where} must be declared NOT NULL before identity can be added`);
  if (col.identity !== undefined) throw new DbError('55000', `${where} is already an identity column`);
  if (col.defaultSql !== undefined) throw new DbError('55000', `${where} already has a default value`);
  const named = a.options.find((o) => o.kind === 'sequenceName');
  const sequence: ColumnSequence = {
    column: col.name,
    kind: 'identity',
    type,
    options: { ...sequenceOptions(a.options), type },
    ...(named?.kind === 'sequenceName' ? { name: named.name } : {}),
  };
  const specs: ColumnSpec[] = [{ name: col.name, type: col.type }];
  createColumnSequences(ctx, table, specs, [sequence]);
  const spec = specs[0]!;
  const catalog = ctx.engine.catalog;
  catalog.setColumnDefault(ctx.tx, table.oid, col.attnum, spec.defaultSql!, spec.defaultDependsOn ?? []);
  catalog.setColumnIdentity(ctx.tx, table.oid, col.attnum, flag(a.generated));
  ownColumnSequences(ctx, table.oid, [sequence]);
}

/** The sequence an identity column owns (its 'i' dependency). */
function identitySequence(ctx: StatementContext, table: Oid, attnum: number): Oid | undefined {
  for (const seq of ctx.catalog.sequences()) {
    if (seq.ownedBy?.table === table && seq.ownedBy.attnum === attnum) return seq.oid;
  }
  return undefined;
}
