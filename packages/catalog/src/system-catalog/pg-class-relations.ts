/**
 * The per-relation catalogs: pg_namespace, pg_class, pg_attribute, pg_attrdef, pg_index,
 * pg_constraint, pg_sequence, pg_rewrite, pg_description — computed from the user relations a
 * SystemCatalog sees, plus a pg_class row for every computed catalog itself.
 */
import { SqlArray, type SqlType, sqlType, typeLength, typeOid, type Value, vectorOf } from '@rustydb/common';
import { actionCode } from '../catalog-data.js';
import type { ColumnDef, TableDef } from '../catalog-reader.js';
import { privilegesFor } from '../privileges.js';
import { applyRelationAcl, columnAcl, ownerAndAcl } from './acl-columns.js';
import { domainConstraintRows } from './domain-rows.js';
import { extensionDescriptions } from './extension-rows.js';
import { languageDescriptions } from './function-rows.js';
import { indexExpressionsText, indexPredicate } from './object-definitions.js';
import { operatorDescriptions } from './operator-rows.js';
import { BOOTSTRAP_SUPERUSER_OID } from './session-info.js';
import { INFORMATION_SCHEMA_OID, type RelationInfo, type SystemCatalog } from './system-catalog.js';
import { defineRelation, type SystemRelation } from './system-relation.js';
import { textSearchDescriptions } from './text-search-rows.js';
import { typeAlign, typeByValue, typeCollation, typeStorage } from './type-rows.js';

/** Access methods: PostgreSQL's OIDs, and fixed ones for RustyDB's own (memory, lsm). */
export const ACCESS_METHODS: readonly { oid: number; name: string; type: 't' | 'i' }[] = [
  { oid: 2, name: 'heap', type: 't' },
  { oid: 403, name: 'btree', type: 'i' },
  { oid: 405, name: 'hash', type: 'i' },
  { oid: 783, name: 'gist', type: 'i' },
  { oid: 2742, name: 'gin', type: 'i' },
  { oid: 3580, name: 'brin', type: 'i' },
  { oid: 4000, name: 'spgist', type: 'i' },
  { oid: 9001, name: 'memory', type: 't' },
  { oid: 9002, name: 'lsm', type: 'i' },
];

export const accessMethodOid = (name: string): number =>
  ACCESS_METHODS.find((m) => m.name === name)?.oid ?? 0;

export const pgAm = defineRelation(
  'pg_catalog',
  'pg_am',
  2601,
  'oid oid, amname name, amhandler regproc, amtype char',
  () =>
    ACCESS_METHODS.map((m) => [
      m.oid,
      m.name,
      m.type === 't' ? 'heap_tableam_handler' : `${m.name}handler`,
      m.type,
    ]),
);

export const pgNamespace = defineRelation(
  'pg_catalog',
  'pg_namespace',
  2615,
  'oid oid, nspname name, nspowner oid, nspacl _aclitem',
  (sc) =>
    sc.namespaces().map((n) => {
      if (n.name.startsWith('pg_') || n.name === 'information_schema') return [n.oid, n.name, n.owner, null];
      const [owner, acl] = ownerAndAcl(sc.view, n.oid, 'schema');
      return [n.oid, n.name, owner, acl];
    }),
);

const int2s = (xs: readonly number[]): SqlArray => SqlArray.of(xs);

/** Columns a relation's pg_class row and pg_attribute rows are made from. */
function columnsOf(rel: RelationInfo): readonly { name: string; type: SqlType; col?: ColumnDef }[] {
  const e = rel.entry;
  switch (e.kind) {
    case 'table':
      return e.def.columns.map((c) => ({ name: c.name, type: c.type, col: c }));
    case 'view':
      return e.def.columns;
    case 'index':
      return e.def.columns.map((a) => {
        const c = e.table.columns.find((x) => x.attnum === a)!;
        return { name: c?.name ?? '?', type: c?.type ?? e.table.columns[0]!.type };
      });
    case 'sequence':
      return SEQUENCE_COLUMNS;
  }
}

