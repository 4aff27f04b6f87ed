/**
 * Queries from the parse tree: SELECT, VALUES, set operations, FROM items, WITH.
 *
 * Query-wide clauses (WITH, ORDER BY, LIMIT/OFFSET, locking) attach to the outermost node of the
 * query expression they follow. A parenthesized query may already carry some of them: as in
 * PostgreSQL's insertSelectOptions, the outer clauses are merged in and a clause given twice is
 * an error (`multiple ORDER BY clauses not allowed`).
 */
import { DbError, syntaxError, syntaxErrorAt } from '@rustydb/common';
import type {
  Alias,
  CommonTableExpr,
  Expr,
  FuncCall,
  FunctionColumnDef,
  GroupingElement,
  LockingClause,
  RangeFunction,
  ResultTarget,
  Select,
  SelectStmt,
  TableRef,
  WithClause,
} from '../ast/index.js';
import type {
  AliasClauseContext,
  ForLockingClauseContext,
  FromListContext,
  FuncAliasClauseContext,
  FuncExprWindowlessContext,
  FuncTableContext,
  GroupByItemContext,
  PreparableStmtContext,
  RelationExprContext,
  SelectClauseContext,
  SelectFetchValueContext,
  SelectIntersectContext,
  SelectLimitContext,
  SelectNoParensContext,
  SelectPrimaryContext,
  SelectStmtContext,
  SelectWithParensContext,
  SimpleSelectContext,
  TableFuncElementContext,
  TablePrimaryContext,
  TableRefContext,
  TargetListContext,
  ValuesClauseContext,
  WithClauseContext,
} from '../generated/PostgreSqlParser.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildCExpr, buildExpr, buildExprList } from './build-expr.js';
import { buildFuncExprWindowless, buildSortClause, buildWindowSpecification } from './build-func-call.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf, objectName } from './names.js';

const NO_CLAUSES = { orderBy: [], withTies: false, locking: [] } as const;

export function buildSelectStmt(ctx: SelectStmtContext): SelectStmt {
  const noParens = ctx.selectNoParens();
  return noParens ? buildSelectNoParens(noParens) : buildSelectWithParens(ctx.selectWithParens()!);
}

export function buildSelectWithParens(ctx: SelectWithParensContext): SelectStmt {
  const inner = ctx.selectNoParens();
  return inner ? buildSelectNoParens(inner) : buildSelectWithParens(ctx.selectWithParens()!);
}

function buildSelectNoParens(ctx: SelectNoParensContext): SelectStmt {
  let query = buildSelectClause(ctx.selectClause());
  const withCtx = ctx.withClause();
  const sort = ctx.sortClause();
  const limit = ctx.selectLimit();
  const locking = ctx.forLockingClause();
  if (!withCtx && !sort && !limit && !locking) return query;
  const fail = (clause: string, at: number): never => {
    throw syntaxError(`multiple ${clause} clauses not allowed`, at + 1);
  };
  if (sort) {
    if (query.orderBy.length > 0) fail('ORDER BY', loc(sort.sortBy(0)!));
    query = { ...query, orderBy: buildSortClause(sort) };
  }
  if (locking) query = { ...query, locking: [...query.locking, ...buildLocking(locking)] };
  if (limit) query = applyLimit(query, limit);
  if (withCtx) {
    if (query.with) fail('WITH', loc(withCtx));
    query = { ...query, with: buildWithClause(withCtx) };
  }
  return query;
}

function applyLimit(query: SelectStmt, ctx: SelectLimitContext): SelectStmt {
  let result: SelectStmt = query;
  const limitCtx = ctx.limitClause();
  if (limitCtx) {
    if (result.limit) throw syntaxError('multiple LIMIT clauses not allowed', loc(limitCtx) + 1);
    let limit: Expr | undefined;
    if (limitCtx.LIMIT()) {
      limit = limitCtx.ALL() ? undefined : buildExpr(limitCtx.aExpr()!);
    } else {
      const value = limitCtx.selectFetchValue();
      limit = value
        ? fetchValue(value)
        : { kind: 'literal', type: 'integer', value: '1', location: loc(limitCtx) };
    }
    const withTies = limitCtx.TIES() !== null;
    if (withTies && result.orderBy.length === 0) {
      throw syntaxError('WITH TIES cannot be specified without ORDER BY clause');
    }
    result = { ...result, ...(limit ? { limit } : {}), withTies };
  }
  const offsetCtx = ctx.offsetClause();
  if (offsetCtx) {
    if (result.offset) throw syntaxError('multiple OFFSET clauses not allowed', loc(offsetCtx) + 1);
    result = { ...result, offset: buildExpr(offsetCtx.aExpr()) };
  }
  return result;
}

