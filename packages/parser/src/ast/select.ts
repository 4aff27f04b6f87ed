/**
 * Queries: SELECT, VALUES and set operations, the FROM-clause table references, and WITH.
 *
 * A `SelectStmt` is one of three kinds. Each carries the clauses that apply to a whole query
 * expression (WITH, ORDER BY, LIMIT/OFFSET, FOR UPDATE…), so
 * `SELECT 1 UNION SELECT 2 ORDER BY 1` puts the ORDER BY on the `setOp` node, while
 * `(SELECT 1 ORDER BY 1) UNION SELECT 2` keeps it on the left `select`.
 * Set operations nest as PostgreSQL's grammar nests them: UNION and EXCEPT are left-associative
 * at the same level; INTERSECT binds tighter.
 */
import type { DeleteStmt, InsertStmt, UpdateStmt } from './dml.js';
import type { Expr, FuncCall, SortBy, WindowDef } from './expr.js';
import type { ObjectName } from './object-name.js';
import type { TypeName } from './type-name.js';

/** `AS alias (col, …)` on a FROM item. */
export interface Alias {
  readonly name: string;
  readonly columns: readonly string[];
}

/** One item of a SELECT list: `expr [AS alias]`; `*` and `t.*` are `star` expressions. */
export interface ResultTarget {
  readonly expr: Expr;
  readonly alias?: string;
  readonly location: number;
}

/** A named table (or view, or CTE name) in FROM. */
export interface RelationRef {
  readonly kind: 'relation';
  readonly name: ObjectName;
  readonly alias?: Alias;
  readonly location: number;
}

/** `[LATERAL] (SELECT …) [AS] alias [(cols)]`, including `(VALUES …) AS v(a, b)`. */
export interface SubqueryRef {
  readonly kind: 'subqueryRef';
  readonly query: SelectStmt;
  readonly lateral: boolean;
  readonly alias?: Alias;
  readonly location: number;
}

/** A column definition list entry of a function in FROM: `AS f(a int, b text)`. */
export interface FunctionColumnDef {
  readonly name: string;
  readonly type: TypeName;
  readonly location: number;
}

/**
 * One function of a FROM item: `f(args)`, with the column definition list a function of
 * `ROWS FROM (f(x) AS (a int, b text), …)` may have (empty otherwise).
 */
export interface RangeFunction {
  readonly call: FuncCall;
  readonly columnDefs: readonly FunctionColumnDef[];
}

/**
 * `[LATERAL] f(args) [WITH ORDINALITY] [AS] alias [(cols)]` and `ROWS FROM (f(…), g(…))`
 * (`functions` has one entry per function; one for the plain form). `columnDefs` holds an
 * explicit column definition list `AS t(a int, b text)` after the item (then `alias.columns` is
 * empty).
 */
export interface FunctionRef {
  readonly kind: 'functionRef';
  readonly functions: readonly RangeFunction[];
  readonly rowsFrom: boolean;
  readonly lateral: boolean;
  readonly withOrdinality: boolean;
  readonly alias?: Alias;
  readonly columnDefs: readonly FunctionColumnDef[];
  readonly location: number;
}

/**
 * `left [NATURAL] {INNER | LEFT | RIGHT | FULL | CROSS} JOIN right [ON cond | USING (cols)]`.
 * A comma in FROM is not a join node: it is one more item of the FROM list.
 * `alias` is set for a parenthesized join with an alias: `(a JOIN b USING (x)) AS j`;
 * `usingAlias` for `USING (x) AS j` (PostgreSQL 14+).
 */
export interface JoinRef {
  readonly kind: 'join';
  readonly joinType: 'inner' | 'left' | 'right' | 'full' | 'cross';
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on?: Expr;
  readonly using: readonly string[];
  readonly usingAlias?: string;
  readonly alias?: Alias;
  readonly location: number;
}

/** Every FROM-clause item. */
export type TableRef = RelationRef | SubqueryRef | FunctionRef | JoinRef;

/** `ROLLUP (…)`, `CUBE (…)`, `GROUPING SETS (…)` and the empty grouping set `()`. */
export interface GroupingSet {
  readonly kind: 'groupingSet';
  readonly type: 'rollup' | 'cube' | 'sets' | 'empty';
  /** The items; a parenthesized list inside ROLLUP/CUBE is a `row` expression, as in PostgreSQL. */
  readonly content: readonly GroupingElement[];
  readonly location: number;
}

/** One GROUP BY item. */
export type GroupingElement = Expr | GroupingSet;

/** `FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [OF t, …] [NOWAIT | SKIP LOCKED]`. */
export interface LockingClause {
  readonly strength: 'update' | 'noKeyUpdate' | 'share' | 'keyShare';
  readonly of: readonly ObjectName[];
  readonly waitPolicy: 'block' | 'nowait' | 'skipLocked';
}

/** One WITH item: `name [(cols)] AS [[NOT] MATERIALIZED] (query)`. */
export interface CommonTableExpr {
  readonly name: string;
  readonly columns: readonly string[];
  readonly materialized: 'default' | 'always' | 'never';
  readonly query: SelectStmt | InsertStmt | UpdateStmt | DeleteStmt;
  readonly location: number;
}

export interface WithClause {
  readonly recursive: boolean;
  readonly ctes: readonly CommonTableExpr[];
  readonly location: number;
}

/** Clauses that apply to a whole query expression, shared by the three SelectStmt kinds. */
export interface QueryClauses {
  readonly with?: WithClause;
  readonly orderBy: readonly SortBy[];
  /** LIMIT n or FETCH FIRST n ROWS; missing for no limit and for LIMIT ALL. */
  readonly limit?: Expr;
  /** FETCH FIRST n ROWS WITH TIES. */
  readonly withTies: boolean;
  readonly offset?: Expr;
  readonly locking: readonly LockingClause[];
}

/** A simple SELECT. */
export interface Select extends QueryClauses {
  readonly kind: 'select';
  /** SELECT DISTINCT (also true for DISTINCT ON). */
  readonly distinct: boolean;
  /** The DISTINCT ON expressions; empty otherwise. */
  readonly distinctOn: readonly Expr[];
  readonly targets: readonly ResultTarget[];
  readonly from: readonly TableRef[];
  readonly where?: Expr;
  readonly groupBy: readonly GroupingElement[];
  /** GROUP BY DISTINCT (PostgreSQL 14+). */
  readonly groupByDistinct: boolean;
  readonly having?: Expr;
  /** WINDOW w AS (…) definitions, each with `name` set. */
  readonly windows: readonly WindowDef[];
  readonly location: number;
}

/** `VALUES (…), (…)` as a query; rows may contain `default` expressions inside INSERT. */
export interface Values extends QueryClauses {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
  readonly location: number;
}

/** `left UNION | INTERSECT | EXCEPT [ALL | DISTINCT] right`. */
export interface SetOperation extends QueryClauses {
  readonly kind: 'setOp';
  readonly op: 'union' | 'intersect' | 'except';
  readonly all: boolean;
  readonly left: SelectStmt;
  readonly right: SelectStmt;
  readonly location: number;
}

/** A query expression. */
export type SelectStmt = Select | Values | SetOperation;