/** The columns of a sequence relation, as PostgreSQL's pg_attribute lists them. */
const SEQUENCE_COLUMNS = [
  { name: 'last_value', type: sqlType('int8'), col: sequenceColumn(1, 'last_value', 'int8') },
  { name: 'log_cnt', type: sqlType('int8'), col: sequenceColumn(2, 'log_cnt', 'int8') },
  { name: 'is_called', type: sqlType('bool'), col: sequenceColumn(3, 'is_called', 'bool') },
];

function sequenceColumn(attnum: number, name: string, type: 'int8' | 'bool'): ColumnDef {
  return { attnum, name, type: sqlType(type), notNull: true };
}

const PG_CLASS_COLUMNS = `oid oid, relname name, relnamespace oid, reltype oid, reloftype oid, relowner oid,
  relam oid, relfilenode oid, reltablespace oid, relpages int4, reltuples float4, relallvisible int4,
  reltoastrelid oid, relhasindex bool, relisshared bool, relpersistence char, relkind char,
  relnatts int2, relchecks int2, relhasrules bool, relhastriggers bool, relhassubclass bool,
  relrowsecurity bool, relforcerowsecurity bool, relispopulated bool, relreplident char,
  relispartition bool, relrewrite oid, relfrozenxid xid, relminmxid xid, relacl _aclitem,
  reloptions _text, relpartbound pg_node_tree`;

export const pgClass = defineRelation('pg_catalog', 'pg_class', 1259, PG_CLASS_COLUMNS, (sc) => {
  const out: Value[][] = [];
  for (const r of sc.systemRelations) {
    const ns = r.schema === 'pg_catalog' ? 11 : INFORMATION_SCHEMA_OID;
    const kind = isCatalogTable(r) ? 'r' : 'v';
    out.push(
      classRow(
        r.oid,
        r.name,
        ns,
        kind,
        kind === 'r' ? 2 : 0,
        0,
        'p',
        r.columns.length,
        0,
        false,
        kind === 'v',
        0,
        0,
      ),
    );
  }
  for (const rel of sc.relations()) {
    const e = rel.entry;
    const ns = sc.namespaceOid(rel.schema) ?? 0;
    const unlogged = (e.kind === 'table' || e.kind === 'index') && e.def.unlogged === true;
    const persistence = rel.schema.startsWith('pg_temp_') ? 't' : unlogged ? 'u' : 'p';
    let am = 0;
    let file = 0;
    let checks = 0;
    let hasIndex = false;
    let hasTriggers = false;
    let pages = 0;
    let tuples = -1;
    if (e.kind === 'table') {
      am = accessMethodOid(e.def.method);
      file = e.def.file;
      checks = e.def.constraints.filter((c) => c.kind === 'check').length;
      hasIndex = e.def.indexes.length > 0;
      // PostgreSQL enforces foreign keys with internal triggers on both tables (psql reads this).
      hasTriggers =
        e.def.triggers !== undefined ||
        e.def.constraints.some((c) => c.kind === 'foreign') ||
        (e.def.referencedBy?.length ?? 0) > 0;
      const stats = sc.view.statistics(e.def.oid);
      if (stats) {
        tuples = stats.relTuples;
        pages = stats.relPages;
      }
    } else if (e.kind === 'index') {
      am = accessMethodOid(e.def.method);
      file = e.def.file;
    } else if (e.kind === 'sequence') {
      file = e.def.file;
      pages = 1;
      tuples = 1;
    }
    const natts = columnsOf(rel).length;
    const row = classRow(
      rel.oid,
      rel.name,
      ns,
      rel.kind,
      am,
      file,
      persistence,
      natts,
      checks,
      hasIndex,
      rel.kind === 'v' || rel.kind === 'm',
      pages,
      tuples,
      hasTriggers,
      e.kind !== 'table' || e.def.matview?.populated !== false,
    );
    row[3] = sc.view.rowTypeOfRelation(rel.oid)?.oid ?? 0;
    applyRelationAcl(sc.view, row, rel.oid, rel.kind, e.kind === 'index' ? e.table.oid : undefined);
    const options = e.kind === 'table' || e.kind === 'index' || e.kind === 'view' ? e.def.options : undefined;
    if (options) row[row.length - 2] = SqlArray.of([...options]);
    out.push(row);
  }
  out.push(...compositeClassRows(sc));
  return out;
});

