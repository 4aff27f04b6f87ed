/**
 * Expression nodes: everything that can appear where PostgreSQL's grammar says `a_expr`.
 *
 * Every node is a readonly plain object tagged with `kind` and carrying `location`, the 0-based
 * character offset of the node's first character (for operators: the operator token, as
 * PostgreSQL reports it) in the whole SQL string the parser was given. Nodes are JSON-printable:
 * no classes, no parent pointers, no `undefined`-vs-missing distinctions that matter.
 *
 * Conventions (documented once here, relied on by the binder):
 * - Identifiers are already case-folded: unquoted → lower case, quoted → as written.
 * - Absent optional clauses are missing properties; lists are always present (maybe empty);
 *   boolean flags are always present.
 * - Literals keep their source text; the binder decides their types (an `integer` literal that
 *   does not fit int4 becomes int8 or numeric there, as in PostgreSQL).
 * - A unary minus applied directly to a numeric literal is folded into the literal (`-1` is the
 *   literal `-1`), as PostgreSQL's grammar does, so `-2147483648` can be typed int4.
 * - SQL-syntax functions become calls with `sqlSyntax: true`, as PostgreSQL 15 does:
 *   `EXTRACT(f FROM x)` → `extract('f', x)`, `POSITION(a IN b)` → `position(b, a)`,
 *   `SUBSTRING(x FROM a FOR b)` → `substring(x, a, b)`, `TRIM(BOTH c FROM s)` → `btrim(s, c)`
 *   (`ltrim`/`rtrim` for LEADING/TRAILING), `OVERLAY(a PLACING b FROM c FOR d)` →
 *   `overlay(a, b, c, d)`, `x AT TIME ZONE z` → `timezone(z, x)`. All have schema `pg_catalog`.
 * - COALESCE, NULLIF, GREATEST/LEAST and GROUPING have their own node kinds (their typing rules
 *   differ from ordinary function resolution).
 * - `x IN (list)`, `x IN (subquery)`, `x op ANY/ALL (array)` and `x op ANY/ALL (subquery)` are
 *   four kinds; NOT IN sets `negated` rather than wrapping in `not`.
 * - `!=` is normalized to `<>`; other operators keep their text; `OPERATOR(schema.op)` becomes
 *   plain `op` (the schema is dropped). In `x op ANY (…)`, LIKE/ILIKE are stored as PostgreSQL's
 *   operator names `~~`, `!~~`, `~~*`, `!~~*`.
 */
import type { SelectStmt } from './select.js';
import type { TypeName } from './type-name.js';

/** A constant. `value` is the source text decoded (escapes and quotes removed for strings). */
export interface Literal {
  readonly kind: 'literal';
  /**
   * `integer`: digits only (optionally with a folded leading `-`); `numeric`: with a point or an
   * exponent; `string`: any quoted string (`value` is the decoded content); `boolean`: `value` is
   * 'true' or 'false'; `null`: `value` is 'null'; `bitstring`: B'0101' → 'b0101', X'1F' → 'x1F'
   * (PostgreSQL's internal spelling).
   */
  readonly type: 'integer' | 'numeric' | 'string' | 'boolean' | 'null' | 'bitstring';
  readonly value: string;
  readonly location: number;
}

/** A column reference: `a`, `t.a`, `s.t.a` (names in source order, case-folded). */
export interface ColumnRef {
  readonly kind: 'columnRef';
  readonly names: readonly string[];
  readonly location: number;
}

/** `*` or `t.*` (qualifier holds `['t']`; empty for a bare `*`). Only valid in target lists and row contexts. */
export interface Star {
  readonly kind: 'star';
  readonly qualifier: readonly string[];
  readonly location: number;
}

/** `$n`: a positional parameter (1-based). */
export interface Param {
  readonly kind: 'param';
  readonly number: number;
  readonly location: number;
}

/** `left op right` for every binary operator except AND/OR/IS/LIKE/IN/BETWEEN (which have their own kinds). */
export interface BinaryOp {
  readonly kind: 'binaryOp';
  readonly op: string;
  readonly left: Expr;
  readonly right: Expr;
  readonly location: number;
}

/** A prefix operator: `-x`, `+x`, `~x`, `@x`, `|/x`… (unless folded into a numeric literal). */
export interface UnaryOp {
  readonly kind: 'unaryOp';
  readonly op: string;
  readonly operand: Expr;
  readonly location: number;
}

/** `a AND b AND c`, flattened: nested ANDs become one node with all operands. */
export interface And {
  readonly kind: 'and';
  readonly args: readonly Expr[];
  readonly location: number;
}

/** `a OR b OR c`, flattened like `And`. */
export interface Or {
  readonly kind: 'or';
  readonly args: readonly Expr[];
  readonly location: number;
}

export interface Not {
  readonly kind: 'not';
  readonly arg: Expr;
  readonly location: number;
}

