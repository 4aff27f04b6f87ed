/**
 * `CREATE TABLE t (…, LIKE source [INCLUDING … | EXCLUDING …], …)`, as PostgreSQL 15's
 * transformTableLikeClause: the source's columns (name, type, NOT NULL — always) go where the
 * clause stands, and each INCLUDING option copies one more part:
 *
 * - DEFAULTS: column defaults (a serial's `nextval('src_id_seq')` too: the sequence is shared);
 * - GENERATED: generation expressions; IDENTITY: identity (a new sequence, default options);
 * - CONSTRAINTS: CHECK constraints, under their names (never FOREIGN KEYs);
 * - INDEXES: the primary key and unique constraints as constraints, other indexes as indexes, all
 *   named as PostgreSQL names them for the new table (`t_pkey`, `t_b_key`, `t_lower_idx`);
 * - COMMENTS: comments of the copied columns and indexes.
 *
 * STORAGE, COMPRESSION and STATISTICS are accepted: RustyDB keeps no per-column settings of
 * those kinds, so there is nothing to copy. The copy is made by writing the parts as SQL text
 * over the source's stored SQL and parsing it into the statement, so the new table's
 * definitions go through exactly the checks a written CREATE TABLE gets.
 */
import { type IndexDef, Privilege, type TableDef } from '@rustydb/catalog';
import { DbError, formatType, undefinedTable } from '@rustydb/common';
import {
  type ColumnDef,
  type Constraint,
  type CreateIndexStmt,
  type CreateTableStmt,
  parse,
  type TableLikeClause,
} from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import { createIndex } from './create-index-statement.js';
import { quoteName } from './internal-query.js';
import { requireTablePrivilege } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './session.js';

/** What a LIKE clause copies after the table exists: its indexes and comments. */
interface LikeCopy {
  readonly source: TableDef;
  readonly like: TableLikeClause;
}

/** `stmt` with its LIKE clauses' columns and constraints written in, and what is left to copy. */
export function expandTableLikes(
  stmt: CreateTableStmt,
  ctx: StatementContext,
): { readonly stmt: CreateTableStmt; readonly copies: readonly LikeCopy[] } {
  if (!stmt.likes) return { stmt, copies: [] };
  const columns: ColumnDef[] = [];
  const constraints: Constraint[] = [...stmt.constraints];
  const copies: LikeCopy[] = [];
  let written = 0;
  for (const like of stmt.likes) {
    columns.push(...stmt.columns.slice(written, like.columnIndex));
    written = like.columnIndex;
    const source = likeSource(like, ctx);
    const including = new Set(like.including);
    const parts = source.columns.map((c) => columnSql(c, including));
    if (including.has('constraints')) {
      for (const c of source.constraints) {
        if (c.kind === 'check') parts.push(`CONSTRAINT ${quoteName(c.name)} CHECK (${c.checkSql})`);
      }
    }
    if (including.has('indexes')) parts.push(...keyConstraintSql(source));
    const parsed = parse(`CREATE TABLE t (${parts.join(', ')})`)[0]!.stmt as CreateTableStmt;
    columns.push(...parsed.columns);
    constraints.push(...parsed.constraints);
    copies.push({ source, like });
  }
  columns.push(...stmt.columns.slice(written));
  const { likes: _, ...rest } = stmt;
  return { stmt: { ...rest, columns, constraints }, copies };
}

/** The source table (tables only; PostgreSQL also takes views and composite types). */
function likeSource(like: TableLikeClause, ctx: StatementContext): TableDef {
  const entry = ctx.catalog.relation(like.table.name, like.table.schema);
  if (!entry) throw undefinedTable(like.table.name, like.table.location + 1);
  if (entry.kind !== 'table') {
    throw new DbError('0A000', `LIKE is not supported for relation "${like.table.name}" (not a table)`);
  }
  // transformTableLikeClause: reading the definition needs SELECT on the source.
  requireTablePrivilege(
    ctx.catalog,
    currentUserOf(ctx.settings),
    entry.def.oid,
    entry.def.name,
    Privilege.SELECT,
  );
  return entry.def as TableDef;
}

