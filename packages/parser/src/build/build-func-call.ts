/**
 * Function calls from the parse tree: ordinary calls with their aggregate and window
 * decorations (DISTINCT, ORDER BY, WITHIN GROUP, FILTER, OVER), the SQL-syntax functions
 * (EXTRACT, POSITION, SUBSTRING, TRIM, OVERLAY → pg_catalog calls with `sqlSyntax`), the
 * special forms with their own node kinds (CAST, COALESCE, NULLIF, GREATEST/LEAST,
 * CURRENT_DATE & co.), and ORDER BY lists and window definitions.
 */
import { DbError, syntaxError } from '@rustydb/common';
import type { ParserRuleContext, TerminalNode } from 'antlr4ng';
import type { Expr, FrameBound, FuncCall, SortBy, WindowDef, WindowFrame } from '../ast/index.js';
import {
  FCastContext,
  FCoalesceContext,
  FExtractContext,
  FMinMaxContext,
  FNullIfContext,
  FOverlayContext,
  FPositionContext,
  type FrameBoundContext,
  type FrameClauseContext,
  FSubstringContext,
  FTrimContext,
  type FuncApplicationContext,
  type FuncExprCommonSubexprContext,
  type FuncExprContext,
  type FuncExprWindowlessContext,
  type FuncNameContext,
  type SortClauseContext,
  type WindowSpecificationContext,
} from '../generated/PostgreSqlParser.js';
import { buildBExpr, buildExpr, buildExprList, literal } from './build-expr.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

export function funcNameParts(ctx: FuncNameContext): { schema?: string; name: string } {
  const simple = ctx.typeFunctionName();
  if (simple) return { name: nameOf(simple) };
  const parts = [nameOf(ctx.colId()!), ...ctx.attrName().map(nameOf)];
  if (parts.length === 2) return { schema: parts[0], name: parts[1] };
  if (parts.length === 3) {
    throw new DbError('0A000', `cross-database references are not implemented: ${parts.join('.')}`, {
      position: loc(ctx) + 1,
    });
  }
  throw syntaxError(`improper qualified name (too many dotted names): ${parts.join('.')}`, loc(ctx) + 1);
}

function callNode(name: string, args: Expr[], location: number, schema?: string): FuncCall {
  return {
    kind: 'funcCall',
    ...(schema === undefined ? {} : { schema }),
    name,
    args,
    star: false,
    distinct: false,
    variadic: false,
    orderBy: [],
    withinGroup: false,
    sqlSyntax: false,
    location,
  };
}

/** A pg_catalog function written in SQL syntax (EXTRACT, POSITION, …). */
export function sqlCall(name: string, args: Expr[], location: number): FuncCall {
  return { ...callNode(name, args, location, 'pg_catalog'), sqlSyntax: true };
}

export function buildFuncExpr(ctx: FuncExprContext): Expr {
  const app = ctx.funcApplication();
  if (!app) return buildCommonSubexpr(ctx.funcExprCommonSubexpr()!);
  let call = buildFuncApplication(app);
  const within = ctx.withinGroupClause();
  if (within) {
    const fail = (what: string): never => {
      throw syntaxError(`cannot use ${what} with WITHIN GROUP`, loc(within) + 1);
    };
    if (call.orderBy.length > 0) fail('multiple ORDER BY clauses');
    if (call.distinct) fail('DISTINCT');
    if (call.variadic) fail('VARIADIC');
    call = { ...call, orderBy: buildSortClause(within.sortClause()), withinGroup: true };
  }
  const filter = ctx.filterClause();
  if (filter) call = { ...call, filter: buildExpr(filter.aExpr()) };
  const over = ctx.overClause();
  if (over) {
    const spec = over.windowSpecification();
    const colId = over.colId();
    const window: WindowDef = spec
      ? buildWindowSpecification(spec)
      : { refName: nameOf(colId!), partitionBy: [], orderBy: [], location: loc(colId!) };
    call = { ...call, over: window };
  }
  return call;
}

