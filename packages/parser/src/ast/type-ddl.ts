/**
 * Statements on user-defined types: enums (PostgreSQL's `CREATE TYPE … AS ENUM`; labels are the
 * strings as written, unvalidated: the catalog checks duplicates and lengths with PostgreSQL's
 * errors), composite types (`CREATE TYPE … AS (…)`) and domains.
 */
import type { Constraint, DropBehavior } from './ddl.js';
import type { Expr } from './expr.js';
import type { ObjectName } from './object-name.js';
import type { RoleSpec } from './role.js';
import type { FunctionColumnDef } from './select.js';
import type { TypeName } from './type-name.js';

/** `CREATE TYPE name AS ENUM ('a', …)`. */
export interface CreateEnumStmt {
  readonly kind: 'createEnum';
  readonly name: ObjectName;
  readonly labels: readonly string[];
}

/** `CREATE TYPE name AS (a int, …)`: a standalone composite type. */
export interface CreateCompositeTypeStmt {
  readonly kind: 'createCompositeType';
  readonly name: ObjectName;
  readonly columns: readonly FunctionColumnDef[];
}

/** What `ALTER TYPE name …` does to an enum. */
export type AlterEnumAction =
  /** `ADD VALUE [IF NOT EXISTS] 'x' [BEFORE | AFTER 'y']`. */
  | {
      readonly kind: 'addValue';
      readonly label: string;
      readonly ifNotExists: boolean;
      readonly neighbor?: { readonly label: string; readonly after: boolean };
    }
  /** `RENAME VALUE 'a' TO 'b'`. */
  | { readonly kind: 'renameValue'; readonly from: string; readonly to: string }
  /** `RENAME TO n2`. */
  | { readonly kind: 'renameType'; readonly to: string }
  /** `SET SCHEMA s`. */
  | { readonly kind: 'setSchema'; readonly schema: string }
  /** `OWNER TO role`. */
  | { readonly kind: 'owner'; readonly role: RoleSpec };

/** `ALTER TYPE name action`. */
export interface AlterTypeStmt {
  readonly kind: 'alterType';
  readonly name: ObjectName;
  readonly action: AlterEnumAction;
}

/**
 * `CREATE DOMAIN name [AS] type [COLLATE c] [DEFAULT e] [CONSTRAINT n] {NOT NULL | NULL | CHECK
 * (e)} …`. The constraints keep their source order (PostgreSQL names unnamed checks in it).
 */
export interface CreateDomainStmt {
  readonly kind: 'createDomain';
  readonly name: ObjectName;
  readonly type: TypeName;
  readonly collation?: string;
  readonly constraints: readonly Constraint[];
}

/** What `ALTER DOMAIN name …` does. */
export type AlterDomainAction =
  | { readonly kind: 'setDefault'; readonly expr: Expr }
  | { readonly kind: 'dropDefault' }
  | { readonly kind: 'setNotNull' }
  | { readonly kind: 'dropNotNull' }
  | { readonly kind: 'addConstraint'; readonly constraint: Constraint; readonly notValid: boolean }
  | {
      readonly kind: 'dropConstraint';
      readonly name: string;
      readonly ifExists: boolean;
      readonly behavior: DropBehavior;
    }
  | { readonly kind: 'validateConstraint'; readonly name: string }
  | { readonly kind: 'renameConstraint'; readonly from: string; readonly to: string }
  | { readonly kind: 'rename'; readonly to: string }
  | { readonly kind: 'ownerTo'; readonly role: RoleSpec }
  | { readonly kind: 'setSchema'; readonly schema: string };

/** `ALTER DOMAIN name action`. */
export interface AlterDomainStmt {
  readonly kind: 'alterDomain';
  readonly name: ObjectName;
  readonly action: AlterDomainAction;
}
