/**
 * PreparedStatement: what Parse makes — the parsed AST, the parameter types and result columns
 * Describe reports, and for planned statements (SELECT, VALUES, INSERT, UPDATE, DELETE, EXPLAIN)
 * the bound and optimized plan, cached.
 *
 * PLAN CACHE. A plan is valid while the catalog view it was bound against and the session's
 * planner settings are unchanged. The catalog hands out one immutable CatalogView object per
 * catalog state (a new object after any DDL commits or aborts, and for a transaction's own DDL),
 * so the view's identity is the catalog's epoch: checking it costs one comparison, and Execute
 * of a prepared statement does no parsing, binding or optimizing. When the epoch moved the
 * statement is bound again with the same parameter types; if its result columns changed,
 * PostgreSQL's rule applies: 0A000 `cached plan must not change result type`.
 */
import type { CatalogView, FunctionDef, PreparedStatementInfo } from '@rustydb/catalog';
import { DbError, type SqlType, sqlType, typeByOid, typeOid } from '@rustydb/common';
import { optimize, type PhysicalPlan } from '@rustydb/optimizer';
import { type ExplainStmt, parse, type Statement } from '@rustydb/parser';
import { type BoundStatement, bindCall, bindStatementWithParams, type LogicalPlan } from '@rustydb/planner';
import { checkBinaryFormat, type FieldDescription, type FormatCode } from '@rustydb/protocol';
import { pgNow } from './session-catalog-info.js';
import type { SessionSettings } from './session-settings.js';

/** Queries and INSERT / UPDATE / DELETE / MERGE: what a PL/pgSQL or SQL function body plans too. */
export const DML_AND_QUERY_KINDS: ReadonlySet<string> = new Set([
  'select',
  'values',
  'setOp',
  'insert',
  'update',
  'delete',
  'merge',
]);

/** Statements that go through the binder, optimizer and executor. */
export const PLANNED_KINDS: ReadonlySet<Statement['kind']> = new Set([
  ...(DML_AND_QUERY_KINDS as ReadonlySet<Statement['kind']>),
  'explain',
]);

/** Planned statements whose result is rows even when they have no columns. */
export const QUERY_KINDS: ReadonlySet<Statement['kind']> = new Set(['select', 'values', 'setOp', 'explain']);

/** A bound and optimized plan and the epoch it belongs to. */
export interface CachedPlan {
  readonly logical: LogicalPlan;
  readonly physical: PhysicalPlan;
  readonly catalog: CatalogView;
  readonly settingsVersion: number;
}

export class PreparedStatement {
  /** How many times the statement was bound (1 after Parse; tests read the cache from it). */
  bindCount = 0;
  /**
   * pg_prepared_statements.generic_plans: how many runs took the statement's plan (Bind, EXECUTE,
   * EXPLAIN EXECUTE: `notePlanUsed`). NB: PostgreSQL plans a statement with parameters for each
   * run's values (custom_plans) for its first five runs, then keeps a generic plan only if it
   * costs no more. RustyDB always runs the one plan made from the parameter types, made again
   * only when the catalog or the planner settings changed (`plan`): every run counts here and
   * its custom_plans is always 0. A utility statement's run counts too, as in PostgreSQL.
   */
  genericPlans = 0;
  /**
   * When the statement was prepared, in Date.now() milliseconds (pg_prepared_statements'
   * prepare_time; a plain number, as every Parse of the unnamed statement makes one).
   */
  readonly preparedAtMs: number = Date.now();
  /** The last result columns made for binary formats, and those formats (see `fieldsInFormats`). */
  #binaryFields: { readonly key: string; readonly fields: readonly FieldDescription[] } | undefined;

  private constructor(
    /** The text the client sent: the whole PREPARE message, or the statement Parse was given. */
    readonly sql: string,
    /** undefined for an empty query string. */
    readonly stmt: Statement | undefined,
    readonly paramTypes: readonly SqlType[],
    readonly fields: readonly FieldDescription[] | undefined,
    private cached: CachedPlan | undefined,
    /** Made by SQL PREPARE (pg_prepared_statements.from_sql), else by the protocol's Parse. */
    readonly fromSql: boolean,
  ) {}

  /**
   * Parse: parses `sql` and, for a planned statement, binds it against `catalog` to infer the
   * parameter types and result columns. Sync.
   * @throws DbError 42601 (syntax, several statements), 42704 (unknown type OID), 42P18 (a
   *   parameter whose type is neither given nor inferred), binder errors.
   */
  static create(
    sql: string,
    paramTypeOids: readonly number[],
    catalog: CatalogView,
    settings: SessionSettings,
    session?: ReadonlyMap<string, PreparedStatement>,
  ): PreparedStatement {
    const statements = parse(sql);
    if (statements.length > 1) {
      throw new DbError('42601', 'cannot insert multiple commands into a prepared statement');
    }
    return PreparedStatement.fromStatement(
      sql,
      statements[0]?.stmt,
      paramTypeOids.map((oid) => typeFromOid(oid, catalog)),
      catalog,
      settings,
      session,
    );
  }

