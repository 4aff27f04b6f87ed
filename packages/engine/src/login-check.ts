/**
 * What PostgreSQL's InitializeSessionUserId and CheckMyDatabase check once a client is
 * authenticated: the role may log in, (for roles that are not superusers) its CONNECTION LIMIT
 * is not reached, and it holds CONNECT on the database (PUBLIC does by default); and what
 * InitProcess and InitPostgres check of the server's connection slots (max_connections,
 * superuser_reserved_connections).
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

/** max_connections and superuser_reserved_connections: PostgreSQL's defaults. */
export const DEFAULT_MAX_CONNECTIONS = 100;
export const DEFAULT_SUPERUSER_RESERVED_CONNECTIONS = 3;

/**
 * The server's connection slots: sessions opened for clients of the wire protocol
 * (`Database.startSession`) hold one each; embedded sessions hold none. Sync.
 */
export class ConnectionSlots {
  readonly #held = new Set<number>();

  constructor(
    readonly max: number,
    readonly reservedForSuperusers: number,
  ) {}

  /**
   * Takes a slot for session `processId` of `role`, as PostgreSQL: none left is `sorry, too many
   * clients already`; only the reserved ones left, for a role that is not a superuser, is
   * `remaining connection slots are reserved for non-replication superuser connections`.
   * @throws DbError FATAL 53300.
   */
  take(role: RoleDef, processId: number): void {
    const open = this.#held.size;
    if (open >= this.max) {
      throw new DbError('53300', 'sorry, too many clients already', { severity: 'FATAL' });
    }
    if (!role.superuser && open >= this.max - this.reservedForSuperusers) {
      throw new DbError(
        '53300',
        'remaining connection slots are reserved for non-replication superuser connections',
        {
          severity: 'FATAL',
        },
      );
    }
    this.#held.add(processId);
  }

  /** Session `processId` ended: its slot, if it held one, is free. */
  release(processId: number): void {
    this.#held.delete(processId);
  }
}
