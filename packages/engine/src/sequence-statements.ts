/**
 * CREATE SEQUENCE and ALTER SEQUENCE: the AST's options turned into the catalog's
 * (`SequenceOptions`, checked there as PostgreSQL's init_params), OWNED BY, and RESTART.
 *
 * Transactional parts: the options and ownership (catalog rows) and RESTART, which gives the
 * sequence a new file holding the restart value, as PostgreSQL 10+ does. nextval itself is not
 * transactional (see Catalog.nextval).
 */
import type { SequenceOptions } from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import type { AlterSequenceStmt, CreateSequenceStmt, SequenceOption } from '@rustydb/parser';
import { resolveTypeName } from '@rustydb/planner';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';

const bigint = (text: string | undefined): bigint | undefined =>
  text === undefined ? undefined : BigInt(text);

/** The catalog's options for `options` (RESTART, OWNED BY and SEQUENCE NAME are the caller's). */
export function sequenceOptions(options: readonly SequenceOption[]): SequenceOptions {
  const seen = new Set<string>();
  const out: { -readonly [K in keyof SequenceOptions]: SequenceOptions[K] } = {};
  for (const o of options) {
    if (seen.has(o.kind)) throw new DbError('42601', 'conflicting or redundant options');
    seen.add(o.kind);
    switch (o.kind) {
      case 'as': {
        const t = resolveTypeName(o.type).name;
        if (t !== 'int2' && t !== 'int4' && t !== 'int8') {
          throw new DbError('22023', 'sequence type must be smallint, integer, or bigint');
        }
        out.type = t;
        break;
      }
      case 'increment':
        out.increment = bigint(o.value);
        break;
      case 'minValue':
        out.min = o.value === undefined ? null : BigInt(o.value);
        break;
      case 'maxValue':
        out.max = o.value === undefined ? null : BigInt(o.value);
        break;
      case 'start':
        out.start = bigint(o.value);
        break;
      case 'cache':
        out.cache = bigint(o.value);
        break;
      case 'cycle':
        out.cycle = o.cycle;
        break;
      case 'restart':
      case 'ownedBy':
      case 'sequenceName':
        break;
    }
  }
  return out;
}

/** CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name [options]. */
export function createSequence(stmt: CreateSequenceStmt, ctx: StatementContext): void {
  const view = ctx.catalog;
  const schema = stmt.temporary ? view.searchPath.tempSchema : stmt.name.schema;
  if (stmt.ifNotExists && view.relation(stmt.name.name, schema ?? view.creationSchema())) {
    ctx.out.notice(notice('42P07', `relation "${stmt.name.name}" already exists, skipping`));
    ctx.out.commandComplete('CREATE SEQUENCE');
    return;
  }
  const restart = stmt.options.find((o) => o.kind === 'restart');
  if (restart) throw new DbError('42601', 'RESTART cannot be specified in CREATE SEQUENCE');
  const seq = ctx.engine.catalog.createSequence(
    ctx.tx,
    {
      name: stmt.name.name,
      ...(schema === undefined ? {} : { schema }),
      options: sequenceOptions(stmt.options),
    },
    view.searchPath,
  );
  setOwner(ctx, seq.oid, stmt.options);
  ctx.out.commandComplete('CREATE SEQUENCE');
}

/** ALTER SEQUENCE [IF EXISTS] name options. */
export function alterSequence(stmt: AlterSequenceStmt, ctx: StatementContext): void {
  const entry = ctx.catalog.relation(stmt.name.name, stmt.name.schema);
  if (!entry) {
    if (!stmt.ifExists) throw new DbError('42P01', `relation "${stmt.name.name}" does not exist`);
    ctx.out.notice(notice('00000', `relation "${stmt.name.name}" does not exist, skipping`));
    ctx.out.commandComplete('ALTER SEQUENCE');
    return;
  }
  if (entry.kind !== 'sequence') throw new DbError('42809', `"${stmt.name.name}" is not a sequence`);
  const seq = ctx.engine.catalog.alterSequence(ctx.tx, entry.def.oid, sequenceOptions(stmt.options));
  const restart = stmt.options.find((o) => o.kind === 'restart');
  if (restart?.kind === 'restart') {
    const value = restart.value === undefined ? seq.start : BigInt(restart.value);
    if (value < seq.min) {
      throw new DbError('22023', `RESTART value (${value}) cannot be less than MINVALUE (${seq.min})`);
    }
    if (value > seq.max) {
      throw new DbError('22023', `RESTART value (${value}) cannot be greater than MAXVALUE (${seq.max})`);
    }
    ctx.engine.catalog.restartSequence(ctx.tx, seq.oid, value);
  }
  setOwner(ctx, seq.oid, stmt.options);
  ctx.out.commandComplete('ALTER SEQUENCE');
}

/** OWNED BY table.column / OWNED BY NONE. */
function setOwner(ctx: StatementContext, seq: Oid, options: readonly SequenceOption[]): void {
  const owned = options.find((o) => o.kind === 'ownedBy');
  if (owned?.kind !== 'ownedBy') return;
  if (owned.owner.length === 0) {
    ctx.engine.catalog.setSequenceOwner(ctx.tx, seq, undefined);
    return;
  }
  if (owned.owner.length < 2) {
    throw new DbError('42601', 'invalid OWNED BY option', {
      hint: 'Specify OWNED BY table.column or OWNED BY NONE.',
    });
  }
  const column = owned.owner[owned.owner.length - 1]!;
  const tableName = owned.owner[owned.owner.length - 2]!;
  const schema = owned.owner.length > 2 ? owned.owner[owned.owner.length - 3] : undefined;
  const table = ctx.catalog.table(tableName, schema);
  if (!table) throw new DbError('42P01', `relation "${tableName}" does not exist`);
  const col = table.columns.find((c) => c.name === column);
  if (!col) throw new DbError('42703', `column "${column}" of relation "${tableName}" does not exist`);
  ctx.engine.catalog.setSequenceOwner(ctx.tx, seq, { table: table.oid, attnum: col.attnum, type: 'a' });
}
