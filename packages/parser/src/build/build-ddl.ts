/**
 * Schema statements from the parse tree: CREATE/ALTER/DROP of tables, indexes, views, schemas
 * and sequences, and TRUNCATE.
 *
 * Constraint attributes (DEFERRABLE, INITIALLY DEFERRED, …) are separate items after a column
 * constraint in the grammar; as in PostgreSQL's transformConstraintAttrs they modify the
 * constraint just before them and are an error after anything but PRIMARY KEY, UNIQUE or
 * REFERENCES.
 */
import { DbError, syntaxError, syntaxErrorAt } from '@rustydb/common';
import type {
  AlterSequenceStmt,
  AlterTableAction,
  AlterTableStmt,
  ColumnDef,
  Constraint,
  CreateIndexStmt,
  CreateSchemaStmt,
  CreateSequenceStmt,
  CreateTableAsStmt,
  CreateTableStmt,
  CreateViewStmt,
  DropBehavior,
  DropStmt,
  ForeignKeyConstraint,
  IndexElem,
  OnCommitAction,
  ReferentialAction,
  SequenceOption,
  StorageParameter,
  TableLikeClause,
  TruncateStmt,
} from '../ast/index.js';
import { PostgreSqlLexer } from '../generated/PostgreSqlLexer.js';
import type {
  AlterSequenceStmtContext,
  AlterTableCmdContext,
  AlterTableStmtContext,
  ColumnConstraintElemContext,
  ColumnDefContext,
  ConsTableSpaceContext,
  ConstraintAttributeContext,
  CreateIndexStmtContext,
  CreateSchemaStmtContext,
  CreateSequenceStmtContext,
  CreateTableAsStmtContext,
  CreateTableStmtContext,
  CreateViewStmtContext,
  DropBehaviorContext,
  DropStmtContext,
  IndexElemContext,
  KeyActionContext,
  KeyActionsContext,
  KeyMatchContext,
  NameListContext,
  NumericOnlyContext,
  OnCommitOptionContext,
  OptTempContext,
  RelOptionsContext,
  SeqOptionContext,
  TableConstraintContext,
  TruncateStmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildStorageParameters } from './build-alter-index.js';
import { buildBExpr, buildExpr, lastName } from './build-expr.js';
import { buildFuncExprWindowless } from './build-func-call.js';
import { buildSelectStmt } from './build-select.js';
import { buildTableLike } from './build-table-like.js';
import { buildSimpleTypeName, buildTypeName } from './build-type-name.js';
import { loc, nameOf, nameParts, objectName } from './names.js';

const names = (ctx: NameListContext | null): string[] => (ctx ? ctx.name().map(nameOf) : []);

export const behavior = (ctx: DropBehaviorContext | null): DropBehavior =>
  ctx?.CASCADE() ? 'cascade' : 'restrict';

/** `ON COMMIT PRESERVE ROWS | DELETE ROWS | DROP`, if written. */
function onCommit(ctx: OnCommitOptionContext | null): { onCommit?: OnCommitAction } {
  if (ctx === null) return {};
  return { onCommit: ctx.DROP() ? 'drop' : ctx.DELETE() ? 'deleteRows' : 'preserveRows' };
}

function temp(ctx: OptTempContext | null): { temporary: boolean; unlogged: boolean } {
  return { temporary: ctx !== null && ctx.UNLOGGED() === null, unlogged: ctx?.UNLOGGED() != null };
}

/* ------------------------------------------------------------------------------ CREATE TABLE */

export function buildCreateTable(ctx: CreateTableStmtContext): CreateTableStmt {
  const columns: ColumnDef[] = [];
  const constraints: Constraint[] = [];
  const likes: TableLikeClause[] = [];
  for (const el of ctx.tableElement()) {
    const column = el.columnDef();
    const like = el.tableLikeClause();
    if (column) columns.push(buildColumnDef(column));
    else if (like) likes.push(buildTableLike(like, columns.length));
    else constraints.push(buildTableConstraint(el.tableConstraint()!));
  }
  const method = ctx.name();
  return {
    kind: 'createTable',
    name: objectName(ctx.qualifiedName()),
    ...temp(ctx.optTemp()),
    ifNotExists: ctx.IF() !== null,
    columns,
    constraints,
    ...(method ? { accessMethod: nameOf(method) } : {}),
    ...(ctx.relOptions()
      ? { storageParameters: buildStorageParameters(ctx.relOptions()!.relOptionList()) }
      : {}),
    ...(likes.length > 0 ? { likes } : {}),
    ...onCommit(ctx.onCommitOption()),
  };
}