/** The pg_class rows of standalone composite types (relkind 'c': no storage, no ACL). */
function compositeClassRows(sc: SystemCatalog): Value[][] {
  const privileges = privilegesFor(sc.view);
  return sc.view.standaloneComposites().map((c) => {
    const row = classRow(
      c.relid,
      c.name,
      sc.namespaceOid(c.schema) ?? 0,
      'c',
      0,
      0,
      'p',
      c.fields.length,
      0,
      false,
      false,
      0,
      -1,
    );
    row[3] = c.oid;
    row[5] = privileges.owner(c.relid, 'table');
    return row;
  });
}

/** Is computed relation `r` one of pg_catalog's tables (relkind 'r'), not a view? */
export const isCatalogTable = (r: SystemRelation): boolean =>
  r.name.startsWith('pg_') &&
  !VIEW_NAMES.has(r.name) &&
  !STATISTICS_VIEW.test(r.name) &&
  r.schema === 'pg_catalog';

/** Every pg_stat_* and pg_statio_* relation is a view in PostgreSQL (pg_statistic is a table). */
const STATISTICS_VIEW = /^pg_stat(io)?_/;

const VIEW_NAMES = new Set([
  'pg_roles',
  'pg_user',
  'pg_settings',
  'pg_stat_activity',
  'pg_stats',
  'pg_tables',
  'pg_indexes',
  'pg_views',
  'pg_matviews',
  'pg_sequences',
  'pg_locks',
  'pg_seclabels',
  'pg_prepared_statements',
  'pg_prepared_xacts',
  'pg_cursors',
  'pg_available_extensions',
  'pg_user_mappings',
]);

function classRow(
  oid: number,
  name: string,
  ns: number,
  kind: string,
  am: number,
  file: number,
  persistence: string,
  natts: number,
  checks: number,
  hasIndex: boolean,
  hasRules: boolean,
  pages: number,
  tuples: number,
  hasTriggers = false,
  populated = true,
): Value[] {
  return [
    oid,
    name,
    ns,
    0,
    0,
    BOOTSTRAP_SUPERUSER_OID,
    am,
    file,
    0,
    pages,
    tuples,
    0,
    0,
    hasIndex,
    false,
    persistence,
    kind,
    natts,
    checks,
    hasRules,
    hasTriggers,
    false,
    false,
    false,
    populated,
    kind === 'r' || kind === 'm' ? 'd' : 'n',
    false,
    0,
    0,
    0,
    null,
    null,
    null,
  ];
}

const PG_ATTRIBUTE_COLUMNS = `attrelid oid, attname name, atttypid oid, attstattarget int4, attlen int2,
  attnum int2, attndims int4, attcacheoff int4, atttypmod int4, attbyval bool, attalign char,
  attstorage char, attcompression char, attnotnull bool, atthasdef bool, atthasmissing bool,
  attidentity char, attgenerated char, attisdropped bool, attislocal bool, attinhcount int4,
  attcollation oid, attacl _aclitem, attoptions _text, attfdwoptions _text, attmissingval anyarray`;

export const pgAttribute = defineRelation('pg_catalog', 'pg_attribute', 1249, PG_ATTRIBUTE_COLUMNS, (sc) => {
  const out: Value[][] = [];
  const row = (
    rel: number,
    name: string,
    type: SqlType,
    attnum: number,
    col: ColumnDef | undefined,
  ): Value[] => [
    rel,
    name,
    typeOid(type),
    -1,
    typeLength(type),
    attnum,
    type.name.startsWith('_') ? 1 : 0,
    -1,
    type.typmod,
    typeByValue(type),
    typeAlign(type),
    typeStorage(type),
    '',
    col?.notNull ?? false,
    hasDefault(col),
    false,
    col?.identity === 'always' ? 'a' : col?.identity === 'byDefault' ? 'd' : '',
    col?.generated === 'stored' ? 's' : '',
    false,
    true,
    0,
    typeCollation(type),
    columnAcl(sc.view, rel, attnum),
    null,
    null,
    null,
  ];
  for (const r of sc.systemRelations) {
    r.columns.forEach((c, i) => {
      out.push(row(r.oid, c.name, c.type, i + 1, undefined));
    });
  }
  for (const rel of sc.relations()) {
    const cols = columnsOf(rel);
    cols.forEach((c, i) => {
      out.push(row(rel.oid, c.name, c.type, c.col?.attnum ?? i + 1, c.col));
    });
  }
  for (const c of sc.view.standaloneComposites()) {
    c.fields.forEach((f, i) => {
      out.push(row(c.relid, f.name, f.type, i + 1, undefined));
    });
  }
  return out;
});

