/**
 * Role statements (CREATE / ALTER / DROP ROLE, and USER as their synonym) and the asynchronous
 * notification statements (LISTEN / UNLISTEN / NOTIFY). Names are case-folded like identifiers.
 */

/**
 * One role option as written (gram.y's CreateOptRoleElem / AlterOptRoleElem after its
 * keyword checks). `location` is the option's 0-based offset, for errors such as `conflicting
 * or redundant options`.
 */
export type RoleOption =
  | { readonly kind: 'password'; readonly password: string | null; readonly location: number }
  | {
      readonly kind:
        | 'superuser'
        | 'createdb'
        | 'createrole'
        | 'inherit'
        | 'login'
        | 'replication'
        | 'bypassrls';
      readonly value: boolean;
      readonly location: number;
    }
  | { readonly kind: 'connectionLimit'; readonly limit: number; readonly location: number }
  | { readonly kind: 'validUntil'; readonly timestamp: string; readonly location: number };

/**
 * A role named in a statement: a name, or CURRENT_USER / CURRENT_ROLE / SESSION_USER (gram.y's
 * RoleSpec). `location` is the 0-based offset.
 */
export type RoleSpec =
  | { readonly kind: 'name'; readonly name: string; readonly location: number }
  | {
      readonly kind: 'current_user' | 'current_role' | 'session_user';
      readonly location: number;
    };

/** `CREATE ROLE | USER name [WITH] option…` (`user`: CREATE USER, which defaults to LOGIN). */
export interface CreateRoleStmt {
  readonly kind: 'createRole';
  readonly name: string;
  readonly user: boolean;
  readonly options: readonly RoleOption[];
}

/** `ALTER ROLE | USER role [WITH] option…` or `ALTER ROLE name RENAME TO new`. */
export interface AlterRoleStmt {
  readonly kind: 'alterRole';
  readonly role: RoleSpec;
  readonly options: readonly RoleOption[];
  readonly renameTo?: string;
}

/** `DROP ROLE | USER [IF EXISTS] role, …`. */
export interface DropRoleStmt {
  readonly kind: 'dropRole';
  readonly ifExists: boolean;
  readonly roles: readonly RoleSpec[];
}

/** `REASSIGN OWNED BY role, … TO role`. */
export interface ReassignOwnedStmt {
  readonly kind: 'reassignOwned';
  readonly roles: readonly RoleSpec[];
  readonly newRole: RoleSpec;
}

/** `DROP OWNED BY role, … [CASCADE | RESTRICT]`. */
export interface DropOwnedStmt {
  readonly kind: 'dropOwned';
  readonly roles: readonly RoleSpec[];
  readonly cascade: boolean;
}

/** `LISTEN channel`. */
export interface ListenStmt {
  readonly kind: 'listen';
  readonly channel: string;
}

/** `UNLISTEN channel` or `UNLISTEN *` (`channel` undefined). */
export interface UnlistenStmt {
  readonly kind: 'unlisten';
  readonly channel?: string;
}

/** `NOTIFY channel [, 'payload']` (payload '' when omitted, as PostgreSQL sends it). */
export interface NotifyStmt {
  readonly kind: 'notify';
  readonly channel: string;
  readonly payload: string;
}
