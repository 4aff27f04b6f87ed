/**
 * The computed catalogs (pg_catalog's relations and views, information_schema) and the
 * functions about catalog objects. See system-relation.ts for the mechanism.
 */
export { aclDefault } from './acl-default.js';
export * from './catalog-functions.js';
export { isCatalogTable } from './pg-class-relations.js';
export { PG_OPERATOR_FACTS, type PgOperatorFact } from './pg-operator-facts.js';
export { triggerDefinition } from './pg-trigger.js';
export { findSystemRelation, SYSTEM_RELATIONS } from './registry.js';
export { sequenceRelation } from './sequence-relation.js';
export {
  type ActivityInfo,
  type BgwriterActivityInfo,
  BOOTSTRAP_SUPERUSER_OID,
  builtinRoles,
  type CursorInfo,
  type DatabaseActivityInfo,
  type ExpressionPrinter,
  type FunctionInfo,
  type IndexActivityInfo,
  type LockRowInfo,
  type PreparedStatementInfo,
  type PreparedXactInfo,
  type RoleInfo,
  type SessionInfo,
  type SettingInfo,
  type StoredExpression,
  type TableActivityInfo,
} from './session-info.js';
export { DATABASE_OID, quoteIdent, SystemCatalog, splitQualifiedName } from './system-catalog.js';
export { defineRelation, emptyRelation, type SystemColumn, type SystemRelation } from './system-relation.js';
