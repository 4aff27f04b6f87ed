/**
 * What PostgreSQL's InitializeSessionUserId and CheckMyDatabase check once a client is
 * authenticated: the role may log in, (for roles that are not superusers) its CONNECTION LIMIT
 * is not reached, and it holds CONNECT on the database (PUBLIC does by default).
 */
import { type CatalogView, Privilege, privilegesFor, type RoleDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';

/**
 * Checks that `role` holds CONNECT on database `database` in the committed catalog `view`. Sync.
 * @throws DbError FATAL 42501 `permission denied for database "d"`.
 */
export function checkConnect(role: RoleDef, view: CatalogView, database: string): void {
  if (role.superuser || privilegesFor(view).hasDatabase(role.oid, Privilege.CONNECT)) return;
  throw new DbError('42501', `permission denied for database "${database}"`, {
    severity: 'FATAL',
    detail: 'User does not have CONNECT privilege.',
  });
}

/**
 * Checks that `role` may open one more session beside `sessions`. Sync.
 * @throws DbError FATAL 28000 `role "x" is not permitted to log in`, FATAL 53300 `too many
 *   connections for role "x"`.
 */
export function checkLogin(role: RoleDef, sessions: Iterable<{ readonly authenticatedUser: string }>): void {
  if (!role.canLogin) {
    throw new DbError('28000', `role "${role.name}" is not permitted to log in`, { severity: 'FATAL' });
  }
  if (role.connectionLimit < 0 || role.superuser) return;
  let n = 0;
  for (const s of sessions) if (s.authenticatedUser === role.name) n++;
  if (n >= role.connectionLimit) {
    throw new DbError('53300', `too many connections for role "${role.name}"`, { severity: 'FATAL' });
  }
}
