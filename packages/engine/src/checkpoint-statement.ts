/**
 * CHECKPOINT: runs a checkpoint now (Database.checkpoint: every dirty page written and synced,
 * the checkpoint record flushed, the control file updated), as PostgreSQL's immediate checkpoint;
 * pg_stat_bgwriter counts it as requested. As in PostgreSQL 15, only a superuser or a role with
 * the privileges of pg_checkpoint may (42501 otherwise, PostgreSQL's text).
 */
import { ROLE_PG_CHECKPOINT } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { EngineContext } from './engine-context.js';
import { roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';

/** Runs CHECKPOINT in `ctx`. Async. @throws DbError 42501 for a role without the privileges. */
export async function runCheckpoint(ctx: StatementContext, engine: EngineContext): Promise<void> {
  const { ctx: privs, role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  if (!privs.hasPrivsOf(role.oid, ROLE_PG_CHECKPOINT)) {
    throw new DbError('42501', 'must be superuser or have privileges of pg_checkpoint to do CHECKPOINT');
  }
  await engine.checkpoint?.();
  ctx.out.commandComplete('CHECKPOINT');
}
