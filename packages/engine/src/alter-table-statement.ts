/**
 * ALTER TABLE: each action in order, in the statement's transaction (so ROLLBACK undoes all).
 *
 * - Catalog-only: RENAME (table, column, constraint), SET / DROP DEFAULT, DROP EXPRESSION (the
 *   generated column keeps its values), DROP NOT NULL, DROP CONSTRAINT, DROP COLUMN
 *   (attisdropped: no row is touched, see the catalog's alter-table.ts).
 * - Validating: SET NOT NULL, ADD CHECK and ADD FOREIGN KEY scan the existing rows through a
 *   query and fail as PostgreSQL does; ADD PRIMARY KEY / UNIQUE builds the index over them.
 * - Rewriting: ALTER COLUMN TYPE and ADD COLUMN with a DEFAULT (or NOT NULL, SERIAL, identity,
 *   a generation expression: computed from each row's other columns) give the table new files and copy every row into them, converted (internal-query.ts).
 *
 * Views are stored as SQL text, so a change that would alter what a dependent view's query
 * means is checked by binding the view again: DROP COLUMN drops the views that no longer bind
 * with CASCADE and fails with 2BP01 without; ALTER COLUMN TYPE and RENAME fail when a view would
 * change (PostgreSQL keeps such views working by OID — NB: RustyDB cannot yet).
 */
