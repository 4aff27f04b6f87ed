/**
 * CREATE FUNCTION and DROP FUNCTION (gram.y's CreateFunctionStmt and RemoveFuncStmt). The body
 * stays text: the engine parses it (a SQL body as statements, a PL/pgSQL body with its
 * interpreter's parser).
 */
import type { Expr } from './expr.js';
import type { RoleSpec } from './role.js';
import type { TypeName } from './type-name.js';

/** A parameter's mode: IN, OUT, INOUT or VARIADIC (proargmodes' letters i, o, b, v). */
export type ArgMode = 'in' | 'out' | 'inout' | 'variadic';

/** One parameter of a function's signature: `[mode] [name] type [DEFAULT expr]`. */
export interface FunctionArg {
  readonly mode: ArgMode;
  readonly name?: string;
  readonly type: TypeName;
  /** SETOF written before the type (an error for a parameter). */
  readonly setof: boolean;
  /** The DEFAULT (or `=`) expression. */
  readonly default?: Expr;
  readonly location: number;
}

/** PostgreSQL's provolatile letters: IMMUTABLE, STABLE, VOLATILE. */
export type Volatility = 'i' | 's' | 'v';

/**
 * `CREATE [OR REPLACE] FUNCTION name(args) RETURNS type option…`, the options in any order:
 * LANGUAGE, AS 'body', IMMUTABLE / STABLE / VOLATILE, STRICT / RETURNS NULL ON NULL INPUT /
 * CALLED ON NULL INPUT, SECURITY INVOKER / DEFINER, LEAKPROOF, PARALLEL, COST, ROWS.
 */
export interface CreateFunctionStmt {
  readonly kind: 'createFunction';
  readonly replace: boolean;
  readonly schema?: string;
  readonly name: string;
  readonly args: readonly FunctionArg[];
  /** Absent when no RETURNS is written (allowed with OUT parameters). */
  readonly returns?: TypeName;
  readonly returnsSet: boolean;
  /** RETURNS TABLE (…): its columns (unsupported by the engine this far). */
  readonly returnsTable?: readonly FunctionArg[];
  /** Case-folded; undefined when no LANGUAGE was written (42P13 in PostgreSQL). */
  readonly language?: string;
  /** The body (the AS string); undefined when missing. */
  readonly body?: string;
  readonly volatility?: Volatility;
  /** STRICT / RETURNS NULL ON NULL INPUT (true), CALLED ON NULL INPUT (false). */
  readonly strict?: boolean;
  readonly securityDefiner?: boolean;
  /** Offset of the function's name. */
  readonly location: number;
}

/** A function named in DROP FUNCTION: argument types when written (`f(int, text)`), else any. */
export interface FunctionObjectRef {
  readonly schema?: string;
  readonly name: string;
  readonly args?: readonly FunctionArg[];
  readonly location: number;
}

/** `DROP FUNCTION [IF EXISTS] f[(types)], … [CASCADE | RESTRICT]`. */
/** `ALTER FUNCTION name[(argtypes)] OWNER TO role`. */
export interface AlterFunctionOwnerStmt {
  readonly kind: 'alterFunctionOwner';
  readonly function: FunctionObjectRef;
  readonly owner: RoleSpec;
}

export interface DropFunctionStmt {
  readonly kind: 'dropFunction';
  readonly ifExists: boolean;
  readonly functions: readonly FunctionObjectRef[];
  readonly behavior: 'cascade' | 'restrict';
}
