/**
 * GRANT / REVOKE of privileges and of role membership, and ALTER … OWNER TO (gram.y's GrantStmt,
 * GrantRoleStmt, AlterOwnerStmt). Names are case-folded like identifiers.
 */
import type { FunctionObjectRef, RoutineKind } from './function.js';
import type { ObjectName } from './object-name.js';
import type { RoleSpec } from './role.js';

/** One privilege as written: `select`, `usage`, `temporary` (TEMP folds to it), … */
export interface PrivilegeSpec {
  readonly name: string;
  /** Column list (`SELECT (a, b)`), if given. */
  readonly columns?: readonly string[];
  readonly location: number;
}

/**
 * What GRANT/REVOKE acts on. Routines: `ON FUNCTION | PROCEDURE | ROUTINE f[(types)], …`
 * (`routineKind` as DROP's: absent for FUNCTION) and `ON ALL FUNCTIONS | PROCEDURES | ROUTINES
 * IN SCHEMA s, …`.
 */
export type GrantTarget =
  | { readonly kind: 'table' | 'sequence'; readonly names: readonly ObjectName[] }
  | { readonly kind: 'schema' | 'database'; readonly names: readonly string[] }
  | { readonly kind: 'allTablesInSchema' | 'allSequencesInSchema'; readonly names: readonly string[] }
  | {
      readonly kind: 'function';
      readonly routineKind?: RoutineKind;
      readonly functions: readonly FunctionObjectRef[];
    }
  | {
      readonly kind: 'allFunctionsInSchema';
      readonly routineKind?: RoutineKind;
      readonly names: readonly string[];
    };

/** A grantee: a role, or PUBLIC (`{ kind: 'name', name: 'public' }`). */
export type Grantee = RoleSpec;

/**
 * `GRANT privileges ON target TO grantees [WITH GRANT OPTION] [GRANTED BY role]` and
 * `REVOKE [GRANT OPTION FOR] privileges ON target FROM grantees [GRANTED BY role] [CASCADE|RESTRICT]`.
 * `privileges` undefined: ALL [PRIVILEGES].
 */
export interface GrantStmt {
  readonly kind: 'grant';
  readonly isGrant: boolean;
  readonly privileges: readonly PrivilegeSpec[] | undefined;
  /** ALL (col, …): the column list of ALL. */
  readonly allColumns?: readonly string[];
  readonly target: GrantTarget;
  readonly grantees: readonly Grantee[];
  /** GRANT: WITH GRANT OPTION; REVOKE: GRANT OPTION FOR. */
  readonly grantOption: boolean;
  readonly grantedBy?: RoleSpec;
  readonly cascade: boolean;
}

/**
 * `GRANT role, … TO member, … [WITH ADMIN OPTION] [GRANTED BY role]` and
 * `REVOKE [ADMIN OPTION FOR] role, … FROM member, … [GRANTED BY role] [CASCADE|RESTRICT]`.
 */
export interface GrantRoleStmt {
  readonly kind: 'grantRole';
  readonly isGrant: boolean;
  readonly roles: readonly RoleSpec[];
  readonly members: readonly RoleSpec[];
  readonly adminOption: boolean;
  readonly grantedBy?: RoleSpec;
  readonly cascade: boolean;
}

/** `ALTER TABLE | [MATERIALIZED] VIEW | SEQUENCE | INDEX | SCHEMA [IF EXISTS] name OWNER TO role`. */
export interface AlterOwnerStmt {
  readonly kind: 'alterOwner';
  readonly objectKind: 'table' | 'view' | 'materializedView' | 'sequence' | 'index' | 'schema';
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly owner: RoleSpec;
}

/**
 * `ALTER DEFAULT PRIVILEGES [FOR ROLE r, …] [IN SCHEMA s, …] GRANT … ON TABLES | SEQUENCES |
 * SCHEMAS TO …` (or REVOKE): the ACL objects created later get (PostgreSQL's pg_default_acl).
 * `privileges` undefined: ALL.
 */
export interface AlterDefaultPrivilegesStmt {
  readonly kind: 'alterDefaultPrivileges';
  readonly roles: readonly RoleSpec[];
  readonly schemas: readonly string[];
  readonly isGrant: boolean;
  readonly privileges: readonly PrivilegeSpec[] | undefined;
  readonly objectType: 'tables' | 'sequences' | 'schemas';
  readonly grantees: readonly Grantee[];
  readonly grantOption: boolean;
  readonly cascade: boolean;
}
