/**
 * CREATE FUNCTION / PROCEDURE, DROP and ALTER of routines (gram.y's CreateFunctionStmt,
 * RemoveFuncStmt, AlterOwnerStmt) and CALL (CallStmt). The body stays text: the engine parses
 * it (a SQL body as statements, a PL/pgSQL body with its interpreter's parser).
 */
import type { Expr, FuncCall } from './expr.js';
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
  /** CREATE PROCEDURE (no RETURNS; the engine refuses the options a procedure cannot have). */
  readonly procedure?: true;
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
  /**
   * Where the first option a procedure cannot take was written (volatility, STRICT, LEAKPROOF,
   * PARALLEL, COST, ROWS): PostgreSQL's 42P13 `invalid attribute in procedure definition`.
   */
  readonly functionOnlyOption?: number;
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

/**
 * How DROP, ALTER and COMMENT ON name a routine: FUNCTION (absent), PROCEDURE, or ROUTINE
 * (either kind).
 */
export type RoutineKind = 'procedure' | 'routine';

/** `ALTER FUNCTION | PROCEDURE | ROUTINE name[(argtypes)] OWNER TO role`. */
export interface AlterFunctionOwnerStmt {
  readonly kind: 'alterFunctionOwner';
  readonly routineKind?: RoutineKind;
  readonly function: FunctionObjectRef;
  readonly owner: RoleSpec;
}

/** `DROP FUNCTION | PROCEDURE | ROUTINE [IF EXISTS] f[(types)], … [CASCADE | RESTRICT]`. */
export interface DropFunctionStmt {
  readonly kind: 'dropFunction';
  readonly routineKind?: RoutineKind;
  readonly ifExists: boolean;
  readonly functions: readonly FunctionObjectRef[];
  readonly behavior: 'cascade' | 'restrict';
}

/** `CALL name(args)`: the call as a function call expression (positional and named arguments). */
export interface CallStmt {
  readonly kind: 'call';
  readonly call: FuncCall;
}
