/**
 * PostgreSQL 15's statistics views over tables and indexes: pg_stat_{all,sys,user}_tables,
 * pg_stat_{all,sys,user}_indexes, pg_statio_{all,sys,user}_tables and …_indexes, with its column
 * names and types ("sys": pg_catalog and information_schema; "user": the rest).
 *
 * The counters come from the engine (SessionInfo.tableActivity and indexActivity, kept since the
 * server started): the scans and the rows inserted, updated and deleted that the executor counted,
 * the estimates of live and dead rows made from them, n_mod_since_analyze (the auto-analyze change
 * tally: rows changed by committed transactions since the last ANALYZE), and the times and counts
 * of ANALYZE, VACUUM and their automatic runs. The system catalogs' rows read 0. Block counters
 * (pg_statio_*) are not kept: they read 0, and NULL where PostgreSQL's are NULL for a table
 * without indexes (idx_blks_*) or without a TOAST table (toast_*, tidx_*: RustyDB has none).
 */
import type { Value } from '@rustydb/common';
import type { IndexDef, TableDef } from '../catalog-reader.js';
import { isCatalogTable } from './pg-class-relations.js';
import type { IndexActivityInfo, TableActivityInfo } from './session-info.js';
import { DATABASE_OID, type SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

const SYS_SCHEMAS = new Set(['pg_catalog', 'information_schema']);

/** pg_stat_database's and pg_stat_bgwriter's OIDs in a PostgreSQL 15 cluster (given at initdb). */
const PG_STAT_DATABASE_OID = 12266;
const PG_STAT_BGWRITER_OID = 12289;

type Which = 'all' | 'sys' | 'user';

const wanted = (which: Which, schema: string): boolean =>
  which === 'all' || (which === 'sys') === SYS_SCHEMAS.has(schema);

const NO_ACTIVITY: TableActivityInfo = {
  modSinceAnalyze: 0,
  vacuumCount: 0,
  autovacuumCount: 0,
  analyzeCount: 0,
  autoanalyzeCount: 0,
  seqScan: 0,
  seqTupRead: 0,
  tupIns: 0,
  tupUpd: 0,
  tupDel: 0,
  tupHotUpd: 0,
  liveTup: 0,
  deadTup: 0,
  insSinceVacuum: 0,
};

const NO_INDEX_ACTIVITY: IndexActivityInfo = { idxScan: 0, idxTupRead: 0, idxTupFetch: 0 };

const indexActivity = (sc: SystemCatalog, index: IndexDef): IndexActivityInfo =>
  sc.session.indexActivity?.(index) ?? NO_INDEX_ACTIVITY;

/**
 * One table row of pg_stat_all_tables (a catalog table when `table` is absent). As PostgreSQL's
 * view: idx_scan and idx_tup_fetch are sums over the table's indexes, NULL without any.
 */
function statTableRow(
  sc: SystemCatalog,
  oid: number,
  schema: string,
  name: string,
  table?: TableDef,
): Value[] {
  const a = table ? (sc.session.tableActivity?.(table) ?? NO_ACTIVITY) : NO_ACTIVITY;
  let idxScan: bigint | null = null;
  let idxTupFetch: bigint | null = null;
  for (const ix of table?.indexes ?? []) {
    const i = indexActivity(sc, ix);
    idxScan = (idxScan ?? 0n) + BigInt(i.idxScan);
    idxTupFetch = (idxTupFetch ?? 0n) + BigInt(i.idxTupFetch);
  }
  return [
    oid,
    schema,
    name,
    BigInt(a.seqScan),
    BigInt(a.seqTupRead),
    idxScan,
    idxTupFetch,
    BigInt(a.tupIns),
    BigInt(a.tupUpd),
    BigInt(a.tupDel),
    BigInt(a.tupHotUpd),
    BigInt(a.liveTup),
    BigInt(a.deadTup),
    BigInt(a.modSinceAnalyze),
    BigInt(a.insSinceVacuum),
    a.lastVacuum ?? null,
    a.lastAutovacuum ?? null,
    a.lastAnalyze ?? null,
    a.lastAutoanalyze ?? null,
    BigInt(a.vacuumCount),
    BigInt(a.autovacuumCount),
    BigInt(a.analyzeCount),
    BigInt(a.autoanalyzeCount),
  ];
}

/** The tables `which` covers: the catalogs' own tables, then the database's. */
function tablesOf<T>(
  sc: SystemCatalog,
  which: Which,
  row: (oid: number, schema: string, name: string, table?: TableDef) => T,
): T[] {
  const out: T[] = [];
  for (const r of sc.systemRelations) {
    if (isCatalogTable(r) && wanted(which, r.schema)) out.push(row(r.oid, r.schema, r.name));
  }
  for (const t of sc.view.tables()) if (wanted(which, t.schema)) out.push(row(t.oid, t.schema, t.name, t));
  return out;
}

const STAT_TABLES_COLUMNS = `relid oid, schemaname name, relname name, seq_scan int8, seq_tup_read int8,
  idx_scan int8, idx_tup_fetch int8, n_tup_ins int8, n_tup_upd int8, n_tup_del int8,
  n_tup_hot_upd int8, n_live_tup int8, n_dead_tup int8, n_mod_since_analyze int8,
  n_ins_since_vacuum int8, last_vacuum timestamptz, last_autovacuum timestamptz,
  last_analyze timestamptz, last_autoanalyze timestamptz, vacuum_count int8,
  autovacuum_count int8, analyze_count int8, autoanalyze_count int8`;

const statTables = (oid: number, which: Which) =>
  defineRelation('pg_catalog', `pg_stat_${which}_tables`, oid, STAT_TABLES_COLUMNS, (sc) =>
    tablesOf(sc, which, (o, s, n, t) => statTableRow(sc, o, s, n, t)),
  );

export const pgStatAllTables = statTables(12142, 'all');
export const pgStatSysTables = statTables(12152, 'sys');
export const pgStatUserTables = statTables(12161, 'user');

const STATIO_TABLES_COLUMNS = `relid oid, schemaname name, relname name, heap_blks_read int8,
  heap_blks_hit int8, idx_blks_read int8, idx_blks_hit int8, toast_blks_read int8,
  toast_blks_hit int8, tidx_blks_read int8, tidx_blks_hit int8`;

const statioTables = (oid: number, which: Which) =>
  defineRelation('pg_catalog', `pg_statio_${which}_tables`, oid, STATIO_TABLES_COLUMNS, (sc) =>
    tablesOf(sc, which, (o, s, n, t) => {
      const idx = t && t.indexes.length > 0 ? 0n : null;
      return [o, s, n, 0n, 0n, idx, idx, null, null, null, null];
    }),
  );

export const pgStatioAllTables = statioTables(12170, 'all');
export const pgStatioSysTables = statioTables(12175, 'sys');
export const pgStatioUserTables = statioTables(12179, 'user');

/** Every index of the tables `which` covers, with its table. */
function indexesOf(sc: SystemCatalog, which: Which): { table: TableDef; index: IndexDef }[] {
  const out: { table: TableDef; index: IndexDef }[] = [];
  for (const table of sc.view.tables()) {
    if (!wanted(which, table.schema)) continue;
    for (const index of table.indexes) out.push({ table, index });
  }
  return out;
}

/** [relid, indexrelid, schemaname, relname, indexrelname]: the first columns of an index's rows. */
const indexNames = ({ table, index }: { table: TableDef; index: IndexDef }): Value[] => [
  table.oid,
  index.oid,
  table.schema,
  table.name,
  index.name,
];

const statIndexes = (oid: number, which: Which) =>
  defineRelation(
    'pg_catalog',
    `pg_stat_${which}_indexes`,
    oid,
    `relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_scan int8,
    idx_tup_read int8, idx_tup_fetch int8`,
    (sc) =>
      indexesOf(sc, which).map((r) => {
        const a = indexActivity(sc, r.index);
        return [...indexNames(r), BigInt(a.idxScan), BigInt(a.idxTupRead), BigInt(a.idxTupFetch)];
      }),
  );

export const pgStatAllIndexes = statIndexes(12183, 'all');
export const pgStatSysIndexes = statIndexes(12188, 'sys');
export const pgStatUserIndexes = statIndexes(12192, 'user');

const statioIndexes = (oid: number, which: Which) =>
  defineRelation(
    'pg_catalog',
    `pg_statio_${which}_indexes`,
    oid,
    `relid oid, indexrelid oid, schemaname name, relname name, indexrelname name, idx_blks_read int8,
    idx_blks_hit int8`,
    (sc) => indexesOf(sc, which).map((r) => [...indexNames(r), 0n, 0n]),
  );

export const pgStatioAllIndexes = statioIndexes(12196, 'all');
export const pgStatioSysIndexes = statioIndexes(12201, 'sys');
export const pgStatioUserIndexes = statioIndexes(12205, 'user');

const STAT_DATABASE_COLUMNS = `datid oid, datname name, numbackends int4, xact_commit int8,
  xact_rollback int8, blks_read int8, blks_hit int8, tup_returned int8, tup_fetched int8,
  tup_inserted int8, tup_updated int8, tup_deleted int8, conflicts int8, temp_files int8,
  temp_bytes int8, deadlocks int8, checksum_failures int8, checksum_last_failure timestamptz,
  blk_read_time float8, blk_write_time float8, session_time float8, active_time float8,
  idle_in_transaction_time float8, sessions int8, sessions_abandoned int8, sessions_fatal int8,
  sessions_killed int8, stats_reset timestamptz`;

/**
 * pg_stat_database: a row for the shared catalogs (datid 0, datname NULL: RustyDB counts nothing
 * there) and one for the database, from SessionInfo.databaseActivity. Data checksums are off, as
 * in a default PostgreSQL 15 cluster, so checksum_failures is NULL; track_io_timing is off, so the
 * block times are 0; there are no standbys, so conflicts is 0.
 */
export const pgStatDatabase = defineRelation(
  'pg_catalog',
  'pg_stat_database',
  PG_STAT_DATABASE_OID,
  STAT_DATABASE_COLUMNS,
  (sc) => {
    const a = sc.session.databaseActivity?.();
    const shared: Value[] = [
      0,
      null,
      0,
      ...Array<Value>(9).fill(0n),
      0n,
      0n,
      0n,
      0n,
      null,
      null,
      0,
      0,
      0,
      0,
      0,
      0n,
      0n,
      0n,
      0n,
      null,
    ];
    if (a === undefined) return [shared];
    return [
      shared,
      [
        DATABASE_OID,
        sc.session.database,
        a.numBackends,
        BigInt(a.xactCommit),
        BigInt(a.xactRollback),
        BigInt(a.blksRead),
        BigInt(a.blksHit),
        BigInt(a.tupReturned),
        BigInt(a.tupFetched),
        BigInt(a.tupInserted),
        BigInt(a.tupUpdated),
        BigInt(a.tupDeleted),
        0n,
        BigInt(a.tempFiles),
        BigInt(a.tempBytes),
        BigInt(a.deadlocks),
        null,
        null,
        0,
        0,
        a.sessionTime,
        a.activeTime,
        a.idleInTransactionTime,
        BigInt(a.sessions),
        BigInt(a.sessionsAbandoned),
        BigInt(a.sessionsFatal),
        BigInt(a.sessionsKilled),
        a.statsReset ?? null,
      ],
    ];
  },
);

/**
 * pg_stat_bgwriter: the checkpointer's and the background writer's counters since the server
 * started (or pg_stat_reset_shared('bgwriter'), `stats_reset`). buffers_backend are the pages
 * sessions wrote themselves (evicting a dirty page); there is no fsync queue to overflow, so
 * buffers_backend_fsync is 0.
 */
export const pgStatBgwriter = defineRelation(
  'pg_catalog',
  'pg_stat_bgwriter',
  PG_STAT_BGWRITER_OID,
  `checkpoints_timed int8, checkpoints_req int8, checkpoint_write_time float8,
  checkpoint_sync_time float8, buffers_checkpoint int8, buffers_clean int8, maxwritten_clean int8,
  buffers_backend int8, buffers_backend_fsync int8, buffers_alloc int8, stats_reset timestamptz`,
  (sc) => {
    const a = sc.session.bgwriterActivity?.();
    if (a === undefined) return [[0n, 0n, 0, 0, 0n, 0n, 0n, 0n, 0n, 0n, null]];
    return [
      [
        BigInt(a.checkpointsTimed),
        BigInt(a.checkpointsReq),
        a.checkpointWriteTime,
        a.checkpointSyncTime,
        BigInt(a.buffersCheckpoint),
        BigInt(a.buffersClean),
        BigInt(a.maxwrittenClean),
        BigInt(a.buffersBackend),
        0n,
        BigInt(a.buffersAlloc),
        a.statsReset,
      ],
    ];
  },
);
