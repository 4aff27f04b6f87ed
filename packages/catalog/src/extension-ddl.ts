/**
 * CREATE EXTENSION and DROP EXTENSION over sys_extension, with PostgreSQL 15's checks, messages
 * and their order (extension.c CreateExtension, CreateExtensionInternal; dropcmds.c). Only the
 * extensions of available-extensions.ts can be installed: their functions are built in and
 * callable while the row exists (the planner asks the catalog view).
 *
 * NB: PostgreSQL records a pg_depend row from each member function to its extension, and a
 * column DEFAULT calling one makes DROP EXTENSION need CASCADE. We keep no member objects: the
 * engine finds what calls an extension's functions at DROP EXTENSION (function-dependents.ts).
 */
import { DbError } from '@rustydb/common';
import { AVAILABLE_EXTENSIONS, type AvailableExtension } from './available-extensions.js';
import type { CatalogWriter } from './catalog-writer.js';
import type { ExtensionRow } from './system-tables.js';

export interface ExtensionSpec {
  readonly name: string;
  /** The first existing search_path schema when omitted. */
  readonly schema?: string;
  /** The control file's default_version when omitted. */
  readonly version?: string;
  /** The installing role's OID (extowner). */
  readonly owner: number;
  /**
   * Checks the installing role's privileges (the caller's rules: superuser, or CREATE on the
   * database for a trusted extension); runs after the other checks, as PostgreSQL's
   * execute_extension_script does.
   */
  readonly authorize?: (control: AvailableExtension) => void;
}

/** 0A000 as PostgreSQL, with a DETAIL listing what RustyDB provides instead of a file path. */
export function extensionNotAvailable(name: string): DbError {
  const names = [...AVAILABLE_EXTENSIONS.keys()].join(', ');
  return new DbError('0A000', `extension "${name}" is not available`, {
    detail: `RustyDB provides only the extensions ${names}.`,
    hint: 'RustyDB builds its extensions in; it cannot load others.',
  });
}

/**
 * CREATE EXTENSION. Returns false (the caller sends the NOTICE) when it is installed and
 * `ifNotExists`. @throws DbError 42710 (installed), 0A000 (not available), 22023 (no such
 * version), 3F000 (no such schema or none selected).
 */
export function createExtension(w: CatalogWriter, spec: ExtensionSpec, ifNotExists: boolean): boolean {
  const view = w.view();
  if (view.extension(spec.name) !== undefined) {
    if (ifNotExists) return false;
    throw new DbError('42710', `extension "${spec.name}" already exists`);
  }
  const control = AVAILABLE_EXTENSIONS.get(spec.name);
  if (control === undefined) throw extensionNotAvailable(spec.name);
  const version = spec.version ?? control.defaultVersion;
  if (version !== control.defaultVersion) {
    throw new DbError(
      '22023',
      `extension "${spec.name}" has no installation script nor update path for version "${version}"`,
    );
  }
  const schema = spec.schema ?? view.creationSchema();
  if (schema === undefined) throw new DbError('3F000', 'no schema has been selected to create in');
  if (!view.schemaExists(schema)) throw new DbError('3F000', `schema "${schema}" does not exist`);
  spec.authorize?.(control);
  const row: ExtensionRow = { oid: w.allocateOid(), name: spec.name, owner: spec.owner, schema, version };
  w.insert('extension', row);
  return true;
}

/**
 * DROP EXTENSION of one installed extension (the caller resolved the name and checked
 * ownership). @throws DbError 42704 (not installed), 0A000 for plpgsql, which RustyDB cannot
 * remove (it has no row to delete).
 */
export function dropExtension(w: CatalogWriter, name: string): void {
  const row = w.view().extension(name);
  if (row === undefined) throw new DbError('42704', `extension "${name}" does not exist`);
  if (w.view().rowsOf(row.oid).length === 0) {
    throw new DbError('0A000', `extension "${name}" cannot be dropped: RustyDB always provides it`);
  }
  w.deleteObject(row.oid, name);
}
