/**
 * bindStatement: the planner's entry point. One call binds one statement with fresh binders that
 * share a BindState (the SQL text for positions, the parameter types, correlation flags).
 */
import type { CatalogReader, ColumnDef } from '@rustydb/catalog';
import {
  DbError,
  elementType,
  formatTypeName,
  type Oid,
  type SqlType,
  sqlType,
  type Value,
  withoutTypmod,
} from '@rustydb/common';
import type * as ast from '@rustydb/parser';
import { forEachNode, parseExpression } from '@rustydb/parser';
import { DmlBinder } from './bind-dml.js';
import { type BindState, type BindTrace, ExprBinder } from './bind-expr.js';
import { FromBinder } from './bind-from.js';
import { QueryBinder } from './bind-select.js';
import { coerce } from './coerce.js';
import { visitExpr } from './expr-walk.js';
import type { LogicalExpr, LogicalPlan, PlanColumn } from './logical-plan.js';
import { rejectSubqueries, SUBQUERY_KINDS } from './reject-subqueries.js';
import { attachPrivileges, PrivilegeCollector } from './required-privileges.js';
import { Scope } from './scope.js';

/** What binding needs besides the statement. */
export interface BindContext {
  readonly catalog: CatalogReader;
  /**
   * Parameter types given by the client (extended protocol; holes are inferred from context).
   * Undefined: the statement takes no parameters and `$n` is 42P02, as in a simple query.
   */
  readonly paramTypes?: readonly (SqlType | undefined)[];
  /** The SQL text the statement came from (positions are offsets into it). */
  readonly sql: string;
  /** REFRESH MATERIALIZED VIEW CONCURRENTLY's own DML: this materialized view may be changed. */
  readonly refreshing?: Oid;
}

/** A bound statement and its parameters' types (given or inferred; unresolved ones become text). */
export interface BoundStatement {
  readonly plan: LogicalPlan;
  readonly paramTypes: readonly SqlType[];
  /**
   * The 0-based number of the first parameter whose type was neither given nor inferred (one the
   * statement skips, or `$1 IS NULL`): a prepared statement refuses it, PostgreSQL's 42P18.
   */
  readonly undeterminedParam?: number;
}

/**
 * Binds SELECT / VALUES / INSERT / UPDATE / DELETE (and EXPLAIN of those) into a logical plan.
 * Synchronous. Throws DbError with PostgreSQL's SQLSTATE, message and 1-based position (42P01,
 * 42703, 42702, 42804, 42883, 42803, 42601, 22P02, …); 0A000 for statements the engine should
 * have handled itself and for SQL RustyDB does not support yet.
 */
export function bindStatement(stmt: ast.Statement, ctx: BindContext): LogicalPlan {
  return bindStatementWithParams(stmt, ctx).plan;
}

/** `bindStatement` that also reports the parameter types (for ParameterDescription). */
export function bindStatementWithParams(stmt: ast.Statement, ctx: BindContext): BoundStatement {
  const binders = createBinders(ctx);
  const plan = bindAny(stmt, binders);
  attachPrivileges(plan, binders.state.privileges.list);
  return { plan, ...settleParamTypes(binders.state.params.types) };
}

/**
 * The parameter types a statement ends with: each one given or inferred, the others (a `$n` the
 * statement skips, or one nothing typed) text, with the first of those noted as
 * `undeterminedParam` (a prepared statement refuses it: 42P18). NB: `types` may be sparse (`$2`
 * alone leaves slot 0 a hole), so it is walked by index, never mapped.
 */
export function settleParamTypes(types: readonly (SqlType | undefined)[]): {
  paramTypes: SqlType[];
  undeterminedParam?: number;
} {
  const paramTypes: SqlType[] = [];
  let undetermined: number | undefined;
  for (let i = 0; i < types.length; i++) {
    const t = types[i];
    if (t === undefined) undetermined ??= i;
    paramTypes.push(t ?? sqlType('text'));
  }
  return undetermined === undefined ? { paramTypes } : { paramTypes, undeterminedParam: undetermined };
}

/** @internal The binders of one statement (shared by bind-index-expression.ts). */
export interface Binders {
  readonly state: BindState;
  readonly queries: QueryBinder;
  readonly dml: DmlBinder;
  readonly exprs: ExprBinder;
}