import type { CatalogView, RelationEntry, TableDef, ViewDef } from '@rustydb/catalog';
import { canCast, DbError, featureNotSupported, formatType, type Oid, sqlType } from '@rustydb/common';
import { populateIndex } from '@rustydb/executor';
import {
  type AlterTableAction,
  type AlterTableStmt,
  type Expr,
  formatExpr,
  parse,
  parseExpression,
  type SelectStmt,
} from '@rustydb/parser';
import {
  bindColumnDefault,
  bindGenerationExpression,
  bindStatement,
  resolveTypeName,
} from '@rustydb/planner';
import { setIndexOptions } from './alter-index-statement.js';
import {
  addConstraint,
  columnSpec,
  columnTypeOf,
  createColumnSequences,
  defaultText,
  emptyConstraints,
  ownColumnSequences,
  sequencesNamedIn,
  storableType,
  type TableConstraints,
  withGenerationExprs,
} from './column-definitions.js';
import { validateCheck, validateConstraint, validateForeignKey } from './constraint-validation.js';
import { alterIdentity } from './identity-columns.js';
import { qualifiedName, queryRows, quoteName, type RewriteSource, rewriteTable } from './internal-query.js';
import { requireSchemaCreate, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { checkCatalogName } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { checkNoPendingChecks } from './set-constraints-statement.js';
import { setLogged } from './set-logged.js';
import { notice, sendCascadeNotice } from './statement-notices.js';
import { relationOptions } from './storage-parameters.js';

export async function alterTable(stmt: AlterTableStmt, ctx: StatementContext): Promise<void> {
  checkCatalogName(stmt.table);
  const tag = TAGS[stmt.objectType];
  const entry = ctx.catalog.relation(stmt.table.name, stmt.table.schema);
  if (!entry) {
    if (!stmt.ifExists) {
      throw new DbError('42P01', `relation "${stmt.table.name}" does not exist`, {
        position: stmt.table.location + 1,
      });
    }
    ctx.out.notice(notice('00000', `relation "${stmt.table.name}" does not exist, skipping`));
    ctx.out.commandComplete(tag);
    return;
  }
  // ALTER TABLE takes an index's SET / RESET (…) as ALTER INDEX does (PostgreSQL's ATSimplePermissions).
  if (entry.kind === 'index' && stmt.actions.every((a) => a.kind === 'setOptions')) {
    for (const a of stmt.actions) setIndexOptions(ctx, entry.def, a.options, a.reset);
    ctx.out.commandComplete(tag);
    return;
  }
  const kind = relationKindOf(entry);
  // ALTER TABLE may name any relation kind; ALTER VIEW, MATERIALIZED VIEW and SEQUENCE only their
  // own (tablecmds.c's RangeVarCallbackForAlterRelation).
  if (stmt.objectType !== 'table' && stmt.objectType !== kind) {
    throw new DbError('42809', `"${stmt.table.name}" is not a ${KIND_WORDS[stmt.objectType]}`);
  }
  if (kind !== 'table') checkActionsFor(kind, stmt);
  if (entry.kind === 'table') checkNoPendingChecks(ctx, entry.def, 'ALTER TABLE');
  for (const action of stmt.actions) await runAction(action, entry.def.oid, ctx);
  ctx.out.commandComplete(tag);
}

type RelationKindName = AlterTableStmt['objectType'];

const TAGS: Readonly<Record<RelationKindName, string>> = {
  table: 'ALTER TABLE',
  materializedView: 'ALTER MATERIALIZED VIEW',
  view: 'ALTER VIEW',
  sequence: 'ALTER SEQUENCE',
};

const KIND_WORDS: Readonly<Record<RelationKindName, string>> = {
  table: 'table',
  materializedView: 'materialized view',
  view: 'view',
  sequence: 'sequence',
};

function relationKindOf(entry: RelationEntry): RelationKindName | 'index' {
  switch (entry.kind) {
    case 'table':
      return entry.def.matview === undefined ? 'table' : 'materializedView';
    case 'view':
    case 'sequence':
    case 'index':
      return entry.kind;
  }
}

/** How PostgreSQL names the ALTER actions other relation kinds refuse (tablecmds.c's alter_table_type_to_string). */
const ACTION_NAMES: Partial<Record<AlterTableAction['kind'], string>> = {
  addColumn: 'ADD COLUMN',
  dropColumn: 'DROP COLUMN',
  alterColumnDefault: 'ALTER COLUMN ... SET DEFAULT',
  dropExpression: 'ALTER COLUMN ... DROP EXPRESSION',
  addIdentity: 'ALTER COLUMN ... ADD IDENTITY',
  setIdentity: 'ALTER COLUMN ... SET IDENTITY',
  dropIdentity: 'ALTER COLUMN ... DROP IDENTITY',
  alterColumnNotNull: 'ALTER COLUMN ... SET NOT NULL',
  alterColumnType: 'ALTER COLUMN ... SET DATA TYPE',
  addConstraint: 'ADD CONSTRAINT',
  dropConstraint: 'DROP CONSTRAINT',
  validateConstraint: 'VALIDATE CONSTRAINT',
};

type OtherKind = Exclude<RelationKindName, 'table'> | 'index';

const KIND_PLURALS: Readonly<Record<OtherKind, string>> = {
  materializedView: 'materialized views',
  view: 'views',
  sequence: 'sequences',
  index: 'indexes',
};

const notSupportedFor = (kind: OtherKind) => ({
  detail: `This operation is not supported for ${KIND_PLURALS[kind]}.`,
});

/**
 * What a materialized view, view, sequence or index takes here: renames and SET SCHEMA (not an
 * index's), and a materialized view's RENAME COLUMN. The other actions are PostgreSQL's 42809,
 * or 0A000 where PostgreSQL allows them and RustyDB does not (a view's RENAME COLUMN and
 * options). A view's column defaults apply to INSERT and UPDATE through it (updatable-view.ts).
 */
function checkActionsFor(kind: OtherKind, stmt: AlterTableStmt): void {
  const name = stmt.table.name;
  for (const a of stmt.actions) {
    switch (a.kind) {
      case 'renameTable':
        continue;
      case 'setSchema':
        if (kind !== 'index') continue;
        throw new DbError('42809', `cannot change schema of index "${name}"`, {
          hint: 'Change the schema of the table instead.',
        });
      case 'renameColumn':
        if (kind === 'materializedView') continue;
        if (kind === 'sequence') {
          throw new DbError('42809', `cannot rename columns of relation "${name}"`, notSupportedFor(kind));
        }
        throw featureNotSupported(`RENAME COLUMN of ${kind === 'view' ? 'a view' : 'an index'}`);
      case 'alterColumnDefault':
        if (kind === 'view') continue;
        break;
      case 'setLogged':
        if (kind === 'sequence') throw featureNotSupported('ALTER SEQUENCE … SET LOGGED / UNLOGGED');
        throw new DbError(
          '42809',
          `ALTER action ${a.logged ? 'SET LOGGED' : 'SET UNLOGGED'} cannot be performed on relation "${name}"`,
          notSupportedFor(kind),
        );
      case 'setOptions':
        if (kind === 'view') throw featureNotSupported('options of a view');
        throw new DbError(
          '42809',
          `ALTER action ${a.reset ? 'RESET' : 'SET'} cannot be performed on relation "${name}"`,
          notSupportedFor(kind),
        );
      default:
        break;
    }
    const action = ACTION_NAMES[a.kind] ?? 'RENAME CONSTRAINT';
    throw new DbError(
      '42809',
      `ALTER action ${action} cannot be performed on relation "${name}"`,
      notSupportedFor(kind),
    );
  }
}

function tableNow(ctx: StatementContext, oid: Oid): TableDef {
  const t = ctx.catalog.tableByOid(oid);
  if (!t) throw new DbError('42P01', `relation with OID ${oid} does not exist`);
  return t;
}

async function runAction(a: AlterTableAction, oid: Oid, ctx: StatementContext): Promise<void> {
  const catalog = ctx.engine.catalog;
  switch (a.kind) {
    case 'renameTable':
      catalog.renameRelation(ctx.tx, oid, a.to);
      checkViewsUnchanged(ctx, oid, (v) => `cannot rename relation used by view "${v.name}"`);
      return;
    case 'renameColumn':
      return renameColumn(ctx, oid, a.from, a.to);
    case 'setSchema':
      return setSchema(ctx, oid, a.schema);
    case 'renameConstraint':
      catalog.renameConstraint(ctx.tx, oid, a.from, a.to);
      return;
    case 'addColumn':
      return addColumn(ctx, oid, a);
    case 'dropColumn':
      return dropColumn(ctx, oid, a);
    case 'alterColumnDefault':
      return setDefault(ctx, oid, a.column, a.default);
    case 'alterColumnNotNull':
      return setNotNull(ctx, oid, a.column, a.notNull);
    case 'dropExpression':
      return dropExpression(ctx, oid, a.column, a.ifExists);
    case 'addIdentity':
    case 'setIdentity':
    case 'dropIdentity':
      return alterIdentity(ctx, oid, a);
    case 'alterColumnType':
      return alterType(ctx, oid, a);
    case 'addConstraint': {
      const into = emptyConstraints();
      const table = tableNow(ctx, oid);
      addConstraint(a.constraint, [], targetOf(table), ctx, into);
      const c = a.constraint;
      return addConstraints(
        ctx,
        oid,
        into,
        (c.kind === 'check' || c.kind === 'foreignKey') && c.notValid === true,
      );
    }
    case 'validateConstraint':
      return validateConstraint(ctx, tableNow(ctx, oid), a.name);
    case 'enableTrigger':
      return catalog.setTriggersEnabled(ctx.tx, tableNow(ctx, oid), a.name, a.enable);
    case 'setLogged':
      return setLogged(ctx, tableNow(ctx, oid), a.logged);
    case 'setOptions': {
      const options = relationOptions(tableNow(ctx, oid).options ?? [], a.options, a.reset, {
        kind: 'table',
      });
      catalog.setRelationOptions(ctx.tx, oid, options);
      return;
    }
    case 'dropConstraint': {
      const table = tableNow(ctx, oid);
      if (!table.constraints.some((c) => c.name === a.name) && a.ifExists) {
        ctx.out.notice(
          notice('00000', `constraint "${a.name}" of relation "${table.name}" does not exist, skipping`),
        );
        return;
      }
      sendCascadeNotice(ctx.out, catalog.dropConstraint(ctx.tx, oid, a.name, a.behavior === 'cascade'));
      return;
    }
  }
}

const targetOf = (t: TableDef) => ({ name: t.name, schema: t.schema, columns: t.columns });

function columnNamed(table: TableDef, name: string) {
  const c = table.columns.find((x) => x.name === name);
  if (!c) throw new DbError('42703', `column "${name}" of relation "${table.name}" does not exist`);
  return c;
}

async function addColumn(
  ctx: StatementContext,
  oid: Oid,
  a: Extract<AlterTableAction, { kind: 'addColumn' }>,
): Promise<void> {
  const table = tableNow(ctx, oid);
  if (table.columns.some((c) => c.name === a.column.name)) {
    if (!a.ifNotExists) {
      throw new DbError('42701', `column "${a.column.name}" of relation "${table.name}" already exists`);
    }
    ctx.out.notice(
      notice('42P07', `column "${a.column.name}" of relation "${table.name}" already exists, skipping`),
    );
    return;
  }
  const into = emptyConstraints();
  // The new column is in scope for its own CHECK (`ADD c int CHECK (c > 0)`).
  const columns = [...table.columns, { name: a.column.name, type: columnTypeOf(a.column, ctx.catalog) }];
  const target = { name: table.name, schema: table.schema, columns };
  const specs = withGenerationExprs([columnSpec(a.column, target, ctx, into)], target, ctx, into);
  createColumnSequences(ctx, table, specs, into.sequences);
  const spec = specs[0]!;
  const before = ctx.catalog;
  const column = ctx.engine.catalog.addColumn(ctx.tx, oid, spec);
  if (spec.defaultSql !== undefined || spec.notNull) {
    const next = ctx.engine.catalog.newRelationFiles(ctx.tx, oid);
    const sources: RewriteSource[] = next.columns.map((c) =>
      c.attnum === column.attnum
        ? {
            kind: 'expr',
            sql: `CAST((${spec.defaultSql ?? 'NULL'}) AS ${formatType(c.type)})`,
          }
        : { kind: 'column', name: c.name },
    );
    await rewriteTable(ctx, table, before, next, ctx.catalog, sources);
    // The rewritten rows must be visible to the checks of the column's constraints below (a
    // command never sees its own writes): PostgreSQL's CommandCounterIncrement.
    ctx.tx.nextCommand();
  }
  ownColumnSequences(ctx, oid, into.sequences);
  await addConstraints(ctx, oid, into);
}

/**
 * ADD CONSTRAINT and the constraints of ADD COLUMN: created, then checked against the rows
 * (CHECK and FOREIGN KEY only when not `notValid`).
 */
async function addConstraints(
  ctx: StatementContext,
  oid: Oid,
  into: TableConstraints,
  notValid = false,
): Promise<void> {
  const catalog = ctx.engine.catalog;
  const keys = [
    ...(into.primaryKey ? [{ key: into.primaryKey, primary: true }] : []),
    ...into.unique.map((key) => ({ key, primary: false })),
  ];
  for (const { key, primary } of keys) {
    if (primary) for (const c of key.columns) await requireNoNulls(ctx, tableNow(ctx, oid), c);
    const index = catalog.addKeyConstraint(ctx.tx, oid, key, primary);
    await populateIndex(tableNow(ctx, oid), index, ctx.execution());
  }
  // NOT VALID: the constraint binds new rows only; VALIDATE CONSTRAINT checks the old ones later.
  for (const check of into.checks) {
    const name = catalog.addCheck(ctx.tx, oid, notValid ? { ...check, notValid } : check);
    if (!notValid) await validateCheck(ctx, tableNow(ctx, oid), name, check.sql);
  }
  for (const fk of into.foreignKeys) {
    const name = catalog.addForeignKey(ctx.tx, oid, notValid ? { ...fk, notValid } : fk);
    if (!notValid) await validateForeignKey(ctx, oid, name);
  }
}

async function requireNoNulls(ctx: StatementContext, table: TableDef, column: string): Promise<void> {
  columnNamed(table, column);
  const rows = await queryRows(
    ctx,
    `SELECT 1 FROM ${qualifiedName(table)} WHERE ${quoteName(column)} IS NULL LIMIT 1`,
  );
  if (rows.length > 0) {
    throw new DbError('23502', `column "${column}" of relation "${table.name}" contains null values`, {
      schema: table.schema,
      table: table.name,
      column,
    });
  }
}

async function dropColumn(
  ctx: StatementContext,
  oid: Oid,
  a: Extract<AlterTableAction, { kind: 'dropColumn' }>,
): Promise<void> {
  const table = tableNow(ctx, oid);
  if (!table.columns.some((c) => c.name === a.name)) {
    if (!a.ifExists)
      throw new DbError('42703', `column "${a.name}" of relation "${table.name}" does not exist`);
    ctx.out.notice(
      notice('00000', `column "${a.name}" of relation "${table.name}" does not exist, skipping`),
    );
    return;
  }
  const cascade = a.behavior === 'cascade';
  sendCascadeNotice(ctx.out, ctx.engine.catalog.dropColumn(ctx.tx, oid, a.name, cascade));
  const broken = brokenViews(ctx, oid);
  if (broken.length === 0) return;
  const what = `column ${a.name} of table ${table.name}`;
  if (!cascade) {
    throw new DbError('2BP01', `cannot drop ${what} because other objects depend on it`, {
      detail: broken.map((v) => `${v.kind} ${v.name} depends on ${what}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  for (const v of broken) {
    if (ctx.catalog.viewByOid(v.oid)) ctx.engine.catalog.dropView(ctx.tx, v.oid, true);
    else if (ctx.catalog.tableByOid(v.oid)) ctx.engine.catalog.dropTable(ctx.tx, v.oid, true);
  }
  sendCascadeNotice(ctx.out, {
    message:
      broken.length === 1
        ? `drop cascades to ${broken[0]!.kind} ${broken[0]!.name}`
        : `drop cascades to ${broken.length} other objects`,
    ...(broken.length > 1
      ? { detail: broken.map((v) => `drop cascades to ${v.kind} ${v.name}`).join('\n') }
      : {}),
  });
}

/** A stored query over the table: a view's, or a materialized view's (which REFRESH runs again). */
interface StoredQuery extends Pick<ViewDef, 'oid' | 'name' | 'columns' | 'querySql'> {
  readonly kind: 'view' | 'materialized view';
}

/** The views and materialized views depending on table `oid` whose query no longer binds to the same columns. */
function brokenViews(ctx: StatementContext, oid: Oid): StoredQuery[] {
  const view = ctx.catalog;
  const out: StoredQuery[] = [];
  for (const d of view.data.dependents.get(oid) ?? []) {
    if (d.type !== 'n') continue;
    const v = storedQuery(view, d.object as Oid);
    if (v && !viewStillBinds(v, view)) out.push(v);
  }
  return out;
}

function storedQuery(view: CatalogView, oid: Oid): StoredQuery | undefined {
  const v = view.viewByOid(oid);
  if (v) return { ...v, kind: 'view' };
  const m = view.tableByOid(oid);
  return m?.matview && { ...m, querySql: m.matview.querySql, kind: 'materialized view' };
}

function viewStillBinds(v: StoredQuery, catalog: CatalogView): boolean {
  try {
    const q = parse(v.querySql)[0]!.stmt as SelectStmt;
    const plan = bindStatement(q, { catalog, sql: v.querySql });
    if (plan.columns.length < v.columns.length) return false;
    return v.columns.every((c, i) => {
      const t = plan.columns[i]!.type;
      const type = t.name === 'unknown' ? sqlType('text') : t;
      return type.name === c.type.name && type.typmod === c.type.typmod;
    });
  } catch (err) {
    if (err instanceof DbError) return false;
    throw err;
  }
}

/** 0A000 when a change to table `oid` would change what a dependent view means. */
function checkViewsUnchanged(ctx: StatementContext, oid: Oid, message: (v: StoredQuery) => string): void {
  const broken = brokenViews(ctx, oid);
  if (broken.length > 0) {
    throw new DbError('0A000', message(broken[0]!), {
      detail: 'RustyDB stores views as SQL text; drop and re-create the view around this change.',
    });
  }
}

/**
 * SET SCHEMA of a table or materialized view: it moves with its indexes, owned sequences and
 * constraints. 3F000 for a missing schema, then CREATE on it (42501) as PostgreSQL's
 * RangeVarGetAndCheckCreationNamespace. A view over it is stored as SQL text naming it, not by
 * OID as in PostgreSQL: when that text no longer binds to it, 0A000.
 */
function setSchema(ctx: StatementContext, oid: Oid, schema: string): void {
  if (!ctx.catalog.schemaExists(schema)) throw new DbError('3F000', `schema "${schema}" does not exist`);
  const user = currentUserOf(ctx.settings);
  if (!roleOf(ctx.catalog, user).role.superuser) requireSchemaCreate(ctx.catalog, user, schema);
  ctx.engine.catalog.setRelationSchema(ctx.tx, oid, schema);
  checkViewsUnchanged(ctx, oid, (v) => `cannot move relation used by ${v.kind} "${v.name}"`);
}

function renameColumn(ctx: StatementContext, oid: Oid, from: string, to: string): void {
  const table = tableNow(ctx, oid);
  const col = table.columns.find((c) => c.name === from);
  if (!col) throw new DbError('42703', `column "${from}" does not exist`);
  const catalog = ctx.engine.catalog;
  catalog.renameColumn(ctx.tx, oid, from, to);
  // The stored expressions name columns: those naming this one follow the rename.
  const renamed = (sql: string) => formatExpr(renameColumnRefs(parseExpression(sql), from, to));
  for (const c of table.constraints) {
    if (c.kind !== 'check' || c.checkSql === undefined || !c.columns.includes(col.attnum)) continue;
    catalog.setCheckSql(ctx.tx, c.oid, renamed(c.checkSql));
  }
  for (const c of table.columns) {
    if (c.generated !== undefined && c.defaultSql !== undefined)
      catalog.setColumnExpressionSql(ctx.tx, oid, c.attnum, renamed(c.defaultSql));
  }
  for (const ix of table.indexes) {
    if ((ix.expressions?.length ?? 0) === 0 && ix.predicateSql === undefined) continue;
    const predicate = ix.predicateSql === undefined ? undefined : renamed(ix.predicateSql);
    catalog.setIndexSql(ctx.tx, ix.oid, (ix.expressions ?? []).map(renamed), predicate);
  }
  for (const t of table.triggers ?? []) {
    if (t.whenSql !== undefined) catalog.setTriggerWhen(ctx.tx, table, t, renamed(t.whenSql));
  }
  checkViewsUnchanged(
    ctx,
    oid,
    (v) => `cannot rename column "${from}" of table "${table.name}" used by view "${v.name}"`,
  );
}

/** `e` with every reference to column `from` (unqualified or table-qualified) renamed `to`. */
export function renameColumnRefs(e: Expr, from: string, to: string): Expr {
  const visit = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(visit);
    if (!n || typeof n !== 'object') return n;
    const node = n as Record<string, unknown>;
    if (node.kind === 'columnRef') {
      const names = node.names as string[];
      if (names[names.length - 1] === from) return { ...node, names: [...names.slice(0, -1), to] };
      return node;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = visit(v);
    return out;
  };
  return visit(e) as Expr;
}

function setDefault(ctx: StatementContext, oid: Oid, column: string, expr: Expr | undefined): void {
  const view = ctx.catalog.viewByOid(oid);
  if (view) {
    setViewDefault(ctx, view, column, expr);
    return;
  }
  const table = tableNow(ctx, oid);
  const col = columnNamed(table, column);
  if (col.identity !== undefined) {
    throw new DbError('42601', `column "${column}" of relation "${table.name}" is an identity column`, {
      ...(expr ? {} : { hint: 'Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead.' }),
    });
  }
  if (col.generated !== undefined) {
    throw new DbError('42601', `column "${column}" of relation "${table.name}" is a generated column`, {
      ...(expr ? {} : { hint: 'Use ALTER TABLE ... ALTER COLUMN ... DROP EXPRESSION instead.' }),
    });
  }
  // DROP DEFAULT, and SET DEFAULT NULL, which PostgreSQL also stores as no default.
  const bound = expr && bindColumnDefault(expr, col, ctx.catalog);
  if (!expr || !bound || bound.isNull) {
    ctx.engine.catalog.setColumnDefault(ctx.tx, oid, col.attnum, null);
    return;
  }
  ctx.engine.catalog.setColumnDefault(
    ctx.tx,
    oid,
    col.attnum,
    defaultText(expr, bound, col.type, ctx),
    sequencesNamedIn(expr, ctx.catalog),
  );
}

/** A view column's SET / DROP DEFAULT: used by INSERT and UPDATE through the view. */
function setViewDefault(ctx: StatementContext, view: ViewDef, column: string, expr: Expr | undefined): void {
  const i = view.columns.findIndex((c) => c.name === column);
  if (i < 0) throw new DbError('42703', `column "${column}" of relation "${view.name}" does not exist`);
  const col = view.columns[i];
  const bound = expr && bindColumnDefault(expr, { name: col.name, type: col.type }, ctx.catalog);
  const sql = !expr || !bound || bound.isNull ? null : defaultText(expr, bound, col.type, ctx);
  ctx.engine.catalog.setViewColumnDefault(ctx.tx, view.oid, i + 1, sql);
}

/** DROP EXPRESSION: the generated column keeps its stored values and becomes an ordinary column. */
function dropExpression(ctx: StatementContext, oid: Oid, column: string, ifExists: boolean): void {
  const table = tableNow(ctx, oid);
  const col = columnNamed(table, column);
  if (col.generated === undefined) {
    const message = `column "${column}" of relation "${table.name}" is not a stored generated column`;
    if (!ifExists) throw new DbError('55000', message);
    ctx.out.notice(notice('00000', `${message}, skipping`));
    return;
  }
  ctx.engine.catalog.setColumnDefault(ctx.tx, oid, col.attnum, null);
}

/** ALTER COLUMN TYPE of a column a generation expression reads: 0A000, as PostgreSQL. */
function checkNotReadByGenerated(ctx: StatementContext, table: TableDef, attnum: number, name: string): void {
  for (const d of ctx.catalog.data.dependents.get(table.oid) ?? []) {
    if (d.object !== table.oid || d.refColumn !== attnum || d.objectColumn === attnum) continue;
    const generated = table.columns.find((c) => c.attnum === d.objectColumn && c.generated !== undefined);
    if (generated === undefined) continue;
    throw new DbError('0A000', 'cannot alter type of a column used by a generated column', {
      detail: `Column "${name}" is used by generated column "${generated.name}".`,
    });
  }
}

async function setNotNull(ctx: StatementContext, oid: Oid, column: string, notNull: boolean): Promise<void> {
  const table = tableNow(ctx, oid);
  const col = columnNamed(table, column);
  if (notNull && !col.notNull) await requireNoNulls(ctx, table, column);
  ctx.engine.catalog.setColumnNotNull(ctx.tx, oid, col.attnum, notNull);
}

async function alterType(
  ctx: StatementContext,
  oid: Oid,
  a: Extract<AlterTableAction, { kind: 'alterColumnType' }>,
): Promise<void> {
  const table = tableNow(ctx, oid);
  const col = columnNamed(table, a.column);
  if (a.collation !== undefined && a.collation !== 'C' && a.collation !== 'default') {
    throw new DbError('0A000', `COLLATE "${a.collation}" is not supported`);
  }
  const type = storableType(resolveTypeName(a.type, ctx.catalog));
  const typeText = formatType(type);
  if (!a.using && !canCast(col.type, type, 'assignment')) {
    throw new DbError('42804', `column "${col.name}" cannot be cast automatically to type ${typeText}`, {
      hint: `You might need to specify "USING ${col.name}::${typeText}".`,
    });
  }
  checkNotReadByGenerated(ctx, table, col.attnum, col.name);
  if (col.generated !== undefined) {
    const generated = new Set(table.columns.filter((c) => c.generated !== undefined).map((c) => c.name));
    const columns = table.columns.filter((c) => c.attnum !== col.attnum);
    const expr = parseExpression(col.defaultSql!);
    bindGenerationExpression(
      expr,
      { name: col.name, type },
      { name: table.name, columns, generated },
      ctx.catalog,
    );
  } else if (col.defaultSql !== undefined) {
    try {
      bindColumnDefault(parseExpression(col.defaultSql), { name: col.name, type }, ctx.catalog);
    } catch (err) {
      // A default of another type (PostgreSQL's stored default is typed): 42804 as PostgreSQL.
      if (!(err instanceof DbError) || (err.code !== '42804' && err.code !== '22P02')) throw err;
      throw new DbError(
        '42804',
        `default for column "${col.name}" cannot be cast automatically to type ${typeText}`,
      );
    }
  }
  const before = ctx.catalog;
  ctx.engine.catalog.setColumnType(ctx.tx, oid, col.attnum, type, col.defaultSql ?? null);
  checkViewsUnchanged(ctx, oid, () => 'cannot alter type of a column used by a view or rule');
  const next = ctx.engine.catalog.newRelationFiles(ctx.tx, oid);
  const sources: RewriteSource[] = next.columns.map((c) =>
    c.attnum === col.attnum && a.using
      ? { kind: 'expr', sql: formatExpr(a.using) }
      : { kind: 'column', name: c.name },
  );
  await rewriteTable(ctx, table, before, next, ctx.catalog, sources);
}