export function buildCreateTableAs(ctx: CreateTableAsStmtContext): CreateTableAsStmt {
  const method = ctx.name();
  const materialized = ctx.MATERIALIZED() !== null;
  const optTemp = ctx.optTemp();
  // gram.y's CreateMatViewStmt takes only UNLOGGED (rejected at execution), not TEMP.
  if (materialized && optTemp && !optTemp.UNLOGGED())
    throw syntaxErrorAt(ctx.MATERIALIZED()!.getText(), loc(ctx.MATERIALIZED()!) + 1);
  // …nor ON COMMIT.
  const onCommitOption = ctx.onCommitOption();
  if (materialized && onCommitOption)
    throw syntaxErrorAt(onCommitOption.ON().getText(), loc(onCommitOption.ON()) + 1);
  return {
    kind: 'createTableAs',
    materialized,
    name: objectName(ctx.qualifiedName()),
    ...temp(ctx.optTemp()),
    ifNotExists: ctx.IF() !== null,
    columns: names(ctx.nameList()),
    ...(method ? { accessMethod: nameOf(method) } : {}),
    query: buildSelectStmt(ctx.selectStmt()),
    withData: ctx.DATA() === null || ctx.NO() === null,
    ...onCommit(onCommitOption),
  };
}

export function buildColumnDef(ctx: ColumnDefContext): ColumnDef {
  const constraints: Constraint[] = [];
  const notDeferrable = new Set<number>();
  let collation: string | undefined;
  for (const q of ctx.columnQualifier()) {
    const attr = q.constraintAttribute();
    if (attr?.VALID()) throw syntaxErrorAt('valid', loc(attr.VALID()!) + 1);
    if (attr) {
      applyAttribute(constraints, attr, notDeferrable);
      continue;
    }
    const elem = q.columnConstraintElem();
    if (elem) {
      const name = q.name();
      constraints.push(buildColumnConstraint(elem, name ? nameOf(name) : undefined, loc(q)));
      continue;
    }
    if (collation !== undefined) throw syntaxError('multiple COLLATE clauses not allowed', loc(q) + 1);
    collation = lastName(q.anyName()!);
  }
  return {
    name: nameOf(ctx.colId()),
    type: buildTypeName(ctx.typename()),
    ...(collation === undefined ? {} : { collation }),
    constraints,
    location: loc(ctx),
  };
}

function named<T extends Constraint>(c: T, name: string | undefined): T {
  return name === undefined ? c : { ...c, name };
}

export function buildColumnConstraint(
  ctx: ColumnConstraintElemContext,
  name: string | undefined,
  location: number,
): Constraint {
  const deferral = { deferrable: false, initiallyDeferred: false };
  if (ctx.NOT()) return named({ kind: 'notNull', location }, name);
  if (ctx.NULL_P()) return named({ kind: 'nullable', location }, name);
  if (ctx.UNIQUE()) {
    return named(
      {
        kind: 'unique',
        columns: [],
        include: [],
        nullsNotDistinct: nullsNotDistinct(ctx.nullsDistinct()),
        ...keyIndexOptions(ctx),
        ...deferral,
        location,
      },
      name,
    );
  }
  if (ctx.PRIMARY())
    return named(
      { kind: 'primaryKey', columns: [], include: [], ...keyIndexOptions(ctx), ...deferral, location },
      name,
    );
  if (ctx.CHECK())
    return named(
      { kind: 'check', expr: buildExpr(ctx.aExpr()!), noInherit: ctx.INHERIT() !== null, location },
      name,
    );
  if (ctx.REFERENCES()) {
    return named(
      foreignKey([], ctx.qualifiedName()!, ctx.nameList(), ctx.keyMatch(), ctx.keyActions(), location),
      name,
    );
  }
  if (ctx.IDENTITY()) {
    return named(
      {
        kind: 'identity',
        generated: ctx.ALWAYS() ? 'always' : 'byDefault',
        options: ctx.seqOption().map(buildSeqOption),
        location,
      },
      name,
    );
  }
  if (ctx.GENERATED()) return named({ kind: 'generated', expr: buildExpr(ctx.aExpr()!), location }, name);
  return named({ kind: 'columnDefault', expr: buildBExpr(ctx.bExpr()!), location }, name);
}