  /**
   * A prepared statement from an already parsed statement of `sql` (SQL-level PREPARE: the AST's
   * positions point into `sql`, the PREPARE's text). `given` are the declared parameter types
   * (undefined: infer). `session` are the session's prepared statements: an `EXECUTE name`
   * returns the rows of `name` as it is now (PostgreSQL's UtilityTupleDescriptor, at Parse).
   * `fromSql`: made by SQL PREPARE. Sync. @throws DbError binder errors.
   */
  static fromStatement(
    sql: string,
    stmt: Statement | undefined,
    given: readonly (SqlType | undefined)[],
    catalog: CatalogView,
    settings: SessionSettings,
    session?: ReadonlyMap<string, PreparedStatement>,
    fromSql = false,
  ): PreparedStatement {
    if (stmt?.kind === 'call') {
      // CALL: its `$n` typed by the parameters they fill; its row, the OUT / INOUT parameters'.
      // A `$n` it skips is refused, as for any prepared statement (PostgreSQL's 42P18).
      const bound = determined(bindCall(stmt, { catalog, sql, paramTypes: given }));
      const fields = bound.procedure.columns === undefined ? undefined : callFields(bound.procedure);
      return new PreparedStatement(sql, stmt, bound.paramTypes, fields, undefined, fromSql);
    }
    if (stmt === undefined || !PLANNED_KINDS.has(stmt.kind) || explainsUtility(stmt)) {
      const types = queryParamTypes(stmt, sql, given, catalog) ?? given.map((t) => t ?? sqlType('text'));
      const fields =
        stmt?.kind === 'execute' ? session?.get(stmt.name)?.fields : utilityFields(stmt, settings);
      return new PreparedStatement(sql, stmt, types, fields, undefined, fromSql);
    }
    const prepared = new PreparedStatement(sql, stmt, [], undefined, undefined, fromSql);
    const { cached, paramTypes } = prepared.bind(given, catalog, settings);
    const fields = resultFields(stmt, cached.logical);
    const result = new PreparedStatement(sql, stmt, paramTypes, fields, cached, fromSql);
    result.bindCount = 1;
    return result;
  }

  /** Counts a run that takes this statement's plan (see `genericPlans`). */
  notePlanUsed(): void {
    this.genericPlans++;
  }

  /** True when Execute goes through the plan (else the session runs the statement itself). */
  get planned(): boolean {
    return this.cached !== undefined;
  }

  /**
   * The plan to run in a transaction seeing `catalog`: the cached one while the epoch holds,
   * else a new one (cached in turn). Sync.
   * @throws DbError binder errors (a dropped table: 42P01), 0A000 when the result type changed.
   */
  plan(catalog: CatalogView, settings: SessionSettings): CachedPlan {
    const c = this.cached!;
    if (c.catalog === catalog && c.settingsVersion === settings.version) return c;
    const { cached } = this.bind(this.paramTypes, catalog, settings);
    if (!sameColumns(resultFields(this.stmt!, cached.logical), this.fields)) {
      throw new DbError('0A000', 'cached plan must not change result type');
    }
    this.cached = cached;
    return cached;
  }

