/**
 * Schema statements: tables, constraints, indexes, views, schemas, sequences, DROP, TRUNCATE.
 *
 * Constraints have one shape whether written on a column (`a int PRIMARY KEY`: `columns` empty,
 * the column is implied) or on the table (`PRIMARY KEY (a, b)`).
 */

import type { Expr, SortBy } from './expr.js';
import type { FunctionObjectRef, RoutineKind } from './function.js';
import type { ObjectName } from './object-name.js';
import type { SelectStmt } from './select.js';
import type { TypeName } from './type-name.js';

interface ConstraintBase {
  /** `CONSTRAINT name` when written. */
  readonly name?: string;
  readonly location: number;
}

/** PRIMARY KEY, UNIQUE and FOREIGN KEY may be deferrable. */
interface DeferrableConstraint extends ConstraintBase {
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

export interface NotNullConstraint extends ConstraintBase {
  readonly kind: 'notNull';
}

/** An explicit `NULL` on a column (the default, accepted for compatibility). */
export interface NullableConstraint extends ConstraintBase {
  readonly kind: 'nullable';
}

export interface DefaultConstraint extends ConstraintBase {
  readonly kind: 'columnDefault';
  readonly expr: Expr;
}

export interface CheckConstraint extends ConstraintBase {
  readonly kind: 'check';
  readonly expr: Expr;
  readonly noInherit: boolean;
  /** `NOT VALID` (ALTER TABLE ADD only): the existing rows are not checked. */
  readonly notValid?: boolean;
}

/** What PRIMARY KEY and UNIQUE say about their index: `WITH (…)`, `USING INDEX TABLESPACE`. */
interface KeyIndexOptions {
  /** `WITH (name = value, …)`: the index's storage parameters, when written. */
  readonly storageParameters?: readonly StorageParameter[];
  /** `USING INDEX TABLESPACE name`, when written. */
  readonly tablespace?: string;
}

export interface PrimaryKeyConstraint extends DeferrableConstraint, KeyIndexOptions {
  readonly kind: 'primaryKey';
  readonly columns: readonly string[];
  readonly include: readonly string[];
}

export interface UniqueConstraint extends DeferrableConstraint, KeyIndexOptions {
  readonly kind: 'unique';
  readonly columns: readonly string[];
  readonly include: readonly string[];
  /** UNIQUE NULLS NOT DISTINCT (PostgreSQL 15). */
  readonly nullsNotDistinct: boolean;
}

export type ReferentialAction = 'noAction' | 'restrict' | 'cascade' | 'setNull' | 'setDefault';

export interface ForeignKeyConstraint extends DeferrableConstraint {
  readonly kind: 'foreignKey';
  /** Referencing columns; empty on a column constraint (`a int REFERENCES t`). */
  readonly columns: readonly string[];
  readonly refTable: ObjectName;
  /** Referenced columns; empty means the referenced table's primary key. */
  readonly refColumns: readonly string[];
  readonly match: 'simple' | 'full' | 'partial';
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /** `NOT VALID` (ALTER TABLE ADD only): the existing rows are not checked. */
  readonly notValid?: boolean;
}

/** `GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence options)]`. */
export interface IdentityConstraint extends ConstraintBase {
  readonly kind: 'identity';
  readonly generated: 'always' | 'byDefault';
  readonly options: readonly SequenceOption[];
}

/** `GENERATED ALWAYS AS (expr) STORED`. */
export interface GeneratedConstraint extends ConstraintBase {
  readonly kind: 'generated';
  readonly expr: Expr;
}

export type Constraint =
  | NotNullConstraint
  | NullableConstraint
  | DefaultConstraint
  | CheckConstraint
  | PrimaryKeyConstraint
  | UniqueConstraint
  | ForeignKeyConstraint
  | IdentityConstraint
  | GeneratedConstraint;

/** `name type [COLLATE c] [constraints…]`. */
export interface ColumnDef {
  readonly name: string;
  readonly type: TypeName;
  readonly collation?: string;
  readonly constraints: readonly Constraint[];
  readonly location: number;
}

/**
 * `CREATE [TEMP | UNLOGGED] TABLE [IF NOT EXISTS] name (columns and constraints) [USING method]
 * [WITH (…)] [ON COMMIT …]`.
 * Columns and table constraints are kept in separate lists, each in source order.
 */
export interface CreateTableStmt {
  readonly kind: 'createTable';
  readonly name: ObjectName;
  readonly temporary: boolean;
  readonly unlogged: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly constraints: readonly Constraint[];
  readonly accessMethod?: string;
  /** `WITH (fillfactor = 70, …)`: storage parameters, values as written (absent: `WITH (name)`). */
  readonly storageParameters?: readonly StorageParameter[];
  /** `LIKE source [INCLUDING … | EXCLUDING …]` elements, in source order. */
  readonly likes?: readonly TableLikeClause[];
  /** `ON COMMIT …` as written; absent when not written. */
  readonly onCommit?: OnCommitAction;
}

/** A temporary table's `ON COMMIT` action (PostgreSQL's OnCommitAction). */
export type OnCommitAction = 'preserveRows' | 'deleteRows' | 'drop';

/** What `LIKE` copies besides the columns, their types and NOT NULL (PostgreSQL's CREATE_TABLE_LIKE_*). */
export type TableLikeOption =
  | 'comments'
  | 'compression'
  | 'constraints'
  | 'defaults'
  | 'generated'
  | 'identity'
  | 'indexes'
  | 'statistics'
  | 'storage';

/** `LIKE source options…` inside CREATE TABLE's element list. */
export interface TableLikeClause {
  readonly table: ObjectName;
  /** The options in effect after applying every INCLUDING / EXCLUDING left to right. */
  readonly including: readonly TableLikeOption[];
  /** How many of the statement's columns are written before this clause: its columns go there. */
  readonly columnIndex: number;
  readonly location: number;
}

/** One `name [= value]` of a `WITH (…)` storage parameter list. */
export interface StorageParameter {
  readonly name: string;
  readonly value?: string;
  readonly location: number;
}

/**
 * `CREATE [TEMP] TABLE [IF NOT EXISTS] name [(cols)] [USING m] [ON COMMIT …] AS query
 * [WITH [NO] DATA]`, or
 * `CREATE MATERIALIZED VIEW …` of the same form (`materialized`).
 */
export interface CreateTableAsStmt {
  readonly kind: 'createTableAs';
  readonly materialized: boolean;
  readonly name: ObjectName;
  readonly temporary: boolean;
  readonly unlogged: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly string[];
  readonly accessMethod?: string;
  readonly query: SelectStmt;
  readonly withData: boolean;
  /** `ON COMMIT …` as written (a table only); absent when not written. */
  readonly onCommit?: OnCommitAction;
}

/**
 * One key of an index (also an ON CONFLICT target): a column name or a parenthesized expression
 * (exactly one of `column`/`expr` is present; a bare function call is an `expr`).
 */
export interface IndexElem {
  readonly column?: string;
  readonly expr?: Expr;
  readonly collation?: string;
  readonly opclass?: string;
  readonly direction: SortBy['direction'];
  readonly nulls: SortBy['nulls'];
  readonly location: number;
}

/** `CREATE [UNIQUE] INDEX [CONCURRENTLY] [[IF NOT EXISTS] name] ON t [USING m] (…) [INCLUDE (…)] [WHERE …]`. */
export interface CreateIndexStmt {
  readonly kind: 'createIndex';
  readonly name?: string;
  readonly table: ObjectName;
  readonly unique: boolean;
  readonly concurrently: boolean;
  readonly ifNotExists: boolean;
  readonly method?: string;
  readonly elements: readonly IndexElem[];
  readonly include: readonly string[];
  readonly nullsNotDistinct: boolean;
  /** WITH (…): the index's storage parameters (reloptions), checked by the engine. */
  readonly storageParameters?: readonly StorageParameter[];
  readonly where?: Expr;
}

/** One action of ALTER TABLE. Renames are their own statement in PostgreSQL; here they are a single action. */
export type AlterTableAction =
  | { readonly kind: 'addColumn'; readonly column: ColumnDef; readonly ifNotExists: boolean }
  | {
      readonly kind: 'dropColumn';
      readonly name: string;
      readonly ifExists: boolean;
      readonly behavior: DropBehavior;
    }
  /** SET DEFAULT expr, or DROP DEFAULT when `default` is missing. */
  | { readonly kind: 'alterColumnDefault'; readonly column: string; readonly default?: Expr }
  /** DROP EXPRESSION [IF EXISTS]: a stored generated column becomes an ordinary one. */
  | { readonly kind: 'dropExpression'; readonly column: string; readonly ifExists: boolean }
  /** ADD GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(sequence options)]. */
  | {
      readonly kind: 'addIdentity';
      readonly column: string;
      readonly generated: 'always' | 'byDefault';
      readonly options: readonly SequenceOption[];
    }
  /** SET GENERATED {ALWAYS | BY DEFAULT}. */
  | { readonly kind: 'setIdentity'; readonly column: string; readonly generated: 'always' | 'byDefault' }
  /** DROP IDENTITY [IF EXISTS]. */
  | { readonly kind: 'dropIdentity'; readonly column: string; readonly ifExists: boolean }
  /** SET NOT NULL (`notNull` true) / DROP NOT NULL. */
  | { readonly kind: 'alterColumnNotNull'; readonly column: string; readonly notNull: boolean }
  | {
      readonly kind: 'alterColumnType';
      readonly column: string;
      readonly type: TypeName;
      readonly collation?: string;
      readonly using?: Expr;
    }
  | { readonly kind: 'addConstraint'; readonly constraint: Constraint }
  | {
      readonly kind: 'dropConstraint';
      readonly name: string;
      readonly ifExists: boolean;
      readonly behavior: DropBehavior;
    }
  | { readonly kind: 'validateConstraint'; readonly name: string }
  /** ENABLE / DISABLE TRIGGER {name | ALL | USER}: `name` undefined for ALL and USER. */
  | {
      readonly kind: 'enableTrigger';
      readonly enable: boolean;
      readonly name?: string;
      readonly all: boolean;
    }
  /** SET (name = value, …) / RESET (name, …): storage parameters (reloptions). */
  | { readonly kind: 'setOptions'; readonly reset: boolean; readonly options: readonly StorageParameter[] }
  /** SET LOGGED / SET UNLOGGED: the table's relpersistence (the table is rewritten). */
  | { readonly kind: 'setLogged'; readonly logged: boolean }
  | { readonly kind: 'renameColumn'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameConstraint'; readonly from: string; readonly to: string }
  | { readonly kind: 'renameTable'; readonly to: string }
  /** SET SCHEMA s: the relation (and its indexes) move to schema `s`. */
  | { readonly kind: 'setSchema'; readonly schema: string };

/** `ALTER {TABLE | MATERIALIZED VIEW} [IF EXISTS] [ONLY] t action, …`. */
export interface AlterTableStmt {
  readonly kind: 'alterTable';
  /** The object kind the statement names: ALTER TABLE, MATERIALIZED VIEW, VIEW or SEQUENCE. */
  readonly objectType: 'table' | 'materializedView' | 'view' | 'sequence';
  readonly table: ObjectName;
  readonly ifExists: boolean;
  readonly actions: readonly AlterTableAction[];
}

/** `ALTER INDEX [IF EXISTS] name RENAME TO new | SET (…) | RESET (…)`. */
export interface AlterIndexStmt {
  readonly kind: 'alterIndex';
  readonly name: ObjectName;
  readonly ifExists: boolean;
  readonly action:
    | { readonly kind: 'rename'; readonly to: string }
    | { readonly kind: 'setOptions'; readonly reset: boolean; readonly options: readonly StorageParameter[] };
}

export type DropBehavior = 'restrict' | 'cascade';

/** `DROP {TABLE | INDEX | [MATERIALIZED] VIEW | SCHEMA | SEQUENCE | TYPE} [CONCURRENTLY] [IF EXISTS] a, b [CASCADE | RESTRICT]`. */
export interface DropStmt {
  readonly kind: 'drop';
  readonly objectType:
    | 'table'
    | 'index'
    | 'view'
    | 'materializedView'
    | 'schema'
    | 'sequence'
    | 'type'
    | 'domain'
    | 'extension';
  readonly names: readonly ObjectName[];
  readonly ifExists: boolean;
  readonly concurrently: boolean;
  readonly behavior: DropBehavior;
}

/**
 * `COMMENT ON {TABLE | VIEW | INDEX | SEQUENCE | SCHEMA | COLUMN} name IS 'text' | NULL`.
 * For COLUMN, `object` is the relation and `column` the column (the name's last part); for
 * SCHEMA, `object.name` is the schema. `comment` null removes the description.
 */
export interface CommentStmt {
  readonly kind: 'comment';
  readonly objectType:
    | 'table'
    | 'view'
    | 'materializedView'
    | 'index'
    | 'sequence'
    | 'schema'
    | 'column'
    | 'type'
    | 'domain'
    | 'extension'
    | 'function';
  readonly object: ObjectName;
  readonly column?: string;
  /** COMMENT ON FUNCTION: the function with its argument types (`object` holds its name). */
  readonly function?: FunctionObjectRef;
  /** COMMENT ON PROCEDURE / ROUTINE (objectType 'function'). */
  readonly routineKind?: RoutineKind;
  readonly comment: string | null;
}

/** `REFRESH MATERIALIZED VIEW [CONCURRENTLY] name [WITH [NO] DATA]`. */
export interface RefreshMatViewStmt {
  readonly kind: 'refreshMatView';
  readonly name: ObjectName;
  readonly concurrently: boolean;
  readonly withData: boolean;
}

/** `REINDEX {INDEX | TABLE} [CONCURRENTLY] name`: rebuild one index, or every index of a table. */
export interface ReindexStmt {
  readonly kind: 'reindex';
  readonly objectType: 'index' | 'table';
  readonly concurrently: boolean;
  readonly relation: ObjectName;
}

/** `TRUNCATE [TABLE] [ONLY] a, b [RESTART | CONTINUE IDENTITY] [CASCADE | RESTRICT]`. */
export interface TruncateStmt {
  readonly kind: 'truncate';
  readonly tables: readonly ObjectName[];
  readonly restartIdentity: boolean;
  readonly behavior: DropBehavior;
}

/** `CREATE [OR REPLACE] [TEMP] [RECURSIVE] VIEW name [(cols)] [WITH (options)] AS query [WITH [LOCAL|CASCADED] CHECK OPTION]`. */
export interface CreateViewStmt {
  readonly kind: 'createView';
  readonly name: ObjectName;
  readonly orReplace: boolean;
  readonly temporary: boolean;
  readonly recursive: boolean;
  readonly columns: readonly string[];
  readonly query: SelectStmt;
  readonly checkOption?: 'local' | 'cascaded';
  /** `WITH (check_option = …, security_barrier, …)` before AS: as written. */
  readonly options?: readonly StorageParameter[];
}

/** `CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]` (name may be missing when AUTHORIZATION is given). */
export interface CreateSchemaStmt {
  readonly kind: 'createSchema';
  readonly name?: string;
  readonly ifNotExists: boolean;
  readonly authorization?: string;
}

/**
 * One sequence option (CREATE/ALTER SEQUENCE and identity columns). Numbers are kept as source
 * text (with a leading `-` when negative) since they may exceed 2^53. `value` missing means
 * `NO MINVALUE` / `NO MAXVALUE`, or a plain `RESTART`.
 */
export type SequenceOption =
  | { readonly kind: 'as'; readonly type: TypeName }
  | {
      readonly kind: 'increment' | 'minValue' | 'maxValue' | 'start' | 'cache' | 'restart';
      readonly value?: string;
    }
  | { readonly kind: 'cycle'; readonly cycle: boolean }
  /** OWNED BY t.c (`owner` the name parts) or OWNED BY NONE (`owner` empty). */
  | { readonly kind: 'ownedBy'; readonly owner: readonly string[] }
  /** SEQUENCE NAME n, only inside identity options. */
  | { readonly kind: 'sequenceName'; readonly name: ObjectName };

/** `CREATE [TEMP] SEQUENCE [IF NOT EXISTS] name [options]`. */
export interface CreateSequenceStmt {
  readonly kind: 'createSequence';
  readonly name: ObjectName;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly options: readonly SequenceOption[];
}

/** `ALTER SEQUENCE [IF EXISTS] name options`. */
export interface AlterSequenceStmt {
  readonly kind: 'alterSequence';
  readonly name: ObjectName;
  readonly ifExists: boolean;
  readonly options: readonly SequenceOption[];
}