/** A function in FROM or an index key: no FILTER/OVER. */
export function buildFuncExprWindowless(ctx: FuncExprWindowlessContext): Expr {
  const app = ctx.funcApplication();
  return app ? buildFuncApplication(app) : buildCommonSubexpr(ctx.funcExprCommonSubexpr()!);
}

/** `name(args)`: a call with its arguments (CALL's too). */
export function buildFuncApplication(ctx: FuncApplicationContext): FuncCall {
  const { schema, name } = funcNameParts(ctx.funcName());
  const location = loc(ctx);
  const call = callNode(name, [], location, schema);
  if (ctx.STAR()) return { ...call, star: true };
  const argCtxs = ctx.funcArgExpr();
  const args: Expr[] = [];
  const argNames: (string | null)[] = [];
  let named = false;
  for (const arg of argCtxs) {
    args.push(buildExpr(arg.aExpr()));
    const argName = arg.typeFunctionName();
    argNames.push(argName ? nameOf(argName) : null);
    if (argName) named = true;
  }
  const sort = ctx.sortClause();
  return {
    ...call,
    args,
    ...(named ? { argNames } : {}),
    distinct: ctx.DISTINCT() !== null,
    variadic: ctx.VARIADIC() !== null,
    orderBy: sort ? buildSortClause(sort) : [],
  };
}

function buildCommonSubexpr(ctx: FuncExprCommonSubexprContext): Expr {
  const location = loc(ctx);
  if (ctx instanceof FCastContext) {
    return { kind: 'cast', arg: buildExpr(ctx.aExpr()), type: buildTypeName(ctx.typename()), location };
  }
  if (ctx instanceof FCoalesceContext)
    return { kind: 'coalesce', args: buildExprList(ctx.exprList()), location };
  if (ctx instanceof FNullIfContext) {
    return { kind: 'nullIf', left: buildExpr(ctx.aExpr(0)!), right: buildExpr(ctx.aExpr(1)!), location };
  }
  if (ctx instanceof FMinMaxContext) {
    return {
      kind: 'minMax',
      op: ctx.GREATEST() ? 'greatest' : 'least',
      args: buildExprList(ctx.exprList()),
      location,
    };
  }
  if (ctx instanceof FExtractContext) {
    const argCtx = ctx.extractArg();
    const sconst = argCtx.sconst();
    const field = sconst ? stringValue(sconst) : nameOf(argCtx);
    return sqlCall('extract', [literal('string', field, loc(argCtx)), buildExpr(ctx.aExpr())], location);
  }
  if (ctx instanceof FPositionContext) {
    const [needle, haystack] = ctx.bExpr().map(buildBExpr);
    return sqlCall('position', [haystack, needle], location);
  }
  if (ctx instanceof FSubstringContext) return substring(ctx, location);
  if (ctx instanceof FTrimContext) {
    const name = ctx.LEADING() ? 'ltrim' : ctx.TRAILING() ? 'rtrim' : 'btrim';
    const list = ctx.trimList();
    const args = buildExprList(list.exprList());
    const chars = list.aExpr();
    return sqlCall(name, chars ? [...args, buildExpr(chars)] : args, location);
  }
  if (ctx instanceof FOverlayContext) return sqlCall('overlay', ctx.aExpr().map(buildExpr), location);
  // fSqlValue
  const op = ctx.start!.text!.toLowerCase() as Extract<Expr, { kind: 'sqlValueFunction' }>['op'];
  const precision = (ctx as ParserRuleContext & { ICONST(): TerminalNode | null }).ICONST();
  return precision
    ? { kind: 'sqlValueFunction', op, precision: Number(precision.getText()), location }
    : { kind: 'sqlValueFunction', op, location };
}