function columnSql(c: TableDef['columns'][number], including: Set<string>): string {
  let sql = `${quoteName(c.name)} ${formatType(c.type)}`;
  if (c.notNull) sql += ' NOT NULL';
  if (c.generated) {
    if (including.has('generated')) sql += ` GENERATED ALWAYS AS (${c.defaultSql}) STORED`;
  } else if (c.defaultSql !== undefined && c.identity === undefined && including.has('defaults')) {
    // (An identity column's stored default is its own sequence's nextval: not a default.)
    sql += ` DEFAULT ${c.defaultSql}`;
  }
  if (c.identity !== undefined && including.has('identity')) {
    sql += ` GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  }
  return sql;
}

/** The PRIMARY KEY and UNIQUE constraints of `source`, unnamed so the new table's names are invented. */
function keyConstraintSql(source: TableDef): string[] {
  const out: string[] = [];
  for (const c of source.constraints) {
    if (c.kind !== 'primary' && c.kind !== 'unique') continue;
    const cols = c.columns.map((a) => quoteName(columnName(source, a))).join(', ');
    out.push(`${c.kind === 'primary' ? 'PRIMARY KEY' : 'UNIQUE'} (${cols})`);
  }
  return out;
}

const columnName = (t: TableDef, attnum: number): string => t.columns.find((c) => c.attnum === attnum)!.name;

/** After CREATE TABLE: the LIKE clauses' other indexes, then their comments. */
export async function finishTableLikes(
  copies: readonly LikeCopy[],
  table: TableDef,
  ctx: StatementContext,
): Promise<void> {
  for (const { source, like } of copies) {
    const including = new Set(like.including);
    if (including.has('indexes')) await copyIndexes(source, table, ctx, including.has('comments'));
    if (including.has('comments')) copyColumnComments(source, table, ctx);
  }
}

function copyColumnComments(source: TableDef, table: TableDef, ctx: StatementContext): void {
  for (const c of source.columns) {
    const text = ctx.catalog.description(source.oid, c.attnum);
    const target = table.columns.find((x) => x.name === c.name);
    if (text !== undefined && target) {
      ctx.engine.catalog.setDescription(ctx.tx, table.oid, target.attnum, text, table.name);
    }
  }
}

/** The indexes not behind a constraint, created as CREATE INDEX without a name would. */
async function copyIndexes(
  source: TableDef,
  table: TableDef,
  ctx: StatementContext,
  comments: boolean,
): Promise<void> {
  const quiet = quietContext(ctx);
  for (const index of source.indexes) {
    if (source.constraints.some((c) => c.index === index.oid && c.kind !== 'foreign')) continue;
    const before = new Set(tableOf(ctx, table).indexes.map((i) => i.oid));
    const stmt = parse(indexSql(source, table, index))[0]!.stmt as CreateIndexStmt;
    await createIndex(stmt, quiet, () => {});
    const text = comments ? ctx.catalog.description(index.oid) : undefined;
    const made = tableOf(ctx, table).indexes.find((i) => !before.has(i.oid));
    if (text !== undefined && made) ctx.engine.catalog.setDescription(ctx.tx, made.oid, 0, text, made.name);
  }
}

const tableOf = (ctx: StatementContext, table: TableDef): TableDef => ctx.catalog.tableByOid(table.oid)!;

/** `CREATE [UNIQUE] INDEX ON new USING m (keys) [INCLUDE (…)] [WHERE …]` for `index` of `source`. */
function indexSql(source: TableDef, table: TableDef, index: IndexDef): string {
  let expr = 0;
  const keys = index.columns.map((a, i) => {
    const key = a === 0 ? `(${index.expressions![expr++]})` : quoteName(columnName(source, a));
    return index.descending[i] ? `${key} DESC` : key;
  });
  const include = (index.include ?? []).map((a) => quoteName(columnName(source, a)));
  return (
    `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ON ${quoteName(table.schema)}.${quoteName(table.name)}` +
    ` USING ${index.method} (${keys.join(', ')})` +
    (include.length > 0 ? ` INCLUDE (${include.join(', ')})` : '') +
    (index.predicateSql !== undefined ? ` WHERE ${index.predicateSql}` : '')
  );
}

/** `ctx` without the CommandComplete of the statements LIKE runs inside CREATE TABLE. */
function quietContext(ctx: StatementContext): StatementContext {
  const out = new Proxy(ctx.out, {
    get: (target, key: keyof QueryOutput) => {
      if (key === 'commandComplete') return () => {};
      const value = target[key];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    tx: ctx.tx,
    get catalog() {
      return ctx.catalog;
    },
    sql: ctx.sql,
    params: ctx.params,
    paramTypes: ctx.paramTypes,
    out,
    engine: ctx.engine,
    settings: ctx.settings,
    onCommit: ctx.onCommit,
    execution: (params, catalog, unchecked) => ctx.execution(params, catalog, unchecked),
    routineSession: () => ctx.routineSession(),
  };
}
