/**
 * SQL-level prepared statements: PREPARE, EXECUTE, DEALLOCATE. They share the namespace of the
 * extended protocol's named statements (a statement made by Parse can be run with EXECUTE and one
 * made by PREPARE can be bound by name), as in PostgreSQL.
 */
import type { DeleteStmt, InsertStmt, MergeStmt, UpdateStmt } from './dml.js';
import type { Expr } from './expr.js';
import type { SelectStmt } from './select.js';
import type { TypeName } from './type-name.js';

/** `PREPARE name [(type, …)] AS statement`. */
export interface PrepareStmt {
  readonly kind: 'prepare';
  readonly name: string;
  /** Declared parameter types; parameters beyond them are inferred. */
  readonly paramTypes: readonly TypeName[];
  readonly statement: SelectStmt | InsertStmt | UpdateStmt | DeleteStmt | MergeStmt;
  /** Offset and length of the statement's text in the SQL string (what the plan cache keeps). */
  readonly statementLocation: number;
  readonly statementLength: number;
  readonly location: number;
}

/** `EXECUTE name [(expr, …)]`. */
export interface ExecuteStmt {
  readonly kind: 'execute';
  readonly name: string;
  readonly params: readonly Expr[];
  /** Offset and length of each parameter expression's text in the SQL string. */
  readonly paramSpans: readonly { readonly location: number; readonly length: number }[];
  readonly location: number;
}

/** `DEALLOCATE [PREPARE] name | ALL`; `name` is undefined for ALL. */
export interface DeallocateStmt {
  readonly kind: 'deallocate';
  readonly name: string | undefined;
  readonly location: number;
}

/** `DISCARD ALL | PLANS | SEQUENCES | TEMP` (TEMPORARY is TEMP). */
export interface DiscardStmt {
  readonly kind: 'discard';
  readonly target: 'all' | 'plans' | 'sequences' | 'temp';
  readonly location: number;
}

/** `CHECKPOINT`. */
export interface CheckpointStmt {
  readonly kind: 'checkpoint';
  readonly location: number;
}
