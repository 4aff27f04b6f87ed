/**
 * pg_depend: what must not outlive what, in PostgreSQL's form (classid and objid name the
 * dependent object, refclassid and refobjid what it depends on, objsubid/refobjsubid columns).
 * pg_dump orders its script by these rows and finds the sequences owned by columns here, so the
 * rows RustyDB records (sys_depend) are translated to the objects PostgreSQL would name:
 *
 * - a view's or materialized view's query: its _RETURN rule (pg_rewrite) depends on each relation
 *   the query reads ('n'; the whole relation: RustyDB records no columns), and the rule on its
 *   view ('i');
 * - a column DEFAULT (pg_attrdef) depends on its column ('a'), and on a sequence it reads
 *   (nextval: 'n');
 * - a sequence OWNED BY a column (SERIAL 'a', identity 'i') and an index or generated column
 *   reading columns ('a'): as recorded;
 * - every table, view, materialized view and sequence depends on its schema ('n');
 * - an installed extension's functions are its members ('e'), which psql's `\dx+` lists.
 *
 * What RustyDB does not record is not listed (a view's functions or types, a column's type, a
 * constraint's columns): PostgreSQL lists those too, so this is a subset of its rows.
 */
import type { Value } from '@rustydb/common';
import type { DependRow } from '../system-tables.js';
import {
  attrdefOid,
  hasDefault,
  PG_CLASS_OID,
  PG_NAMESPACE_OID,
  PG_REWRITE_OID,
  returnRuleOid,
} from './pg-class-relations.js';
import { extensionMemberRows } from './pg-global-relations.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

/** pg_attrdef's OID: the classid of a column default. */
const PG_ATTRDEF_OID = 2604;

export const pgDepend = defineRelation(
  'pg_catalog',
  'pg_depend',
  2608,
  'classid oid, objid oid, objsubid int4, refclassid oid, refobjid oid, refobjsubid int4, deptype char',
  (sc) => {
    const out: Value[][] = [];
    for (const rel of sc.relations()) {
      if (rel.kind !== 'i')
        out.push([PG_CLASS_OID, rel.oid, 0, PG_NAMESPACE_OID, sc.namespaceOid(rel.schema) ?? 0, 0, 'n']);
      if (rel.kind === 'v' || rel.kind === 'm')
        out.push([PG_REWRITE_OID, returnRuleOid(rel.oid), 0, PG_CLASS_OID, rel.oid, 0, 'i']);
    }
    // A column default goes with its column.
    for (const t of sc.view.tables()) {
      for (const c of t.columns)
        if (hasDefault(c))
          out.push([PG_ATTRDEF_OID, attrdefOid(t, c), 0, PG_CLASS_OID, t.oid, c.attnum, 'a']);
    }
    out.push(...extensionMemberRows(sc));
    for (const rows of sc.view.data.dependencies.values()) {
      for (const d of rows) {
        const row = dependRow(sc, d);
        if (row !== undefined) out.push(row);
      }
    }
    return out;
  },
);

/** One sys_depend row as PostgreSQL's pg_depend row, or undefined when its object is gone. */
function dependRow(sc: SystemCatalog, d: DependRow): Value[] | undefined {
  const rel = sc.relationByOid(d.object);
  if (rel === undefined) return undefined;
  if ((rel.kind === 'v' || rel.kind === 'm') && d.objectColumn === 0) {
    return [PG_REWRITE_OID, returnRuleOid(rel.oid), 0, PG_CLASS_OID, d.referenced, d.refColumn, d.type];
  }
  if (rel.entry.kind === 'table' && d.type === 'n' && d.objectColumn !== 0) {
    const column = rel.entry.def.columns.find((c) => c.attnum === d.objectColumn);
    // The DEFAULT of an identity column is how RustyDB fills it: PostgreSQL has no pg_attrdef row.
    if (column === undefined || !hasDefault(column)) return undefined;
    return [
      PG_ATTRDEF_OID,
      attrdefOid(rel.entry.def, column),
      0,
      PG_CLASS_OID,
      d.referenced,
      d.refColumn,
      'n',
    ];
  }
  return [PG_CLASS_OID, d.object, d.objectColumn, PG_CLASS_OID, d.referenced, d.refColumn, d.type];
}
