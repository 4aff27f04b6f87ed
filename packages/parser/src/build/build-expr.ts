/**
 * Expressions from the parse tree (aExpr, bExpr, cExpr and the function-call rules).
 *
 * Each labelled alternative of aExpr/bExpr has its own context class, so dispatch is a chain of
 * `instanceof` checks ordered by how common the alternative is. Locations follow PostgreSQL:
 * an operator node points at its operator token (for `a NOT LIKE b`, at NOT), a function call at
 * its name, a cast written `x::t` at the `::`.
 */
import { InternalError, syntaxError, syntaxErrorAt } from '@rustydb/common';
import { ParserRuleContext, type TerminalNode } from 'antlr4ng';
import type { Expr, Literal } from '../ast/index.js';
import { PostgreSqlLexer } from '../generated/PostgreSqlLexer.js';
import {
  AAndContext,
  AAtTimeZoneContext,
  ABetweenContext,
  ABinaryContext,
  ACollateContext,
  ACompareContext,
  ADefaultContext,
  ADistinctFromContext,
  type AExprContext,
  type AexprConstContext,
  AInContext,
  AIsNullContext,
  AIsTestContext,
  ALikeContext,
  ALikeEscapeContext,
  ANotContext,
  type AnyNameContext,
  AOrContext,
  APrefixOpContext,
  APrimaryContext,
  AQualOpContext,
  AQuantifiedContext,
  type ArrayExprContext,
  ASimilarContext,
  ASimilarEscapeContext,
  ATypecastContext,
  AUnaryContext,
  BBinaryContext,
  BCompareContext,
  BDistinctFromContext,
  type BExprContext,
  BPrefixOpContext,
  BPrimaryContext,
  BQualOpContext,
  BTypecastContext,
  BUnaryContext,
  CArrayContext,
  CArraySubqueryContext,
  CCaseContext,
  CColumnRefContext,
  CConstContext,
  CExistsContext,
  type CExprContext,
  CFuncContext,
  CGroupingContext,
  type CompOpContext,
  CParamContext,
  CParensContext,
  CRowContext,
  CSubqueryContext,
  type ExprListContext,
  type IndirectionContext,
  type QualOpContext,
  type SubqueryOpContext,
} from '../generated/PostgreSqlParser.js';
import { buildFuncExpr, funcNameParts, sqlCall } from './build-func-call.js';
import { buildSelectStmt, buildSelectWithParens } from './build-select.js';
import { buildConstTypeName, buildTypeName, intervalType, modifierList } from './build-type-name.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

// Operators PostgreSQL declares %nonassoc: `a = b = c` is a syntax error at the second operator,
// while ANTLR's left-recursion would read it as `(a = b) = c`.
const COMPARISON = [ACompareContext];
const PATTERN = [ALikeContext, ALikeEscapeContext, ASimilarContext, ASimilarEscapeContext, ABetweenContext];
const PATTERN_OR_IN = [...PATTERN, AInContext];
// Measured against PostgreSQL 15: `a IN (…) IN (…)` and `a IS NULL IS NULL` are accepted.
const DISTINCT_FROM = [ADistinctFromContext];

function rejectChained(
  left: AExprContext,
  level: readonly (new (...args: never[]) => AExprContext)[],
  op: ParserRuleContext | TerminalNode,
): void {
  if (level.some((k) => left instanceof k)) {
    const token = op instanceof ParserRuleContext ? op.start! : (op as TerminalNode).symbol;
    throw syntaxErrorAt(token.text!, token.start + 1);
  }
}

