/**
 * CREATE [UNIQUE] INDEX [[IF NOT EXISTS] name] ON t [USING method] (key, …) [INCLUDE (col, …)]
 * [WITH (storage parameters)] [WHERE predicate], with PostgreSQL 15's rules and errors:
 *
 * - A key is a column or an expression (`lower(name)`, `(a + b)`); `(a)` is the column a. An
 *   expression is bound over the table's row (no subqueries, aggregates or non-immutable
 *   functions: 0A000, 42803, 42P17) and stored as SQL text; its type must be indexable (42704).
 * - INCLUDE columns are stored after the key (the access method must be ordered: 0A000 for hash).
 * - WITH (…) stores the index's reloptions, checked for its access method as ALTER INDEX SET does.
 * - WHERE makes a partial index: bound as a boolean condition (42804), same restrictions.
 * - The name PostgreSQL invents uses key and INCLUDE columns, `expr` for an expression that is
 *   not a function call (`t_lower_idx`, `t_expr_idx`, `t_a_b_idx`).
 *
 * The catalog stores the definition (IndexDef.expressions / predicateSql / include) and auto
 * dependencies on every column an expression or predicate reads; populateIndex fills the index.
 */
import type { CatalogView, TableDef } from '@rustydb/catalog';
import { DbError, duplicateTable, featureNotSupported, formatType, undefinedTable } from '@rustydb/common';
import { populateIndex } from '@rustydb/executor';
import { isKeyType } from '@rustydb/index';
import { type CreateIndexStmt, type Expr, formatExpr, type IndexElem } from '@rustydb/parser';
import { bindIndexExpression, bindIndexPredicate, columnsUsed, type LogicalExpr } from '@rustydb/planner';
import type { StatementContext } from './session.js';
import { notice } from './statement-notices.js';
import { relationOptions } from './storage-parameters.js';

/** Index access methods PostgreSQL 15 has and RustyDB does not. */
const POSTGRES_ONLY_METHODS: ReadonlySet<string> = new Set(['gin', 'gist', 'spgist', 'brin']);

/** One key as the catalog's IndexSpec wants it. */
interface KeySpec {
  readonly name: string;
  readonly expression?: string;
  readonly descending: boolean;
}

/** Runs the statement (see the file comment). Async only through its caller's contract; sync work. */
export async function createIndex(
  stmt: CreateIndexStmt,
  ctx: StatementContext,
  checkCatalogName: (name: CreateIndexStmt['table']) => void,
): Promise<void> {
  checkCatalogName(stmt.table);
  if (stmt.nullsNotDistinct) throw featureNotSupported('NULLS NOT DISTINCT');
  const catalog = ctx.catalog;
  const entry = catalog.relation(stmt.table.name, stmt.table.schema);
  if (!entry) throw undefinedTable(stmt.table.name);
  if (entry.kind !== 'table') {
    throw new DbError('42809', `cannot create index on relation "${stmt.table.name}"`, {
      detail: `This operation is not supported for ${entry.kind === 'index' ? 'indexes' : `${entry.kind}s`}.`,
    });
  }
  if (stmt.name !== undefined && catalog.relation(stmt.name, entry.def.schema)) {
    if (!stmt.ifNotExists) throw duplicateTable(stmt.name);
    ctx.out.notice(notice('42P07', `relation "${stmt.name}" already exists, skipping`));
    ctx.out.commandComplete('CREATE INDEX');
    return;
  }
  const table = entry.def as TableDef;
  const methodName = stmt.method ?? 'btree';
  const method = ctx.engine.catalog.indexMethod(methodName);
  if (!method && POSTGRES_ONLY_METHODS.has(methodName)) {
    // PostgreSQL's other access methods: USING gin (to_tsvector(…)) is the usual full-text index.
    throw new DbError('0A000', `access method "${methodName}" is not supported`, {
      hint: 'RustyDB has btree, hash and lsm indexes; queries with @@ run as sequential scans.',
    });
  }
  if (!method) throw new DbError('42704', `access method "${methodName}" does not exist`);
  if (stmt.include.length > 0 && !method.ordered) {
    throw new DbError('0A000', `access method "${methodName}" does not support included columns`);
  }
  const read = new Set<string>();
  const columns = stmt.elements.map((e) => keySpec(e, table, catalog, methodName, read));
  let predicateSql: string | undefined;
  if (stmt.where) {
    noteColumns(bindIndexPredicate(stmt.where, table, catalog), table, read);
    predicateSql = formatExpr(stmt.where);
  }
  const options = stmt.storageParameters
    ? relationOptions([], stmt.storageParameters, false, { kind: 'index', method: methodName })
    : [];
  const index = ctx.engine.catalog.createIndex(ctx.tx, {
    table: table.oid,
    columns,
    unique: stmt.unique,
    ...(stmt.name === undefined ? {} : { name: stmt.name }),
    ...(stmt.method === undefined ? {} : { method: stmt.method }),
    ...(stmt.include.length > 0 ? { include: stmt.include } : {}),
    ...(predicateSql === undefined ? {} : { predicateSql }),
    ...(options.length > 0 ? { options } : {}),
    ...(read.size > 0 ? { dependsOn: [...read] } : {}),
  });
  await populateIndex(ctx.catalog.tableByOid(table.oid)!, index, ctx.execution());
  ctx.out.commandComplete('CREATE INDEX');
}

function keySpec(
  e: IndexElem,
  table: TableDef,
  catalog: CatalogView,
  method: string,
  read: Set<string>,
): KeySpec {
  const descending = e.direction === 'desc';
  // Only the default NULLS placement (LAST ascending, FIRST descending) is stored.
  if (e.nulls !== 'default' && (e.nulls === 'first') !== descending) {
    throw featureNotSupported(`NULLS ${e.nulls.toUpperCase()} in an index`);
  }
  const column = e.column ?? plainColumn(e.expr!);
  if (column !== undefined) return { name: column, descending };
  const bound = bindIndexExpression(e.expr!, table, catalog);
  if (!isKeyType(bound.type)) {
    throw new DbError(
      '42704',
      `data type ${formatType(bound.type)} has no default operator class for access method "${method}"`,
      {
        hint: 'You must specify an operator class for the index or define a default operator class for the data type.',
      },
    );
  }
  noteColumns(bound, table, read);
  const name = e.expr!.kind === 'funcCall' ? e.expr!.name : 'expr';
  return { name, expression: formatExpr(e.expr!), descending };
}

/** `(a)` is the column a, as in PostgreSQL. */
function plainColumn(e: Expr): string | undefined {
  return e.kind === 'columnRef' && e.names.length === 1 ? e.names[0] : undefined;
}

function noteColumns(e: LogicalExpr, table: TableDef, into: Set<string>): void {
  for (const slot of columnsUsed(e)) into.add(table.columns[slot]!.name);
}