export const pgAttrdef = defineRelation(
  'pg_catalog',
  'pg_attrdef',
  2604,
  'oid oid, adrelid oid, adnum int2, adbin pg_node_tree',
  (sc) => {
    const out: Value[][] = [];
    for (const t of sc.view.tables()) {
      for (const c of t.columns)
        if (hasDefault(c)) out.push([attrdefOid(t, c), t.oid, c.attnum, sc.columnDefault(t, c)]);
    }
    return out;
  },
);

/**
 * atthasdef: a DEFAULT or a generation expression. An identity column's stored `nextval` is how
 * RustyDB fills it, not a default: PostgreSQL has no pg_attrdef row for it.
 */
export const hasDefault = (c: ColumnDef | undefined): boolean =>
  c?.defaultSql !== undefined && c.identity === undefined;

/** Defaults have no OID of their own here: one is derived from the table's and the column's. */
export const attrdefOid = (t: TableDef, c: ColumnDef): number => t.oid * 1000 + c.attnum;

const PG_INDEX_COLUMNS = `indexrelid oid, indrelid oid, indnatts int2, indnkeyatts int2, indisunique bool,
  indnullsnotdistinct bool, indisprimary bool, indisexclusion bool, indimmediate bool,
  indisclustered bool, indisvalid bool, indcheckxmin bool, indisready bool, indislive bool,
  indisreplident bool, indkey int2vector, indcollation oidvector, indclass oidvector,
  indoption int2vector, indexprs pg_node_tree, indpred pg_node_tree`;

export const pgIndex = defineRelation('pg_catalog', 'pg_index', 2610, PG_INDEX_COLUMNS, (sc) => {
  const out: Value[][] = [];
  for (const t of sc.view.tables()) {
    for (const ix of t.indexes) {
      const n = ix.columns.length;
      out.push([
        ix.oid,
        t.oid,
        n,
        n,
        ix.unique,
        false,
        ix.primary,
        false,
        true,
        false,
        true,
        false,
        true,
        true,
        false,
        vectorOf(ix.columns),
        vectorOf(ix.columns.map(() => 0)),
        vectorOf(ix.columns.map(() => 0)),
        vectorOf(ix.descending.map((d) => (d ? 3 : 0))),
        indexExpressionsText(sc, ix, t),
        ix.predicateSql === undefined ? null : sc.storedExpression(indexPredicate(ix, t)),
      ]);
    }
  }
  return out;
});

const PG_CONSTRAINT_COLUMNS = `oid oid, conname name, connamespace oid, contype char, condeferrable bool,
  condeferred bool, convalidated bool, conrelid oid, contypid oid, conindid oid, conparentid oid,
  confrelid oid, confupdtype char, confdeltype char, confmatchtype char, conislocal bool,
  coninhcount int4, connoinherit bool, conkey _int2, confkey _int2, conpfeqop _oid, conppeqop _oid,
  conffeqop _oid, confdelsetcols _int2, conexclop _oid, conbin pg_node_tree`;

const CONTYPE = { primary: 'p', unique: 'u', check: 'c', foreign: 'f' } as const;

export const pgConstraint = defineRelation(
  'pg_catalog',
  'pg_constraint',
  2606,
  PG_CONSTRAINT_COLUMNS,
  (sc) => {
    const out: Value[][] = [];
    for (const t of sc.view.tables()) {
      const ns = sc.namespaceOid(t.schema) ?? 0;
      for (const c of t.constraints) {
        const fk = c.references;
        out.push([
          c.oid,
          c.name,
          ns,
          CONTYPE[c.kind],
          c.deferrable === true,
          c.initiallyDeferred === true,
          c.notValid !== true,
          t.oid,
          0,
          c.index ?? 0,
          0,
          fk?.table ?? 0,
          fk ? actionCode(fk.onUpdate) : ' ',
          fk ? actionCode(fk.onDelete) : ' ',
          fk ? 's' : ' ',
          true,
          0,
          c.kind !== 'check',
          int2s(c.columns),
          fk ? int2s(fk.columns) : null,
          null,
          null,
          null,
          null,
          null,
          c.checkSql === undefined
            ? null
            : sc.storedExpression({ sql: c.checkSql, role: 'condition', table: t }),
        ]);
      }
    }
    out.push(...domainConstraintRows(sc));
    return out;
  },
);