/** A key constraint's `WITH (…)` and `USING INDEX TABLESPACE name`, as far as written. */
function keyIndexOptions(ctx: {
  relOptions(): RelOptionsContext | null;
  consTableSpace(): ConsTableSpaceContext | null;
}): { storageParameters?: StorageParameter[]; tablespace?: string } {
  const options = ctx.relOptions();
  const space = ctx.consTableSpace();
  return {
    ...(options ? { storageParameters: buildStorageParameters(options.relOptionList()) } : {}),
    ...(space ? { tablespace: nameOf(space.name()) } : {}),
  };
}

function nullsNotDistinct(ctx: { NOT(): unknown } | null): boolean {
  return ctx !== null && ctx.NOT() !== null;
}

function foreignKey(
  columns: string[],
  table: Parameters<typeof objectName>[0],
  refColumns: NameListContext | null,
  match: KeyMatchContext | null,
  actions: KeyActionsContext | null,
  location: number,
): ForeignKeyConstraint {
  const update = actions?.keyUpdate();
  const del = actions?.keyDelete();
  return {
    kind: 'foreignKey',
    columns,
    refTable: objectName(table),
    refColumns: names(refColumns),
    match: match?.FULL() ? 'full' : match?.PARTIAL() ? 'partial' : 'simple',
    onDelete: del ? referentialAction(del.keyAction()) : 'noAction',
    onUpdate: update ? referentialAction(update.keyAction()) : 'noAction',
    deferrable: false,
    initiallyDeferred: false,
    location,
  };
}

function referentialAction(ctx: KeyActionContext): ReferentialAction {
  if (ctx.RESTRICT()) return 'restrict';
  if (ctx.CASCADE()) return 'cascade';
  if (ctx.NULL_P()) return 'setNull';
  if (ctx.DEFAULT()) return 'setDefault';
  return 'noAction';
}

/**
 * Applies DEFERRABLE / NOT DEFERRABLE / INITIALLY … to the last constraint in `list`.
 * `notDeferrable` collects the indexes of constraints explicitly declared NOT DEFERRABLE.
 */
function applyAttribute(
  list: Constraint[],
  ctx: ConstraintAttributeContext,
  notDeferrable: Set<number>,
): void {
  if (ctx.VALID()) {
    applyNotValid(list, ctx);
    return;
  }
  const words = ctx.children.map((c) => c.getText().toUpperCase()).join(' ');
  const last = list[list.length - 1];
  if (!last || (last.kind !== 'primaryKey' && last.kind !== 'unique' && last.kind !== 'foreignKey')) {
    throw syntaxError(`misplaced ${words} clause`, loc(ctx) + 1);
  }
  let { deferrable, initiallyDeferred } = last;
  const index = list.length - 1;
  if (ctx.INITIALLY()) {
    initiallyDeferred = ctx.DEFERRED() !== null;
    // INITIALLY DEFERRED implies DEFERRABLE, unless NOT DEFERRABLE was said.
    if (initiallyDeferred) deferrable = true;
  } else {
    deferrable = ctx.NOT() === null;
    if (!deferrable) notDeferrable.add(index);
  }
  if (initiallyDeferred && notDeferrable.has(index)) {
    throw syntaxError('constraint declared INITIALLY DEFERRED must be DEFERRABLE', loc(ctx) + 1);
  }
  list[list.length - 1] = { ...last, deferrable, initiallyDeferred };
}

/**
 * NOT VALID: a table constraint's attribute only (gram.y has no column-constraint form, so after a
 * column constraint it is a syntax error at VALID), for CHECK and FOREIGN KEY (processCASbits).
 */
function applyNotValid(list: Constraint[], ctx: ConstraintAttributeContext): void {
  const last = list[list.length - 1];
  if (!last) throw syntaxErrorAt('valid', loc(ctx.VALID()!) + 1);
  if (last.kind === 'check' || last.kind === 'foreignKey') {
    list[list.length - 1] = { ...last, notValid: true };
    return;
  }
  const what = last.kind === 'primaryKey' ? 'PRIMARY KEY' : 'UNIQUE';
  throw new DbError('0A000', `${what} constraints cannot be marked NOT VALID`, { position: loc(ctx) + 1 });
}

