/**
 * The extensions RustyDB can install: PostgreSQL's control files (`<name>.control` in the share
 * directory), reduced to what CREATE EXTENSION and `\dx` read. The functions an extension
 * provides are the planner's (extension-signatures.ts there) and the executor's.
 *
 * `plpgsql` is listed because PostgreSQL's initdb installs it in every database: the catalog
 * shows it always (without a sys_extension row); the engine runs PL/pgSQL in DO blocks and functions.
 */
import type { ExtensionRow } from './system-tables.js';

/** What a `.control` file says about an extension. */
export interface AvailableExtension {
  readonly name: string;
  readonly defaultVersion: string;
  /** `comment`: `\dx`'s Description (obj_description of the extension). */
  readonly comment: string;
  /** Can ALTER EXTENSION … SET SCHEMA move it (extrelocatable)? */
  readonly relocatable: boolean;
  /** May a non-superuser with CREATE on the database install it? */
  readonly trusted: boolean;
}

export const AVAILABLE_EXTENSIONS: ReadonlyMap<string, AvailableExtension> = new Map(
  [
    {
      name: 'plpgsql',
      defaultVersion: '1.0',
      comment: 'PL/pgSQL procedural language',
      relocatable: false,
      trusted: true,
    },
    {
      name: 'pgcrypto',
      defaultVersion: '1.3',
      comment: 'cryptographic functions',
      relocatable: true,
      trusted: true,
    },
    {
      name: 'uuid-ossp',
      defaultVersion: '1.1',
      comment: 'generate universally unique identifiers (UUIDs)',
      relocatable: true,
      trusted: true,
    },
  ].map((e) => [e.name, e]),
);

/** PostgreSQL 15's OID of plpgsql's pg_extension row, owned by the bootstrap superuser (10). */
export const PLPGSQL: ExtensionRow = {
  oid: 13559,
  name: 'plpgsql',
  owner: 10,
  schema: 'pg_catalog',
  version: '1.0',
};
