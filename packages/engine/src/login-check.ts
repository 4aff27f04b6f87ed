/**
 * What PostgreSQL's InitializeSessionUserId checks once a client is authenticated: the role may
 * log in, and (for roles that are not superusers) its CONNECTION LIMIT is not reached.
 */
import type { RoleDef } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';

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