export function createBinders(ctx: {
  catalog: CatalogReader;
  sql: string;
  paramTypes?: readonly (SqlType | undefined)[];
  refreshing?: Oid;
  trace?: BindTrace;
}): Binders {
  let queries: QueryBinder | undefined;
  const state: BindState = {
    sql: ctx.sql,
    params: {
      types: [...(ctx.paramTypes ?? [])],
      open: ctx.paramTypes !== undefined,
      typeLookup: ctx.catalog,
    },
    bindQuery: (q, outer, exportLocks) => queries!.bindQuery(q, outer, false, exportLocks),
    correlated: [],
    ctes: [],
    cteCount: 0,
    privileges: new PrivilegeCollector(),
    types: ctx.catalog,
    extensions: ctx.catalog,
    ...(ctx.trace ? { trace: ctx.trace } : {}),
  };
  const exprs = new ExprBinder(state);
  const from = new FromBinder(exprs, ctx.catalog);
  queries = new QueryBinder(exprs, from);
  const dml = new DmlBinder(exprs, queries, from, ctx.catalog, ctx.refreshing);
  state.bindDml = (s) =>
    s.kind === 'insert' ? dml.bindInsert(s) : s.kind === 'update' ? dml.bindUpdate(s) : dml.bindDelete(s);
  return { state, queries, dml, exprs };
}

function bindAny(stmt: ast.Statement, b: Binders): LogicalPlan {
  // Only the statement's own WITH may hold INSERT / UPDATE / DELETE (bind-with.ts).
  if ('with' in stmt && stmt.with) b.state.topWith = stmt.with;
  switch (stmt.kind) {
    case 'select':
    case 'values':
    case 'setOp':
      return b.queries.bindQuery(stmt, undefined);
    case 'insert':
      return b.dml.bindInsert(stmt);
    case 'update':
      return b.dml.bindUpdate(stmt);
    case 'delete':
      return b.dml.bindDelete(stmt);
    case 'merge':
      return b.dml.bindMerge(stmt);
    case 'explain': {
      for (const o of stmt.options) {
        const on = o.value === undefined || !['false', 'off', '0'].includes(String(o.value).toLowerCase());
        if (o.name === 'analyze' && on) throw new DbError('0A000', 'EXPLAIN ANALYZE is not supported');
      }
      const inner = bindAny(stmt.statement, b);
      if (inner.kind === 'explain') throw new DbError('42601', 'EXPLAIN of EXPLAIN is not supported');
      const columns: PlanColumn[] = [
        { name: 'QUERY PLAN', type: sqlType('text'), tableOid: 0, columnAttnum: 0 },
      ];
      return { kind: 'explain', plan: inner, columns };
    }
    default:
      throw new DbError('0A000', `statement ${stmt.kind} cannot be planned`);
  }
}

/**
 * Validates a DEFAULT expression at CREATE TABLE / ALTER TABLE: no column references (0A000),
 * no subqueries (0A000), no aggregates (42803), and a type assignable to the column (42804
 * `column "a" is of type integer but default expression is of type boolean`). Synchronous;
 * throws DbError. `isNull`: the default is a NULL constant, which PostgreSQL does not store (no
 * pg_attrdef row; the column reads as having no default). `literal`: the constant PostgreSQL's
 * parser makes of a literal default, which it stores and pg_get_expr prints (`'x'::text`).
 */
export function bindColumnDefault(
  expr: ast.Expr,
  column: ColumnDef | { name: string; type: SqlType },
  catalog: CatalogReader,
): { readonly isNull: boolean; readonly literal?: { readonly value: Value; readonly type: SqlType } } {
  const b = createBinders({ catalog, sql: '' });
  const scope = new Scope([]);
  rejectInDefault(expr);
  const bound = b.exprs.bind(expr, { scope, clause: 'DEFAULT expressions' });
  visitExpr(bound, (x) => {
    if (x.kind === 'param') throw new DbError('42P02', `there is no parameter $${x.index + 1}`);
  });
  // To the type without its modifier, as PostgreSQL: `varchar(5) DEFAULT 'toolong'` is accepted,
  // and it is INSERT that applies the length (22001).
  const columnType = withoutTypmod(column.type);
  const coerced = coerce(bound, columnType, 'assignment', b.state.params, expr.location + 1);
  if (!coerced) {
    throw new DbError(
      '42804',
      `column "${column.name}" is of type ${formatTypeName(column.type)} but default expression is of type ${formatTypeName(bound.type)}`,
      { hint: 'You will need to rewrite or cast the expression.' },
    );
  }
  const literal = literalConstant(bound, coerced, columnType);
  return { isNull: coerced.kind === 'const' && coerced.value === null, ...(literal ? { literal } : {}) };
}

