/**
 * Statements on user-defined types. RustyDB has one kind, the enum (PostgreSQL's
 * `CREATE TYPE … AS ENUM`); labels are the strings as written, unvalidated (the catalog checks
 * duplicates and lengths with PostgreSQL's errors).
 */
import type { ObjectName } from './object-name.js';

/** `CREATE TYPE name AS ENUM ('a', …)`. */
export interface CreateEnumStmt {
  readonly kind: 'createEnum';
  readonly name: ObjectName;
  readonly labels: readonly string[];
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
  | { readonly kind: 'renameType'; readonly to: string };

/** `ALTER TYPE name action`. */
export interface AlterTypeStmt {
  readonly kind: 'alterType';
  readonly name: ObjectName;
  readonly action: AlterEnumAction;
}
