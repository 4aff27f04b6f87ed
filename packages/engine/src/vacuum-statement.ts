/**
 * The VACUUM statement: `VACUUM [VERBOSE] [ANALYZE] [t, …]` and `VACUUM (option [value], …) [t, …]`.
 *
 * It refuses to run inside a transaction block (PostgreSQL's PreventInTransactionBlock: 25001
 * inside BEGIN … COMMIT or a multi-statement message) and runs in an autocommit transaction of
 * its own. Each named table (every table when none is named) gets one full pass of
 * `vacuumTablePages` (vacuum.ts); tables whose store has no `vacuum` are skipped silently.
 *
 * LOCKING AND TURNS. Before a table's pass it takes ShareUpdateExclusive on the table, as
 * PostgreSQL's VACUUM does: it waits for CREATE INDEX, ALTER TABLE, TRUNCATE, DROP and another
 * VACUUM or ANALYZE of the table, and they wait for it; DML goes on beside it. (An index being
 * built in an open transaction is not in the committed catalog vacuum reads, so pruning under it
 * would leave its entries pointing at freed slots.) The pass goes `CHUNK_PAGES` at a time and
 * gives the event loop a turn whenever a time slice (the executor's `TIME_SLICE_MS`) is used
 * up, so other sessions are not held up by a long pass; cancel and statement_timeout are checked
 * at each turn. A table dropped while the lock was awaited is skipped with PostgreSQL's warning.
 *
 * Options: VERBOSE (an INFO notice per table in PostgreSQL 15's words, without its I/O and timing
 * lines), ANALYZE (then analyzes each table as the ANALYZE statement does, a column list
 * included), TRUNCATE is not an option here (the store always cuts an empty tail). FULL, FREEZE
 * and PostgreSQL's other options answer 0A000; unknown ones 42601 as in PostgreSQL.
 */
import type { TableDef } from '@rustydb/catalog';
import { DbError, featureNotSupported, undefinedTable } from '@rustydb/common';
import { Turns } from '@rustydb/executor';
import type { UtilityOption, VacuumStmt } from '@rustydb/parser';
import { LockMode, relationLockTag } from '@rustydb/txn';
import { analyzeTables } from './analyze.js';
import type { StatementContext } from './statement-context.js';
import {
  emptyVacuumStats,
  type TableVacuumStats,
  type VacuumHost,
  vacuumRowCounts,
  vacuumTablePages,
} from './vacuum.js';

/** `Database`'s DATABASE_NAME, which VERBOSE names (not imported: database.ts imports the session). */
const DATABASE_NAME = 'rustydb';

/** PostgreSQL's VACUUM options this version does not implement. */
const UNSUPPORTED_OPTIONS = new Set([
  'full',
  'freeze',
  'disable_page_skipping',
  'skip_locked',
  'index_cleanup',
  'process_toast',
  'truncate',
  'parallel',
]);

/** Pages vacuumed between two looks at the clock (one store batch). */
const CHUNK_PAGES = 32;

/**
 * Runs VACUUM in `ctx` (an autocommit transaction; `inBlock`: the session is inside a
 * transaction block, explicit or implicit). Notices and the command tag go to `ctx.out`. Async:
 * lock waits and turns of the event loop (see the file comment).
 * @throws DbError 25001 inside a transaction block, 42P01 for an unknown table, 0A000/42601 for
 *   options, 55P03/40P01/57014 from a lock wait or a turn, and whatever the store or an index throws.
 */