export function buildTableConstraint(ctx: TableConstraintContext): Constraint {
  const elem = ctx.tableConstraintElem();
  const nameCtx = ctx.name();
  const name = nameCtx ? nameOf(nameCtx) : undefined;
  const location = loc(ctx);
  const lists = elem.nameList();
  const include = elem.includeClause();
  const deferral = { deferrable: false, initiallyDeferred: false };
  let constraint: Constraint;
  if (elem.CHECK()) {
    constraint = {
      kind: 'check',
      expr: buildExpr(elem.aExpr()!),
      noInherit: elem.INHERIT() !== null,
      location,
    };
  } else if (elem.UNIQUE()) {
    constraint = {
      kind: 'unique',
      columns: names(lists[0]),
      include: include ? names(include.nameList()) : [],
      nullsNotDistinct: nullsNotDistinct(elem.nullsDistinct()),
      ...keyIndexOptions(elem),
      ...deferral,
      location,
    };
  } else if (elem.PRIMARY()) {
    constraint = {
      kind: 'primaryKey',
      columns: names(lists[0]),
      include: include ? names(include.nameList()) : [],
      ...keyIndexOptions(elem),
      ...deferral,
      location,
    };
  } else {
    constraint = foreignKey(
      names(lists[0]),
      elem.qualifiedName()!,
      lists[1] ?? null,
      elem.keyMatch(),
      elem.keyActions(),
      location,
    );
  }
  const list = [named(constraint, name)];
  const notDeferrable = new Set<number>();
  for (const attr of ctx.constraintAttribute()) applyAttribute(list, attr, notDeferrable);
  return list[0];
}

/* ------------------------------------------------------------------------------ indexes, views, schemas */

export function buildIndexElem(ctx: IndexElemContext): IndexElem {
  const collateToken = ctx.COLLATE()?.symbol.tokenIndex;
  let collation: string | undefined;
  let opclass: string | undefined;
  for (const n of ctx.anyName()) {
    if (collateToken !== undefined && n.start!.tokenIndex === collateToken + 1) collation = lastName(n);
    else opclass = lastName(n);
  }
  const colId = ctx.colId();
  const func = ctx.funcExprWindowless();
  const key = colId
    ? { column: nameOf(colId) }
    : { expr: func ? buildFuncExprWindowless(func) : buildExpr(ctx.aExpr()!) };
  return {
    ...key,
    ...(collation === undefined ? {} : { collation }),
    ...(opclass === undefined ? {} : { opclass }),
    direction: ctx.ASC() ? 'asc' : ctx.DESC() ? 'desc' : 'default',
    nulls: ctx.FIRST() ? 'first' : ctx.LAST() ? 'last' : 'default',
    location: loc(ctx),
  };
}

export function buildCreateIndex(ctx: CreateIndexStmtContext): CreateIndexStmt {
  const nameCtxs = ctx.name();
  // `name` appears for the index name (before ON) and the access method (after USING).
  const onToken = ctx.ON().symbol.tokenIndex;
  const indexName = nameCtxs.find((n) => n.start!.tokenIndex < onToken);
  const method = nameCtxs.find((n) => n.start!.tokenIndex > onToken);
  const include = ctx.includeClause();
  const where = ctx.whereClause();
  const relOptions = ctx.relOptions();
  return {
    kind: 'createIndex',
    ...(indexName ? { name: nameOf(indexName) } : {}),
    table: objectName(ctx.relationExpr().qualifiedName()),
    unique: ctx.UNIQUE() !== null,
    concurrently: ctx.CONCURRENTLY() !== null,
    ifNotExists: ctx.IF() !== null,
    ...(method ? { method: nameOf(method) } : {}),
    elements: ctx.indexElem().map(buildIndexElem),
    include: include ? names(include.nameList()) : [],
    nullsNotDistinct: nullsNotDistinct(ctx.nullsDistinct()),
    ...(relOptions ? { storageParameters: buildStorageParameters(relOptions.relOptionList()) } : {}),
    ...(where ? { where: buildExpr(where.aExpr()) } : {}),
  };
}

export function buildCreateView(ctx: CreateViewStmtContext): CreateViewStmt {
  const check = ctx.CHECK();
  const options = ctx.relOptions();
  return {
    kind: 'createView',
    name: objectName(ctx.qualifiedName()),
    orReplace: ctx.REPLACE() !== null,
    temporary: ctx.optTemp() !== null,
    recursive: ctx.RECURSIVE() !== null,
    columns: names(ctx.nameList()),
    query: buildSelectStmt(ctx.selectStmt()),
    ...(check ? { checkOption: ctx.LOCAL() ? 'local' : 'cascaded' } : {}),
    ...(options ? { options: buildStorageParameters(options.relOptionList()) } : {}),
  };
}

