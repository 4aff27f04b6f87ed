/**
 * CREATE TRIGGER, DROP TRIGGER and ALTER TRIGGER … RENAME (gram.y's CreateTrigStmt, DropStmt on
 * OBJECT_TRIGGER, RenameStmt on OBJECT_TRIGGER). ENABLE / DISABLE TRIGGER are ALTER TABLE actions
 * (ddl.ts).
 */
import type { Expr } from './expr.js';
import type { ObjectName } from './object-name.js';

/** An event a trigger fires on; UPDATE may name columns (`UPDATE OF a, b`). */
export type TriggerEvent =
  | { readonly kind: 'insert' }
  | { readonly kind: 'delete' }
  | { readonly kind: 'truncate' }
  | { readonly kind: 'update'; readonly columns?: readonly string[] };

/**
 * `CREATE [OR REPLACE] [CONSTRAINT] TRIGGER name {BEFORE | AFTER} event [OR …] ON table
 * [FOR [EACH] {ROW | STATEMENT}] [WHEN (condition)] EXECUTE {FUNCTION | PROCEDURE} f(args)`.
 */
export interface CreateTriggerStmt {
  readonly kind: 'createTrigger';
  readonly replace: boolean;
  /** CREATE CONSTRAINT TRIGGER (the engine refuses it, 0A000). */
  readonly constraint: boolean;
  readonly name: string;
  readonly timing: 'before' | 'after' | 'instead';
  readonly events: readonly TriggerEvent[];
  readonly table: ObjectName;
  readonly forEachRow: boolean;
  readonly when?: Expr;
  readonly function: { readonly schema?: string; readonly name: string; readonly location: number };
  /** The arguments as strings (tgargs): numbers and names as written, strings decoded. */
  readonly args: readonly string[];
  readonly location: number;
}

/** `DROP TRIGGER [IF EXISTS] name ON table [CASCADE | RESTRICT]`. */
export interface DropTriggerStmt {
  readonly kind: 'dropTrigger';
  readonly name: string;
  readonly table: ObjectName;
  readonly ifExists: boolean;
  readonly behavior: 'cascade' | 'restrict';
}

/** `ALTER TRIGGER name ON table RENAME TO new`. */
export interface AlterTriggerStmt {
  readonly kind: 'alterTrigger';
  readonly name: string;
  readonly table: ObjectName;
  readonly newName: string;
}