function substring(ctx: FSubstringContext, location: number): Expr {
  const list = ctx.substrList();
  const plain = list.exprList();
  if (plain) return callNode('substring', buildExprList(plain), location);
  const exprs = list.aExpr();
  const [str, first, second] = exprs.map(buildExpr);
  if (list.SIMILAR()) return sqlCall('substring', [str, first, second], location);
  const from = list.FROM();
  const forToken = list.FOR();
  if (from && forToken) {
    // FROM a FOR b or FOR b FROM a: arguments are (string, start, count).
    const fromFirst = from.symbol.tokenIndex < forToken.symbol.tokenIndex;
    return sqlCall('substring', fromFirst ? [str, first, second] : [str, second, first], location);
  }
  if (from) return sqlCall('substring', [str, first], location);
  return sqlCall('substring', [str, literal('integer', '1', location), first], location);
}

/* ------------------------------------------------------------------------------ ORDER BY and windows */

export function buildSortClause(ctx: SortClauseContext): SortBy[] {
  return ctx.sortBy().map((s) => ({
    expr: buildExpr(s.aExpr()),
    direction: s.ASC() ? 'asc' : s.DESC() ? 'desc' : 'default',
    nulls: s.FIRST() ? 'first' : s.LAST() ? 'last' : 'default',
    location: loc(s),
  }));
}

export function buildWindowSpecification(ctx: WindowSpecificationContext, name?: string): WindowDef {
  const ref = ctx.colId();
  const partition = ctx.exprList();
  const sort = ctx.sortClause();
  const frame = ctx.frameClause();
  return {
    ...(name === undefined ? {} : { name }),
    ...(ref ? { refName: nameOf(ref) } : {}),
    partitionBy: partition ? buildExprList(partition) : [],
    orderBy: sort ? buildSortClause(sort) : [],
    ...(frame ? { frame: buildFrame(frame) } : {}),
    location: loc(ctx),
  };
}

function buildFrame(ctx: FrameClauseContext): WindowFrame {
  const mode = ctx.ROWS() ? 'rows' : ctx.RANGE() ? 'range' : 'groups';
  const bounds = ctx.frameBound();
  const start = buildFrameBound(bounds[0]);
  const end = bounds.length > 1 ? buildFrameBound(bounds[1]) : undefined;
  const fail = (message: string, at: FrameBoundContext): never => {
    throw new DbError('42P20', message, { position: loc(at) + 1 });
  };
  if (start.type === 'unboundedFollowing') fail('frame start cannot be UNBOUNDED FOLLOWING', bounds[0]);
  if (end) {
    if (end.type === 'unboundedPreceding') fail('frame end cannot be UNBOUNDED PRECEDING', bounds[1]);
    if (start.type === 'currentRow' && end.type === 'preceding') {
      fail('frame starting from current row cannot have preceding rows', bounds[1]);
    }
    if (start.type === 'following' && (end.type === 'preceding' || end.type === 'currentRow')) {
      fail('frame starting from following row cannot have preceding rows', bounds[1]);
    }
  } else if (start.type === 'following') {
    fail('frame starting from following row cannot end with current row', bounds[0]);
  }
  const exclusion = ctx.frameExclusion();
  return {
    mode,
    start,
    ...(end ? { end } : {}),
    exclusion: !exclusion
      ? 'noOthers'
      : exclusion.CURRENT()
        ? 'currentRow'
        : exclusion.GROUP()
          ? 'group'
          : exclusion.TIES()
            ? 'ties'
            : 'noOthers',
  };
}

function buildFrameBound(ctx: FrameBoundContext): FrameBound {
  if (ctx.UNBOUNDED()) return { type: ctx.PRECEDING() ? 'unboundedPreceding' : 'unboundedFollowing' };
  if (ctx.CURRENT()) return { type: 'currentRow' };
  return { type: ctx.PRECEDING() ? 'preceding' : 'following', offset: buildExpr(ctx.aExpr()!) };
}