/** An aExpr as an AST expression. */
export function buildExpr(ctx: AExprContext): Expr {
  if (ctx instanceof APrimaryContext) return buildCExpr(ctx.cExpr());
  if (ctx instanceof ACompareContext) {
    rejectChained(ctx.aExpr(0)!, COMPARISON, ctx.compOp());
    return binary(compOpText(ctx.compOp()), ctx.aExpr(0)!, ctx.aExpr(1)!, loc(ctx.compOp()));
  }
  if (ctx instanceof AAndContext) return boolChain('and', ctx);
  if (ctx instanceof ABinaryContext)
    return binary(ctx._op!.text!, ctx.aExpr(0)!, ctx.aExpr(1)!, ctx._op!.start);
  if (ctx instanceof ATypecastContext) {
    return {
      kind: 'cast',
      arg: buildExpr(ctx.aExpr()),
      type: buildTypeName(ctx.typename()),
      location: loc(ctx.TYPECAST()),
    };
  }
  if (ctx instanceof AOrContext) return boolChain('or', ctx);
  if (ctx instanceof ANotContext) return { kind: 'not', arg: buildExpr(ctx.aExpr()), location: loc(ctx) };
  if (ctx instanceof AIsTestContext) return isTest(ctx);
  if (ctx instanceof AIsNullContext) {
    return {
      kind: 'nullTest',
      arg: buildExpr(ctx.aExpr()),
      negated: ctx.NOTNULL() !== null,
      location: loc(ctx.getChild(1) as TerminalNode),
    };
  }
  if (ctx instanceof AUnaryContext) return unary(ctx._op!.text!, buildExpr(ctx.aExpr()), loc(ctx));
  if (PATTERN_OR_IN.some((k) => ctx instanceof k))
    rejectChained(ctx.getChild(0) as AExprContext, PATTERN, ctx.getChild(1) as TerminalNode);
  if (ctx instanceof AInContext) return inExpr(ctx);
  if (ctx instanceof ALikeContext || ctx instanceof ALikeEscapeContext) {
    return like(ctx, ctx.ILIKE() ? 'ilike' : 'like', ctx.aExpr(), ctx.NOT());
  }
  if (ctx instanceof ASimilarContext || ctx instanceof ASimilarEscapeContext) {
    return like(ctx, 'similar', ctx.aExpr(), ctx.NOT());
  }
  if (ctx instanceof ABetweenContext) {
    return {
      kind: 'between',
      arg: buildExpr(ctx.aExpr(0)!),
      low: buildBExpr(ctx.bExpr()),
      high: buildExpr(ctx.aExpr(1)!),
      negated: ctx.NOT() !== null,
      symmetric: ctx.SYMMETRIC() !== null,
      location: loc(ctx.getChild(1) as TerminalNode),
    };
  }
  if (ctx instanceof AQualOpContext)
    return binary(qualOpText(ctx.qualOp()), ctx.aExpr(0)!, ctx.aExpr(1)!, loc(ctx.qualOp()));
  if (ctx instanceof APrefixOpContext)
    return unary(qualOpText(ctx.qualOp()), buildExpr(ctx.aExpr()), loc(ctx));
  if (ctx instanceof AQuantifiedContext) return quantified(ctx);
  if (ctx instanceof ADistinctFromContext) {
    rejectChained(ctx.aExpr(0)!, DISTINCT_FROM, ctx.IS());
    return {
      kind: 'distinctFrom',
      left: buildExpr(ctx.aExpr(0)!),
      right: buildExpr(ctx.aExpr(1)!),
      negated: ctx.NOT() !== null,
      location: loc(ctx.IS()),
    };
  }
  if (ctx instanceof ACollateContext) {
    return {
      kind: 'collate',
      arg: buildExpr(ctx.aExpr()),
      collation: lastName(ctx.anyName()),
      location: loc(ctx.COLLATE()),
    };
  }
  if (ctx instanceof AAtTimeZoneContext) {
    return sqlCall('timezone', [buildExpr(ctx.aExpr(1)!), buildExpr(ctx.aExpr(0)!)], loc(ctx.AT()));
  }
  if (ctx instanceof ADefaultContext) return { kind: 'default', location: loc(ctx) };
  return unreachable(ctx);
}