/** FETCH FIRST's count: a cExpr or a signed number. */
function fetchValue(ctx: SelectFetchValueContext): Expr {
  const c = ctx.cExpr();
  if (c) return buildCExpr(c);
  const number = ctx.ICONST() ?? ctx.FCONST()!;
  const negative = ctx.MINUS() !== null;
  return {
    kind: 'literal',
    type: ctx.ICONST() ? 'integer' : 'numeric',
    value: negative ? `-${number.getText()}` : number.getText(),
    location: loc(ctx),
  };
}

function buildLocking(ctx: ForLockingClauseContext): LockingClause[] {
  return ctx.forLockingItem().map((item) => ({
    strength: item.NO() ? 'noKeyUpdate' : item.KEY() ? 'keyShare' : item.UPDATE() ? 'update' : 'share',
    of: item.qualifiedName().map(objectName),
    waitPolicy: item.NOWAIT() ? 'nowait' : item.LOCKED() ? 'skipLocked' : 'block',
  }));
}

/** UNION/EXCEPT chains, folded left. */
function buildSelectClause(ctx: SelectClauseContext): SelectStmt {
  const operands = ctx.selectIntersect();
  let result = buildSelectIntersect(operands[0]);
  const ops = ctx.setOperator();
  const quantifiers = ctx.setQuantifier();
  for (let i = 1; i < operands.length; i++) {
    const opToken = ops[i - 1].start!;
    const quantifier = quantifiers.find((q) => q.start!.tokenIndex === opToken.tokenIndex + 1);
    result = {
      kind: 'setOp',
      op: opToken.type === ops[i - 1].UNION()?.symbol.type ? 'union' : 'except',
      all: quantifier?.ALL() != null,
      left: result,
      right: buildSelectIntersect(operands[i]),
      ...NO_CLAUSES,
      location: opToken.start,
    };
  }
  return result;
}

function buildSelectIntersect(ctx: SelectIntersectContext): SelectStmt {
  const operands = ctx.selectPrimary();
  let result = buildSelectPrimary(operands[0]);
  const ops = ctx.INTERSECT();
  const quantifiers = ctx.setQuantifier();
  for (let i = 1; i < operands.length; i++) {
    const opToken = ops[i - 1].symbol;
    const quantifier = quantifiers.find((q) => q.start!.tokenIndex === opToken.tokenIndex + 1);
    result = {
      kind: 'setOp',
      op: 'intersect',
      all: quantifier?.ALL() != null,
      left: result,
      right: buildSelectPrimary(operands[i]),
      ...NO_CLAUSES,
      location: opToken.start,
    };
  }
  return result;
}

function buildSelectPrimary(ctx: SelectPrimaryContext): SelectStmt {
  const simple = ctx.simpleSelect();
  if (simple) return buildSimpleSelect(simple);
  const values = ctx.valuesClause();
  if (values) return buildValues(values);
  const parens = ctx.selectWithParens();
  if (parens) return buildSelectWithParens(parens);
  // TABLE t is SELECT * FROM t.
  const relation = ctx.relationExpr()!;
  const location = loc(ctx);
  return emptySelect(location, {
    targets: [{ expr: { kind: 'star', qualifier: [], location }, location }],
    from: [relationRef(relation, null)],
  });
}

function emptySelect(location: number, parts: Partial<Select>): Select {
  return {
    kind: 'select',
    distinct: false,
    distinctOn: [],
    targets: [],
    from: [],
    groupBy: [],
    groupByDistinct: false,
    windows: [],
    ...NO_CLAUSES,
    ...parts,
    location,
  };
}

