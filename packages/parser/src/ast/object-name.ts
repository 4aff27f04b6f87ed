/**
 * A possibly qualified object name: `t`, `s.t` or `db.s.t` (names case-folded). `location` is
 * the offset of the first name part, for "relation … does not exist" positions.
 */
export interface ObjectName {
  readonly catalog?: string;
  readonly schema?: string;
  readonly name: string;
  readonly location: number;
}

/** A column name with its position, where errors about it point at it (INSERT/UPDATE targets). */
export interface ColumnName {
  readonly name: string;
  readonly location: number;
}