export function buildCreateSchema(ctx: CreateSchemaStmtContext): CreateSchemaStmt {
  const name = ctx.colId();
  const role = ctx.roleSpec();
  return {
    kind: 'createSchema',
    ...(name ? { name: nameOf(name) } : {}),
    ifNotExists: ctx.IF() !== null,
    ...(role ? { authorization: role.nonReservedWord() ? nameOf(role) : role.getText().toLowerCase() } : {}),
  };
}

/* ------------------------------------------------------------------------------ sequences */

export function buildCreateSequence(ctx: CreateSequenceStmtContext): CreateSequenceStmt {
  return {
    kind: 'createSequence',
    name: objectName(ctx.qualifiedName()),
    temporary: ctx.optTemp() !== null,
    ifNotExists: ctx.IF() !== null,
    options: ctx.seqOption().map(buildSeqOption),
  };
}

export function buildAlterSequence(ctx: AlterSequenceStmtContext): AlterSequenceStmt {
  return {
    kind: 'alterSequence',
    name: objectName(ctx.qualifiedName()),
    ifExists: ctx.IF() !== null,
    options: ctx.seqOption().map(buildSeqOption),
  };
}

function numericText(ctx: NumericOnlyContext): string {
  const number = (ctx.ICONST() ?? ctx.FCONST())!.getText();
  return ctx.MINUS() ? `-${number}` : number;
}

function buildSeqOption(ctx: SeqOptionContext): SequenceOption {
  const number = ctx.numericOnly();
  const value = number ? { value: numericText(number) } : {};
  switch (ctx.start!.type) {
    case PostgreSqlLexer.AS:
      return { kind: 'as', type: buildSimpleTypeName(ctx.simpleTypename()!) };
    case PostgreSqlLexer.CACHE:
      return { kind: 'cache', ...value };
    case PostgreSqlLexer.INCREMENT:
      return { kind: 'increment', ...value };
    case PostgreSqlLexer.MAXVALUE:
      return { kind: 'maxValue', ...value };
    case PostgreSqlLexer.MINVALUE:
      return { kind: 'minValue', ...value };
    case PostgreSqlLexer.START:
      return { kind: 'start', ...value };
    case PostgreSqlLexer.RESTART:
      return { kind: 'restart', ...value };
    case PostgreSqlLexer.CYCLE:
      return { kind: 'cycle', cycle: true };
    case PostgreSqlLexer.OWNED: {
      const owner = nameParts(ctx.anyName()!);
      return { kind: 'ownedBy', owner: owner.length === 1 && owner[0] === 'none' ? [] : owner };
    }
    case PostgreSqlLexer.SEQUENCE:
      return { kind: 'sequenceName', name: objectName(ctx.qualifiedName()!) };
    default:
      // NO CYCLE / NO MAXVALUE / NO MINVALUE
      if (ctx.CYCLE()) return { kind: 'cycle', cycle: false };
      return { kind: ctx.MAXVALUE() ? 'maxValue' : 'minValue' };
  }
}

/* ------------------------------------------------------------------------------ ALTER TABLE, DROP, TRUNCATE */

export function buildAlterTable(ctx: AlterTableStmtContext): AlterTableStmt {
  const table = objectName(ctx.relationExpr().qualifiedName());
  const ifExists = ctx.IF() !== null;
  const objectType = ctx.MATERIALIZED()
    ? 'materializedView'
    : ctx.VIEW()
      ? 'view'
      : ctx.SEQUENCE()
        ? 'sequence'
        : 'table';
  let actions: AlterTableAction[];
  if (ctx.RENAME()) {
    // gram.y's RenameStmt: RENAME CONSTRAINT is ALTER TABLE's only, RENAME [COLUMN] not a sequence's.
    const sequenceColumn = ctx.COLUMN() ?? (ctx.colId().length === 2 ? ctx.colId(0) : null);
    const refused =
      objectType === 'table'
        ? null
        : (ctx.CONSTRAINT() ?? (objectType === 'sequence' ? sequenceColumn : null));
    if (refused) throw syntaxErrorAt(refused.getText(), loc(refused) + 1);
    const ids = ctx.colId();
    const constraintNames = ctx.name();
    if (ctx.CONSTRAINT()) {
      actions = [
        { kind: 'renameConstraint', from: nameOf(constraintNames[0]), to: nameOf(constraintNames[1]) },
      ];
    } else if (ids.length === 2) {
      actions = [{ kind: 'renameColumn', from: nameOf(ids[0]), to: nameOf(ids[1]) }];
    } else {
      actions = [{ kind: 'renameTable', to: nameOf(ids[0]) }];
    }
  } else if (ctx.SCHEMA()) {
    actions = [{ kind: 'setSchema', schema: nameOf(ctx.colId()[0]!) }];
  } else {
    actions = ctx.alterTableCmd().map(buildAlterTableCmd);
  }
  return { kind: 'alterTable', objectType, table, ifExists, actions };
}

