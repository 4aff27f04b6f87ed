/**
 * Bound expressions: what the binder makes of an AST expression once every name is resolved and
 * every type is known. They are plain, printable data, like the plans that hold them.
 *
 * INVARIANTS
 * - Every node carries its result `type`. Arguments of an operator are already coerced to the
 *   operator's input types (implicit casts are explicit `cast` nodes), so the executor never
 *   resolves types at run time: it picks one kernel per node when it compiles the expression.
 * - A `column` refers to a slot of the row the enclosing plan node consumes (its input; for a
 *   join, the left columns then the right columns). An `outerColumn` refers to a slot of the row
 *   of an enclosing query (correlated subqueries), `depth` levels out.
 * - `P` is the type of plan a subquery holds: a LogicalPlan after binding, a physical plan after
 *   the optimizer (the same expression shapes serve both stages).
 */
import type { SqlType, Value } from '@rustydb/common';

/** A literal, or anything the optimizer folded into one. */
export interface ConstExpr {
  readonly kind: 'const';
  readonly type: SqlType;
  readonly value: Value;
  /**
   * An integer literal converted to the other operand's integer type (`q > 5`, q bigint): the
   * type it was written with, which PostgreSQL keeps (a cross-type operator) and so prints.
   */
  readonly written?: SqlType;
}

/** A column of the input row, by position. `table` and `name` are for printing only. */
export interface ColumnExpr {
  readonly kind: 'column';
  readonly type: SqlType;
  readonly index: number;
  readonly name: string;
  readonly table?: string;
}

/** A column of an enclosing query's current row: `depth` 1 is the immediately enclosing query. */
export interface OuterColumnExpr {
  readonly kind: 'outerColumn';
  readonly type: SqlType;
  readonly depth: number;
  readonly index: number;
  readonly name: string;
  readonly table?: string;
}

/** `$n`: `index` is 0-based (`$1` is index 0). */
export interface ParamExpr {
  readonly kind: 'param';
  readonly type: SqlType;
  readonly index: number;
}

/**
 * The operators with a kernel per argument type. Arithmetic: `+ - * / % ^`, unary `neg`;
 * comparisons: `= <> < <= > >=` (both arguments of the same type family); `||` text concatenation.
 * The date/time, interval, json/jsonb and array operators may mix operand types (`date + int4`,
 * `jsonb -> text`): their kernel is picked by both argument types.
 */
export type OpName =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'neg'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '||'
  // json/jsonb and array operators (operator-table.ts)
  | '->'
  | '->>'
  | '#>'
  | '#>>'
  | '@>'
  | '<@'
  | '?'
  | '?|'
  | '?&'
  | '&&'
  // tsvector / tsquery (text-search)
  | '@@'
  // jsonpath: jsonb @? jsonpath
  | '@?'
  | '<->'
  | '#-';

export interface OpExpr<P> {
  readonly kind: 'op';
  readonly type: SqlType;
  readonly op: OpName;
  readonly args: readonly BoundExpr<P>[];
}

/** A call of a scalar function from the function table (functions.ts), arguments coerced. */
export interface FuncExpr<P> {
  readonly kind: 'func';
  readonly type: SqlType;
  readonly name: string;
  readonly args: readonly BoundExpr<P>[];
  /** The SQL keyword the call was written as, where it is not `name()` (CURRENT_TIMESTAMP is now()). */
  readonly keyword?: string;
  /**
   * A user-defined function (CREATE FUNCTION): its OID, which the executor hands to the engine
   * (ExecutionContext.routines), and whether it is VOLATILE (never moved or folded) or
   * IMMUTABLE. `set`: the function returns a set (RETURNS SETOF / TABLE), which only a FROM item
   * or a select-list item can take (elsewhere the executor raises 0A000).
   */
  readonly routine?: {
    readonly oid: number;
    readonly volatile: boolean;
    readonly immutable: boolean;
    readonly set?: true;
  };
  /**
   * A `VARIADIC "any"` function (concat, num_nulls …) called with the VARIADIC keyword: the last
   * argument is the array whose elements are the variadic arguments.
   */
  readonly variadicArray?: boolean;
}

/** A conversion to `type` (explicit `CAST`/`::`, or an implicit/assignment coercion). */
export interface CastExpr<P> {
  readonly kind: 'cast';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  /** Written by the user (shown in EXPLAIN) rather than added by coercion. */
  readonly explicit: boolean;
}

