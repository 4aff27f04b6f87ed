/**
 * The VACUUM statement: `VACUUM [VERBOSE] [ANALYZE] [t, …]` and `VACUUM (option [value], …) [t, …]`.
 *
 * It runs outside any transaction (PostgreSQL's PreventInTransactionBlock: 25001 inside BEGIN …
 * COMMIT or a multi-statement message), so it holds no snapshot and does not hold back its own
 * horizon. Each named table (every table when none is named) gets one full pass of
 * `vacuumTablePages` (vacuum.ts); tables whose store has no `vacuum` are skipped silently.
 *
 * Options: VERBOSE (an INFO notice per table in PostgreSQL 15's words, without its I/O and timing
 * lines), ANALYZE (accepted: statistics do not exist yet, so only the vacuum runs), TRUNCATE is
 * not an option here (the store always cuts an empty tail). FULL, FREEZE and PostgreSQL's other
 * options answer 0A000; unknown ones 42601 as in PostgreSQL.
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { DbError, featureNotSupported, undefinedTable } from '@rustydb/common';
import type { UtilityOption, VacuumStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
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

/**
 * Runs VACUUM. `catalog` resolves the table names (the committed catalog with the session's
 * search path); `inBlock`: the session is inside a transaction block (explicit or implicit).
 * Synchronous page work; notices and the command tag go to `out`.
 * @throws DbError 25001 inside a transaction block, 42P01 for an unknown table, 0A000/42601 for
 *   options, and whatever the store or an index throws.
 */
export function runVacuumStatement(
  stmt: VacuumStmt,
  host: VacuumHost,
  catalog: CatalogView,
  out: QueryOutput,
  inBlock: boolean,
): void {
  if (inBlock) throw new DbError('25001', 'VACUUM cannot run inside a transaction block');
  const { verbose, analyze } = vacuumOptions(stmt.options);
  if (!analyze && stmt.tables.some((t) => t.columns.length > 0)) {
    throw new DbError('0A000', 'ANALYZE option must be specified when a column list is provided');
  }
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
  for (const table of stmt.tables.length > 0 ? tables : catalog.tables()) {
    if (!host.catalog.store(table).vacuum) continue;
    const name = `${DATABASE_NAME}.${table.schema}.${table.name}`;
    if (verbose) out.notice(info(`vacuuming "${name}"`));
    const stats = emptyVacuumStats();
    const horizon = host.txns.oldestXmin();
    vacuumTablePages(host, table, 0, Number.POSITIVE_INFINITY, stats);
    host.tableActivity?.note(table.oid, 'vacuum', vacuumRowCounts(stats));
    if (verbose) out.notice(info(finishedText(host, table, name, stats, horizon)));
  }
  out.commandComplete('VACUUM');
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
