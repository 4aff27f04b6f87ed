/**
 * A computed catalog relation in FROM (pg_class, information_schema.columns, …): a SystemScan
 * whose columns are the relation's, under the alias or the relation's name. Reading one needs
 * SELECT on it, as on any relation (checked at execution: catalog's builtin-relation-acls.ts).
 */
import { type CatalogReader, findSystemRelation, type SystemRelation } from '@rustydb/catalog';
import type * as ast from '@rustydb/parser';
import { checkAliasColumns } from './alias-columns.js';
import type { PlanColumn, SystemScanNode } from './logical-plan.js';
import type { ColumnUse } from './required-privileges.js';
import type { ScopeItem } from './scope.js';

/**
 * The computed relation `name` (in `schema`) names, or undefined. Unqualified names find
 * pg_catalog's relations before the search path's, as in PostgreSQL, except that the session's
 * temporary schema (when search_path does not list pg_catalog) and the schemas listed before an
 * explicit `pg_catalog` in search_path are searched first.
 */
export function resolveSystemRelation(
  catalog: CatalogReader,
  name: string,
  schema: string | undefined,
): SystemRelation | undefined {
  const rel = findSystemRelation(name, schema);
  if (!rel || schema !== undefined) return rel;
  const path = catalog.effectivePath ?? [];
  const at = path.indexOf('pg_catalog');
  const before = at >= 0 ? path.slice(0, at) : path[0]?.startsWith('pg_temp_') ? [path[0]] : [];
  const shadowed = before.some(
    (s) => catalog.table(name, s) ?? catalog.view?.(name, s) ?? catalog.sequence?.(name, s),
  );
  return shadowed ? undefined : rel;
}

/**
 * Binds `item`, which names `rel`; `privilege` is the relation's SELECT requirement (PostgreSQL's
 * initdb ACLs refuse some catalogs to non-superusers: pg_authid), which the columns resolved
 * through the item mark read. Sync. Throws 42P10 when the alias lists too many columns.
 */
export function bindSystemRelation(
  item: ast.RelationRef,
  rel: SystemRelation,
  privilege?: ColumnUse,
): { plan: SystemScanNode; items: ScopeItem[] } {
  const alias = item.alias?.name ?? rel.name;
  const renamed = item.alias?.columns ?? [];
  checkAliasColumns(alias, rel.columns.length, renamed.length, item.location);
  const columns: PlanColumn[] = rel.columns.map((c, i) => ({
    name: renamed[i] ?? c.name,
    type: c.type,
    tableOid: rel.oid,
    columnAttnum: i + 1,
  }));
  return {
    plan: { kind: 'systemScan', relation: rel, alias, columns },
    items: [
      {
        alias,
        tableName: rel.name,
        systemOf: rel.oid,
        columns: columns.map((c, slot) => ({
          name: c.name,
          type: c.type,
          tableOid: c.tableOid,
          attnum: c.columnAttnum,
          slot,
          ...(privilege === undefined ? {} : { privilege }),
        })),
      },
    ],
  };
}
