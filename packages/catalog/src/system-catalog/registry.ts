/**
 * Every computed relation, and how a name finds one: `pg_catalog.x` and `information_schema.x`
 * look in that schema; an unqualified name finds a pg_catalog relation before any user relation
 * (PostgreSQL searches pg_catalog first unless search_path lists it later).
 */

import * as domainRelations from './domain-rows.js';
import * as enumRelations from './enum-rows.js';
import { pgAvailableExtensions, pgExtension } from './extension-rows.js';
import * as isRelations from './information-schema.js';
import * as isPrivilegeRelations from './information-schema-privileges.js';
import * as isRoutineRelations from './information-schema-routines.js';
import { pgCast, pgOperator } from './operator-rows.js';
import * as classRelations from './pg-class-relations.js';
import { pgDepend } from './pg-depend-rows.js';
import * as pgDumpRelations from './pg-dump-empty-relations.js';
import * as emptyRelations from './pg-empty-relations.js';
import * as globalRelations from './pg-global-relations.js';
import * as statViews from './pg-stat-views.js';
import * as views from './pg-system-views.js';
import { isTriggers, pgTrigger } from './pg-trigger.js';
import type { SystemRelation } from './system-relation.js';
import * as textSearchRelations from './text-search-rows.js';

const isRelation = (x: unknown): x is SystemRelation =>
  typeof x === 'object' && x !== null && 'rows' in x && 'columns' in x && 'schema' in x;

/** Every computed relation of pg_catalog and information_schema, in OID order. */
export const SYSTEM_RELATIONS: readonly SystemRelation[] = [
  ...Object.values(classRelations),
  ...Object.values(globalRelations),
  ...Object.values(emptyRelations),
  ...Object.values(pgDumpRelations),
  pgDepend,
  pgOperator,
  pgCast,
  ...Object.values(textSearchRelations),
  ...Object.values(enumRelations),
  ...Object.values(domainRelations),
  pgExtension,
  pgAvailableExtensions,
  pgTrigger,
  isTriggers,
  ...Object.values(views),
  ...Object.values(statViews),
  ...Object.values(isRelations),
  ...Object.values(isPrivilegeRelations),
  ...Object.values(isRoutineRelations),
]
  .filter(isRelation)
  .sort((a, b) => a.oid - b.oid);

const BY_NAME = new Map(SYSTEM_RELATIONS.map((r) => [`${r.schema}.${r.name}`, r]));

/**
 * The computed relation `schema.name` (schema undefined: pg_catalog's), or undefined.
 * `searchPath` is the session's effective path: when it lists pg_catalog explicitly after other
 * schemas, an unqualified name is left to the user relations first (the caller retries).
 */
export function findSystemRelation(name: string, schema?: string): SystemRelation | undefined {
  return BY_NAME.get(`${schema ?? 'pg_catalog'}.${name}`);
}