/** A bExpr (the restricted expression of BETWEEN bounds and column defaults). */
export function buildBExpr(ctx: BExprContext): Expr {
  if (ctx instanceof BPrimaryContext) return buildCExpr(ctx.cExpr());
  if (ctx instanceof BBinaryContext)
    return binaryB(ctx._op!.text!, ctx.bExpr(0)!, ctx.bExpr(1)!, loc(ctx._op!));
  if (ctx instanceof BCompareContext)
    return binaryB(compOpText(ctx.compOp()), ctx.bExpr(0)!, ctx.bExpr(1)!, loc(ctx.compOp()));
  if (ctx instanceof BTypecastContext) {
    return {
      kind: 'cast',
      arg: buildBExpr(ctx.bExpr()),
      type: buildTypeName(ctx.typename()),
      location: loc(ctx.TYPECAST()),
    };
  }
  if (ctx instanceof BUnaryContext) return unary(ctx._op!.text!, buildBExpr(ctx.bExpr()), loc(ctx));
  if (ctx instanceof BQualOpContext)
    return binaryB(qualOpText(ctx.qualOp()), ctx.bExpr(0)!, ctx.bExpr(1)!, loc(ctx.qualOp()));
  if (ctx instanceof BPrefixOpContext)
    return unary(qualOpText(ctx.qualOp()), buildBExpr(ctx.bExpr()), loc(ctx));
  if (ctx instanceof BDistinctFromContext) {
    return {
      kind: 'distinctFrom',
      left: buildBExpr(ctx.bExpr(0)!),
      right: buildBExpr(ctx.bExpr(1)!),
      negated: ctx.NOT() !== null,
      location: loc(ctx.IS()),
    };
  }
  return unreachable(ctx);
}

export function buildExprList(ctx: ExprListContext): Expr[] {
  return ctx.aExpr().map(buildExpr);
}

function binary(op: string, left: AExprContext, right: AExprContext, location: number): Expr {
  return { kind: 'binaryOp', op, left: buildExpr(left), right: buildExpr(right), location };
}

function binaryB(op: string, left: BExprContext, right: BExprContext, location: number): Expr {
  return { kind: 'binaryOp', op, left: buildBExpr(left), right: buildBExpr(right), location };
}

/** `-` applied to a numeric literal folds into it (PostgreSQL's doNegate). */
function unary(op: string, operand: Expr, location: number): Expr {
  if (
    op === '-' &&
    operand.kind === 'literal' &&
    (operand.type === 'integer' || operand.type === 'numeric')
  ) {
    const value = operand.value.startsWith('-') ? operand.value.slice(1) : `-${operand.value}`;
    return { kind: 'literal', type: operand.type, value, location };
  }
  return { kind: 'unaryOp', op, operand, location };
}

/**
 * `a OR b OR c …` (or AND): one node with every operand, flattening the left operand as
 * PostgreSQL's makeOrExpr/makeAndExpr do (a parenthesized `(a OR b) OR c` too). The parse tree
 * of a chain is left-deep, one level per operator, so it is walked down its left spine in a loop:
 * an ORM's WHERE of thousands of ORs must not recurse once per term.
 */
function boolChain(kind: 'and' | 'or', ctx: AAndContext | AOrContext): Expr {
  const rights: AExprContext[] = [];
  let operator = 0;
  let left: AExprContext = ctx;
  for (;;) {
    if (kind === 'and' && left instanceof AAndContext) operator = loc(left.AND());
    else if (kind === 'or' && left instanceof AOrContext) operator = loc(left.OR());
    else break;
    rights.push(left.aExpr(1)!);
    left = left.aExpr(0)!;
  }
  const first = buildExpr(left);
  const args: Expr[] = first.kind === kind ? [...first.args] : [first];
  for (let i = rights.length - 1; i >= 0; i--) args.push(buildExpr(rights[i]!));
  return { kind, args, location: first.kind === kind ? first.location : operator };
}

