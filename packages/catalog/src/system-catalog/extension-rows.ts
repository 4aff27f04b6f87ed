/**
 * pg_extension: one row per installed extension (sys_extension's rows, and plpgsql, which every
 * PostgreSQL database has), with PostgreSQL 15's columns. RustyDB's extensions have no
 * configuration tables, so extconfig and extcondition are NULL as in a fresh PostgreSQL install.
 * And the view pg_available_extensions over available-extensions.ts.
 */
import type { Value } from '@rustydb/common';
import { AVAILABLE_EXTENSIONS } from '../available-extensions.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

/** pg_extension's OID: the classoid of extension comments (pg_description). */
export const PG_EXTENSION_OID = 3079;

export const pgExtension = defineRelation(
  'pg_catalog',
  'pg_extension',
  PG_EXTENSION_OID,
  `oid oid, extname name, extowner oid, extnamespace oid, extrelocatable bool, extversion text,
  extconfig _oid, extcondition _text`,
  (sc) =>
    sc.view
      .extensions()
      .map((e): Value[] => [
        e.oid,
        e.name,
        e.owner,
        sc.view.schemaOid(e.schema) ?? 0,
        AVAILABLE_EXTENSIONS.get(e.name)?.relocatable ?? false,
        e.version,
        null,
        null,
      ]),
);

/** The view pg_available_extensions: what CREATE EXTENSION accepts (psql completes from it). */
export const pgAvailableExtensions = defineRelation(
  'pg_catalog',
  'pg_available_extensions',
  12081,
  'name name, default_version text, installed_version text, comment text',
  (sc) =>
    [...AVAILABLE_EXTENSIONS.values()].map((e): Value[] => [
      e.name,
      e.defaultVersion,
      sc.view.extension(e.name)?.version ?? null,
      e.comment,
    ]),
);

/** pg_description's rows of the extensions: their control files' comments (`\dx`'s Description). */
export function extensionDescriptions(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  for (const e of sc.view.extensions()) {
    // COMMENT ON EXTENSION replaces the control file's comment.
    const comment = sc.view.description(e.oid, 0) ?? AVAILABLE_EXTENSIONS.get(e.name)?.comment;
    if (comment !== undefined) out.push([e.oid, PG_EXTENSION_OID, 0, comment]);
  }
  return out;
}