/** AND / OR with SQL's three-valued logic. */
export interface BoolExpr<P> {
  readonly kind: 'and' | 'or';
  readonly type: SqlType;
  readonly args: readonly BoundExpr<P>[];
}

export interface NotExpr<P> {
  readonly kind: 'not';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
}

/** Searched CASE: the simple form `CASE x WHEN v` is bound to `x = v` conditions. */
export interface CaseExpr<P> {
  readonly kind: 'case';
  readonly type: SqlType;
  readonly whens: readonly { readonly cond: BoundExpr<P>; readonly result: BoundExpr<P> }[];
  readonly otherwise: BoundExpr<P>;
  /** Written `CASE x WHEN v …` (each condition is `x = v`), which is how it prints. */
  readonly simple?: true;
}

/** COALESCE, GREATEST, LEAST: the arguments coerced to one common type. */
export interface VariadicExpr<P> {
  readonly kind: 'coalesce' | 'greatest' | 'least';
  readonly type: SqlType;
  readonly args: readonly BoundExpr<P>[];
}

/** NULLIF(a, b): `a = b` is `cmp` (an `=` OpExpr over the two coerced arguments). */
export interface NullIfExpr<P> {
  readonly kind: 'nullif';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  readonly cmp: BoundExpr<P>;
}

/** `x IS [NOT] NULL`. */
export interface NullTestExpr<P> {
  readonly kind: 'isNull';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  readonly negated: boolean;
}

/** `x IS [NOT] TRUE | FALSE | UNKNOWN`. */
export interface BoolTestExpr<P> {
  readonly kind: 'isBool';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  readonly test: 'true' | 'false' | 'unknown';
  readonly negated: boolean;
}

/** `a IS [NOT] DISTINCT FROM b`: `eq` is the `=` comparison of the coerced arguments. */
export interface DistinctExpr<P> {
  readonly kind: 'isDistinct';
  readonly type: SqlType;
  readonly eq: OpExpr<P>;
  readonly negated: boolean;
}

/** `x [NOT] LIKE | ILIKE | SIMILAR TO pattern [ESCAPE e]`; text arguments. */
export interface LikeExpr<P> {
  readonly kind: 'like';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  readonly pattern: BoundExpr<P>;
  /** Absent: the default escape `\`. A NULL/empty escape disables escaping (as PostgreSQL). */
  readonly escape?: BoundExpr<P>;
  readonly caseInsensitive: boolean;
  /** SIMILAR TO: the pattern is an SQL regular expression (`|`, `*`, `+`, `()`, `[]` …). */
  readonly similar?: boolean;
  readonly negated: boolean;
}

/** `x [NOT] IN (v1, v2, …)`: `arg` and the list coerced to one type. */
export interface InListExpr<P> {
  readonly kind: 'inList';
  readonly type: SqlType;
  readonly arg: BoundExpr<P>;
  readonly list: readonly BoundExpr<P>[];
  readonly negated: boolean;
}

/**
 * A subquery in an expression. `scalar`: its single column of at most one row (21000 when more);
 * `exists`: whether it yields a row; `in`: `testExpr` compared (`=`) with its single column, with
 * SQL's NULL rules. `correlated` subqueries read `outerColumn`s and run once per outer row; the
 * others run once per statement and their result is kept.
 */
export interface SubqueryExpr<P> {
  readonly kind: 'subquery';
  readonly type: SqlType;
  readonly mode: 'scalar' | 'exists' | 'in';
  readonly plan: P;
  readonly testExpr?: BoundExpr<P>;
  readonly negated: boolean;
  readonly correlated: boolean;
}

export type BoundExpr<P> =
  | ConstExpr
  | ColumnExpr
  | OuterColumnExpr
  | ParamExpr
  | OpExpr<P>
  | FuncExpr<P>
  | CastExpr<P>
  | BoolExpr<P>
  | NotExpr<P>
  | CaseExpr<P>
  | VariadicExpr<P>
  | NullIfExpr<P>
  | NullTestExpr<P>
  | BoolTestExpr<P>
  | DistinctExpr<P>
  | LikeExpr<P>
  | InListExpr<P>
  | SubqueryExpr<P>;

export type BoundExprKind = BoundExpr<unknown>['kind'];