function buildSimpleSelect(ctx: SimpleSelectContext): Select {
  const distinctCtx = ctx.distinctClause();
  const targetList = ctx.targetList();
  const from = ctx.fromClause();
  const where = ctx.whereClause();
  const group = ctx.groupClause();
  const having = ctx.havingClause();
  const windows = ctx.windowClause();
  const distinctOn = distinctCtx?.exprList();
  return emptySelect(loc(ctx), {
    distinct: distinctCtx !== null,
    distinctOn: distinctOn ? buildExprList(distinctOn) : [],
    targets: targetList ? buildTargetList(targetList) : [],
    from: from ? buildFromList(from.fromList()) : [],
    ...(where ? { where: buildExpr(where.aExpr()) } : {}),
    groupBy: group ? group.groupByItem().map(buildGroupByItem) : [],
    groupByDistinct: group?.setQuantifier()?.DISTINCT() != null,
    ...(having ? { having: buildExpr(having.aExpr()) } : {}),
    windows: windows
      ? windows
          .windowDefinition()
          .map((w) => buildWindowSpecification(w.windowSpecification(), nameOf(w.colId())))
      : [],
  });
}

function buildValues(ctx: ValuesClauseContext): SelectStmt {
  return { kind: 'values', rows: ctx.exprList().map(buildExprList), ...NO_CLAUSES, location: loc(ctx) };
}

export function buildTargetList(ctx: TargetListContext): ResultTarget[] {
  return ctx.targetEl().map((el) => {
    const location = loc(el);
    const exprCtx = el.aExpr();
    if (!exprCtx) return { expr: { kind: 'star', qualifier: [], location }, location };
    const expr = buildExpr(exprCtx);
    const label = el.colLabel() ?? el.bareColLabel();
    return label ? { expr, alias: nameOf(label), location } : { expr, location };
  });
}

function buildGroupByItem(ctx: GroupByItemContext): GroupingElement {
  const location = loc(ctx);
  const expr = ctx.aExpr();
  if (expr) return buildExpr(expr);
  if (ctx.ROLLUP() || ctx.CUBE()) {
    return {
      kind: 'groupingSet',
      type: ctx.ROLLUP() ? 'rollup' : 'cube',
      content: buildExprList(ctx.exprList()!),
      location,
    };
  }
  if (ctx.SETS())
    return { kind: 'groupingSet', type: 'sets', content: ctx.groupByItem().map(buildGroupByItem), location };
  return { kind: 'groupingSet', type: 'empty', content: [], location };
}

/* ------------------------------------------------------------------------------ WITH */

export function buildWithClause(ctx: WithClauseContext): WithClause {
  return {
    recursive: ctx.RECURSIVE() !== null,
    ctes: ctx.commonTableExpr().map((cte): CommonTableExpr => {
      const columns = cte.nameList();
      if (cte.preparableStmt().mergeStmt()) {
        throw new DbError('0A000', 'MERGE not supported in WITH query', { position: loc(cte) + 1 });
      }
      return {
        name: nameOf(cte.name()),
        columns: columns ? columns.name().map(nameOf) : [],
        materialized: cte.MATERIALIZED() ? (cte.NOT() ? 'never' : 'always') : 'default',
        query: buildPreparable(cte.preparableStmt()),
        location: loc(cte),
      };
    }),
    location: loc(ctx),
  };
}

function buildPreparable(ctx: PreparableStmtContext): CommonTableExpr['query'] {
  const select = ctx.selectStmt();
  if (select) return buildSelectStmt(select);
  const insert = ctx.insertStmt();
  if (insert) return buildInsertStmt(insert);
  const update = ctx.updateStmt();
  if (update) return buildUpdateStmt(update);
  return buildDeleteStmt(ctx.deleteStmt()!);
}

/* ------------------------------------------------------------------------------ FROM */

export function buildFromList(ctx: FromListContext): TableRef[] {
  return ctx.tableRef().map(buildTableRef);
}

export function buildTableRef(ctx: TableRefContext): TableRef {
  let left = buildTablePrimary(ctx.tablePrimary());
  for (const part of ctx.joinPart()) {
    const location = loc(part);
    const joinTypeCtx = part.joinType();
    const joinType = part.CROSS()
      ? 'cross'
      : joinTypeCtx?.LEFT()
        ? 'left'
        : joinTypeCtx?.RIGHT()
          ? 'right'
          : joinTypeCtx?.FULL()
            ? 'full'
            : 'inner';
    const primary = part.tablePrimary();
    const right = primary ? buildTablePrimary(primary) : buildTableRef(part.tableRef()!);
    const qual = part.joinQual();
    const usingAlias = qual?.colId();
    left = {
      kind: 'join',
      joinType,
      natural: part.NATURAL() !== null,
      left,
      right,
      ...(qual?.ON() ? { on: buildExpr(qual.aExpr()!) } : {}),
      using: qual?.nameList()?.name().map(nameOf) ?? [],
      ...(usingAlias ? { usingAlias: nameOf(usingAlias) } : {}),
      location,
    };
  }
  return left;
}