function buildAlterTableCmd(ctx: AlterTableCmdContext): AlterTableAction {
  if (ctx.GENERATED() || ctx.IDENTITY()) {
    const column = nameOf(ctx.colId()!);
    const generated = ctx.ALWAYS() ? 'always' : 'byDefault';
    if (ctx.ADD()) {
      return { kind: 'addIdentity', column, generated, options: ctx.seqOption().map(buildSeqOption) };
    }
    if (ctx.SET()) return { kind: 'setIdentity', column, generated };
    return { kind: 'dropIdentity', column, ifExists: ctx.IF() !== null };
  }
  if (ctx.ADD()) {
    const column = ctx.columnDef();
    if (column) return { kind: 'addColumn', column: buildColumnDef(column), ifNotExists: ctx.IF() !== null };
    return { kind: 'addConstraint', constraint: buildTableConstraint(ctx.tableConstraint()!) };
  }
  if (ctx.ALTER()) {
    const column = nameOf(ctx.colId()!);
    if (ctx.TYPE()) {
      const collate = ctx.anyName();
      const using = ctx.aExpr();
      return {
        kind: 'alterColumnType',
        column,
        type: buildTypeName(ctx.typename()!),
        ...(collate ? { collation: lastName(collate) } : {}),
        ...(using ? { using: buildExpr(using) } : {}),
      };
    }
    if (ctx.NOT()) return { kind: 'alterColumnNotNull', column, notNull: ctx.SET() !== null };
    if (ctx.EXPRESSION()) return { kind: 'dropExpression', column, ifExists: ctx.IF() !== null };
    const value = ctx.aExpr();
    return value
      ? { kind: 'alterColumnDefault', column, default: buildExpr(value) }
      : { kind: 'alterColumnDefault', column };
  }
  if (ctx.VALIDATE()) return { kind: 'validateConstraint', name: nameOf(ctx.name()!) };
  if (ctx.TRIGGER()) {
    const name = ctx.name();
    return {
      kind: 'enableTrigger',
      enable: ctx.ENABLE_P() !== null,
      ...(name ? { name: nameOf(name) } : {}),
      all: ctx.ALL() !== null,
    };
  }
  if (ctx.LOGGED()) return { kind: 'setLogged', logged: true };
  if (ctx.UNLOGGED()) return { kind: 'setLogged', logged: false };
  const options = ctx.relOptionList();
  if (options) {
    return { kind: 'setOptions', reset: ctx.RESET() !== null, options: buildStorageParameters(options) };
  }
  if (ctx.CONSTRAINT()) {
    return {
      kind: 'dropConstraint',
      name: nameOf(ctx.name()!),
      ifExists: ctx.IF() !== null,
      behavior: behavior(ctx.dropBehavior()),
    };
  }
  return {
    kind: 'dropColumn',
    name: nameOf(ctx.colId()!),
    ifExists: ctx.IF() !== null,
    behavior: behavior(ctx.dropBehavior()),
  };
}

export function buildDrop(ctx: DropStmtContext): DropStmt {
  const objectType = ctx.MATERIALIZED()
    ? 'materializedView'
    : (ctx.getChild(1)!.getText().toLowerCase() as DropStmt['objectType']);
  const anyNames = ctx.anyName();
  if (objectType === 'schema' || objectType === 'extension') {
    // Schema and extension names are not qualified: PostgreSQL's grammar stops at the dot.
    for (const n of anyNames) {
      const dot = n.DOT(0);
      if (dot) throw syntaxErrorAt('.', loc(dot) + 1);
    }
  }
  return {
    kind: 'drop',
    objectType,
    names: anyNames.map(objectName),
    ifExists: ctx.IF() !== null,
    concurrently: ctx.CONCURRENTLY() !== null,
    behavior: behavior(ctx.dropBehavior()),
  };
}

export function buildTruncate(ctx: TruncateStmtContext): TruncateStmt {
  return {
    kind: 'truncate',
    tables: ctx
      .relationExprList()
      .relationExpr()
      .map((r) => objectName(r.qualifiedName())),
    restartIdentity: ctx.RESTART() !== null,
    behavior: behavior(ctx.dropBehavior()),
  };
}