function compOpText(ctx: CompOpContext): string {
  const text = ctx.start!.text!;
  return text === '!=' ? '<>' : text;
}

/** The operator of `op` or `OPERATOR(schema.op)` (the schema is dropped: operators resolve by name). */
function qualOpText(ctx: QualOpContext): string {
  const op = ctx.OP();
  if (op) return op.getText();
  return operatorName(ctx.anyOperator()!.allOp().start!.text!);
}

function operatorName(text: string): string {
  return text === '!=' ? '<>' : text;
}

function subqueryOpText(ctx: SubqueryOpContext): string {
  const any = ctx.anyOperator();
  if (any) return operatorName(any.allOp().start!.text!);
  const all = ctx.allOp();
  if (all) return operatorName(all.start!.text!);
  const not = ctx.NOT() !== null;
  return ctx.ILIKE() ? (not ? '!~~*' : '~~*') : not ? '!~~' : '~~';
}

function isTest(ctx: AIsTestContext): Expr {
  const arg = buildExpr(ctx.aExpr());
  const negated = ctx.NOT() !== null;
  const location = loc(ctx.IS());
  if (ctx.NULL_P()) return { kind: 'nullTest', arg, negated, location };
  const test = ctx.TRUE_P() ? 'true' : ctx.FALSE_P() ? 'false' : 'unknown';
  return { kind: 'booleanTest', arg, test, negated, location };
}

function inExpr(ctx: AInContext): Expr {
  const arg = buildExpr(ctx.aExpr());
  const negated = ctx.NOT() !== null;
  const location = loc(ctx.getChild(1) as TerminalNode);
  const query = ctx.selectWithParens();
  if (query) return { kind: 'inSubquery', arg, query: buildSelectWithParens(query), negated, location };
  return { kind: 'inList', arg, list: buildExprList(ctx.exprList()!), negated, location };
}

function like(
  ctx: ALikeContext | ALikeEscapeContext | ASimilarContext | ASimilarEscapeContext,
  op: 'like' | 'ilike' | 'similar',
  operands: AExprContext[],
  not: TerminalNode | null,
): Expr {
  const location = loc(ctx.getChild(1) as TerminalNode);
  const base = {
    kind: 'like',
    op,
    arg: buildExpr(operands[0]),
    pattern: buildExpr(operands[1]),
    negated: not !== null,
  } as const;
  return operands.length === 3
    ? { ...base, escape: buildExpr(operands[2]), location }
    : { ...base, location };
}

function quantified(ctx: AQuantifiedContext): Expr {
  const op = subqueryOpText(ctx.subqueryOp());
  const quantifier = ctx.ALL() ? 'all' : 'any';
  const left = buildExpr(ctx.aExpr(0)!);
  const location = loc(ctx.subqueryOp());
  const query = ctx.selectStmt();
  if (query)
    return { kind: 'quantifiedSubquery', op, quantifier, left, query: buildSelectStmt(query), location };
  return { kind: 'quantifiedArray', op, quantifier, left, array: buildExpr(ctx.aExpr(1)!), location };
}

/* ------------------------------------------------------------------------------ cExpr */

