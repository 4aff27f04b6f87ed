/**
 * PostgreSQL's system views over the relations: pg_tables, pg_indexes, pg_views, pg_matviews, pg_sequences,
 * pg_stats — computed from the same definitions as pg_class — and over the server's state:
 * pg_prepared_xacts, and the session's: pg_cursors, pg_prepared_statements.
 */
import { formatType, SqlArray, type Value } from '@rustydb/common';
import { Privilege } from '../acl.js';
import type { SequenceDef } from '../catalog-reader.js';
import { pgStatsRows } from '../pg-stats.js';
import { privilegesFor } from '../privileges.js';
import { formatTypeOid } from './catalog-functions.js';
import { indexDefinition, viewQueryText } from './object-definitions.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

export const pgTables = defineRelation(
  'pg_catalog',
  'pg_tables',
  12020,
  `schemaname name, tablename name, tableowner name, tablespace name, hasindexes bool,
  hasrules bool, hastriggers bool, rowsecurity bool`,
  (sc) => {
    const owner = sc.userName(10);
    const out: Value[][] = [];
    for (const r of sc.systemRelations) {
      if (r.schema === 'pg_catalog' && !r.name.startsWith('pg_stat') && r.columns[0]?.name === 'oid')
        out.push(['pg_catalog', r.name, owner, null, false, false, false, false]);
    }
    for (const t of sc.view.tables())
      if (!t.matview) out.push([t.schema, t.name, owner, null, t.indexes.length > 0, false, false, false]);
    return out;
  },
);

export const pgIndexes = defineRelation(
  'pg_catalog',
  'pg_indexes',
  12021,
  'schemaname name, tablename name, indexname name, tablespace name, indexdef text',
  (sc) =>
    sc.view
      .tables()
      .flatMap((t) => t.indexes.map((ix) => [t.schema, t.name, ix.name, null, indexDefinition(sc, ix.oid)])),
);

export const pgViews = defineRelation(
  'pg_catalog',
  'pg_views',
  12022,
  'schemaname name, viewname name, viewowner name, definition text',
  (sc) =>
    sc.view
      .views()
      .map((v) => [v.schema, v.name, sc.userName(10), viewQueryText(sc, v.querySql, false, v.columns)]),
);

export const pgMatviews = defineRelation(
  'pg_catalog',
  'pg_matviews',
  12010,
  `schemaname name, matviewname name, matviewowner name, tablespace name, hasindexes bool,
  ispopulated bool, definition text`,
  (sc) =>
    sc.view
      .tables()
      .filter((t) => t.matview)
      .map((t) => [
        t.schema,
        t.name,
        sc.userName(privilegesFor(sc.view).owner(t.oid, 'table')),
        null,
        t.indexes.length > 0,
        t.matview!.populated,
        viewQueryText(sc, t.matview!.querySql, false, t.columns),
      ]),
);

export const pgSequences = defineRelation(
  'pg_catalog',
  'pg_sequences',
  12023,
  `schemaname name, sequencename name, sequenceowner name, data_type regtype, start_value int8,
  min_value int8, max_value int8, increment_by int8, cycle bool, cache_size int8, last_value int8`,
  (sc) => {
    const privs = privilegesFor(sc.view);
    const me = privs.roleByName(sc.session.currentUser?.() ?? sc.session.user)?.oid ?? -1;
    return sc.view
      .sequences()
      .map((s) => [
        s.schema,
        s.name,
        sc.userName(privs.owner(s.oid, 'sequence')),
        formatType(s.type),
        s.start,
        s.min,
        s.max,
        s.increment,
        s.cycle,
        s.cache,
        lastValue(sc, s, (privs.mask(me, s.oid, 'sequence') & (Privilege.SELECT | Privilege.USAGE)) !== 0),
      ]);
  },
);

/**
 * pg_sequences.last_value: the last value nextval handed out, NULL before the first one (or after
 * setval(…, false)) and for a role with neither SELECT nor USAGE on the sequence, as PostgreSQL.
 */
function lastValue(sc: SystemCatalog, s: SequenceDef, readable: boolean): Value {
  if (!readable) return null;
  const state = sc.session.sequenceState?.(s);
  return state?.isCalled ? state.lastValue : null;
}

export const pgStats = defineRelation(
  'pg_catalog',
  'pg_stats',
  12024,
  `schemaname name, tablename name, attname name, inherited bool, null_frac float4, avg_width int4,
  n_distinct float4, most_common_vals anyarray, most_common_freqs _float4, histogram_bounds anyarray,
  correlation float4, most_common_elems anyarray, most_common_elem_freqs _float4,
  elem_count_histogram _float4`,
  (sc) =>
    pgStatsRows(sc.view).map((r) => [
      r.schemaname,
      r.tablename,
      r.attname,
      r.inherited,
      r.null_frac,
      r.avg_width,
      r.n_distinct,
      r.most_common_vals,
      r.most_common_freqs ? SqlArray.of(r.most_common_freqs) : null,
      r.histogram_bounds,
      r.correlation,
      null,
      null,
      null,
    ]),
);

/** NB: `transaction` is oid-typed (PostgreSQL's is xid; there is no xid type yet): same text. */
export const pgPreparedXacts = defineRelation(
  'pg_catalog',
  'pg_prepared_xacts',
  12030,
  'transaction oid, gid text, prepared timestamptz, owner name, database name',
  (sc) =>
    (sc.session.preparedTransactions?.() ?? []).map((p) => [p.xid, p.gid, p.prepared, p.owner, p.database]),
);

/** The session's open cursors (DECLARE), as PostgreSQL's pg_cursors (its portals made by SQL). */
export const pgCursors = defineRelation(
  'pg_catalog',
  'pg_cursors',
  12031,
  'name text, statement text, is_holdable bool, is_binary bool, is_scrollable bool, creation_time timestamptz',
  (sc) =>
    (sc.session.cursors?.() ?? []).map((c) => [
      c.name,
      c.statement,
      c.isHoldable,
      c.isBinary,
      c.isScrollable,
      c.creationTime,
    ]),
);

/**
 * The session's named prepared statements, from SQL PREPARE and the protocol's Parse alike (the
 * unnamed statement is not listed), as PostgreSQL's pg_prepared_statements. How the plan counts
 * are kept: the engine's PreparedStatement.
 */
export const pgPreparedStatements = defineRelation(
  'pg_catalog',
  'pg_prepared_statements',
  12032,
  `name text, statement text, prepare_time timestamptz, parameter_types _regtype, from_sql bool,
  generic_plans int8, custom_plans int8`,
  (sc) =>
    (sc.session.preparedStatements?.() ?? []).map((p) => [
      p.name,
      p.statement,
      p.prepareTime,
      SqlArray.of(p.parameterTypes.map((oid) => formatTypeOid(oid, null, sc.view))),
      p.fromSql,
      p.genericPlans,
      p.customPlans,
    ]),
);