  /**
   * The result columns in Bind's formats (none: all text; one: all; else one per column). Sync.
   * All text returns `fields` itself, the common case at every Bind: no copy, and the output
   * derives its per-column types once per statement (its memo is by identity). Binary formats
   * are remembered for the next Bind that asks for the same ones.
   * @throws DbError 08P01 for a format count that fits neither rule, 42883 for a type without a
   * binary form.
   */
  fieldsInFormats(formats: readonly FormatCode[]): readonly FieldDescription[] | undefined {
    const fields = this.fields;
    const n = fields?.length ?? 0;
    if (formats.length > 1 && formats.length !== n) {
      throw new DbError(
        '08P01',
        `bind message has ${formats.length} result formats but query has ${n} columns`,
      );
    }
    if (fields === undefined || allText(formats)) return fields;
    const key = formats.join();
    if (this.#binaryFields?.key === key) return this.#binaryFields.fields;
    const formatted = fields.map((f, i) => {
      const format = formats.length === 1 ? formats[0]! : formats[i]!;
      if (format === 1) checkBinaryFormat(f.type);
      return { ...f, format };
    });
    this.#binaryFields = { key, fields: formatted };
    return formatted;
  }

  private bind(
    paramTypes: readonly (SqlType | undefined)[],
    catalog: CatalogView,
    settings: SessionSettings,
  ): { cached: CachedPlan; paramTypes: readonly SqlType[] } {
    this.bindCount++;
    const bound = determined(bindStatementWithParams(this.stmt!, { catalog, sql: this.sql, paramTypes }));
    const physical = optimize(bound.plan, { catalog, settings: settings.all() });
    return {
      cached: { logical: bound.plan, physical, catalog, settingsVersion: settings.version },
      paramTypes: bound.paramTypes,
    };
  }
}

/**
 * EXPLAIN of EXECUTE, DECLARE, CREATE … AS or REFRESH: run by the session's EXPLAIN
 * (explain-statement.ts), as a utility statement, since the planner cannot bind what it explains.
 */
function explainsUtility(stmt: Statement): boolean {
  return stmt.kind === 'explain' && !PLANNED_KINDS.has(stmt.statement.kind);
}

/**
 * The type of EXPLAIN's one `QUERY PLAN` column: json for FORMAT JSON, else text (what Describe
 * reports before the options are checked, as PostgreSQL's ExplainResultDesc).
 */
export function explainResultType(stmt: ExplainStmt): SqlType {
  const format = stmt.options.find((o) => o.name.toLowerCase() === 'format')?.value;
  return sqlType(format?.toLowerCase() === 'json' ? 'json' : 'text');
}

/** A Parse type OID: 0 means "infer". @throws DbError 42704 for an OID we do not know. */
function typeFromOid(oid: number, catalog: CatalogView): SqlType | undefined {
  if (oid === 0) return undefined;
  const t = typeByOid(oid) ?? catalog.enumSqlTypeOfOid(oid);
  if (t === undefined) throw new DbError('42704', `type with OID ${oid} does not exist`);
  return t;
}

function resultFields(stmt: Statement, plan: LogicalPlan): FieldDescription[] | undefined {
  const columns = plan.columns;
  if (!QUERY_KINDS.has(stmt.kind) && columns.length === 0) return undefined;
  return columns.map((c) => ({
    name: c.name,
    type: c.type,
    tableOid: c.tableOid,
    columnAttnum: c.columnAttnum,
  }));
}

/** The RowDescription of a CALL with OUT / INOUT parameters: one column per parameter. */
export function callFields(def: FunctionDef): FieldDescription[] {
  return (def.columns ?? []).map((c) => ({ name: c.name, type: c.type, tableOid: 0, columnAttnum: 0 }));
}

/**
 * The parameter types of a utility statement around a query (CREATE TABLE AS, SELECT INTO,
 * DECLARE): its query's, inferred as a planned statement's are, so that `$n` there can be bound
 * (PostgreSQL analyses these queries with the statement's parameters); undefined for others.
 */
function queryParamTypes(
  stmt: Statement | undefined,
  sql: string,
  given: readonly (SqlType | undefined)[],
  catalog: CatalogView,
): readonly SqlType[] | undefined {
  // EXPLAIN of them too: its `$n` are its statement's.
  const inner = stmt?.kind === 'explain' ? stmt.statement : stmt;
  if (inner?.kind !== 'createTableAs' && inner?.kind !== 'declareCursor') return undefined;
  return determined(bindStatementWithParams(inner.query, { catalog, sql, paramTypes: given })).paramTypes;
}

/**
 * `bound`, when every parameter's type is known: a prepared statement's are fixed at Parse, so
 * one the statement skips (`SELECT $2::int`) or leaves untyped (`$1 IS NULL`) is refused, as
 * PostgreSQL's parse analysis refuses it. @throws DbError 42P18.
 */
function determined<T extends Pick<BoundStatement, 'undeterminedParam'>>(bound: T): T {
  const n = bound.undeterminedParam;
  if (n !== undefined) throw new DbError('42P18', `could not determine data type of parameter $${n + 1}`);
  return bound;
}

/** SHOW returns one text column, EXPLAIN its QUERY PLAN; other utility statements return no rows. */
function utilityFields(
  stmt: Statement | undefined,
  settings: SessionSettings,
): FieldDescription[] | undefined {
  if (stmt?.kind === 'explain') {
    return [{ name: 'QUERY PLAN', type: explainResultType(stmt), tableOid: 0, columnAttnum: 0 }];
  }
  if (stmt?.kind !== 'show') return undefined;
  const text = sqlType('text');
  if (stmt.name.toLowerCase() === 'all') {
    return ['name', 'setting', 'description'].map((name) => ({
      name,
      type: text,
      tableOid: 0,
      columnAttnum: 0,
    }));
  }
  return [{ name: settings.canonicalName(stmt.name), type: text, tableOid: 0, columnAttnum: 0 }];
}

function sameColumns(
  a: readonly FieldDescription[] | undefined,
  b: readonly FieldDescription[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((f, i) => f.name === b[i]!.name && f.type.name === b[i]!.type.name);
}

/** True when every format code is text (0), as for an empty list. A loop: this runs at every Bind. */
function allText(formats: readonly FormatCode[]): boolean {
  for (let i = 0; i < formats.length; i++) if (formats[i] !== 0) return false;
  return true;
}

/**
 * The named statements of `statements` as pg_prepared_statements shows them (the unnamed
 * statement is not listed, as in PostgreSQL). Sync.
 */
export function preparedStatementInfos(
  statements: ReadonlyMap<string, PreparedStatement>,
): PreparedStatementInfo[] {
  const out: PreparedStatementInfo[] = [];
  for (const [name, st] of statements) {
    if (name === '') continue;
    out.push({
      name,
      statement: st.sql,
      prepareTime: pgNow(st.preparedAtMs),
      parameterTypes: st.paramTypes.map(typeOid),
      fromSql: st.fromSql,
      genericPlans: BigInt(st.genericPlans),
      customPlans: 0n, // see `genericPlans`
    });
  }
  return out;
}