/** `x IS [NOT] NULL`, `x ISNULL`, `x NOTNULL`. */
export interface NullTest {
  readonly kind: 'nullTest';
  readonly arg: Expr;
  readonly negated: boolean;
  readonly location: number;
}

/** `x IS [NOT] TRUE | FALSE | UNKNOWN`. */
export interface BooleanTest {
  readonly kind: 'booleanTest';
  readonly arg: Expr;
  readonly test: 'true' | 'false' | 'unknown';
  readonly negated: boolean;
  readonly location: number;
}

/** `a IS [NOT] DISTINCT FROM b`. */
export interface DistinctFrom {
  readonly kind: 'distinctFrom';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
  readonly location: number;
}

/** `x [NOT] BETWEEN [SYMMETRIC] low AND high`. */
export interface Between {
  readonly kind: 'between';
  readonly arg: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
  readonly location: number;
}

/** `x [NOT] IN (a, b, c)`. */
export interface InList {
  readonly kind: 'inList';
  readonly arg: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
  readonly location: number;
}

/** `x [NOT] IN (SELECT …)`; `arg` may be a row constructor. */
export interface InSubquery {
  readonly kind: 'inSubquery';
  readonly arg: Expr;
  readonly query: SelectStmt;
  readonly negated: boolean;
  readonly location: number;
}

/** `x [NOT] LIKE | ILIKE | SIMILAR TO pattern [ESCAPE e]`. */
export interface Like {
  readonly kind: 'like';
  readonly op: 'like' | 'ilike' | 'similar';
  readonly arg: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
  readonly location: number;
}

/** `x op ANY | ALL (array expression)` (SOME is ANY). */
export interface QuantifiedArray {
  readonly kind: 'quantifiedArray';
  readonly op: string;
  readonly quantifier: 'any' | 'all';
  readonly left: Expr;
  readonly array: Expr;
  readonly location: number;
}

/** `x op ANY | ALL (SELECT …)`. */
export interface QuantifiedSubquery {
  readonly kind: 'quantifiedSubquery';
  readonly op: string;
  readonly quantifier: 'any' | 'all';
  readonly left: Expr;
  readonly query: SelectStmt;
  readonly location: number;
}

/** `EXISTS (SELECT …)`. */
export interface Exists {
  readonly kind: 'exists';
  readonly query: SelectStmt;
  readonly location: number;
}

/** A scalar subquery `(SELECT …)` used as a value. */
export interface ScalarSubquery {
  readonly kind: 'subquery';
  readonly query: SelectStmt;
  readonly location: number;
}

/** `ARRAY(SELECT …)`. */
export interface ArraySubquery {
  readonly kind: 'arraySubquery';
  readonly query: SelectStmt;
  readonly location: number;
}

/** `CAST(x AS t)`, `x::t`, and typed literals `date '2020-01-01'` (a cast of a string literal). */
export interface Cast {
  readonly kind: 'cast';
  readonly arg: Expr;
  readonly type: TypeName;
  readonly location: number;
}

/** `x COLLATE "name"`; `collation` is the last part of the name (a schema qualifier is dropped). */
export interface Collate {
  readonly kind: 'collate';
  readonly arg: Expr;
  readonly collation: string;
  readonly location: number;
}

/** One `ORDER BY` item (also used in aggregate calls and window definitions). */
export interface SortBy {
  readonly expr: Expr;
  readonly direction: 'default' | 'asc' | 'desc';
  readonly nulls: 'default' | 'first' | 'last';
  readonly location: number;
}

/** One bound of a window frame. `offset` is present for `n PRECEDING` / `n FOLLOWING`. */
export interface FrameBound {
  readonly type: 'unboundedPreceding' | 'preceding' | 'currentRow' | 'following' | 'unboundedFollowing';
  readonly offset?: Expr;
}

/** `ROWS | RANGE | GROUPS [BETWEEN] start [AND end] [EXCLUDE …]`; `end` missing means CURRENT ROW. */
export interface WindowFrame {
  readonly mode: 'rows' | 'range' | 'groups';
  readonly start: FrameBound;
  readonly end?: FrameBound;
  readonly exclusion: 'noOthers' | 'currentRow' | 'group' | 'ties';
}

/**
 * A window specification: in `OVER (…)`, `OVER w` (only `refName`), or `WINDOW w AS (…)` (with
 * `name`). `refName` inside parentheses copies a named window: `OVER (w ORDER BY x)`.
 */
export interface WindowDef {
  readonly name?: string;
  readonly refName?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortBy[];
  readonly frame?: WindowFrame;
  readonly location: number;
}

/**
 * A function call. `count(*)` has `star: true` and no args. Named arguments (`f(a => 1)`) put
 * the names in `argNames` (same length as `args`, null for positional ones); `argNames` is
 * missing when no argument is named. `withinGroup` is the ORDER BY of `WITHIN GROUP (…)`.
 */