export const pgSequence = defineRelation(
  'pg_catalog',
  'pg_sequence',
  2224,
  'seqrelid oid, seqtypid oid, seqstart int8, seqincrement int8, seqmax int8, seqmin int8, seqcache int8, seqcycle bool',
  (sc) =>
    sc.view
      .sequences()
      .map((s) => [s.oid, typeOid(s.type), s.start, s.increment, s.max, s.min, s.cache, s.cycle]),
);

export const pgRewrite = defineRelation(
  'pg_catalog',
  'pg_rewrite',
  2618,
  'oid oid, rulename name, ev_class oid, ev_type char, ev_enabled char, is_instead bool, ev_qual pg_node_tree, ev_action pg_node_tree',
  (sc) =>
    [
      ...sc.view.views().map((v) => [v.oid, v.querySql] as const),
      ...sc.view.tables().flatMap((t) => (t.matview ? [[t.oid, t.matview.querySql] as const] : [])),
    ]
      .sort((a, b) => a[0] - b[0])
      .map(([oid, query]) => [returnRuleOid(oid), '_RETURN', oid, '1', 'O', true, null, query]),
);

/** The OID of a view's or materialized view's _RETURN rule: rules have no OID of their own here. */
export const returnRuleOid = (relation: number): number => relation + 1;

/** pg_rewrite's OID: the classid of a view's rule in pg_depend. */
export const PG_REWRITE_OID = 2618;

/** pg_class's OID: the classoid of relation comments. */
export const PG_CLASS_OID = 1259;
/** pg_namespace's OID: the classoid of schema comments. */
export const PG_NAMESPACE_OID = 2615;
/** pg_proc's and pg_type's OIDs: the classoids of function and type comments. */
const PG_PROC_OID = 1255;
const PG_TYPE_OID = 1247;

export const pgDescription = defineRelation(
  'pg_catalog',
  'pg_description',
  2609,
  'objoid oid, classoid oid, objsubid int4, description text',
  (sc) => {
    const out: Value[][] = [];
    for (const rel of sc.relations()) {
      const d = sc.view.description(rel.oid, 0);
      if (d !== undefined) out.push([rel.oid, PG_CLASS_OID, 0, d]);
      for (const c of columnsOf(rel)) {
        const attnum = c.col?.attnum;
        if (attnum === undefined) continue;
        const cd = sc.view.description(rel.oid, attnum);
        if (cd !== undefined) out.push([rel.oid, PG_CLASS_OID, attnum, cd]);
      }
    }
    for (const n of sc.namespaces()) {
      // Schema public has initdb's comment until COMMENT ON replaces it (obj_description agrees).
      const d = sc.view.description(n.oid, 0) ?? (n.oid === 2200 ? 'standard public schema' : undefined);
      if (d !== undefined) out.push([n.oid, PG_NAMESPACE_OID, 0, d]);
    }
    out.push(...extensionDescriptions(sc));
    // COMMENT ON FUNCTION / TYPE / DOMAIN.
    for (const f of sc.view.functions()) {
      const d = sc.view.description(f.oid, 0);
      if (d !== undefined) out.push([f.oid, PG_PROC_OID, 0, d]);
    }
    for (const { def } of [...sc.view.enumTypes(), ...sc.view.domainTypes()]) {
      const d = sc.view.description(def.oid, 0);
      if (d !== undefined) out.push([def.oid, PG_TYPE_OID, 0, d]);
    }
    // The built-in operators, languages and text search objects: PostgreSQL's comments on them.
    out.push(...operatorDescriptions(sc), ...languageDescriptions(), ...textSearchDescriptions());
    return out;
  },
);
