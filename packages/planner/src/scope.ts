/**
 * Scope: the names visible to an expression. A scope lists the FROM items of one query level
 * (each with its alias and the slots its columns occupy in the row the level produces) and links
 * to the enclosing query's scope, so a correlated subquery can see outer columns.
 *
 * Resolution follows PostgreSQL: an unqualified name searches every FROM item of the innermost
 * level first (two matches → 42702), then the enclosing levels; a qualified name `t.a` finds
 * the FROM item named `t` (42P01 "missing FROM-clause entry" when none) and then the column.
 */
import { type CompositeType, DbError, type SqlType, undefinedColumn } from '@rustydb/common';
import type { ColumnUse } from './required-privileges.js';
import { SYSTEM_COLUMN_NAMES, systemColumn } from './system-columns.js';

export interface ScopeColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly tableOid: number;
  readonly attnum: number;
  /** The column's slot in the level's row. */
  readonly slot: number;
  /** Not expanded by `*` (the hidden tid column of DML targets, merged USING columns). */
  readonly hidden?: boolean;
  /** Not a group key of its grouped level: a subquery may not read it (42803). */
  readonly ungrouped?: boolean;
  /**
   * The privilege requirement of the table or view this column belongs to: resolving the column
   * marks it read there (column privileges, required-privileges.ts). Kept by every copy of the
   * column (join aliases, grouped rows, shifted slots).
   */
  readonly privilege?: ColumnUse;
  /** The column's number for column privileges when it is not `attnum` (a view's own columns). */
  readonly privilegeAttnum?: number;
  /**
   * A merged USING column of a join without alias: the range-table name of the join input
   * column it is (the left one; RIGHT JOIN's right one), which ruleutils prints it as
   * (`a.id`); only printing a view's query reads it (bind-traced-query.ts).
   */
  readonly printedAs?: string;
  /** A system column with one value for the whole item (tableoid): read as this constant. */
  readonly constant?: number;
  /** A system column read from the header of the version whose tid is in `slot` (xmin, xmax). */
  readonly tupleField?: 'xmin' | 'xmax';
}

export interface ScopeItem {
  /** The alias (or table name) the query uses; '' for an unnamed item (a join without alias). */
  readonly alias: string;
  /** The real table name, for the "Perhaps you meant" hint. */
  readonly tableName?: string;
  readonly columns: readonly ScopeColumn[];
  /** A base table's primary key (attnums): grouping by it makes the other columns groupable. */
  readonly primaryKey?: readonly number[];
  /**
   * A table's OID, when the item is a table and so has system columns: `tableoid` (this OID)
   * and `ctid` (its hidden tid column, present when the scan emits tids).
   */
  readonly systemOf?: number;
  /** A table's or view's row type: the type of a whole-row reference to the item. */
  readonly rowType?: CompositeType;
}

/** A resolved column: the level (0 = this one) and the slot in that level's row. */
export interface ResolvedColumn {
  readonly depth: number;
  readonly index: number;
  readonly column: ScopeColumn;
  readonly item: ScopeItem;
}

export class Scope {
  /** Set when a name resolved to one of this level's columns (LATERAL detection). */
  referenced = false;

  constructor(
    readonly items: readonly ScopeItem[],
    readonly parent?: Scope,
  ) {}

  /** Nesting depth: 0 for a statement's outermost query. */
  get level(): number {
    return this.parent ? this.parent.level + 1 : 0;
  }

  /** Number of slots in this level's row. */
  get width(): number {
    let w = 0;
    for (const it of this.items) for (const c of it.columns) w = Math.max(w, c.slot + 1);
    return w;
  }

  /** Resolves `names` (`a`, `t.a`, `s.t.a`); throws 42703/42702/42P01 with `position`. */
  resolve(names: readonly string[], position: number): ResolvedColumn {
    const column = names[names.length - 1];
    const qualifier = names.length > 1 ? names[names.length - 2] : undefined;
    for (let level: Scope | undefined = this, depth = 0; level; level = level.parent, depth++) {
      const found = qualifier === undefined ? level.findUnqualified(column, position) : undefined;
      if (found) {
        level.referenced = true;
        markSelected(found.column);
        return { ...found, depth };
      }
      if (qualifier !== undefined) {
        const item = level.items.find((it) => it.alias === qualifier);
        if (item) {
          const c = qualifiedColumn(item, column, position) ?? systemColumn(item, column);
          if (!c) throw new DbError('42703', `column ${qualifier}.${column} does not exist`, { position });
          level.referenced = true;
          markSelected(c);
          return { depth, index: c.slot, column: c, item };
        }
      }
    }
    if (qualifier !== undefined) throw this.missingFromEntry(qualifier, position);
    throw undefinedColumn(column, position);
  }

  private findUnqualified(name: string, position: number): Omit<ResolvedColumn, 'depth'> | undefined {
    let found: Omit<ResolvedColumn, 'depth'> | undefined;
    const ambiguous = () => new DbError('42702', `column reference "${name}" is ambiguous`, { position });
    for (const item of this.items) {
      for (const c of item.columns) {
        if (c.name !== name || c.hidden) continue;
        if (found) throw ambiguous();
        found = { index: c.slot, column: c, item };
      }
    }
    if (found || !SYSTEM_COLUMN_NAMES.has(name)) return found;
    for (const item of this.items) {
      const c = systemColumn(item, name);
      if (c === undefined) continue;
      if (found) throw ambiguous();
      found = { index: c.slot, column: c, item };
    }
    return found;
  }

  private missingFromEntry(qualifier: string, position: number): DbError {
    for (let level: Scope | undefined = this; level; level = level.parent) {
      const byName = level.items.find((it) => it.tableName === qualifier && it.alias !== qualifier);
      if (byName) {
        return new DbError('42P01', `invalid reference to FROM-clause entry for table "${qualifier}"`, {
          position,
          hint: `Perhaps you meant to reference the table alias "${byName.alias}".`,
        });
      }
    }
    return new DbError('42P01', `missing FROM-clause entry for table "${qualifier}"`, { position });
  }

  /** The items `*` (all) or `t.*` expands; throws 42P01 for an unknown `t`. */
  starItems(qualifier: string | undefined, position: number): readonly ScopeItem[] {
    if (qualifier === undefined) return this.items;
    const item = this.items.find((it) => it.alias === qualifier);
    if (!item) throw this.missingFromEntry(qualifier, position);
    return [item];
  }
}

/**
 * `item`'s column `name` for a qualified reference; 42702 when two of its visible columns have
 * that name (a subquery's `SELECT 1 AS x, 2 AS x`), as PostgreSQL's scanRTEForColumn.
 */
function qualifiedColumn(item: ScopeItem, name: string, position: number): ScopeColumn | undefined {
  let found: ScopeColumn | undefined;
  for (const c of item.columns) {
    if (c.name !== name) continue;
    if (found === undefined) found = c;
    else if (!c.hidden && !found.hidden)
      throw new DbError('42702', `column reference "${name}" is ambiguous`, { position });
  }
  return found;
}

/** Notes that `column` is read, for column privileges (required-privileges.ts). */
export function markSelected(column: ScopeColumn): void {
  if (column.privilege === undefined) return;
  const attnum = column.privilegeAttnum ?? column.attnum;
  if (attnum > 0) column.privilege.selected.add(attnum);
}