export interface FuncCall {
  readonly kind: 'funcCall';
  readonly schema?: string;
  readonly name: string;
  readonly args: readonly Expr[];
  readonly argNames?: readonly (string | null)[];
  readonly star: boolean;
  readonly distinct: boolean;
  readonly variadic: boolean;
  readonly orderBy: readonly SortBy[];
  readonly withinGroup: boolean;
  readonly filter?: Expr;
  readonly over?: WindowDef;
  /** Written in SQL syntax (EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY, AT TIME ZONE): see the file comment. */
  readonly sqlSyntax: boolean;
  readonly location: number;
}

/** CURRENT_DATE, CURRENT_TIMESTAMP[(p)], LOCALTIME, CURRENT_USER, … (PostgreSQL's SQLValueFunction). */
export interface SqlValueFunction {
  readonly kind: 'sqlValueFunction';
  readonly op:
    | 'current_date'
    | 'current_time'
    | 'current_timestamp'
    | 'localtime'
    | 'localtimestamp'
    | 'current_role'
    | 'current_user'
    | 'session_user'
    | 'user'
    | 'current_catalog'
    | 'current_schema';
  readonly precision?: number;
  readonly location: number;
}

export interface CaseWhen {
  readonly when: Expr;
  readonly then: Expr;
  readonly location: number;
}

/** `CASE [arg] WHEN … THEN … [ELSE …] END`: `arg` present for the simple form. */
export interface Case {
  readonly kind: 'case';
  readonly arg?: Expr;
  readonly whens: readonly CaseWhen[];
  readonly else?: Expr;
  readonly location: number;
}

export interface Coalesce {
  readonly kind: 'coalesce';
  readonly args: readonly Expr[];
  readonly location: number;
}

export interface NullIf {
  readonly kind: 'nullIf';
  readonly left: Expr;
  readonly right: Expr;
  readonly location: number;
}

/** GREATEST(…) / LEAST(…). */
export interface MinMax {
  readonly kind: 'minMax';
  readonly op: 'greatest' | 'least';
  readonly args: readonly Expr[];
  readonly location: number;
}

/** GROUPING(a, b): the grouping-set bitmask function. */
export interface Grouping {
  readonly kind: 'grouping';
  readonly args: readonly Expr[];
  readonly location: number;
}

/** `ARRAY[a, b]`; nested brackets `ARRAY[[1,2],[3,4]]` give array elements (with `explicit` false). */
export interface ArrayExpr {
  readonly kind: 'array';
  readonly elements: readonly Expr[];
  /** True when written with the ARRAY keyword (false for inner `[…]` of a multi-dimensional array). */
  readonly explicit: boolean;
  readonly location: number;
}

/** `ROW(a, b)` (explicit) or `(a, b)` (implicit; at least two items). */
export interface Row {
  readonly kind: 'row';
  readonly args: readonly Expr[];
  readonly explicit: boolean;
  readonly location: number;
}

/** `x[i]` (no `upper`, `slice` false) or `x[a:b]` (`slice` true; bounds may be missing: `x[:b]`). */
export interface Subscript {
  readonly kind: 'subscript';
  readonly arg: Expr;
  readonly lower?: Expr;
  readonly upper?: Expr;
  readonly slice: boolean;
  readonly location: number;
}

/** `(x).f`: a field of a composite value. */
export interface FieldSelect {
  readonly kind: 'fieldSelect';
  readonly arg: Expr;
  readonly field: string;
  readonly location: number;
}

/** `(x).*`: all fields of a composite value. */
export interface FieldStar {
  readonly kind: 'fieldStar';
  readonly arg: Expr;
  readonly location: number;
}

/** DEFAULT inside a VALUES row or an UPDATE SET clause (PostgreSQL's SetToDefault). */
export interface SetToDefault {
  readonly kind: 'default';
  readonly location: number;
}

/** Every expression node. Dispatch on `kind` exhaustively (switch + assertNever). */
export type Expr =
  | Literal
  | ColumnRef
  | Star
  | Param
  | BinaryOp
  | UnaryOp
  | And
  | Or
  | Not
  | NullTest
  | BooleanTest
  | DistinctFrom
  | Between
  | InList
  | InSubquery
  | Like
  | QuantifiedArray
  | QuantifiedSubquery
  | Exists
  | ScalarSubquery
  | ArraySubquery
  | Cast
  | Collate
  | FuncCall
  | SqlValueFunction
  | Case
  | Coalesce
  | NullIf
  | MinMax
  | Grouping
  | ArrayExpr
  | Row
  | Subscript
  | FieldSelect
  | FieldStar
  | SetToDefault;

/** The `kind` tags of `Expr`. */
export type ExprKind = Expr['kind'];
