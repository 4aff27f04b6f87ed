/**
 * Data-modifying statements: INSERT, UPDATE, DELETE.
 */

import type { IndexElem } from './ddl.js';
import type { Expr } from './expr.js';
import type { ColumnName, ObjectName } from './object-name.js';
import type { ResultTarget, SelectStmt, TableRef, WithClause } from './select.js';

/** `SET col = expr` (`expr` may be a `default` node). */
export interface SingleSetClause {
  readonly kind: 'set';
  readonly column: ColumnName;
  readonly value: Expr;
}

/** `SET (a, b) = (x, y)` / `= ROW(x, y)` / `= (SELECT …)`: `value` is a `row` or `subquery` node. */
export interface MultiSetClause {
  readonly kind: 'multiSet';
  readonly columns: readonly ColumnName[];
  readonly value: Expr;
}

export type SetClause = SingleSetClause | MultiSetClause;

/**
 * `ON CONFLICT [target] DO NOTHING | DO UPDATE SET … [WHERE …]`. The target is either index
 * elements with an optional predicate, or `ON CONSTRAINT name`, or missing (DO NOTHING only).
 */
export interface OnConflict {
  readonly target?: {
    readonly elements: readonly IndexElem[];
    readonly where?: Expr;
    readonly constraint?: string;
  };
  readonly action: 'nothing' | 'update';
  readonly set: readonly SetClause[];
  readonly where?: Expr;
  readonly location: number;
}

/**
 * `INSERT INTO t [AS a] [(cols)] [OVERRIDING … VALUE] {VALUES … | SELECT … | DEFAULT VALUES}
 *  [ON CONFLICT …] [RETURNING …]`. `source` is missing for DEFAULT VALUES.
 */
export interface InsertStmt {
  readonly kind: 'insert';
  readonly with?: WithClause;
  readonly table: ObjectName;
  readonly alias?: string;
  readonly columns: readonly ColumnName[];
  readonly overriding?: 'system' | 'user';
  readonly source?: SelectStmt;
  readonly onConflict?: OnConflict;
  readonly returning: readonly ResultTarget[];
}

/** `UPDATE t [[AS] a] SET … [FROM …] [WHERE …] [RETURNING …]`. */
export interface UpdateStmt {
  readonly kind: 'update';
  readonly with?: WithClause;
  readonly table: ObjectName;
  readonly alias?: string;
  readonly set: readonly SetClause[];
  readonly from: readonly TableRef[];
  readonly where?: Expr;
  readonly returning: readonly ResultTarget[];
}

/** `DELETE FROM t [[AS] a] [USING …] [WHERE …] [RETURNING …]`. */
export interface DeleteStmt {
  readonly kind: 'delete';
  readonly with?: WithClause;
  readonly table: ObjectName;
  readonly alias?: string;
  readonly using: readonly TableRef[];
  readonly where?: Expr;
  readonly returning: readonly ResultTarget[];
}

/** One `WHEN [NOT] MATCHED [AND condition] THEN action` of a MERGE. */
export type MergeWhen = MergeMatchedWhen | MergeNotMatchedWhen;

/** `WHEN MATCHED [AND …] THEN UPDATE SET … | DELETE | DO NOTHING`. */
export interface MergeMatchedWhen {
  readonly matched: true;
  readonly condition?: Expr;
  readonly action: 'update' | 'delete' | 'nothing';
  /** UPDATE's SET list (empty for the others). */
  readonly set: readonly SetClause[];
  readonly location: number;
}

/**
 * `WHEN NOT MATCHED [AND …] THEN INSERT [(cols)] [OVERRIDING …] VALUES (…) | DEFAULT VALUES |
 * DO NOTHING`; `values` is missing for DEFAULT VALUES.
 */
export interface MergeNotMatchedWhen {
  readonly matched: false;
  readonly condition?: Expr;
  readonly action: 'insert' | 'nothing';
  readonly columns: readonly ColumnName[];
  readonly overriding?: 'system' | 'user';
  readonly values?: readonly Expr[];
  readonly location: number;
}

/** `[WITH …] MERGE INTO t [[AS] a] USING source ON condition WHEN …` (PostgreSQL 15). */
export interface MergeStmt {
  readonly kind: 'merge';
  readonly with?: WithClause;
  readonly table: ObjectName;
  readonly alias?: string;
  readonly source: TableRef;
  readonly on: Expr;
  readonly when: readonly MergeWhen[];
  readonly location: number;
}