export function buildCExpr(ctx: CExprContext): Expr {
  if (ctx instanceof CColumnRefContext) return columnRef(ctx);
  if (ctx instanceof CConstContext) return buildConst(ctx.aexprConst());
  if (ctx instanceof CFuncContext) return buildFuncExpr(ctx.funcExpr());
  if (ctx instanceof CParensContext) {
    const items = buildExprList(ctx.exprList());
    const indirection = ctx.indirection();
    if (items.length === 1) return indirection ? applyIndirection(items[0], indirection) : items[0];
    if (indirection) throw syntaxErrorAt(indirection.start!.text!, loc(indirection) + 1);
    return { kind: 'row', args: items, explicit: false, location: loc(ctx) };
  }
  if (ctx instanceof CParamContext) {
    const token = ctx.PARAM();
    const param: Expr = { kind: 'param', number: Number(token.getText().slice(1)), location: loc(token) };
    const indirection = ctx.indirection();
    return indirection ? applyIndirection(param, indirection) : param;
  }
  if (ctx instanceof CSubqueryContext) {
    const sub: Expr = {
      kind: 'subquery',
      query: buildSelectWithParens(ctx.selectWithParens()),
      location: loc(ctx),
    };
    const indirection = ctx.indirection();
    return indirection ? applyIndirection(sub, indirection) : sub;
  }
  if (ctx instanceof CCaseContext) return buildCase(ctx);
  if (ctx instanceof CExistsContext) {
    return { kind: 'exists', query: buildSelectWithParens(ctx.selectWithParens()), location: loc(ctx) };
  }
  if (ctx instanceof CArrayContext) return arrayExpr(ctx.arrayExpr(), true, loc(ctx));
  if (ctx instanceof CArraySubqueryContext) {
    return {
      kind: 'arraySubquery',
      query: buildSelectWithParens(ctx.selectWithParens()),
      location: loc(ctx),
    };
  }
  if (ctx instanceof CRowContext) {
    const list = ctx.exprList();
    return { kind: 'row', args: list ? buildExprList(list) : [], explicit: true, location: loc(ctx) };
  }
  if (ctx instanceof CGroupingContext) {
    return { kind: 'grouping', args: buildExprList(ctx.exprList()), location: loc(ctx) };
  }
  return unreachable(ctx);
}

/** `a`, `t.a`, `t.*`, `a[1]`, `a[1].f`: dotted names up to the first subscript form the column reference. */
function columnRef(ctx: CColumnRefContext): Expr {
  const ref = ctx.columnRef();
  const location = loc(ref);
  const names = [nameOf(ref.colId())];
  const indirection = ref.indirection();
  if (!indirection) return { kind: 'columnRef', names, location };
  const elements = indirection.indirectionEl();
  let i = 0;
  for (; i < elements.length; i++) {
    const el = elements[i];
    if (!el.DOT()) break;
    if (el.STAR()) {
      if (i !== elements.length - 1) throw syntaxError('improper use of "*"', location + 1);
      return { kind: 'star', qualifier: names, location };
    }
    names.push(nameOf(el.attrName()!));
  }
  if (names.length > 4) {
    throw syntaxError(`improper qualified name (too many dotted names): ${names.join('.')}`, location + 1);
  }
  const base: Expr = { kind: 'columnRef', names, location };
  return i === elements.length ? base : applyIndirection(base, indirection, i);
}

function applyIndirection(base: Expr, ctx: IndirectionContext, from = 0): Expr {
  let expr = base;
  const elements = ctx.indirectionEl();
  for (let i = from; i < elements.length; i++) {
    const el = elements[i];
    const location = loc(el);
    if (el.DOT()) {
      if (el.STAR()) {
        if (i !== elements.length - 1) throw syntaxError('improper use of "*"', location + 1);
        expr = { kind: 'fieldStar', arg: expr, location };
      } else {
        expr = { kind: 'fieldSelect', arg: expr, field: nameOf(el.attrName()!), location };
      }
      continue;
    }
    const bounds = el.aExpr();
    if (!el.COLON()) {
      expr = { kind: 'subscript', arg: expr, lower: buildExpr(bounds[0]), slice: false, location };
      continue;
    }
    // [lower:upper] with either bound optional: tell them apart by their side of the colon.
    const colon = el.COLON()!.symbol.tokenIndex;
    let lower: Expr | undefined;
    let upper: Expr | undefined;
    for (const b of bounds) {
      if (b.start!.tokenIndex < colon) lower = buildExpr(b);
      else upper = buildExpr(b);
    }
    expr = {
      kind: 'subscript',
      arg: expr,
      ...(lower ? { lower } : {}),
      ...(upper ? { upper } : {}),
      slice: true,
      location,
    };
  }
  return expr;
}

