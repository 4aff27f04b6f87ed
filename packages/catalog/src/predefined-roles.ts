/**
 * PostgreSQL 15's predefined roles (pg_authid.dat) and the memberships among them
 * (pg_auth_members.dat): part of the code, not of the data.
 *
 * | OID  | role                      | what it grants here                                        |
 * |------|---------------------------|------------------------------------------------------------|
 * | 6171 | pg_database_owner         | its one implicit member is the database owner (privileges.ts) |
 * | 6181 | pg_read_all_data          | SELECT on every relation, USAGE on every schema             |
 * | 6182 | pg_write_all_data         | INSERT, UPDATE, DELETE on every relation, USAGE on schemas  |
 * | 3373 | pg_monitor                | member of the next three                                    |
 * | 3374 | pg_read_all_settings      | nothing more: no setting here is superuser-only             |
 * | 3375 | pg_read_all_stats         | every session's row of pg_stat_activity in full             |
 * | 3377 | pg_stat_scan_tables       | nothing: no pgstattuple-like functions here                 |
 * | 4569 | pg_read_server_files      | nothing: COPY never reads server files here                 |
 * | 4570 | pg_write_server_files     | nothing: COPY never writes server files here                |
 * | 4571 | pg_execute_server_program | nothing: no COPY … PROGRAM here                             |
 * | 4200 | pg_signal_backend         | pg_cancel_backend / pg_terminate_backend of others' sessions |
 * | 4544 | pg_checkpoint             | CHECKPOINT                                                  |
 *
 * Every one has PostgreSQL's attributes: NOLOGIN, INHERIT, nothing else, no connection limit,
 * no password. The catalog lists them with the stored roles (`Catalog.roles`, `Catalog.role`,
 * CatalogView.roles) and the memberships below with the stored ones, so every directory — new,
 * old, restored — has them and no write makes or changes them.
 *
 * NB: PostgreSQL can do nothing to these roles either (ALTER, RENAME and DROP are refused) except
 * revoke or regrant one of the three memberships of pg_monitor, which initdb stores as ordinary
 * rows. Here those are fixed; the engine refuses to change them (0A000).
 */
import type { Membership } from './member-store.js';
import { BOOTSTRAP_SUPERUSER_OID, DEFAULT_ROLE_ATTRIBUTES, type RoleDef } from './role-store.js';

/** pg_database_owner: owns schema public; its one implicit member is the database owner. */
export const ROLE_PG_DATABASE_OWNER = 6171;
export const ROLE_PG_READ_ALL_DATA = 6181;
export const ROLE_PG_WRITE_ALL_DATA = 6182;
export const ROLE_PG_MONITOR = 3373;
export const ROLE_PG_READ_ALL_SETTINGS = 3374;
export const ROLE_PG_READ_ALL_STATS = 3375;
export const ROLE_PG_STAT_SCAN_TABLES = 3377;
export const ROLE_PG_READ_SERVER_FILES = 4569;
export const ROLE_PG_WRITE_SERVER_FILES = 4570;
export const ROLE_PG_EXECUTE_SERVER_PROGRAM = 4571;
export const ROLE_PG_SIGNAL_BACKEND = 4200;
export const ROLE_PG_CHECKPOINT = 4544;

const predefined = (oid: number, name: string): RoleDef =>
  Object.freeze({ oid, name, ...DEFAULT_ROLE_ATTRIBUTES });

/** The predefined roles, by OID (as pg_authid lists them). */
export const PREDEFINED_ROLES: readonly RoleDef[] = Object.freeze(
  [
    predefined(ROLE_PG_MONITOR, 'pg_monitor'),
    predefined(ROLE_PG_READ_ALL_SETTINGS, 'pg_read_all_settings'),
    predefined(ROLE_PG_READ_ALL_STATS, 'pg_read_all_stats'),
    predefined(ROLE_PG_STAT_SCAN_TABLES, 'pg_stat_scan_tables'),
    predefined(ROLE_PG_SIGNAL_BACKEND, 'pg_signal_backend'),
    predefined(ROLE_PG_CHECKPOINT, 'pg_checkpoint'),
    predefined(ROLE_PG_READ_SERVER_FILES, 'pg_read_server_files'),
    predefined(ROLE_PG_WRITE_SERVER_FILES, 'pg_write_server_files'),
    predefined(ROLE_PG_EXECUTE_SERVER_PROGRAM, 'pg_execute_server_program'),
    predefined(ROLE_PG_DATABASE_OWNER, 'pg_database_owner'),
    predefined(ROLE_PG_READ_ALL_DATA, 'pg_read_all_data'),
    predefined(ROLE_PG_WRITE_ALL_DATA, 'pg_write_all_data'),
  ].sort((a, b) => a.oid - b.oid),
);

const byName = new Map(PREDEFINED_ROLES.map((r) => [r.name, r]));
const byOid = new Map(PREDEFINED_ROLES.map((r) => [r.oid, r]));

/** pg_monitor's memberships, granted by the bootstrap superuser without ADMIN OPTION. */
export const PREDEFINED_MEMBERSHIPS: readonly Membership[] = Object.freeze(
  [ROLE_PG_READ_ALL_SETTINGS, ROLE_PG_READ_ALL_STATS, ROLE_PG_STAT_SCAN_TABLES].map((role) =>
    Object.freeze({ role, member: ROLE_PG_MONITOR, grantor: BOOTSTRAP_SUPERUSER_OID, admin: false }),
  ),
);

/** The predefined role named `name`, if there is one. */
export const predefinedRole = (name: string): RoleDef | undefined => byName.get(name);

/** The predefined role with OID `oid`, if there is one. */
export const predefinedRoleByOid = (oid: number): RoleDef | undefined => byOid.get(oid);

/** Is `oid` one of the predefined roles? */
export const isPredefinedRole = (oid: number): boolean => byOid.has(oid);

/** Is `m` one of the built-in memberships (fixed: see the file comment)? */
export const isPredefinedMembership = (m: Pick<Membership, 'role' | 'member'>): boolean =>
  PREDEFINED_MEMBERSHIPS.some((p) => p.role === m.role && p.member === m.member);

/**
 * Is role `oid` required by the database system (PostgreSQL's IsPinnedObject for a role): the
 * bootstrap superuser or a predefined role. DROP ROLE, REASSIGN OWNED and DROP OWNED refuse it.
 */
export const isPinnedRole = (oid: number): boolean => oid === BOOTSTRAP_SUPERUSER_OID || byOid.has(oid);

/** `stored` (sorted by OID) with the predefined roles merged in, by OID. */
export function withPredefinedRoles(stored: readonly RoleDef[]): RoleDef[] {
  return [...PREDEFINED_ROLES, ...stored].sort((a, b) => a.oid - b.oid);
}