export async function runVacuumStatement(
  stmt: VacuumStmt,
  ctx: StatementContext,
  inBlock: boolean,
): Promise<void> {
  if (inBlock) throw new DbError('25001', 'VACUUM cannot run inside a transaction block');
  const { verbose, analyze } = vacuumOptions(stmt.options);
  if (!analyze && stmt.tables.some((t) => t.columns.length > 0)) {
    throw new DbError('0A000', 'ANALYZE option must be specified when a column list is provided');
  }
  const { catalog, out } = ctx;
  const host = ctx.engine;
  const tables: TableDef[] = [];
  for (const rel of stmt.tables) {
    const table = catalog.table(rel.name.name, rel.name.schema);
    if (table) tables.push(table);
    else if (
      catalog.view(rel.name.name, rel.name.schema) ||
      catalog.sequence(rel.name.name, rel.name.schema)
    ) {
      out.notice(
        new DbError(
          '01000',
          `skipping "${rel.name.name}" --- cannot vacuum non-tables or special system tables`,
          {
            severity: 'WARNING',
          },
        ),
      );
    } else throw undefinedTable(rel.name.name);
  }
  const exec = ctx.execution();
  for (const named of stmt.tables.length > 0 ? tables : catalog.tables()) {
    if (!host.catalog.store(named).vacuum) continue;
    const table = await lockForVacuum(ctx, named);
    if (table === undefined) continue;
    const name = `${DATABASE_NAME}.${table.schema}.${table.name}`;
    if (verbose) out.notice(info(`vacuuming "${name}"`));
    const stats = emptyVacuumStats();
    const horizon = host.txns.oldestXmin();
    const turns = new Turns(exec.checkInterrupts);
    for (let from = 0; ; ) {
      const result = vacuumTablePages(host, table, from, CHUNK_PAGES, stats);
      if (result === undefined || result.nextPage < 0) break;
      from = result.nextPage;
      if (turns.due()) await turns.take();
    }
    host.tableVacuumed?.(table, vacuumRowCounts(stats));
    if (verbose) out.notice(info(finishedText(host, table, name, stats, horizon)));
  }
  if (analyze) {
    // VACUUM (ANALYZE): then the tables (and column lists) are analyzed as by ANALYZE, under the
    // locks the vacuum took.
    const verboseOnly = stmt.options.filter((o) => o.name.toLowerCase() === 'verbose');
    // The names that are not tables were warned about above, once.
    const rels = stmt.tables.filter((rel) => catalog.table(rel.name.name, rel.name.schema) !== undefined);
    if (stmt.tables.length === 0 || rels.length > 0) {
      await analyzeTables({ kind: 'analyze', options: verboseOnly, tables: rels }, ctx);
    }
  }
  out.commandComplete('VACUUM');
}

/**
 * Takes ShareUpdateExclusive on `table` (waiting for a conflicting holder) and returns the table
 * as the catalog now has it, or undefined (after PostgreSQL's warning) when it was dropped
 * meanwhile.
 */
async function lockForVacuum(ctx: StatementContext, table: TableDef): Promise<TableDef | undefined> {
  const locks = ctx.execution().locks;
  if (locks === undefined) return table;
  const waiting = locks.manager.acquire(
    locks.owner,
    relationLockTag(table.oid, table.name),
    LockMode.ShareUpdateExclusive,
    locks.wait,
  );
  if (waiting === undefined) return table;
  await waiting;
  const now = ctx.engine.catalog.reader().tableByOid(table.oid);
  if (now === undefined) {
    ctx.out.notice(
      new DbError('42P01', `skipping vacuum of "${table.name}" --- relation no longer exists`, {
        severity: 'WARNING',
      }),
    );
  }
  return now;
}

const info = (message: string): DbError => new DbError('00000', message, { severity: 'INFO' });

/** VERBOSE's summary, in PostgreSQL 15's layout (lines it measures that we do not are left out). */
function finishedText(
  host: VacuumHost,
  table: TableDef,
  name: string,
  stats: TableVacuumStats,
  horizon: number,
): string {
  const store = host.catalog.store(table);
  const remain = store.pageCount();
  const total = remain + stats.truncatedPages;
  const percent = total === 0 ? '100.00' : ((100 * stats.scannedPages) / total).toFixed(2);
  const indexScans = stats.removed > 0 && table.indexes.length > 0 ? 1 : 0;
  const lines = [
    `finished vacuuming "${name}": index scans: ${indexScans}`,
    `pages: ${stats.truncatedPages} removed, ${remain} remain, ${stats.scannedPages} scanned (${percent}% of total)`,
    `tuples: ${stats.removed} removed, ${stats.kept} remain, ${stats.recentlyDead} are dead but not yet removable`,
    `removable cutoff: ${horizon}, which was ${host.txns.nextXid - horizon} XIDs old when operation ended`,
  ];
  for (const ix of table.indexes) {
    const pages = host.catalog.index(ix).pageCount();
    lines.push(
      `index "${ix.name}": pages: ${pages} in total, 0 newly deleted, 0 currently deleted, 0 reusable`,
    );
  }
  return lines.join('\n');
}

/** VERBOSE and ANALYZE from the option list; the rest are refused. */
function vacuumOptions(options: readonly UtilityOption[]): { verbose: boolean; analyze: boolean } {
  let verbose = false;
  let analyze = false;
  for (const o of options) {
    const name = o.name.toLowerCase();
    if (name === 'verbose') verbose = booleanOption(o);
    else if (name === 'analyze') analyze = booleanOption(o);
    else if (UNSUPPORTED_OPTIONS.has(name)) throw featureNotSupported(`VACUUM ${name.toUpperCase()}`);
    else throw new DbError('42601', `unrecognized VACUUM option "${o.name}"`);
  }
  return { verbose, analyze };
}

/** PostgreSQL's defGetBoolean: no value, true/false/on/off/1/0. */
function booleanOption(o: UtilityOption): boolean {
  if (o.value === undefined) return true;
  const v = o.value.toLowerCase();
  if (v === 'true' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'off' || v === '0') return false;
  throw new DbError('22023', `${o.name} requires a Boolean value`);
}