function arrayExpr(ctx: ArrayExprContext, explicit: boolean, location: number): Expr {
  const list = ctx.exprList();
  const elements = list ? buildExprList(list) : ctx.arrayExpr().map((sub) => arrayExpr(sub, false, loc(sub)));
  return { kind: 'array', elements, explicit, location };
}

function buildCase(ctx: CCaseContext): Expr {
  const c = ctx.caseExpr();
  const exprs = c.aExpr();
  const whens = c.WHEN();
  // aExpr children in order: [arg] (when then)* [else].
  const hasArg = exprs.length > 0 && exprs[0].start!.tokenIndex < whens[0].symbol.tokenIndex;
  let i = hasArg ? 1 : 0;
  const list = whens.map((w) => {
    const when = buildExpr(exprs[i++]);
    const then = buildExpr(exprs[i++]);
    return { when, then, location: loc(w) };
  });
  const elseExpr = c.ELSE() ? buildExpr(exprs[i]) : undefined;
  return {
    kind: 'case',
    ...(hasArg ? { arg: buildExpr(exprs[0]) } : {}),
    whens: list,
    ...(elseExpr ? { else: elseExpr } : {}),
    location: loc(ctx),
  };
}

/* ------------------------------------------------------------------------------ constants */

export function literal(type: Literal['type'], value: string, location: number): Literal {
  return { kind: 'literal', type, value, location };
}

function buildConst(ctx: AexprConstContext): Expr {
  const token = ctx.start!;
  const location = token.start;
  switch (token.type) {
    case PostgreSqlLexer.ICONST:
      return literal('integer', token.text!, location);
    case PostgreSqlLexer.FCONST:
      return literal('numeric', token.text!, location);
    case PostgreSqlLexer.TRUE_P:
      return literal('boolean', 'true', location);
    case PostgreSqlLexer.FALSE_P:
      return literal('boolean', 'false', location);
    case PostgreSqlLexer.NULL_P:
      return literal('null', 'null', location);
    case PostgreSqlLexer.BCONST:
      return literal('bitstring', `b${token.text!.slice(2, -1)}`, location);
    case PostgreSqlLexer.XCONST:
      return literal('bitstring', `x${token.text!.slice(2, -1)}`, location);
  }
  const sconst = ctx.sconst()!;
  const value = literal('string', stringValue(sconst), loc(sconst));
  if (ctx.getChildCount() === 1) return value;
  const constType = ctx.constTypename();
  if (constType) return { kind: 'cast', arg: value, type: buildConstTypeName(constType, true), location };
  if (ctx.INTERVAL()) {
    const precision = ctx.ICONST();
    const type = intervalType(
      location,
      ctx.intervalQualifier(),
      precision ? Number(precision.getText()) : undefined,
    );
    return { kind: 'cast', arg: value, type, location };
  }
  // Generic `typename 'literal'` or `typename(mods) 'literal'`.
  const fn = funcNameParts(ctx.funcName()!);
  const list = ctx.exprList();
  const type = {
    kind: 'typeName',
    ...(fn.schema === undefined ? {} : { schema: fn.schema }),
    name: fn.name,
    modifiers: list ? modifierList(list) : [],
    arrayBounds: [],
    location,
  } as const;
  return { kind: 'cast', arg: value, type, location };
}

/** The last part of a dotted name (collations, operator classes: resolved in pg_catalog). */
export function lastName(ctx: AnyNameContext): string {
  const attrs = ctx.attrName();
  return attrs.length > 0 ? nameOf(attrs[attrs.length - 1]) : nameOf(ctx.colId());
}

/** A grammar alternative this builder does not know: the grammar and the builder disagree. */
function unreachable(ctx: ParserRuleContext): never {
  throw new InternalError(`parser: unhandled alternative ${ctx.constructor.name}`);
}
