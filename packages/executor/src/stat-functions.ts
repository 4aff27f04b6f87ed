/**
 * The functions of the cumulative statistics system that act on it: pg_stat_reset() and
 * pg_stat_reset_single_table_counters(oid) set the counters of pg_stat_all_tables,
 * pg_stat_all_indexes and pg_stat_database (all, or one table's or index's) back to zero,
 * pg_stat_reset_shared('bgwriter') pg_stat_bgwriter's; pg_stat_force_next_flush()
 * does nothing here, since a transaction's counts show as soon as it ends (PostgreSQL sends a
 * backend's counts at most once a second, and this makes the next send happen when it is next
 * idle). As in PostgreSQL the resets are for superusers only (EXECUTE is revoked from PUBLIC):
 * 42501 for anyone else.
 */
import type { SystemCatalog } from '@rustydb/catalog';
import { DbError, type Value } from '@rustydb/common';
import { currentUserIsSuperuser } from './privilege-functions.js';
import type { Runtime } from './runtime.js';
import { VOID } from './void-result.js';

type Impl = (sc: () => SystemCatalog, args: readonly Value[], rt: Runtime) => Value;

/** A reset: 42501 unless the current user is a superuser, then the session's reset hook. */
const reset =
  (name: string): Impl =>
  (sc, args, rt) => {
    const s = sc();
    if (!currentUserIsSuperuser(s, rt)) throw new DbError('42501', `permission denied for function ${name}`);
    s.session.resetActivity?.(args.length > 0 ? Number(args[0]) : undefined);
    return VOID;
  };

/** pg_stat_reset_shared's targets in PostgreSQL 15. */
const SHARED_TARGETS = ['archiver', 'bgwriter', 'recovery_prefetch', 'wal'] as const;

/**
 * pg_stat_reset_shared(target): pg_stat_bgwriter's counters back to zero for 'bgwriter'; the
 * other targets PostgreSQL 15 knows name views RustyDB does not have, nothing to reset. 22023
 * for an unknown target, after the superuser check.
 */
const resetShared: Impl = (sc, [target], rt) => {
  const s = sc();
  if (!currentUserIsSuperuser(s, rt)) {
    throw new DbError('42501', 'permission denied for function pg_stat_reset_shared');
  }
  const known = SHARED_TARGETS.find((t) => t === target);
  if (known === undefined) {
    throw new DbError('22023', `unrecognized reset target: "${target as string}"`, {
      hint: 'Target must be "archiver", "bgwriter", "recovery_prefetch", or "wal".',
    });
  }
  s.session.resetSharedActivity?.(known);
  return VOID;
};

/** The statistics functions by name (merged into catalog-functions.ts's table). */
export const STAT_FUNCTIONS: Readonly<Record<string, Impl>> = {
  pg_stat_reset: reset('pg_stat_reset'),
  pg_stat_reset_single_table_counters: reset('pg_stat_reset_single_table_counters'),
  pg_stat_reset_shared: resetShared,
  pg_stat_force_next_flush: () => VOID,
};