/**
 * A default that is a literal, as the constant PostgreSQL's parser makes of it: a typed literal
 * keeps its own type (`1` is an integer, `'x'::varchar` a varchar, whatever the column), a quoted
 * literal takes the column's type without its modifier (`'x'` on a varchar(10) column is a
 * varchar). Only built-in types: a user type's name in the stored text would not follow a rename
 * or the search path, where PostgreSQL stores the type's OID.
 */
function literalConstant(
  bound: LogicalExpr,
  coerced: LogicalExpr,
  columnType: SqlType,
): { value: Value; type: SqlType } | undefined {
  if (bound.kind !== 'const') return undefined;
  let literal: { value: Value; type: SqlType };
  if (bound.type.name !== 'unknown') literal = { value: bound.value, type: bound.type };
  else {
    // For a domain column, a constant of the base type under the domain's check (PostgreSQL's
    // CoerceToDomain, which pg_get_expr does not print): `'x'::text`, and `NULL::integer`, which
    // is kept, to override the domain's default.
    const domain = columnType.domain !== undefined;
    const c = domain && coerced.kind === 'cast' ? coerced.arg : coerced;
    if (c.kind !== 'const') return undefined;
    literal = { value: c.value, type: domain ? withoutTypmod(c.type) : columnType };
  }
  const base = elementType(literal.type) ?? literal.type;
  return base.enum === undefined && base.domain === undefined && !base.name.startsWith('reg')
    ? literal
    : undefined;
}

/** The syntactic checks PostgreSQL makes on DEFAULT expressions before binding. */
function rejectInDefault(e: ast.Expr): void {
  forEachNode(e, (n) => {
    const node = n as { kind?: string; location?: number };
    const position = node.location === undefined ? undefined : node.location + 1;
    if (node.kind === 'columnRef') {
      throw new DbError('0A000', 'cannot use column reference in DEFAULT expression', {
        ...(position ? { position } : {}),
      });
    }
    if (node.kind !== undefined && SUBQUERY_KINDS.has(node.kind)) {
      throw new DbError('0A000', 'cannot use subquery in DEFAULT expression', {
        ...(position ? { position } : {}),
      });
    }
  });
}

/** The columns a CHECK expression may name: a table's live columns in row-slot order. */
export interface CheckColumns {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: SqlType; readonly attnum?: number }[];
}

/** The scope of an expression over one row of `table` (CHECK, index and generation expressions). */
export function tableRowScope(table: CheckColumns): Scope {
  return new Scope([
    {
      alias: table.name,
      tableName: table.name,
      columns: table.columns.map((c, i) => ({
        name: c.name,
        type: c.type,
        tableOid: 0,
        attnum: c.attnum ?? i + 1,
        slot: i,
      })),
    },
  ]);
}

/**
 * Binds a CHECK constraint's expression over a table's row (CREATE TABLE, ALTER TABLE ADD
 * CONSTRAINT, and the executor compiling stored checks): a boolean expression whose `column`
 * nodes are slots of the row (`table.columns` order). Synchronous. Throws DbError 0A000 `cannot
 * use subquery in check constraint`, 42803 `aggregate functions are not allowed in check
 * constraints`, 42804 `argument of CHECK must be type boolean, not type integer`, 42703 for an
 * unknown column. The result contains no subquery, so it is also a valid physical expression.
 */
export function bindCheckExpression(
  expr: ast.Expr,
  table: CheckColumns,
  catalog: CatalogReader,
): LogicalExpr {
  rejectSubqueries(expr, 'check constraint');
  const b = createBinders({ catalog, sql: '' });
  const scope = tableRowScope(table);
  return b.exprs.bindCondition(expr, { scope, clause: 'check constraints' }, 'CHECK');
}

/** `bindCheckExpression` of stored SQL text (ConstraintDef.checkSql). @throws as that, and 42601. */
export function bindCheckSql(sql: string, table: CheckColumns, catalog: CatalogReader): LogicalExpr {
  return bindCheckExpression(parseExpression(sql), table, catalog);
}

/**
 * A column's DEFAULT bound as an expression of no columns (NULL of the column's type when it has
 * none), coerced to the column's type: what the executor evaluates for ON DELETE SET DEFAULT and
 * table rewrites. Synchronous. @throws DbError if the stored default no longer binds.
 */
export function bindDefaultExpression(column: ColumnDef, catalog: CatalogReader): LogicalExpr {
  return createBinders({ catalog, sql: '' }).dml.defaultFor(column);
}