function buildTablePrimary(ctx: TablePrimaryContext): TableRef {
  const relation = ctx.relationExpr();
  if (relation) return relationRef(relation, ctx.aliasClause());
  const lateral = ctx.LATERAL() !== null;
  const location = loc(ctx);
  const funcTable = ctx.funcTable();
  if (funcTable) return functionRef(funcTable, ctx.funcAliasClause(), lateral, location);
  const sub = ctx.selectWithParens();
  const aliasCtx = ctx.aliasClause();
  if (sub) {
    const query = buildSelectWithParens(sub);
    if (!aliasCtx) {
      const isValues = query.kind === 'values';
      throw new DbError('42601', `${isValues ? 'VALUES' : 'subquery'} in FROM must have an alias`, {
        hint: `For example, FROM (${isValues ? 'VALUES' : 'SELECT'} ...) [AS] foo.`,
        position: loc(sub) + 1,
      });
    }
    return { kind: 'subqueryRef', query, lateral, alias: buildAlias(aliasCtx), location };
  }
  // ( joined table ) [alias]: PostgreSQL only allows a join inside the parentheses.
  const inner = buildTableRef(ctx.tableRef()!);
  if (inner.kind !== 'join') throw syntaxErrorAt(')', loc(ctx.CLOSE_PAREN()!) + 1);
  return aliasCtx ? { ...inner, alias: buildAlias(aliasCtx) } : inner;
}

function relationRef(ctx: RelationExprContext, aliasCtx: AliasClauseContext | null): TableRef {
  const name = objectName(ctx.qualifiedName());
  return aliasCtx
    ? { kind: 'relation', name, alias: buildAlias(aliasCtx), location: loc(ctx) }
    : { kind: 'relation', name, location: loc(ctx) };
}

function buildAlias(ctx: AliasClauseContext): Alias {
  const columns = ctx.nameList();
  return { name: nameOf(ctx.colId()), columns: columns ? columns.name().map(nameOf) : [] };
}

function functionRef(
  ctx: FuncTableContext,
  aliasCtx: FuncAliasClauseContext | null,
  lateral: boolean,
  location: number,
): TableRef {
  const plain = ctx.funcExprWindowless();
  const functions: RangeFunction[] = plain
    ? [{ call: fromFunctionCall(plain), columnDefs: [] }]
    : ctx.rowsFromItem().map((item) => ({
        call: fromFunctionCall(item.funcExprWindowless()),
        columnDefs: item.tableFuncElement().map(buildColumnDef),
      }));
  let alias: Alias | undefined;
  let columnDefs: FunctionColumnDef[] = [];
  if (aliasCtx) {
    const plain = aliasCtx.aliasClause();
    if (plain) alias = buildAlias(plain);
    else {
      const name = aliasCtx.colId();
      if (name) alias = { name: nameOf(name), columns: [] };
      columnDefs = aliasCtx.tableFuncElement().map(buildColumnDef);
    }
  }
  return {
    kind: 'functionRef',
    functions,
    rowsFrom: ctx.ROWS() !== null,
    lateral,
    withOrdinality: ctx.ORDINALITY() !== null,
    ...(alias ? { alias } : {}),
    columnDefs,
    location,
  };
}

/** A function call of a FROM item (a windowless function expression that is not a call: 0A000). */
function fromFunctionCall(ctx: FuncExprWindowlessContext): FuncCall {
  const expr = buildFuncExprWindowless(ctx);
  if (expr.kind !== 'funcCall') {
    throw new DbError('0A000', 'only function calls are supported as FROM items', {
      position: expr.location + 1,
    });
  }
  return expr;
}

function buildColumnDef(ctx: TableFuncElementContext): FunctionColumnDef {
  return { name: nameOf(ctx.colId()), type: buildTypeName(ctx.typename()), location: loc(ctx) };
}
